"""Read published reports — text, Markdown, HTML, DOCX, XLSX, PDF — back into the typed report.

``parse(source, fmt=None) -> ParseResult``: the report as published (wrong totals kept as
printed) and its findings: what :func:`gov_disclosure.check` finds plus what reading found
(a row left out, a label worded differently, a blank cell read as 0 …; rule ids ``parse.*``,
``docs/parse.md``). A document that is not a report raises
:class:`~gov_disclosure.exceptions.ParseError` saying where reading stopped; nothing else ever
escapes. The bytes of text formats are decoded here, whatever their encoding
(:mod:`gov_disclosure.parse._decode`); ``parse_text(text)`` reads a ``str`` as the document
even when it looks like a file name. lxml, python-docx and pypdfium2 load only when an HTML,
DOCX or PDF document is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import attrs

from gov_disclosure.checks import check
from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.io import filetypes
from gov_disclosure.model import Report
from gov_disclosure.parse._blocks import Doc

__all__ = ["FORMATS", "MAX_INPUT", "ParseError", "ParseResult", "guess_format", "parse", "parse_text"]

#: The formats ``parse`` reads (from :mod:`gov_disclosure.io.filetypes`).
FORMATS: tuple[str, ...] = tuple(t.name for t in filetypes.readable("document"))
#: Largest input accepted, in bytes (a report is a few hundred KB at most).
MAX_INPUT = 64 * 1024 * 1024


@attrs.frozen(kw_only=True)
class ParseResult:
    """What :func:`parse` read.

    ``report``: the report as published; ``findings``: reading findings (``parse.*``) then the
    findings of :func:`gov_disclosure.check`; ``tables``: where each table was found (table key
    → ``"第 58 行"`` or ``"第 2 个表格"``); ``format``: the format read; ``doc``: the blocks the
    reader made (paragraphs and table rows with where each was), for tools that look at the
    document itself (:mod:`gov_disclosure.review`).
    """

    report: Report
    findings: tuple[Finding, ...]
    tables: dict[str, str] = attrs.field(factory=dict)
    format: str
    doc: Doc | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def reading_findings(self) -> tuple[Finding, ...]:
        """Only what reading found (rule ids starting ``parse.``)."""
        return tuple(f for f in self.findings if f.rule.startswith("parse."))


def guess_format(data: bytes | str, name: str | None = None) -> str:
    """The format of a document: from the file suffix, else from the content (``%PDF-`` → PDF,
    a zip → XLSX when it holds ``xl/workbook.xml``, else DOCX, ``<html``/``<table`` → HTML, a
    pipe table or ``#`` headings → Markdown, else text)."""
    if name:
        named = _document_type(name)
        if named is not None:
            return named.name
    if isinstance(data, bytes):
        if data.startswith(b"PK"):
            return "xlsx" if b"xl/workbook.xml" in data else "docx"
        if b"%PDF-" in data[:1024]:
            return "pdf"
        from gov_disclosure.parse import _decode  # noqa: PLC0415 - loads with the first document

        head = _decode.head(data)
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


def _document_type(name: str) -> filetypes.FileType | None:
    """The document type the suffix of ``name`` names, if any."""
    found = filetypes.by_suffix(name)
    return found if found is not None and found.kind == "document" and found.reader else None


def _looks_like_path(source: str) -> bool:
    """A str that names a file rather than holding a document: one short line, no markup,
    ending in a known suffix or holding a path separator."""
    if not source.strip() or len(source) > 4096 or any(c in source for c in "\n\r<>"):
        return False
    if _document_type(source.strip()) is not None:
        return True
    return any(sep in source for sep in ("/", "\\", os.sep, os.altsep or "/"))


def _load(source: Any) -> tuple[bytes | str, str | None]:
    """The document's content and its file name (for messages), from a path, bytes or text."""
    if isinstance(source, os.PathLike):
        return _read_file(Path(source), str(Path(source)))
    if isinstance(source, str) and (_exists(source) or _looks_like_path(source)):
        return _read_file(Path(source), source)
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


def _read_file(path: Path, name: str) -> tuple[bytes, str]:
    """The bytes of the file at ``path`` (``name`` as the user gave it, for messages)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            msg = "这是一个目录，不是文件"
        elif not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero never end
            msg = "这不是普通文件（而是设备、管道或套接字），不读取"
        elif info.st_size > MAX_INPUT:
            msg = f"文件有 {info.st_size} 字节，超过上限 {MAX_INPUT} 字节"
        else:
            with path.open("rb") as file:
                data = file.read(MAX_INPUT + 1)
            if len(data) <= MAX_INPUT:
                return data, name
            msg = f"文件有 {len(data)} 字节以上，超过上限 {MAX_INPUT} 字节"
    except FileNotFoundError:
        msg = "找不到文件"
    except NotADirectoryError:
        msg = "找不到文件（路径中的某一级不是目录）"
    except PermissionError:
        msg = "没有读取这个文件的权限"
    except (OSError, ValueError) as exc:
        msg = f"无法读取文件：{getattr(exc, 'strerror', None) or exc}"
    raise ParseError(msg, where="文件", source=name) from None


#: A published report is a few hundred lines and a few thousand HTML tags; documents far
#: beyond that are refused at once rather than read line by line.
MAX_LINES = 100_000
MAX_TAGS = 200_000
MAX_CHARS = 8_000_000


def _check_size(text: str, markup: bool, name: str | None) -> None:  # noqa: FBT001 - internal helper
    """Refuse a text far beyond any report: too many characters, tags (markup) or lines."""
    if len(text) > MAX_CHARS:
        msg = f"文档有 {len(text)} 个字符，超过上限 {MAX_CHARS}，不像一份年度报告"
        raise ParseError(msg, where="全文", source=name)
    if markup:
        tags = text.count("<")
        if tags > MAX_TAGS:
            msg = f"文档有 {tags} 个 HTML 标记，超过上限 {MAX_TAGS}，不像一份年度报告"
            raise ParseError(msg, where="全文", source=name)
        return
    lines = text.count("\n") + text.count("\r") + text.count("\f")
    if lines > MAX_LINES:
        msg = f"文档有 {lines} 行，超过上限 {MAX_LINES} 行，不像一份年度报告"
        raise ParseError(msg, where="全文", source=name)


def _exists(name: str) -> bool:
    """Whether a one-line ``name`` names an existing file or directory."""
    if not name.strip() or len(name) >= 4096 or "\n" in name or "\r" in name:
        return False
    try:
        return Path(name).exists()
    except (OSError, ValueError):
        return False


def parse(source: str | bytes | os.PathLike[str], fmt: str | None = None) -> ParseResult:
    """Read a published report.

    ``source``: a path (``os.PathLike``, or a ``str`` that names an existing file or looks
    like a file name: one line ending in a known suffix or holding a path separator), the
    document as ``bytes`` (always content), or the document's text (any other ``str``; to
    read a ``str`` as text whatever it holds, use :func:`parse_text`). ``fmt``: ``"text"``,
    ``"markdown"``, ``"html"``, ``"docx"``, ``"xlsx"`` or ``"pdf"``; guessed from the suffix or the content
    when left out.
    """
    return _guarded(_parse, source, fmt)


def parse_text(text: str, fmt: str | None = None) -> ParseResult:
    """Read a published report given as text: ``text`` is the document, never a file name
    (``parse("a.html")`` reads the file ``a.html``; ``parse_text("a.html")`` reads the five
    characters). ``fmt`` as for :func:`parse`."""
    if not isinstance(text, str):
        msg = f"parse_text() 需要 str，收到 {type(text).__name__}"
        raise ParseError(msg, where="参数 text")
    return _guarded(_read, text, None, fmt)


def _guarded(function: Any, *args: Any) -> ParseResult:
    try:
        result: ParseResult = function(*args)
        return result
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
    if fmt is not None and fmt not in FORMATS:
        msg = f"不认识的格式 {fmt!r}：可用 {', '.join(FORMATS)}"
        raise ParseError(msg, where="参数 fmt", source=name)
    if fmt is None:
        fmt = guess_format(data, name)
    import importlib  # noqa: PLC0415 - the reader loads with the first document of its type

    from gov_disclosure.parse import _decode, _engine  # noqa: PLC0415 - keeps the import light

    filetype = filetypes.by_name(fmt)
    module = filetype.reader if filetype is not None else None
    if filetype is None or module is None:  # pragma: no cover - fmt is one of FORMATS
        msg = f"不认识的格式 {fmt!r}"
        raise ParseError(msg, where="参数 fmt", source=name)
    reader = importlib.import_module(module)
    if filetype.binary:
        if isinstance(data, str):
            msg = f"{fmt.upper()} 应以文件路径或 bytes 给出，不能是文本"
            raise ParseError(msg, where="参数 source", source=name)
        builder = getattr(reader, "build", None)  # a reader that reads some files without the engine
        if builder is not None:
            built: _engine.Built = builder(data, name)
            findings = (*built.findings, *check(built.report))
            return ParseResult(report=built.report, findings=findings, tables=built.tables, format=fmt)
        doc = reader.read(data)
    else:
        notes: tuple[Finding, ...] = ()
        if isinstance(data, bytes):
            decoded = _decode.decode(data, html=getattr(reader, "MARKUP", False))
            text, notes = decoded.text, decoded.notes
        else:
            text = data
        _check_size(text, getattr(reader, "MARKUP", False), name)
        text, removed = _decode.clean(text)
        doc = reader.read(text)
        doc = attrs.evolve(doc, notes=(*notes, *removed, *doc.notes))
    built = _engine.build(doc, name)
    # what the checks find in a table whose reading is uncertain is not told as the agency's
    # error: the parse.uncertain_table finding says so, with the sums that fail
    findings = (*built.findings, *(f for f in check(built.report) if not built.may_be_ours(f)))
    return ParseResult(report=built.report, findings=findings, tables=built.tables, format=fmt, doc=doc)
