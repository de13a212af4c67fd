"""gov_disclosure: China's government information disclosure annual reports
(政府信息公开工作年度报告) as typed data — checked, rendered and read back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gov_disclosure.checks import Finding, check
from gov_disclosure.exceptions import (
    GovDisclosureError,
    InconsistentReportError,
    InputError,
    ParseError,
)
from gov_disclosure.model import (
    ActiveDisclosure,
    Applications,
    CaseCounts,
    DocumentCounts,
    NotProcessed,
    OtherHandling,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Subsection,
    Unavailable,
    Withheld,
)
from gov_disclosure.render import render, write

if TYPE_CHECKING:
    from gov_disclosure._io import dump, dumps, from_dict, load, loads, to_dict
    from gov_disclosure.schema import json_schema

# Loaded on first use, so that ``import gov_disclosure`` stays fast for scripts that only
# build, check or render reports: cattrs and the converter load with the first input/output.
_LAZY = {
    "dump": "gov_disclosure._io",
    "dumps": "gov_disclosure._io",
    "from_dict": "gov_disclosure._io",
    "load": "gov_disclosure._io",
    "loads": "gov_disclosure._io",
    "to_dict": "gov_disclosure._io",
    "json_schema": "gov_disclosure.schema",
}


def __getattr__(name: str) -> Any:
    """Lazy public names, and ``__version__`` from the installed metadata."""
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("gov_disclosure")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    msg = f"module 'gov_disclosure' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "ActiveDisclosure",
    "Applications",
    "CaseCounts",
    "DocumentCounts",
    "Finding",
    "GovDisclosureError",
    "InconsistentReportError",
    "InputError",
    "NotProcessed",
    "OtherHandling",
    "ParseError",
    "Report",
    "ReviewLitigation",
    "Row",
    "Section",
    "Subsection",
    "Unavailable",
    "Withheld",
    "__version__",
    "check",
    "dump",
    "dumps",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "render",
    "to_dict",
    "write",
]
