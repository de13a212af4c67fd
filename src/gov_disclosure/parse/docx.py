"""DOCX: the renderer's own documents and Word files as agencies publish them.

The package is checked before it is opened (a zip bomb — absurd declared sizes or compression
ratios — is refused), then opened with python-docx, whose XML parser never resolves entities.
The body is walked in order: paragraphs (with their style: ``Title``, ``Heading 1`` …) and
tables, each table read row by row through its ``w:tc`` elements — a cell continuing a vertical
merge (``w:vMerge`` without ``restart``) is left out, a horizontal merge (``w:gridSpan``) is one
cell. ``Table.cell()`` is never used.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow

__all__ = ["MAX_CELLS", "MAX_ELEMENTS", "MAX_PARAGRAPHS", "MAX_RATIO", "MAX_UNPACKED", "read"]

#: Largest total unpacked size accepted (bytes), and largest overall compression ratio.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
#: A report has a few hundred paragraphs and table cells, and its XML parts some tens of
#: thousands of elements; a package far beyond that is refused before python-docx builds its
#: trees (which take some hundreds of bytes per element).
MAX_PARAGRAPHS = 30_000
MAX_CELLS = 30_000
MAX_ELEMENTS = 300_000
_PARAGRAPH_TAG = re.compile(rb"<w:p[\s/>]")
_CELL_TAG = re.compile(rb"<w:tc[\s/>]")
_CHUNK = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_STYLE_LEVELS = {"title": 1, "heading1": 2, "heading2": 3, "heading3": 4, "标题": 1, "标题1": 2, "标题2": 3}


def check_package(data: bytes) -> None:
    """Refuse a package that is not a zip, has no ``word/document.xml``, or would unpack to
    an absurd size (declared sizes are read from the zip directory, nothing is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        msg = f"不是有效的 DOCX（zip）文件：{exc}"
        raise ParseError(msg, where="文件开头") from None
    if len(infos) > MAX_ENTRIES:
        msg = f"DOCX 包含 {len(infos)} 个部件，数量异常，拒绝读取"
        raise ParseError(msg, where="zip 目录")
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > MAX_UNPACKED:
        msg = f"DOCX 解压后共 {unpacked} 字节，超过上限 {MAX_UNPACKED} 字节（疑似 zip 炸弹），拒绝读取"
        raise ParseError(msg, where="zip 目录")
    if packed and unpacked / packed > MAX_RATIO and unpacked > 1024 * 1024:
        msg = f"DOCX 压缩比为 {unpacked // packed} 倍，超过上限 {MAX_RATIO} 倍（疑似 zip 炸弹），拒绝读取"
        raise ParseError(msg, where="zip 目录")
    if not any(i.filename == "word/document.xml" for i in infos):
        msg = "DOCX 中没有 word/document.xml，不是 Word 文档"
        raise ParseError(msg, where="zip 目录")


def check_counts(data: bytes) -> None:
    """Refuse a package whose XML is far beyond a report — more than :data:`MAX_ELEMENTS`
    elements over its XML parts, more than :data:`MAX_PARAGRAPHS` paragraphs or
    :data:`MAX_CELLS` table cells in ``word/document.xml`` — counting tags in the parts as
    they are unpacked, a chunk at a time, before anything is parsed. Elements are counted
    whatever their namespace prefix (every ``<`` that does not close one); paragraphs and cells
    by the ``w:`` prefix Word writes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            elements = 0
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    elements = _count_part(zf, info, elements)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        msg = f"不是有效的 DOCX（zip）文件：{exc}"
        raise ParseError(msg, where="文件开头") from None


def _count_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, elements: int) -> int:
    """The element count after the part ``info``; paragraphs and cells of the document."""
    document = info.filename == "word/document.xml"
    paragraphs = cells = 0
    tail = b""  # the end of the previous chunk: a tag may be cut in two
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            elements += chunk.count(b"<") - chunk.count(b"</")
            if elements > MAX_ELEMENTS:
                _too_many(f"XML 元素超过 {MAX_ELEMENTS} 个（{info.filename}）")
            if not document:
                continue
            window = tail + chunk
            paragraphs += _count_to(_PARAGRAPH_TAG, window, len(tail), MAX_PARAGRAPHS - paragraphs)
            cells += _count_to(_CELL_TAG, window, len(tail), MAX_CELLS - cells)
            if paragraphs > MAX_PARAGRAPHS:
                _too_many(f"段落超过 {MAX_PARAGRAPHS} 个")
            if cells > MAX_CELLS:
                _too_many(f"表格单元格超过 {MAX_CELLS} 个")
            tail = window[-5:]
    return elements


def _count_to(pattern: re.Pattern[bytes], window: bytes, after: int, room: int) -> int:
    """Matches of ``pattern`` in ``window`` that end after its first ``after`` bytes (those
    were counted with the chunk before), counting no further than one past ``room``."""
    n = 0
    for m in pattern.finditer(window):
        if m.end() > after:
            n += 1
            if n > room:
                break
    return n


def _too_many(what: str) -> None:
    msg = f"DOCX 的{what}，不像一份年度报告"
    raise ParseError(msg, where="全文")


def _style_level(p: Any, styles: dict[str, str]) -> int:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return 0
    style = ppr.find(f"{W}pStyle")
    if style is None:
        return 0
    style_id = style.get(f"{W}val", "")
    name = styles.get(style_id, style_id)
    key = "".join(name.lower().split())
    return _STYLE_LEVELS.get(key, _STYLE_LEVELS.get("".join(style_id.lower().split()), 0))


def _paragraph_text(p: Any, lost: list[str] | None = None) -> str:
    """The text of ``p`` (a paragraph, or a whole cell), each ``w:t`` read once: the
    ``mc:Fallback`` copy of a text box is skipped. What cannot be read — an entity reference
    the XML parser left unexpanded inside a ``w:t``, a symbol-font character — is left out
    and named in ``lost``; the text after it is kept."""
    parts: list[str] = []
    fallback = _fallback(p)
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}sym", f"{W}noBreakHyphen"):
        if fallback and el in fallback:
            continue
        tag = el.tag
        if tag == f"{W}t":
            parts.append(el.text or "")
            for child in el:  # entity references (and comments) inside the text
                if child.tag is _entity() and lost is not None:
                    lost.append(f"实体引用“{child.text}”")
                parts.append(child.tail or "")
        elif tag == f"{W}tab":
            parent = el.getparent()
            if parent is not None and parent.tag == f"{W}r":
                parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("\u2011")
        else:
            parts.append(_symbol(el, lost))
    return "".join(parts)


def _entity() -> Any:
    import lxml.etree  # noqa: PLC0415 - loaded by python-docx already

    return lxml.etree.Entity


def _fallback(p: Any) -> set[Any]:
    """The elements inside ``mc:Fallback``: Word writes a text box twice (DrawingML and VML)."""
    found = list(p.iter(f"{MC}Fallback"))
    return {el for fb in found for el in fb.iter()} if found else set()


def _symbol(sym: Any, lost: list[str] | None) -> str:
    """A ``w:sym`` character: a Unicode code point, or (U+F000–U+F0FF) a glyph of a symbol
    font (Wingdings, Symbol …) that has no character: left out and named."""
    code = sym.get(f"{W}char", "")
    font = sym.get(f"{W}font", "")
    try:
        value = int(code, 16)
    except ValueError:
        value = -1
    if 0x20 <= value < 0xD800 or 0xE000 <= value < 0xF000 or 0xF100 <= value <= 0xFFFD:
        return chr(value)
    if lost is not None:
        lost.append(f"符号字体字符（{font or '未知字体'} {code or '?'}）")
    return ""


def _cell_text(tc: Any, lost: list[str] | None = None) -> str:
    return _paragraph_text(tc, lost).replace("\n", " ").strip()


def _continues(tc: Any) -> bool:
    pr = tc.find(f"{W}tcPr")
    if pr is None:
        return False
    vmerge = pr.find(f"{W}vMerge")
    return vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart"


def _table_rows(tbl: Any, index: int, lost: list[tuple[str, str]] | None = None) -> list[TableRow]:
    rows: list[TableRow] = []
    for n, tr in enumerate(tbl.iterchildren(f"{W}tr"), start=1):
        missing: list[str] = []
        cells = tuple(_cell_text(tc, missing) for tc in tr.iterchildren(f"{W}tc") if not _continues(tc))
        where = f"第 {index + 1} 个表格第 {n} 行"
        if lost is not None:
            lost.extend((what, where) for what in missing)
        if cells:
            rows.append(TableRow(cells, where, index))
    return rows


def _styles(document: Any) -> dict[str, str]:
    try:
        part = document.part.styles
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    out: dict[str, str] = {}
    for style in part.element.iterchildren(f"{W}style"):
        name = style.find(f"{W}name")
        style_id = style.get(f"{W}styleId")
        if style_id and name is not None:
            out[style_id] = name.get(f"{W}val", style_id)
    return out


def read(data: bytes) -> Doc:
    """A DOCX document as blocks."""
    check_package(data)
    check_counts(data)
    import docx  # noqa: PLC0415 - heavy import only when DOCX is read

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for broken packages
        msg = f"无法打开 DOCX：{type(exc).__name__}: {exc}"
        raise ParseError(msg, where="文件开头") from None
    styles = _styles(document)
    blocks: list[Block] = []
    lost: list[tuple[str, str]] = []
    tables = 0
    paragraphs = 0

    def walk(parent: Any) -> None:
        nonlocal tables, paragraphs
        for el in parent.iterchildren():
            tag = el.tag
            if tag == f"{W}p":
                paragraphs += 1
                missing: list[str] = []
                text = _paragraph_text(el, missing)
                lost.extend((what, f"第 {paragraphs} 段") for what in missing)
                level = _style_level(el, styles)
                # a title broken over lines (w:br) is still one title: its lines are joined
                pieces = [text.replace("\n", "")] if level == 1 else text.split("\n")
                for piece in pieces:
                    if piece.strip():
                        blocks.append(Para(text=piece, where=f"第 {paragraphs} 段", gap=True, level=level))
            elif tag == f"{W}tbl":
                blocks.extend(_table_rows(el, tables, lost))
                tables += 1
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                walk(el)

    walk(document.element.body)
    agency, year = _declared(data, document)
    return Doc(tuple(blocks), "docx", agency=agency, year=year, notes=_lost(lost))


def _lost(lost: list[tuple[str, str]]) -> tuple[Finding, ...]:
    """One finding for what could not be read from the package's text, and where."""
    if not lost:
        return ()
    shown = "、".join(f"{what}（{where}）" for what, where in lost[:5]) + ("等" if len(lost) > 5 else "")
    message = f"DOCX 中有 {len(lost)} 处内容无法读出，已略去（其前后的文字照常读入）：{shown}"
    first = lost[0][0]
    return (Finding(rule="parse.damaged_text", severity="warning", path="", message=message, actual=first),)


def _declared(data: bytes, document: Any) -> tuple[str | None, int | None]:
    """Agency (creator) and year (subject) from the core properties of a package this
    library wrote (``docProps/app.xml`` names gov_disclosure as its application); any other
    package's author is a person, not the agency, and is not used."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            app = zf.read("docProps/app.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None, None
    if b"<Application>gov_disclosure</Application>" not in app:
        return None, None
    props = document.core_properties
    agency = (props.author or "").strip()
    year = (props.subject or "").strip()
    if agency and year.isascii() and year.isdigit() and len(year) == 4:
        return agency, int(year)
    return None, None
