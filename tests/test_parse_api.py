"""parse(): its inputs, its result, its one exception, its speed on hostile input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import FORMATS, ParseError, ParseResult, guess_format, parse
from tests.strategies import distinct_report


@pytest.fixture(scope="module")
def text() -> str:
    return str(gd.render(distinct_report(), "text"))


def test_path_str_pathlike_bytes_and_text_read_alike(text: str, tmp_path: Path) -> None:
    """A path (str or PathLike), the bytes and the text of a document give the same report."""
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    reports = {parse(src).report for src in (str(path), path, text.encode("utf-8"), text)}
    assert [distinct_report()] == list(reports)


def test_gb18030_bytes_are_decoded(text: str) -> None:
    """Text saved in GB18030 (common on older sites) reads like UTF-8."""
    assert distinct_report() == parse(text.encode("gb18030"), "text").report


def test_result_is_frozen(text: str) -> None:
    """ParseResult is immutable."""
    result = parse(text)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.format = "html"  # type: ignore[misc]


def test_result_says_where_tables_were(text: str) -> None:
    """ParseResult.tables maps each table key to the line it starts on."""
    lines = text.split("\n")
    expected = {
        key: f"第 {next(i for i, line in enumerate(lines, 1) if line.startswith(first))} 行"
        for key, first in (
            ("active_disclosure", spec.ITEM_1),
            ("applications", spec.TABLE3_NOTE),
            ("review_litigation", spec.REVIEW_LABEL),
        )
    }
    assert expected == parse(text).tables


def test_findings_include_check_findings(text: str) -> None:
    """ParseResult.findings holds check()'s findings of the report read (here a wrong total)."""
    wrong = text.replace("\t3\n\n四、政府信息公开", "\t4\n\n四、政府信息公开")
    result = parse(wrong)
    assert "table3.row_total" in {f.rule for f in result.findings}


def test_unknown_format_is_a_parse_error(text: str) -> None:
    """fmt must be one of text, markdown, html, docx, pdf."""
    with pytest.raises(ParseError, match="odt"):
        parse(text, "odt")


def test_unreadable_file_is_a_parse_error(tmp_path: Path) -> None:
    """A directory given as a path is refused with ParseError, not OSError."""
    with pytest.raises(ParseError):
        parse(tmp_path)


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("a.docx", b"anything", "docx"),
        ("a.htm", b"", "html"),
        ("a.md", b"", "markdown"),
        ("a.txt", b"<html>", "text"),
        (None, b"PK\x03\x04", "docx"),
        (None, b"<!DOCTYPE html><html>", "html"),
        (None, "<table><tr><td>1</td></tr></table>", "html"),
        (None, "| a | b |\n|---|---|", "markdown"),
        (None, "# 标题\n正文", "markdown"),
        (None, "一、总体情况\n正文", "text"),
    ],
)
def test_guess_format(name: str | None, data: bytes | str, fmt: str) -> None:
    """The format comes from the suffix, else from the content."""
    assert fmt == guess_format(data, name)


def test_import_is_light() -> None:
    """import gov_disclosure.parse loads neither lxml nor python-docx."""
    code = "import sys, gov_disclosure.parse; print(sorted(m for m in ('lxml', 'docx') if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": "src"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    nothing = "[]"
    assert nothing == out.stdout.strip()


@pytest.mark.parametrize("fmt", FORMATS)
@given(st.text(max_size=400))
def test_any_text_gives_a_result_or_a_parse_error(fmt: str, data: str) -> None:
    """Whatever text comes in, parse returns a ParseResult or raises ParseError."""
    try:
        result = parse(data, fmt) if fmt != "docx" else parse(data.encode("utf-8", "surrogatepass"), fmt)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


@pytest.mark.parametrize("fmt", FORMATS)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_result_or_a_parse_error(fmt: str, data: bytes) -> None:
    """Whatever bytes come in, parse returns a ParseResult or raises ParseError."""
    try:
        result = parse(data, fmt)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@given(data=st.data())
def test_damaged_reports_give_a_result_or_a_parse_error(fmt: str, data: st.DataObject) -> None:
    """A rendered report with a random stretch cut out or repeated: ParseResult or ParseError."""
    doc = str(gd.render(distinct_report(), fmt))
    start = data.draw(st.integers(0, len(doc)))
    end = data.draw(st.integers(start, min(len(doc), start + 400)))
    repeat = data.draw(st.booleans())
    damaged = doc[:start] + (doc[start:end] * 2 if repeat else "") + doc[end:]
    try:
        result = parse(damaged, fmt)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


HOSTILE = {
    "brackets": "一、总体情况\n" + "（" * 2_000_000,
    "spaces": "一、总体情况\n(" + " " * 2_000_000 + "x",
    "one long line": "政府信息公开" * 400_000,
    "tabs": "\t" * 2_000_000,
    "pipes": "|" * 2_000_000,
    "numbers": "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" + "1 2 3 4 5 6 7\n" * 200_000,
    "lines": "一、总体情况\n" + "我局\n" * 300_000,
    "years": "2024年" * 300_000 + "政府信息公开报告",
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_finishes(fmt: str, name: str) -> None:
    """Megabytes of adversarial text end in a ParseResult or a ParseError (no catastrophic
    backtracking, no quadratic joining); the time is measured in benchmarks/bench_parse.py."""
    try:
        result = parse(HOSTILE[name], fmt)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


def test_deeply_nested_html_finishes() -> None:
    """Ten thousand nested elements: ParseResult or ParseError, never RecursionError."""
    doc = "<div>" * 10_000 + "一、总体情况" + "</div>" * 10_000
    with pytest.raises(ParseError):
        parse(doc, "html")


@pytest.mark.parametrize(
    ("fmt", "text", "what"),
    [
        ("text", "一、总体情况\n" + "我局\n" * 1_000_000, "行"),
        ("markdown", "# 标题\n" * 150_000, "行"),
        ("html", "<p>x</p>" * 150_000, "HTML 标记"),
        ("text", "我" * 9_000_000, "个字符"),
    ],
)
def test_documents_far_beyond_a_report_are_refused_at_once(fmt: str, text: str, what: str) -> None:
    """A document far larger than any report (a million lines, hundreds of thousands of tags,
    millions of characters) is refused before it is read line by line."""
    with pytest.raises(ParseError, match=r"超过上限.*不像一份年度报告") as info:
        parse(text, fmt)
    assert what in str(info.value)
