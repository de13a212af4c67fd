"""The report as frozen attrs classes, in the shape of the dict contract, and the registry of
formats and their report classes.

* :mod:`gov_disclosure.model.validators` — local facts about single values (counts, fees,
  years, text), shared by the classes and the input layer;
* the classes of the 2021 format (:class:`Report`, :class:`Row` …);
* :func:`register_format`, :func:`report_class`, :func:`format_of`, :func:`shape_of` — how
  generic code finds a report's format and its shape;
* :func:`derive_classes` — the classes of a format described only as data.
"""

from __future__ import annotations

from gov_disclosure.model._classes import (
    ZERO_ROW,
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
    outcome_rows,
    value_at,
)
from gov_disclosure.model._registry import (
    find,
    format_of,
    is_report,
    register_format,
    report_class,
    shape_key,
    shape_of,
)
from gov_disclosure.model.derive import derive_classes

__all__ = [
    "ZERO_ROW",
    "ActiveDisclosure",
    "Applications",
    "CaseCounts",
    "DocumentCounts",
    "NotProcessed",
    "OtherHandling",
    "Report",
    "ReviewLitigation",
    "Row",
    "Section",
    "Subsection",
    "Unavailable",
    "Withheld",
    "derive_classes",
    "find",
    "format_of",
    "is_report",
    "outcome_rows",
    "register_format",
    "report_class",
    "shape_key",
    "shape_of",
    "value_at",
]
