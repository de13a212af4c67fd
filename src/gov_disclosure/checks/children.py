"""A report that adds up others (a county and its departments): every table cell of the
parent equals the sum of that cell over the children (rule ``aggregate.children``, warnings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from gov_disclosure import spec
from gov_disclosure.checks.tables import diff
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, format_of, shape_of

__all__ = ["RULE_ID", "children_findings", "table_paths"]

#: The rule id of the parent = Σ children check (severity ``warning``).
RULE_ID = "aggregate.children"


def table_paths(report: Report) -> tuple[str, ...]:
    """The path of every number in the report's tables, in printed order (rows the report
    leaves out left out)."""
    fmt = format_of(report)
    return tuple(p for table in fmt.tables for p in table.value_paths(shape_of(report, table)))


def _value(report: Report, path: str) -> Any:
    """The value at ``path``; 0 in a row the report leaves out."""
    value: Any = report
    for key in path.split("."):
        value = getattr(value, key)
        if value is None:
            return 0
    return value


def children_findings(parent: Report, children: Sequence[Report]) -> list[Finding]:
    """Warnings for every table cell of ``parent`` that differs from the sum of that cell over
    ``children``.

    A child of another year gets one warning and is still counted; a row the parent leaves out
    is compared nowhere, with one warning when a child has that row.
    """
    findings: list[Finding] = [*_year_findings(parent, children)]
    if not children:
        return findings
    fmt = format_of(parent)
    names = "、".join(c.agency for c in children)
    for table in fmt.tables:
        for path in shape_of(parent, table).omitted:
            if any(_value(c, path) != 0 for c in children):
                label = fmt.label_path(path)[-1]
                findings.append(finding(RULE_ID, path, f"本报告没有“{label}”行，而下级报告（{names}）中有"))
    for path in table_paths(parent):
        actual = _value(parent, path)
        expected = sum((_value(c, path) for c in children), Decimal(0) if isinstance(actual, Decimal) else 0)
        if expected != actual:
            label = spec.join_labels(fmt.label_path(path))
            findings.append(
                finding(
                    RULE_ID,
                    path,
                    f"“{label}”为 {actual}，而 {len(children)} 份下级报告之和为 {expected}，"
                    f"{diff(expected, actual)}",
                    cells=(path,),
                    expected=expected,
                    actual=actual,
                )
            )
    return findings


def _year_findings(parent: Report, children: Sequence[Report]) -> list[Finding]:
    return [
        finding(
            RULE_ID,
            spec.YEAR.key,
            f"下级报告“{child.agency}”是 {child.year} 年度报告，而本报告是 {parent.year} 年度",
            expected=parent.year,
            actual=child.year,
        )
        for child in children
        if child.year != parent.year
    ]
