"""Adding up reports: a county's departments into one report (and, from
:mod:`gov_disclosure.checks.children`, the check that a parent report equals the sum of its
children, rule ``aggregate.children``).

Every table cell is summed cell by cell — the leaves *and* every total as it is stored — so a
sum of given totals stays as given: adding up consistent reports gives a consistent report, and
an error in a child's total shows up again in the sum. 行政事业性收费 is summed as ``Decimal``.
The 规章 row is summed over the reports that have it and left out only when every report
leaves it out. A group that some reports print as one row (表三's （六）其他处理) is one row in the
sum, each other report's sub-rows added into it. Reports of different formats are refused. The
narrative of the sum is empty.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from gov_disclosure import spec
from gov_disclosure.checks.children import RULE_ID, children_findings
from gov_disclosure.exceptions import InputError
from gov_disclosure.model import Report, format_of

#: The key of the dict contract that names a report's format.
FORMAT_KEY = "format"

__all__ = ["RULE_ID", "RunningSum", "aggregate", "children_findings", "table_paths"]


class _Sum:
    """The running sum of one attrs class over several instances, field by field: numbers add
    up (``Decimal`` from ``Decimal(0)``, as :func:`sum` would), nested classes add up field by
    field, text (paragraphs) is dropped; a field that is ``None`` in every instance stays
    ``None``, and one that is ``None`` in some is summed over the others."""

    __slots__ = ("cls", "names", "values")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.names = tuple(field.name for field in attrs.fields(cls))
        self.values: dict[str, Any] = {}

    def add(self, instance: object) -> None:
        values = self.values
        for name in self.names:
            value = getattr(instance, name)
            if value is None:
                continue
            current = values.get(name)
            if isinstance(current, _Sum) and type(value) is not current.cls:
                # a group one report prints as one row (表三's （六）其他处理): the sum is the row
                if _is_row(current.cls):
                    value = _collapse(value, current.cls)
                else:
                    current = values[name] = _start(_collapse(current.build(), type(value)))
            if current is None:
                values[name] = _start(value)
            elif isinstance(current, (_Sum, _Amount)):
                current.add(value)
            elif not isinstance(current, tuple):
                values[name] = current + value

    def build(self) -> Any:
        kwargs: dict[str, Any] = {}
        for name in self.names:
            value = self.values.get(name)
            kwargs[name] = value.build() if isinstance(value, (_Sum, _Amount)) else value
        return self.cls(**kwargs)


class _Amount:
    """The running sum of an amount of money printed with its unit (2019 采购总金额): amounts in
    one unit add up in it; amounts in several units are added in 元; an amount without a unit
    (other than 0) cannot be added to one with a unit."""

    __slots__ = ("by_unit",)

    #: each unit's power of ten in 元
    SCALE: ClassVar[dict[str, int]] = {"元": 0, "万元": 4, "亿元": 8}

    def __init__(self) -> None:
        self.by_unit: dict[str, Decimal] = {}

    def add(self, value: str) -> None:
        number = value.rstrip("".join(self.SCALE) + "万亿")
        unit = value[len(number) :]
        self.by_unit[unit] = self.by_unit.get(unit, Decimal(0)) + Decimal(number)

    def build(self) -> str:
        units = [u for u, n in self.by_unit.items() if u or n or len(self.by_unit) == 1]  # 0 needs no unit
        if len(units) == 1:
            return format(self.by_unit[units[0]], "f") + units[0]
        if "" in units:
            shown = "、".join(u or "未写单位" for u in units)
            msg = f"金额的单位不一致（{shown}），未写单位的金额无法与其他金额相加"
            raise InputError([("", msg)])
        total = sum((n.scaleb(self.SCALE[u]) for u, n in self.by_unit.items()), Decimal(0))
        return format(total, "f") + "元"


def _is_row(cls: type) -> bool:
    return bool(getattr(cls, "LIST_FORM", False))


def _collapse(group: object, row: type) -> Any:
    """A group of rows as the one row ``row`` that adds them up, cell by cell as stored."""
    subs = [getattr(group, f.name) for f in attrs.fields(type(group))]  # type: ignore[arg-type]
    return row(**{f.name: sum(getattr(sub, f.name) for sub in subs) for f in attrs.fields(row)})


def _start(value: object) -> Any:
    """The running sum of one field after its first value."""
    if isinstance(value, Decimal):
        return Decimal(0) + value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if attrs.has(type(value)):
        running = _Sum(type(value))
        running.add(value)
        return running
    if isinstance(value, tuple):
        return ()
    if isinstance(value, str):
        amount = _Amount()
        amount.add(value)
        return amount
    msg = f"无法相加的值：{type(value).__name__}"
    raise TypeError(msg)


def _check_years(years: set[int]) -> int:
    if len(years) > 1:
        shown = "、".join(str(y) for y in sorted(years))
        msg = f"只能汇总同一年度的报告，收到的报告分属 {shown} 年度"
        raise InputError([(spec.YEAR.key, msg)])
    return next(iter(years))


class RunningSum:
    """A sum of reports built one report at a time: :meth:`add` each report (which can then be
    dropped), and take the sum with :meth:`report`. :func:`aggregate` is this over an iterable;
    the command line adds up thousands of files with it in flat memory. Every report must be of
    one format: the tables of that format are summed."""

    def __init__(self) -> None:
        self.count = 0
        self.years: set[int] = set()
        self._cls: type | None = None
        self._tables: dict[str, _Sum] = {}

    def add(self, report: Report) -> None:
        """Add the tables of ``report`` to the sum."""
        if self._cls is None:
            self._cls = type(report)
            self._tables = {t.key: _Sum(type(getattr(report, t.key))) for t in format_of(report).tables}
        elif type(report) is not self._cls:
            first, this = format_of(self._cls), format_of(report)
            msg = (
                f"只能汇总同一格式的报告：已有 {first.name} 格式的报告，而“{report.agency}”的报告是 "
                f"{this.name} 格式"
            )
            raise InputError([(FORMAT_KEY, msg)])
        self.count += 1
        self.years.add(report.year)
        for key, running in self._tables.items():
            running.add(getattr(report, key))

    def report(self, *, agency: str, title: str | None = None) -> Report:
        """The sum as a report named ``agency`` (and ``title``), with an empty narrative.

        Raises :class:`~gov_disclosure.InputError` when nothing was added or the reports added
        are of different years.
        """
        if not self.count or self._cls is None:
            raise InputError([("", "没有要汇总的报告")])
        year = _check_years(self.years)
        tables = {key: running.build() for key, running in self._tables.items()}
        report: Report = self._cls(agency=agency, year=year, title=title, **tables)
        return report


def aggregate(reports: Iterable[Report], *, agency: str, title: str | None = None) -> Report:
    """One report whose tables are the cell-by-cell sum of ``reports`` (all of one year).

    ``reports`` may be any iterable (a generator reading files one by one is summed as it goes,
    without holding the reports). The narrative is left empty; ``agency`` and ``title`` name the
    sum. Raises :class:`~gov_disclosure.InputError` for no reports or reports of different years.
    """
    running = RunningSum()
    for report in reports:
        running.add(report)
    return running.report(agency=agency, title=title)


def table_paths(*, with_regulations: bool = True) -> tuple[str, ...]:
    """The path of every number in the three tables of the 2021 format, in printed order."""
    omitted = (
        frozenset()
        if with_regulations
        else frozenset(spec.FORMAT_2021.table("active_disclosure").optional_paths())
    )
    return tuple(
        p for table in spec.FORMAT_2021.tables for p in table.value_paths(spec.Shape(omitted=omitted))
    )


class _Module(types.ModuleType):
    """This module is also ``gov_disclosure.aggregate`` the attribute of ``gov_disclosure``,
    which Python binds to the module once it is imported: calling it calls :func:`aggregate`,
    so ``gd.aggregate(...)`` works whichever was loaded first."""

    def __call__(self, reports: Iterable[Report], *, agency: str, title: str | None = None) -> Report:
        return aggregate(reports, agency=agency, title=title)


sys.modules[__name__].__class__ = _Module
