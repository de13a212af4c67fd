"""A format-neutral document: a sequence of paragraphs and table rows.

Each input format (text, Markdown, HTML, DOCX) is read into :class:`Doc`; everything after
that — finding the title, the sections, the tables and their numbers — is shared
(:mod:`gov_disclosure.parse._build`).
"""

from __future__ import annotations

import attrs

from gov_disclosure.findings import Finding

__all__ = ["Doc", "Para", "TableRow"]


@attrs.frozen
class Para:
    """A line or paragraph of text.

    ``gap`` says a blank line came before it (text formats); ``level`` is a heading level
    announced by the source (Markdown ``#``, HTML ``<h2>``, a DOCX heading style), else 0.
    ``joinable`` marks sources whose lines may be pieces of one paragraph (text and
    Markdown); ``cells`` is how the line splits into table cells should it lie in a table, and
    ``positional`` whether an empty cell there is a real (blank) cell.
    """

    text: str
    where: str
    gap: bool = False
    level: int = 0
    joinable: bool = False
    cells: tuple[str, ...] = ()
    positional: bool = False


@attrs.frozen
class TableRow:
    """One row of a table: the cells that start in it, left to right (positions covered by a
    merged cell from above or from the left are left out). ``table`` numbers the source table;
    ``positional`` says an empty cell is a real (blank) cell, not layout padding."""

    cells: tuple[str, ...]
    where: str
    table: int
    positional: bool = True


Block = Para | TableRow


@attrs.frozen
class Doc:
    """The blocks of a document in order, and the name of its format.

    ``agency`` and ``year`` are set when the document declares them in metadata that this
    library's own renderers write (HTML ``data-agency``/``data-year`` on the report's
    ``<article>``; DOCX core properties of a package whose application is gov_disclosure), so a
    title that names neither still reads back. ``notes`` are reading findings about the whole
    document made before its blocks (the encoding used, characters replaced or dropped).
    """

    blocks: tuple[Block, ...]
    format: str
    agency: str | None = None
    year: int | None = None
    notes: tuple[Finding, ...] = ()
