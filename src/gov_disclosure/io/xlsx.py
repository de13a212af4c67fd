"""Reading the clerk's workbook (``.xlsx``) — the one reader behind :func:`gov_disclosure.load`
(data) and :func:`gov_disclosure.parse` (documents).

* :func:`open_workbook` checks the package before anything parses it (an old ``.xls``, a
  password-protected file, a zip bomb, a DTD are refused from their bytes and the zip
  directory), opens it with openpyxl (which never evaluates a formula; external links are not
  loaded) and collects, for every formula cell, the result saved with it;
* :func:`is_own` tells a workbook this library wrote (the hidden defined name
  :data:`~gov_disclosure.io.workbook.MARKER`, or the labels of ``基本信息``);
* :func:`read_own` reads such a workbook by the exact places of
  :mod:`gov_disclosure.io.workbook`: leaves as numbers, a total still holding its formula left
  out (the model computes it), a total whose formula was replaced kept as given; what was
  interpreted is a reading finding naming the sheet and the cell;
* :func:`load` is ``gd.load`` of a ``.xlsx``: this library's workbook only (any other workbook
  is read as a document, through the parse engine: :mod:`gov_disclosure.parse.xlsx`).

Every problem names the sheet and the cell (``表三!D7``) and the official label. openpyxl loads
only when a workbook is read.
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from gov_disclosure import spec
from gov_disclosure.exceptions import GovDisclosureError, InputError, ParseError
from gov_disclosure.findings import Finding, finding
from gov_disclosure.io import workbook as wl
from gov_disclosure.io._convert import FORMAT_KEY, from_dict
from gov_disclosure.model import Report, value_at
from gov_disclosure.model import validators as v

__all__ = [
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_ELEMENTS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_UNPACKED",
    "Opened",
    "Problem",
    "WorkbookError",
    "cell_text",
    "is_own",
    "load",
    "open_workbook",
    "read_bytes",
    "read_own",
]

#: Largest workbook file read (a report's workbook is some tens of KB).
MAX_BYTES = 64 * 1024 * 1024
#: Largest total unpacked size (bytes), largest overall compression ratio, most parts.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
#: Most cells over all sheets, and most XML elements over all parts, before openpyxl builds
#: its objects (a report's workbook has some hundreds of cells); most rows and columns
#: spanned by merged cells (openpyxl makes an object for each place on a merged cell's edges).
MAX_CELLS = 200_000
MAX_ELEMENTS = 2_000_000
MAX_MERGED = 200_000
_CHUNK = 1024 * 1024

#: The signature of an OLE compound file: an old ``.xls`` (or ``.doc``), and the container of a
#: password-protected OOXML file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?c[\s/>]")
_MERGE = re.compile(
    rb'<(?:[A-Za-z0-9_]+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

WHERE_START = "文件开头"
WHERE_ZIP = "zip 目录"
WHERE_BOOK = "工作簿"


class Problem(NamedTuple):
    """One thing that stops a workbook from being read: the value's path (``""`` for the
    workbook as a whole), the place (``表三!D7``, ``zip 目录``) and what is wrong (Chinese,
    naming the official label)."""

    path: str
    where: str
    message: str


class WorkbookError(GovDisclosureError):
    """A workbook that cannot be read. :func:`load` raises it as
    :class:`~gov_disclosure.exceptions.InputError` (one entry per problem), the parser as
    :class:`~gov_disclosure.exceptions.ParseError`."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("；".join(f"{p.where}：{p.message}" for p in self.problems))

    def input_error(self, source: str | None) -> InputError:
        """The problems as :class:`InputError` entries ``(path, "place：message")``."""
        return InputError([(p.path, f"{p.where}：{p.message}") for p in self.problems], source=source)

    def parse_error(self, source: str | None) -> ParseError:
        """The problems as one :class:`ParseError` at the first one's place."""
        first, *rest = self.problems
        shown = "；".join(f"{p.where}：{p.message}" for p in rest[:SHOWN])
        more = f"（另有 {len(rest)} 处：{shown}{'等' if len(rest) > SHOWN else ''}）" if rest else ""
        return ParseError(first.message + more, where=first.where, source=source)


#: How many further problems a :class:`ParseError` names after the first.
SHOWN = 9


def _refuse(message: str, where: str = WHERE_ZIP) -> WorkbookError:
    return WorkbookError([Problem("", where, message)])


# --- the package, before anything parses it ----------------------------------------------------


def check_package(data: bytes) -> tuple[zipfile.ZipInfo, ...]:
    """Refuse what is no ``.xlsx`` or would unpack to an absurd size, from the bytes and the zip
    directory (nothing is unpacked); the directory's entries."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data[: 1 << 20] or _ENCRYPTED in data[-(1 << 20) :]:
            msg = "工作簿设有打开密码（已加密），无法读取：请在 Excel 或 WPS 中取消密码后另存为 .xlsx"
        else:
            msg = "这是旧版 Excel（.xls）或其他 OLE 文件，不是 .xlsx：请在 Excel 或 WPS 中另存为 .xlsx"
        raise _refuse(msg, WHERE_START)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = tuple(zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        msg = f"不是有效的 XLSX（zip）文件：{exc}"
        raise _refuse(msg, WHERE_START) from None
    if len(infos) > MAX_ENTRIES:
        msg = f"XLSX 包含 {len(infos)} 个部件，数量异常，拒绝读取"
        raise _refuse(msg)
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > MAX_UNPACKED:
        msg = f"XLSX 解压后共 {unpacked} 字节，超过上限 {MAX_UNPACKED} 字节（疑似 zip 炸弹），拒绝读取"
        raise _refuse(msg)
    if packed and unpacked / packed > MAX_RATIO and unpacked > 1024 * 1024:
        msg = f"XLSX 压缩比为 {unpacked // packed} 倍，超过上限 {MAX_RATIO} 倍（疑似 zip 炸弹），拒绝读取"
        raise _refuse(msg)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        what = "（这是 Word 文档）" if "word/document.xml" in names else ""
        msg = f"XLSX 中没有 xl/workbook.xml，不是 Excel 工作簿{what}"
        raise _refuse(msg)
    return infos


def check_parts(data: bytes, infos: tuple[zipfile.ZipInfo, ...]) -> None:
    """Refuse XML far beyond a report's — more than :data:`MAX_ELEMENTS` elements, more than
    :data:`MAX_CELLS` cells — or holding a DTD (no part of a workbook has one; an entity
    could expand a little text a billionfold), counted as the parts are unpacked, a chunk at a
    time, before openpyxl parses anything."""
    elements = cells = merged = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = info.filename.startswith("xl/worksheets/")
                tail = b""
                with zf.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        window = tail + chunk
                        if _DTD.search(window):
                            msg = f"XLSX 的部件 {info.filename} 含有 DTD 或实体声明，工作簿不应有，拒绝读取"
                            raise _refuse(msg)
                        elements += chunk.count(b"<") - chunk.count(b"</")
                        if sheet:
                            cells += sum(1 for m in _CELL_TAG.finditer(window) if m.end() > len(tail))
                            merged += sum(_span(m) for m in _MERGE.finditer(window) if m.end() > len(tail))
                        if elements > MAX_ELEMENTS:
                            msg = (
                                f"XLSX 的 XML 元素超过 {MAX_ELEMENTS} 个（{info.filename}），不像一份年度报告"
                            )
                            raise _refuse(msg, "全文")
                        if cells > MAX_CELLS:
                            msg = f"XLSX 的单元格超过 {MAX_CELLS} 个，不像一份年度报告"
                            raise _refuse(msg, "全文")
                        if merged > MAX_MERGED:
                            msg = (
                                f"XLSX 的合并单元格共跨 {merged} 行列以上，超过上限 {MAX_MERGED}，"
                                "不像一份年度报告"
                            )
                            raise _refuse(msg, "全文")
                        tail = window[-64:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        msg = f"不是有效的 XLSX（zip）文件：{exc}"
        raise _refuse(msg, WHERE_START) from None


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _span(m: re.Match[bytes]) -> int:
    """Rows plus columns a merged range ``A1:C5`` spans."""
    rows = abs(int(m.group(4)) - int(m.group(2))) + 1
    columns = abs(_column_number(m.group(3)) - _column_number(m.group(1))) + 1
    return rows + columns


# --- opening -------------------------------------------------------------------------------------


class Cell(NamedTuple):
    """A cell as read: its value as openpyxl gives it (text, number, ``bool``, date; for a
    formula ``"=SUM(…)"``), its type (``n``, ``s``, ``f``, ``b``, ``e``, ``d``), its number format,
    and for a formula the result saved with it (``None`` when the file keeps none)."""

    value: Any
    data_type: str
    number_format: str = "General"
    saved: Any = None


@attrs.frozen
class Sheet:
    """A worksheet as read: its title, its cells by ``(row, column)`` (only those the file
    holds), and its merged ranges (``A2:C4``)."""

    title: str
    cells: dict[tuple[int, int], Cell]
    merges: tuple[str, ...] = ()


@attrs.frozen
class Opened:
    """An opened workbook: its worksheets in order, its defined names, and findings about the
    package as a whole (external links)."""

    sheets: dict[str, Sheet]
    names: frozenset[str] = frozenset()
    notes: tuple[Finding, ...] = ()


def open_workbook(data: bytes) -> Opened:
    """The workbook in ``data``, checked, then read: every worksheet's cells, with the saved
    result of each formula (openpyxl alone keeps either the formulas or the results)."""
    infos = check_package(data)
    check_parts(data, infos)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, odd styles: not our concern
            sheets, names = _read_sheets(data)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken package
        msg = f"无法打开工作簿：{type(exc).__name__}: {exc}"
        raise _refuse(msg, WHERE_START) from None
    links = sorted(
        i.filename for i in infos if i.filename.startswith("xl/externalLinks/") and "_rels" not in i.filename
    )
    notes: tuple[Finding, ...] = ()
    if links:
        shown = "、".join(links[:3]) + ("等" if len(links) > 3 else "")
        message = (
            f"工作簿含有 {len(links)} 个指向其他文件的外部链接（{shown}），未读取、未跟随；"
            "引用它们的公式按保存的计算结果读入"
        )
        notes = (finding("parse.workbook_layout", "", message),)
    return Opened(sheets, names, notes)


#: The parts of a worksheet that come after its merged cells (ECMA-376, CT_Worksheet): reading
#: stops at the first of them.
_AFTER_MERGES = (
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions",
    "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
    "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
    "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip


def _read_sheets(data: bytes) -> tuple[dict[str, Sheet], frozenset[str]]:
    """Every worksheet's cells and merged ranges, and the workbook's defined names.

    The package's few small parts — the workbook's sheets and names, the relationships, the
    shared strings, the number formats of the cell styles — are read here with lxml; each
    sheet's rows with openpyxl's sheet parser, which keeps here each formula's saved result
    beside the formula (openpyxl alone keeps one or the other) and stops at the sheet's merged
    cells (validations, print setup … are never parsed). No workbook object, no style objects,
    no merged-cell borders are made. Texts are as the file holds them, OOXML's ``_xHHHH_``
    escapes undone once."""
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format  # noqa: PLC0415
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900  # noqa: PLC0415
    from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415 - only when a workbook is read
    from openpyxl.xml.functions import iterparse  # noqa: PLC0415

    row_tag, merge_tag = f"{_MAIN}row", f"{_MAIN}mergeCells"
    value_tag, formula_tag = f"{_MAIN}v", f"{_MAIN}f"
    after = frozenset(f"{_MAIN}{tag}" for tag in _AFTER_MERGES)

    class Parser(WorkSheetParser):  # type: ignore[misc]
        merges: tuple[str, ...] = ()

        def parse(self) -> Any:
            for event, element in iterparse(self.source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag in after:
                        return  # nothing read comes later
                elif tag == row_tag:
                    yield self.parse_row(element)
                    element.clear()
                elif tag == merge_tag:
                    self.merges = tuple(m.get("ref", "") for m in element)
                    element.clear()

        def parse_cell(self, element: Any) -> Any:
            cell = super().parse_cell(element)
            if element.find(formula_tag) is not None:
                cell["saved"] = _saved(element.get("t", "n"), element.findtext(value_tag))
            return cell

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        book = _xml(zf.read("xl/workbook.xml"))
        rels = _relationships(zf, names, "xl/_rels/workbook.xml.rels", "xl")
        shared = next(
            (
                _shared_strings(zf.read(target))
                for kind, target in rels.values()
                if kind == "sharedStrings" and target in names
            ),
            [],
        )
        styles = next(
            (target for kind, target in rels.values() if kind == "styles" and target in names), None
        )
        formats = _number_formats(zf.read(styles)) if styles is not None else []
        dates = {i for i, f in enumerate(formats) if is_date_format(f)}
        timedeltas = {i for i, f in enumerate(formats) if is_timedelta_format(f)}
        properties = book.find(f"{_MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "") in ("1", "true")
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        defined = frozenset(n.get("name", "") for n in book.iter(f"{_MAIN}definedName"))
        sheets: dict[str, Sheet] = {}
        for entry in book.iter(f"{_MAIN}sheet"):
            kind, part = rels.get(entry.get(f"{_REL}id", ""), ("", ""))
            if kind != "worksheet" or part not in names:
                continue  # a chart sheet, or a sheet the package does not hold
            title = entry.get("name", "")
            with zf.open(part) as source:
                parser = Parser(
                    source,
                    shared,
                    data_only=False,
                    epoch=epoch,
                    date_formats=dates,
                    timedelta_formats=timedeltas,
                )
                cells: dict[tuple[int, int], Cell] = {}
                for _, row in parser.parse():
                    for c in row:
                        value, data_type, style = c["value"], c["data_type"], c["style_id"]
                        if data_type == "s" and isinstance(value, str):
                            value = unescape(value)
                        saved = c.get("saved")
                        if isinstance(saved, str):
                            saved = unescape(saved)
                        number_format = formats[style] if 0 <= style < len(formats) else "General"
                        cells[(c["row"], c["column"])] = Cell(value, data_type, number_format, saved)
            sheets[title] = Sheet(title, cells, parser.merges)
    return sheets, defined


def _relationships(
    zf: zipfile.ZipFile, names: set[str], part: str, folder: str
) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (the type's last word, the target's path in the package)."""
    if part not in names:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in _xml(zf.read(part)).iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return out


def _shared_strings(xml: bytes) -> list[str]:
    """The shared strings, each the text of its runs (phonetic guides left out), as held."""
    root = _xml(xml)
    text, run = f"{_MAIN}t", f"{_MAIN}r"
    out: list[str] = []
    for si in root.iter(f"{_MAIN}si"):
        out.append(
            "".join(t.text or "" for child in si if child.tag in (text, run) for t in child.iter(text))
        )
    return out


def _number_formats(xml: bytes) -> list[str]:
    """The number format of each cell style (``cellXfs``), by its index."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS  # noqa: PLC0415

    root = _xml(xml)
    custom = {f.get("numFmtId", ""): f.get("formatCode", "General") for f in root.iter(f"{_MAIN}numFmt")}
    out: list[str] = []
    xfs = root.find(f"{_MAIN}cellXfs")
    for xf in () if xfs is None else xfs.iterfind(f"{_MAIN}xf"):
        number = xf.get("numFmtId", "0")
        builtin = BUILTIN_FORMATS.get(int(number)) if number.isdigit() else None
        out.append(custom.get(number) or builtin or "General")
    return out


def _xml(data: bytes) -> Any:
    """An XML part (no DTD: refused before), parsed with no entity resolved, nothing fetched."""
    import lxml.etree  # noqa: PLC0415 - only when a workbook is read

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    return lxml.etree.fromstring(data, parser=parser)


class SavedError(NamedTuple):
    """A formula whose saved result is an error value (``#DIV/0!``)."""

    code: str


def _saved(kind: str, raw: str | None) -> Any:
    if raw is None or (raw == "" and kind not in ("str", "inlineStr")):
        return None
    if kind in ("str", "inlineStr"):
        return raw
    if kind == "b":
        return raw.strip() == "1"
    if kind == "e":
        return SavedError(raw)
    try:
        number = Decimal(raw.strip())
    except ArithmeticError:
        return raw
    if not number.is_finite():
        return raw
    if number == number.to_integral_value() and abs(number) < 2**53:
        return int(number)
    return float(raw)


# --- cells -----------------------------------------------------------------------------------------


def is_formula(cell: Any) -> bool:
    """Whether an openpyxl cell holds a formula."""
    return cell is not None and cell.data_type == "f"


def formula_text(cell: Any) -> str:
    """The formula of a cell, without ``=`` (an array formula's text)."""
    value = cell.value
    text = value if isinstance(value, str) else getattr(value, "text", None) or ""
    return text[1:] if text.startswith("=") else text


def _normal_formula(text: str) -> str:
    return text.replace("$", "").replace(" ", "").upper().lstrip("=")


def plain_number(value: int | float | Decimal) -> str:
    """A number as a cell shows it in the general format, in plain digits: ``12.5``, ``3``."""
    if isinstance(value, float):
        if value == int(value) and abs(value) < 2**53:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def cell_text(value: Any) -> str:
    """The text of a cell's value: text as it is, a number in plain digits, a date as
    ``2024-12-31``, ``TRUE``/``FALSE``, an error value as its code."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return plain_number(value)
    if isinstance(value, SavedError):
        return value.code
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        text: str = iso()
        return text.removesuffix("T00:00:00")
    return str(value)


_PLAIN_INTEGER = re.compile(r"[0-9]+")
_SIGNED_INTEGER = re.compile(r"-?[0-9]+")
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_FULL_WIDTH = re.compile("[０-９．－]")
_PLACES = re.compile(r"0\.(0+)")


class _Reading(NamedTuple):
    value: Any
    problem: str | None = None
    note: str | None = None


def _number(kind: spec.ValueKind, value: Any, number_format: str = "General") -> _Reading:
    """A value cell's content as the value of ``kind``: the value, or why not, and what was
    interpreted."""
    if value is None:
        return _Reading(Decimal(0) if kind == "fee" else 0, note="为空，按 0 读入")
    if isinstance(value, SavedError):
        return _Reading(None, problem=f"是错误值 {value.code}，不是数字")
    if kind == "amount":
        return _Reading(plain_number(value) if isinstance(value, float) else value)
    if isinstance(value, str):
        return _text_number(kind, value)
    if kind == "fee":
        fee = v.to_fee(value)
        if isinstance(fee, str):
            return _Reading(None, problem=fee)
        return _Reading(_with_places(fee, number_format))
    if isinstance(value, float) and value == int(value) and abs(value) < 2**53:
        value = int(value)  # a spreadsheet's numbers are floating point: 3.0 is the count 3
    problem = v.check_signed(value) if kind == "signed" else v.check_count(value)
    return _Reading(value, problem=problem)


def _text_number(kind: spec.ValueKind, text: str) -> _Reading:
    plain = text.strip(v.WHITESPACE)
    pattern = {"fee": _PLAIN_DECIMAL, "signed": _SIGNED_INTEGER}.get(kind, _PLAIN_INTEGER)
    if pattern.fullmatch(plain):
        number: Any = Decimal(plain) if kind == "fee" else int(plain)
        problem = v.check_fee(number) if kind == "fee" else None
        if problem is not None:
            return _Reading(None, problem=problem)
        return _Reading(number, note=f"是文本形式的数字“{plain}”，按数字 {plain_number(number)} 读入")
    hint = "：请用半角数字" if _FULL_WIDTH.search(plain) else ""
    if kind == "fee":
        return _Reading(None, problem=f"应为非负金额（万元），收到文本“{text}”{hint}")
    what = "应为整数（减少写负数）" if kind == "signed" else "应为非负整数"
    return _Reading(None, problem=f"{what}，收到文本“{text}”{hint}")


def _with_places(fee: Decimal, number_format: str) -> Decimal:
    """A fee with the decimal places its cell shows (``0.00`` → ``12.50``), never fewer than
    it has."""
    found = _PLACES.fullmatch(number_format.strip())
    if found is None:
        return fee
    places = len(found.group(1))
    exponent = fee.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < places:
        return fee.quantize(Decimal(1).scaleb(-places))
    return fee


# --- this library's workbook ----------------------------------------------------------------------


def is_own(opened: Opened) -> bool:
    """Whether the workbook is one this library wrote: its hidden defined name, or a
    ``基本信息`` sheet holding the mark of this library beside its label."""
    if wl.MARKER in opened.names:
        return True
    info = opened.sheets.get(wl.INFO_SHEET)
    if info is None:
        return False
    mark = _value(info, wl.MARKER_ROW, 2)
    return isinstance(mark, str) and mark.strip() == wl.MARKER


def _value(sheet: Sheet, row: int, column: int) -> Any:
    cell = sheet.cells.get((row, column))
    return None if cell is None else cell.value


def _cell(sheet: Sheet, row: int, column: int) -> Cell | None:
    return sheet.cells.get((row, column))


@functools.lru_cache(maxsize=4096)
def _labels(fmt: spec.Format, path: str) -> str:
    return spec.join_labels(fmt.label_path(path))


class _Read:
    """The state of reading one workbook of ours."""

    def __init__(self, opened: Opened, fmt: spec.Format) -> None:
        self.opened = opened
        self.fmt = fmt
        self.problems: list[Problem] = []
        self.notes: list[Finding] = list(opened.notes)
        self.data: dict[str, Any] = {}
        #: path → (sheet!cell), for messages made after reading
        self.places: dict[str, str] = {}
        #: formula totals with the result saved with them: path → (place, saved)
        self.saved: dict[str, tuple[str, Any]] = {}
        self.tables: dict[str, str] = {}

    def labels(self, path: str) -> str:
        return _labels(self.fmt, path)

    def problem(self, path: str, where: str, message: str) -> None:
        self.problems.append(Problem(path, where, message))

    def note(self, rule: str, path: str, message: str) -> None:
        self.notes.append(finding(rule, path, message))


def read_own(
    opened: Opened, *, strict: bool = True, source: str | None = None
) -> tuple[Report, tuple[Finding, ...], dict[str, str]]:
    """The report in a workbook of ours, the reading findings, and the sheet of each table;
    :class:`WorkbookError` listing every cell that cannot be read."""
    info = opened.sheets.get(wl.INFO_SHEET)
    if info is None:
        msg = f"没有工作表“{wl.INFO_SHEET}”（报告机关、年度、标题）：它被删除或改了名"
        raise _refuse(msg, WHERE_BOOK)
    fmt = _format(info)
    state = _Read(opened, fmt)
    data = state.data
    data[FORMAT_KEY] = fmt.id
    _info(state, info)
    for table in fmt.tables:
        _table(state, table)
    _text(state)
    if state.problems:
        raise WorkbookError(state.problems)
    try:
        report = from_dict(_nest(data), strict=strict, source=source)
    except InputError as exc:
        raise WorkbookError(
            Problem(path, _place(state, path), message) for path, message in exc.errors
        ) from None
    _stale(state, report)
    return report, tuple(state.notes), state.tables


def _place(state: _Read, path: str) -> str:
    """The cell of ``path``, or the sheet its value was read from."""
    if path in state.places:
        return state.places[path]
    head, _, rest = path.partition(".")
    if head == "preamble" or rest.startswith(("paragraphs", "subsections")):
        return wl.TEXT_SHEET
    return WHERE_BOOK


def _format(info: Sheet) -> spec.Format:
    where = f"{wl.INFO_SHEET}!{wl.address(wl.FORMAT_ROW, 2)}"
    raw = _value(info, wl.FORMAT_ROW, 2)
    format_id = cell_text(raw).strip()
    if not format_id:
        return spec.get_format(spec.DEFAULT_FORMAT)
    try:
        return spec.get_format(format_id)
    except KeyError as exc:
        raise _refuse(str(exc.args[0]), where) from None


def _info(state: _Read, info: Sheet) -> None:
    for row, key in enumerate(wl.INFO_KEYS, start=1):
        where = f"{wl.INFO_SHEET}!{wl.address(row, 2)}"
        state.places[key] = where
        raw = _value(info, row, 2)
        label = state.labels(key)
        if key == "year":
            year = _year(raw)
            problem = v.check_year(year)
            if problem is not None:
                state.problem(key, where, f"“{label}”{problem}")
            state.data[key] = year
            continue
        cell = _cell(info, row, 2)
        if cell is not None and is_formula(cell):
            raw = cell.saved
        text = cell_text(raw).strip(v.WHITESPACE)
        state.data[key] = (text or None) if key == "title" else text


def _year(raw: Any) -> Any:
    if isinstance(raw, float) and raw == int(raw):
        return int(raw)
    if isinstance(raw, str) and _PLAIN_INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    return raw


def _table(state: _Read, table: spec.TableSpec) -> None:
    name = wl.sheet_name(table.name)
    sheet = state.opened.sheets.get(name)
    if sheet is None:
        state.problem(table.key, WHERE_BOOK, f"没有工作表“{name}”（{table.caption}）：它被删除或改了名")
        return
    layout = _match(state, sheet, table)
    if layout is None:
        return
    state.tables[table.key] = f"工作表“{name}”"
    _merges(state, sheet, layout)
    for cell in layout.values:
        _value_cell(state, sheet, layout, cell)
    _rows_of_totals(state, layout)
    _outside(state, sheet, layout)


def _match(state: _Read, sheet: Sheet, table: spec.TableSpec) -> wl.SheetLayout | None:
    """The layout whose labels the sheet holds (its shape: optional rows left out or not), or
    a problem at the first label of the closest one that is not in its place."""
    best: tuple[int, wl.SheetLayout, wl.LabelCell, str] | None = None
    for shape in wl.shapes(table):
        layout = wl.sheet_layout(table, shape)
        first: tuple[wl.LabelCell, str] | None = None
        matched = 0
        for label in layout.labels:
            found = cell_text(_value(sheet, label.row, label.column)).strip()
            if found == label.text:
                matched += 1
            elif first is None:
                first = (label, found)
        if first is None:
            return layout
        if best is None or matched > best[0]:
            best = (matched, layout, *first)
    assert best is not None  # noqa: S101 - every table has a plain shape
    _, layout, label, found = best
    shown = f"“{found}”" if found else "空的"
    state.problem(
        table.key,
        f"{layout.sheet}!{label.address}",
        f"应为“{label.text}”，而工作表中是{shown}：{table.name}被移动，或插入、删除了行或列，无法按位置读取",
    )
    return None


def _merges(state: _Read, sheet: Sheet, layout: wl.SheetLayout) -> None:
    present = set(sheet.merges)
    broken = [r for r in layout.merges if r not in present]
    if broken:
        shown = "、".join(f"{layout.sheet}!{r}" for r in broken[:5]) + ("等" if len(broken) > 5 else "")
        state.note(
            "parse.workbook_layout",
            layout.table.key,
            f"{len(broken)} 处合并单元格被拆开（{shown}），按原位置读入，不影响读取",
        )


def _content(cell: Cell | None) -> tuple[Any, str | None]:
    """What a cell holds for reading — its value, the saved result of its formula, or an error
    value — and its formula (``None`` when it holds none)."""
    if cell is None:
        return None, None
    if is_formula(cell):
        return cell.saved, formula_text(cell)
    if cell.data_type == "e":
        return SavedError(str(cell.value)), None
    return cell.value, None


def _value_cell(state: _Read, sheet: Sheet, layout: wl.SheetLayout, spot: wl.ValueCell) -> None:
    where = f"{layout.sheet}!{spot.address}"
    path = spot.path
    labels = state.labels(path)
    state.places[path] = where
    cell = _cell(sheet, spot.row, spot.column)
    value, formula = _content(cell)
    number_format = "General" if cell is None else str(cell.number_format)
    if (
        spot.is_total
        and formula is not None
        and _normal_formula(formula) == _normal_formula(spot.formula or "")
    ):
        state.saved[path] = (where, value)
        return  # the model computes it
    if spot.is_total and formula is None and value is None:
        state.note("parse.total_replaced", path, f"{where}“{labels}”的公式被删除，按各项之和计算")
        return
    if formula is not None and value is None:
        state.problem(
            path,
            where,
            f"“{labels}”是公式“={formula}”，文件中没有保存它的计算结果，本程序不计算公式："
            "请填写数字，或在 Excel、WPS 中打开后保存一次",
        )
        return
    reading = _number(spot.kind, value, number_format)
    if reading.problem is not None:
        state.problem(path, where, f"“{labels}”{reading.problem}")
        return
    shown = cell_text(reading.value)
    if formula is not None:
        changed = (
            f"的公式被改为“={formula}”（原为“={spot.formula}”）" if spot.is_total else f"是公式“={formula}”"
        )
        state.note(
            "parse.formula",
            path,
            f"{where}“{labels}”{changed}，按其保存的计算结果 {shown} 读入（本程序不计算公式）",
        )
    elif reading.note is not None:
        rule = "parse.blank_cell" if value is None else "parse.number_format"
        state.note(rule, path, f"{where}“{labels}”{reading.note}")
    if spot.is_total and formula is None:
        state.note(
            "parse.total_replaced",
            path,
            f"{where}“{labels}”的公式“={spot.formula}”被改为数字 {shown}，"
            "按所填读入（不再自动计算），并核对勾稽关系",
        )
    state.data[path] = reading.value


def _rows_of_totals(state: _Read, layout: wl.SheetLayout) -> None:
    """A row of totals only (表三's （七）总计) is one value of the model, computed whole when
    left out: when some of its totals were typed over, it is given whole — the typed totals as
    given, the others as their formulas add up. A total beside leaves is left out alone: its row
    computes it."""
    groups: dict[str, list[wl.ValueCell]] = {}
    for cell in layout.values:
        groups.setdefault(cell.path.rpartition(".")[0], []).append(cell)
    data = state.data
    for cells in groups.values():
        if not all(c.is_total for c in cells):
            continue
        given = [c for c in cells if c.path in data]
        if not given or len(given) == len(cells):
            continue
        for c in cells:
            if c.path not in data:
                data[c.path] = _sum_of(layout, data, c.path)


def _sum_of(layout: wl.SheetLayout, data: dict[str, Any], path: str) -> Any:
    if path in data:
        return data[path]
    cell = layout.by_path[path]
    values = [_sum_of(layout, data, p) for p in cell.parts]
    return sum(values[1:], values[0]) if values else 0


def _outside(state: _Read, sheet: Sheet, layout: wl.SheetLayout) -> None:
    """Numbers and text typed outside the table: named, not read."""
    covered = layout.covered
    stray = [
        (row, column, cell)
        for (row, column), cell in sorted(sheet.cells.items())
        if (row, column) not in covered and cell.value is not None and cell_text(cell.value).strip()
    ]
    if not stray:
        return
    shown = "、".join(
        f"{layout.sheet}!{wl.address(r, c)}“{cell_text(cell.value)[:20]}”" for r, c, cell in stray[:5]
    )
    state.note(
        "parse.extra_number",
        layout.table.key,
        f"{layout.table.name}之外有 {len(stray)} 格有内容（{shown}{'等' if len(stray) > 5 else ''}），"
        "不属于任何一格，未读入",
    )


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    """Dotted paths → nested mappings (the dict contract)."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        node = out
        *heads, last = path.split(".")
        for head in heads:
            node = node.setdefault(head, {})
        node[last] = value
    return out


# --- totals --------------------------------------------------------------------------------------


def _stale(state: _Read, report: Report) -> None:
    """A total whose saved result is not what its parts add up to: the workbook was saved
    without recalculating. The total is the sum (the model's), the saved result named."""
    for path, (where, saved) in state.saved.items():
        if saved is None:
            continue
        derived = value_at(report, path)
        same = isinstance(saved, (int, float)) and not isinstance(saved, bool) and saved == derived
        if not same:
            state.note(
                "parse.stale_total",
                path,
                f"{where}“{state.labels(path)}”保存的计算结果为 {cell_text(saved)}，"
                f"而按各项计算为 {cell_text(derived)}"
                f"（文件保存时未重新计算），按 {cell_text(derived)} 读入",
            )


# --- 正文 ------------------------------------------------------------------------------------------


def _text(state: _Read) -> None:
    """正文: each row's part (column A, or the part of the row above), subsection number and
    title (B, C) and paragraph (D; a cell of several lines is several paragraphs)."""
    fmt = state.fmt
    sheet = state.opened.sheets.get(wl.TEXT_SHEET)
    if sheet is None:
        state.problem("", WHERE_BOOK, f"没有工作表“{wl.TEXT_SHEET}”（前言和各部分的文字）：它被删除或改了名")
        return
    parts = wl.text_parts(fmt)
    names = dict(parts)
    by_text: dict[str, str | None] = {text: key for key, text in parts}
    for section in fmt.sections:
        by_text.setdefault(section.numeral, section.key)
    narrative = set(fmt.narrative_keys())
    paragraphs: dict[str | None, list[str]] = {key: [] for key, _ in parts}
    subsections: dict[str, list[dict[str, Any]]] = {key: [] for key in narrative}
    numbers: dict[str, str] = {}
    rows: dict[int, dict[int, Cell]] = {}
    for (row, column), cell in sheet.cells.items():
        if row > 1 and 1 <= column <= 4:
            rows.setdefault(row, {})[column] = cell
    current: str | None = None
    for row in sorted(rows):
        cells = rows[row]
        part, number, title, body = (
            _text_of(state, cells.get(c), row, c).strip(v.WHITESPACE) for c in range(1, 5)
        )
        if not (part or number or title or body):
            continue
        if part:
            if part not in by_text:
                state.problem(
                    "",
                    f"{wl.TEXT_SHEET}!{wl.address(row, 1)}",
                    f"“{part}”不是“{parts[0][1]}”或某一部分的标题（如“{fmt.sections[0].heading}”）",
                )
                continue
            current = by_text[part]
        lines = [line for line in re.split(f"[{v.LINE_BREAKS}]", body) if line.strip(v.WHITESPACE)]
        if current in narrative and current is not None:
            if number or title:
                _subsection(state, subsections[current], numbers, current, (number, title), lines, row)
            elif subsections[current]:
                subsections[current][-1]["paragraphs"].extend(lines)
            else:
                paragraphs[current].extend(lines)
            continue
        if number or title:
            state.problem(
                "",
                f"{wl.TEXT_SHEET}!{wl.address(row, 2 if number else 3)}",
                f"“{names[current]}”没有小节，小节编号和小节标题应留空",
            )
            continue
        paragraphs[current].extend(lines)
    state.data["preamble"] = paragraphs[None]
    for section in fmt.sections:
        state.data[f"{section.key}.paragraphs"] = paragraphs[section.key]
        if section.key in narrative:
            state.data[f"{section.key}.subsections"] = subsections[section.key]


def _subsection(  # noqa: PLR0917 - the state of one 正文 row
    state: _Read,
    subsections: list[dict[str, Any]],
    numbers: dict[str, str],
    key: str,
    heading: tuple[str, str],
    lines: list[str],
    row: int,
) -> None:
    """A row naming a subsection: the same number (or, without one, the same title) as the
    row above continues its subsection; another starts a new one, which needs a title."""
    number, title = heading
    last = subsections[-1] if subsections else None
    if (
        last is not None
        and (not title or title == last["title"])
        and (not number or number == numbers.get(key))
    ):
        last["paragraphs"].extend(lines)
        return
    if not title:
        state.problem(
            f"{key}.subsections",
            f"{wl.TEXT_SHEET}!{wl.address(row, 3)}",
            f"小节“{number}”没有{state.fmt.label_path(f'{key}.subsections.0.title')[-1]}",
        )
        return
    numbers[key] = number
    subsections.append({"title": title, "paragraphs": list(lines)})


def _text_of(state: _Read, cell: Cell | None, row: int, column: int) -> str:
    if cell is None or cell.value is None:
        return ""
    if is_formula(cell):
        saved = cell.saved
        where = f"{wl.TEXT_SHEET}!{wl.address(row, column)}"
        if saved is None:
            state.problem(
                "",
                where,
                f"是公式“={formula_text(cell)}”，文件中没有保存它的计算结果，本程序不计算公式：请填写文字",
            )
            return ""
        state.note(
            "parse.formula",
            "",
            f"{where}是公式“={formula_text(cell)}”，按其保存的结果读入（本程序不计算公式）",
        )
        return cell_text(saved)
    return cell_text(cell.value)


_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """Text as a cell of OOXML holds it: a ``_xHHHH_`` that is text, not an escape, has its
    ``_`` written ``_x005F_``, so that Excel and LibreOffice show it as typed."""
    return _ESCAPED.sub(r"_x005F_x\1_", text) if "_x" in text else text


def unescape(text: str) -> str:
    """The text of a cell: OOXML's ``_xHHHH_`` escapes (``_x000D_``, ``_x005F_``) read back."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# --- gd.load ---------------------------------------------------------------------------------------


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a workbook file: a regular file of at most :data:`MAX_BYTES`."""
    p = Path(path)
    info = p.stat()
    if not stat.S_ISREG(info.st_mode):
        msg = "这不是普通文件（而是目录、设备、管道或套接字），不读取"
        raise _refuse(msg, "文件")
    if info.st_size > MAX_BYTES:
        msg = f"文件有 {info.st_size} 字节，超过上限 {MAX_BYTES} 字节"
        raise _refuse(msg, "文件")
    with p.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        msg = f"文件有 {len(data)} 字节以上，超过上限 {MAX_BYTES} 字节"
        raise _refuse(msg, "文件")
    return data


def load(path: str | os.PathLike[str], *, strict: bool = True) -> Report:
    """A report from a workbook this library wrote (``gd.load("2025.xlsx")``). The reading
    findings (a total saved without recalculating, a formula read by its saved result …) are
    what :func:`gov_disclosure.parse` adds to its findings; here they are not kept."""
    source = str(path)
    try:
        opened = open_workbook(read_bytes(path))
        if not is_own(opened):
            msg = (
                f"这个工作簿不是本程序生成的（没有“{wl.INFO_SHEET}”工作表和程序标记），不能按数据读取："
                "请用 gov_disclosure.parse() 或 gov-disclosure check/parse 按文档读取"
            )
            raise _refuse(msg, WHERE_BOOK)
        report, _, _ = read_own(opened, strict=strict, source=source)
    except WorkbookError as exc:
        raise exc.input_error(source) from None
    return report
