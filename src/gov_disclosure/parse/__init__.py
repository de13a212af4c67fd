"""Read published reports — text, Markdown, HTML, DOCX, PDF — back into the typed report.

``parse(source, fmt=None) -> ParseResult``: the report as published (wrong totals kept as
printed) and its findings: what :func:`gov_disclosure.check` finds plus what reading found
(a row left out, a label worded differently, a blank cell read as 0 …; rule ids ``parse.*``,
``docs/parse.md``). A document that is not a report raises
:class:`~gov_disclosure.exceptions.ParseError` saying where reading stopped; nothing else ever
escapes. lxml, python-docx and pypdfium2 load only when an HTML, DOCX or PDF document is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

from gov_disclosure.checks import Finding, check
from gov_disclosure.exceptions import ParseError
from gov_disclosure.model import Report

__all__ = ["FORMATS", "MAX_INPUT", "ParseError", "ParseResult", "guess_format", "parse"]

#: The formats ``parse`` reads.
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "docx", "pdf")
_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
#: Largest input accepted, in bytes (a report is a few hundred KB at most).
MAX_INPUT = 64 * 1024 * 1024


@attrs.frozen(kw_only=True)
class ParseResult:
    """What :func:`parse` read.

    ``report``: the report as published; ``findings``: reading findings (``parse.*``) then the
    findings of :func:`gov_disclosure.check`; ``tables``: where each table was found (table key
    → ``"第 58 行"`` or ``"第 2 个表格"``); ``format``: the format read.
    """

    report: Report
    findings: tuple[Finding, ...]
    tables: dict[str, str] = attrs.field(factory=dict)
    format: str

    @property
    def reading_findings(self) -> tuple[Finding, ...]:
        """Only what reading found (rule ids starting ``parse.``)."""
        return tuple(f for f in self.findings if f.rule.startswith("parse."))


def guess_format(data: bytes | str, name: str | None = None) -> str:
    """The format of a document: from the file suffix, else from the content (``%PDF-`` → PDF,
    a zip → DOCX, ``<html``/``<table`` → HTML, a pipe table or ``#`` headings → Markdown, else
    text)."""
    if name:
        suffix = Path(name).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    if isinstance(data, bytes):
        if data.startswith(b"PK"):
            return "docx"
        if b"%PDF-" in data[:1024]:
            return "pdf"
        head = data[:4096].decode("utf-8", "replace")
    else:
        head = data[:4096]
    lowered = head.lower()
    if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered or "<body" in lowered:
        return "html"
    for line in head.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and stripped.lstrip("#")[:1] == " ":
            return "markdown"
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            return "markdown"
    return "text"


def _load(source: Any) -> tuple[bytes | str, str | None]:
    """The document's content and its file name (for messages), from a path, bytes or text."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and len(source) < 4096 and "\n" not in source and _is_file(source)
    ):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_INPUT:
                msg = f"文件有 {size} 字节，超过上限 {MAX_INPUT} 字节"
                raise ParseError(msg, where="文件", source=str(path))
            return path.read_bytes(), str(path)
        except OSError as exc:
            msg = f"无法读取文件：{exc.strerror or exc}"
            raise ParseError(msg, where="文件", source=str(path)) from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > MAX_INPUT:
            msg = f"文档有 {len(data)} 字节，超过上限 {MAX_INPUT} 字节"
            raise ParseError(msg, where="文档")
        return data, None
    if isinstance(source, str):
        return source, None
    msg = f"parse() 需要文件路径、bytes 或 str，收到 {type(source).__name__}"
    raise ParseError(msg, where="参数 source")


#: A published report is a few hundred lines and a few thousand HTML tags; documents far
#: beyond that are refused at once rather than read line by line.
MAX_LINES = 100_000
MAX_TAGS = 200_000
MAX_CHARS = 8_000_000


def _check_size(text: str, fmt: str, name: str | None) -> None:
    if len(text) > MAX_CHARS:
        msg = f"文档有 {len(text)} 个字符，超过上限 {MAX_CHARS}，不像一份年度报告"
        raise ParseError(msg, where="全文", source=name)
    if fmt == "html":
        tags = text.count("<")
        if tags > MAX_TAGS:
            msg = f"文档有 {tags} 个 HTML 标记，超过上限 {MAX_TAGS}，不像一份年度报告"
            raise ParseError(msg, where="全文", source=name)
        return
    lines = text.count("\n") + text.count("\r") + text.count("\f")
    if lines > MAX_LINES:
        msg = f"文档有 {lines} 行，超过上限 {MAX_LINES} 行，不像一份年度报告"
        raise ParseError(msg, where="全文", source=name)


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def parse(source: str | bytes | os.PathLike[str], fmt: str | None = None) -> ParseResult:
    """Read a published report.

    ``source``: a path (str or PathLike) of an existing file, the document as bytes, or the
    document's text (a str that is not an existing path). ``fmt``: ``"text"``, ``"markdown"``,
    ``"html"``, ``"docx"`` or ``"pdf"``; guessed from the suffix or the content when left out.
    """
    try:
        return _parse(source, fmt)
    except ParseError:
        raise
    except RecursionError:
        msg = "文档嵌套过深，无法读取"
        raise ParseError(msg, where="文档结构") from None
    except MemoryError:
        msg = "文档过大，无法读取"
        raise ParseError(msg, where="全文") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only ParseResult or ParseError
        msg = f"读取时出错（{type(exc).__name__}: {exc}）"
        raise ParseError(msg, where="全文") from None


def _parse(source: Any, fmt: str | None) -> ParseResult:
    data, name = _load(source)
    try:
        return _read(data, name, fmt)
    except ParseError as exc:
        if exc.source is None and name is not None:
            raise ParseError(exc.reason, where=exc.where, source=name) from None
        raise


def _read(data: bytes | str, name: str | None, fmt: str | None) -> ParseResult:
    if fmt is None:
        fmt = guess_format(data, name)
    elif fmt not in FORMATS:
        msg = f"不认识的格式 {fmt!r}：可用 {', '.join(FORMATS)}"
        raise ParseError(msg, where="参数 fmt", source=name)
    from gov_disclosure.parse import _build  # noqa: PLC0415 - keeps the import light

    if fmt in ("docx", "pdf"):
        if isinstance(data, str):
            msg = f"{fmt.upper()} 应以文件路径或 bytes 给出，不能是文本"
            raise ParseError(msg, where="参数 source", source=name)
        if fmt == "pdf":
            from gov_disclosure.parse import pdf  # noqa: PLC0415

            doc = pdf.read(data)
        else:
            from gov_disclosure.parse import docx  # noqa: PLC0415

            doc = docx.read(data)
    else:
        text = _decode(data)
        _check_size(text, fmt, name)
        if fmt == "html":
            from gov_disclosure.parse import html  # noqa: PLC0415

            doc = html.read(data if isinstance(data, bytes) else text)
        elif fmt == "markdown":
            from gov_disclosure.parse import markdown  # noqa: PLC0415

            doc = markdown.read(text)
        else:
            from gov_disclosure.parse import text as text_format  # noqa: PLC0415

            doc = text_format.read(text)
    built = _build.build(doc, name)
    findings = (*built.findings, *check(built.report))
    return ParseResult(report=built.report, findings=findings, tables=built.tables, format=fmt)
