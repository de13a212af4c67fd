"""Continuity with last year's report of the same agency (warnings): 上年结转 = last year's
结转下年度继续办理 in every column (in any format), and 现行有效件数 = last year's + 本年制发 −
本年废止 (where both reports print that stock)."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure import spec
from gov_disclosure.checks.tables import diff
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, format_of

__all__ = ["continuity"]

_COLUMNS = spec.ROW_COLUMNS
_T2, _T3 = spec.TABLE_NAMES["active_disclosure"], spec.TABLE_NAMES["applications"]
_IN_FORCE = spec.DOCUMENT_COLUMNS[2].label
_STOCK = spec.DOCUMENT_COLUMNS[2].key


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
    now = _cells(report.applications.carried_over)
    before = _cells(previous.applications.carried_forward)
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
    yield from _in_force(report, previous)


def _cells(row: object) -> tuple[int, ...]:
    """The seven cells of a 表三 row, of any format's row class."""
    return tuple(getattr(row, column.key) for column in _COLUMNS)


def _has_stock(report: Report) -> bool:
    """Whether the report's 表二 prints 现行有效件数 (the 2021 format does)."""
    return hasattr(getattr(report.active_disclosure, spec.NORMATIVE_DOCUMENTS.key, None), _STOCK)


def _in_force(report: Report, previous: Report) -> Iterator[Finding]:
    """现行有效件数 = last year's + 本年制发 − 本年废止, where both reports print that stock; a
    previous report in a format without it (the 2019 format's 对外公开总数量 counts something
    else) gets one note that the stock was not compared."""
    if not _has_stock(report):
        return
    if not _has_stock(previous):
        was, now = format_of(previous), format_of(report)
        yield finding(
            "continuity.format",
            f"active_disclosure.{spec.NORMATIVE_DOCUMENTS.key}.{_STOCK}",
            f"{previous.year} 年度报告按{was.short_name or was.name}编制，其{_T2}没有“{_IN_FORCE}”"
            f"（与本年的{now.short_name or now.name}不可比），未核对{_IN_FORCE}；"
            f"{spec.CARRIED_OVER.label}已按列核对",
        )
        return
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
