"""The words a report format is described in: sections, tables as trees of rows and columns,
the sums that hold inside each table, and the format itself.

A table is described once, as data; everything else is derived from that description by the
functions here: the printed grid with its merged cells (:meth:`TableSpec.grid`), the data rows
a reader maps numbers onto (:meth:`TableSpec.data_rows`), the official labels of every path
(:meth:`Format.label_path`) and the equations the checks evaluate (:meth:`TableSpec.equations`).

Two kinds of table cover the national formats:

* a :class:`CrossTable` crosses a tree of rows with a tree of columns (表三, 表四): nested row
  labels become row-spanning label columns, nested column labels heading rows, and every leaf
  row × leaf column is one value;
* a :class:`BlockTable` stacks blocks, each with a caption row, a heading row (``信息内容`` and
  the value columns) and its rows (表二): blocks with fewer columns spread them over the grid.

A *shape* says which optional rows a report leaves out and which collapsible row groups it
prints as one row; the grid, the data rows and the equations of a shape are computed once and
cached.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Literal, NamedTuple

import attrs

__all__ = [
    "PLAIN",
    "Balance",
    "Block",
    "BlockTable",
    "Cell",
    "ColumnTotal",
    "CrossTable",
    "DataRow",
    "Equation",
    "Format",
    "Label",
    "Node",
    "RowTotal",
    "SectionSpec",
    "Shape",
    "Sum",
    "Table",
    "TableSpec",
    "ValueKind",
    "join_labels",
]

#: What a value cell holds: a count (件, integer ≥ 0), a fee (万元, decimal ≥ 0), a signed
#: integer (本年增/减), an amount of money with its unit as printed.
ValueKind = Literal["count", "fee", "signed", "amount"]


class Label(NamedTuple):
    """A key of the dict contract and the official label printed for it."""

    key: str
    label: str


class SectionSpec(NamedTuple):
    """One of the six sections: its key, its heading, and its numeral (一 … 六). A section with
    a table holds it under its own key (the table's key is the section's)."""

    key: str
    heading: str
    numeral: str
    has_table: bool


# --- the printed grid ----------------------------------------------------------------------


class Cell(NamedTuple):
    """One cell of a printed table, placed where it starts.

    A label cell has ``text``; a value cell has the ``path`` of its value in the dict form.
    ``header`` marks column headings (``<th scope="col">``); other label cells head rows.
    """

    text: str = ""
    path: str | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a number rather than a label."""
        return self.path is not None


@attrs.frozen(cache_hash=True)
class Table:
    """A printed table: its grid width, how many rows are column headings, and its rows.

    Each row lists the cells that *start* in it, left to right; positions covered by a cell
    spanning from the left or from above are not listed.
    """

    key: str
    caption: str
    columns: int
    header_rows: int
    rows: tuple[tuple[Cell, ...], ...]

    def value_paths(self) -> tuple[str, ...]:
        """Every value path in printed order."""
        return tuple(c.path for row in self.rows for c in row if c.path is not None)

    def placed(self) -> tuple[tuple[tuple[int, Cell], ...], ...]:
        """The rows with each cell's starting column: ``((col, cell), …)`` per row."""
        return _placed(self)


@functools.cache
def _placed(table: Table) -> tuple[tuple[tuple[int, Cell], ...], ...]:
    covered: set[tuple[int, int]] = set()
    out: list[tuple[tuple[int, Cell], ...]] = []
    for r, row in enumerate(table.rows):
        col = 0
        placed: list[tuple[int, Cell]] = []
        for cell in row:
            while (r, col) in covered:
                col += 1
            placed.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, col + dc))
            col += cell.colspan
        out.append(tuple(placed))
    return tuple(out)


# --- trees of rows and columns ---------------------------------------------------------------


@attrs.frozen(cache_hash=True)
class Node:
    """A row or a column of a table description, with the rows or columns nested under it.

    ``key`` is the node's step in the dict paths (``withheld``), or ``None`` for a label that
    only groups (``三、本年度办理结果``, ``法人或其他组织``); ``name`` refers to the node from a sum
    (defaults to ``key``). A leaf column has the ``kind`` of its values. An ``optional`` row may
    be left out of a report (its value is ``None``: 规章); a ``collapsible`` group may be printed
    as one row with its own values instead of its sub-rows.
    """

    label: str
    key: str | None = None
    children: tuple[Node, ...] = ()
    name: str | None = None
    kind: ValueKind = "count"
    optional: bool = False
    collapsible: bool = False
    #: the rule of the warning when an optional row is left out
    absent_rule: str = "format.missing_row"

    @property
    def ref(self) -> str | None:
        """The name sums use for this node."""
        return self.name if self.name is not None else self.key


@attrs.frozen(cache_hash=True)
class Block:
    """A block of a :class:`BlockTable`: a caption row, a heading row (``header`` over the row
    labels and the value columns' labels) and its rows."""

    caption: str
    header: str
    columns: tuple[Node, ...]
    rows: tuple[Node, ...]


class Shape(NamedTuple):
    """Which optional rows (by path) a report leaves out and which collapsible groups it prints
    as one row."""

    omitted: frozenset[str] = frozenset()
    collapsed: frozenset[str] = frozenset()


#: The shape of a report that leaves nothing out and collapses nothing.
PLAIN = Shape()


class DataRow(NamedTuple):
    """A row of values as a reader meets it: its label path, the path of the row, each value's
    path, kind and column labels, and the block it belongs to (block tables)."""

    labels: tuple[str, ...]
    path: str
    paths: tuple[str, ...]
    kinds: tuple[ValueKind, ...]
    columns: tuple[tuple[str, ...], ...]
    block: int = 0
    name: str | None = None

    @property
    def width(self) -> int:
        """How many values the row holds."""
        return len(self.paths)


# --- sums ---------------------------------------------------------------------------------------


class Balance(NamedTuple):
    """In each column: the rows ``left`` add up to the rows ``right`` (names of rows)."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]


class RowTotal(NamedTuple):
    """In each column: the row ``total`` is the sum of every leaf row under ``within`` but
    itself. ``parts_name`` says what the parts are in messages (``（一）至（六）各项``)."""

    rule: str
    total: str
    within: str
    parts_name: str


class ColumnTotal(NamedTuple):
    """In each row — and in each column group holding the columns, for a table whose groups
    repeat the same columns (表四) — the column ``total`` is the sum of the columns ``parts``
    (names). ``parts_name`` says what the parts are; by default their labels joined by 、."""

    rule: str
    total: str
    parts: tuple[str, ...]
    parts_name: str | None = None


Sum = Balance | RowTotal | ColumnTotal


class Equation(NamedTuple):
    """One equation of a table's sums, as the checks evaluate it: the cells on either side,
    the cell a finding names, every cell involved, and the words of its message.

    ``style`` is ``"balance"`` (``left₁ a + left₂ b = x，而 right₁ c + … = y``) or ``"total"``
    (``total 为 x，而 parts 之和为 y``); ``scope`` names the column or row (``“商业企业”列``).
    """

    rule: str
    table: str
    style: Literal["balance", "total"]
    path: str
    cells: tuple[str, ...]
    left: tuple[str, ...]
    right: tuple[str, ...]
    scope: str
    left_labels: tuple[str, ...] = ()
    right_labels: tuple[str, ...] = ()
    parts_name: str = ""


def join_labels(labels: tuple[str, ...]) -> str:
    """``三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密``: a full-width bracket takes no space."""
    out: list[str] = []
    for i, label in enumerate(labels):
        if i:
            out.append(" /" if label.startswith("（") else " / ")
        out.append(label)
    return "".join(out)


# --- tables -------------------------------------------------------------------------------------


class _Leaf(NamedTuple):
    """A leaf row of a shape: the nodes from the top down to it, and its path."""

    nodes: tuple[Node, ...]
    path: str


@attrs.frozen(kw_only=True, cache_hash=True)
class TableSpec:
    """What every table description has: its key (the section's), its name in messages (表三),
    its caption (the section heading) and its sums."""

    key: str
    name: str
    caption: str
    sums: tuple[Sum, ...] = ()

    def grid(self, shape: Shape = PLAIN) -> Table:
        """The printed table of ``shape``."""
        raise NotImplementedError

    def data_rows(self, shape: Shape = PLAIN) -> tuple[DataRow, ...]:
        """The rows of values of ``shape`` in printed order."""
        raise NotImplementedError

    def headings(self) -> tuple[str, ...]:
        """Every printed heading label (column headings, captions, the corner note)."""
        raise NotImplementedError

    def optional_paths(self) -> tuple[str, ...]:
        """Paths of the rows a report may leave out."""
        return tuple(path for path, _ in self.optional_rules())

    def optional_rules(self) -> tuple[tuple[str, str], ...]:
        """``(path, rule of the warning)`` of each row a report may leave out."""
        return ()

    def collapsible_paths(self) -> tuple[str, ...]:
        """Paths of the row groups a report may print as one row."""
        return tuple(path for path, _ in self.collapsible_rows())

    def collapsible_rows(self) -> tuple[tuple[str, str], ...]:
        """``(path, first sub-row key)`` of each row group a report may print as one row."""
        return ()

    def label_index(self) -> dict[str, tuple[str, ...]]:
        """Official label path of every row, group and value path of the table."""
        raise NotImplementedError

    def equations(self, shape: Shape = PLAIN) -> tuple[Equation, ...]:
        """The sums of the table expanded into equations over the cells of ``shape``."""
        return ()

    def value_paths(self, shape: Shape = PLAIN) -> tuple[str, ...]:
        """Every value path of ``shape`` in printed order."""
        return tuple(p for row in self.data_rows(shape) for p in row.paths)


def _leaves(node: Node) -> Iterator[Node]:
    if not node.children:
        yield node
        return
    for child in node.children:
        yield from _leaves(child)


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


def _join(*parts: str | None) -> str:
    return ".".join(p for p in parts if p)


@attrs.frozen(kw_only=True, cache_hash=True)
class CrossTable(TableSpec):
    """A tree of rows crossed with a tree of columns (表三, 表四).

    ``corner`` is printed in the top-left cell over the row labels (表三's 勾稽 note); a table
    without ``rows`` has one data row and no label columns (表四). The value of leaf row *r* in
    leaf column *c* is at ``key.<r's keys>.<c's keys>``.
    """

    corner: str | None = None
    columns: tuple[Node, ...]
    rows: tuple[Node, ...] = ()

    # --- leaves ---------------------------------------------------------------------------

    def _row_leaves(self, shape: Shape) -> tuple[_Leaf, ...]:
        return _cross_row_leaves(self, shape)

    def _column_leaves(self) -> tuple[tuple[tuple[Node, ...], str], ...]:
        """Each leaf column: the nodes from the top down to it, and its path suffix."""
        out: list[tuple[tuple[Node, ...], str]] = []

        def walk(nodes: tuple[Node, ...], above: tuple[Node, ...]) -> None:
            for node in nodes:
                chain = (*above, node)
                if node.children:
                    walk(node.children, chain)
                else:
                    out.append((chain, _join(*(n.key for n in chain))))

        walk(self.columns, ())
        return tuple(out)

    def optional_rules(self) -> tuple[tuple[str, str], ...]:
        return _cross_optional(self)

    def collapsible_rows(self) -> tuple[tuple[str, str], ...]:
        return _cross_collapsible(self)

    def headings(self) -> tuple[str, ...]:
        out: list[str] = [] if self.corner is None else [self.corner]

        def walk(nodes: tuple[Node, ...]) -> None:
            for node in nodes:
                out.append(node.label)
                walk(node.children)

        walk(self.columns)
        return tuple(dict.fromkeys(out))

    def data_rows(self, shape: Shape = PLAIN) -> tuple[DataRow, ...]:
        return _cross_data_rows(self, shape)

    def grid(self, shape: Shape = PLAIN) -> Table:
        return _cross_grid(self, shape)

    def label_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, tuple[str, ...]] = {}
        columns = self._column_leaves()
        for node, path in _row_nodes(self):
            labels = _row_labels_of(self, path)
            index[path] = labels
            if not node.children or node.collapsible:
                for chain, suffix in columns:
                    index[_join(path, suffix)] = (*labels, *(n.label for n in chain if n.key is not None))
        if not self.rows:
            for chain, suffix in columns:
                keyed = [n for n in chain if n.key is not None]
                for depth in range(1, len(keyed)):
                    group = _join(self.key, *(n.key for n in keyed[:depth]))
                    index[group] = tuple(n.label for n in chain[: chain.index(keyed[depth - 1]) + 1])
                index[_join(self.key, suffix)] = tuple(n.label for n in chain)
        return index

    def column_labels(self) -> dict[str, str]:
        """Leaf column key → label, for columns whose key is the same wherever they occur."""
        seen: dict[str, str] = {}
        for chain, _ in self._column_leaves():
            leaf = chain[-1]
            if leaf.key is not None:
                seen.setdefault(leaf.key, leaf.label)
        return seen

    def equations(self, shape: Shape = PLAIN) -> tuple[Equation, ...]:
        return _cross_equations(self, shape)


@functools.cache
def _cross_optional(table: CrossTable) -> tuple[tuple[str, str], ...]:
    return tuple((path, node.absent_rule) for node, path in _row_nodes(table) if node.optional)


@functools.cache
def _cross_collapsible(table: CrossTable) -> tuple[tuple[str, str], ...]:
    return tuple(
        (path, node.children[0].key or "")
        for node, path in _row_nodes(table)
        if node.collapsible and node.children
    )


@functools.cache
def _row_nodes(table: CrossTable) -> tuple[tuple[Node, str], ...]:
    """Every row node (groups too) with its path, in printed order."""
    out: list[tuple[Node, str]] = []

    def walk(nodes: tuple[Node, ...], path: str) -> None:
        for node in nodes:
            here = _join(path, node.key)
            if node.key is not None:
                out.append((node, here))
            walk(node.children, here)

    walk(table.rows, table.key)
    return tuple(out)


def _row_labels_of(table: CrossTable, path: str) -> tuple[str, ...]:
    """The label path of the row (or group) at ``path``: every label from the top down."""

    def walk(nodes: tuple[Node, ...], here: str, labels: tuple[str, ...]) -> tuple[str, ...] | None:
        for node in nodes:
            step = _join(here, node.key)
            chain = (*labels, node.label)
            if node.key is not None and step == path:
                return chain
            found = walk(node.children, step, chain)
            if found is not None:
                return found
        return None

    return walk(table.rows, table.key, ()) or ()


@functools.cache
def _cross_row_leaves(table: CrossTable, shape: Shape) -> tuple[_Leaf, ...]:
    out: list[_Leaf] = []

    def walk(nodes: tuple[Node, ...], above: tuple[Node, ...], path: str) -> None:
        for node in nodes:
            here = _join(path, node.key)
            if node.optional and here in shape.omitted:
                continue
            chain = (*above, node)
            if node.children and not (node.collapsible and here in shape.collapsed):
                walk(node.children, chain, here)
            else:
                out.append(_Leaf(chain, here))

    walk(table.rows, (), table.key)
    if not table.rows:
        out.append(_Leaf((), table.key))
    return tuple(out)


@functools.cache
def _cross_data_rows(table: CrossTable, shape: Shape) -> tuple[DataRow, ...]:
    columns = table._column_leaves()
    rows: list[DataRow] = []
    for leaf in table._row_leaves(shape):
        rows.append(
            DataRow(
                labels=tuple(n.label for n in leaf.nodes),
                path=leaf.path,
                paths=tuple(_join(leaf.path, suffix) for _, suffix in columns),
                kinds=tuple(chain[-1].kind for chain, _ in columns),
                columns=tuple(tuple(n.label for n in chain) for chain, _ in columns),
                name=leaf.nodes[-1].ref if leaf.nodes else None,
            )
        )
    return tuple(rows)


@functools.cache
def _cross_grid(table: CrossTable, shape: Shape) -> Table:
    leaves = table._row_leaves(shape)
    label_columns = max((len(leaf.nodes) for leaf in leaves), default=0) if table.rows else 0
    header_rows = _depth(table.columns)
    width = label_columns + sum(1 for _ in table._column_leaves())
    rows: list[list[Cell]] = [[] for _ in range(header_rows)]
    if header_rows and label_columns and table.corner is not None:
        rows[0].append(Cell(table.corner, rowspan=header_rows, colspan=label_columns, header=True))

    def heads(nodes: tuple[Node, ...], depth: int) -> None:
        for node in nodes:
            span = sum(1 for _ in _leaves(node))
            rowspan = 1 if node.children else header_rows - depth
            rows[depth].append(Cell(node.label, rowspan=rowspan, colspan=span, header=True))
            heads(node.children, depth + 1)

    heads(table.columns, 0)
    # body: a label cell starts where its first leaf row is printed
    started: set[int] = set()
    data = _cross_data_rows(table, shape)
    for leaf, data_row in zip(leaves, data, strict=True):
        cells: list[Cell] = []
        for depth, node in enumerate(leaf.nodes):
            if id(node) in started:
                continue
            started.add(id(node))
            is_leaf = depth == len(leaf.nodes) - 1
            span_rows = 1 if is_leaf else sum(1 for x in leaves if any(n is node for n in x.nodes))
            colspan = label_columns - depth if is_leaf else 1
            cells.append(Cell(node.label, rowspan=span_rows, colspan=colspan))
        cells.extend(Cell(path=p) for p in data_row.paths)
        rows.append(cells)
    return Table(table.key, table.caption, width, header_rows, tuple(tuple(r) for r in rows))


def _scope_column(labels: tuple[str, ...]) -> str:
    return f"“{labels[-1]}”列"


@functools.cache
def _cross_equations(table: CrossTable, shape: Shape) -> tuple[Equation, ...]:
    data = _cross_data_rows(table, shape)
    by_name = {row.name: row for row in data if row.name is not None}
    leaves = table._row_leaves(shape)
    columns = table._column_leaves()
    column_names = [chain[-1].ref for chain, _ in columns]
    per_column: list[list[Equation]] = [[] for _ in columns]
    per_row: list[Equation] = []
    for rule in table.sums:
        if isinstance(rule, Balance):
            left = [by_name[n] for n in rule.left if n in by_name]
            right = [by_name[n] for n in rule.right if n in by_name]
            for c, (chain, suffix) in enumerate(columns):
                left_cells = tuple(r.paths[c] for r in left)
                right_cells = tuple(r.paths[c] for r in right)
                per_column[c].append(
                    Equation(
                        rule=rule.rule,
                        table=table.name,
                        style="balance",
                        path=_join(table.key, "*", suffix),
                        cells=(*left_cells, *right_cells),
                        left=left_cells,
                        right=right_cells,
                        scope=_scope_column(tuple(n.label for n in chain)),
                        left_labels=tuple(r.labels[-1] for r in left),
                        right_labels=tuple(r.labels[-1] for r in right),
                    )
                )
        elif isinstance(rule, RowTotal):
            if rule.total not in by_name:
                continue
            total = by_name[rule.total]
            parts = [
                row
                for leaf, row in zip(leaves, data, strict=True)
                if row is not total and any(n.ref == rule.within for n in leaf.nodes[:-1])
            ]
            for c, (chain, _) in enumerate(columns):
                part_cells = tuple(r.paths[c] for r in parts)
                per_column[c].append(
                    Equation(
                        rule=rule.rule,
                        table=table.name,
                        style="total",
                        path=total.paths[c],
                        cells=(total.paths[c], *part_cells),
                        left=part_cells,
                        right=(total.paths[c],),
                        scope=_scope_column(tuple(n.label for n in chain)),
                        left_labels=(total.labels[-1],),
                        parts_name=rule.parts_name,
                    )
                )
        else:
            per_row.extend(_column_totals(table, rule, data, columns, column_names))
    return (*(e for column in per_column for e in column), *per_row)


def _column_totals(
    table: CrossTable,
    rule: ColumnTotal,
    data: tuple[DataRow, ...],
    columns: tuple[tuple[tuple[Node, ...], str], ...],
    names: list[str | None],
) -> Iterator[Equation]:
    """A :class:`ColumnTotal` in each row, and in each column group that repeats the columns."""
    wanted = {rule.total, *rule.parts}
    # groups of leaf columns sharing their parent chain (表四: one group per 5 columns)
    groups: dict[tuple[int, ...], list[int]] = {}
    for c, (chain, _) in enumerate(columns):
        groups.setdefault(tuple(id(n) for n in chain[:-1]), []).append(c)
    scopes: list[tuple[list[int], tuple[str, ...]]] = []
    whole = [c for c in range(len(columns)) if names[c] in wanted]
    if len({names[c] for c in whole}) == len(whole):
        scopes.append((whole, ()))
    else:
        for members in groups.values():
            chain = columns[members[0]][0]
            scopes.append(([c for c in members if names[c] in wanted], tuple(n.label for n in chain[:-1])))
    for row in data:
        for members, group_labels in scopes:
            index = {names[c]: c for c in members}
            if rule.total not in index or any(p not in index for p in rule.parts):
                continue
            total = index[rule.total]
            part_cols = [index[p] for p in rule.parts]
            printed = sorted(members)
            parts_name = rule.parts_name or "、".join(columns[c][0][-1].label for c in part_cols)
            scope = f"“{join_labels(row.labels)}”行" if row.labels else f"“{join_labels(group_labels)}”"
            yield Equation(
                rule=rule.rule,
                table=table.name,
                style="total",
                path=row.paths[total],
                cells=tuple(row.paths[c] for c in printed),
                left=tuple(row.paths[c] for c in part_cols),
                right=(row.paths[total],),
                scope=scope,
                left_labels=(columns[total][0][-1].label,),
                parts_name=parts_name,
            )


@attrs.frozen(kw_only=True, cache_hash=True)
class BlockTable(TableSpec):
    """Blocks stacked in one grid (表二): each block a caption row, a heading row and its rows.
    The grid is wide enough for every block's columns to take equal spans: one label column
    and the least common multiple of the blocks' column counts."""

    blocks: tuple[Block, ...]

    @property
    def value_columns(self) -> int:
        """Grid columns after the label column."""
        return math.lcm(*(len(b.columns) for b in self.blocks))

    def _rows(self, block: Block, shape: Shape) -> Iterator[tuple[Node, str]]:
        for node in block.rows:
            path = _join(self.key, node.key)
            if node.optional and path in shape.omitted:
                continue
            yield node, path

    def optional_rules(self) -> tuple[tuple[str, str], ...]:
        return _block_optional(self)

    def headings(self) -> tuple[str, ...]:
        out: list[str] = []
        for block in self.blocks:
            out.extend((block.caption, block.header, *(c.label for c in block.columns)))
        return tuple(dict.fromkeys(out))

    def data_rows(self, shape: Shape = PLAIN) -> tuple[DataRow, ...]:
        return _block_data_rows(self, shape)

    def grid(self, shape: Shape = PLAIN) -> Table:
        return _block_grid(self, shape)

    def label_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, tuple[str, ...]] = {}
        for block in self.blocks:
            for node in block.rows:
                path = _join(self.key, node.key)
                if len(block.columns) == 1 and block.columns[0].key is None:
                    index[path] = (node.label, block.columns[0].label)
                    continue
                index[path] = (node.label,)
                for column in block.columns:
                    index[_join(path, column.key)] = (node.label, column.label)
        return index


@functools.cache
def _block_optional(table: BlockTable) -> tuple[tuple[str, str], ...]:
    return tuple((_join(table.key, n.key), n.absent_rule) for b in table.blocks for n in b.rows if n.optional)


@functools.cache
def _block_data_rows(table: BlockTable, shape: Shape) -> tuple[DataRow, ...]:
    out: list[DataRow] = []
    for b, block in enumerate(table.blocks):
        for node, path in table._rows(block, shape):
            out.append(
                DataRow(
                    labels=(node.label,),
                    path=path,
                    paths=tuple(_join(path, c.key) for c in block.columns),
                    kinds=tuple(c.kind for c in block.columns),
                    columns=tuple((c.label,) for c in block.columns),
                    block=b,
                    name=node.ref,
                )
            )
    return tuple(out)


@functools.cache
def _block_grid(table: BlockTable, shape: Shape) -> Table:
    width = table.value_columns
    rows: list[tuple[Cell, ...]] = []
    for block in table.blocks:
        span = width // len(block.columns)
        rows.append((Cell(block.caption, colspan=width + 1, header=True),))
        rows.append(
            (
                Cell(block.header, header=True),
                *(Cell(c.label, colspan=span, header=True) for c in block.columns),
            )
        )
        for node, path in table._rows(block, shape):
            values = tuple(Cell(path=_join(path, c.key), colspan=span) for c in block.columns)
            rows.append((Cell(node.label), *values))
    return Table(table.key, table.caption, width + 1, 0, tuple(rows))


# --- the format ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, cache_hash=True)
class Format:
    """A report format: its id (the dict contract's ``format``), the document that prescribes
    it, the default title, its six sections, its tables (one per section with a table, under
    the section's key), and wordings of headings and labels seen in real reports."""

    id: str
    name: str
    title_template: str
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    #: section key → heading bodies seen in real reports (without the numeral)
    heading_variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: official label → labels printed for it in real reports
    label_variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: report-level labels: agency, year, title, preamble, paragraphs, subsections
    report_labels: tuple[Label, ...] = ()
    #: the reporting years the format is prescribed for: first, and last (``None``: still in force)
    years: tuple[int, int | None] | None = None
    #: how reports and findings name the format (``〔2021〕30号格式``)
    short_name: str = ""

    def prescribed_for(self, year: int) -> bool:
        """Whether the format is the one prescribed for reports of ``year``."""
        if self.years is None:
            return False
        first, last = self.years
        return first <= year and (last is None or year <= last)

    def section(self, key: str) -> SectionSpec:
        """The section ``key``."""
        for section in self.sections:
            if section.key == key:
                return section
        msg = f"格式 {self.id} 没有部分 {key!r}"
        raise KeyError(msg)

    def table(self, key: str) -> TableSpec:
        """The table of section ``key``."""
        for table in self.tables:
            if table.key == key:
                return table
        msg = f"格式 {self.id} 没有表格 {key!r}"
        raise KeyError(msg)

    def narrative_keys(self) -> tuple[str, ...]:
        """Keys of the sections without a table."""
        return tuple(s.key for s in self.sections if not s.has_table)

    def label_path(self, path: str) -> tuple[str, ...]:
        """The official labels naming ``path``; list indices become ``第N项``."""
        return _label_path(self, path)

    def describe(self, path: str) -> str:
        """``path`` followed by its official labels, as error messages print it."""
        labels = self.label_path(path)
        return f"{path} — {join_labels(labels)}" if labels else path


def _report_label(fmt: Format, key: str) -> str:
    for label in fmt.report_labels:
        if label.key == key:
            return label.label
    return key


@functools.cache
def _label_index(fmt: Format) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for key in ("agency", "year", "title", "preamble"):
        index[key] = (_report_label(fmt, key),)
    paragraphs = _report_label(fmt, "paragraphs")
    subsections = _report_label(fmt, "subsections")
    for section in fmt.sections:
        index[section.key] = (section.heading,)
        index[f"{section.key}.paragraphs"] = (section.heading, paragraphs)
        if not section.has_table:
            index[f"{section.key}.subsections"] = (section.heading, subsections)
    for table in fmt.tables:
        index.update(table.label_index())
    return index


@functools.cache
def _column_labels(fmt: Format) -> dict[str, str]:
    out: dict[str, str] = {}
    for table in fmt.tables:
        if isinstance(table, CrossTable) and table.rows:
            out.update(table.column_labels())
    return out


def _label_path(fmt: Format, path: str) -> tuple[str, ...]:
    index = _label_index(fmt)
    parts = path.split(".") if path else []
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in index:
            labels = list(index[head])
            break
    else:
        return tuple(parts)
    columns = _column_labels(fmt)
    for part in parts[cut:]:
        if part.isdigit():
            labels.append(f"第{int(part) + 1}项")
        elif part == "title":
            labels.append(_report_label(fmt, "subsection_title"))
        elif part == "paragraphs":
            labels.append(_report_label(fmt, "paragraphs"))
        elif part == "*":
            continue
        elif part in columns:
            labels.append(columns[part])
        else:
            labels.append(part)
    return tuple(labels)
