"""The hard rules: every sum of every table of a report's format, evaluated.

The equations of a format and shape (:meth:`gov_disclosure.spec.TableSpec.equations`) are
compiled once into one function that reads every cell they name and returns the equations that
fail; a failing equation becomes an error whose message names the table, the column or row, the
labels and values of both sides and the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, format_of, shape_key, shape_of

__all__ = ["diff", "hard_findings"]


def diff(expected: int | Decimal, actual: int | Decimal) -> str:
    """``差额 +3``: actual − expected, signed."""
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
        message = f"{eq.table}{eq.scope}：{lhs} = {expected}，而{rhs} = {actual}，{diff(expected, actual)}"
    else:
        message = (
            f"{eq.table}{eq.scope}：{eq.left_labels[0]}为 {actual}，而{eq.parts_name}之和为 {expected}，"
            f"{diff(expected, actual)}"
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
