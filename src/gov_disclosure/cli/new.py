"""``new``: the YAML template of a new report, or the workbook to fill in Excel or WPS
(:mod:`gov_disclosure.io.template`, :mod:`gov_disclosure.render.xlsx`), optionally carrying
last year's figures forward."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gov_disclosure import spec
from gov_disclosure.exceptions import InputError

if TYPE_CHECKING:
    from gov_disclosure.model import Report
from gov_disclosure.cli._common import EXIT_OK, UsageError, chosen_format, read_report, same_file, say
from gov_disclosure.io import filetypes
from gov_disclosure.io.template import template


def cmd_new(args: argparse.Namespace) -> int:
    """``new``: write a YAML template (to stdout without ``-o``), or a workbook (``-o x.xlsx``)."""
    from gov_disclosure.model import validators as v  # noqa: PLC0415

    fmt = chosen_format(args)
    previous: Report | None = None
    if args.previous is not None:
        if args.output is not None and same_file(Path(args.output), Path(args.previous)):
            msg = f"{args.output}：输出文件就是 --previous 的上年报告，拒绝覆盖"
            raise UsageError(msg)
        previous, _ = read_report(args.previous)
    agency = args.agency if args.agency is not None else (previous.agency if previous else None)
    year = args.year if args.year is not None else (previous.year + 1 if previous else None)
    if agency is None or year is None:
        msg = "请用 --agency 给出报告机关、--year 给出报告年度（或用 --previous 给出上年报告）"
        raise UsageError(msg)
    problems = [
        (key, message)
        for key, message in (
            (spec.AGENCY.key, v.check_text(agency, required=True)),
            (spec.YEAR.key, v.check_year(year)),
        )
        if message is not None
    ]
    if problems:
        raise InputError(problems)
    if previous is not None and previous.year != year - 1:
        say(f"注意：--previous 是 {previous.year} 年度报告，不是 {year - 1} 年度", sys.stderr)
    out = Path(args.output) if args.output is not None else None
    workbook = _workbook_type(out)
    if out is not None and workbook is None and out.suffix.lower() not in (".yaml", ".yml"):
        msg = f"{out}：模板是 YAML 文件或 Excel 工作簿，请用 .yaml、.yml 或 .xlsx 作文件名后缀"
        raise UsageError(msg)
    if out is not None and out.exists() and not args.force:
        msg = f"{out}：文件已存在；要替换它请加 --force"
        raise UsageError(msg)
    data: str | bytes
    if workbook is not None:
        data = _workbook(agency.strip(), year, previous, workbook, fmt)
    else:
        data = template(agency.strip(), year, previous, fmt)
    if out is None:
        assert isinstance(data, str)  # noqa: S101 - a workbook needs -o
        sys.stdout.write(data)
        return EXIT_OK
    from gov_disclosure.io.files import atomic_write, force_write  # noqa: PLC0415

    # --force replaces an existing file, a read-only one too (it stays read-only)
    (force_write if args.force else atomic_write)(out, data)
    say(f"已写出 {out}", sys.stderr)
    return EXIT_OK


def _workbook_type(out: Path | None) -> filetypes.FileType | None:
    """The document type ``out`` names if it is one that holds the data exactly (the
    workbook), written by a renderer."""
    if out is None:
        return None
    found = filetypes.by_suffix(out, writing=True)
    if found is None or found.kind != "document" or found.writer is None or not filetypes.holds_data(found):
        return None
    return found


def _workbook(
    agency: str, year: int, previous: Report | None, filetype: filetypes.FileType, fmt: spec.Format
) -> bytes:
    """The blank report as a workbook: leaves 0 or carried from last year (marked), totals
    formulas."""
    from gov_disclosure.io.template import blank_report, carried  # noqa: PLC0415
    from gov_disclosure.render import render  # noqa: PLC0415

    report = blank_report(agency, year, previous, fmt)
    notes = {path: c.note for path, c in carried(previous, fmt).items()} if previous is not None else {}
    data = render(report, filetype.name, force=True, carried=notes)
    assert isinstance(data, bytes)  # noqa: S101 - a workbook is bytes
    return data
