"""Markdown: the renderer's own output (``#`` headings, GFM pipe tables, backslash escapes) and
Markdown extracted from published PDFs (wrapped lines, tables in pieces).

Headings become paragraphs with their level, pipe rows become table cells (escaped ``\\|``
stays inside its cell), HTML ``<table>`` blocks are read as HTML tables, other lines are text.
"""

from __future__ import annotations

import re

from gov_disclosure.findings import Finding
from gov_disclosure.parse._blocks import Block, Doc, Para
from gov_disclosure.parse.text import split_lines

__all__ = ["read", "unescape"]

_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(32|9);")


def unescape(text: str) -> str:
    """Undo Markdown escaping: ``\\*`` → ``*``; ``&#32;`` and ``&#9;`` → space and tab."""
    return _UNESCAPE.sub(
        lambda m: m.group(1) if m.group(1) is not None else (" " if m.group(2) == "32" else "\t"), text
    )


def _pipe_cells(line: str) -> list[str]:
    """Split a pipe row on unescaped ``|``; each cell unescaped and stripped."""
    body = line.strip()
    if "\\" not in body:
        cells = body.split("|")
    else:
        cells = []
        current: list[str] = []
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\" and i + 1 < len(body):
                current.append(body[i : i + 2])
                i += 2
                continue
            if ch == "|":
                cells.append("".join(current))
                current = []
            else:
                current.append(ch)
            i += 1
        cells.append("".join(current))
    if cells and cells[0].strip() == "":
        cells = cells[1:]
    if cells and cells[-1].strip() == "":
        cells = cells[:-1]
    return [unescape(c.strip(" \t")).strip(" \t") for c in cells]


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(c and set(c) <= set(":-") and "-" in c for c in cells)


def _heading(line: str) -> tuple[int, str] | None:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    return level, unescape(rest.strip(" \t"))


def read(text: str) -> Doc:
    """A Markdown document as blocks."""
    lines = split_lines(text)
    blocks: list[Block] = []
    notes: list[Finding] = []
    gap = False
    tables = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        i += 1
        if not line.strip():
            gap = True
            continue
        where = f"第 {number} 行"
        if line.lstrip().lower().startswith("<table"):
            chunk = [line]
            while "</table>" not in chunk[-1].lower() and i < len(lines):
                chunk.append(lines[i])
                i += 1
            from gov_disclosure.parse import html  # noqa: PLC0415 - lxml only when needed

            snippet = "\n".join(chunk)
            rows = html.table_rows(snippet, where, tables)
            notes.extend(html.bad_references(snippet))
            tables += 1
            blocks.extend(rows)
            gap = True
            continue
        heading = _heading(line)
        if heading is not None:
            blocks.append(Para(text=heading[1], where=where, gap=True, level=heading[0]))
            gap = True
            continue
        if line.lstrip().startswith("|"):
            cells = _pipe_cells(line)
            if _is_separator(cells):
                continue
            text_line = "\t".join(cells)
            blocks.append(
                Para(text=text_line, where=where, gap=gap, cells=tuple(cells), positional=True, joinable=True)
            )
            gap = False
            continue
        blocks.append(Para(text=unescape(line), where=where, gap=gap, joinable=True))
        gap = False
    return Doc(tuple(blocks), "markdown", notes=tuple(notes))
