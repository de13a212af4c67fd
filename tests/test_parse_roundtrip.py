"""Every renderer's output parses back exactly: parse(render(r, fmt)).report == r."""

from __future__ import annotations

import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure.parse import parse
from tests import strategies as S
from tests.strategies import distinct_report, parseable_reports

FORMATS = ("text", "markdown", "html", "docx")


def _check_rules(result: object) -> list[str]:
    return sorted({f.rule for f in result.findings})  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", FORMATS)
def test_example_reads_back(example: gd.Report, fmt: str) -> None:
    """The example in examples/ rendered in each format reads back as itself; the only
    finding is check()'s own (its 规章 row is left out, as published)."""
    result = parse(gd.render(example, fmt), fmt)
    assert (example, ["format.regulations_row"]) == (result.report, _check_rules(result))


@pytest.mark.parametrize("fmt", FORMATS)
def test_distinct_numbers_read_back_in_place(fmt: str) -> None:
    """A report whose every row differs reads back with each number in its own cell."""
    report = distinct_report()
    result = parse(gd.render(report, fmt), fmt)
    assert (report, []) == (result.report, _check_rules(result))


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_is_guessed_from_content(example: gd.Report, fmt: str) -> None:
    """Without fmt, the rendered document's format is recognised from its content."""
    assert fmt == parse(gd.render(example, fmt)).format


def _round_trip(fmt: str, report: gd.Report) -> None:
    """Equal report; the findings are exactly check()'s (nothing found in reading)."""
    result = parse(gd.render(report, fmt), fmt)
    assert (report, tuple(gd.check(report))) == (result.report, result.findings)


@given(parseable_reports())
def test_text_round_trip(report: gd.Report) -> None:
    """parse(render(r, "text")).report == r; findings are check()'s alone."""
    _round_trip("text", report)


@given(parseable_reports())
def test_markdown_round_trip(report: gd.Report) -> None:
    """parse(render(r, "markdown")).report == r; findings are check()'s alone."""
    _round_trip("markdown", report)


@given(parseable_reports())
def test_html_round_trip(report: gd.Report) -> None:
    """parse(render(r, "html")).report == r; findings are check()'s alone."""
    _round_trip("html", report)


@given(parseable_reports())
def test_docx_round_trip(report: gd.Report) -> None:
    """parse(render(r, "docx")).report == r; findings are check()'s alone."""
    _round_trip("docx", report)


@given(parseable_reports())
def test_markdown_with_html_tables_round_trip(report: gd.Report) -> None:
    """Markdown with the tables embedded as HTML (tables="html") reads back too."""
    result = parse(gd.render(report, "markdown", tables="html"), "markdown")
    assert report == result.report


@given(parseable_reports())
def test_html_fragment_round_trip(report: gd.Report) -> None:
    """The HTML fragment (fragment=True: no <html>, no <head>) reads back too."""
    assert report == parse(gd.render(report, "html", fragment=True), "html").report


def _free_title(report: gd.Report) -> bool:
    from gov_disclosure.parse import _labels

    return S.reads_back(report) and _labels.heading_section(report.title) is None


@pytest.mark.parametrize("fmt", ["html", "docx"])
@given(report=S.reports(with_title=True).filter(_free_title))
def test_any_title_reads_back_from_html_and_docx(fmt: str, report: gd.Report) -> None:
    """HTML and DOCX declare the agency and year in their own metadata, so a title that names
    neither (``title="x"``) reads back too."""
    _round_trip(fmt, report)


def test_metadata_of_other_documents_is_not_trusted(example: gd.Report) -> None:
    """A DOCX that another program wrote keeps its author out of the report: the agency comes
    from the title."""
    import io
    import zipfile

    data = gd.render(example, "docx")
    assert isinstance(data, bytes)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                body = body.replace(b"gov_disclosure", b"Microsoft Office Word")
            if info.filename == "docProps/core.xml":
                body = body.replace("上杭县工信科技局</dc:creator>".encode(), "张三</dc:creator>".encode())
            dst.writestr(info, body)
    assert parse(out.getvalue(), "docx").report.agency == example.agency
