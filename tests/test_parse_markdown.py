"""Reading Markdown: the renderer's GFM and Markdown extracted from PDFs."""

from __future__ import annotations

import pytest

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import parse
from gov_disclosure.parse.markdown import unescape
from tests.strategies import distinct_report


@pytest.fixture(scope="module")
def report() -> gd.Report:
    return distinct_report()


@pytest.fixture(scope="module")
def markdown(report: gd.Report) -> str:
    return str(gd.render(report, "markdown"))


def test_escaped_text_reads_back(report: gd.Report) -> None:
    """Paragraphs full of Markdown syntax (| # * 1. - <table>) read back as written."""
    tricky = (
        "| a | b |",
        "# 不是标题",
        "1. 不是列表",
        "- 也不是",
        "<table>文字</table>",
        r"反斜杠 \ 与 *星号*",
    )
    changed = gd.Report(
        agency=report.agency,
        year=report.year,
        preamble=tricky,
        overview=report.overview,
        active_disclosure=report.active_disclosure,
        applications=report.applications,
        review_litigation=report.review_litigation,
        problems=report.problems,
        other_matters=report.other_matters,
    )
    assert tricky == parse(gd.render(changed, "markdown"), "markdown").report.preamble


def test_unescape_undoes_backslashes_and_edge_entities() -> None:
    """\\* → *, \\| → |, &#32; → space, &#9; → tab; other text is untouched."""
    expected = "a*b|c d\te、"
    assert expected == unescape(r"a\*b\|c&#32;d&#9;e、")


def test_wrapped_lines_join_into_paragraphs(report: gd.Report, markdown: str) -> None:
    """A paragraph wrapped over several lines (no blank line between) reads as one."""
    text = report.overview.paragraphs[0]
    wrapped = "\n".join(text[i : i + 5] for i in range(0, len(text), 5))
    changed = markdown.replace(text, wrapped)
    assert report.overview == parse(changed, "markdown").report.overview


def test_label_path_column_reads_rows(report: gd.Report, markdown: str) -> None:
    """表三 as one label column joining the label path with " / " reads each row in place,
    also when the path is written with half-width brackets and plain slashes."""
    changed = markdown.replace(" /（", " / (").replace("（", "(").replace("）", ")")
    result = parse(changed, "markdown")
    assert (report.applications, []) == (
        result.report.applications,
        [f.rule for f in result.findings if f.rule.startswith("parse.")],
    )


def test_table_heading_as_markdown_heading(report: gd.Report, markdown: str) -> None:
    """A '## 表三：…' caption line before a pipe table (PDF extraction) does not disturb reading."""
    heading = spec.SECTIONS[2].heading
    changed = markdown.replace(
        f"## {heading}\n", f"## {heading}\n\n## 表三：收到和处理政府信息公开申请情况\n"
    )
    assert report.applications == parse(changed, "markdown").report.applications


def test_pipe_row_with_escaped_pipes() -> None:
    """A ``\\|`` inside a cell is part of the cell's text, not a cell border."""
    from gov_disclosure.parse.markdown import _pipe_cells

    assert _pipe_cells(r"| a\|b | c\\ | d |") == ["a|b", "c\\", "d"]
    assert _pipe_cells("| a | b |") == ["a", "b"]
