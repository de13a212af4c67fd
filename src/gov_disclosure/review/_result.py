"""What a review returns: a result per report and the batch, as objects (and as the plain data
the cache keeps)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from gov_disclosure.findings import Finding
from gov_disclosure.review._groups import STATES, FindingGroup, State, state_of
from gov_disclosure.review._profile import Profile, Score

__all__ = ["Review", "ReviewedReport", "finding_from_plain", "finding_to_plain"]

EXIT_OK, EXIT_ERRORS, EXIT_INPUT = 0, 1, 2


@attrs.frozen(kw_only=True)
class ReviewedReport:
    """One report as reviewed.

    ``findings`` are every finding (reading, checks, continuity, the reviewer's checks) and
    ``labels`` the official label path of each one's ``path``; ``groups`` the findings as the
    page lists them; ``page`` the file name of its page in the output folder; ``error`` why the
    file could not be read (then no report was read); ``template`` the format it is printed in;
    ``previous`` the file of last year's report it was compared with; ``score`` its score
    under the profile; ``reused`` whether the result came from an earlier run (unchanged file).
    """

    source: str
    digest: str = ""
    page: str | None = None
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    template: str = ""
    findings: tuple[Finding, ...] = ()
    labels: tuple[str, ...] = ()
    groups: tuple[FindingGroup, ...] = ()
    error: str | None = None
    url: str | None = None
    published_on: str | None = None
    previous: str | None = None
    score: Score | None = None
    reused: bool = False

    def count(self, state: State) -> int:
        """How many findings are in ``state`` (``error``, ``warning``, ``uncertain``)."""
        return sum(1 for f in self.findings if state_of(f) == state)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def uncertain(self) -> int:
        return self.count("uncertain")

    @property
    def status(self) -> int:
        """0 no error, 1 an error finding, 2 the file could not be read (as ``check``)."""
        if self.error is not None:
            return EXIT_INPUT
        return EXIT_ERRORS if self.errors else EXIT_OK

    def to_plain(self) -> dict[str, Any]:
        """The result as JSON-native data (what the cache keeps; no score)."""
        return {
            "source": self.source,
            "digest": self.digest,
            "page": self.page,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "template": self.template,
            "findings": [finding_to_plain(f) for f in self.findings],
            "labels": list(self.labels),
            "groups": [[g.rule, g.state, g.line, list(g.members)] for g in self.groups],
            "error": self.error,
            "url": self.url,
            "published_on": self.published_on,
            "previous": self.previous,
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> ReviewedReport:
        """The result kept by :meth:`to_plain` (``reused``)."""
        groups = tuple(FindingGroup(r, s, line, tuple(m)) for r, s, line, m in data["groups"])
        return cls(
            source=data["source"],
            digest=data["digest"],
            page=data["page"],
            agency=data["agency"],
            year=data["year"],
            format=data["format"],
            template=data["template"],
            findings=tuple(finding_from_plain(f) for f in data["findings"]),
            labels=tuple(data["labels"]),
            groups=groups,
            error=data["error"],
            url=data["url"],
            published_on=data["published_on"],
            previous=data["previous"],
            reused=True,
        )


def _value_to_plain(value: int | Decimal | str | None) -> Any:
    return {"d": format(value, "f")} if isinstance(value, Decimal) else value


def _value_from_plain(value: Any) -> int | Decimal | str | None:
    if isinstance(value, dict):
        return Decimal(value["d"])
    if isinstance(value, bool) or not isinstance(value, int | str | None):
        msg = f"not a finding's value: {value!r}"
        raise TypeError(msg)
    return value


def finding_to_plain(f: Finding) -> list[Any]:
    return [
        f.rule,
        f.severity,
        f.path,
        f.message,
        list(f.cells),
        _value_to_plain(f.expected),
        _value_to_plain(f.actual),
    ]


def finding_from_plain(data: list[Any]) -> Finding:
    rule, severity, path, message, cells, expected, actual = data
    if severity not in ("error", "warning"):
        msg = f"not a severity: {severity!r}"
        raise ValueError(msg)
    return Finding(
        rule=rule,
        severity=severity,
        path=path,
        message=message,
        cells=tuple(cells),
        expected=_value_from_plain(expected),
        actual=_value_from_plain(actual),
    )


@attrs.frozen(kw_only=True)
class Review:
    """A reviewed batch: a result per input file, in the order given; the output folder (or
    ``None`` when nothing was written) and the profile the scores follow."""

    reports: tuple[ReviewedReport, ...]
    output: Path | None = None
    profile: Profile | None = None

    @property
    def status(self) -> int:
        """The exit status ``gov-disclosure review`` gives: the worst of the reports'."""
        return max((r.status for r in self.reports), default=EXIT_OK)

    def count(self, state: State) -> int:
        """Findings in ``state`` over the whole batch."""
        return sum(r.count(state) for r in self.reports)

    @property
    def unreadable(self) -> int:
        return sum(1 for r in self.reports if r.error is not None)

    @property
    def reused(self) -> int:
        return sum(1 for r in self.reports if r.reused)

    def summary(self) -> str:
        """``500 份报告：3 个错误，120 个警告，40 处读取存疑，1 个文件无法读取``."""
        words = {"error": "个错误", "warning": "个警告", "uncertain": "处读取存疑"}
        parts = [f"{self.count(s)} {words[s]}" for s in STATES]
        tail = f"，{self.unreadable} 个文件无法读取" if self.unreadable else ""
        return f"{len(self.reports)} 份报告：{'，'.join(parts)}{tail}"
