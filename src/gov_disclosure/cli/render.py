"""``render``: each input to a publishable document; several at once with ``--jobs``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from gov_disclosure.exceptions import GovDisclosureError, InconsistentReportError

if TYPE_CHECKING:
    from gov_disclosure.model import Report
from gov_disclosure.cli._common import (
    EXIT_ERRORS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    FORMAT_SUFFIX,
    Tally,
    UsageError,
    error_lines,
    finding_line,
    print_lines,
    read_report,
    refuse_inputs,
    say,
    trace,
)
from gov_disclosure.cli._jobs import run_jobs


class RenderJob(NamedTuple):
    """One input to render into one output (picklable, for worker processes)."""

    source: str
    output: str
    fmt: str
    force: bool
    debug: bool


class Outcome(NamedTuple):
    """What a job did: its exit status and the lines to print (stdout, stderr)."""

    status: int
    out: tuple[str, ...]
    err: tuple[str, ...]


def render_job(context: object, job: RenderJob) -> Outcome:
    """Read, check and render one file; never raises (a worker process returns its outcome).
    ``context`` is unused (every render job carries all it needs)."""
    from gov_disclosure.render import write  # noqa: PLC0415

    try:
        report, _ = read_report(job.source)
        write(report, job.output, job.fmt, force=job.force)
        notes = _forced_note(job, report) if job.force else ()
    except InconsistentReportError as exc:
        lines = (f"{job.source}：报告不符合勾稽关系，未生成（确需生成请加 --force）：",)
        return Outcome(EXIT_ERRORS, lines + tuple(finding_line(f) for f in exc.findings), ())
    except (GovDisclosureError, OSError) as exc:
        return Outcome(EXIT_INPUT, (), tuple(error_lines(exc, job.source)) + trace(job.debug))
    except Exception as exc:  # noqa: BLE001 - a worker reports, the parent prints
        return Outcome(
            EXIT_INTERNAL, (), (f"{job.source}：内部错误（{type(exc).__name__}）", *trace(job.debug))
        )
    return Outcome(EXIT_OK, (), notes)


def _forced_note(job: RenderJob, report: Report) -> tuple[str, ...]:
    from gov_disclosure.checks import hard_findings  # noqa: PLC0415

    errors = hard_findings(report)
    if not errors:
        return ()
    return (f"{job.source}：注意：报告有 {len(errors)} 处勾稽错误，已按 --force 生成 {job.output}",)


def _render_jobs(args: argparse.Namespace) -> list[RenderJob]:
    from gov_disclosure.render import format_for  # noqa: PLC0415

    if args.output is not None and args.out_dir is not None:
        msg = "-o 与 --out-dir 只能选一个"
        raise UsageError(msg)
    if args.output is not None:
        if len(args.files) > 1:
            msg = "多个输入文件请用 --out-dir DIR 指定输出目录，而不是 -o"
            raise UsageError(msg)
        outputs = [Path(args.output)]
        fmt = format_for(args.output, args.format)
    elif args.out_dir is not None:
        fmt = format_for("", args.format or "docx")
        out_dir = Path(args.out_dir)
        outputs = [out_dir / (Path(f).stem + FORMAT_SUFFIX[fmt]) for f in args.files]
    else:
        msg = "请用 -o OUT 指定输出文件，或用 --out-dir DIR 指定输出目录"
        raise UsageError(msg)
    refuse_inputs(outputs, args.files)
    if args.out_dir is not None:
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    debug = bool(getattr(args, "debug", False))
    return [
        RenderJob(src, str(out), fmt, args.force, debug) for src, out in zip(args.files, outputs, strict=True)
    ]


def cmd_render(args: argparse.Namespace) -> int:
    """``render``: each input to a publishable document; several at once with ``--jobs``."""
    jobs = _render_jobs(args)
    tally = Tally()
    written = 0
    with contextlib.closing(run_jobs(render_job, jobs, args.jobs, None)) as outcomes:
        for job, outcome in zip(jobs, outcomes, strict=True):
            print_lines(outcome.out)
            print_lines(outcome.err, sys.stderr)
            tally.raise_to(outcome.status)
            if outcome.status == EXIT_OK:
                written += 1
                if len(jobs) == 1:
                    say(f"已写出 {job.output}")
    if len(jobs) > 1:
        say(f"已写出 {written} 个文件（{jobs[0].fmt}），共 {len(jobs)} 个输入")
    return tally.status
