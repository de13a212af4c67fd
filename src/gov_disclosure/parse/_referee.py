"""The table's own sums as the referee of its reading.

A table whose printed cells are read into the wrong rows or columns almost always breaks its own
sums in a characteristic way (a whole row shifted, a stray number where a blank cell was, runs
of numbers taken in the wrong order). So, when the literal reading of a table breaks a sum of
its format:

1. if the reading was certain — every number read into exactly one cell, no row left out,
   nothing gathered from several places — the failing sums are the document's: they are
   reported as its errors, and nothing is changed;
2. otherwise the readings the layout leaves open are tried — the stray numbers put into the
   cells read as blank or into the rows read as missing, the runs of a one-row table in other
   orders, a table printed column by column (each reader offers its own) — and when exactly
   one of them (by its numbers) makes every sum hold, it is used, and a reading finding
   (``parse.sums_chosen``) says what was done;
3. when none or several do, the literal reading is kept and a distinct finding
   (``parse.uncertain_table``) says that the table could not be read with confidence, shows the
   sums that fail and the candidates; the table's errors are not reported as the agency's:
   they may be ours.

A table whose sums hold but which has both numbers that belong to no cell and cells read as
blank is uncertain too: the numbers may be the blanks', so the blanks are not told as printed
blank.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import Finding, finding
from gov_disclosure.parse import _labels as lb

__all__ = ["Chosen", "Reading", "referee"]

#: Most ways of placing the stray numbers that are tried.
MAX_PLACINGS = 5000
#: Most candidate readings shown in a finding.
SHOWN = 3

Cells = dict[str, tuple[str, str] | None]


@attrs.define
class Reading:
    """One table's literal reading: each value path's printed text and where it was read (or
    ``None`` for an optional row left out), the runs of numbers that belong to no cell, the rows
    read as missing, the reading findings made on the way, and whether anything about it was
    uncertain beyond those."""

    table: spec.TableSpec
    cells: Cells = attrs.Factory(dict)
    kinds: dict[str, spec.ValueKind] = attrs.Factory(dict)
    strays: list[tuple[list[str], str]] = attrs.Factory(list)
    missing: list[spec.DataRow] = attrs.Factory(list)
    findings: list[Finding] = attrs.Factory(list)
    uncertain: bool = False
    #: the groups the document prints as one row (``Shape.collapsed``)
    collapsed: frozenset[str] = frozenset()

    @property
    def certain(self) -> bool:
        """Whether every number was read into exactly one cell, unambiguously."""
        return not (self.uncertain or self.strays or self.missing)


@attrs.frozen
class Chosen:
    """The reading to use, the findings to report with it, and whether it is uncertain (the
    table's errors may then be the reading's, not the report's)."""

    cells: Cells
    findings: tuple[Finding, ...]
    uncertain: bool = False
    #: the cells read as blank may not be printed blank (``parse.blank_cell`` is not told)
    doubtful_blanks: bool = False


@functools.lru_cache(maxsize=4096)
def _text_number(text: str) -> Decimal:
    got = lb.reading(text)
    if got is not None:
        return got.value
    several = lb.numbers(text)
    return several[0].value if several else Decimal(0)


def _number(cell: tuple[str, str] | None) -> Decimal:
    """A cell's value for the referee (a blank is 0; several numbers, the first)."""
    return Decimal(0) if cell is None else _text_number(cell[0])


def _equations(
    table: spec.TableSpec, cells: Cells, collapsed: frozenset[str] = frozenset()
) -> tuple[spec.Equation, ...]:
    """The sums of ``table`` in the shape of a reading (an optional row left out has none; a
    group printed as one row counts as that row)."""
    omitted = frozenset(
        p
        for p, _ in table.optional_rules()
        if any((c == p or c.startswith(p + ".")) and v is None for c, v in cells.items())
    )
    return table.equations(spec.Shape(omitted=omitted, collapsed=collapsed))


def _failing(equations: Sequence[spec.Equation], cells: Cells) -> list[spec.Equation]:
    """The sums that do not hold under ``cells``."""
    zero = Decimal(0)

    def value(path: str) -> Decimal:
        cell = cells.get(path)
        return zero if cell is None else _text_number(cell[0])

    return [eq for eq in equations if sum(map(value, eq.left), zero) != sum(map(value, eq.right), zero)]


class _Judge:
    """Whether a candidate reading makes every sum hold, looking only at the sums that touch
    the cells it changes (the others hold or fail as in the literal reading)."""

    def __init__(self, equations: Sequence[spec.Equation], literal: Cells, failing: Sequence[spec.Equation]):
        self.literal = literal
        self.failing = [frozenset((*eq.left, *eq.right)) for eq in failing]
        self.touching: dict[str, list[spec.Equation]] = {}
        for eq in equations:
            for path in {*eq.left, *eq.right}:
                self.touching.setdefault(path, []).append(eq)

    def changed(self, cells: Cells) -> list[str]:
        return [p for p, cell in cells.items() if cell != self.literal.get(p)]

    def holds(self, changes: Cells) -> bool:
        """Whether every sum holds with ``changes`` made to the literal reading."""
        if not all(cells_of.intersection(changes) for cells_of in self.failing):
            return False  # a failing sum none of whose cells changed still fails
        literal = self.literal
        zero = Decimal(0)

        def value(path: str) -> Decimal:
            cell = changes[path] if path in changes else literal.get(path)
            return zero if cell is None else _text_number(cell[0])

        seen: set[int] = set()
        for path in changes:
            for eq in self.touching.get(path, ()):
                if id(eq) in seen:
                    continue
                seen.add(id(eq))
                if sum(map(value, eq.left), zero) != sum(map(value, eq.right), zero):
                    return False
        return True


def _blank_slots(reading: Reading) -> list[str]:
    """The cells a stray number may have belonged to: those read as blank, and those of rows
    read as missing, in printed order."""
    missing = {p for row in reading.missing for p in row.paths}
    return [
        path
        for path, cell in reading.cells.items()
        if cell is not None and (path in missing or not cell[0].strip() or lb.is_blank_mark(cell[0]))
    ]


Placing = tuple[Cells, Callable[[], str]]


def _placings(reading: Reading, fmt: spec.Format) -> Iterator[Placing]:
    """The stray numbers put into blank cells (each number in a cell of its own), and each
    stray run as wide as a missing row into that row: the cells each changes, and what it did
    in words (made only for the one used)."""
    name = reading.table.name
    for run, where in reading.strays:
        for row in reading.missing:
            if len(run) == row.width:
                label = spec.join_labels(row.labels)
                note = f"{name}中多出的一组数字“{' '.join(run)}”（{where}）读作“{label}”行"
                yield (
                    {path: (text, where) for path, text in zip(row.paths, run, strict=True)},
                    functools.partial(str, note),
                )
    numbers = [(text, where) for run, where in reading.strays for text in run]
    slots = _blank_slots(reading)
    if not numbers or not slots or len(numbers) > len(slots):
        return
    for chosen in itertools.islice(itertools.permutations(slots, len(numbers)), MAX_PLACINGS):
        yield dict(zip(chosen, numbers, strict=True)), functools.partial(_placed, fmt, name, numbers, chosen)


def _placed(fmt: spec.Format, name: str, numbers: Sequence[tuple[str, str]], into: Sequence[str]) -> str:
    placed = "、".join(f"“{text}”（{where}）" for text, where in numbers)
    cells = "、".join(f"“{spec.join_labels(fmt.label_path(path))}”" for path in into)
    return f"{name}中多出的数字{placed}读作空格{cells}"


def _key(changes: Cells, literal: Cells) -> tuple[tuple[str, Decimal], ...]:
    """What a candidate reads differently, by value (two placings giving the same numbers are
    one candidate)."""
    return tuple(sorted((p, _number(c)) for p, c in changes.items() if _number(c) != _number(literal.get(p))))


def _shown(table: spec.TableSpec, fmt: spec.Format, cells: Cells, literal: Cells) -> str:
    """What a candidate reads differently from the literal reading."""
    changed = [
        f"“{spec.join_labels(fmt.label_path(path))}” {'' if cell is None else cell[0]}"
        for path, cell in cells.items()
        if cell != literal.get(path)
    ]
    return "；".join(changed[:6]) + ("……" if len(changed) > 6 else "")


def referee(reading: Reading, alternatives: Iterable[tuple[Cells, str]], fmt: spec.Format) -> Chosen:
    """The reading of ``reading.table`` to use, chosen by its sums."""
    table = reading.table
    equations = _equations(table, reading.cells, reading.collapsed)
    failing = _failing(equations, reading.cells)
    if not failing:
        if reading.strays and _blank_slots(reading):
            return _doubtful_blanks(reading)
        return Chosen(reading.cells, tuple(reading.findings))
    if reading.certain:
        # every number in exactly one cell: the failing sums are the document's
        return Chosen(reading.cells, tuple(reading.findings))
    judge = _Judge(equations, reading.cells, failing)
    offered: Iterator[Placing] = (
        ({p: cells[p] for p in judge.changed(cells)}, functools.partial(str, note))
        for cells, note in alternatives
    )
    candidates: dict[tuple[Any, ...], tuple[Cells, str]] = {}
    for changes, saying in itertools.chain(offered, _placings(reading, fmt)):
        if judge.holds(changes):
            key = _key(changes, reading.cells)
            if key not in candidates:
                candidates[key] = ({**reading.cells, **changes}, saying())
    if len(candidates) == 1:
        cells, note = next(iter(candidates.values()))
        changed = [p for p, cell in cells.items() if cell != reading.cells.get(p)]
        told = finding(
            "parse.sums_chosen",
            changed[0] if len(changed) == 1 else table.key,
            f"{note}：这样读，{table.name}的各项之和都成立（按字面读则有 {len(failing)} 处不成立）",
        )
        return Chosen(cells, (*_kept(reading.findings, cells, reading), told))
    scopes = list(dict.fromkeys(eq.scope for eq in failing))
    shown = "；".join(scopes[:SHOWN]) + ("等" if len(scopes) > SHOWN else "")
    options = [
        f"（{n}）{note}：{_shown(table, fmt, cells, reading.cells)}"
        for n, (cells, note) in enumerate(list(candidates.values())[:SHOWN], start=1)
    ]
    why = (
        f"有 {len(candidates)} 种读法都使各项之和成立，无法确定是哪一种：" + "；".join(options)
        if candidates
        else "也没有另一种读法使各项之和成立"
    )
    told = finding(
        "parse.uncertain_table",
        table.key,
        f"{table.name}未能确定地读出：按读出的数字，{shown}的各项之和不成立，但读取本身不确定（{_doubts(reading)}），"
        f"这可能是读取的问题，不一定是报告本身的错误；{why}。请对照原文核对{table.name}",
    )
    return _uncertain(reading, told)


def _doubtful_blanks(reading: Reading) -> Chosen:
    """Cells read as blank (or rows as missing) in a table that also has numbers belonging to
    no cell: those numbers may be the blanks' (text of a PDF exported in another order), so
    the blanks are not told as printed blank, and the table is uncertain."""
    name = reading.table.name
    blanks = _blank_slots(reading)
    told = finding(
        "parse.uncertain_table",
        reading.table.key,
        f"{name}未能确定地读出：{_doubts(reading)}，而有 {len(blanks)} 个格读作空白，"
        "多出的数字可能本属于这些格（如 PDF 导出的文字次序与表格不同），这些格在原文中未必是空白；"
        f"空格按 0 读入，多出的数字未读入。请对照原文核对{name}",
    )
    return _uncertain(reading, told)


def _doubts(reading: Reading) -> str:
    """What made a reading uncertain, in words."""
    out = []
    numbers = [text for run, _ in reading.strays for text in run]
    if numbers:
        where = "、".join(dict.fromkeys(w for _, w in reading.strays))
        shown = " ".join(numbers[:10]) + ("……" if len(numbers) > 10 else "")
        out.append(f"有 {len(numbers)} 个数字不属于任何一格：{shown}（{where}）")
    if reading.missing:
        rows = "、".join(f"“{spec.join_labels(row.labels)}”" for row in reading.missing[:5])
        out.append(f"未找到{rows}{'等' if len(reading.missing) > 5 else ''}行（按 0 读入）")
    if reading.uncertain:
        out.append("数字分散在几处，次序不能确定")
    return "；".join(out)


def _uncertain(reading: Reading, told: Finding) -> Chosen:
    """The literal reading, told as uncertain; with numbers that belong to no cell, its blanks
    are not told as printed blank (the uncertain finding names the strays)."""
    return Chosen(
        reading.cells, (*reading.findings, told), uncertain=True, doubtful_blanks=bool(reading.strays)
    )


def _kept(findings: Sequence[Finding], cells: Cells, reading: Reading) -> tuple[Finding, ...]:
    """The literal reading's findings that still hold under the chosen reading: a stray number
    that now has a cell, and a row that is no longer missing, are not told again."""
    placed = {p for p, cell in cells.items() if cell != reading.cells.get(p)}
    out = []
    for f in findings:
        if f.rule == "parse.extra_number" and f.path == reading.table.key and placed:
            continue
        if f.rule == "parse.row_missing" and any(p.startswith(f.path + ".") for p in placed):
            continue
        out.append(f)
    return tuple(out)
