"""Encodings of published documents, and damaged text: what reading changed is always said.

Agency sites serve GB2312/GBK/GB18030 pages, often with a wrong or missing ``<meta charset>``;
Windows Notepad saves UTF-16 with a byte order mark. Every text format is decoded by the
library itself (lxml is given text it cannot misread), and a reading finding names the
encoding whenever it was not UTF-8. Characters a report cannot hold, bytes that are no
character, DOCX content the XML parser leaves unexpanded: each change gets a finding.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.parse import ParseError, ParseResult, guess_format, parse
from tests.strategies import distinct_report

META = '<meta charset="utf-8">'


@pytest.fixture(scope="module")
def report() -> gd.Report:
    return distinct_report()


@pytest.fixture(scope="module")
def page(report: gd.Report) -> str:
    html = str(gd.render(report, "html"))
    assert META in html
    return html


@pytest.fixture(scope="module")
def text(report: gd.Report) -> str:
    return str(gd.render(report, "text"))


def _reading(result: ParseResult) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in result.reading_findings]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["bytes", "file"])
def test_utf8_page_without_charset(report: gd.Report, page: str, given: str, tmp_path: Path) -> None:
    """A UTF-8 page without ``<meta charset>``, read from bytes or a file, reads like the same
    page given as text (lxml alone falls back to Latin-1 and found no report); UTF-8 is the
    expected encoding, so nothing is said."""
    data = page.replace(META, "").encode("utf-8")
    path = tmp_path / "page.html"
    path.write_bytes(data)
    result = parse(data if given == "bytes" else path)
    assert (report, []) == (result.report, _reading(result))


@pytest.mark.parametrize(
    ("meta", "said"),
    [
        ("", "文档不是 UTF-8 编码，按 GB18030 编码读入（兼容 GBK、GB2312）"),
        (META, "页面声明的编码为“utf-8”（第 4 行），但内容是 GB18030 编码，按 GB18030 读入"),
        (
            '<meta charset="ISO-8859-1">',
            "页面声明的编码为“iso-8859-1”（第 4 行），但内容是 GB18030 编码，按 GB18030 读入",
        ),
        ('<meta charset="gb2312">', "按页面声明的 GB18030 编码读入（第 4 行声明为“gb2312”；不是 UTF-8）"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
            "按页面声明的 GB18030 编码读入（第 4 行声明为“gbk”；不是 UTF-8）",
        ),
        (
            '<meta charset="x-no-such">',
            "页面声明的编码为“x-no-such”（第 4 行），这不是可识别的编码名称，"
            "但内容是 GB18030 编码，按 GB18030 读入",
        ),
    ],
)
def test_gbk_page(report: gd.Report, page: str, meta: str, said: str) -> None:
    """A GBK page reads whatever it declares (nothing, UTF-8, Latin-1, gb2312, GBK, nonsense);
    the finding names the encoding used and, when the page declared another, the declaration
    and its line."""
    result = parse(page.replace(META, meta).encode("gbk"))
    assert (report, [("parse.encoding", said)]) == (result.report, _reading(result))


def test_utf8_page_declaring_gbk(report: gd.Report, page: str) -> None:
    """Valid UTF-8 is UTF-8 whatever the page declares; the wrong declaration is named."""
    result = parse(page.replace(META, '<meta charset="gbk">').encode("utf-8"))
    said = "页面声明的编码为“gbk”（第 4 行），但内容是 UTF-8 编码，按 UTF-8 读入"
    assert (report, [("parse.encoding", said)]) == (result.report, _reading(result))


BOMS = {
    "UTF-16 LE": ("utf-16-le", b"\xff\xfe"),
    "UTF-16 BE": ("utf-16-be", b"\xfe\xff"),
    "UTF-32 LE": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "UTF-32 BE": ("utf-32-be", b"\x00\x00\xfe\xff"),
}


@pytest.mark.parametrize("name", sorted(BOMS))
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_utf16_and_utf32_with_bom(report: gd.Report, fmt: str, name: str, tmp_path: Path) -> None:
    """A document saved by Notepad as UTF-16 (or as UTF-32), with its byte order mark, reads
    from a file with its format guessed (it was refused as not a report)."""
    encoding, bom = BOMS[name]
    suffix = {"text": ".txt", "markdown": ".md", "html": ".html"}[fmt]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(bom + str(gd.render(report, fmt)).encode(encoding))
    result = parse(path)
    said = f"文档带有字节顺序标记（BOM），按 {name} 编码读入"
    assert (report, fmt, [("parse.encoding", said)]) == (result.report, result.format, _reading(result))


def test_utf16_without_bom(report: gd.Report, page: str) -> None:
    """UTF-16 without a byte order mark is recognised by its NULs (and its format guessed)."""
    data = page.encode("utf-16-le")
    result = parse(data)
    said = "文档是没有字节顺序标记（BOM）的 UTF-16 LE 编码，按 UTF-16 LE 编码读入"
    assert (report, "html", [("parse.encoding", said)]) == (result.report, result.format, _reading(result))


def test_format_of_utf16_bytes_is_guessed_from_their_text(page: str) -> None:
    """guess_format reads the start of UTF-16 bytes as text."""
    assert guess_format(b"\xff\xfe" + page.encode("utf-16-le")) == "html"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (bytes(range(256)) * 64, "内容不是 UTF-8、UTF-16、UTF-32 或 GB18030（GBK、GB2312）编码的文本"),
        (os.urandom(3000), "内容不是 UTF-8、UTF-16、UTF-32 或 GB18030（GBK、GB2312）编码的文本"),
        (
            b"\x00\x01" * 3000 + "一、总体情况".encode(),
            "按 UTF-8 解码后大量字符是控制字符（如 NUL），不是文本文档",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            '这是 PDF 文件，不是文本：请按 PDF 读取（不指定格式，或 fmt="pdf"）',
        ),
    ],
)
@pytest.mark.parametrize("fmt", [None, "text", "html"])
def test_bytes_that_are_no_text_are_refused(data: bytes, why: str, fmt: str | None) -> None:
    """Random binary, NUL-riddled data that is not UTF-16, a PDF read as a text format:
    ParseError saying the encoding could not be determined (and why), not "not a report". (A
    PDF whose format is left to guess is read as a PDF: see tests/test_parse_pdf.py.)"""
    if fmt is None and data.startswith(b"%PDF-"):
        fmt = "text"
    with pytest.raises(ParseError) as info:
        parse(data, fmt)
    assert info.value.reason == f"无法确定文档的字符编码：{why}"


# --- damaged text ----------------------------------------------------------------------------


def test_invalid_utf8_bytes_are_replaced_and_named(text: str) -> None:
    """A few bytes that are no UTF-8 become U+FFFD, and a finding gives their lines (the
    replacement used to be silent)."""
    lines = text.split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("本报告"))
    data = (
        "\n".join(lines)
        .encode("utf-8")
        .replace("本报告".encode(), "本".encode() + b"\xff" + "告".encode(), 1)
    )
    result = parse(data)
    assert result.report.preamble[0].startswith("本\ufffd告")
    said = f"文档有 1 处字节不是有效的 UTF-8 字符（文件可能已损坏），已替换为“\ufffd”：第 {n + 1} 行"
    assert [("parse.damaged_text", said)] == _reading(result)


@pytest.mark.parametrize("as_bytes", [False, True])
def test_control_characters_are_deleted_and_named(report: gd.Report, text: str, as_bytes: bool) -> None:
    """A control character, U+0085, U+2028 or U+2029 in a text document is deleted, with a
    finding naming each kind and the lines (it was deleted silently)."""
    lines = text.split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("本报告"))
    lines[n] = lines[n].replace("本报告", "本\x07报\u2028告", 1)
    lines[n + 2] = "\x85" + lines[n + 2] + "\u2029\x00"
    doc = "\n".join(lines)
    result = parse(doc.encode("utf-8") if as_bytes else doc)
    said = (
        "删去了 5 个报告不能含有的字符（U+0007、U+2028、U+0085、U+2029、U+0000：控制字符或特殊分隔符）："
        f"第 {n + 1}、{n + 3} 行"
    )
    assert (report, [("parse.damaged_text", said)]) == (result.report, _reading(result))


def test_character_references_in_html(report: gd.Report, page: str) -> None:
    """``&#1;`` in a page (a control character) is deleted and ``&#0;`` (no character, which
    lxml reads as U+FFFD) is named: both with their place."""
    at = page.index(report.preamble[0])
    changed = page[:at] + "&#1;&#0;" + page[at:]
    line = changed[:at].count("\n") + 1
    result = parse(changed, "html")
    assert result.report.preamble[0] == "\ufffd" + report.preamble[0]
    reading = _reading(result)
    assert reading == [
        ("parse.damaged_text", f"1 个字符引用不是有效的字符，读作“\ufffd”：“&#0;”（第 {line} 行）"),
        (
            "parse.damaged_text",
            f"删去了 1 个报告不能含有的字符（U+0001：控制字符或特殊分隔符）：第 {line} 行",
        ),
    ]


# --- DOCX ------------------------------------------------------------------------------------


def _docx(report: gd.Report, change: Callable[[str], str]) -> bytes:
    """The report as DOCX, its word/document.xml changed."""
    data = gd.render(report, "docx")
    assert isinstance(data, bytes)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename == "word/document.xml":
                part = change(part.decode("utf-8")).encode("utf-8")
            zout.writestr(info, part)
    return out.getvalue()


def _with_dtd(xml: str, dtd: str) -> str:
    declaration = xml[: xml.index("?>") + 2]
    return declaration + f"<!DOCTYPE w:document [{dtd}]>" + xml[len(declaration) :]


def test_docx_entity_reference_keeps_the_text_after_it(report: gd.Report) -> None:
    """A ``w:t`` holding an entity reference (internal or external, never expanded): the text
    after the reference is kept (it was dropped with the reference), and a finding names the
    reference and its paragraph."""
    first = report.preamble[0]

    def change(xml: str) -> str:
        xml = _with_dtd(xml, '<!ENTITY ag "某局"><!ENTITY ext SYSTEM "file:///etc/passwd">')
        return xml.replace(first, first[:2] + "&ag;" + first[2:4] + "&ext;" + first[4:], 1)

    result = parse(_docx(report, change))
    assert result.report.preamble[0] == first
    said = (
        "DOCX 中有 2 处内容无法读出，已略去（其前后的文字照常读入）："
        "实体引用“&ag;”（第 2 段）、实体引用“&ext;”（第 2 段）"
    )
    assert (report, [("parse.damaged_text", said)]) == (result.report, _reading(result))


def test_docx_line_separator_is_deleted_and_named(report: gd.Report) -> None:
    """U+2028 (which XML allows and a report cannot hold) in a DOCX is deleted, with its place."""
    first = report.preamble[0]
    result = parse(_docx(report, lambda xml: xml.replace(first, first[:3] + "\u2028" + first[3:], 1)))
    said = "删去了 1 个报告不能含有的字符（U+2028：控制字符或特殊分隔符）：第 2 段"
    assert (report, [("parse.damaged_text", said)]) == (result.report, _reading(result))


def test_docx_text_box_is_read_once_and_symbols_are_named(report: gd.Report) -> None:
    """A text box Word writes twice (``mc:Choice`` and its ``mc:Fallback`` copy) is read once;
    a ``w:sym`` character is read, a symbol-font glyph named."""
    first = report.preamble[0]
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (
        f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:r><w:t>框</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        '<w:r><w:sym w:font="SimSun" w:char="2116"/><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    )

    def change(xml: str) -> str:
        at = xml.index(first)
        run = xml.rindex("<w:r>", 0, at)
        return xml[:run] + box + xml[run:]

    result = parse(_docx(report, change))
    assert result.report.preamble[0] == "框№" + first
    said = (
        "DOCX 中有 1 处内容无法读出，已略去（其前后的文字照常读入）："
        "符号字体字符（Wingdings F0FC）（第 2 段）"
    )
    assert [("parse.damaged_text", said)] == _reading(result)


def test_no_finding_for_clean_documents(report: gd.Report) -> None:
    """The renderers' own output (UTF-8, nothing damaged) reads with no reading finding."""
    for fmt in ("text", "markdown", "html", "docx"):
        data = gd.render(report, fmt)
        result = parse(data.encode("utf-8") if isinstance(data, str) else data, fmt)
        assert (fmt, []) == (fmt, _reading(result))
        assert not [f for f in result.reading_findings if re.match("parse.(encoding|damaged_text)", f.rule)]
