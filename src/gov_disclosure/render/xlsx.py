"""XLSX: the clerk's workbook — the report's tables as sheets to fill in Excel or WPS, the
totals as formulas, the text one paragraph a row; read back exactly by
:func:`gov_disclosure.load` (:mod:`gov_disclosure.io.xlsx`).

``render(report, carried=None) -> bytes``. Everything is taken from the report's format
(:mod:`gov_disclosure.io.workbook` places it): a sheet per table named by the table's name,
its caption, its grid with the merged cells, borders, column widths sized from the content
(:mod:`gov_disclosure.render._fit`), number formats, an A4 page with the caption and column
headings repeated on every page; each leaf unlocked, with a data validation of its kind and an
input message naming its official label; each total a ``SUM`` formula over its parts, locked
(the sheet protected, without a password) — or, when the report's total is not that sum (a
published report printed with a wrong one), the total as given. ``carried`` maps paths to
a note (``new --previous``): those cells are shaded and their input message says where the
value came from.

Text cells are always text (a paragraph ``=1+1`` or ``0012`` stays as written). The output is
deterministic: fixed dates in the properties and the zip, no temporary files. openpyxl loads
only when a workbook is written.
"""

from __future__ import annotations

import copy
import datetime
import functools
import io
import math
import zipfile
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from gov_disclosure import spec
from gov_disclosure.io import workbook as wl
from gov_disclosure.io.xlsx import escape
from gov_disclosure.model import Report, format_of, is_report, shape_of, value_at
from gov_disclosure.model import validators as v
from gov_disclosure.render import _fit
from gov_disclosure.render._common import check_options
from gov_disclosure.render.layout import Layout

__all__ = ["FONT", "render"]

#: The face of every cell: the one every Chinese Excel and WPS has.
FONT = "宋体"
#: The page: GB/T 9704's margins and type sizes (the DOCX defaults).
PAGE = Layout()
_TABLE_SIZE = PAGE.table_font_size.pt
#: A number column is made wide enough for this many digits, whatever the report holds (a
#: number wider than its column shows as ``####``).
MIN_DIGITS = 5
#: The share of a column's width its label's lines are counted in, for the row's height.
ROOM = 0.85
_FIXED = datetime.datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Shading of a value carried from last year's report, and of a computed total.
CARRIED_FILL = "FFF2CC"
TOTAL_FILL = "F2F2F2"
HEAD_FILL = "DDEBF7"
#: Excel's limits on a data validation's input message and its title.
PROMPT_MAX = 255
PROMPT_TITLE_MAX = 32
#: The largest magnitude a cell's number holds exactly (Excel keeps 15 significant digits).
_EXACT_DIGITS = 15

_RULES: dict[str, str] = {
    "count": "填非负整数",
    "signed": "填整数，减少写负数",
    "fee": "填非负数，单位万元，最多 6 位小数",
    "amount": "按报告所印填写",
}


def render(report: Report, *, carried: Mapping[str, str] | None = None, **unknown: object) -> bytes:
    """The report as a workbook (bytes); ``carried``: path → note of the values carried forward."""
    check_options("xlsx", unknown, ("carried",))
    if not is_report(report):
        msg = f"render 需要报告对象（Report），收到 {type(report).__name__}"
        raise TypeError(msg)
    import openpyxl  # noqa: PLC0415 - only when a workbook is written
    from openpyxl.workbook.defined_name import DefinedName  # noqa: PLC0415

    fmt = format_of(report)
    book = openpyxl.Workbook()
    book.remove(book.active)
    styles = _Styles()
    notes = dict(carried or {})
    _info_sheet(book, report, fmt, styles, notes)
    for table in fmt.tables:
        _table_sheet(book, report, wl.sheet_layout(table, shape_of(report, table)), styles, notes)
    _text_sheet(book, report, fmt, styles)
    book.defined_names[wl.MARKER] = DefinedName(wl.MARKER, attr_text=f'"{wl.VERSION}"', hidden=True)
    book.active = 1 if len(book.worksheets) > 1 else 0
    props = book.properties
    props.creator = props.lastModifiedBy = "gov_disclosure"
    props.title = report.title
    props.created = props.modified = _FIXED
    return _save(book)


# --- styles ----------------------------------------------------------------------------------------


class _Styles:
    """The styles of one workbook: each made once on the first cell that needs it, then copied
    to the others (openpyxl looks a style up by value on every assignment otherwise)."""

    def __init__(self) -> None:
        self.arrays: dict[tuple[object, ...], Any] = {}

    def apply(self, cell: Any, key: tuple[object, ...], make: Callable[[Any], None]) -> None:
        found = self.arrays.get(key)
        if found is None:
            make(cell)
            self.arrays[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(found)


def _style(
    *,
    bold: bool = False,
    size: float = _TABLE_SIZE,
    border: bool = True,
    horizontal: str = "center",
    vertical: str = "center",
    wrap: bool = True,
    locked: bool = True,
    fill: str | None = None,
    number_format: str = "General",
) -> Callable[[Any], None]:
    def make(cell: Any) -> None:
        font, edges, alignment, protection, shade = _style_objects(
            bold, size, border, horizontal, vertical, wrap, locked, fill
        )
        cell.font = font
        if edges is not None:
            cell.border = edges
        cell.alignment = alignment
        cell.protection = protection
        if shade is not None:
            cell.fill = shade
        cell.number_format = number_format

    return make


@functools.lru_cache(maxsize=256)
def _style_objects(  # noqa: PLR0917 - the fields of one style, cached together
    bold: bool,  # noqa: FBT001
    size: float,
    border: bool,  # noqa: FBT001
    horizontal: str,
    vertical: str,
    wrap: bool,  # noqa: FBT001
    locked: bool,  # noqa: FBT001
    fill: str | None,
) -> tuple[Any, Any, Any, Any, Any]:
    """openpyxl's style objects of a style, made once (they are values: a workbook keeps its
    own list of them)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # noqa: PLC0415

    thin = Side(style="thin")
    return (
        Font(name=FONT, size=size, bold=bold),
        Border(left=thin, right=thin, top=thin, bottom=thin) if border else None,
        Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap),
        Protection(locked=locked),
        PatternFill(fill_type="solid", start_color=fill, end_color=fill) if fill is not None else None,
    )


def _text(cell: Any, text: str) -> None:
    """``text`` in ``cell`` as text, whatever it looks like (``=…``, ``#N/A``, ``0012``)."""
    cell.value = escape(text)
    cell.data_type = "s"


# --- values ----------------------------------------------------------------------------------------


def _places(fee: Decimal) -> int:
    exponent = fee.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _number_format(kind: spec.ValueKind, value: Any) -> str:
    if kind == "fee" and isinstance(value, Decimal) and _places(value):
        return "0." + "0" * _places(value)
    return "0" if kind in ("count", "signed") else "General"


def _put_number(cell: Any, value: Any) -> None:
    """A number in ``cell`` in its exact digits; one of more digits than a cell keeps exactly
    (``1e16`` 件, a fee of 20 digits) is written as text and read back as such."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
        return
    digits = len(value.as_tuple().digits) if isinstance(value, Decimal) else len(str(abs(value)))
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    if digits > _EXACT_DIGITS:
        _text(cell, text)
        return
    cell.value = 0  # a number cell
    cell._value = text  # its digits as given (openpyxl would print 16 significant digits of a float)


def _is_sum(report: Report, cell: wl.ValueCell) -> bool:
    """Whether the report's total is the sum of its parts (so its formula gives it)."""
    values = [value_at(report, p) for p in cell.parts]
    total = value_at(report, cell.path)
    if not values:
        return bool(total == 0)
    try:
        return bool(sum(values[1:], values[0]) == total)
    except TypeError:
        return False


# --- the table sheets ------------------------------------------------------------------------------


class _Fit(NamedTuple):
    """How a table sheet is set: the fit of its columns and rows, and the page's orientation."""

    fit: _fit.TableFit
    landscape: bool


def _widths(layout: wl.SheetLayout, report: Report) -> _Fit:
    """Column widths and row heights from the content, as the DOCX sizes the table (type down
    to the smallest table size), numbers of :data:`MIN_DIGITS` digits whole: on the width of
    an A4 page upright, or else lying (a table of many columns), or else wider (printed
    smaller, to the page's width)."""
    texts = []
    for cell in _value_order(layout):
        text = str(value_at(report, cell.path))
        texts.append(text if len(text) >= MIN_DIGITS else "0" * MIN_DIGITS)
    plan = _fit.plan(layout.grid)
    numbers = plan.numbers(texts)
    margins = PAGE.margin_left.twips + PAGE.margin_right.twips
    upright, lying = PAGE.text_width.twips, PAGE.page_height.twips - margins
    size, least = PAGE.table_font_size.half_points, PAGE.table_min_font_size.half_points
    fit = None
    for width, landscape in ((upright, False), (lying, True), (lying * 3 // 2, True), (lying * 2, True)):
        fit = plan.fit(numbers, width=width, margin=PAGE.table_cell_margin.twips, size=size, min_size=least)
        if fit.scale == 100:
            return _Fit(fit, landscape)
    assert fit is not None  # noqa: S101 - the loop runs
    return _Fit(fit, landscape=True)


def _value_order(layout: wl.SheetLayout) -> list[wl.ValueCell]:
    """The value cells in the grid's order (row by row, left to right)."""
    return sorted(layout.values, key=lambda c: (c.row, c.column))


def _characters(twips: int) -> float:
    """A width in twips as Excel's column width (characters of the default font's digits:
    7 pixels at 96 dpi, plus 5 pixels of padding)."""
    return round(max(1.0, (twips / 15 - 5) / 7), 2)


class _Validations:
    """A sheet's data validations, written as openpyxl writes its own (one ``dataValidation``
    element each) but built directly: a workbook has one per leaf, and openpyxl's descriptors
    would take a third of the time of writing it."""

    def __init__(self) -> None:
        self.items: list[tuple[dict[str, str], str, str | None]] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, sqref: str, formula1: str, formula2: str | None = None, **options: str) -> None:
        attributes = {"allowBlank": "1", **options, "sqref": sqref}
        self.items.append((attributes, formula1, formula2))

    def to_tree(self) -> Any:
        from openpyxl.xml.functions import Element, SubElement  # noqa: PLC0415

        root = Element("dataValidations", count=str(len(self.items)))
        for attributes, formula1, formula2 in self.items:
            element = SubElement(root, "dataValidation", attributes)
            SubElement(element, "formula1").text = formula1
            if formula2 is not None:
                SubElement(element, "formula2").text = formula2
        return root


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table_sheet(
    book: Any, report: Report, layout: wl.SheetLayout, styles: _Styles, notes: dict[str, str]
) -> None:
    table = layout.table
    fmt = format_of(report)
    sheet = book.create_sheet(layout.sheet)
    fit, landscape = _widths(layout, report)
    size = fit.size / 2
    caption = sheet.cell(wl.CAPTION_ROW, 1)
    _text(caption, table.caption)
    styles.apply(
        caption, ("caption",), _style(bold=True, size=12, border=False, horizontal="left", wrap=False)
    )
    label_columns = _fit.label_columns(layout.grid)
    for label in layout.labels:
        cell = sheet.cell(label.row, label.column)
        _text(cell, label.text)
        left = not label.header and label.column <= label_columns and label.rowspan == 1
        look = _style(size=size, bold=label.header, horizontal="left" if left else "center")
        styles.apply(cell, ("label", size, label.header, left), look)
        _border_span(sheet, styles, label.row, label.column, label.rowspan, label.colspan)
    validations = _Validations()
    spans = dict(layout.spans)
    for spot in layout.values:
        cell = sheet.cell(spot.row, spot.column)
        value = value_at(report, spot.path)
        number_format = _number_format(spot.kind, value)
        note = notes.get(spot.path)
        if spot.is_total:
            if _is_sum(report, spot):
                cell.value = f"={spot.formula}"
            else:
                _put_number(cell, value)  # a total printed wrong stays as printed
            total = _style(size=size, fill=TOTAL_FILL, number_format=number_format)
            styles.apply(cell, ("total", size, number_format), total)
        else:
            _put_number(cell, value)
            fill = CARRIED_FILL if note is not None else None
            leaf = _style(size=size, locked=False, fill=fill, number_format=number_format)
            styles.apply(cell, ("leaf", size, number_format, fill), leaf)
            _validate(validations, fmt, table, spot, note)
        _border_span(sheet, styles, spot.row, spot.column, 1, spans.get(spot.path, 1))
    for merged in layout.merges:
        sheet.merged_cells.add(merged)  # the places it covers are styled above, and left empty
    if validations:
        sheet.data_validations = validations
    for column, width in enumerate(fit.widths, start=1):
        sheet.column_dimensions[wl.column_letter(column)].width = _characters(width)
    line = size * 1.3
    # lines counted a little narrower than the columns: a spreadsheet's fonts and padding
    # are not the word processor's, and a label cut off in its cell is worse than a gap
    narrower = tuple(round(w * ROOM) for w in fit.widths)
    row_lines = _fit._row_lines(layout.grid, narrower, PAGE.table_cell_margin.twips, fit.size)
    for r, lines in enumerate(row_lines):
        sheet.row_dimensions[wl.GRID_ROW + r].height = round(max(lines, 1) * line + 4, 2)
    sheet.row_dimensions[wl.CAPTION_ROW].height = 24
    sheet.freeze_panes = wl.address(layout.header_end + 1, label_columns + 1)
    area = f"A1:{wl.address(layout.last_row, layout.last_column)}"
    _page(sheet, f"1:{layout.header_end}", area, landscape=landscape)
    _protect(sheet)


def _border_span(  # noqa: PLR0917 - a merged cell's place and spans
    sheet: Any, styles: _Styles, row: int, column: int, rowspan: int, colspan: int
) -> None:
    """Borders on the places a merged cell covers (a merged range draws the borders of its
    cells, not of its first one)."""
    if rowspan == 1 and colspan == 1:
        return
    for r in range(row, row + rowspan):
        for c in range(column, column + colspan):
            if (r, c) != (row, column):
                styles.apply(sheet.cell(r, c), ("covered",), _style())


def _validate(
    validations: _Validations, fmt: spec.Format, table: spec.TableSpec, spot: wl.ValueCell, note: str | None
) -> None:
    """The data validation of a leaf: its kind's rule, and an input message naming its
    official label (and, for a value carried forward, where it came from)."""
    labels = fmt.label_path(spot.path)
    rule = _RULES.get(spot.kind, _RULES["count"])
    prompt = _clip(f"{spec.join_labels(labels)}\n{rule}" + (f"\n{note}" if note else ""), PROMPT_MAX)
    title = _clip(f"{table.name} {labels[-1]}" if labels else table.name, PROMPT_TITLE_MAX)
    error = _clip(f"“{labels[-1] if labels else spot.path}”：{rule}", PROMPT_MAX)
    here = spot.address
    texts = {
        "showErrorMessage": "1",
        "showInputMessage": "1",
        "errorTitle": "输入有误",
        "error": error,
        "promptTitle": title,
        "prompt": prompt,
    }
    if spot.kind == "count":
        validations.add(here, "0", type="whole", operator="greaterThanOrEqual", **texts)
    elif spot.kind == "signed":
        validations.add(here, "-999999999", "999999999", type="whole", operator="between", **texts)
    elif spot.kind == "fee":
        validations.add(
            here, f"AND(ISNUMBER({here}),{here}>=0,ROUND({here},6)={here})", type="custom", **texts
        )


def _page(sheet: Any, title_rows: str | None, area: str | None, *, landscape: bool = False) -> None:
    """A4 (upright, or lying for a table of many columns), as wide as one page, GB/T 9704's
    margins, centred, numbered pages."""
    from openpyxl.worksheet.properties import PageSetupProperties  # noqa: PLC0415

    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    inch = 1440
    margins.left = round(PAGE.margin_left.twips / inch, 3)
    margins.right = round(PAGE.margin_right.twips / inch, 3)
    margins.top = round(PAGE.margin_top.twips / inch, 3) if not landscape else margins.left
    margins.bottom = round(PAGE.margin_bottom.twips / inch, 3) if not landscape else margins.right
    margins.header = margins.footer = 0.5
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&A 第 &P 页，共 &N 页"
    if title_rows is not None:
        sheet.print_title_rows = title_rows
    if area is not None:
        sheet.print_area = area


def _protect(sheet: Any) -> None:
    """Locked cells cannot be typed over; no password (a clerk may lift it: 审阅 › 撤销工作表保护);
    columns and rows may still be resized."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


# --- 基本信息 ----------------------------------------------------------------------------------------


def _info_sheet(book: Any, report: Report, fmt: spec.Format, styles: _Styles, notes: dict[str, str]) -> None:
    sheet = book.create_sheet(wl.INFO_SHEET)
    labels = wl.info_labels(fmt)
    default = fmt.title_template.format(agency=report.agency, year=report.year)
    values: list[tuple[Any, bool, str]] = [
        (report.agency, False, ""),
        (report.year, False, ""),
        (
            None if report.title == default else report.title,
            False,
            f"留空则为“{default}”（按报告机关和年度生成）",
        ),
        (fmt.id, True, fmt.name),
        (
            wl.MARKER,
            True,
            "本工作簿由 gov_disclosure 生成：填写后用 gov-disclosure check 检查、render 生成文档",
        ),
    ]
    for row, (label, (value, locked, note)) in enumerate(zip(labels, values, strict=True), start=1):
        head = sheet.cell(row, 1)
        _text(head, label)
        styles.apply(head, ("info-label",), _style(bold=True, horizontal="left", size=11))
        cell = sheet.cell(row, 2)
        if isinstance(value, str):
            _text(cell, value)
        elif value is not None:
            cell.value = value
        styles.apply(cell, ("info", locked), _style(horizontal="left", size=11, locked=locked))
        if note:
            side = sheet.cell(row, 3)
            _text(side, note)
            styles.apply(side, ("info-note",), _style(border=False, horizontal="left", size=10))
        texts = (label, value if isinstance(value, str) else "", note)
        height = _height(texts, INFO_WIDTHS, 11)
        if height is not None:
            sheet.row_dimensions[row].height = height
    years = _Validations()
    years.add(
        wl.address(wl.INFO_KEYS.index("year") + 1, 2),
        str(v.MIN_YEAR),
        str(v.MAX_YEAR),
        type="whole",
        operator="between",
        showErrorMessage="1",
        errorTitle="输入有误",
        error=f"“{labels[wl.INFO_KEYS.index('year')]}”应为 {v.MIN_YEAR} 至 {v.MAX_YEAR} 的整数",
    )
    sheet.data_validations = years
    sources = sorted(set(notes.values()))
    for offset, note in enumerate(sources):
        cell = sheet.cell(wl.MARKER_ROW + 2 + offset, 1)
        _text(cell, note)
        styles.apply(
            cell,
            ("info-carried",),
            _style(border=False, horizontal="left", size=10, wrap=False, fill=CARRIED_FILL),
        )
    for column, width in zip("ABC", INFO_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    _page(sheet, None, None)
    _protect(sheet)


# --- 正文 -------------------------------------------------------------------------------------------


def _text_rows(report: Report, fmt: spec.Format) -> list[tuple[str, str, str, str]]:
    """One row per paragraph: part, subsection number, subsection title (on its first row),
    paragraph; an empty part has one row with no paragraph, to be filled in."""
    parts = dict(wl.text_parts(fmt))
    rows: list[tuple[str, str, str, str]] = []
    preamble = parts[None]
    rows.extend((preamble, "", "", p) for p in report.preamble)
    if not report.preamble:
        rows.append((preamble, "", "", ""))
    for section in fmt.sections:
        body = getattr(report, section.key)
        before = len(rows)
        rows.extend((section.heading, "", "", p) for p in body.paragraphs)
        for n, sub in enumerate(getattr(body, "subsections", ()), start=1):
            number = f"（{spec.chinese_number(n)}）"
            rows.append((section.heading, number, sub.title, sub.paragraphs[0] if sub.paragraphs else ""))
            rows.extend((section.heading, number, "", p) for p in sub.paragraphs[1:])
        if len(rows) == before:
            rows.append((section.heading, "", "", ""))
    return rows


#: 基本信息's column widths (Excel's units).
INFO_WIDTHS = (12, 40, 36)
#: 正文's column widths (Excel's units: digits of the default font) and type size (pt).
TEXT_WIDTHS = (20, 5, 14, 56)
TEXT_SIZE = 11
#: Excel's tallest row, in points.
MAX_ROW_HEIGHT = 409


def _height(texts: tuple[str, ...], widths: tuple[float, ...], size: float) -> float | None:
    """The height of a row of wrapped texts (points), from their widths in em against the
    columns' (a spreadsheet sizes a row to its wrapped text only when it is edited); ``None``
    for a row of empty cells, left for the spreadsheet to size as text is typed in."""
    if not any(texts):
        return None
    em = size * 96 / 72  # pixels of one em at 96 dpi
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        room = max(1.0, (width * 7 + 5 - 6) / em)  # the column's pixels, less padding, in em
        lines = max(lines, math.ceil(_fit.em_width(text) / room) if text else 1)
    return float(min(MAX_ROW_HEIGHT, round(lines * size * 1.3 + 4, 1)))


def _text_sheet(book: Any, report: Report, fmt: spec.Format, styles: _Styles) -> None:
    sheet = book.create_sheet(wl.TEXT_SHEET)
    for column, label in enumerate(wl.text_columns(fmt), start=1):
        cell = sheet.cell(1, column)
        _text(cell, label)
        styles.apply(cell, ("text-head",), _style(bold=True, size=11, fill=HEAD_FILL))
    rows = _text_rows(report, fmt)
    for r, values in enumerate(rows, start=2):
        height = _height(values, TEXT_WIDTHS, TEXT_SIZE)
        if height is not None:
            sheet.row_dimensions[r].height = height
        for column, text in enumerate(values, start=1):
            cell = sheet.cell(r, column)
            if text:
                _text(cell, text)
            horizontal = "left" if column != 2 else "center"
            look = _style(
                size=TEXT_SIZE, horizontal=horizontal, vertical="top", locked=False, number_format="@"
            )
            styles.apply(cell, ("text", horizontal), look)
    choices = ",".join(text for _, text in wl.text_parts(fmt))
    if "," not in "".join(text for _, text in wl.text_parts(fmt)) and len(choices) < PROMPT_MAX:
        parts = _Validations()
        parts.add(f"A2:A{max(len(rows) + 1, 1000)}", f'"{choices}"', type="list")
        sheet.data_validations = parts
    for letter, width in zip("ABCD", TEXT_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    _page(sheet, "1:1", None)


# --- the package --------------------------------------------------------------------------------------


class _Zip(zipfile.ZipFile):
    """A zip whose members all carry one date, so the same workbook gives the same bytes."""

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: bytes | str, *args: Any, **kwargs: Any
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def _save(book: Any) -> bytes:
    """The workbook's package, written in memory (openpyxl writes each sheet to a temporary
    file otherwise, and dates the zip's members with the clock)."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing  # noqa: PLC0415
    from openpyxl.worksheet._writer import WorksheetWriter  # noqa: PLC0415
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415
    from openpyxl.xml.constants import SHEET_MAIN_NS  # noqa: PLC0415
    from openpyxl.xml.functions import xmlfile  # noqa: PLC0415

    class SheetWriter(WorksheetWriter):  # type: ignore[misc]
        """openpyxl's sheet writer, writing UTF-8 (openpyxl writes every Chinese character as a
        character reference, &#19977;, three times the bytes)."""

        def get_stream(self) -> Any:
            with xmlfile(self.out, encoding="utf-8") as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is not None:
                            xf.write(el)
                except GeneratorExit:
                    pass

    class Writer(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = SheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.out.getvalue())
            self.manifest.append(ws)

    out = io.BytesIO()
    with _Zip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        Writer(book, archive).save()
    return out.getvalue()
