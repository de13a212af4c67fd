"""Renderers: a checked report in, a publishable document out.

One module per format, each exposing ``render(report, **options) -> str | bytes``; this module
chooses one by name or by file suffix. Heavy libraries (jinja2, python-docx) load only when
their renderer runs.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from gov_disclosure.checks import hard_findings
from gov_disclosure.exceptions import InconsistentReportError, UnknownFormatError
from gov_disclosure.io import filetypes
from gov_disclosure.io.files import atomic_write
from gov_disclosure.model import Report
from gov_disclosure.render._common import cell_text, check_options, format_number

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
