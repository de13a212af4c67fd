"""勾稽 checks: named rules over a report, each yielding :class:`Finding` objects.

Hard rules (severity ``error``) follow from the format itself; soft rules (``warning``) are
plausibility and continuity. Every rule has a stable id, documented in ``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Literal

import attrs

from gov_disclosure import spec
from gov_disclosure.model import Applications, Report, Row, Section

__all__ = ["RULES", "Finding", "Rule", "check", "hard_findings"]

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check found.

    ``path`` is the cell that is wrong (for a rule over a whole column, the column written as
    ``applications.*.commercial``); ``cells`` lists every cell in the equation so a user
    interface can highlight them; ``expected`` and ``actual`` are the two sides.
    """

    rule: str
    severity: Severity
    path: str
    message: str
    cells: tuple[str, ...] = ()
    expected: int | Decimal | str | None = None
    actual: int | Decimal | str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-native dict of the finding (numbers as numbers, fees as strings)."""

        def plain(x: object) -> object:
            return format(x, "f") if isinstance(x, Decimal) else x

        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "cells": list(self.cells),
            "expected": plain(self.expected),
            "actual": plain(self.actual),
        }


@attrs.frozen
class Rule:
    """A named rule: its id, severity, a one-line Chinese summary, and its source."""

    id: str
    severity: Severity
    summary: str
    source: str


RULES: tuple[Rule, ...] = (
    Rule("table3.balance", "error", "表三每一列：一 + 二 = 三（七）总计 + 四", "invariants H3.1"),
    Rule("table3.outcome_total", "error", "表三每一列：（七）总计 = 21 个办理结果行之和", "invariants H3.2"),
    Rule("table3.row_total", "error", "表三每一行：总计 = 六类申请人之和", "invariants H3.3"),
    Rule(
        "table4.group_total",
        "error",
        "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        "invariants H4.1",
    ),
    Rule("format.regulations_row", "warning", "表二缺少“规章”行（官方格式有此行）", "invariants F.4"),
    Rule(
        "format.empty_section",
        "warning",
        "一、五、六部分没有任何文字（官方格式要求写明，审核时视为缺项）",
        "invariants F.1, F.8, F.9",
    ),
    Rule(
        "continuity.year", "warning", "上一年度报告的年度不是本年度的前一年，不做跨年核对", "invariants S.XY1"
    ),
    Rule(
        "continuity.carry_over",
        "warning",
        "本年“上年结转” = 上年“结转下年度继续办理”（每一列）",
        "invariants S.XY1",
    ),
    Rule(
        "continuity.in_force",
        "warning",
        "本年现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止",
        "invariants S.XY2",
    ),
    Rule("aggregate.children", "warning", "上级（汇总）报告每一格 = 各下级报告该格之和", "peers §1.7 H.sum"),
    Rule(
        "narrative.applications",
        "warning",
        "文中引用的申请件数（新收、上年结转、办结、结转下年度、各办理结果）与表三不符",
        "invariants T.1, T.2",
    ),
    Rule(
        "narrative.review_litigation",
        "warning",
        "文中引用的行政复议、行政诉讼件数或“均获维持”与表四不符",
        "invariants T.3",
    ),
    Rule(
        "narrative.breakdown", "warning", "文中“X件，其中a件，…，其他c件”各项之和不等于总数", "invariants T.5"
    ),
)
RULE_BY_ID = {r.id: r for r in RULES}

_CASE_LABEL = {f.key: f.label for f in spec.REVIEW_FIELDS}
_CASE_PARTS = "、".join(_CASE_LABEL[k] for k in spec.REVIEW_PARTS)
_CASE_TOTAL = _CASE_LABEL["total"]
_COLS = spec.ROW_KEYS
_COL_LABEL = {c.key: c.label for c in spec.ROW_COLUMNS}
_ROWS = spec.APPLICATION_ROWS
_OUTCOME_INDEXES = tuple(i for i, r in enumerate(_ROWS) if r.kind == "outcome")
_TOTAL_INDEX = next(i for i, r in enumerate(_ROWS) if r.kind == "total")


def _diff(expected: int | Decimal, actual: int | Decimal) -> str:
    d = actual - expected
    return f"差额 {'+' if d > 0 else ''}{d}"


def _short(row: spec.AppRow) -> str:
    """The row's own label (the last of its label path)."""
    return row.labels[-1]


def _table3(apps: Applications) -> Iterator[Finding]:
    rows: list[Row] = list(apps.rows())
    cells = [r.cells() for r in rows]
    new, carried_over = cells[0], cells[1]
    total, carried_forward = cells[_TOTAL_INDEX], cells[-1]
    for c, key in enumerate(_COLS):
        col = _COL_LABEL[key]
        left = new[c] + carried_over[c]
        right = total[c] + carried_forward[c]
        if left != right:
            yield Finding(
                rule="table3.balance",
                severity="error",
                path=f"applications.*.{key}",
                cells=tuple(f"{_ROWS[i].path}.{key}" for i in (0, 1, _TOTAL_INDEX, len(_ROWS) - 1)),
                expected=left,
                actual=right,
                message=(
                    f"表三“{col}”列：{spec.NEW.label} {new[c]} + {spec.CARRIED_OVER.label} "
                    f"{carried_over[c]} = {left}，而{spec.OUTCOME_TOTAL.label} {total[c]} + "
                    f"{spec.CARRIED_FORWARD.label} {carried_forward[c]} = {right}，"
                    f"{_diff(left, right)}"
                ),
            )
        outcome_sum = 0
        for i in _OUTCOME_INDEXES:
            outcome_sum += cells[i][c]
        if outcome_sum != total[c]:
            yield Finding(
                rule="table3.outcome_total",
                severity="error",
                path=f"applications.total.{key}",
                cells=(
                    f"applications.total.{key}",
                    *(f"{_ROWS[i].path}.{key}" for i in _OUTCOME_INDEXES),
                ),
                expected=outcome_sum,
                actual=total[c],
                message=(
                    f"表三“{col}”列：{spec.OUTCOME_TOTAL.label}为 {total[c]}，而（一）至（六）各项之和为 "
                    f"{outcome_sum}，{_diff(outcome_sum, total[c])}"
                ),
            )
    for row_spec, row in zip(_ROWS, cells, strict=True):
        row_sum = row[0] + row[1] + row[2] + row[3] + row[4] + row[5]
        if row_sum != row[6]:
            yield Finding(
                rule="table3.row_total",
                severity="error",
                path=f"{row_spec.path}.total",
                cells=tuple(f"{row_spec.path}.{k}" for k in _COLS),
                expected=row_sum,
                actual=row[6],
                message=(
                    f"表三“{spec.join_labels(row_spec.labels)}”行：总计为 {row[6]}，"
                    f"而六类申请人之和为 {row_sum}，{_diff(row_sum, row[6])}"
                ),
            )


def _table4(report: Report) -> Iterator[Finding]:
    rl = report.review_litigation
    for group in spec.REVIEW_GROUPS:
        cases = getattr(rl, group.key)
        parts = cases.upheld + cases.corrected + cases.other + cases.pending
        if parts != cases.total:
            base = f"review_litigation.{group.key}"
            yield Finding(
                rule="table4.group_total",
                severity="error",
                path=f"{base}.total",
                cells=tuple(f"{base}.{k}" for k in spec.REVIEW_KEYS),
                expected=parts,
                actual=cases.total,
                message=(
                    f"表四“{spec.join_labels(group.labels)}”：{_CASE_TOTAL}为 {cases.total}，而"
                    f"{_CASE_PARTS}之和为 {parts}，{_diff(parts, cases.total)}"
                ),
            )


def _regulations_row(report: Report) -> Iterator[Finding]:
    if report.active_disclosure.regulations is None:
        yield Finding(
            rule="format.regulations_row",
            severity="warning",
            path="active_disclosure.regulations",
            message=(f"表二缺少“{spec.REGULATIONS.label}”行：官方格式有此行，无规章制定权的机关应填 0"),
        )


#: The sections whose text the format asks for (一、总体情况, 五、存在的主要问题及改进情况,
#: 六、其他需要报告的事项); the text of 二、三、四 is optional, their tables are the content.
EMPTY_SECTION_KEYS = spec.NARRATIVE_KEYS


def _empty_sections(report: Report) -> Iterator[Finding]:
    for key in EMPTY_SECTION_KEYS:
        section: Section = getattr(report, key)
        if section.is_empty():
            heading = spec.SECTION_BY_KEY[key].heading
            yield Finding(
                rule="format.empty_section",
                severity="warning",
                path=key,
                message=f"“{heading}”没有任何文字：官方格式要求写明这一部分，审核时视为缺项",
            )


def _continuity(report: Report, previous: Report) -> Iterator[Finding]:
    if previous.year != report.year - 1:
        yield Finding(
            rule="continuity.year",
            severity="warning",
            path="year",
            expected=report.year - 1,
            actual=previous.year,
            message=(
                f"作为上一年度报告提供的是 {previous.year} 年度报告，不是 {report.year - 1} 年度，"
                "未做跨年核对"
            ),
        )
        return
    now = report.applications.carried_over.cells()
    before = previous.applications.carried_forward.cells()
    for c, key in enumerate(_COLS):
        if now[c] != before[c]:
            yield Finding(
                rule="continuity.carry_over",
                severity="warning",
                path=f"applications.carried_over.{key}",
                cells=(f"applications.carried_over.{key}",),
                expected=before[c],
                actual=now[c],
                message=(
                    f"表三“{_COL_LABEL[key]}”列：{spec.CARRIED_OVER.label} 为 {now[c]}，而 "
                    f"{previous.year} 年度报告的{spec.CARRIED_FORWARD.label} 为 {before[c]}，"
                    f"{_diff(before[c], now[c])}"
                ),
            )
    for doc in (spec.REGULATIONS, spec.NORMATIVE_DOCUMENTS):
        cur = getattr(report.active_disclosure, doc.key)
        old = getattr(previous.active_disclosure, doc.key)
        if cur is None or old is None:
            continue
        expected = old.in_force + cur.issued - cur.repealed
        if expected != cur.in_force:
            base = f"active_disclosure.{doc.key}"
            yield Finding(
                rule="continuity.in_force",
                severity="warning",
                path=f"{base}.in_force",
                cells=(f"{base}.in_force", f"{base}.issued", f"{base}.repealed"),
                expected=expected,
                actual=cur.in_force,
                message=(
                    f"表二“{doc.label}”：现行有效件数为 {cur.in_force}，而上年现行有效 "
                    f"{old.in_force} + 本年制发 {cur.issued} − 本年废止 {cur.repealed} = "
                    f"{expected}，{_diff(expected, cur.in_force)}"
                ),
            )


def hard_findings(report: Report) -> list[Finding]:
    """Only the hard rules (errors): what makes a report inconsistent."""
    return [*_table3(report.applications), *_table4(report)]


#: Extra checks run by :func:`check` on every report (narrative checks register here).
EXTRA_CHECKS: list[Callable[[Report], Iterator[Finding]]] = [_regulations_row, _empty_sections]


def check(report: Report, *, previous: Report | None = None) -> list[Finding]:
    """Every finding for ``report``: hard rules, format warnings, narrative-number warnings
    and, given ``previous`` (last year's report of the same agency), the continuity warnings."""
    from gov_disclosure.narrative import narrative_findings  # noqa: PLC0415 - it imports Finding from here

    findings = hard_findings(report)
    for extra in (*EXTRA_CHECKS, narrative_findings):
        findings.extend(extra(report))
    if previous is not None:
        findings.extend(_continuity(report, previous))
    return findings
