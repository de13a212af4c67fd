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
    ("name", "reason"),
    [
        ("missing.html", "找不到文件"),
        ("reports/2024/missing", "找不到文件"),
        ("报告.DOCX", "找不到文件"),
        ("C:\\报告\\上杭.txt", "找不到文件"),
        (".", "这是一个目录，不是文件"),
        ("sub/", "这是一个目录，不是文件"),
    ],
)
@pytest.mark.parametrize("as_path", [False, True])
def test_file_name_that_is_not_a_file(
    name: str, reason: str, as_path: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A str (or Path) that looks like a file name — one line ending in a known suffix or
    holding a path separator — and names no file is refused saying so, with the name (it was
    read as the document's text: "不像一份…年度报告")."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(ParseError) as info:
        parse(Path(name) if as_path else name)
    error = info.value
    assert (error.reason, error.where, error.source) == (reason, "文件", str(Path(name)) if as_path else name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_file_is_not_read(tmp_path: Path) -> None:
    """A FIFO (reading it would block) or a device (``/dev/zero`` never ends) is refused."""
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    special = "这不是普通文件（而是设备、管道或套接字），不读取"
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ParseError) as info:
            parse(path)
        assert (info.value.reason, info.value.where) == (special, "文件")


@pytest.mark.parametrize(
    "source",
    [
        "一、总体情况",  # one line, no suffix, no separator
        "一、总体情况/二、主动公开\n三、收到和处理.html",  # several lines
        "<html><body><p>一、总体情况</p><p>2024/1/1</p></body></html>",  # markup
    ],
)
def test_text_that_is_not_a_file_name_is_content(source: str) -> None:
    """A str with a line break or markup, or one naming no suffix and no folder, is the
    document's text: refused as not a report, not as a missing file."""
    with pytest.raises(ParseError) as info:
        parse(source)
    assert "找不到文件" not in str(info.value)


def test_parse_text_and_bytes_are_always_content(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """parse_text(str) and parse(bytes) read their argument as the document, even when it
    names an existing file."""
    from gov_disclosure.parse import parse_text

    monkeypatch.chdir(tmp_path)
    Path("report.txt").write_text(text, encoding="utf-8")
    assert parse("report.txt").report == distinct_report()
    assert parse_text(text).report == distinct_report()
    for content in (lambda: parse_text("report.txt"), lambda: parse(b"report.txt")):
        with pytest.raises(ParseError) as info:
            content()
        assert "不像一份政府信息公开工作年度报告" in str(info.value)


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


class _Counted(str):
    """A str that counts the characters copied by ``+`` into strings of its kind (``+=``
    on a str copies the whole string whenever it cannot grow in place)."""

    copied = 0

    def __add__(self, other: str) -> _Counted:
        _Counted.copied += len(self) + len(other)
        return _Counted(str.__add__(self, other))

    def __radd__(self, other: str) -> _Counted:
        _Counted.copied += len(self) + len(other)
        return _Counted(str.__add__(other, self))

    def strip(self, chars: str | None = None) -> _Counted:
        return _Counted(str.strip(self, chars))

    def rstrip(self, chars: str | None = None) -> _Counted:
        return _Counted(str.rstrip(self, chars))

    def replace(self, old: str, new: str, count: int = -1) -> _Counted:  # type: ignore[override]
        return _Counted(str.replace(self, old, new, count))

    def split(self, sep: str | None = None, maxsplit: int = -1) -> list[_Counted]:  # type: ignore[override]
        return [_Counted(p) for p in str.split(self, sep, maxsplit)]


def test_html_text_is_joined_once_not_concatenated() -> None:
    """The text of an HTML element broken over 20,000 source lines is joined in one pass: no
    character is copied by string concatenation (``out += piece`` copied 20,000 × 20,000 / 2
    lines' worth when the string could not grow in place, as under a profiler)."""
    from gov_disclosure.parse import html

    _Counted.copied = 0
    text = _Counted("1 2 3 4 5 6 7\n" * 20_000)
    cleaned = html._clean(text)
    assert (cleaned, _Counted.copied) == (" ".join(["1 2 3 4 5 6 7"] * 20_000), 0)


def test_layout_padding_is_trimmed_in_one_pass() -> None:
    """A million empty layout cells before a row's values are trimmed by one slice (popping
    them one at a time from the front of the list took minutes)."""
    from gov_disclosure.parse import _engine

    values = [""] * 1_000_000 + ["1", "0", "0", "0", "0", "0", "1"] + [""] * 1_000_000
    assert _engine.fit(values, 7) == ["1", "0", "0", "0", "0", "0", "1"]


def test_row_with_many_layout_cells_reads(text: str) -> None:
    """A 表三 row whose values follow 200,000 empty layout cells reads as the row."""
    doc = text.replace(spec.NEW.label + "\t", spec.NEW.label + "\t" * 200_000, 1)
    assert parse(doc).report == distinct_report()


def test_paragraph_of_ninety_thousand_inline_elements_reads_in_one_pass() -> None:
    """An HTML paragraph made of 90,000 inline elements is gathered once (joining the pieces
    read so far for each new piece took minutes)."""
    report = distinct_report()
    page = str(gd.render(report, "html"))
    at = page.index("<p>") + len("<p>")
    result = parse(page[:at] + "<b>x</b>" * 90_000 + page[at:], "html")
    assert result.report.preamble[0] == "x" * 90_000 + report.preamble[0]


def test_every_reading_rule_is_documented() -> None:
    """Every ``parse.*`` rule id the parser emits has its section in docs/parse.md and its
    entry in docs/checks.md."""
    import re

    from tests.conftest import ROOT

    source = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "gov_disclosure" / "parse").glob("*.py")
    )
    rules = sorted(set(re.findall(r'"(parse\.[a-z_]+)"', source)))
    parse_md = (ROOT / "docs" / "parse.md").read_text(encoding="utf-8")
    checks_md = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    undocumented = [r for r in rules if f"### `{r}`" not in parse_md or f"### `{r}`" not in checks_md]
    assert (len(rules) >= 6, undocumented) == (True, [])
