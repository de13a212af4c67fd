"""Fitting text into the type area: where a long title breaks, how wide each table column is.

Both are worked out from the text alone, measured in em of the type size: a Chinese character
(or any full-width one) is 1 em, an ASCII letter or digit :data:`HALF` em, a combining mark 0.
:data:`HALF` is wider than the half an em of 仿宋 digits because a converter without the
official faces sets Latin text in a wider substitute (LibreOffice with Noto CJK uses DejaVu
Sans, 0.64 em a digit): what fits by this measure fits in either.

*Titles* (:func:`title_lines`): GB/T 9704 7.3.3 breaks a title that does not fit on one line
between words, keeping the meaning whole, in a 梯形 or 菱形 shape. Break points, best first:
after the agency's name and before ``政府信息公开…`` (and at a space a user put in the title);
then inside a long agency name after an administrative unit (省, 市, 县, 区, 镇, 街道, 人民政府,
局, 委员会, 办公室 …); only when a piece still does not fit, between two Chinese characters.
Of all the ways, the one that breaks fewest words wins, then the one with fewest lines, then
fewest breaks inside the name, then the most even lines.

*Tables* (:func:`fit_table`): the columns are sized from their content, as a browser sizes an
automatic table: every column gets at least its narrowest width (a number never wraps, so a
number column is as wide as its widest number; a label wraps, but keeps at least
:data:`LABEL_MIN_EM` characters a line) and the rest of the width goes to the columns in
proportion to how much wider their text would like to be (a label spanning several rows may
wrap into as many lines for nothing). When the numbers do not fit, labels give way first
(down to a comfortable width, and a third of the table), then the type gets smaller, down to
the smallest size allowed, then the labels give way further (down to one character a line),
and only then are the numbers set condensed (narrower characters, never a break inside a
number). Nothing here knows a table by name: the same rules size any :class:`spec.Table`.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from gov_disclosure import spec

__all__ = [
    "HALF",
    "LABEL_MIN_EM",
    "LABEL_SHARE",
    "MIN_SCALE",
    "TableFit",
    "TablePlan",
    "em_width",
    "fit_table",
    "label_columns",
    "plan",
    "title_lines",
]

#: Width of a half-width (ASCII) character, in em: a generous estimate (see the module doc).
HALF = 0.64

#: A label keeps at least this many characters a line while numbers still fit.
LABEL_MIN_EM = 2

#: The narrowest numbers are condensed to (percent of their width), when even the smallest
#: type size and one-character labels leave them too little room.
MIN_SCALE = 40

#: Room left in a cell beside its text and its margins, in twips (1 pt): rounding, kerning.
SLACK = 20


@functools.lru_cache(maxsize=4096)
def em_width(text: str) -> float:
    """``text`` set on one line, in em of its type size."""
    width = 0.0
    for ch in text:
        if ch.isascii():
            width += HALF if ch.isprintable() else 0.0
            continue
        kind = unicodedata.east_asian_width(ch)
        if kind in ("W", "F", "A"):
            width += 1.0
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        else:
            width += HALF
    return width


# --- titles -----------------------------------------------------------------------------------

#: The words a report title ends with; a title breaks before it (keeping it whole).
TITLE_TAIL = "政府信息公开"

#: Administrative units and offices an agency name may break after, longest first.
UNITS = (
    "人民政府",
    "委员会",
    "办公室",
    "办事处",
    "管委会",
    "自治区",
    "自治州",
    "自治县",
    "街道",
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "局",
    "厅",
    "委",
    "办",
)
#: A one-character unit does not end a word when followed by one of these (市场, 省委, 区域,
#: 委员, 办公, 局长 …) or preceded by one of those (城市, 社区, 超市 …).
_NOT_BEFORE = frozenset("场委政级直属域长员公事内外辖管属民中")
_NOT_AFTER = frozenset("城都超夜股社小街")

#: Kinds of break point, weakest last: the cost of using one.
_STRONG, _UNIT, _CHAR = 0, 1, 2

#: Characters a line may not start with, and may not end with (禁则).
_NO_START = frozenset("，。、；：？！）》」』】〕〉”’・…—～%‰,.;:?!)]}")
_NO_END = frozenset("（《「『【〔〈“‘([{")


def _is_ideograph(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and unicodedata.east_asian_width(ch) in ("W", "F")


def _breakable(before: str, after: str) -> bool:
    """Whether a line may end with ``before`` and the next begin with ``after``: not before a
    space (the break goes after it), a closing mark or a combining character, not after an
    opening mark or a joiner, not inside a run of ASCII letters and digits."""
    if after.isspace() or after in _NO_START or before in _NO_END or before == "\u200d":
        return False
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return False
    return unicodedata.category(after) not in ("Mn", "Me", "Mc", "Cf", "Sk")


def _break_points(title: str, agency: str) -> dict[int, int]:
    """Position → kind of every place ``title`` may break (``title[:i]`` | ``title[i:]``)."""
    points: dict[int, int] = {}

    def add(i: int, kind: int) -> None:
        if 0 < i < len(title) and _breakable(title[i - 1], title[i]):
            points[i] = min(kind, points.get(i, kind))

    for i in range(1, len(title)):  # after a space (the space stays at the end of the line)
        if title[i - 1].isspace() and not title[i].isspace():
            add(i, _STRONG)
    tail = title.rfind(TITLE_TAIL)
    if tail > 0:
        add(tail, _STRONG)
    start = title.find(agency) if agency else -1
    head_end = tail if tail > 0 else len(title)
    if start >= 0:
        add(start + len(agency), _STRONG)
        _unit_points(title, start, start + len(agency), add)
    else:
        _unit_points(title, 0, head_end, add)
    for i in range(1, len(title)):
        if _is_ideograph(title[i - 1]) and _is_ideograph(title[i]):
            add(i, _CHAR)
    return points


def _unit_points(title: str, start: int, end: int, add: object) -> None:
    """Break points after an administrative unit inside ``title[start:end]``."""
    for j in range(start + 2, end):
        for unit in UNITS:
            if j - len(unit) < start + (2 if len(unit) == 1 else 1) or not title.startswith(
                unit, j - len(unit)
            ):
                continue
            if len(unit) == 1 and (title[j] in _NOT_BEFORE or title[j - 2] in _NOT_AFTER):
                break
            add(j, _UNIT)  # type: ignore[operator]
            break


@functools.lru_cache(maxsize=1024)
def title_lines(title: str, agency: str, capacity: float) -> tuple[str, ...]:
    """``title`` as the lines it is printed on, each at most ``capacity`` em wide; the lines
    joined give ``title`` back. A title that fits, or that has no break point, is one line."""
    if em_width(title) <= capacity:
        return (title,)
    points = _break_points(title, agency)
    cuts = [0, *sorted(points), len(title)]
    kinds = [_STRONG, *(points[c] for c in cuts[1:-1]), _STRONG]
    n = len(cuts)
    widths: dict[tuple[int, int], float] = {}

    def width(a: int, b: int) -> float:
        key = (a, b)
        if key not in widths:
            widths[key] = em_width(title[cuts[a] : cuts[b]].strip())
        return widths[key]

    # best[k][b]: cheapest way to set title[:cuts[b]] on k lines, as (cost, previous cut)
    best: list[dict[int, tuple[tuple[float, float, float], int]]] = [{0: ((0.0, 0.0, 0.0), -1)}]
    chosen: tuple[tuple[float, int, float, float], tuple[str, ...]] | None = None
    for _lines in range(1, 8):
        layer: dict[int, tuple[tuple[float, float, float], int]] = {}
        for a, (cost, _) in best[-1].items():
            for b in range(a + 1, n):
                w = width(a, b)
                if w > capacity:
                    break
                kind = kinds[b]
                step = (
                    cost[0] + (kind == _CHAR),
                    cost[1] + (kind == _UNIT),
                    cost[2] + (capacity - w) ** 2,
                )
                if b not in layer or step < layer[b][0]:
                    layer[b] = (step, a)
        best.append(layer)
        if n - 1 in layer:
            cost = layer[n - 1][0]
            key = (cost[0], _lines, cost[1], cost[2])  # whole words first, then fewest lines
            if chosen is None or key < chosen[0]:
                chosen = (key, _lines_from(title, cuts, best, n - 1))
            if cost[0] == 0:
                break  # more lines cannot break fewer words
        if not layer:
            break
    return chosen[1] if chosen is not None else (title,)


def _lines_from(
    title: str, cuts: list[int], best: list[dict[int, tuple[tuple[float, float, float], int]]], end: int
) -> tuple[str, ...]:
    lines: list[str] = []
    b = end
    for k in range(len(best) - 1, 0, -1):
        a = best[k][b][1]
        lines.append(title[cuts[a] : cuts[b]])
        b = a
    return tuple(reversed(lines))


# --- tables -----------------------------------------------------------------------------------


@attrs.frozen
class TableFit:
    """How a table is set: type size, column widths, condensing of numbers, lines per row."""

    #: Type size of every cell, in half-points.
    size: int
    #: Grid column widths, summing exactly to the width given.
    widths: tuple[int, ...]
    #: Width of the numbers' characters, in percent (100: not condensed).
    scale: int
    #: For each row, the fewest lines its own labels (not spanning rows) take.
    row_lines: tuple[int, ...]


def label_columns(table: spec.Table) -> int:
    """How many leading columns hold row labels (label cells that are not column headings)."""
    return max(
        (
            col + cell.colspan
            for row in table.placed()
            for col, cell in row
            if not cell.header and not cell.is_value
        ),
        default=0,
    )


class TablePlan:
    """What fitting a table needs of the table alone, worked out once (:func:`plan`): where its
    numbers are, and the fits made so far, per width, margin, sizes and number widths."""

    def __init__(self, table: spec.Table) -> None:
        self.table = table
        spans: dict[tuple[int, int], list[int]] = {}
        index = 0
        for row in table.placed():
            for col, cell in row:
                if cell.is_value:
                    spans.setdefault((col, cell.colspan), []).append(index)
                    index += 1
        self._spans = tuple((span, _getter(positions)) for span, positions in sorted(spans.items()))
        self._fits: dict[tuple[object, ...], TableFit] = {}

    def numbers(self, texts: Sequence[str]) -> tuple[tuple[int, int, int], ...]:
        """The widest number (in characters) of each column span holding numbers, as
        ``(column, colspan, characters)``: all :func:`fit_table` needs to know of the values;
        ``texts`` are the table's numbers in document order."""
        return tuple((col, span, max(map(len, get(texts)))) for (col, span), get in self._spans)

    def fit(
        self, numbers: tuple[tuple[int, int, int], ...], *, width: int, margin: int, size: int, min_size: int
    ) -> TableFit:
        """:func:`fit_table` of the table, remembered."""
        key = (numbers, width, margin, size, min_size)
        found = self._fits.get(key)
        if found is None:
            if len(self._fits) > 256:
                self._fits.clear()
            found = self._fits[key] = fit_table(
                self.table, numbers, width=width, margin=margin, size=size, min_size=min_size
            )
        return found


def _getter(positions: list[int]) -> Callable[[Sequence[str]], Any]:
    if len(positions) == 1:
        (only,) = positions
        return lambda texts: (texts[only],)
    return operator.itemgetter(*positions)


_PLANS: dict[int, TablePlan] = {}


def plan(table: spec.Table) -> TablePlan:
    """The plan of ``table``, looked up by identity, not by value: hashing a whole table costs
    more than rendering it. (The layouts of :mod:`spec` are made once; a plan keeps its table
    alive, so an id is never reused while its plan is cached.)"""
    found = _PLANS.get(id(table))
    if found is None or found.table is not table:
        if len(_PLANS) > 64:  # pragma: no cover - only a program making tables anew gets here
            _PLANS.clear()
        found = _PLANS[id(table)] = TablePlan(table)
    return found


#: How hard labels are pressed, from comfortable to tight: (label minimum in em, whether a
#: short heading and a numbering prefix stay whole).
_COMFORT, _TIGHT, _TIGHTEST = (LABEL_MIN_EM, True), (LABEL_MIN_EM, False), (1, False)

#: A numbering prefix a label begins with: （三）, 三、, 1.
_PREFIX = re.compile(r"（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|[0-9]+[.．、]")

#: A column heading this short (in em) is a word that is never broken.
SHORT_HEADING = 3

#: While the type can still get smaller, the row labels keep at least this share of the width.
LABEL_SHARE = 1 / 3


def fit_table(
    table: spec.Table,
    numbers: tuple[tuple[int, int, int], ...],
    *,
    width: int,
    margin: int,
    size: int,
    min_size: int,
) -> TableFit:
    """Size ``table`` in ``width`` twips with cell margins of ``margin`` twips each side, in
    type of ``size`` half-points or smaller down to ``min_size``; ``numbers`` from
    :meth:`TablePlan.numbers`.

    Tried in order until the numbers fit: comfortable labels (headings of up to
    :data:`SHORT_HEADING` characters whole, a numbering prefix whole, the row labels keeping
    :data:`LABEL_SHARE` of the width) at ``size``, then at each smaller size down to
    ``min_size``; at ``min_size``, labels pressed to :data:`LABEL_MIN_EM` characters a line,
    then to one; then numbers condensed down to :data:`MIN_SCALE`.
    """
    attempts = [
        *((s, _COMFORT, 100) for s in range(size, min_size - 1, -1)),
        (min_size, _TIGHT, 100),
        *((min_size, _TIGHTEST, scale) for scale in range(100, MIN_SCALE - 1, -5)),
    ]
    geometry = (table, numbers, width, margin)
    for s, comfort, scale in attempts:
        widths = _widths(geometry, s, comfort, scale)
        if widths is not None:
            return TableFit(s, widths, scale, _row_lines(table, widths, margin, s))
    widths = _squeezed(geometry, min_size)
    return TableFit(min_size, widths, MIN_SCALE, _row_lines(table, widths, margin, min_size))


def _narrowest(cell: spec.Cell, text: float, comfort: tuple[int, bool]) -> float:
    """The narrowest a label may be set (em): ``comfort`` from :data:`_COMFORT` on."""
    least, whole = comfort
    if whole and cell.header and text <= SHORT_HEADING:
        return text
    if whole and not cell.header:
        prefix = _PREFIX.match(cell.text)
        if prefix is not None:
            return min(text, max(least, em_width(prefix.group()) + 1))
    return min(text, least)


_Geometry = tuple[spec.Table, tuple[tuple[int, int, int], ...], int, int]


def _squeezed(geometry: _Geometry, size: int) -> tuple[int, ...]:
    """The narrowest widths scaled down to the table's width: numbers condensed as far as
    they go and still too wide (a number may then wrap; nothing else could fit)."""
    low, _ = _bounds(geometry, size, _TIGHTEST, MIN_SCALE)
    width = geometry[2]
    return _round([lo * width / sum(low) for lo in low], width)


def _widths(geometry: _Geometry, size: int, comfort: tuple[int, bool], scale: int) -> tuple[int, ...] | None:
    """Column widths, or ``None`` when the narrowest widths do not fit in the table's width."""
    table, _, width, _ = geometry
    low, high = _bounds(geometry, size, comfort, scale)
    if sum(low) > width:
        return None
    labels = label_columns(table)
    if comfort is _COMFORT and labels and sum(low[labels:]) > (1 - LABEL_SHARE) * width:
        return None  # the numbers would leave the labels too little: a smaller size first
    if sum(high) <= width:
        return _round([h * width / sum(high) for h in high], width)
    # the room left goes first to the row-label columns (a label that wraps makes its whole
    # row taller, a heading only its heading row), then to the others
    room = width - sum(low)
    widths = list(low)
    for group in (range(labels), range(labels, table.columns)):
        want = sum(high[c] - low[c] for c in group)
        if want <= 0 or room <= 0:
            continue
        share = min(1.0, room / want)
        for c in group:
            widths[c] += (high[c] - low[c]) * share
        room -= want * share
    return _round(widths, width)


def _bounds(
    geometry: _Geometry, size: int, comfort: tuple[int, bool], scale: int
) -> tuple[list[float], list[float]]:
    """Each column's narrowest and widest wished width, in twips."""
    table, numbers, _, margin = geometry
    em = size * 10  # twips
    pad = 2 * margin + SLACK
    cells: list[tuple[int, int, float, float]] = []  # (column, colspan, narrowest, widest)
    for col, span, chars in numbers:
        need = chars * HALF * em * scale / 100 + pad
        cells.append((col, span, need, need))
    for row in table.placed():
        for col, cell in row:
            if cell.is_value:
                continue
            text = em_width(cell.text)
            narrow = _narrowest(cell, text, comfort) * em + pad
            # a row label over several rows may wrap into as many lines at no cost
            wide = text * em / (1 if cell.header else cell.rowspan) + pad
            cells.append((col, cell.colspan, narrow, max(narrow, wide)))
    low = [0.0] * table.columns
    high = [0.0] * table.columns
    for col, span, narrow, wide in sorted(cells, key=lambda c: c[1]):
        _spread(low, col, span, narrow, high)
        _spread(high, col, span, wide, high)
    return low, [max(h, lo) for h, lo in zip(high, low, strict=True)]


def _spread(widths: list[float], col: int, span: int, need: float, weights: list[float]) -> None:
    """Widen the columns ``col`` … ``col + span - 1`` so that together they are at least
    ``need`` wide, sharing the extra in proportion to ``weights`` (evenly if all are 0)."""
    columns = range(col, col + span)
    have = sum(widths[c] for c in columns)
    if need <= have:
        return
    total = sum(weights[c] for c in columns)
    for c in columns:
        share = weights[c] / total if total else 1 / span
        widths[c] += (need - have) * share


def _round(widths: list[float], total: int) -> tuple[int, ...]:
    """Whole twips summing to ``total``: floors, then the largest remainders get one more."""
    floors = [math.floor(w) for w in widths]
    order = sorted(range(len(widths)), key=lambda i: (floors[i] - widths[i], i))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return tuple(floors)


def _row_lines(table: spec.Table, widths: tuple[int, ...], margin: int, size: int) -> tuple[int, ...]:
    """For each row, the fewest lines its own labels (cells not spanning rows) can take:
    filled character by character, half-width ones at half an em, with no line-breaking rule
    pushing a character down (so never more lines than a word processor sets)."""
    em = size * 10
    lines: list[int] = []
    for row in table.placed():
        most = 1
        for col, cell in row:
            if cell.is_value or cell.rowspan > 1:
                continue
            room = (sum(widths[col : col + cell.colspan]) - 2 * margin) / em
            most = max(most, _lines(cell.text, room))
        lines.append(most)
    return tuple(lines)


def _lines(text: str, room: float) -> int:
    """Lines ``text`` fills in ``room`` em, each character at its narrowest width."""
    count, used = 1, 0.0
    for ch in text:
        w = 0.5 if ch.isascii() else em_width(ch)
        if used + w > room and used > 0:
            count += 1
            used = 0.0
        used += w
    return count
