"""The HTML renderer: page and fragment, stable classes and ids, merges, numbers, escaping.

Outputs are read back with lxml and compared with the layouts in :mod:`gov_disclosure.spec`.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from lxml import html as lxml_html

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.model import Report, value_at
from gov_disclosure.render import UnknownFormatError, format_number, html
from tests.strategies import reports

SECTION_XPATH = "//section[@class='gd-section']"


def page(report: Report, **options: Any) -> Any:
    return lxml_html.document_fromstring(html.render(report, **options))


def tables_of(report: Report) -> list[spec.Table]:
    return [
        spec.active_disclosure_table(with_regulations=report.active_disclosure.regulations is not None),
        spec.applications_table(),
        spec.review_litigation_table(),
    ]


def expected_cells(report: Report, table: spec.Table) -> list[list[tuple[Any, ...]]]:
    """Per row, each cell as (tag, scope, rowspan, colspan, data-path, text)."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            if cell.path is not None:
                tag, scope, text = "td", None, format_number(value_at(report, cell.path))
            else:
                tag, scope, text = "th", "col" if cell.header else "row", cell.text
            cells.append((tag, scope, cell.rowspan, cell.colspan, cell.path, text))
        rows.append(cells)
    return rows


def actual_cells(table: Any) -> list[list[tuple[Any, ...]]]:
    return [
        [
            (
                cell.tag,
                cell.get("scope"),
                int(cell.get("rowspan", "1")),
                int(cell.get("colspan", "1")),
                cell.get("data-path"),
                cell.text_content(),
            )
            for cell in tr
        ]
        for tr in table.iter("tr")
    ]


def expected_text(report: Report) -> list[tuple[str, str]]:
    """(section id, text) of every heading and paragraph, in document order."""
    out = [("", report.title), *(("preamble", p) for p in report.preamble)]
    for section_spec, section in zip(spec.SECTIONS, report.sections(), strict=True):
        out.append((section_spec.key, section_spec.heading))
        out += [(section_spec.key, p) for p in section.paragraphs]
        for i, sub in enumerate(getattr(section, "subsections", ()), start=1):
            out.append((f"{section_spec.key}-{i}", spec.subsection_heading(i, sub.title)))
            out += [(f"{section_spec.key}-{i}", p) for p in sub.paragraphs]
    return out


def actual_text(doc: Any) -> list[tuple[str, str]]:
    out = []
    for element in doc.iter("h1", "h2", "h3", "p"):
        if element.tag == "h1":
            where = ""
        elif element.getparent().get("class") == "gd-preamble":
            where = "preamble"
        else:
            where = element.getparent().get("id")
        out.append((where, element.text_content()))
    return out


def test_page_head(example: gd.Report) -> None:
    """A complete page: doctype, lang, charset, title, and the A4 print rule."""
    out = html.render(example)
    doc = lxml_html.document_fromstring(out)
    expected = ("<!doctype html>", "zh-CN", ["utf-8"], example.title, True)
    actual = (
        out.split("\n", 1)[0],
        doc.get("lang"),
        doc.xpath("//meta/@charset"),
        doc.findtext(".//title"),
        "size: A4; margin: 37mm 26mm 35mm 28mm;" in doc.findtext(".//style"),
    )
    assert expected == actual


def test_fragment_is_the_article_only(example: gd.Report) -> None:
    """``fragment=True`` gives the ``<article>`` alone: no html, head or stylesheet."""
    out = html.render(example, fragment=True)
    fragment = lxml_html.fragment_fromstring(out.strip())
    expected = ("article", False, False)
    assert expected == (fragment.tag, "<style" in out, "<html" in out)


def test_fragment_is_the_body_of_the_page(example: gd.Report) -> None:
    """The page's body is exactly the fragment."""
    out = html.render(example)
    body = out[out.index("<body>\n") + len("<body>\n") : out.index("</body>")]
    assert html.render(example, fragment=True) == body


def test_sections_have_stable_ids(example: gd.Report) -> None:
    """Six ``<section class="gd-section">`` with the section keys as ids, in order."""
    ids = page(example).xpath(f"{SECTION_XPATH}/@id")
    assert [s.key for s in spec.SECTIONS] == ids


def test_example_contains_every_label(example: gd.Report) -> None:
    """Every heading and table label of the format is on the page (规章 left out as
    published)."""
    content = page(example).text_content()
    labels = {s.heading for s in spec.SECTIONS}
    for table in tables_of(example):
        labels |= {cell.text for row in table.rows for cell in row if cell.path is None}
    missing = sorted(label for label in labels if label not in content)
    assert not missing


def test_applications_official_merges(example: gd.Report) -> None:
    """表三's spans: 三、本年度办理结果 22 rows, （三）不予公开 8, the note 3 × 3."""
    table = page(example).xpath("//table[@data-table='applications']")[0]
    spans = {th.text_content(): (th.get("rowspan"), th.get("colspan")) for th in table.iter("th")}
    expected = [("22", None), ("8", None), ("3", "3")]
    actual = [spans[spec.RESULTS_LABEL], spans[spec.GROUP_BY_KEY["withheld"].label], spans[spec.TABLE3_NOTE]]
    assert expected == actual


def test_heading_rows_in_thead(example: gd.Report) -> None:
    """表三 and 表四 put their three heading rows in ``<thead>`` (repeated on each printed page)."""
    doc = page(example)
    counts = [
        len(doc.xpath(f"//table[@data-table='{key}']/thead/tr"))
        for key in ("applications", "review_litigation")
    ]
    expected = [3, 3]
    assert expected == counts


def test_numbers_right_aligned_class(example: gd.Report) -> None:
    """Every number cell has class ``gd-num``; the stylesheet right-aligns that class."""
    doc = page(example)
    classes = {td.get("class") for td in doc.iter("td")}
    expected = ({"gd-num"}, True)
    assert expected == (classes, "td.gd-num { text-align: right;" in doc.findtext(".//style"))


def test_script_in_paragraph_is_text(example: gd.Report) -> None:
    """Text is escaped: a ``<script>`` paragraph is a paragraph with that text, no element."""
    evil = "<script>alert('x')</script> & <b>"
    report = attrs.evolve(example, preamble=(evil,), title=evil)
    doc = page(report)
    expected = ([], [], evil, evil)
    actual = (
        doc.xpath("//script"),
        doc.xpath("//article//b"),
        doc.xpath("//div[@class='gd-preamble']/p")[0].text_content(),
        doc.find(".//h1").text_content(),
    )
    assert expected == actual


def test_unknown_option_is_refused(example: gd.Report) -> None:
    """An option the HTML renderer does not know is named in the error."""
    with pytest.raises(UnknownFormatError, match="tables"):
        html.render(example, tables="gfm")


def test_dispatcher_passes_options(example: gd.Report) -> None:
    """``gov_disclosure.render(report, "html", fragment=True)`` reaches this renderer."""
    assert html.render(example, fragment=True) == gd.render(example, "html", fragment=True)


@given(reports())
def test_tables_merges_and_numbers(report: Report) -> None:
    """Random reports: each table has exactly the layout's cells, spans, scopes, paths and
    numbers, row by row."""
    doc = page(report)
    for table in tables_of(report):
        (element,) = doc.xpath(f"//table[@data-table='{table.key}']")
        assert expected_cells(report, table) == actual_cells(element)


@given(reports())
def test_no_text_lost(report: Report) -> None:
    """Random reports: title, headings and every paragraph, in order, in the right section."""
    assert expected_text(report) == actual_text(page(report))


@given(reports())
def test_deterministic(report: Report) -> None:
    """The same report renders to the same page."""
    assert html.render(report) == html.render(attrs.evolve(report))


# --- the printed page ------------------------------------------------------------------------


def title_spans(report: Report) -> list[str]:
    """The lines of the page's title (its ``<span class="gd-title-line">``), or its one line."""
    h1 = page(report).find(".//h1")
    spans = h1.findall("span")
    assert all(span.get("class") == "gd-title-line" for span in spans)
    return [span.text_content() for span in spans] or [h1.text_content()]


def test_title_breaks_between_words(example: gd.Report) -> None:
    """The default title is printed on two lines, 上杭县工信科技局2024年度 / 政府信息公开工作年度报告
    (each line a block), never …公开工 / 作年度报告; the lines joined are the title."""
    report = attrs.evolve(example, title=None)
    expected = ["上杭县工信科技局2024年度", "政府信息公开工作年度报告"]
    assert expected == title_spans(report)
    assert ".gd-title-line { display: block; }" in html.render(report)


def test_title_lines_are_the_docx_lines(example: gd.Report) -> None:
    """The page breaks the title where the DOCX does (same type area, same size)."""
    from gov_disclosure.render import docx
    from gov_disclosure.render._docx_xml import title_lines

    for agency in (
        "某局",
        "福建省龙岩市上杭县工业信息化和科学技术局",
        "福建省龙岩市上杭县临城镇人民政府办公室综合治理中心",
    ):
        report = attrs.evolve(example, agency=agency, title=None)
        assert list(title_lines(report, docx.Layout())) == title_spans(report)


def test_numbers_never_wrap_and_rows_never_split(example: gd.Report) -> None:
    """Numbers are ``white-space: nowrap``; no table row breaks across printed pages."""
    style = page(example).findtext(".//style")
    assert re.search(r"td\.gd-num \{[^}]*white-space: nowrap", style)
    assert ".gd-table tr { break-inside: avoid; }" in style


def test_page_numbers_in_the_page_margin(example: gd.Report) -> None:
    """``— 1 —`` in the bottom margin boxes, odd pages right and even pages left (GB/T 9704
    7.5), and a top box so that the browser leaves out its own header."""
    style = page(example).findtext(".//style")
    number = r'content: "\\2014\\00a0" counter\(page\) "\\00a0\\2014"'
    assert re.search(r"@page :right \{[^\n]*@bottom-right \{ " + number, style)
    assert re.search(r"@page :left \{[^\n]*@bottom-left \{ " + number, style)
    assert "@top-center {" in style


def col_widths(table: Any) -> list[float]:
    return [float(col.get("style").removeprefix("width: ").removesuffix("%")) for col in table.iter("col")]


def test_columns_are_sized_from_their_content(example: gd.Report) -> None:
    """Each table's columns add up to the width; 表三's label columns get over half of it (they
    had 51 % with the numbers at 8 pt) and its text is 五号 (10.5 pt), not 8 pt."""
    doc = page(example)
    for table in doc.xpath("//table[@class='gd-table']"):
        assert abs(sum(col_widths(table)) - 100) < 0.1
    (applications,) = doc.xpath("//table[@data-table='applications']")
    assert sum(col_widths(applications)[:3]) > 50
    assert applications.get("style") == "font-size: 10.5pt"


@given(reports())
def test_no_table_text_below_9pt(report: Report) -> None:
    """Whatever the numbers, every table is set at 9 pt or more, its numbers condensed
    (``gd-condensed``) only when even 9 pt does not fit them."""
    for table in page(report).xpath("//table[@class='gd-table']"):
        size = float(re.search(r"font-size: ([\d.]+)pt", table.get("style")).group(1))
        assert size >= 9
        condensed = table.xpath(".//span[@class='gd-condensed']")
        assert not condensed or (size == 9 and "--gd-scale" in table.get("style"))
