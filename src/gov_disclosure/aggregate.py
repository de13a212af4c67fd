"""Adding up reports: a county's departments into one report, and the check that a parent
report equals the sum of its children (rule ``aggregate.children``).

Every table cell is summed cell by cell — the leaves *and* every total as it is stored — so a
sum of given totals stays as given: adding up consistent reports gives a consistent report, and
an error in a child's total shows up again in the sum. 行政事业性收费 is summed as ``Decimal``.
The 规章 row is summed over the reports that have it and left out only when every report
leaves it out. The narrative of the sum is empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.exceptions import InputError
from gov_disclosure.findings import Finding
from gov_disclosure.model import (
    ActiveDisclosure,
    Applications,
    DocumentCounts,
    Report,
    ReviewLitigation,
    value_at,
)

__all__ = ["RULE_ID", "RunningSum", "aggregate", "children_findings", "table_paths"]

#: The rule id of the parent = Σ children check (severity ``warning``).
RULE_ID = "aggregate.children"


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
            if current is None:
                values[name] = _start(value)
            elif isinstance(current, _Sum):
                current.add(value)
            elif not isinstance(current, tuple):
                values[name] = current + value

    def build(self) -> Any:
        kwargs: dict[str, Any] = {}
        for name in self.names:
            value = self.values.get(name)
            kwargs[name] = value.build() if isinstance(value, _Sum) else value
        return self.cls(**kwargs)


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
    the command line adds up thousands of files with it in flat memory."""

    def __init__(self) -> None:
        self.count = 0
        self.years: set[int] = set()
        self._active_disclosure = _Sum(ActiveDisclosure)
        self._applications = _Sum(Applications)
        self._review_litigation = _Sum(ReviewLitigation)

    def add(self, report: Report) -> None:
        """Add the tables of ``report`` to the sum."""
        self.count += 1
        self.years.add(report.year)
        self._active_disclosure.add(report.active_disclosure)
        self._applications.add(report.applications)
        self._review_litigation.add(report.review_litigation)

    def report(self, *, agency: str, title: str | None = None) -> Report:
        """The sum as a report named ``agency`` (and ``title``), with an empty narrative.

        Raises :class:`~gov_disclosure.InputError` when nothing was added or the reports added
        are of different years.
        """
        if not self.count:
            raise InputError([("", "没有要汇总的报告")])
        year = _check_years(self.years)
        return Report(
            agency=agency,
            year=year,
            title=title,
            active_disclosure=self._active_disclosure.build(),
            applications=self._applications.build(),
            review_litigation=self._review_litigation.build(),
        )


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
    """The path of every number in the three tables (表二, 表三, 表四), in printed order."""
    return (
        *spec.active_disclosure_table(with_regulations=with_regulations).value_paths(),
        *spec.applications_table().value_paths(),
        *spec.review_litigation_table().value_paths(),
    )


def _diff(expected: int | Decimal, actual: int | Decimal) -> str:
    d = actual - expected
    return f"差额 {'+' if d > 0 else ''}{d}"


def _regulations_value(report: Report, path: str) -> int:
    """A 规章 cell, 0 for a report that leaves the row out."""
    regulations: DocumentCounts | None = report.active_disclosure.regulations
    if regulations is None:
        return 0
    value: int = getattr(regulations, path.rsplit(".", 1)[1])
    return value


def children_findings(parent: Report, children: Sequence[Report]) -> list[Finding]:
    """Warnings (rule ``aggregate.children``) for every table cell of ``parent`` that differs
    from the sum of that cell over ``children`` (a county report and its departments).

    A child of another year gets one warning and is still counted; a parent without the 规章
    row is compared on the other rows only, with one warning when a child has that row.
    """
    findings: list[Finding] = [*_year_findings(parent, children)]
    if not children:
        return findings
    names = "、".join(c.agency for c in children)
    regulations_key = f"active_disclosure.{spec.REGULATIONS.key}"
    parent_has_regulations = parent.active_disclosure.regulations is not None
    if not parent_has_regulations and any(c.active_disclosure.regulations is not None for c in children):
        findings.append(
            Finding(
                rule=RULE_ID,
                severity="warning",
                path=regulations_key,
                message=f"本报告没有“{spec.REGULATIONS.label}”行，而下级报告（{names}）中有",
            )
        )
    for path in table_paths(with_regulations=parent_has_regulations):
        if path.startswith(regulations_key + "."):
            actual = _regulations_value(parent, path)
            expected: int | Decimal = sum(_regulations_value(c, path) for c in children)
        else:
            actual = value_at(parent, path)
            values = [value_at(c, path) for c in children]
            expected = sum(values, Decimal(0) if isinstance(actual, Decimal) else 0)
        if expected != actual:
            findings.append(_cell_finding(path, expected, actual, len(children)))
    return findings


def _cell_finding(path: str, expected: int | Decimal, actual: int | Decimal, n: int) -> Finding:
    label = spec.join_labels(spec.label_path(path))
    return Finding(
        rule=RULE_ID,
        severity="warning",
        path=path,
        cells=(path,),
        expected=expected,
        actual=actual,
        message=f"“{label}”为 {actual}，而 {n} 份下级报告之和为 {expected}，{_diff(expected, actual)}",
    )


def _year_findings(parent: Report, children: Sequence[Report]) -> list[Finding]:
    return [
        Finding(
            rule=RULE_ID,
            severity="warning",
            path=spec.YEAR.key,
            expected=parent.year,
            actual=child.year,
            message=f"下级报告“{child.agency}”是 {child.year} 年度报告，而本报告是 {parent.year} 年度",
        )
        for child in children
        if child.year != parent.year
    ]
