"""勾稽 checks: named rules over a report, each yielding :class:`~gov_disclosure.Finding` objects.

* :mod:`~gov_disclosure.checks.tables` — the hard rules (errors): every sum of every table,
  generated from the report's format;
* :mod:`~gov_disclosure.checks.structure` — rows left out, sections without text;
* :mod:`~gov_disclosure.checks.narrative` — numbers in the text against the tables;
* :mod:`~gov_disclosure.checks.continuity` — against last year's report;
* :mod:`~gov_disclosure.checks.children` — a report against the reports it adds up.

Every rule has a stable id in :data:`gov_disclosure.findings.RULES`, documented in
``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gov_disclosure.checks.continuity import continuity
from gov_disclosure.checks.structure import collapsed_rows, empty_sections, missing_rows, template_year
from gov_disclosure.checks.tables import hard_findings
from gov_disclosure.findings import RULES, Finding, Rule, Severity
from gov_disclosure.model import Report

__all__ = ["EXTRA_CHECKS", "RULES", "Finding", "Rule", "Severity", "check", "hard_findings"]

#: Checks run by :func:`check` on every report after the hard rules.
EXTRA_CHECKS: list[Callable[[Report], Iterator[Finding]]] = [
    missing_rows,
    collapsed_rows,
    empty_sections,
    template_year,
]


def check(report: Report, *, previous: Report | None = None) -> list[Finding]:
    """Every finding for ``report``: hard rules, format warnings, narrative-number warnings
    and, given ``previous`` (last year's report of the same agency), the continuity warnings."""
    from gov_disclosure.checks.narrative import narrative_findings  # noqa: PLC0415 - its vocabulary loads on first use

    findings = hard_findings(report)
    for extra in (*EXTRA_CHECKS, narrative_findings):
        findings.extend(extra(report))
    if previous is not None:
        findings.extend(continuity(report, previous))
    return findings
