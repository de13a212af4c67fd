"""gov_disclosure: China's government information disclosure annual reports
(政府信息公开工作年度报告) as typed data — checked, rendered and read back.

The whole public API is this one namespace:

* build and read data: :func:`from_dict`, :func:`to_dict`, :func:`load`, :func:`dump`,
  :func:`loads`, :func:`dumps`, :func:`json_schema`;
* check: :func:`check` (a list of :class:`Finding`), :func:`aggregate`;
* write documents: :func:`render`, :func:`write` (DOCX laid out by a :class:`Layout`);
* read published documents: :func:`parse` (a :class:`ParseResult`);
* review a batch of published reports: :func:`review` (a :class:`~gov_disclosure.review.Review`,
  and the index, pages and workbook of ``gov-disclosure review``);
* the model classes (:class:`Report`, :class:`Row` …) and the errors (:class:`GovDisclosureError`
  and its subclasses).

Names whose modules need cattrs, YAML, lxml, jinja2 or python-docx load on first use, so that
``import gov_disclosure`` stays fast; ``dir(gov_disclosure)`` lists them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gov_disclosure.checks import check
from gov_disclosure.exceptions import (
    GovDisclosureError,
    InconsistentReportError,
    InputError,
    ParseError,
    UnknownFormatError,
)
from gov_disclosure.findings import Finding, Rule
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

# The two subpackages named like the functions they provide are light (their heavy libraries
# load inside the functions); importing them here binds ``gov_disclosure.parse`` and
# ``gov_disclosure.render`` to the functions for good: a later ``import gov_disclosure.parse``
# finds the package already loaded and leaves the name alone.
from gov_disclosure.parse import ParseResult
from gov_disclosure.parse import parse as _parse
from gov_disclosure.render import render as _render
from gov_disclosure.render import write


def _named_for_package(function: Any, package: str) -> Any:
    """``function`` as the package's name: ``import gov_disclosure.parse.pdf as pdf`` looks
    ``pdf`` up on ``gov_disclosure.parse`` (this function) and then, failing that, in
    ``sys.modules`` under the function's ``__name__`` — which must therefore be the package's."""
    import functools  # noqa: PLC0415

    @functools.wraps(function)
    def named(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    named.__name__ = package
    return named


parse = _named_for_package(_parse, "gov_disclosure.parse")
render = _named_for_package(_render, "gov_disclosure.render")

if TYPE_CHECKING:
    from gov_disclosure.aggregate import aggregate
    from gov_disclosure.io._convert import from_dict, to_dict
    from gov_disclosure.io.data import dump, load
    from gov_disclosure.io.json import dumps, loads
    from gov_disclosure.io.schema import json_schema
    from gov_disclosure.render.docx import Layout
    from gov_disclosure.review import review

# Loaded on first use: cattrs and the converter with the first input/output, lxml with the
# DOCX layout.
_LAZY = {
    "aggregate": "gov_disclosure.aggregate",
    "dump": "gov_disclosure.io.data",
    "dumps": "gov_disclosure.io.json",
    "from_dict": "gov_disclosure.io._convert",
    "json_schema": "gov_disclosure.io.schema",
    "Layout": "gov_disclosure.render.docx",
    "load": "gov_disclosure.io.data",
    "loads": "gov_disclosure.io.json",
    "review": "gov_disclosure.review",
    "to_dict": "gov_disclosure.io._convert",
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


def __dir__() -> list[str]:
    """Every public name, the lazily loaded ones too (so ``help()`` and completion see them)."""
    return sorted({*globals(), *__all__})


__all__ = [
    "ActiveDisclosure",
    "Applications",
    "CaseCounts",
    "DocumentCounts",
    "Finding",
    "GovDisclosureError",
    "InconsistentReportError",
    "InputError",
    "Layout",
    "NotProcessed",
    "OtherHandling",
    "ParseError",
    "ParseResult",
    "Report",
    "ReviewLitigation",
    "Row",
    "Rule",
    "Section",
    "Subsection",
    "Unavailable",
    "UnknownFormatError",
    "Withheld",
    "__version__",
    "aggregate",
    "check",
    "dump",
    "dumps",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "parse",
    "render",
    "review",
    "to_dict",
    "write",
]
