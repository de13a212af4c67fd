"""HTML: the renderer's own pages and fragments, and whole web pages as agencies publish them.

Read with lxml's HTML parser set never to resolve entities or touch the network. Scripts,
styles and the ``<head>`` are skipped; block elements (``<p>``, ``<div>``, ``<h1>`` …, ``<br>``)
end a paragraph; a table without tables inside it becomes table rows, each row listing the
cells that start in it (``rowspan``/``colspan`` positions are not repeated), a cell's text
gathered from whatever it nests (``<p>``, ``<span>``, ``<font>``, ``<o:p>``).
"""

from __future__ import annotations

import re
from typing import Any

from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.parse import _decode
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow

#: Text read by this reader is markup: its size is also bounded by its tags, and a charset it
#: declares is checked against its bytes.
MARKUP = True

__all__ = ["read", "table_rows"]

_SKIP = frozenset({"script", "style", "head", "noscript", "template", "select", "option", "button", "iframe"})
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol",
        "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "form", "fieldset",
        "address", "figure", "figcaption", "center", "hr", "body", "html",
    }
)  # fmt: skip
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _parser() -> Any:
    """lxml's HTML parser: no network, no huge trees, told the encoding of the bytes it gets
    (always UTF-8: the text was decoded before, so no ``<meta charset>`` can mislead it).
    (libxml2's HTML parser never loads external entities or DTDs.)"""
    import lxml.html  # noqa: PLC0415 - heavy import only when HTML is read

    return lxml.html.HTMLParser(
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, encoding="utf-8"
    )


def _clean(text: str) -> str:
    """Source line breaks (and the indentation around them) are layout, not text: dropped
    between CJK characters, one space between Latin ones. Other whitespace is kept."""
    if "\n" not in text and "\r" not in text:
        return text
    pieces = text.replace("\r", "\n").split("\n")
    first = pieces[0].rstrip(" \t")
    out = [first]  # joined once at the end: linear whatever the allocator does with +=
    last = first[-1:]
    for raw in pieces[1:]:
        piece = raw.strip(" \t")
        if not piece:
            continue
        if last and last.isascii() and last.isalnum() and piece[0].isascii() and piece[0].isalnum():
            out.append(" ")
        out.append(piece)
        last = piece[-1]
    return "".join(out)


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _text_of(el: Any) -> str:
    """All text inside ``el`` (skipping scripts and styles), source line breaks removed."""
    if len(el) == 0:
        return _clean(el.text or "").strip()
    if not any(True for _ in el.iterdescendants("script", "style", "br")):
        return _clean("".join(el.itertext())).strip()
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = _tag(node)
        if tag in _SKIP:
            return
        if tag == "br":
            parts.append("")
        if node.text and tag not in _SKIP:
            parts.append(_clean(node.text))
        for child in node:
            walk(child)
            if child.tail:
                parts.append(_clean(child.tail))

    walk(el)
    return "".join(parts).strip()


def _line(el: Any) -> str:
    line = getattr(el, "sourceline", None)
    return f"第 {line} 行" if line else "HTML"


def _layout_tables(root: Any) -> set[Any]:
    """The tables that hold other tables (page layout), found in one walk of the tree: a
    table that starts inside another marks the nearest one around it (which, held by the
    next one out, was marked in its turn)."""
    import lxml.etree  # noqa: PLC0415

    layout: set[Any] = set()
    open_tables: list[Any] = []
    for event, table in lxml.etree.iterwalk(root, events=("start", "end"), tag="table"):
        if event == "start":
            if open_tables:
                layout.add(open_tables[-1])
            open_tables.append(table)
        else:
            open_tables.pop()
    return layout


def _rows(table: Any, index: int) -> list[TableRow]:
    rows: list[TableRow] = []
    for n, tr in enumerate(table.iter("tr"), start=1):
        cells = tuple(_text_of(c) for c in tr if _tag(c) in ("td", "th"))
        if cells:
            rows.append(TableRow(cells, f"第 {index + 1} 个表格第 {n} 行（{_line(tr)}）", index))
    return rows


def _document(source: str) -> Any:
    import lxml.etree  # noqa: PLC0415
    import lxml.html  # noqa: PLC0415

    try:
        return lxml.html.document_fromstring(source.encode("utf-8"), parser=_parser())
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        msg = f"无法读取 HTML：{exc}"
        raise ParseError(msg, where="文档开头") from None


#: A numeric character reference (``&#0;``, ``&#xD800;``): lxml reads one that names no
#: character as U+FFFD.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def bad_references(text: str) -> tuple[Finding, ...]:
    """A finding for the character references that name no character (read as U+FFFD)."""
    if "&#" not in text:
        return ()
    bad: list[tuple[int, str]] = []
    count = 0
    for m in _REFERENCE.finditer(text):
        code = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            count += 1
            if len(bad) < _decode.PLACES:
                bad.append((m.start(), m.group()))
    if not count:
        return ()
    lines = _decode.lines_of(text, [at for at, _ in bad])
    shown = "、".join(f"“{ref}”（第 {line} 行）" for (_, ref), line in zip(bad, lines, strict=True))
    message = f"{count} 个字符引用不是有效的字符，读作“\ufffd”：{shown}" + ("等" if count > len(bad) else "")
    return (
        Finding(rule=_decode.RULE_DAMAGED, severity="warning", path="", message=message, actual=bad[0][1]),
    )


def table_rows(source: str, where: str, index: int) -> list[TableRow]:
    """The rows of the (first) table in an HTML snippet (Markdown with HTML tables)."""
    root = _document(source)
    layout = _layout_tables(root)
    for table in root.iter("table"):
        if table not in layout:
            return _rows(table, index)
    return []


class _Walker:
    def __init__(self, layout: set[Any]) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.buffer_where = ""
        self.has_text = False  # whether the buffer holds more than whitespace
        self.level = 0
        self.tables = 0
        self.layout = layout

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        if text:
            self.blocks.append(Para(text=text, where=self.buffer_where, gap=True, level=self.level))
        self.buffer = []
        self.has_text = False
        self.level = 0

    def add(self, text: str | None, where: str) -> None:
        if text:
            cleaned = _clean(text)
            if not self.has_text and cleaned.strip():
                self.buffer_where = where
                self.has_text = True
            self.buffer.append(cleaned)

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag in _SKIP:
            return
        if tag == "table" and el not in self.layout:
            self.flush()
            self.blocks.extend(_rows(el, self.tables))
            self.tables += 1
            return
        block = tag in _BLOCK or tag in ("table", "tr", "td", "th", "tbody", "thead", "caption")
        if block or tag == "br":
            self.flush()
        if tag in _HEADING:
            self.level = _HEADING[tag]
        self.add(el.text, _line(el))
        for child in el:
            self.walk(child)
            if block and _tag(child) in _HEADING:
                self.flush()
            self.add(child.tail, _line(child))
        if block:
            self.flush()


def read(source: str) -> Doc:
    """An HTML document (decoded) as blocks."""
    root = _document(source)
    walker = _Walker(_layout_tables(root))
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    agency, year = _declared(root)
    return Doc(tuple(walker.blocks), "html", agency=agency, year=year, notes=bad_references(source))


def _declared(root: Any) -> tuple[str | None, int | None]:
    """Agency and year from the ``data-agency``/``data-year`` of the report's ``<article
    class="gd-report">``, as this library's HTML renderer writes them."""
    for article in root.iter("article"):
        if "gd-report" not in (article.get("class") or "").split():
            continue
        agency = (article.get("data-agency") or "").strip()
        year = (article.get("data-year") or "").strip()
        if agency and year.isascii() and year.isdigit() and len(year) == 4:
            return agency, int(year)
    return None, None
