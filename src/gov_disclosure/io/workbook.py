"""The layout of the clerk's workbook (``.xlsx``): which sheet holds what, and which cell holds
which value — worked out from the report's format alone, so that the writer
(:mod:`gov_disclosure.render.xlsx`) and the reader (:mod:`gov_disclosure.io.xlsx`) agree cell
for cell, for any format. No spreadsheet library is needed here.

The workbook has, in order:

* ``基本信息``: the report-level values (agency, year, title) in column B beside their labels,
  then the format's id (locked) and the mark of this library;
* a sheet per table, named by the table's name (``表二``): row 1 the table's caption (the
  section heading), from row 2 the printed grid of :meth:`TableSpec.grid` with its merged
  cells; a leaf value is a number cell, a total (the target of a ``total``-style equation of
  :meth:`TableSpec.equations`) a ``SUM`` formula over its parts;
* ``正文``: one row per paragraph, under a heading row: the part (前言 or a section heading), the
  subsection's number and title, the paragraph.

A hidden defined name (:data:`MARKER`) also marks the workbook as this library's.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from typing import NamedTuple

import attrs

from gov_disclosure import spec

__all__ = [
    "CAPTION_ROW",
    "GRID_ROW",
    "INFO_KEYS",
    "INFO_SHEET",
    "MARKER",
    "TEXT_SHEET",
    "SheetLayout",
    "ValueCell",
    "address",
    "column_letter",
    "info_labels",
    "shapes",
    "sheet_layout",
    "sheet_layouts",
    "text_columns",
    "text_parts",
]

#: The sheet of the report-level values.
INFO_SHEET = "基本信息"
#: The sheet of the text, one row per paragraph.
TEXT_SHEET = "正文"
#: The hidden defined name that marks the workbook (its value: the layout's version), and the
#: program named in ``基本信息``.
MARKER = "gov_disclosure"
#: The version of this layout, the value of :data:`MARKER`.
VERSION = "1"
#: Row of a table sheet holding the table's caption; the grid starts on the row after it.
CAPTION_ROW = 1
GRID_ROW = 2

#: The rows of ``基本信息``: the keys of the report-level values, in order (row 1 …), then the
#: format's id and the mark.
INFO_KEYS = ("agency", "year", "title")
FORMAT_ROW = len(INFO_KEYS) + 1
MARKER_ROW = FORMAT_ROW + 1
FORMAT_LABEL = "报告格式"
MARKER_LABEL = "制表程序"
#: Heading of the 正文 column holding the part (前言 or a section heading).
PART_LABEL = "部分"
_PLAIN = spec.Shape()


def column_letter(column: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def address(row: int, column: int) -> str:
    """``(7, 4)`` → ``D7``."""
    return f"{column_letter(column)}{row}"


def _label(fmt: spec.Format, key: str) -> str:
    return fmt.label_path(key)[-1]


def info_labels(fmt: spec.Format) -> tuple[str, ...]:
    """The labels of column A of ``基本信息``: one per :data:`INFO_KEYS`, the format, the mark."""
    return (*(_label(fmt, key) for key in INFO_KEYS), FORMAT_LABEL, MARKER_LABEL)


def text_columns(fmt: spec.Format) -> tuple[str, str, str, str]:
    """The heading row of ``正文``: part, subsection number, subsection title, paragraph."""
    section = fmt.narrative_keys()[0] if fmt.narrative_keys() else fmt.sections[0].key
    title = fmt.label_path(f"{section}.subsections.0.title")
    return (
        PART_LABEL,
        fmt.label_path(f"{section}.subsections")[-1],
        title[-1],
        _label(fmt, "preamble.paragraphs"),
    )


def text_parts(fmt: spec.Format) -> tuple[tuple[str | None, str], ...]:
    """What column A of ``正文`` may name: ``(None, 前言)``, then ``(key, heading)`` of each
    section."""
    return ((None, _label(fmt, "preamble")), *((s.key, s.heading) for s in fmt.sections))


# --- a table sheet -----------------------------------------------------------------------------


class ValueCell(NamedTuple):
    """A value of a table sheet: its path, place (1-based), kind, and — for a total — the
    paths of its parts and the formula written for it (``SUM(D8:D28)``, without ``=``)."""

    path: str
    row: int
    column: int
    kind: spec.ValueKind
    formula: str | None = None
    parts: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        return address(self.row, self.column)

    @property
    def is_total(self) -> bool:
        return self.formula is not None


class LabelCell(NamedTuple):
    """A label of a table sheet: its text, place and spans, whether it heads columns."""

    text: str
    row: int
    column: int
    rowspan: int
    colspan: int
    header: bool

    @property
    def address(self) -> str:
        return address(self.row, self.column)

    @property
    def range(self) -> str:
        """``A2:C4`` for a merged cell, ``A2`` for one cell."""
        if self.rowspan == 1 and self.colspan == 1:
            return self.address
        return f"{self.address}:{address(self.row + self.rowspan - 1, self.column + self.colspan - 1)}"


@attrs.frozen
class SheetLayout:
    """Where a table of one shape sits on its sheet."""

    table: spec.TableSpec
    shape: spec.Shape
    grid: spec.Table
    labels: tuple[LabelCell, ...]
    values: tuple[ValueCell, ...]
    #: value cells spanning several grid columns (表二's blocks): ``(ValueCell, colspan)``
    spans: tuple[tuple[str, int], ...]
    #: the last row and column of the grid
    last_row: int
    last_column: int

    @property
    def sheet(self) -> str:
        """The sheet's name: the table's name, as a sheet name may hold it."""
        return sheet_name(self.table.name)

    @property
    def header_end(self) -> int:
        """The last row repeated atop each printed page: the caption and the column headings."""
        return CAPTION_ROW + self.grid.header_rows

    @functools.cached_property
    def by_path(self) -> dict[str, ValueCell]:
        return {v.path: v for v in self.values}

    @functools.cached_property
    def merges(self) -> tuple[str, ...]:
        """Every merged range: the caption, the labels and the values spanning cells."""
        out = [f"{address(CAPTION_ROW, 1)}:{address(CAPTION_ROW, self.last_column)}"]
        out.extend(label.range for label in self.labels if label.rowspan > 1 or label.colspan > 1)
        for path, span in self.spans:
            cell = self.by_path[path]
            out.append(f"{cell.address}:{address(cell.row, cell.column + span - 1)}")
        return tuple(out)

    @functools.cached_property
    def covered(self) -> frozenset[tuple[int, int]]:
        """Every place of the sheet the layout fills (caption, grid), merged places included."""
        out = {(CAPTION_ROW, c) for c in range(1, self.last_column + 1)}
        out.update(itertools.product(range(GRID_ROW, self.last_row + 1), range(1, self.last_column + 1)))
        return frozenset(out)


_FORBIDDEN_IN_SHEET_NAME = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def sheet_name(name: str) -> str:
    """``name`` as a sheet may be called: at most 31 characters, none of ``[]:*?/\\``."""
    return name.translate(_FORBIDDEN_IN_SHEET_NAME)[:31].strip("'") or "_"


def _ranges(places: list[tuple[int, int]]) -> str:
    """``D8:D28`` or ``D5:I5`` or ``A4,C4:D4``: the places as runs along a column or a row."""
    out: list[str] = []
    rest = sorted(places, key=lambda p: (p[1], p[0]))
    by_column = len({c for _, c in rest}) == 1
    if not by_column:
        rest = sorted(places)
    i = 0
    while i < len(rest):
        j = i
        while j + 1 < len(rest):
            (r0, c0), (r1, c1) = rest[j], rest[j + 1]
            if (by_column and c1 == c0 and r1 == r0 + 1) or (not by_column and r1 == r0 and c1 == c0 + 1):
                j += 1
            else:
                break
        first, last = address(*rest[i]), address(*rest[j])
        out.append(first if i == j else f"{first}:{last}")
        i = j + 1
    return ",".join(out)


@functools.cache
def sheet_layout(table: spec.TableSpec, shape: spec.Shape = _PLAIN) -> SheetLayout:
    """The sheet of ``table`` in ``shape``: every label and value with its place, and the
    formula of every total."""
    grid = table.grid(shape)
    kinds = {p: k for row in table.data_rows(shape) for p, k in zip(row.paths, row.kinds, strict=True)}
    labels: list[LabelCell] = []
    places: dict[str, tuple[int, int]] = {}
    spans: list[tuple[str, int]] = []
    for r, row in enumerate(grid.placed()):
        for c, cell in row:
            at = (GRID_ROW + r, 1 + c)
            if cell.path is None:
                labels.append(LabelCell(cell.text, *at, cell.rowspan, cell.colspan, cell.header))
            else:
                places[cell.path] = at
                if cell.colspan > 1:
                    spans.append((cell.path, cell.colspan))
    totals: dict[str, tuple[str, ...]] = {}
    for equation in table.equations(shape):
        if equation.style == "total" and len(equation.right) == 1 and equation.right[0] not in totals:
            totals[equation.right[0]] = equation.left
    values = tuple(
        ValueCell(
            path,
            row,
            column,
            kinds.get(path, "count"),
            f"SUM({_ranges([places[p] for p in totals[path]])})" if path in totals else None,
            totals.get(path, ()),
        )
        for path, (row, column) in places.items()
    )
    return SheetLayout(
        table=table,
        shape=shape,
        grid=grid,
        labels=tuple(labels),
        values=values,
        spans=tuple(spans),
        last_row=GRID_ROW + len(grid.rows) - 1,
        last_column=grid.columns,
    )


def shapes(table: spec.TableSpec) -> tuple[spec.Shape, ...]:
    """Every shape ``table`` may be printed in: the plain one first."""
    optional = table.optional_paths()
    collapsible = table.collapsible_paths()
    out: list[spec.Shape] = []
    for omit in _subsets(optional):
        for collapse in _subsets(collapsible):
            out.append(spec.Shape(omitted=frozenset(omit), collapsed=frozenset(collapse)))
    return tuple(out)


def _subsets(items: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for n in range(len(items) + 1):
        yield from itertools.combinations(items, n)


def sheet_layouts(fmt: spec.Format, shape: dict[str, spec.Shape] | None = None) -> tuple[SheetLayout, ...]:
    """The sheet of every table of ``fmt`` (in ``shape[table key]``, plain by default)."""
    chosen = shape or {}
    return tuple(sheet_layout(t, chosen.get(t.key, _PLAIN)) for t in fmt.tables)
