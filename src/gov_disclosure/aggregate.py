"""Adding up reports: a county's departments into one report, and the check that a parent
report equals the sum of its children (rule ``aggregate.children``).

Every table cell is summed cell by cell — the leaves *and* every total as it is stored — so a
sum of given totals stays as given: adding up consistent reports gives a consistent report, and
an error in a child's total shows up again in the sum. 行政事业性收费 is summed as ``Decimal``.
The 规章 row is summed over the reports that have it and left out only when every report
leaves it out. The narrative of the sum is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from attrs import AttrsInstance

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

__all__ = ["RULE_ID", "aggregate", "children_findings", "table_paths"]

#: The rule id of the parent = Σ children check (severity ``warning``).
RULE_ID = "aggregate.children"

_T = TypeVar("_T", bound=AttrsInstance)


def _sum_values(values: Sequence[Any]) -> Any:
    """The sum of one field over several reports: numbers add up, nested attrs classes add up
    field by field, text (paragraphs) is dropped."""
    first = values[0]
    if isinstance(first, (int, Decimal)) and not isinstance(first, bool):
        return sum(values, Decimal(0) if isinstance(first, Decimal) else 0)
    if attrs.has(type(first)):
        return _sum_instances(type(first), values)
    if isinstance(first, tuple):
        return ()
    msg = f"无法相加的值：{type(first).__name__}"
    raise TypeError(msg)


def _sum_instances(cls: type[_T], instances: Sequence[_T]) -> _T:
    """An instance of ``cls`` whose every field is the sum of that field over ``instances``."""
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        values = [getattr(i, field.name) for i in instances]
        present = [x for x in values if x is not None]
        kwargs[field.name] = _sum_values(present) if present else None
    return cls(**kwargs)


def _check_years(reports: Sequence[Report]) -> int:
    years = sorted({r.year for r in reports})
    if len(years) > 1:
        shown = "、".join(str(y) for y in years)
        msg = f"只能汇总同一年度的报告，收到的报告分属 {shown} 年度"
        raise InputError([(spec.YEAR.key, msg)])
    return years[0]


def aggregate(reports: Sequence[Report], *, agency: str, title: str | None = None) -> Report:
    """One report whose tables are the cell-by-cell sum of ``reports`` (all of one year).

    The narrative is left empty; ``agency`` and ``title`` name the sum. Raises
    :class:`~gov_disclosure.InputError` for an empty list or reports of different years.
    """
    if not reports:
        raise InputError([("", "没有要汇总的报告")])
    year = _check_years(reports)
    ad = _sum_instances(ActiveDisclosure, [r.active_disclosure for r in reports])
    apps = _sum_instances(Applications, [r.applications for r in reports])
    rl = _sum_instances(ReviewLitigation, [r.review_litigation for r in reports])
    return Report(
        agency=agency,
        year=year,
        title=title,
        active_disclosure=ad,
        applications=apps,
        review_litigation=rl,
    )


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
