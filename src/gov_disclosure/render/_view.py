"""The prepared view the text, Markdown and HTML templates read.

Everything a template needs is computed here, in Python, from the report and the layouts in
:mod:`gov_disclosure.spec`: the title, the preamble, the six sections in order with their
headings, paragraphs and numbered subsection headings, and each table as rows of cells with
their text, spans and kind. Templates only loop and print; they type no label.

The geometry of each table (which cell starts where, which positions a span from above
covers) depends only on the layout, so it is worked out once per layout and cached; a render
only fills in the numbers.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from gov_disclosure import spec
from gov_disclosure.model import Report, Section, Subsection, format_of, shape_of
from gov_disclosure.render import _fit
from gov_disclosure.render._common import check_options, format_number
from gov_disclosure.render.layout import Layout

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "CellView",
    "LabelledTable",
    "RowView",
    "SectionView",
    "SubsectionView",
    "TableView",
    "View",
    "build",
    "check_options",
    "environment",
    "labelled_applications",
    "labelled_table",
    "table_view",
    "template",
]


class CellView(NamedTuple):
    """A printed cell: its text (label or number), spans, kind, path and starting column.

    A *placeholder* (``placeholder=True``) stands for a cell spanning down from an earlier row;
    it has empty text and takes the column where that cell starts. (A named tuple rather
    than an attrs class: a render makes some 200 of them, and tuples are built fastest.)
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    is_value: bool = False
    path: str | None = None
    column: int = 0
    placeholder: bool = False


class RowView(NamedTuple):
    """One grid row of a table.

    * ``cells``: the cells that start in this row, left to right (HTML writes these);
    * ``slots``: ``cells`` plus one placeholder for each cell spanning down into this row from
      above, in column order (the plain-text form writes one field per slot);
    * ``grid``: the text of every grid position, a merged cell's text in its first position
      and ``""`` in the positions it covers (GFM tables write one column per position).
    """

    cells: tuple[CellView, ...]
    slots: tuple[CellView, ...]
    grid: tuple[str, ...]
    heading: bool


@attrs.frozen
class TableView:
    """A table: its key (``data-table``), grid width, number of column-heading rows, rows."""

    key: str
    columns: int
    header_rows: int
    rows: tuple[RowView, ...]
    #: ``"label"`` or ``"num"`` for each grid column: leading columns that hold row labels.
    column_kinds: tuple[str, ...]
    #: With ``geometry``: each column's CSS width (``"12.34%"``), sized from the content as
    #: the DOCX columns are; empty otherwise.
    widths: tuple[str, ...] = ()
    #: With ``geometry``: the table's type size (``"10.5pt"``) and the numbers' condensing
    #: (``"0.65"``, or ``""`` when they are not condensed).
    font_size: str = ""
    scale: str = ""


@attrs.frozen
class LabelledTable:
    """表三 with one label column: the header labels and, per row, the joined label path and
    the seven values (the Markdown form)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class SubsectionView:
    """A numbered subsection: ``（一）title`` and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@attrs.frozen
class SectionView:
    """One of the six sections: key (HTML id), heading, paragraphs, subsections, table."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]
    subsections: tuple[SubsectionView, ...]
    table: TableView | None
    #: 表三 also as a labelled table (for the Markdown form); ``None`` in other sections.
    labelled: LabelledTable | None = None


@attrs.frozen
class View:
    """Everything a template prints, in document order."""

    title: str
    preamble: tuple[str, ...]
    sections: tuple[SectionView, ...]
    agency: str
    year: int
    #: The lines the title is printed on (broken between words where it does not fit the
    #: type area at 二号); one line without ``geometry``.
    title_lines: tuple[str, ...] = ()


# --- table geometry (per layout, cached) --------------------------------------------------

#: A slot of a row before the values are known: a finished view (label or placeholder), or
#: the column and layout cell of a value still to fill in.
_Pending = CellView | tuple[int, spec.Cell]


@attrs.frozen
class _Layout:
    table: spec.Table
    rows: tuple[tuple[_Pending, ...], ...]
    column_kinds: tuple[str, ...]
    #: All the table's values at once, in the order of its value slots (one C call).
    values: Callable[[Report], tuple[Any, ...]]


def _static_view(column: int, cell: spec.Cell) -> CellView:
    return CellView(
        text=cell.text, rowspan=cell.rowspan, colspan=cell.colspan, header=cell.header, column=column
    )


def _placeholder(column: int, cell: spec.Cell) -> CellView:
    return CellView(text="", colspan=cell.colspan, header=cell.header, column=column, placeholder=True)


def _layout_of(table: spec.Table) -> _Layout:
    """Each row's starting cells and the cells spanning down into it, in column order."""
    placed = table.placed()
    rows: list[tuple[_Pending, ...]] = []
    for r, row in enumerate(placed):
        slots: list[tuple[int, spec.Cell, bool]] = [(col, cell, True) for col, cell in row]
        for above in range(r):
            slots.extend(
                (col, cell, False)
                for col, cell in placed[above]
                if cell.rowspan > 1 and above + cell.rowspan > r
            )
        slots.sort(key=lambda slot: slot[0])
        pending: list[_Pending] = []
        for col, cell, starts in slots:
            if not starts:
                pending.append(_placeholder(col, cell))
            elif cell.is_value:
                pending.append((col, cell))
            else:
                pending.append(_static_view(col, cell))
        rows.append(tuple(pending))
    labels = _fit.label_columns(table)
    kinds = tuple("label" if col < labels else "num" for col in range(table.columns))
    paths = [slot[1].path or "" for row in rows for slot in row if not isinstance(slot, CellView)]
    getter = operator.attrgetter(*paths)
    values = getter if len(paths) > 1 else lambda report: (getter(report),)
    return _Layout(table, tuple(rows), kinds, values)


@functools.cache
def _layout(table: spec.TableSpec, shape: spec.Shape) -> _Layout:
    return _layout_of(table.grid(shape))


def _filled(slot: tuple[int, spec.Cell], value: Any) -> CellView:
    col, cell = slot
    text = str(value) if type(value) is int else format_number(value)
    return CellView(
        text=text, rowspan=cell.rowspan, colspan=cell.colspan, is_value=True, path=cell.path, column=col
    )


#: The page the HTML is laid out for: GB/T 9704's type area and sizes (the DOCX defaults).
PAGE = Layout()


def table_view(report: Report, layout: _Layout, *, geometry: bool = False) -> TableView:
    """The table of ``layout`` filled with the values of ``report``; with ``geometry``, its
    column widths and type size for the printed page, as the DOCX renderer sizes them."""
    table = layout.table
    rows: list[RowView] = []
    numbers: list[str] = []
    values = iter(layout.values(report))
    for index, pending in enumerate(layout.rows):
        slots = tuple(slot if isinstance(slot, CellView) else _filled(slot, next(values)) for slot in pending)
        grid = [""] * table.columns
        cells = []
        for cell in slots:
            if not cell.placeholder:
                grid[cell.column] = cell.text
                cells.append(cell)
                if cell.is_value:
                    numbers.append(cell.text)
        rows.append(RowView(tuple(cells), slots, tuple(grid), index < table.header_rows))
    if not geometry:
        return TableView(table.key, table.columns, table.header_rows, tuple(rows), layout.column_kinds)
    plan = _fit.plan(table)
    fit = plan.fit(
        plan.numbers(numbers),
        width=PAGE.text_width.twips,
        margin=PAGE.table_cell_margin.twips,
        size=PAGE.table_font_size.half_points,
        min_size=PAGE.table_min_font_size.half_points,
    )
    widths, font_size, scale = _css(fit)
    return TableView(
        table.key,
        table.columns,
        table.header_rows,
        tuple(rows),
        layout.column_kinds,
        widths,
        font_size,
        scale,
    )


@functools.lru_cache(maxsize=256)
def _css(fit: _fit.TableFit) -> tuple[tuple[str, ...], str, str]:
    """A fit as CSS: each column's width in percent, the type size, the numbers' scale."""
    total = PAGE.text_width.twips
    widths = tuple(f"{w * 100 / total:.2f}%" for w in fit.widths)
    return widths, f"{fit.size / 2:g}pt", f"{fit.scale / 100:g}" if fit.scale < 100 else ""


def _table_for(report: Report, table: spec.TableSpec, *, geometry: bool = False) -> TableView:
    return table_view(report, _layout(table, shape_of(report, table)), geometry=geometry)


# --- a table with one label column -------------------------------------------------------------


@functools.cache
def _labels(table: spec.TableSpec, shape: spec.Shape) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The header and the row labels of ``table`` as one label column, for a table whose rows
    are labelled over several columns (表三); ``None`` for any other table."""
    if not isinstance(table, spec.CrossTable) or table.corner is None:
        return None
    data = table.data_rows(shape)
    if max((len(row.labels) for row in data), default=0) < 2:
        return None
    header = (table.corner, *(labels[-1] for labels in data[0].columns))
    return header, tuple(spec.join_labels(row.labels) for row in data)


def labelled_table(report: Report, table: spec.TableSpec) -> LabelledTable | None:
    """``table`` as joined label path + values per row under the corner note and the column
    labels (the Markdown form of 表三), or ``None`` when the table has one label column or none."""
    shape = shape_of(report, table)
    found = _labels(table, shape)
    if found is None:
        return None
    header, labels = found
    getter = _row_getter(table, shape)
    rows = tuple(
        (label, *(format_number(n) for n in values))
        for label, values in zip(labels, getter(report), strict=True)
    )
    return LabelledTable(header, rows)


@functools.cache
def _row_getter(table: spec.TableSpec, shape: spec.Shape) -> Callable[[Report], tuple[tuple[Any, ...], ...]]:
    getters = [operator.attrgetter(*row.paths) for row in table.data_rows(shape)]

    def get(report: Report) -> tuple[tuple[Any, ...], ...]:
        return tuple(g(report) for g in getters)

    return get


def labelled_applications(report: Report) -> LabelledTable:
    """表三 as label path + seven values per row, under the note and the seven column labels."""
    found = labelled_table(report, format_of(report).table("applications"))
    assert found is not None  # noqa: S101 - 表三 is labelled over three columns
    return found


# --- the document --------------------------------------------------------------------------


def _subsections(subsections: tuple[Subsection, ...]) -> tuple[SubsectionView, ...]:
    return tuple(
        SubsectionView(spec.subsection_heading(i, sub.title), sub.paragraphs)
        for i, sub in enumerate(subsections, start=1)
    )


def _section_view(
    report: Report, fmt: spec.Format, section_spec: spec.SectionSpec, *, geometry: bool
) -> SectionView:
    section = getattr(report, section_spec.key)
    table_spec = fmt.table(section_spec.key) if section_spec.has_table else None
    table = _table_for(report, table_spec, geometry=geometry) if table_spec is not None else None
    subsections = _subsections(section.subsections) if isinstance(section, Section) else ()
    return SectionView(
        key=section_spec.key,
        heading=section_spec.heading,
        paragraphs=section.paragraphs,
        subsections=subsections,
        table=table,
        labelled=labelled_table(report, table_spec) if table_spec is not None else None,
    )


def build(report: Report, *, geometry: bool = False) -> View:
    """The view of ``report`` that every template prints; with ``geometry`` (the HTML page)
    also the title's lines and the tables' column widths and sizes for the printed page."""
    fmt = format_of(report)
    if geometry:
        capacity = PAGE.text_width.twips / PAGE.title_size.twips
        title_lines = _fit.title_lines(report.title, report.agency, capacity)
    else:
        title_lines = (report.title,)
    return View(
        title=report.title,
        preamble=report.preamble,
        sections=tuple(_section_view(report, fmt, s, geometry=geometry) for s in fmt.sections),
        agency=report.agency,
        year=report.year,
        title_lines=title_lines,
    )


# --- templates -----------------------------------------------------------------------------


@functools.cache
def environment() -> jinja2.Environment:
    """The one jinja2 environment of the package templates, built on first use.

    Templates whose name ends in ``.html`` are autoescaped; the Markdown templates escape
    explicitly with the ``md`` (block text) and ``md_cell`` (table cell) filters; the text
    template prints text as it is.
    """
    import jinja2  # noqa: PLC0415 - jinja2 loads only when a template renderer runs

    from gov_disclosure.render import _escape  # noqa: PLC0415 - with jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gov_disclosure", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        auto_reload=False,
    )
    env.filters["md"] = _escape.escape
    env.filters["md_cell"] = _escape.escape_cell
    return env


@functools.cache
def template(name: str) -> jinja2.Template:
    """The compiled template ``name``, loaded once."""
    return environment().get_template(name)
