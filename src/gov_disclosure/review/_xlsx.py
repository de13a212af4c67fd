"""summary.xlsx: the sheet 汇总 (the index's rows) and the sheet 问题 (a row per finding, the
columns of findings.csv), each with a frozen heading row, filters and column widths. openpyxl
loads only when the workbook is written; its write-only mode keeps memory flat whatever the
number of findings."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Sequence
from typing import Any

from gov_disclosure.review._outputs import (
    FINDING_HEADINGS,
    SUMMARY_HEADINGS,
    finding_rows,
    safe_cell,
    summary_rows,
)
from gov_disclosure.review._result import Review

__all__ = ["SHEETS", "summary_xlsx"]

#: The sheets, in order.
SHEETS = ("汇总", "问题")
#: Column widths (characters) of each sheet.
_WIDTHS = {
    "汇总": (36, 24, 7, 12, 7, 7, 9, 7, 60, 30, 30, 12, 40),
    "问题": (36, 24, 26, 9, 40, 40, 90, 12, 12),
}


def _column(n: int) -> str:
    """The letters of the ``n``-th column (1 → A, 27 → AA)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _sheet(book: Any, name: str, headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    cells = importlib.import_module("openpyxl.cell")
    styles = importlib.import_module("openpyxl.styles")
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    for n, width in enumerate(_WIDTHS[name], start=1):
        sheet.column_dimensions[_column(n)].width = width
    bold = styles.Font(bold=True)
    fill = styles.PatternFill("solid", fgColor="E5E7EB")
    heading = []
    for text in headings:
        cell = cells.WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cell.fill = fill
        heading.append(cell)
    sheet.append(heading)
    count = 0
    for row in rows:
        # safe_cell: no text begins with "=", so openpyxl writes every text as a text
        sheet.append([safe_cell(value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{_column(len(headings))}{count + 1}"


def summary_xlsx(review: Review) -> bytes:
    """The workbook's bytes."""
    openpyxl = importlib.import_module("openpyxl")
    book = openpyxl.Workbook(write_only=True)
    _sheet(book, SHEETS[0], SUMMARY_HEADINGS, summary_rows(review))
    _sheet(book, SHEETS[1], FINDING_HEADINGS, finding_rows(review))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
