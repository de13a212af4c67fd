"""``parse``: published documents to the dict contract, with their findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gov_disclosure.exceptions import GovDisclosureError

if TYPE_CHECKING:
    pass
from gov_disclosure.cli._common import (
    DATA_SUFFIXES,
    Tally,
    UsageError,
    error_lines,
    findings_block,
    is_data_file,
    print_lines,
    read_report,
    refuse_inputs,
    say,
    summary_line,
    trace,
    unique,
)


def cmd_parse(args: argparse.Namespace) -> int:
    """``parse``: published documents to the dict contract, with their findings."""
    from gov_disclosure.checks import check  # noqa: PLC0415
    from gov_disclosure.io.data import dump  # noqa: PLC0415
    from gov_disclosure.io.json import dumps  # noqa: PLC0415

    if args.output is not None and args.out_dir is not None:
        msg = "-o 与 --out-dir 只能选一个"
        raise UsageError(msg)
    if len(args.files) > 1 and args.out_dir is None:
        msg = "多个输入文件请用 --out-dir DIR 指定输出目录"
        raise UsageError(msg)
    suffix = "." + args.format
    outputs: list[Path | None]
    if args.out_dir is not None:
        outputs = [Path(args.out_dir) / (Path(f).stem + suffix) for f in args.files]
    else:
        outputs = [Path(args.output) if args.output is not None else None]
        if args.output is not None and not is_data_file(args.output):
            msg = f"{args.output}：数据文件请用 {'、'.join(DATA_SUFFIXES)} 作文件名后缀"
            raise UsageError(msg)
    refuse_inputs([o for o in outputs if o is not None], args.files)
    if args.out_dir is not None:
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    tally = Tally()
    to_stdout = outputs[0] is None
    findings_stream = sys.stderr if to_stdout else sys.stdout
    for path, out in zip(args.files, outputs, strict=True):
        try:
            report, read_findings = read_report(path)
            if out is not None:
                dump(report, out)
            else:
                sys.stdout.write(dumps(report))
        except (GovDisclosureError, OSError) as exc:
            print_lines([*error_lines(exc, path), *trace(bool(getattr(args, "debug", False)))], sys.stderr)
            tally.cannot_read()
            continue
        findings = unique([*read_findings, *check(report)])
        tally.add(findings)
        print_lines(findings_block(path, findings), findings_stream)
        if out is not None:
            say(f"已写出 {out}", findings_stream)
    say(summary_line(tally, len(args.files)), findings_stream)
    return tally.status
