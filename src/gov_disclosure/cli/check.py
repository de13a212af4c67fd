"""``check``: the findings of every file, printed as each is checked (``--json`` streams a JSON
list)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import IO, TYPE_CHECKING, NamedTuple

from gov_disclosure import spec
from gov_disclosure.exceptions import GovDisclosureError

if TYPE_CHECKING:
    from gov_disclosure.findings import Finding
    from gov_disclosure.model import Report
from gov_disclosure.cli._common import (
    Tally,
    UsageError,
    WorkerError,
    error_lines,
    findings_block,
    print_lines,
    read_report,
    say,
    shown,
    summary_line,
    trace,
    unique,
)
from gov_disclosure.cli._jobs import run_jobs


def _read_one(path: str, what: str) -> Report:
    try:
        report, _ = read_report(path)
    except (GovDisclosureError, OSError) as exc:
        lines = error_lines(exc, path)
        lines[0] = f"{what}：{lines[0]}"
        raise UsageError("\n".join(lines)) from exc
    return report


class CheckContext(NamedTuple):
    """What every file of one ``check`` is compared with (sent once to each worker process)."""

    previous: Report | None = None
    children: tuple[Report, ...] | None = None


class CheckJob(NamedTuple):
    """One file to check (picklable, for workers)."""

    source: str
    debug: bool = False


class CheckOutcome(NamedTuple):
    """The findings of one file, or the lines saying why it could not be read."""

    source: str
    findings: tuple[Finding, ...] | None
    err: tuple[str, ...]


def check_job(context: CheckContext, job: CheckJob) -> CheckOutcome:
    """Read and check one file; an unreadable file gives its error lines instead of findings."""
    from gov_disclosure.checks import check  # noqa: PLC0415

    try:
        report, read_findings = read_report(job.source)
    except (GovDisclosureError, OSError) as exc:
        return CheckOutcome(job.source, None, (*error_lines(exc, job.source), *trace(job.debug)))
    findings = unique([*read_findings, *check(report, previous=context.previous)])
    if context.children is not None:
        from gov_disclosure.aggregate import children_findings  # noqa: PLC0415

        findings.extend(children_findings(report, context.children))
    return CheckOutcome(job.source, tuple(findings), ())


class JsonList:
    """A JSON list written item by item, exactly as ``json.dumps(items, ensure_ascii=False,
    indent=2)`` prints it, so that nothing is held until the end."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def add(self, item: object) -> None:
        """Write one more item."""
        import json  # noqa: PLC0415

        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        """End the list."""
        self.stream.write("\n]\n" if self.count else "[]\n")


def json_item(file: str, finding: Finding) -> dict[str, object]:
    """One item of ``check --json``: ``Finding.to_dict()`` with the file (:func:`shown`) and the
    official labels of its path."""
    item: dict[str, object] = {"file": shown(file), **finding.to_dict()}
    item["message"] = shown(finding.message)
    item["labels"] = list(spec.label_path(finding.path))
    return item


def cmd_check(args: argparse.Namespace) -> int:
    """``check``: findings of every file, grouped by file and printed as each file is done, with
    a summary line."""
    tally = Tally()
    previous = _read_one(args.previous, "--previous") if args.previous else None
    children = tuple(_read_one(p, "--children") for p in args.children) if args.children else None
    debug = bool(getattr(args, "debug", False))
    jobs = [CheckJob(path, debug) for path in args.files]
    listing = JsonList(sys.stdout) if args.json else None
    with contextlib.closing(
        run_jobs(check_job, jobs, args.jobs, CheckContext(previous, children))
    ) as outcomes:
        try:
            for outcome in outcomes:
                if outcome.findings is None:
                    print_lines(outcome.err, sys.stderr)
                    tally.cannot_read()
                    continue
                tally.add(outcome.findings)
                if listing is not None:
                    for finding in outcome.findings:
                        listing.add(json_item(outcome.source, finding))
                else:
                    print_lines(findings_block(outcome.source, outcome.findings))
        except WorkerError:
            if listing is not None:
                listing.close()
            raise
    if listing is not None:
        listing.close()
    else:
        say(summary_line(tally, len(args.files)))
    return tally.status
