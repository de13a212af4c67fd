"""勾稽 checks: named rules over a report, each yielding :class:`Finding` objects.

Hard rules (severity ``error``) follow from the format itself; soft rules (``warning``) are
plausibility and continuity. Every rule has a stable id, documented in ``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import RULES, Finding, Rule, Severity, finding
from gov_disclosure.model import Report, Section, format_of, shape_key, shape_of

__all__ = ["RULES", "Finding", "Rule", "Severity", "check", "hard_findings"]


def _diff(expected: int | Decimal, actual: int | Decimal) -> str:
    d = actual - expected
    return f"差额 {'+' if d > 0 else ''}{d}"


# --- the hard rules: every format's sums, evaluated ------------------------------------------


@attrs.frozen
class _Compiled:
    """The equations of one format and shape, and a function of a report that returns the
    values of every cell they name and the indexes of the equations that fail."""

    equations: tuple[spec.Equation, ...]
    evaluate: Callable[[object], tuple[tuple[Any, ...], list[int]]]
    #: per equation: indexes of its left and right cells in the values
    indexes: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


_COMPILED: dict[tuple[str, tuple[bool, ...]], _Compiled] = {}


def _compiled(report: Report) -> _Compiled:
    """The compiled equations for the format and shape of ``report`` (built on first use)."""
    fmt = format_of(report)
    key = (fmt.id, shape_key(report, fmt))
    found = _COMPILED.get(key)
    if found is None:
        shapes = tuple(shape_of(report, t) for t in fmt.tables)
        equations = tuple(
            e for table, shape in zip(fmt.tables, shapes, strict=True) for e in table.equations(shape)
        )
        cells = tuple(dict.fromkeys(c for e in equations for c in (*e.left, *e.right)))
        position = {c: i for i, c in enumerate(cells)}
        indexes = tuple(
            (tuple(position[c] for c in e.left), tuple(position[c] for c in e.right)) for e in equations
        )
        found = _COMPILED[key] = _Compiled(equations, _evaluator(cells, indexes), indexes)
    return found


def _evaluator(
    cells: tuple[str, ...], indexes: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
) -> Callable[[object], tuple[tuple[Any, ...], list[int]]]:
    """A function of a report returning ``(values of cells, indexes of failing equations)``,
    written out as straight-line code (as attrs writes its ``__init__``): each object on the
    way to a cell is read once, each equation is one comparison, and a report is checked in a
    few microseconds."""
    lines = ["def evaluate(r):"]
    names: dict[str, str] = {"": "r"}
    for path in cells:
        parts = path.split(".")
        for depth in range(1, len(parts)):
            prefix = ".".join(parts[:depth])
            if prefix not in names:
                names[prefix] = f"o{len(names)}"
                parent = names[".".join(parts[: depth - 1])]
                lines.append(f"    {names[prefix]} = {parent}.{parts[depth - 1]}")
    values = ", ".join(f"{names['.'.join(p.split('.')[:-1])]}.{p.rsplit('.', 1)[-1]}" for p in cells)
    lines.append(f"    v = ({values},)" if cells else "    v = ()")
    lines.append("    out = []")

    def side(members: tuple[int, ...]) -> str:
        return " + ".join(f"v[{i}]" for i in members) or "0"

    for n, (left, right) in enumerate(indexes):
        lines.append(f"    if {side(left)} != {side(right)}: out.append({n})")
    lines.append("    return v, out")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<gov_disclosure checks>", "exec"), namespace)  # noqa: S102 - our own code, generated from the format description
    function: Callable[[object], tuple[tuple[Any, ...], list[int]]] = namespace["evaluate"]
    return function


def _equation_finding(eq: spec.Equation, left: list[int | Decimal], right: list[int | Decimal]) -> Finding:
    expected, actual = sum(left), sum(right)
    if eq.style == "balance":
        lhs = " + ".join(f"{label} {v}" for label, v in zip(eq.left_labels, left, strict=True))
        rhs = " + ".join(f"{label} {v}" for label, v in zip(eq.right_labels, right, strict=True))
        message = f"{eq.table}{eq.scope}：{lhs} = {expected}，而{rhs} = {actual}，{_diff(expected, actual)}"
    else:
        message = (
            f"{eq.table}{eq.scope}：{eq.left_labels[0]}为 {actual}，而{eq.parts_name}之和为 {expected}，"
            f"{_diff(expected, actual)}"
        )
    return finding(eq.rule, eq.path, message, cells=eq.cells, expected=expected, actual=actual)


def hard_findings(report: Report) -> list[Finding]:
    """Only the hard rules (errors): what makes a report inconsistent — every sum of every
    table of the report's format, in the format's order."""
    compiled = _compiled(report)
    values, failing = compiled.evaluate(report)
    out: list[Finding] = []
    for n in failing:
        left, right = compiled.indexes[n]
        out.append(
            _equation_finding(compiled.equations[n], [values[i] for i in left], [values[i] for i in right])
        )
    return out


# --- soft rules --------------------------------------------------------------------------------

_COLS = spec.ROW_KEYS
_COL_LABEL = {c.key: c.label for c in spec.ROW_COLUMNS}


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


#: Extra checks run by :func:`check` on every report (narrative checks register here).
EXTRA_CHECKS: list[Callable[[Report], Iterator[Finding]]] = [_regulations_row, _empty_sections]


def check(report: Report, *, previous: Report | None = None) -> list[Finding]:
    """Every finding for ``report``: hard rules, format warnings, narrative-number warnings
    and, given ``previous`` (last year's report of the same agency), the continuity warnings."""
    from gov_disclosure.narrative import narrative_findings  # noqa: PLC0415 - loads its vocabulary on first use

    findings = hard_findings(report)
    for extra in (*EXTRA_CHECKS, narrative_findings):
        findings.extend(extra(report))
    if previous is not None:
        findings.extend(_continuity(report, previous))
    return findings
