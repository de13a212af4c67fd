"""gov_disclosure: China's government information disclosure annual reports
(政府信息公开工作年度报告) as typed data — checked, rendered and read back."""

from __future__ import annotations

from gov_disclosure._io import dump, dumps, from_dict, load, loads, to_dict
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
from gov_disclosure.schema import json_schema



def __getattr__(name: str) -> str:
    """``__version__`` from the installed metadata, looked up on first use (it is slow)."""
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
    "to_dict",
]
