"""The clerk's workbook: written from the format's description, read back exactly by its cells;
other workbooks laid out as the official tables read through the engine; bad workbooks refused
with the sheet and the cell."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.io import workbook as wl
from gov_disclosure.io import xlsx as io_xlsx
from gov_disclosure.model import value_at
from tests import strategies as S
from tests.test_model import minimal_dict


def _report() -> gd.Report:
    return S.distinct_report()


def _bytes(report: gd.Report, **options: Any) -> bytes:
    data = gd.render(report, "xlsx", **options)
    assert isinstance(data, bytes)
    return data


def _write(tmp_path: Path, data: bytes, name: str = "r.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _book(data: bytes) -> Any:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def _save(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """The workbook with ``change`` made to it in openpyxl, as a clerk's edit would."""
    book = _book(data)
    change(book)
    return _save(book)


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The package with each part passed through ``change`` (``None`` drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = change(info.filename, src.read(info.filename))
            if part is not None:
                dst.writestr(info.filename, part)
    return out.getvalue()


def _place(path: str) -> tuple[str, str]:
    """The sheet and cell of a value path in the plain layout."""
    fmt = spec.FORMAT_2021
    table = fmt.table(path.split(".", maxsplit=1)[0])
    cell = wl.sheet_layout(table).by_path[path]
    return wl.sheet_name(table.name), cell.address


def _load_errors(tmp_path: Path, data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(gd.InputError) as info:
        gd.load(_write(tmp_path, data))
    return info.value.errors


def _parse_error(data: bytes) -> gd.ParseError:
    with pytest.raises(gd.ParseError) as info:
        gd.parse(data, "xlsx")
    return info.value


NEW = "applications.new.commercial"
NEW_TOTAL = "applications.new.total"
OUTCOME_TOTAL = "applications.total.natural_person"


# --- round trips -------------------------------------------------------------------------------------


def test_the_example_reads_back_exactly(tmp_path: Path, example: gd.Report) -> None:
    """load(render(r, "xlsx")) == r, and parse finds no more than check does."""
    data = _bytes(example)
    assert gd.load(_write(tmp_path, data)) == example
    result = gd.parse(data)
    assert (result.format, result.report, result.findings) == ("xlsx", example, tuple(gd.check(example)))
    assert result.tables == {t.key: f"工作表“{t.name}”" for t in spec.FORMAT_2021.tables}


@settings(max_examples=20)
@given(report=S.reports())
@example(
    report=attrs.evolve(
        S.distinct_report(),
        preamble=("=1+1", "=SUM(A1:A3)", "0012", "12.50", "#N/A", "TRUE", "_x0041_ 与 _x005F_", "2024-01-01"),
    )
)
def test_any_report_reads_back_exactly(report: gd.Report) -> None:
    """Generated reports, hard text included: a paragraph ``=…`` stays text, never a formula;
    ``0012`` and ``12.50`` stay as typed; OOXML's ``_xHHHH_`` escapes are text."""
    from gov_disclosure.parse.xlsx import build

    data = _bytes(report, force=True)
    built = build(data)
    assert built.report == report
    assert [f.rule for f in built.findings if f.rule != "parse.total_replaced"] == []


def test_a_paragraph_starting_with_equals_is_text_in_the_file() -> None:
    """The cell of ``=1+1`` is a text cell (``t="inlineStr"``), not a formula."""
    report = attrs.evolve(_report(), preamble=("=1+1",))
    sheet = _book(_bytes(report))[wl.TEXT_SHEET]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_fees_keep_their_places(tmp_path: Path) -> None:
    """A fee of ``12.50`` comes back as ``12.50`` (its cell's number format shows two places)."""
    data = minimal_dict()
    data["active_disclosure"]["fees"] = "12.50"
    report = gd.from_dict(data)
    back = gd.load(_write(tmp_path, _bytes(report)))
    assert str(back.active_disclosure.fees) == "12.50"


def _published() -> list[Any]:
    from tests.test_corpus import _reports

    return _reports()


@pytest.mark.parametrize("source", _published())
def test_a_published_report_gets_its_workbook(source: Path) -> None:
    """A reviewer's case: a published report as parsed (wrong totals as printed, with force)
    written to a workbook reads back as the same report; the only reading finding is a total
    kept as printed where it is not the sum of its parts."""
    report = gd.parse(source).report
    back = gd.parse(_bytes(report, force=True))
    assert back.report == report
    assert {f.rule for f in back.reading_findings} <= {"parse.total_replaced"}
    if any(f.severity == "error" for f in gd.check(report)):
        assert back.reading_findings
    else:
        assert back.reading_findings == ()


def test_a_forced_report_keeps_its_wrong_totals(tmp_path: Path) -> None:
    """A published report printed with a wrong total (rendered with force) keeps the total as
    printed: a number in the cell, not a formula; reading says so, and check names it."""
    data = gd.to_dict(_report())
    data["applications"]["new"]["total"] += 1
    report = gd.from_dict(data, strict=False)
    workbook = _bytes(report, force=True)
    sheet, cell = _place(NEW_TOTAL)
    assert _book(workbook)[sheet][cell].data_type == "n"
    result = gd.parse(workbook)
    assert result.report == report
    assert {"parse.total_replaced", "table3.row_total"} <= {f.rule for f in result.findings}


def test_output_is_deterministic_and_writes_no_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same report gives the same bytes; nothing is written to the disk meanwhile."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        msg = "a temporary file"
        raise AssertionError(msg)

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    report = _report()
    assert _bytes(report) == _bytes(report)
    with zipfile.ZipFile(io.BytesIO(_bytes(report))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_import_does_not_load_openpyxl() -> None:
    """``import gov_disclosure`` and a render of another format load no openpyxl."""
    import subprocess
    import sys

    code = (
        "import sys, gov_disclosure as gd\n"
        "from tests.test_model import minimal_dict\n"
        "gd.render(gd.from_dict(minimal_dict()), 'html')\n"
        "assert 'openpyxl' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# --- the workbook as laid out -----------------------------------------------------------------------


def test_a_sheet_per_table_named_by_the_format() -> None:
    book = _book(_bytes(_report()))
    names = [wl.INFO_SHEET, *(t.name for t in spec.FORMAT_2021.tables), wl.TEXT_SHEET]
    assert book.sheetnames == names


def test_tables_are_the_official_grids_with_their_merges() -> None:
    """Every label of each grid in its place, every merge of the grid a merged range."""
    book = _book(_bytes(_report()))
    for table in spec.FORMAT_2021.tables:
        layout = wl.sheet_layout(table)
        sheet = book[table.name]
        assert sheet.cell(wl.CAPTION_ROW, 1).value == table.caption
        for label in layout.labels:
            assert sheet.cell(label.row, label.column).value == label.text
        assert {str(r) for r in sheet.merged_cells.ranges} == set(layout.merges)


def test_totals_are_locked_formulas_and_leaves_unlocked_with_validation() -> None:
    """A total holds =SUM(…) of its parts and is locked; a leaf is unlocked, validated as a
    whole number ≥ 0, and its input message names its official label; the sheet is protected
    without a password."""
    book = _book(_bytes(_report()))
    sheet_name, total_at = _place(NEW_TOTAL)
    sheet = book[sheet_name]
    total = sheet[total_at]
    parts = [_place(f"applications.new.{k}")[1] for k in spec.APPLICANT_KEYS]
    assert (total.value, total.protection.locked) == (f"=SUM({parts[0]}:{parts[-1]})", True)
    _, leaf_at = _place(NEW)
    leaf = sheet[leaf_at]
    assert leaf.protection.locked is False
    (validation,) = [dv for dv in sheet.data_validations.dataValidation if leaf_at in str(dv.sqref)]
    assert (validation.type, validation.operator, validation.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert spec.join_labels(spec.label_path(NEW)) in validation.prompt
    assert (sheet.protection.sheet, sheet.protection.password) == (True, None)
    _, outcome = _place(OUTCOME_TOTAL)
    assert sheet[outcome].value.startswith("=SUM(")


def test_the_fee_is_validated_as_a_decimal_of_six_places() -> None:
    book = _book(_bytes(_report()))
    sheet_name, at = _place("active_disclosure.fees")
    (validation,) = [dv for dv in book[sheet_name].data_validations.dataValidation if at in str(dv.sqref)]
    assert (validation.type, validation.formula1) == (
        "custom",
        f"AND(ISNUMBER({at}),{at}>=0,ROUND({at},6)={at})",
    )


def test_every_sheet_prints_on_a4_one_page_wide_with_its_headings_repeated() -> None:
    book = _book(_bytes(_report()))
    for table in spec.FORMAT_2021.tables:
        sheet = book[table.name]
        layout = wl.sheet_layout(table)
        assert (sheet.page_setup.paperSize, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (
            9,
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == f"$1:${layout.header_end}"


def test_info_sheet_and_marker() -> None:
    """基本信息 holds agency, year, the title (empty when it is the default), the format's id;
    a hidden defined name marks the workbook."""
    book = _book(_bytes(_report()))
    info = book[wl.INFO_SHEET]
    report = _report()
    assert [info.cell(r, 2).value for r in range(1, 6)] == [
        report.agency,
        report.year,
        None,
        "2021",
        wl.MARKER,
    ]
    assert wl.MARKER in book.defined_names
    assert book.defined_names[wl.MARKER].hidden is True


def test_text_sheet_one_row_per_paragraph() -> None:
    report = gd.from_dict(
        {
            **minimal_dict(),
            "preamble": ["前言一。"],
            "overview": {
                "paragraphs": ["概述。"],
                "subsections": [
                    {"title": "同名", "paragraphs": ["甲。", "乙。"]},
                    {"title": "同名", "paragraphs": []},
                ],
            },
        }
    )
    sheet = _book(_bytes(report))[wl.TEXT_SHEET]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=1, max_row=6, max_col=4)]
    heading = spec.SECTIONS[0].heading
    assert rows == [
        wl.text_columns(spec.FORMAT_2021),
        ("前言", None, None, "前言一。"),
        (heading, None, None, "概述。"),
        (heading, "（一）", "同名", "甲。"),
        (heading, "（一）", None, "乙。"),
        (heading, "（二）", "同名", None),
    ]


# --- a clerk's edits ----------------------------------------------------------------------------------


def test_typed_leaves_update_and_totals_are_derived(tmp_path: Path) -> None:
    """The clerk types leaves; the totals (still formulas) are computed from them."""
    report = _report()
    sheet_name, at = _place(NEW)
    edited = _edit(_bytes(report), lambda b: b[sheet_name].__setitem__(at, 40))
    back = gd.load(_write(tmp_path, edited), strict=False)
    assert back.applications.new.commercial == 40
    assert back.applications.new.total == sum(back.applications.new.cells()[:6])


def test_a_total_typed_over_is_kept_and_checked(tmp_path: Path) -> None:
    """A total whose formula was replaced by a number: kept as given; wrong, it is an error."""
    report = _report()
    sheet_name, at = _place(NEW_TOTAL)
    wrong = report.applications.new.total + 5
    edited = _edit(_bytes(report), lambda b: b[sheet_name].__setitem__(at, wrong))
    with pytest.raises(gd.InconsistentReportError):
        gd.load(_write(tmp_path, edited))
    result = gd.parse(edited)
    assert result.report.applications.new.total == wrong
    replaced = [f for f in result.findings if f.rule == "parse.total_replaced"]
    assert [f.path for f in replaced] == [NEW_TOTAL]
    assert f"{sheet_name}!{at}" in replaced[0].message
    assert "table3.row_total" in {f.rule for f in result.findings if f.severity == "error"}


def test_a_total_row_typed_over_in_part_is_given_whole() -> None:
    """（七）总计 is one row of totals: one typed over, the others are their formulas' sums."""
    report = _report()
    sheet_name, at = _place(OUTCOME_TOTAL)
    value = report.applications.total.natural_person
    edited = _edit(_bytes(report), lambda b: b[sheet_name].__setitem__(at, value))
    result = gd.parse(edited)
    assert result.report == report


def test_a_stale_saved_total_is_reported(tmp_path: Path) -> None:
    """A formula's saved result that disagrees with the leaves: the total is computed, and the
    saved value named with its cell."""
    report = _report()
    sheet_name, at = _place(NEW_TOTAL)
    formula = wl.sheet_layout(spec.FORMAT_2021.table("applications")).by_path[NEW_TOTAL].formula

    def stale(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet3.xml":
            return part.replace(
                f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>999</v>".encode(), 1
            )
        return part

    data = _rezip(_bytes(report), stale)
    result = gd.parse(data)
    assert result.report == report
    (found,) = [f for f in result.findings if f.rule == "parse.stale_total"]
    assert (found.path, f"{sheet_name}!{at}" in found.message, "999" in found.message) == (
        NEW_TOTAL,
        True,
        True,
    )
    assert gd.load(_write(tmp_path, data)) == report


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("一", "应为非负整数，收到文本“一”"),
        ("３", "应为非负整数，收到文本“３”：请用半角数字"),
        ("-3", "应为非负整数，收到文本“-3”"),
        (1.5, "应为非负整数，收到 小数 1.5"),
        (-3, "应为非负整数，收到 -3"),
    ],
)
def test_a_bad_number_names_the_sheet_cell_and_label(tmp_path: Path, value: object, problem: str) -> None:
    sheet_name, at = _place(NEW)
    edited = _edit(_bytes(_report()), lambda b: b[sheet_name].__setitem__(at, value))
    labels = spec.join_labels(spec.label_path(NEW))
    assert _load_errors(tmp_path, edited) == [(NEW, f"{sheet_name}!{at}：“{labels}”{problem}")]
    error = _parse_error(edited)
    assert (error.where, error.reason) == (f"{sheet_name}!{at}", f"“{labels}”{problem}")


def test_every_bad_cell_is_named(tmp_path: Path) -> None:
    sheet_name, first = _place(NEW)
    _, second = _place("applications.carried_over.other")

    def change(book: Any) -> None:
        book[sheet_name][first] = "一"
        book[sheet_name][second] = "二"

    errors = _load_errors(tmp_path, _edit(_bytes(_report()), change))
    assert [path for path, _ in errors] == [NEW, "applications.carried_over.other"]
    assert f"{sheet_name}!{second}" in _parse_error(_edit(_bytes(_report()), change)).reason


def test_digits_as_text_and_blanks_are_read_with_a_finding() -> None:
    sheet_name, at = _place(NEW)
    _, blank = _place("applications.new.other")

    def change(book: Any) -> None:
        book[sheet_name][at] = "12"
        book[sheet_name][blank] = None

    result = gd.parse(_edit(_bytes(_report()), change))
    assert (result.report.applications.new.commercial, result.report.applications.new.other) == (12, 0)
    rules = {f.path: f.rule for f in result.reading_findings}
    assert (rules[NEW], rules["applications.new.other"]) == ("parse.number_format", "parse.blank_cell")


def test_a_formula_in_a_leaf_is_read_by_its_saved_result() -> None:
    """A leaf holding a formula (a clerk's =3+4, a link to another sheet) is its saved result —
    never computed; with no saved result it cannot be read."""
    sheet_name, at = _place(NEW)
    data = _edit(_bytes(_report()), lambda b: b[sheet_name].__setitem__(at, "=3+4"))
    error = _parse_error(data)
    assert (error.where, "没有保存它的计算结果" in error.reason) == (f"{sheet_name}!{at}", True)

    def saved(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet3.xml":
            return re.sub(rb"<f>3\+4</f>(<v\s*/>|<v></v>)?", b"<f>3+4</f><v>7</v>", part)
        return part

    result = gd.parse(_rezip(data, saved))
    assert result.report.applications.new.commercial == 7
    assert "parse.formula" in {f.rule for f in result.reading_findings}


def test_a_total_formula_referring_elsewhere_is_its_saved_result() -> None:
    """A total whose formula was changed to refer elsewhere (another sheet, an external
    workbook): its saved result, as given, named; never evaluated."""
    report = _report()
    _sheet_name, at = _place(NEW_TOTAL)
    value = report.applications.new.total

    def change(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet3.xml":
            return re.sub(
                rf'(<c r="{at}"[^>]*>)<f>[^<]*</f><v></v>'.encode(),
                rf"\1<f>[1]Sheet1!A1</f><v>{value}</v>".encode(),
                part,
            )
        return part

    result = gd.parse(_rezip(_bytes(report), change))
    assert result.report == report
    (found,) = [f for f in result.findings if f.rule == "parse.formula"]
    assert (found.path, "[1]Sheet1!A1" in found.message) == (NEW_TOTAL, True)


def test_broken_merges_and_stray_values_are_named() -> None:
    table = spec.FORMAT_2021.table("applications")
    layout = wl.sheet_layout(table)

    def change(book: Any) -> None:
        sheet = book[table.name]
        sheet.unmerge_cells(layout.merges[1])
        sheet["L5"] = 3

    result = gd.parse(_edit(_bytes(_report()), change))
    assert result.report == _report()
    rules = [f.rule for f in result.reading_findings]
    assert rules == ["parse.workbook_layout", "parse.extra_number"]


def test_a_deleted_sheet_is_named(tmp_path: Path) -> None:
    data = _edit(_bytes(_report()), lambda b: b.remove(b["表四"]))
    [(path, message)] = _load_errors(tmp_path, data)
    assert (path, message.startswith("工作簿：没有工作表“表四”")) == ("review_litigation", True)
    error = _parse_error(data)
    assert (error.where, error.reason.startswith("没有工作表“表四”")) == ("工作簿", True)


def test_a_moved_table_is_named_at_its_first_label(tmp_path: Path) -> None:
    """A row inserted above 表三: reading by position is refused at the first label out of
    place."""
    data = _edit(_bytes(_report()), lambda b: b["表三"].insert_rows(5))
    [(path, message)] = _load_errors(tmp_path, data)
    assert path == "applications"
    assert message.startswith("表三!A5：应为“一、本年新收政府信息公开申请数量”，而工作表中是空的")


def test_a_report_without_the_optional_row_reads_back(tmp_path: Path) -> None:
    """A shape is recognised from the labels: 表二 without 规章, 其他处理 as one row."""
    report = gd.from_dict(minimal_dict())
    assert report.active_disclosure.regulations is None
    assert gd.load(_write(tmp_path, _bytes(report))) == report


def test_text_sheet_edits(tmp_path: Path) -> None:
    """Rows filled by the clerk: a part named by its numeral, the part carried down, a cell of
    two lines two paragraphs, a subsection numbered on each row and titled once."""

    def change(book: Any) -> None:
        sheet = book[wl.TEXT_SHEET]
        sheet.delete_rows(2, sheet.max_row)
        rows = [
            ("一", None, None, "甲。\n乙。"),
            (None, "1", "小节", "丙。"),
            (None, "1", None, "丁。"),
            ("五", None, None, "戊。"),
        ]
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                sheet.cell(r, c, value)

    back = gd.load(_write(tmp_path, _edit(_bytes(gd.from_dict(minimal_dict())), change)))
    assert back.overview == gd.Section(
        paragraphs=("甲。", "乙。"), subsections=(gd.Subsection(title="小节", paragraphs=("丙。", "丁。")),)
    )
    assert back.problems.paragraphs == ("戊。",)


def test_a_subsection_in_a_table_section_is_refused(tmp_path: Path) -> None:
    heading = spec.SECTIONS[1].heading
    data = _edit(
        _bytes(gd.from_dict(minimal_dict())),
        lambda b: [b[wl.TEXT_SHEET].cell(2, c, v) for c, v in enumerate((heading, "（一）", "小节", "x"), 1)],
    )
    [(_, message)] = _load_errors(tmp_path, data)
    assert message == f"{wl.TEXT_SHEET}!B2：“{heading}”没有小节，小节编号和小节标题应留空"


def test_load_refuses_a_workbook_not_made_here(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    [(path, message)] = _load_errors(tmp_path, _save(book))
    assert (path, message.startswith("工作簿：这个工作簿不是本程序生成的")) == ("", True)


# --- bad packages -------------------------------------------------------------------------------------


def test_an_old_xls_and_an_encrypted_file_are_refused(tmp_path: Path) -> None:
    ole = io_xlsx.OLE_MAGIC + b"\x00" * 504
    [(_, message)] = _load_errors(tmp_path, ole + "Workbook".encode("utf-16-le"))
    assert "旧版 Excel（.xls）" in message
    [(_, message)] = _load_errors(tmp_path, ole + "EncryptionInfo".encode("utf-16-le"))
    assert "已加密" in message
    assert _parse_error(ole).where == "文件开头"


def test_a_zip_bomb_is_refused_from_the_directory() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    error = _parse_error(out.getvalue())
    assert (error.where, "疑似 zip 炸弹" in error.reason) == ("zip 目录", True)


def test_a_dtd_is_refused_before_parsing() -> None:
    def entity(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet2.xml":
            return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + part
        return part

    error = _parse_error(_rezip(_bytes(_report()), entity))
    assert "DTD" in error.reason


def test_a_docx_or_garbage_named_xlsx_is_refused() -> None:
    docx = gd.render(_report(), "docx")
    assert isinstance(docx, bytes)
    assert "不是 Excel 工作簿（这是 Word 文档）" in _parse_error(docx).reason
    assert _parse_error(b"not a zip at all").where == "文件开头"


def test_external_links_are_named_and_not_followed() -> None:
    buffer = io.BytesIO(_bytes(_report()))
    with zipfile.ZipFile(buffer, "a") as zf:
        zf.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    result = gd.parse(buffer.getvalue())
    assert result.report == _report()
    assert [f.rule for f in result.reading_findings] == ["parse.workbook_layout"]


def test_huge_merges_are_refused_before_openpyxl_builds_them() -> None:
    def merge(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet3.xml":
            return part.replace(b'<mergeCell ref="A1:J1"/>', b'<mergeCell ref="A1:A1048576"/>')
        return part

    error = _parse_error(_rezip(_bytes(_report()), merge))
    assert "合并单元格" in error.reason


# --- workbooks not made here ----------------------------------------------------------------------------


def _foreign(report: gd.Report, *, headings: bool) -> bytes:
    """A clerk's own workbook: a title on the first sheet, each table on a sheet of its own laid
    out as the official grid (merged cells, numbers as numbers), with or without its heading."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "封面"
    first["A1"] = report.title
    for table in spec.FORMAT_2021.tables:
        layout = wl.sheet_layout(table, gd.model.shape_of(report, table))
        sheet = book.create_sheet(table.name)
        if headings:
            sheet["A1"] = table.caption
        for label in layout.labels:
            sheet.cell(label.row, label.column, label.text)
        for cell in layout.values:
            value = value_at(report, cell.path)
            sheet.cell(cell.row, cell.column, float(value) if isinstance(value, Decimal) else value)
        for merged in layout.merges[1:]:
            sheet.merge_cells(merged)
    return _save(book)


@pytest.mark.parametrize("headings", [True, False])
def test_a_workbook_laid_out_as_the_official_tables_is_read_by_the_engine(headings: bool) -> None:
    """Not ours (no mark): each sheet's rows become table rows, the engine maps them; a sheet
    named like a table but without its heading is read under that heading, with a finding."""
    report = attrs.evolve(_report(), title="某局2024年度政府信息公开工作年度报告", agency="某局", year=2024)
    result = gd.parse(_foreign(report, headings=headings))
    assert result.report.applications == attrs.evolve(report.applications, paragraphs=())
    assert result.report.review_litigation == attrs.evolve(report.review_litigation, paragraphs=())
    variants = [f for f in result.reading_findings if f.rule == "parse.heading_variant"]
    assert len(variants) == (0 if headings else 3)


def test_merged_cells_are_written_once_with_the_sheet_and_cells() -> None:
    from gov_disclosure.parse._blocks import TableRow
    from gov_disclosure.parse.xlsx import read

    report = attrs.evolve(_report(), title="某局2024年度政府信息公开工作年度报告")
    doc = read(_foreign(report, headings=True))
    rows = [b for b in doc.blocks if isinstance(b, TableRow) and b.where.startswith("表三!")]
    assert (rows[0].cells, rows[0].where) == ((spec.TABLE3_NOTE, spec.APPLICANT_HEADER), "表三!A2:D2")


# --- another format, with no code of its own ----------------------------------------------------------


@pytest.fixture
def format_2019() -> Any:
    """The 2019 format, whose classes are derived from its description."""
    return spec.FORMAT_2019


def test_another_format_gets_its_workbook(tmp_path: Path, format_2019: spec.Format) -> None:
    """The 2019 format (five blocks in 表二, a signed 本年增/减 column, （六）其他处理 one row): its
    workbook is made from its description alone, validates the signed column as a whole
    number of either sign, and reads back exactly."""
    from gov_disclosure.io.template import blank_report

    data = gd.to_dict(blank_report("某局", 2020, fmt=format_2019))
    data["active_disclosure"]["licensing"]["decisions"] = 12
    report = gd.from_dict(data)
    workbook = _bytes(report)
    assert gd.load(_write(tmp_path, workbook)) == report
    book = _book(workbook)
    table = format_2019.table("active_disclosure")
    layout = wl.sheet_layout(table, gd.model.shape_of(report, table))
    at = layout.by_path["active_disclosure.licensing.change"].address
    (validation,) = [dv for dv in book[table.name].data_validations.dataValidation if at in str(dv.sqref)]
    assert (validation.type, validation.operator) == ("whole", "between")
    assert book[wl.INFO_SHEET]["B4"].value == format_2019.id


# --- the command line ---------------------------------------------------------------------------------


def _cli(*argv: object) -> int:
    from gov_disclosure.cli import main

    return main([str(a) for a in argv])


def test_new_writes_the_blank_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``new -o 2025.xlsx``: every leaf 0, every total a formula, the title left to its default;
    it checks with only the empty-text warnings."""
    out = tmp_path / "2025.xlsx"
    assert _cli("new", "--agency", "某县财政局", "--year", 2025, "-o", out) == 0
    report = gd.load(out)
    assert report == gd.from_dict({"agency": "某县财政局", "year": 2025, **_zeros()})
    sheet_name, at = _place(NEW_TOTAL)
    assert _book(out.read_bytes())[sheet_name][at].value.startswith("=SUM(")
    capsys.readouterr()
    assert _cli("check", out) == 0
    assert {line.split("]")[0] for line in capsys.readouterr().out.splitlines() if "[" in line} == {
        "  警告 [format.empty_section"
    }


def _zeros() -> dict[str, Any]:
    from gov_disclosure.io.template import blank_report

    data = gd.to_dict(blank_report("某县财政局", 2025))
    return {k: v for k, v in data.items() if k not in ("agency", "year", "title")}


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_new_with_previous_carries_and_marks(tmp_path: Path, suffix: str) -> None:
    """``--previous`` (a published DOCX, last year's workbook): 上年结转 and 现行有效件数 from
    last year — here not all 0, so the blank report does not balance until it is filled — the
    cells shaded and their input messages naming where they came from, as the YAML template."""
    example = _report()
    assert any(example.applications.carried_forward.cells())
    last = tmp_path / f"2024.{suffix}"
    gd.write(example, last)
    out = tmp_path / "2025.xlsx"
    assert _cli("new", "--previous", last, "-o", out) == 0
    report = gd.load(out, strict=False)
    assert report.applications.carried_over.cells()[:6] == example.applications.carried_forward.cells()[:6]
    assert (
        report.active_disclosure.normative_documents.in_force
        == example.active_disclosure.normative_documents.in_force
    )
    book = _book(out.read_bytes())
    sheet_name, at = _place("active_disclosure.normative_documents.in_force")
    cell = book[sheet_name][at]
    (validation,) = [dv for dv in book[sheet_name].data_validations.dataValidation if at in str(dv.sqref)]
    assert (cell.fill.fgColor.rgb[-6:], f"取自 {example.year} 年度报告" in validation.prompt) == (
        "FFF2CC",
        True,
    )
    yaml = tmp_path / "2025.yaml"
    assert _cli("new", "--previous", last, "-o", yaml) == 0
    assert gd.load(yaml, strict=False) == attrs.evolve(report, title=report.title)


def test_render_check_and_aggregate_take_workbooks(tmp_path: Path, example: gd.Report) -> None:
    """render x.xlsx -o x.docx; render x.yaml -o x.xlsx; aggregate mixed inputs into a workbook."""
    book = tmp_path / "a.xlsx"
    gd.write(example, book)
    assert _cli("render", book, "-o", tmp_path / "a.docx") == 0
    assert gd.parse(tmp_path / "a.docx").report == example
    data = tmp_path / "b.yaml"
    gd.dump(attrs.evolve(example, agency="另一局"), data)
    assert _cli("render", data, "-o", tmp_path / "b.xlsx") == 0
    total = tmp_path / "county.xlsx"
    assert _cli("aggregate", book, data, "-o", total, "--agency", "某县人民政府") == 0
    summed = gd.load(total)
    assert summed.applications.new.total == 2 * example.applications.new.total
    assert summed.agency == "某县人民政府"


def test_new_refuses_another_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.json"
    assert _cli("new", "--agency", "某局", "--year", 2025, "-o", out) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not out.exists()
