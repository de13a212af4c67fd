"""Markdown escaping: what the Markdown renderer (and its templates) write for user text and
labels, so that no character of theirs changes the document's structure, and how to undo it."""

from __future__ import annotations

import re

__all__ = ["SPECIAL", "escape", "escape_cell", "unescape"]

#: ASCII punctuation escaped with a backslash wherever it occurs.
SPECIAL = "\\`*_[]<>|#~&$"
_SPECIAL_RE = re.compile("([" + re.escape(SPECIAL) + "])")
#: What would start a list item at the beginning of a block: ``-``, ``+``, ``1.``, ``1)``.
_LIST_START_RE = re.compile(r"\A(?:([-+])|(\d+)([.)]))")
_LIST_FIRST = frozenset("-+0123456789")
_EDGE_RE = re.compile(r"\A([ \t]*)(.*?)([ \t]*)\Z", re.DOTALL)
_ENTITIES = {" ": "&#32;", "\t": "&#9;"}
#: Text that needs any escaping at all (most table cells and many labels do not).
_NEEDS_RE = re.compile("[" + re.escape(SPECIAL) + r"]|\A[ \t]|[ \t]\Z")
_UNESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(32|9);")


def _entities(run: str) -> str:
    return "".join(_ENTITIES[c] for c in run)


def escape_cell(text: str) -> str:
    """Escape ``text`` for a table cell or the middle of a line.

    Every character of :data:`SPECIAL` gets a backslash before it; spaces and tabs at either
    end become ``&#32;`` / ``&#9;`` (Markdown would otherwise drop them).
    """
    if _NEEDS_RE.search(text) is None:
        return text
    lead, body, trail = _EDGE_RE.fullmatch(text).groups()  # type: ignore[union-attr]
    return _entities(lead) + _SPECIAL_RE.sub(r"\\\1", body) + _entities(trail)


def escape(text: str) -> str:
    """Escape ``text`` for a paragraph or a heading: :func:`escape_cell`, and a block that
    begins with ``-``, ``+`` or digits followed by ``.`` or ``)`` gets a backslash before that
    mark (``\\-``, ``\\+``, ``1\\.``, ``1\\)``), so that it never starts a list."""
    escaped = escape_cell(text)
    if escaped[:1] not in _LIST_FIRST:
        return escaped
    return _LIST_START_RE.sub(_list_start, escaped, count=1)


def _list_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def unescape(text: str) -> str:
    """The text :func:`escape` or :func:`escape_cell` was given: a backslash before ASCII
    punctuation is dropped, ``&#32;`` and ``&#9;`` become a space and a tab."""
    return _UNESCAPE_RE.sub(_unescape_one, text)


def _unescape_one(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    return " " if match.group(2) == "32" else "\t"
