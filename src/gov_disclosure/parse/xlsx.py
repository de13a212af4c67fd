"""XLSX: workbooks — this library's own, read exactly; any other laid out as the official
tables (a clerk's own, a platform's export), read through the engine like any document.

The package is checked and opened by :mod:`gov_disclosure.io.xlsx` (the same reader as
``gd.load``; no formula is evaluated, no external link followed). Then:

* a workbook this library wrote (its mark, :func:`gov_disclosure.io.xlsx.is_own`) is read by
  the exact places of its layout — :func:`build` returns its report and reading findings
  without the engine;
* any other workbook becomes blocks (:func:`read`): each sheet in order, each row the cells
  that start in it (a merged cell once, at its first place), ``where`` naming the sheet and
  the cells (``表三!A7:J7``); a row of one cell above or below a sheet's table is a paragraph
  (a title, a heading, a note); a formula is its saved result. A sheet that holds a table but
  no section heading and is named like a table of a known format (``表三``) is read under that
  table's heading, with a reading finding.
"""

from __future__ import annotations

from gov_disclosure import spec
from gov_disclosure.findings import Finding, finding
from gov_disclosure.io import workbook as wl
from gov_disclosure.io import xlsx
from gov_disclosure.parse import _engine
from gov_disclosure.parse import _labels as lb
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow

__all__ = ["build", "read"]


def build(data: bytes, source: str | None = None) -> _engine.Built:
    """The report in a workbook and its reading findings: this library's workbook by its
    layout, any other through the engine."""
    try:
        opened = xlsx.open_workbook(data)
        if xlsx.is_own(opened):
            report, findings, tables = xlsx.read_own(opened, strict=False, source=source)
            return _engine.Built(report, findings, tables)
    except xlsx.WorkbookError as exc:
        raise exc.parse_error(source) from None
    return _engine.build(blocks(opened), source)


def read(data: bytes) -> Doc:
    """The blocks of any workbook (this library's too: its sheets are laid out as the official
    tables)."""
    try:
        opened = xlsx.open_workbook(data)
    except xlsx.WorkbookError as exc:
        raise exc.parse_error(None) from None
    return blocks(opened)


# --- blocks ----------------------------------------------------------------------------------------


def _joined(text: str) -> str:
    """A cell's lines as one line: joined without a space between Chinese characters, with
    one between Latin letters or digits."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _table_headings() -> dict[str, str]:
    """Sheet name → section heading, for the tables of every known format (the default
    format's heading where two formats name a table alike)."""
    out: dict[str, str] = {}
    for fmt in reversed(spec.formats()):
        for table in fmt.tables:
            out[wl.sheet_name(table.name)] = fmt.section(table.key).heading
    return out


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """``A2:C4`` → ``(min_row, min_col, max_row, max_col)``."""
    from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415 - with the workbook

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    return min_row, min_col, max_row, max_col


class _Sheet:
    """One sheet's rows: the text of each cell that starts in it, by column."""

    def __init__(self, sheet: xlsx.Sheet) -> None:
        self.title = sheet.title
        covered: dict[int, list[tuple[int, int]]] = {}
        for ref in sheet.merges:
            found = _bounds(ref)
            if found is None:
                continue
            min_row, min_col, max_row, max_col = found
            for row in range(min_row, max_row + 1):
                start = min_col + 1 if row == min_row else min_col
                if start <= max_col:
                    covered.setdefault(row, []).append((start, max_col))
        self.covered = covered
        self.rows: dict[int, dict[int, str]] = {}
        self.unsaved: list[str] = []
        for (row, column), cell in sheet.cells.items():
            if self.is_covered(row, column):
                continue
            text = self._text(cell, row, column)
            if text:
                self.rows.setdefault(row, {})[column] = text
        self.first_column = min((min(r) for r in self.rows.values()), default=1)

    def is_covered(self, row: int, column: int) -> bool:
        """Whether a merged cell starting above or to the left covers the place."""
        return any(a <= column <= b for a, b in self.covered.get(row, ()))

    def _text(self, cell: xlsx.Cell, row: int, column: int) -> str:
        if cell.value is None:
            return ""
        if xlsx.is_formula(cell):
            if cell.saved is None:
                self.unsaved.append(f"{self.title}!{wl.address(row, column)}")
                return ""
            return _joined(xlsx.cell_text(cell.saved))
        return _joined(xlsx.cell_text(cell.value))

    def cells(self, row: int, last: int) -> tuple[str, ...]:
        """The row's cells from the sheet's first column to ``last`` (the table's last), an
        empty place a blank cell."""
        found = self.rows[row]
        return tuple(
            found.get(c, "")
            for c in range(self.first_column, max(last, *found) + 1)
            if not self.is_covered(row, c)
        )

    def where(self, row: int) -> str:
        found = self.rows[row]
        first, last = wl.address(row, min(found)), wl.address(row, max(found))
        return f"{self.title}!{first}" if first == last else f"{self.title}!{first}:{last}"


def blocks(opened: xlsx.Opened) -> Doc:
    """Every sheet's rows as paragraphs and table rows."""
    out: list[Block] = []
    notes: list[Finding] = list(opened.notes)
    headings = _table_headings()
    tables = 0
    unsaved: list[str] = []
    for worksheet in opened.sheets.values():
        sheet = _Sheet(worksheet)
        unsaved.extend(sheet.unsaved)
        rows = sorted(sheet.rows)
        wide = [r for r in rows if len(sheet.rows[r]) > 1]
        if not rows:
            continue
        first, last = (wide[0], wide[-1]) if wide else (rows[-1] + 1, rows[-1])
        width = max((max(sheet.rows[r]) for r in wide), default=0)
        here: list[Block] = []
        for row in rows:
            if first <= row <= last:
                here.append(TableRow(sheet.cells(row, width), sheet.where(row), tables))
            else:
                (text,) = sheet.rows[row].values()
                here.append(Para(text=text, where=sheet.where(row), gap=True))
        named = headings.get(sheet.title)
        if (
            wide
            and named is not None
            and not any(isinstance(b, Para) and lb.heading_section(b.text) for b in here)
        ):
            here.insert(0, Para(text=named, where=f"工作表“{sheet.title}”", gap=True))
            section = next((s.key for f in spec.formats() for s in f.sections if s.heading == named), "")
            notes.append(
                finding(
                    "parse.heading_variant",
                    section,
                    f"工作表“{sheet.title}”中没有标题“{named}”，按工作表名读作{named}",
                )
            )
        out.extend(here)
        if wide:
            tables += 1
    if unsaved:
        shown = "、".join(unsaved[:5]) + ("等" if len(unsaved) > 5 else "")
        notes.append(
            finding(
                "parse.formula",
                "",
                f"{len(unsaved)} 格是公式而文件中没有保存计算结果（{shown}），本程序不计算公式，按空格读入",
            )
        )
    return Doc(tuple(out), "xlsx", notes=tuple(notes))
