"""Formats and the classes of their reports: what makes a format known to the whole library,
and the questions generic code asks of any report (its format, its shape in each table)."""

from __future__ import annotations

from typing import Any

from gov_disclosure import spec
from gov_disclosure.model._classes import Report
from gov_disclosure.model.derive import derive_classes

__all__ = ["find", "format_of", "is_report", "register_format", "report_class", "shape_key", "shape_of"]


_REPORT_CLASSES: dict[str, type] = {spec.FORMAT_2021.id: Report}
#: Formats whose classes are derived from their description alone, on first use (building
#: classes costs time at import).
_DERIVED: tuple[str, ...] = (spec.FORMAT_2019.id,)


def register_format(fmt: spec.Format, report_cls: type) -> None:
    """Make a format known: its description (:mod:`gov_disclosure.spec`) and the class of its
    reports (an attrs class with ``agency``, ``year``, ``title``, ``preamble``, a field per
    section and ``FORMAT`` naming ``fmt.id``). Model, checks, renderers and readers then handle
    its reports with no code of their own."""
    if getattr(report_cls, "FORMAT", None) != fmt.id:
        msg = f"{report_cls.__name__}.FORMAT 应为 {fmt.id!r}"
        raise ValueError(msg)
    spec.register_format(fmt)
    _REPORT_CLASSES[fmt.id] = report_cls


def report_class(format_id: str) -> type:
    """The report class of the format ``format_id``."""
    fmt = spec.get_format(format_id)  # KeyError naming the known formats
    found = _REPORT_CLASSES.get(format_id)
    if found is None and format_id in _DERIVED:
        found = _REPORT_CLASSES[format_id] = derive_classes(fmt)
    if found is None:
        raise KeyError(format_id)
    return found


def is_report(value: object) -> bool:
    """Whether ``value`` is a report of a known format."""
    fmt = getattr(type(value), "FORMAT", None)
    return isinstance(fmt, str) and _REPORT_CLASSES.get(fmt) is type(value)


def format_of(report: object) -> spec.Format:
    """The format ``report`` (a report, or a report class) is in."""
    cls = report if isinstance(report, type) else type(report)
    return spec.get_format(getattr(cls, "FORMAT", spec.DEFAULT_FORMAT))


def shape_of(report: object, table: spec.TableSpec) -> spec.Shape:
    """Which optional rows of ``table`` the report leaves out (``None``) and which collapsible
    groups it holds as one row (a value without the group's sub-rows)."""
    omitted = frozenset(p for p in table.optional_paths() if find(report, p) is None)
    collapsed = frozenset(
        path for path, first in table.collapsible_rows() if not hasattr(find(report, path), first)
    )
    if not omitted and not collapsed:
        return _PLAIN
    return spec.Shape(omitted=omitted, collapsed=collapsed)


_PLAIN = spec.Shape()
_PROBES: dict[str, tuple[tuple[str, str | None], ...]] = {}


def shape_key(report: object, fmt: spec.Format) -> tuple[bool, ...]:
    """A cheap key of the report's shape in every table of ``fmt``: for each optional row
    whether it is left out, for each collapsible group whether it is one row."""
    probes = _PROBES.get(fmt.id)
    if probes is None:
        probes = _PROBES[fmt.id] = tuple(
            [(p, None) for t in fmt.tables for p in t.optional_paths()]
            + [(p, first) for t in fmt.tables for p, first in t.collapsible_rows()]
        )
    return tuple(
        find(report, path) is None if first is None else not hasattr(find(report, path), first)
        for path, first in probes
    )


def find(report: object, path: str) -> Any:
    """The value at a dotted path, or ``None`` where the path leads nowhere (a row left out, a
    group printed as one row, a key the report's format does not have)."""
    value: Any = report
    for key in path.split("."):
        value = getattr(value, key, None)
        if value is None:
            return None
    return value
