"""The DOCX renderer: GB/T 9704 page and type, fonts that apply to Chinese text, the official
table grids with their merges and numbers, no lost text, determinism.

The document is read back with python-docx and lxml, never compared as zip bytes.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.render import _fit, cell_text
from gov_disclosure.render import docx as render_docx
from gov_disclosure.render.docx import Layout, cm, mm, pt, twips
from tests import strategies
from tests.test_model import minimal_dict

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
W = f"{{{W_NS}}}"
THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def part(data: bytes, name: str) -> etree._Element:
    """One XML part of the package, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def attr(element: etree._Element | None, path: str, name: str) -> str | None:
    """Attribute ``w:name`` of the first element at ``path`` under ``element``."""
    assert element is not None
    found = element.find(path, NS)
    return None if found is None else found.get(f"{W}{name}")


def open_docx(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def tables_of(report: gd.Report) -> list[spec.Table]:
    """The three printed tables, in document order."""
    return [
        spec.active_disclosure_table(with_regulations=report.active_disclosure.regulations is not None),
        spec.applications_table(),
        spec.review_litigation_table(),
    ]


@pytest.fixture(scope="module")
def example_docx(example: gd.Report) -> bytes:
    """The bundled example rendered with the default profile."""
    return render_docx.render(example)


# --- page -------------------------------------------------------------------------------


def test_page_is_a4_with_gbt9704_margins(example_docx: bytes) -> None:
    """A4 and the margins of GB/T 9704-2012: top 37 mm, bottom 35, left 28, right 26."""
    sect = part(example_docx, "word/document.xml").find("w:body/w:sectPr", NS)
    actual = {
        "w": attr(sect, "w:pgSz", "w"),
        "h": attr(sect, "w:pgSz", "h"),
        "top": attr(sect, "w:pgMar", "top"),
        "bottom": attr(sect, "w:pgMar", "bottom"),
        "left": attr(sect, "w:pgMar", "left"),
        "right": attr(sect, "w:pgMar", "right"),
    }
    expected = {"w": "11906", "h": "16838", "top": "2098", "bottom": "1984", "left": "1588", "right": "1474"}
    assert expected == actual


def test_python_docx_reads_the_page_geometry(example_docx: bytes) -> None:
    """python-docx sees the same A4 page and margins (in EMU)."""
    section = open_docx(example_docx).sections[0]
    actual = (
        section.page_width.twips,
        section.page_height.twips,
        section.top_margin.twips,
        section.bottom_margin.twips,
        section.left_margin.twips,
        section.right_margin.twips,
    )
    expected = (11906, 16838, 2098, 1984, 1588, 1474)
    assert expected == actual


def test_custom_profile_changes_the_margins(example: gd.Report) -> None:
    """A province's own margins, passed as a Layout, are the ones written."""
    profile = Layout(margin_top=mm(30), margin_bottom=mm(30), margin_left=mm(25), margin_right=mm(25))
    sect = part(render_docx.render(example, profile=profile), "word/document.xml").find("w:body/w:sectPr", NS)
    actual = tuple(attr(sect, "w:pgMar", side) for side in ("top", "bottom", "left", "right"))
    assert (str(mm(30).twips), str(mm(30).twips), str(mm(25).twips), str(mm(25).twips)) == actual


def test_dispatcher_passes_the_profile(example: gd.Report) -> None:
    """``render(report, "docx", profile=...)`` reaches the DOCX renderer."""
    profile = Layout(margin_top=mm(20))
    data = gd.render(example, "docx", profile=profile)
    assert isinstance(data, bytes)
    sect = part(data, "word/document.xml").find("w:body/w:sectPr", NS)
    assert str(mm(20).twips) == attr(sect, "w:pgMar", "top")


def test_mm_converts_to_twips() -> None:
    """``mm`` rounds millimetres to twips: 37 → 2098, 35 → 1984, 28 → 1587, 26 → 1474."""
    expected = (2098, 1984, 1587, 1474)
    assert expected == (mm(37).twips, mm(35).twips, mm(28).twips, mm(26).twips)


# --- styles and fonts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style_id", "face", "size"),
    [
        ("Title", "方正小标宋简体", "44"),
        ("Normal", "仿宋_GB2312", "32"),
        ("Heading1", "黑体", "32"),
        ("Heading2", "楷体_GB2312", "32"),
        ("TableText", "仿宋_GB2312", "21"),
        ("Footer", "宋体", "28"),
    ],
)
def test_style_names_its_chinese_face_and_size(
    example_docx: bytes, style_id: str, face: str, size: str
) -> None:
    """Each style sets ``w:eastAsia`` (not only ``w:ascii``) and the GB/T 9704 size."""
    element = style(part(example_docx, "word/styles.xml"), style_id)
    actual = (
        attr(element, "w:rPr/w:rFonts", "eastAsia"),
        attr(element, "w:rPr/w:rFonts", "hint"),
        attr(element, "w:rPr/w:sz", "val"),
    )
    assert (face, "eastAsia", size) == actual


def test_doc_defaults_name_the_body_face_in_chinese(example_docx: bytes) -> None:
    """docDefaults: 仿宋_GB2312 for Chinese text, 三号, Chinese language."""
    defaults = part(example_docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    actual = (
        attr(defaults, "w:rFonts", "eastAsia"),
        attr(defaults, "w:rFonts", "ascii"),
        attr(defaults, "w:sz", "val"),
        attr(defaults, "w:lang", "eastAsia"),
    )
    expected = ("仿宋_GB2312", "仿宋_GB2312", "32", "zh-CN")
    assert expected == actual


def test_no_theme_font_attribute_remains(example_docx: bytes) -> None:
    """No ``w:*Theme`` font attribute anywhere (it would override the named faces), no theme part."""
    found: list[tuple[str, str]] = []
    for name in part_names(example_docx):
        if not name.endswith(".xml"):
            continue
        for element in part(example_docx, name).iter(f"{W}rFonts"):
            found.extend((name, a) for a in THEME_ATTRIBUTES if element.get(f"{W}{a}") is not None)
    extra_parts = [n for n in part_names(example_docx) if "theme" in n or "thumbnail" in n]
    expected: tuple[list[tuple[str, str]], list[str]] = ([], [])
    assert expected == (found, extra_parts)


def test_body_text_is_indented_two_characters_with_exact_28pt_lines(example_docx: bytes) -> None:
    """Normal: first-line indent 640 twips, exact 28 pt line spacing, justified."""
    normal = style(part(example_docx, "word/styles.xml"), "Normal")
    actual = (
        attr(normal, "w:pPr/w:ind", "firstLine"),
        attr(normal, "w:pPr/w:spacing", "line"),
        attr(normal, "w:pPr/w:spacing", "lineRule"),
        attr(normal, "w:pPr/w:jc", "val"),
    )
    expected = ("640", "560", "exact", "both")
    assert expected == actual


def test_title_is_centred(example_docx: bytes) -> None:
    """The title style is centred and not indented."""
    title = style(part(example_docx, "word/styles.xml"), "Title")
    expected = ("center", "0")
    assert expected == (attr(title, "w:pPr/w:jc", "val"), attr(title, "w:pPr/w:ind", "firstLine"))


def test_headings_keep_with_the_next_paragraph(example_docx: bytes) -> None:
    """Both heading styles carry ``w:keepNext`` and an outline level."""
    styles = part(example_docx, "word/styles.xml")
    actual = [
        (
            style(styles, s).find("w:pPr/w:keepNext", NS) is not None,
            attr(style(styles, s), "w:pPr/w:outlineLvl", "val"),
        )
        for s in ("Heading1", "Heading2")
    ]
    expected = [(True, "0"), (True, "1")]
    assert expected == actual


def test_body_characters_are_tightened_to_28_a_line(example_docx: bytes) -> None:
    """28 三号 characters fill the 156 mm type area: Normal is 0.25 pt (5 twips) tighter."""
    normal = style(part(example_docx, "word/styles.xml"), "Normal")
    expected = "-5"
    assert expected == attr(normal, "w:rPr/w:spacing", "val")


def test_no_character_tightening_without_chars_per_line(example: gd.Report) -> None:
    """``chars_per_line=None`` leaves character spacing alone."""
    data = render_docx.render(example, profile=Layout(chars_per_line=None))
    normal = style(part(data, "word/styles.xml"), "Normal")
    assert normal.find("w:rPr/w:spacing", NS) is None


def test_font_table_lists_every_face_with_its_fallback(example_docx: bytes) -> None:
    """fontTable.xml names each face used and a fallback (``w:altName``) for the CJK ones."""
    fonts = part(example_docx, "word/fontTable.xml")
    actual = {f.get(f"{W}name"): attr(f, "w:altName", "val") for f in fonts.findall("w:font", NS)}
    expected = {
        "仿宋_GB2312": "仿宋",
        "方正小标宋简体": "华文中宋",
        "黑体": "SimHei",
        "楷体_GB2312": "楷体",
        "宋体": "SimSun",
    }
    assert expected == actual


def test_latin_font_applies_to_ascii_only(example: gd.Report) -> None:
    """A ``latin_font`` goes to ``w:ascii``/``w:hAnsi``; Chinese text keeps its face."""
    data = render_docx.render(example, profile=Layout(latin_font="Times New Roman"))
    normal = style(part(data, "word/styles.xml"), "Normal")
    actual = (attr(normal, "w:rPr/w:rFonts", "ascii"), attr(normal, "w:rPr/w:rFonts", "eastAsia"))
    expected = ("Times New Roman", "仿宋_GB2312")
    assert expected == actual


# --- footer ------------------------------------------------------------------------------


def footer_text(footer: etree._Element) -> str:
    return "".join(t.text or "" for t in footer.iter(f"{W}t"))


def test_footer_holds_a_page_field_between_dashes(example_docx: bytes) -> None:
    """``— PAGE —``: a PAGE field between 一字线, in the Footer style (宋体 四号)."""
    footer = part(example_docx, "word/footer1.xml")
    instructions = [t.text for t in footer.iter(f"{W}instrText")]
    fld_chars = [e.get(f"{W}fldCharType") for e in footer.iter(f"{W}fldChar")]
    actual = (instructions, fld_chars, footer_text(footer), attr(footer, "w:p/w:pPr/w:pStyle", "val"))
    expected = ([" PAGE "], ["begin", "separate", "end"], "— 1 —", "Footer")
    assert expected == actual


def test_page_numbers_sit_outside_by_default(example_docx: bytes) -> None:
    """Odd pages right, even pages left (GB/T 9704 7.5), with odd/even footers switched on."""
    settings = part(example_docx, "word/settings.xml")
    sides = [attr(part(example_docx, f"word/footer{i}.xml"), "w:p/w:pPr/w:jc", "val") for i in (1, 2)]
    sect = part(example_docx, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect is not None
    kinds = [ref.get(f"{W}type") for ref in sect.findall("w:footerReference", NS)]
    actual = (settings.find("w:evenAndOddHeaders", NS) is not None, sides, kinds)
    expected = (True, ["right", "left"], ["default", "even"])
    assert expected == actual


def test_centred_page_numbers_use_one_footer(example: gd.Report) -> None:
    """``page_number_position="center"``: one centred footer, no odd/even setting."""
    data = render_docx.render(example, profile=Layout(page_number_position="center"))
    settings = part(data, "word/settings.xml")
    actual = (
        settings.find("w:evenAndOddHeaders", NS) is not None,
        attr(part(data, "word/footer1.xml"), "w:p/w:pPr/w:jc", "val"),
        "word/footer2.xml" in part_names(data),
    )
    expected = (False, "center", False)
    assert expected == actual


def test_python_docx_finds_the_page_number_in_the_footer(example_docx: bytes) -> None:
    """The footer python-docx reads for the section shows the page number."""
    footer = open_docx(example_docx).sections[0].footer
    expected = ["— 1 —"]
    assert expected == [p.text for p in footer.paragraphs]


# --- tables ------------------------------------------------------------------------------


def read_grid(tbl: etree._Element) -> list[list[tuple[int, int, str | None, str]]]:
    """Each row of a ``w:tbl`` as ``(column, gridSpan, vMerge, text)`` per ``w:tc``."""
    rows = []
    for tr in tbl.findall("w:tr", NS):
        col = 0
        row = []
        for tc in tr.findall("w:tc", NS):
            span = int(attr(tc, "w:tcPr/w:gridSpan", "val") or 1)
            merge = tc.find("w:tcPr/w:vMerge", NS)
            vmerge = None if merge is None else (merge.get(f"{W}val") or "continue")
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            row.append((col, span, vmerge, text))
            col += span
        rows.append(row)
    return rows


def expected_grid(report: gd.Report, table: spec.Table) -> list[list[tuple[int, int, str | None, str]]]:
    """What :func:`read_grid` should find, from the spec layout and the report's values."""
    placed = table.placed()
    rows = []
    for r, row in enumerate(placed):
        out = [(col, c.colspan, "restart" if c.rowspan > 1 else None, cell_text(report, c)) for col, c in row]
        for above in range(r):
            out.extend(
                (col, c.colspan, "continue", "") for col, c in placed[above] if above < r < above + c.rowspan
            )
        rows.append(sorted(out))
    return rows


def body_tables(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall("w:body/w:tbl", NS)


def test_example_tables_have_the_official_grids(example: gd.Report, example_docx: bytes) -> None:
    """表二 4 columns (规章 row left out: 13 rows), 表三 10 × (3 + 25), 表四 15 × (3 + 1)."""
    actual = [
        (len(tbl.findall("w:tblGrid/w:gridCol", NS)), len(tbl.findall("w:tr", NS)))
        for tbl in body_tables(example_docx)
    ]
    expected = [(4, 13), (10, 28), (15, 4)]
    assert expected == actual


@given(strategies.reports())
def test_every_cell_span_and_number_is_where_the_spec_puts_it(report: gd.Report) -> None:
    """For any report, each table's gridCol count, rows, gridSpan, vMerge and cell text match
    the official layout filled with the report's numbers."""
    tables = body_tables(render_docx.render(report))
    expected = [(t.columns, expected_grid(report, t)) for t in tables_of(report)]
    actual = [(len(tbl.findall("w:tblGrid/w:gridCol", NS)), read_grid(tbl)) for tbl in tables]
    assert expected == actual


def test_heading_rows_repeat_and_no_row_splits(example: gd.Report, example_docx: bytes) -> None:
    """``w:tblHeader`` on exactly the heading rows of each table; ``w:cantSplit`` on every row."""
    actual = []
    expected = []
    for tbl, table in zip(body_tables(example_docx), tables_of(example), strict=True):
        rows = tbl.findall("w:tr", NS)
        actual.append(
            (
                [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows],
                all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows),
            )
        )
        expected.append(([i < table.header_rows for i in range(len(rows))], True))
    assert expected == actual


def test_tables_fill_the_type_area(example_docx: bytes) -> None:
    """Every table is as wide as the 156 mm type area, its grid columns adding up to it."""
    actual = [
        (
            attr(tbl, "w:tblPr/w:tblW", "w"),
            sum(int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)),
        )
        for tbl in body_tables(example_docx)
    ]
    expected = [("8844", 8844)] * 3
    assert expected == actual


def test_tables_follow_a_custom_type_area(example: gd.Report) -> None:
    """With other margins the grid columns still add up to the type-area width."""
    profile = Layout(margin_left=mm(30), margin_right=mm(30))
    widths = [
        sum(int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS))
        for tbl in body_tables(render_docx.render(example, profile=profile))
    ]
    assert [profile.text_width.twips] * 3 == widths


def test_tables_have_borders_and_the_small_font(example_docx: bytes) -> None:
    """Single borders on every edge; cell paragraphs in the TableText style (五号)."""
    tbl = body_tables(example_docx)[1]
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert borders is not None
    sides = {child.tag.removeprefix(W): child.get(f"{W}val") for child in borders}
    cell_styles = {p.get(f"{W}val") for p in tbl.iter(f"{W}pStyle")}
    expected_sides = dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    assert (expected_sides, {"TableText"}) == (sides, cell_styles)


def keeps_next(paragraph: etree._Element) -> bool:
    """Whether a body paragraph is kept with the next block (directly or by its heading style)."""
    return paragraph.find("w:pPr/w:keepNext", NS) is not None or attr(paragraph, "w:pPr/w:pStyle", "val") in (
        "Heading1",
        "Heading2",
    )


@given(strategies.reports())
def test_the_block_before_each_table_keeps_with_it(report: gd.Report) -> None:
    """The section heading, or the section's last paragraph, is kept with its table."""
    body = part(render_docx.render(report), "word/document.xml").find("w:body", NS)
    assert body is not None
    before = [tbl.getprevious() for tbl in body.findall("w:tbl", NS)]
    expected = [True, True, True]
    assert expected == [keeps_next(p) for p in before]


# --- text --------------------------------------------------------------------------------


def read_text(paragraph: Any) -> str:
    """A paragraph's text as python-docx reads it; the title's lines (``w:br``, read as
    ``\\n``) joined back into the one title."""
    text: str = paragraph.text
    return text.replace("\n", "") if paragraph.style.name == "Title" else text


def expected_paragraphs(report: gd.Report) -> list[tuple[str, str]]:
    """Every body paragraph as ``(style name, text)``, in reading order."""
    out = [("Title", report.title), *(("Normal", p) for p in report.preamble)]
    for section_spec, section in zip(spec.SECTIONS, report.sections(), strict=True):
        out.append(("Heading 1", section_spec.heading))
        out.extend(("Normal", p) for p in section.paragraphs)
        for i, sub in enumerate(getattr(section, "subsections", ())):
            out.append(("Heading 2", spec.subsection_heading(i + 1, sub.title)))
            out.extend(("Normal", p) for p in sub.paragraphs)
    return out


def test_example_text_is_all_there_in_order(example: gd.Report, example_docx: bytes) -> None:
    """Title, preamble, six headings, subsection headings and paragraphs, in order, styled."""
    actual = [(p.style.name, read_text(p)) for p in open_docx(example_docx).paragraphs]
    assert expected_paragraphs(example) == actual


@given(strategies.reports())
def test_no_text_is_lost(report: gd.Report) -> None:
    """For any report (CJK Extension B, emoji, tabs, punctuation), python-docx reads back every
    paragraph, title and subsection heading, in order, with its style."""
    actual = [(p.style.name, read_text(p)) for p in open_docx(render_docx.render(report)).paragraphs]
    assert expected_paragraphs(report) == actual


def test_a_tab_becomes_a_tab_element(example: gd.Report) -> None:
    """A tab inside a paragraph is written as ``w:tab``, not as a raw character."""
    report = gd.from_dict({**gd.to_dict(example), "preamble": ["甲\t乙"]})
    document = part(render_docx.render(report), "word/document.xml")
    first = document.findall("w:body/w:p", NS)[1]
    actual = [child.tag.removeprefix(W) for child in first.find("w:r", NS)]
    expected = ["t", "tab", "t"]
    assert expected == actual


def test_core_properties_carry_title_agency_and_fixed_dates(example: gd.Report, example_docx: bytes) -> None:
    """Title and author from the report; created/modified fixed to 1 January after the year."""
    core = open_docx(example_docx).core_properties
    actual = (core.title, core.author, core.created.isoformat(), core.modified.isoformat(), core.language)
    date = f"{example.year + 1}-01-01T00:00:00+00:00"
    assert (example.title, example.agency, date, date, "zh-CN") == actual


# --- package -----------------------------------------------------------------------------


def test_same_report_gives_the_same_bytes(example: gd.Report) -> None:
    """Rendering twice gives identical bytes: no "now" anywhere."""
    assert render_docx.render(example) == render_docx.render(example)


@given(strategies.reports())
def test_rendering_is_deterministic(report: gd.Report) -> None:
    """Any report renders to the same bytes twice."""
    assert render_docx.render(report) == render_docx.render(report)


def test_zip_entries_have_fixed_timestamps(example_docx: bytes) -> None:
    """Every zip entry is dated 1980-01-01 00:00:00."""
    with zipfile.ZipFile(io.BytesIO(example_docx)) as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert {(1980, 1, 1, 0, 0, 0)} == dates


def test_package_holds_only_the_parts_it_uses(example_docx: bytes) -> None:
    """No stylesWithEffects, theme or thumbnail: only what the document needs."""
    expected = [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ]
    assert expected == part_names(example_docx)


def test_write_produces_a_file_python_docx_opens(example: gd.Report, tmp_path: Path) -> None:
    """``write(report, "x.docx")`` picks DOCX from the suffix; python-docx opens the file."""
    import docx

    target = tmp_path / "x.docx"
    gd.write(example, target)
    document = docx.Document(str(target))
    assert example.title == read_text(document.paragraphs[0])


# --- profile ------------------------------------------------------------------------------


def test_layout_defaults_are_gbt9704() -> None:
    """The default profile: 156 × 225 mm type area, 二号 title, 三号 body, 五号 tables, 四号 page number."""
    layout = Layout()
    actual = (
        layout.text_width,
        layout.text_height,
        layout.title_size,
        layout.body_size,
        layout.table_font_size,
        layout.page_number_size,
    )
    expected = (twips(8844), twips(12756), pt(22), pt(16), pt(10.5), pt(14))
    assert expected == actual


def test_bad_margin_is_refused_naming_the_field() -> None:
    """A negative margin raises InputError naming ``profile.margin_top`` and its label."""
    with pytest.raises(gd.InputError) as caught:
        Layout(margin_top=mm(-1))
    [(path, message)] = caught.value.errors
    expected = ("profile.margin_top", True)
    assert expected == (path, "上边距" in message)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("margin_top", 30),
        ("margin_left", 28.0),
        ("line_spacing", 560),
        ("body_size", 16),
        ("table_font_size", 21),
    ],
)
def test_a_bare_number_is_refused_not_guessed(field: str, value: float) -> None:
    """``Layout(margin_top=30)`` is neither 30 twips (0.5 mm) nor 30 mm: a bare number is
    refused with a message naming the field and showing how to write the unit."""
    with pytest.raises(gd.InputError) as caught:
        Layout(**{field: value})
    [(path, message)] = caught.value.errors
    assert path == f"profile.{field}"
    assert f"没有单位的数 {value!r}" in message
    assert ("pt(16)" if field.endswith("size") else "mm(30)") in message


def test_lengths_in_any_unit_and_sizes_by_name() -> None:
    """mm, cm, pt and twips make the same lengths; a size may be its Chinese name."""
    layout = Layout(margin_top=cm(3.7), margin_bottom=pt(99.2), body_size="小三", table_font_size="小五")
    expected = (mm(37), twips(1984), pt(15), pt(9), 30, 18)
    actual = (
        layout.margin_top,
        layout.margin_bottom,
        layout.body_size,
        layout.table_font_size,
        layout.body_size.half_points,
        layout.table_font_size.half_points,
    )
    assert expected == actual


@pytest.mark.parametrize(("value", "words"), [("三号字", "不认识字号名称"), (pt(10.3), "半磅的整数倍")])
def test_a_size_that_cannot_be_written_is_refused(value: object, words: str) -> None:
    """An unknown size name, or a size between half-points (``w:sz`` counts half-points)."""
    with pytest.raises(gd.InputError) as caught:
        Layout(body_size=value)  # type: ignore[arg-type]
    [(path, message)] = caught.value.errors
    assert (path, words in message) == ("profile.body_size", True)


def test_bad_font_name_is_refused() -> None:
    """A font name with a control character is refused before it reaches the XML."""
    with pytest.raises(gd.InputError) as caught:
        Layout(body_font="仿宋\x00")
    expected = ["profile.body_font"]
    assert expected == [path for path, _ in caught.value.errors]


def test_margins_that_leave_no_type_area_are_refused() -> None:
    """Left and right margins wider than the page leave no type area: refused."""
    with pytest.raises(gd.InputError) as caught:
        Layout(margin_left=mm(106), margin_right=mm(106))
    expected = ["profile.margin_left"]
    assert expected == [path for path, _ in caught.value.errors]


def test_unknown_page_number_position_is_refused() -> None:
    """Only ``outside`` and ``center`` are page-number positions."""
    with pytest.raises(gd.InputError) as caught:
        Layout(page_number_position="top")  # type: ignore[arg-type]
    expected = ["profile.page_number_position"]
    assert expected == [path for path, _ in caught.value.errors]


def test_fallbacks_may_be_a_mapping(example: gd.Report) -> None:
    """``font_fallbacks`` given as a dict is kept as pairs and written as ``w:altName``."""
    profile = Layout(font_fallbacks={"仿宋_GB2312": "FangSong"})
    fonts = part(render_docx.render(example, profile=profile), "word/fontTable.xml")
    actual = {f.get(f"{W}name"): attr(f, "w:altName", "val") for f in fonts.findall("w:font", NS)}
    expected = ("FangSong", None)
    assert expected == (actual["仿宋_GB2312"], actual["黑体"])


def test_a_profile_of_the_wrong_type_is_refused(example: gd.Report) -> None:
    """``profile`` must be a Layout: a dict is refused with a message saying so."""
    with pytest.raises(TypeError, match="Layout"):
        render_docx.render(example, profile={"margin_top": 1})  # type: ignore[arg-type]


def test_rendering_needs_no_python_docx() -> None:
    """The renderer writes the package itself: importing it loads neither python-docx nor a template."""
    import subprocess
    import sys

    code = "import sys, gov_disclosure.render.docx; print('docx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = "False"
    assert expected == result.stdout.strip()


def test_unknown_option_is_refused_in_chinese(example: gd.Report) -> None:
    """An option the DOCX renderer does not know is named, with the ones it knows."""
    from gov_disclosure.render import UnknownFormatError

    with pytest.raises(UnknownFormatError, match=r"bogus.*profile"):
        gd.render(example, "docx", bogus=1)


# --- the title ---------------------------------------------------------------------------

#: Words an agency name is made of, each ending in an administrative unit or office.
AGENCY_WORDS = (
    "福建省", "龙岩市", "上杭县", "新罗区", "古田镇", "临江街道", "城关乡", "人民政府", "办公室",
    "工信科技局", "市场监督管理局", "发展和改革委员会", "卫生健康委员会", "教育局", "自然资源局",
    "住房和城乡建设局", "人力资源和社会保障局", "应急管理局", "医疗保障局", "公安局", "某局", "某县",
)  # fmt: skip


@st.composite
def agencies(draw: st.DrawFn) -> tuple[str, tuple[int, ...]]:
    """An agency name of 2 to 30 characters made of whole words, and where its words end."""
    words = draw(st.lists(st.sampled_from(AGENCY_WORDS), min_size=1, max_size=6))
    name, ends = "", []
    for word in words:
        if len(name + word) > 30:
            break
        name += word
        ends.append(len(name))
    return name, tuple(ends)


def title_of(data: bytes) -> list[str]:
    """The lines of the Title paragraph: its text split at each ``w:br``."""
    title = part(data, "word/document.xml").find("w:body/w:p", NS)
    assert title is not None
    assert attr(title, "w:pPr/w:pStyle", "val") == "Title"
    lines = [""]
    for el in title.iter(f"{W}t", f"{W}br"):
        if el.tag == f"{W}br":
            lines.append("")
        else:
            lines[-1] += el.text or ""
    return lines


def test_the_default_title_breaks_between_words(example: gd.Report) -> None:
    """上杭县工信科技局2024年度 / 政府信息公开工作年度报告: not …信息公开工 / 作年度报告."""
    report = attrs.evolve(example, title=None)
    expected = ["上杭县工信科技局2024年度", "政府信息公开工作年度报告"]
    assert expected == title_of(render_docx.render(report))


def test_a_given_title_breaks_at_its_space(example: gd.Report) -> None:
    """The example's own title, 上杭县工信科技局 2024年度…, breaks after its space (which
    stays at the end of the first line, so the lines joined are the title exactly)."""
    expected = ["上杭县工信科技局 2024年度", "政府信息公开工作年度报告"]
    assert expected == title_of(render_docx.render(example))


def test_a_title_that_fits_is_one_line(example: gd.Report) -> None:
    """某局2024年度政府信息公开工作年度报告 fits on one 二号 line: no break."""
    report = attrs.evolve(example, agency="某局", title=None)
    expected = ["某局2024年度政府信息公开工作年度报告"]
    assert expected == title_of(render_docx.render(report))


@settings(max_examples=60)
@given(agencies(), st.integers(2008, 2100))
def test_titles_of_agencies_of_2_to_30_characters(agency: tuple[str, tuple[int, ...]], year: int) -> None:
    """For any agency of 2 to 30 characters: the lines give the title back, each fits the type
    area at 二号 (digits counted wide), the year and 政府信息公开工作年度报告 are never broken, a
    name that fits on a line is never broken, a longer one only between its words, and no more
    lines are used than needed plus one."""
    name, word_ends = agency
    report = gd.from_dict({**minimal_dict(), "agency": name, "year": year})
    lines = title_of(render_docx.render(report))
    title = report.title
    assert "".join(lines) == title
    layout = Layout()
    capacity = layout.text_width.twips / layout.title_size.twips
    assert all(_fit.em_width(line.strip()) <= capacity for line in lines)
    cuts = [sum(map(len, lines[:k])) for k in range(1, len(lines))]
    tail = title.index(_fit.TITLE_TAIL)
    allowed = {len(name), tail} | ({*word_ends} if _fit.em_width(name) > capacity else set())
    assert set(cuts) <= allowed, (lines, allowed)
    assert len(lines) <= math.ceil(_fit.em_width(title) / capacity) + 1


# --- the package -------------------------------------------------------------------------


def test_the_package_is_a_valid_zip(example_docx: bytes, tmp_path: Path) -> None:
    """Every member's CRC checks out (zipfile and ``python -m zipfile -t``), all deflated."""
    import subprocess
    import sys

    with zipfile.ZipFile(io.BytesIO(example_docx)) as archive:
        bad = archive.testzip()
        methods = {info.compress_type for info in archive.infolist()}
    target = tmp_path / "x.docx"
    target.write_bytes(example_docx)
    result = subprocess.run(
        [sys.executable, "-m", "zipfile", "-t", str(target)], capture_output=True, text=True, check=False
    )
    expected = (None, {zipfile.ZIP_DEFLATED}, 0, "Done testing")
    assert expected == (bad, methods, result.returncode, result.stdout.strip())


def test_profiles_do_not_share_their_parts(example: gd.Report) -> None:
    """Two profiles rendered one after the other each get their own static parts."""
    centred = Layout(page_number_position="center")
    first = render_docx.render(example, profile=centred)
    render_docx.render(example)
    assert part_names(first) == part_names(render_docx.render(example, profile=centred))
    assert "word/footer2.xml" not in part_names(first)


# --- table geometry -------------------------------------------------------------------------


def grid_widths(tbl: etree._Element) -> list[int]:
    return [int(c.get(f"{W}w") or 0) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]


def run_sizes(tbl: etree._Element, default: int) -> list[int]:
    """The type size (half-points) of every run in a table."""
    return [int(attr(r, "w:rPr/w:sz", "val") or default) for r in tbl.iter(f"{W}r")]


def test_applications_labels_get_the_width(example_docx: bytes) -> None:
    """表三's three label columns get over half of the width (they had 31 %), and each number
    column is no wider than its heading on one line."""
    tbl = body_tables(example_docx)[1]
    widths = grid_widths(tbl)
    table = spec.applications_table()
    headings = {col: cell for row in table.placed()[:3] for col, cell in row if cell.colspan == 1}
    layout = Layout()
    em = layout.table_font_size.twips
    pad = 2 * layout.table_cell_margin.twips + _fit.SLACK
    assert sum(widths[:3]) > 0.5 * sum(widths)
    for col in range(3, 10):
        assert widths[col] <= _fit.em_width(headings[col].text) * em + pad + 1, col


def big_report(cells: int = 999_999) -> gd.Report:
    """A consistent report with six-digit numbers in 表三 (总计 seven digits) and 表四."""
    data = minimal_dict()
    big = [cells] * 6
    data["applications"]["new"] = big
    data["applications"]["carried_forward"] = big
    data["review_litigation"]["review"] = {"upheld": cells, "corrected": 0, "other": 0, "pending": cells}
    return gd.from_dict(data)


def test_big_numbers_widen_their_columns_before_shrinking() -> None:
    """Six-digit counts of 自然人 (and so 总计): their columns widen at the labels' expense
    and 表三 stays 五号 (it was set at 7 pt); each of them is wider than a column of zeros."""
    data = minimal_dict()
    data["applications"]["new"] = [999_999, 0, 0, 0, 0, 0]
    data["applications"]["carried_forward"] = [999_999, 0, 0, 0, 0, 0]
    tbl = body_tables(render_docx.render(gd.from_dict(data)))[1]
    widths = grid_widths(tbl)
    assert {21} == set(run_sizes(tbl, 21))
    assert min(widths[3], widths[9]) > max(widths[4:9])


def test_numbers_everywhere_big_go_down_to_9pt_not_below() -> None:
    """Six-digit numbers in every column of 表三 and in 表四: the labels keep a third of the
    width, so the tables go down to 小五 (9 pt) — not to 7 pt and 5 pt as they did."""
    tables = body_tables(render_docx.render(big_report()))
    sizes = [set(run_sizes(tbl, 21)) for tbl in tables]
    assert [{21}, {18}, {18}] == sizes
    widths = grid_widths(tables[1])
    assert sum(widths[:3]) >= sum(widths) / 3


@settings(max_examples=15)
@given(st.integers(1, 10**12))
def test_no_table_text_below_9pt(cells: int) -> None:
    """Whatever the numbers, no table text is set below 小五 (9 pt, ``w:sz`` 18)."""
    for tbl in body_tables(render_docx.render(big_report(cells))):
        assert min(run_sizes(tbl, 21)) >= 18


@given(strategies.reports())
def test_every_number_fits_its_column(report: gd.Report) -> None:
    """By the renderer's own measure (digits 0.64 em), each number fits on one line in its
    cell at the table's size and condensing: nothing would wrap inside a number."""
    layout = Layout()
    for tbl, table in zip(body_tables(render_docx.render(report)), tables_of(report), strict=True):
        widths = grid_widths(tbl)
        for tr, placed in zip(tbl.findall("w:tr", NS), table.placed(), strict=True):
            merges = [tc.find("w:tcPr/w:vMerge", NS) for tc in tr.findall("w:tc", NS)]
            starting = [m is None or m.get(f"{W}val") == "restart" for m in merges]
            cells = [tc for tc, starts in zip(tr.findall("w:tc", NS), starting, strict=True) if starts]
            for tc, (col, cell) in zip(cells, placed, strict=True):
                if not cell.is_value:
                    continue
                run = tc.find("w:p/w:r", NS)
                size = int(attr(run, "w:rPr/w:sz", "val") or 21)
                scale = int(attr(run, "w:rPr/w:w", "val") or 100)
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                room = sum(widths[col : col + cell.colspan]) - 2 * layout.table_cell_margin.twips
                assert _fit.em_width(text) * size * 10 * scale / 100 <= room, (table.key, text)


def test_huge_numbers_are_condensed_at_9pt_never_smaller() -> None:
    """Nine-digit numbers in every 表四 cell cannot fit at 9 pt: they are set at 9 pt with
    narrower characters (``w:w``), never smaller, and still each fits its column."""
    data = minimal_dict()
    huge = dict.fromkeys(("upheld", "corrected", "other", "pending"), 123_456_789)
    data["review_litigation"] = {g.key: huge for g in spec.REVIEW_GROUPS}
    tbl = body_tables(render_docx.render(gd.from_dict(data)))[2]
    widths = grid_widths(tbl)
    margin = Layout().table_cell_margin.twips
    numbers = [r for r in tbl.iter(f"{W}r") if (r.findtext("w:t", namespaces=NS) or "").isdigit()]
    assert {18} == set(run_sizes(tbl, 21))
    for run, width in zip(numbers, widths, strict=True):
        scale = int(attr(run, "w:rPr/w:w", "val") or 100)
        assert _fit.MIN_SCALE <= scale < 100
        text = run.findtext("w:t", namespaces=NS) or ""
        assert _fit.em_width(text) * 180 * scale / 100 <= width - 2 * margin


def test_numbers_beside_tall_labels_are_as_tall_as_the_label(example_docx: bytes) -> None:
    """In a row whose label takes several lines, each number's paragraph has equal space before
    and after, making it as tall as the label: centred even where LibreOffice drops the
    vertical alignment (the last row on a page when a merged cell continues)."""
    from gov_disclosure.render._docx_xml import table_line

    tbl = body_tables(example_docx)[1]
    line = table_line(Layout())
    padded = set()
    for tr in tbl.findall("w:tr", NS)[3:]:
        spacings = set()
        for tc in tr.findall("w:tc", NS):
            p = tc.find("w:p", NS)
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            if text.isdigit():
                before, after = attr(p, "w:pPr/w:spacing", "before"), attr(p, "w:pPr/w:spacing", "after")
                assert before == after
                spacings.add(int(before or 0))
        assert len(spacings) == 1
        (pad,) = spacings
        assert pad in {(lines - 1) * line // 2 for lines in range(1, 8)}
        padded.add(pad)
    assert len(padded) >= 2  # the example has rows of one line and rows of several
