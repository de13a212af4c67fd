"""The Markdown renderer: escaping, structure, tables, options.

The output is read back with markdown-it-py (CommonMark with GFM tables and strikethrough):
what it parses must be exactly the headings, paragraphs and tables of the report, with every
text unchanged. That proves the escaping keeps user text from changing the structure.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.model import Report, value_at
from gov_disclosure.render import UnknownFormatError, format_number, markdown
from tests.strategies import one_line, reports

TRICKY = (
    "- 列表",
    "+ 列表",
    "* 列表",
    "1. 列表",
    "2024. 年度",
    "1) 列表",
    "# 标题",
    "###### 标题 #",
    "> 引用",
    "a | b | c",
    "| a |",
    "*强调* **加粗** _下划线_ __加粗__",
    "`代码` ``代码``",
    "```",
    "~~~",
    "~~删除~~",
    "[链接](http://example.com)",
    "![图片](a.png)",
    "[a]: /url",
    "<b>粗</b> <script>alert(1)</script>",
    "<http://example.com>",
    "&amp; &copy; &#32; &#9;",
    "行末反斜杠\\",
    "a\\*b",
    "---",
    "***",
    "___",
    "===",
    "$x$ 数学",
    "    缩进",
    "\t制表",
    " 前后空格 ",
    "行末两个空格  ",
    "中间\t制表",
)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def inline_text(token: Any) -> str:
    """The text of an inline token; fails if anything but plain text was parsed."""
    kinds = {child.type for child in token.children}
    assert kinds <= {"text"}, (kinds, token.content)
    return "".join(child.content for child in token.children)


def structure(document: str) -> list[tuple[str, Any]]:
    """Headings, paragraphs and tables as markdown-it reads them."""
    tokens = parser().parse(document)
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("heading_open", "paragraph_open"):
            kind = token.tag if token.type == "heading_open" else "p"
            out.append((kind, inline_text(tokens[i + 1])))
            i += 3
        elif token.type == "table_open":
            rows: list[list[str]] = []
            i += 1
            while tokens[i].type != "table_close":
                if tokens[i].type == "tr_open":
                    rows.append([])
                elif tokens[i].type == "inline":
                    rows[-1].append(inline_text(tokens[i]))
                i += 1
            out.append(("table", rows))
            i += 1
        elif token.type == "html_block":
            out.append(("html", token.content))
            i += 1
        else:
            msg = f"unexpected block {token.type}"
            raise AssertionError(msg)
    return out


def grid(report: Report, table: spec.Table) -> list[list[str]]:
    """Every grid position: a cell's text where it starts, empty where it spans."""
    rows = []
    for placed in table.placed():
        cells = [""] * table.columns
        for col, cell in placed:
            cells[col] = format_number(value_at(report, cell.path)) if cell.path else cell.text
        rows.append(cells)
    return rows


def expected_tables(report: Report) -> dict[str, list[list[str]]]:
    with_regulations = report.active_disclosure.regulations is not None
    applications = [[spec.TABLE3_NOTE, *(c.label for c in spec.ROW_COLUMNS)]]
    applications += [
        [spec.join_labels(app_row.labels), *(format_number(n) for n in row.cells())]
        for app_row, row in zip(spec.APPLICATION_ROWS, report.applications.rows(), strict=True)
    ]
    return {
        "active_disclosure": grid(report, spec.active_disclosure_table(with_regulations=with_regulations)),
        "applications": applications,
        "review_litigation": grid(report, spec.review_litigation_table()),
    }


def expected_structure(report: Report, *, tables: str = "gfm") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("h1", report.title)]
    out += [("p", p) for p in report.preamble]
    table_rows = expected_tables(report)
    for section_spec, section in zip(spec.SECTIONS, report.sections(), strict=True):
        out.append(("h2", section_spec.heading))
        out += [("p", p) for p in section.paragraphs]
        for i, sub in enumerate(getattr(section, "subsections", ()), start=1):
            out.append(("h3", spec.subsection_heading(i, sub.title)))
            out += [("p", p) for p in sub.paragraphs]
        if section_spec.has_table:
            out.append(
                ("table", table_rows[section_spec.key]) if tables == "gfm" else ("html", section_spec.key)
            )
    return out


def single_paragraph(text: str) -> list[tuple[str, Any]]:
    return structure(markdown.escape(text) + "\n")


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_paragraph_stays_one_plain_paragraph(text: str) -> None:
    """Markdown syntax in a paragraph is escaped: it parses as one paragraph of that text."""
    assert [("p", text)] == single_paragraph(text)


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_heading_stays_plain_heading(text: str) -> None:
    """Markdown syntax in a title is escaped: the heading holds exactly that text."""
    assert [("h1", text)] == structure(f"# {markdown.escape(text)}\n")


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_cell_stays_one_cell(text: str) -> None:
    """Markdown syntax (pipes included) in a table cell stays in its cell, unchanged."""
    document = f"| {markdown.escape_cell(text)} | x |\n| --- | --- |\n"
    assert [("table", [[text, "x"]])] == structure(document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("1. 条", "1\\. 条"),
        ("12) 条", "12\\) 条"),
        ("- 条", "\\- 条"),
        ("+ 条", "\\+ 条"),
        (" 前后 ", "&#32;前后&#32;"),
        ("\t制表", "&#9;制表"),
        ("2024.5 万元", "2024\\.5 万元"),
        ("a\\b", "a\\\\b"),
    ],
)
def test_escape_examples(text: str, expected: str) -> None:
    """The documented escapes, one example each."""
    assert expected == markdown.escape(text)


@pytest.mark.parametrize("text", ["1.5", "- 1", "+1", "12)"])
def test_cell_escape_leaves_leading_marks(text: str) -> None:
    """In a table cell a leading ``1.`` or ``-`` cannot start a list and is left as it is."""
    assert text == markdown.escape_cell(text)


@given(st.text())
def test_unescape_inverts_escape(text: str) -> None:
    """``unescape`` gives back exactly the text ``escape`` was given."""
    assert text == markdown.unescape(markdown.escape(text))


@given(st.text())
def test_unescape_inverts_escape_cell(text: str) -> None:
    """``unescape`` gives back exactly the text ``escape_cell`` was given."""
    assert text == markdown.unescape(markdown.escape_cell(text))


@given(one_line())
def test_any_paragraph_parses_back(text: str) -> None:
    """Any one-line text the model accepts, escaped, parses as one paragraph of that text."""
    assert [("p", text)] == single_paragraph(text)


def test_example_structure(example: gd.Report) -> None:
    """The example has its headings, paragraphs and three tables, in order."""
    assert expected_structure(example) == structure(markdown.render(example))


def test_applications_first_column_joins_labels(example: gd.Report) -> None:
    """表三's rows are labelled with the whole label path."""
    row = spec.APPLICATION_ROWS[4]
    values = " | ".join(format_number(n) for n in example.applications.withheld.state_secret.cells())
    expected = f"| {spec.join_labels(row.labels)} | {values} |"
    assert expected in markdown.render(example).split("\n")


@given(reports())
def test_random_report_structure(report: Report) -> None:
    """Random reports: exactly the expected headings, paragraphs and table rows, every text
    unchanged once parsed."""
    assert expected_structure(report) == structure(markdown.render(report))


@given(reports())
def test_every_paragraph_once_in_escaped_form(report: Report) -> None:
    """Each paragraph is a line of its own, in escaped form, as often as the report has it."""
    out = Counter(markdown.render(report).split("\n"))
    paragraphs = [*report.preamble]
    for section in report.sections():
        paragraphs += section.paragraphs
        paragraphs += [p for sub in getattr(section, "subsections", ()) for p in sub.paragraphs]
    expected = Counter(markdown.escape(p) for p in paragraphs)
    assert expected == Counter({line: out[line] for line in expected})


@given(reports())
def test_deterministic(report: Report) -> None:
    """The same report renders to the same Markdown."""
    assert markdown.render(report) == markdown.render(attrs.evolve(report))


@given(reports())
def test_html_tables_option(report: Report) -> None:
    """``tables="html"``: each table is one HTML block with the official merges and numbers."""
    parsed = structure(markdown.render(report, tables="html"))
    expected = expected_structure(report, tables="html")

    def shape(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        return [(kind, None if kind == "html" else value) for kind, value in items]

    assert shape(expected) == shape(parsed)
    blocks = [content for kind, content in parsed if kind == "html"]
    keys = [key for kind, key in expected if kind == "html"]
    for key, block in zip(keys, blocks, strict=True):
        table = lxml_html.fragment_fromstring(block.strip())
        assert key == table.get("data-table")
        for td in table.iter("td"):
            assert format_number(value_at(report, td.get("data-path"))) == td.text


def test_html_tables_keep_merges(example: gd.Report) -> None:
    """With ``tables="html"``, 三、本年度办理结果 spans its 22 rows."""
    document = markdown.render(example, tables="html")
    blocks = [content for kind, content in structure(document) if kind == "html"]
    table = lxml_html.fragment_fromstring(blocks[1].strip())
    spans = {th.text: th.get("rowspan") for th in table.iter("th")}
    expected = str(sum(1 for r in spec.APPLICATION_ROWS if r.kind in ("outcome", "total")))
    assert expected == spans[spec.RESULTS_LABEL]


def test_unknown_table_style_is_refused(example: gd.Report) -> None:
    """``tables`` is ``gfm`` or ``html``; anything else is named in the error."""
    with pytest.raises(UnknownFormatError, match="latex"):
        markdown.render(example, tables="latex")


def test_unknown_option_is_refused(example: gd.Report) -> None:
    """An option the Markdown renderer does not know is named in the error."""
    with pytest.raises(UnknownFormatError, match="fragment"):
        markdown.render(example, fragment=True)


def test_dispatcher_passes_options(example: gd.Report) -> None:
    """``gov_disclosure.render(report, "markdown", tables="html")`` reaches this renderer."""
    assert markdown.render(example, tables="html") == gd.render(example, "markdown", tables="html")
