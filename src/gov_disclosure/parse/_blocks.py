"""A format-neutral document: a sequence of paragraphs and table rows.

Each input format (text, Markdown, HTML, DOCX) is read into :class:`Doc`; everything after
that — finding the title, the sections, the tables and their numbers — is shared
(:mod:`gov_disclosure.parse._engine`).
"""

from __future__ import annotations

import attrs

from gov_disclosure.findings import Finding

__all__ = ["Block", "Doc", "Para", "TableRow", "row_cells", "split_cells"]


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


def split_cells(line: str) -> tuple[tuple[str, ...], bool]:
    """The table cells of a line and whether an empty cell is a real cell: tab-separated and
    ``|``-separated rows keep their empty cells; otherwise runs of whitespace separate."""
    if "\t" in line:
        return tuple(c.strip() for c in line.split("\t")), True
    stripped = line.strip()
    if "|" in stripped:
        cells = stripped.split("|")
        if cells and cells[0].strip() == "":
            cells = cells[1:]
        if cells and cells[-1].strip() == "":
            cells = cells[:-1]
        return tuple(c.strip() for c in cells), True
    return tuple(c for c in line.split() if c.strip("|")), False


def row_cells(block: Block) -> tuple[tuple[str, ...], bool]:
    """The cells of a table row, or of a line of text lying in a table, and whether an empty
    cell is a real cell."""
    if isinstance(block, TableRow):
        return block.cells, block.positional
    if block.cells:
        return block.cells, block.positional
    return split_cells(block.text)
