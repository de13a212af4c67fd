"""Continuity with last year's report of the same agency (warnings): 上年结转 = last year's
结转下年度继续办理 in every column, and 现行有效件数 = last year's + 本年制发 − 本年废止."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure import spec
from gov_disclosure.checks.tables import diff
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report

__all__ = ["continuity"]

_COLUMNS = spec.ROW_COLUMNS
_T2, _T3 = spec.TABLE_NAMES["active_disclosure"], spec.TABLE_NAMES["applications"]
_IN_FORCE = spec.DOCUMENT_COLUMNS[2].label


def continuity(report: Report, previous: Report) -> Iterator[Finding]:
    """The continuity warnings of ``report`` against ``previous``; one warning and no check
    when ``previous`` is not the report of the year before."""
    if previous.year != report.year - 1:
        yield finding(
            "continuity.year",
            spec.YEAR.key,
            f"作为上一年度报告提供的是 {previous.year} 年度报告，不是 {report.year - 1} 年度，未做跨年核对",
            expected=report.year - 1,
            actual=previous.year,
        )
        return
    now = report.applications.carried_over.cells()
    before = previous.applications.carried_forward.cells()
    for c, column in enumerate(_COLUMNS):
        if now[c] != before[c]:
            path = f"applications.{spec.CARRIED_OVER.key}.{column.key}"
            yield finding(
                "continuity.carry_over",
                path,
                f"{_T3}“{column.label}”列：{spec.CARRIED_OVER.label} 为 {now[c]}，而 "
                f"{previous.year} 年度报告的{spec.CARRIED_FORWARD.label} 为 {before[c]}，"
                f"{diff(before[c], now[c])}",
                cells=(path,),
                expected=before[c],
                actual=now[c],
            )
    for doc in (spec.REGULATIONS, spec.NORMATIVE_DOCUMENTS):
        cur = getattr(report.active_disclosure, doc.key)
        old = getattr(previous.active_disclosure, doc.key)
        if cur is None or old is None:
            continue
        expected = old.in_force + cur.issued - cur.repealed
        if expected != cur.in_force:
            base = f"active_disclosure.{doc.key}"
            yield finding(
                "continuity.in_force",
                f"{base}.in_force",
                f"{_T2}“{doc.label}”：{_IN_FORCE}为 {cur.in_force}，而上年现行有效 "
                f"{old.in_force} + 本年制发 {cur.issued} − 本年废止 {cur.repealed} = "
                f"{expected}，{diff(expected, cur.in_force)}",
                cells=(f"{base}.in_force", f"{base}.issued", f"{base}.repealed"),
                expected=expected,
                actual=cur.in_force,
            )
