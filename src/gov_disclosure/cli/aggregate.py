"""``aggregate``: several reports of one year added up into one, read one at a time."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gov_disclosure.exceptions import GovDisclosureError
from gov_disclosure.io import filetypes

if TYPE_CHECKING:
    pass
from gov_disclosure.cli._common import (
    DATA_SUFFIXES,
    EXIT_OK,
    Tally,
    UsageError,
    error_lines,
    findings_block,
    print_lines,
    read_report,
    refuse_inputs,
    say,
    summary_line,
    trace,
)

#: At most this many file names of one year are named when ``aggregate`` refuses mixed years.
YEAR_NAMES = 3


class _Years:
    """The years of the reports read, each with its count and its first few file names."""

    def __init__(self) -> None:
        self.count: dict[int, int] = {}
        self.names: dict[int, list[str]] = {}

    def add(self, year: int, path: str) -> None:
        self.count[year] = self.count.get(year, 0) + 1
        names = self.names.setdefault(year, [])
        if len(names) < YEAR_NAMES:
            names.append(path)

    def refusal(self) -> str:
        parts = []
        for year, names in self.names.items():
            listed = "、".join(names)
            more = self.count[year] - len(names)
            parts.append(
                f"{listed} 等 {self.count[year]} 份为 {year} 年度" if more else f"{listed} 为 {year} 年度"
            )
        return f"只能汇总同一年度的报告：{'，'.join(parts)}"


def cmd_aggregate(args: argparse.Namespace) -> int:
    """``aggregate``: add up several reports of one year into one report, reading one file at a
    time (each is added to a running sum and dropped, so memory stays flat)."""
    from collections import Counter  # noqa: PLC0415

    from gov_disclosure.aggregate import RunningSum  # noqa: PLC0415
    from gov_disclosure.checks import check  # noqa: PLC0415
    from gov_disclosure.io.data import dump  # noqa: PLC0415

    out = Path(args.output)
    written = filetypes.by_suffix(out, writing=True)
    workbook = written is not None and written.kind == "document" and filetypes.holds_data(written)
    if out.suffix.lower() not in DATA_SUFFIXES and not workbook:
        names = "、".join(
            (*DATA_SUFFIXES, *(t.suffix for t in filetypes.writable("document") if filetypes.holds_data(t)))
        )
        msg = f"{out}：汇总结果是数据文件或工作簿，请用 {names} 作文件名后缀"
        raise UsageError(msg)
    refuse_inputs([out], args.files)
    tally = Tally()
    debug = bool(getattr(args, "debug", False))
    running = RunningSum()
    years = _Years()
    agencies: Counter[str] = Counter()
    for path in args.files:
        try:
            report, _ = read_report(path)
        except (GovDisclosureError, OSError) as exc:
            print_lines([*error_lines(exc, path), *trace(debug)], sys.stderr)
            tally.cannot_read()
            continue
        running.add(report)
        years.add(report.year, path)
        agencies[report.agency] += 1
        del report
    if tally.status != EXIT_OK:
        say("有文件无法读取，未汇总", sys.stderr)
        return tally.status
    if len(years.count) > 1:
        raise UsageError(years.refusal())
    for name in sorted(name for name, n in agencies.items() if n > 1):
        say(f"注意：“{name}”出现了 {agencies[name]} 次，会被重复相加", sys.stderr)
    total = running.report(agency=args.agency, title=args.title)
    if workbook:
        from gov_disclosure.render import write  # noqa: PLC0415

        write(total, out, force=True)  # a sum of wrong totals keeps them, as the data file does
    else:
        dump(total, out)
    # the text of the sum is empty by design: format.empty_section would only say so again
    findings = [f for f in check(total) if f.rule != "format.empty_section"]
    tally.add(findings)
    print_lines(findings_block(str(out), findings))
    say(f"已汇总 {running.count} 份 {total.year} 年度报告，写出 {out}")
    say(summary_line(tally))
    return tally.status
