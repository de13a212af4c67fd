"""Reading HTML: the renderer's pages and web pages as agencies publish them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import ParseError, parse
from tests.strategies import distinct_report

_CELL = re.compile(r"(<t[dh][^>]*>)([^<]*)(</t[dh]>)")


@pytest.fixture(scope="module")
def report() -> gd.Report:
    return distinct_report()


@pytest.fixture(scope="module")
def page(report: gd.Report) -> str:
    return str(gd.render(report, "html"))


def _reading(result: object) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings if f.rule.startswith("parse.")]  # type: ignore[attr-defined]


def test_cells_with_nested_markup(report: gd.Report, page: str) -> None:
    """Cell text split over <p>, <span>, <font> and <o:p> (labels broken 三+、本+年…) reads whole."""

    def nest(m: re.Match[str]) -> str:
        text = m.group(2)
        inner = f"<p><span>{text[:1]}</span><font>{text[1:2]}</font><span>{text[2:]}</span><o:p></o:p></p>"
        return m.group(1) + inner + m.group(3)

    changed = _CELL.sub(nest, page)
    result = parse(changed, "html")
    assert (report, []) == (result.report, _reading(result))


def test_nbsp_runs_of_spaces_and_full_width_digits(report: gd.Report, page: str) -> None:
    """&nbsp;, runs of spaces and line breaks around cell text and full-width digits read as
    the plain numbers."""
    full = str.maketrans("0123456789", "０１２３４５６７８９")

    def pad(m: re.Match[str]) -> str:
        return m.group(1) + "&nbsp;\n   " + m.group(2).translate(full) + "  &nbsp;" + m.group(3)

    result = parse(_CELL.sub(pad, page), "html")
    assert (report, []) == (result.report, _reading(result))


def test_web_page_chrome_is_skipped(report: gd.Report) -> None:
    """Site header, scripts, styles and a metadata table holding the title come before the
    report: the report still reads, title and all."""
    body = str(gd.render(report, "html", fragment=True))
    chrome = (
        "<html><head><title>年报</title><style>p{color:red}</style></head><body>"
        "<div class='nav'>首页 政务公开 <script>var x = '一、总体情况';</script></div>"
        f"<table><tr><td>名称</td><td>{report.title}</td></tr><tr><td>发布日期</td><td>2025-01-10</td></tr></table>"
    )
    result = parse(chrome + body + "</body></html>", "html")
    assert report == result.report


def test_blank_cells_in_html(page: str) -> None:
    """An empty <td> where a number belongs reads as 0 with parse.blank_cell."""
    changed = re.sub(r'(data-path="applications\.new\.research">)[^<]*<', r"\1<", page)
    result = parse(changed, "html")
    expected = [("parse.blank_cell", "applications.new.research")]
    assert expected == _reading(result)


def test_label_variant_in_html(report: gd.Report, page: str) -> None:
    """规范性文件 for 行政规范性文件 in a table cell reads into the official row, with a finding."""
    changed = page.replace(f">{spec.NORMATIVE_DOCUMENTS.label}<", ">规范性文件<")
    result = parse(changed, "html")
    assert (report.active_disclosure, [("parse.label_variant", "active_disclosure.normative_documents")]) == (
        result.report.active_disclosure,
        _reading(result),
    )


def test_external_entities_are_not_resolved(page: str, tmp_path: Path) -> None:
    """A DOCTYPE declaring an external entity does not make the parser read that file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容XYZ", encoding="utf-8")
    doctype = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    changed = doctype + page.replace("<!doctype html>", "").replace("编制。", "编制。&xxe;")
    try:
        result = parse(changed, "html")
    except ParseError:
        return
    assert "机密内容XYZ" not in repr(gd.to_dict(result.report))


def test_where_tables_were_found(page: str) -> None:
    """ParseResult.tables says which table of the page each table was."""
    result = parse(page, "html")
    expected = {
        "active_disclosure": "第 1 个表格",
        "applications": "第 2 个表格",
        "review_litigation": "第 3 个表格",
    }
    assert expected == result.tables
