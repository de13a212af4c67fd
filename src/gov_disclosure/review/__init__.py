"""The reviewer's desk: hundreds of published reports in, one page to act on.

:func:`review` reads every report (data files and published documents), runs every check —
the hard rules, the narrative numbers, last year's continuity and the checks reviewers make by
eye (:mod:`gov_disclosure.checks.reviewer`, and here the numbering of the headings and the date
of publication) — and returns a :class:`Review`: a :class:`ReviewedReport` per file with its
findings, grouped as a reviewer reads them, and its score under a profile. Given an output
folder it writes there ``index.html`` (a row per report), a page per report
(``<file name>.html``: the tables as the official layout, every cell a finding names coloured),
``summary.xlsx``, ``findings.csv`` and ``findings.jsonl``; a rerun over the same folder reuses
the results of unchanged files (``docs/review.md``).

This package sits above :mod:`gov_disclosure.parse` and below :mod:`gov_disclosure.cli`,
whose ``review`` subcommand runs the same jobs in worker processes.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable, Mapping
from typing import Any

from gov_disclosure.review._batch import CACHE_NAME, OUTPUT_NAMES, ReviewError, Runner, run, serial
from gov_disclosure.review._groups import STATES, FindingGroup, State, named_cells, state_of
from gov_disclosure.review._profile import Deduction, Profile, Score, load_profile
from gov_disclosure.review._result import Review, ReviewedReport

__all__ = [
    "CACHE_NAME",
    "OUTPUT_NAMES",
    "STATES",
    "Deduction",
    "FindingGroup",
    "Profile",
    "Review",
    "ReviewError",
    "ReviewedReport",
    "Runner",
    "Score",
    "State",
    "load_profile",
    "named_cells",
    "review",
    "state_of",
]


def review(
    files: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None = None,
    *,
    previous: str | os.PathLike[str] | None = None,
    manifest: str | os.PathLike[str] | None = None,
    profile: str | os.PathLike[str] | Mapping[str, Any] | Profile | None = None,
    runner: Runner = serial,
) -> Review:
    """Review the reports in ``files``.

    ``output``: the folder to write the index, the pages, the workbook and the findings into
    (created if missing; ``None`` writes nothing). ``previous``: last year's reports — a folder
    (each matched by its agency's name) or a CSV with columns ``file,previous``. ``manifest``: a
    CSV with columns ``file,url,published_on`` (and optionally ``kind``: 部门 or 政府).
    ``profile``: a scoring profile (a YAML file, a mapping or a :class:`Profile`); without one
    no score. ``runner`` runs the jobs (by default one after the other in this process).

    A file that cannot be read gives a result with its ``error``; anything else wrong with the
    arguments raises :class:`ReviewError` or :class:`~gov_disclosure.InputError`.
    """
    return run(files, output, previous=previous, manifest=manifest, profile=profile, runner=runner)


class _Module(types.ModuleType):
    """This package is also ``gov_disclosure.review`` the attribute of ``gov_disclosure``,
    which Python binds to the package once it is imported: calling it calls :func:`review`, so
    ``gd.review(...)`` works whichever was loaded first."""

    def __call__(
        self,
        files: Iterable[str | os.PathLike[str]],
        output: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> Review:
        return review(files, output, **options)


sys.modules[__name__].__class__ = _Module
