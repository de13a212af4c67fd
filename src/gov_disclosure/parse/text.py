"""Plain text: the renderer's own output, text copied from web pages, text extracted from PDFs.

Each non-blank line becomes a :class:`~gov_disclosure.parse._blocks.Para` that remembers
whether a blank line came before it; a line lying in a table splits into cells on tabs, ``|``
or runs of spaces, in that order of preference
(:func:`~gov_disclosure.parse._blocks.split_cells`). Page numbers (``- 4 -``, ``第 4 页``) are
dropped.
"""

from __future__ import annotations

from gov_disclosure.parse._blocks import Doc, Para, split_cells

__all__ = ["is_page_number", "read", "split_cells", "split_lines"]

_DASHES = "-－—–"


def is_page_number(line: str) -> bool:
    """``- 4 -``, ``— 12 —``, ``第 4 页``, ``第4页共6页``: a page number left in extracted text."""
    s = "".join(line.split())
    if s.startswith("第") and s.endswith("页"):
        inner = s[1:-1].replace("共", "").replace("页", "")
        return inner.isdigit() and len(inner) <= 8
    if len(s) >= 3 and s[0] in _DASHES and s[-1] in _DASHES:
        return s[1:-1].isdigit() and len(s) <= 8
    return False


def lines_to_blocks(lines: list[str], *, first_line: int = 1) -> list[Para]:
    """Lines of text → paragraphs (blank lines dropped, remembered as ``gap``)."""
    out: list[Para] = []
    gap = False
    for number, line in enumerate(lines, start=first_line):
        if not line.strip() or is_page_number(line):
            gap = gap or not line.strip()
            continue
        out.append(Para(text=line, where=f"第 {number} 行", gap=gap, joinable=True))
        gap = False
    return out


def split_lines(text: str) -> list[str]:
    """Lines of ``text``: ``\\r\\n``, ``\\r`` and form feeds end lines; nothing else does."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def read(text: str) -> Doc:
    """A text document as blocks."""
    return Doc(tuple(lines_to_blocks(split_lines(text))), "text")
