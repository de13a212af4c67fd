"""Renderers: a checked report in, a publishable document out.

One module per format, each exposing ``render(report, **options) -> str | bytes``; this module
chooses one by name or by file suffix. Heavy libraries (jinja2, python-docx) load only when
their renderer runs.
"""

from __future__ import annotations

import importlib
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from gov_disclosure.checks import hard_findings
from gov_disclosure.exceptions import InconsistentReportError, UnknownFormatError
from gov_disclosure.io import filetypes
from gov_disclosure.io.files import atomic_write
from gov_disclosure.model import Report, value_at
from gov_disclosure.spec import Cell

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "UnknownFormatError",
    "cell_text",
    "check_options",
    "format_number",
    "render",
    "write",
]

#: Format name → the module that renders it (from :mod:`gov_disclosure.io.filetypes`).
FORMATS: dict[str, str] = {t.name: t.writer for t in filetypes.writable("document") if t.writer}

#: File suffix → format name.
SUFFIXES: dict[str, str] = {s: t.name for t in filetypes.writable("document") for s in t.suffixes}


def check_options(fmt: str, unknown: dict[str, object], allowed: tuple[str, ...]) -> None:
    """Refuse options a renderer does not know, naming them and the ones it knows."""
    if unknown:
        names = "、".join(sorted(unknown))
        known = "、".join(allowed) if allowed else "无"
        msg = f"{fmt} 渲染器不认识选项 {names}（可用选项：{known}）"
        raise UnknownFormatError(msg)


def format_number(value: int | Decimal) -> str:
    """Plain digits, as the official tables print them: no separators, fees as given."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def cell_text(report: Report, cell: Cell) -> str:
    """The printed text of a layout cell: its label, or its value from ``report``."""
    if cell.path is None:
        return cell.text
    return format_number(value_at(report, cell.path))


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format named by ``fmt``, or else by the suffix of ``path``."""
    if fmt is not None:
        if fmt not in FORMATS:
            msg = f"不认识的格式 {fmt!r}：可用 {', '.join(FORMATS)}"
            raise UnknownFormatError(msg)
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        msg = f"无法从文件后缀 {suffix!r} 判断格式：请用 {', '.join(SUFFIXES)}，或指定格式"
        raise UnknownFormatError(msg)
    return SUFFIXES[suffix]


def render(report: Report, fmt: str, *, force: bool = False, **options: Any) -> str | bytes:
    """Render ``report`` as ``fmt`` (``text``, ``markdown``, ``html``: str; ``docx``: bytes).

    A report that breaks a hard 勾稽 rule raises :class:`InconsistentReportError` unless
    ``force=True``. Options are per renderer (``docs/render.md``).
    """
    fmt = format_for("", fmt)
    if not force:
        findings = hard_findings(report)
        if findings:
            raise InconsistentReportError(findings)
    module = importlib.import_module(FORMATS[fmt])
    result: str | bytes = module.render(report, **options)
    return result


def write(
    report: Report,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    force: bool = False,
    **options: Any,
) -> None:
    """Render ``report`` into ``path`` (format from ``fmt`` or the suffix), atomically:
    a temporary file renamed into place, so a failure never leaves half a file."""
    data = render(report, format_for(path, fmt), force=force, **options)
    atomic_write(path, data)
