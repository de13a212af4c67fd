"""The 2019 format (国办公开办函〔2019〕60号, 试行) and 2021 reports that print （六）其他处理 as one
row: the dict contract, the checks, every renderer and reader, the choice of the template by the
tables, and checks across formats."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import parse
from tests import strategies as S

FORMATS = ("text", "markdown", "html", "docx", "xlsx")
F2019 = spec.FORMAT_2019
#: The round trips run once for each of five formats: a fifth of the profile's examples each
#: (the 2021 round trips in test_parse_roundtrip.py cover the same machinery at full strength).
ROUND_TRIPS = settings(max_examples=max(10, settings().max_examples // 5))


def _report_2019(**changes: Any) -> Any:
    """A 2019 report (the distinct report's text, 表三 and 表四) with a 表二 whose cells all differ."""
    data = gd.to_dict(S.distinct_report())
    data["format"] = "2019"
    data["year"] = 2020
    data["title"] = None
    data["active_disclosure"] = {
        "paragraphs": ["本年度主动公开情况如下。"],
        "regulations": {"made": 1, "published": 2, "cumulative": 30},
        "normative_documents": {"made": 4, "published": 5, "cumulative": 60},
        "licensing": {"previous_items": 7, "change": -2, "decisions": 800},
        "other_services": {"previous_items": 9, "change": 1, "decisions": 11},
        "punishment": {"previous_items": 12, "change": 0, "decisions": 13},
        "enforcement": {"previous_items": 14, "change": 3, "decisions": 15},
        "fees": {"previous_items": 16, "change": -1},
        "procurement": {"items": 17, "amount": "251000元"},
    }
    apps = data["applications"]
    apps["other_handling"] = [
        sum(sub[c.key] for sub in apps["other_handling"].values()) for c in spec.APPLICANT_COLUMNS
    ]
    for key, value in changes.items():
        data[key] = value
    return gd.from_dict(data)


def _reading(result: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings if f.rule.startswith("parse.")]


def _errors(result: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings if f.severity == "error"]


# --- the dict contract --------------------------------------------------------------------------


def test_the_2019_dict_contract() -> None:
    """``format: "2019"`` names the template; 本年增/减 is signed, 采购总金额 keeps its unit, and
    （六）其他处理 is one row; to_dict writes the format first and reads back."""
    report = _report_2019()
    assert gd.model.format_of(report) is F2019
    assert report.active_disclosure.licensing.change == -2
    assert report.active_disclosure.procurement.amount == "251000元"
    assert report.applications.other_handling.total == 19 + 22 + 23
    data = gd.to_dict(report)
    assert next(iter(data)) == "format"
    assert data["format"] == "2019"
    assert gd.from_dict(json.loads(json.dumps(data))) == report
    assert [f.rule for f in gd.check(report)] == []


@given(S.reports_2019())
def test_every_2019_report_survives_the_dict_contract(report: Any) -> None:
    assert gd.from_dict(gd.to_dict(report)) == report
    assert gd.loads(gd.dumps(report)) == report


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("licensing.previous_items", -1, "应为非负整数"),
        ("licensing.change", 1.5, "应为整数（减少写负数）"),
        ("procurement.amount", "25万", "应为金额"),
        ("procurement.amount", "-3元", "应为金额"),
    ],
)
def test_2019_values_are_judged_by_their_kind(path: str, value: object, said: str) -> None:
    """A count is ≥ 0, 本年增/减 any integer, 采购总金额 a number and its unit; each problem
    names the path and the 2019 labels."""
    data = gd.to_dict(_report_2019())
    row, column = path.split(".")
    data["active_disclosure"][row][column] = value
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    [(where, message)] = info.value.errors
    assert where == f"active_disclosure.{path}"
    assert said in message
    assert F2019.label_path(where)[-1] in message


def test_the_2019_schema_validates_its_reports() -> None:
    """``json_schema("2019")`` is the 2019 contract (``format`` required, 本年增/减 signed); the
    2021 schema refuses a 2019 report."""
    schema = gd.json_schema("2019")
    jsonschema.Draft202012Validator.check_schema(schema)
    data = gd.to_dict(_report_2019())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert schema["properties"]["format"]["const"] == "2019"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(gd.json_schema()).validate(data)
    without = {k: v for k, v in data.items() if k != "format"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(without)


VALIDATORS = {f: jsonschema.Draft202012Validator(gd.json_schema(f)) for f in ("2019", "2021")}


@given(S.reports_2019())
def test_every_2019_to_dict_validates(report: Any) -> None:
    VALIDATORS["2019"].validate(gd.to_dict(report))


@given(S.undivided_reports())
def test_an_undivided_row_validates_against_the_2021_schema(report: gd.Report) -> None:
    VALIDATORS["2021"].validate(gd.to_dict(report))


def test_schema_command_takes_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    from gov_disclosure.cli.main import main

    assert main(["schema", "--template", "2019"]) == 0
    assert json.loads(capsys.readouterr().out) == gd.json_schema("2019")


# --- checks -------------------------------------------------------------------------------------


def test_2019_sums_are_the_format_s_own() -> None:
    """表三's sums hold with （六） as one row; a wrong （六） row breaks the （七）总计 of its column."""
    data = gd.to_dict(_report_2019())
    data["applications"]["other_handling"]["natural_person"] += 1
    report = gd.from_dict(data, strict=False)
    errors = [(f.rule, f.path) for f in gd.check(report) if f.severity == "error"]
    assert ("table3.outcome_total", "applications.total.natural_person") in errors
    assert ("table3.row_total", "applications.other_handling.total") in errors


@pytest.mark.parametrize(("fmt", "year", "due"), [("2019", 2022, "2021"), ("2021", 2020, "2019")])
def test_a_template_of_other_years_is_named(fmt: str, year: int, due: str) -> None:
    """A 2021-or-later report in the 2019 template, or a 2019/2020 report in the 2021 one, is
    read and checked as printed, with one warning naming both templates."""
    report = _report_2019() if fmt == "2019" else S.distinct_report()
    report = attrs.evolve(report, year=year, title=None)
    [told] = [f for f in gd.check(report) if f.rule == "format.template_year"]
    assert (told.severity, told.expected, told.actual) == ("warning", due, fmt)
    assert spec.get_format(fmt).name in told.message
    assert spec.get_format(due).name in told.message
    for ok in (2019, 2020) if fmt == "2019" else (2021, 2030):
        assert "format.template_year" not in [f.rule for f in gd.check(attrs.evolve(report, year=ok))]


def test_a_2021_report_against_a_2019_report_of_last_year() -> None:
    """上年结转 is checked per column against a 2019-format 结转下年度; the 现行有效件数 stock is
    not comparable with 对外公开总数量 and is skipped with one note, not a false warning."""
    now = S.distinct_report()
    before = attrs.evolve(_report_2019(), year=now.year - 1)
    findings = gd.check(now, previous=before)
    assert [f.rule for f in findings if f.rule == "continuity.in_force"] == []
    [note] = [f for f in findings if f.rule == "continuity.format"]
    assert F2019.short_name in note.message
    carried = {f.path for f in findings if f.rule == "continuity.carry_over"}
    # distinct report: 结转下年度 2, 1, 0…; 上年结转 1, 0, 0…
    assert carried == {
        "applications.carried_over.natural_person",
        "applications.carried_over.commercial",
        "applications.carried_over.total",
    }
    data = gd.to_dict(before)
    data["applications"]["carried_forward"] = gd.to_dict(now)["applications"]["carried_over"]
    data["applications"]["new"] = {
        k: v - d for (k, v), d in zip(data["applications"]["new"].items(), (1, 1, 0, 0, 0, 0, 2), strict=True)
    }
    same = gd.from_dict(data)
    assert [f.rule for f in gd.check(now, previous=same) if f.rule.startswith("continuity.")] == [
        "continuity.format"
    ]


def test_two_2019_reports_in_a_row() -> None:
    """2020 against 2019, both in the 2019 format: 上年结转 checked, no stock to compare."""
    this = _report_2019()
    before = attrs.evolve(this, year=2019, title=None)
    rules = {f.rule for f in gd.check(this, previous=before)}
    assert "continuity.carry_over" in rules
    assert not rules & {"continuity.in_force", "continuity.format"}


def test_aggregate_refuses_reports_of_two_formats() -> None:
    with pytest.raises(gd.InputError) as info:
        gd.aggregate([S.distinct_report(), attrs.evolve(_report_2019(), year=2024)], agency="某县人民政府")
    [(path, message)] = info.value.errors
    assert path == "format"
    assert "只能汇总同一格式的报告" in message
    assert F2019.name in message


def test_aggregate_of_2019_reports() -> None:
    report = _report_2019()
    total = gd.aggregate([report, report], agency="某区人民政府")
    assert total.active_disclosure.licensing.change == -4
    assert total.active_disclosure.procurement.amount == "502000元"
    assert total.applications.other_handling.total == 2 * report.applications.other_handling.total


@pytest.mark.parametrize(
    ("amounts", "total"),
    [(("251000元", "25.1万元"), "502000元"), (("1.5万元", "2万元"), "3.5万元"), (("0", "3亿元"), "3亿元")],
)
def test_amounts_add_up_with_their_units(amounts: tuple[str, str], total: str) -> None:
    reports = []
    for amount in amounts:
        data = gd.to_dict(_report_2019())
        data["active_disclosure"]["procurement"]["amount"] = amount
        reports.append(gd.from_dict(data))
    assert gd.aggregate(reports, agency="某区人民政府").active_disclosure.procurement.amount == total


def test_an_amount_without_its_unit_is_not_added_to_one_with_it() -> None:
    data = gd.to_dict(_report_2019())
    data["active_disclosure"]["procurement"]["amount"] = "3000"
    with pytest.raises(gd.InputError, match="金额的单位不一致（元、未写单位）"):
        gd.aggregate([_report_2019(), gd.from_dict(data)], agency="某区人民政府")


# --- the （六） row printed undivided in a 2021 report ---------------------------------------------


def _undivided() -> gd.Report:
    data = gd.to_dict(S.distinct_report())
    data["applications"]["other_handling"] = [60, 0, 1, 0, 0, 3]
    return gd.from_dict(data)


def test_an_undivided_row_is_kept_as_printed() -> None:
    """A 2021 report whose （六）其他处理 is one row: the row is kept, its sub-rows unknown (not
    zero), the sums use it, and a warning says the official sub-rows are missing."""
    report = _undivided()
    assert isinstance(report.applications.other_handling, gd.Row)
    assert gd.to_dict(report)["applications"]["other_handling"]["total"] == 64
    findings = gd.check(report)
    assert [(f.rule, f.path) for f in findings] == [("format.collapsed_row", "applications.other_handling")]
    assert "1.申请人无正当理由逾期不补正" in findings[0].message
    assert "各项的数字未知" in findings[0].message


def test_aggregate_of_a_divided_and_an_undivided_report() -> None:
    """The sum of a report with the three sub-rows and one with the row undivided has the row."""
    divided, undivided = S.distinct_report(), _undivided()
    total = gd.aggregate([divided, undivided], agency="某县人民政府")
    expected = [19 + 20 + 21 + 60, 0, 1 + 1, 0, 0, 2 + 1 + 3]
    assert total.applications.other_handling == gd.Row.of(*expected)
    assert [f.rule for f in gd.check(total) if f.severity == "error"] == []


# --- every renderer and every reader -------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_2019_report_reads_back_in_every_format(fmt: str) -> None:
    report = _report_2019()
    result = parse(gd.render(report, fmt), fmt)
    assert (result.report, _reading(result), _errors(result)) == (report, [], [])
    assert result.report.active_disclosure.procurement.amount == "251000元"


@pytest.mark.parametrize("fmt", FORMATS)
@given(report=S.parseable_reports_2019())
@ROUND_TRIPS
def test_every_2019_report_reads_back_in_every_format(fmt: str, report: Any) -> None:
    """parse(render(r, fmt)) == r for generated 2019 reports; nothing found in reading."""
    result = parse(gd.render(report, fmt), fmt)
    assert (result.report, _reading(result)) == (report, [])
    assert result.findings == tuple(gd.check(report))


@pytest.mark.parametrize("fmt", FORMATS)
@given(report=S.undivided_reports())
@ROUND_TRIPS
def test_every_undivided_report_reads_back_in_every_format(fmt: str, report: gd.Report) -> None:
    """A 2021 report with （六） undivided reads back as printed, with its warning."""
    result = parse(gd.render(report, fmt), fmt)
    assert (result.report, _reading(result)) == (report, [])
    assert "format.collapsed_row" in [f.rule for f in result.findings]


# --- published layouts ---------------------------------------------------------------------------

#: 表二 as a 2019 web page prints it (上海市人民政府办公厅 2019): a five-column grid, the label
#: spanning two columns in blocks 1–3, two values spanning two columns each in blocks 4–5, the
#: headings broken by ``<br />``, the amount with its unit.
_PUBLISHED_TABLE_2 = """
<table border="1">
<tr><td colspan="5">第二十条第（一）项</td></tr>
<tr><td colspan="2">信息内容</td><td>本年新<br />制作数量</td><td>本年新<br />公开数量</td>
<td>对外公开总数量</td></tr>
<tr><td colspan="2">规章</td><td>1</td><td>2</td><td>30</td></tr>
<tr><td colspan="2">规范性文件</td><td>4</td><td>5</td><td>60</td></tr>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td colspan="2">信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td colspan="2">行政许可</td><td>7</td><td>-2</td><td>800</td></tr>
<tr><td colspan="2">其他对外管理服务事项</td><td>9</td><td>1</td><td>11</td></tr>
<tr><td colspan="5">第二十条第（六）项</td></tr>
<tr><td colspan="2">信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td colspan="2">行政处罚</td><td>12</td><td>0</td><td>13</td></tr>
<tr><td colspan="2">行政强制</td><td>14</td><td>3</td><td>15</td></tr>
<tr><td colspan="5">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="2">上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td colspan="2">16</td><td colspan="2">-1</td></tr>
<tr><td colspan="5">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td colspan="2">采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td colspan="2">17</td><td colspan="2">251000元</td></tr>
</table>
"""


def _published_html() -> str:
    html = gd.render(_report_2019(), "html")
    start = html.index("<table")
    end = html.index("</table>", start) + len("</table>")
    return html[:start] + _PUBLISHED_TABLE_2 + html[end:]


def _as_copied_text(html: str) -> str:
    """The page's text as a browser copies it: a line per paragraph or table row, a tab
    between cells."""
    import lxml.html

    root = lxml.html.fromstring(html)
    lines: list[str] = []
    for element in root.iter("h1", "h2", "h3", "p", "tr"):
        if element.tag == "tr":
            lines.append("\t".join(re.sub(r"\s+", "", c.text_content()) for c in element.iter("td", "th")))
        elif element.getparent() is not None and element.getparent().tag not in ("td", "th"):
            lines.append(element.text_content().strip())
    return "\n".join(lines)


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_published_2019_table_2_reads_every_cell(fmt: str) -> None:
    """A 2019 page laid out as published (spec/format-2019.md §3.1), and its copied text, read
    with every cell of the five blocks; the template is chosen by the tables."""
    html = _published_html()
    source = html if fmt == "html" else _as_copied_text(html)
    result = parse(source.encode("utf-8"), fmt)
    report = _report_2019()
    assert gd.model.format_of(result.report) is F2019
    assert result.report.active_disclosure == report.active_disclosure
    assert result.report.applications == report.applications
    assert (_reading(result), _errors(result)) == ([], [])


def test_a_2021_report_printing_the_2019_other_handling_row() -> None:
    """A 2021 text whose 表三 prints （六）其他处理 as one row (as two 洪泽区 reports of 2023 and
    2024 do): read as printed, with its warning and no table error caused by the reading."""
    report = S.distinct_report()
    text = gd.render(report, "text")
    lines = text.split("\n")
    subs = [
        r.labels[-1]
        for r in spec.FORMAT_2021.table("applications").data_rows()
        if ".other_handling." in r.path
    ]
    rows = [n for n, line in enumerate(lines) if any(sub in line for sub in subs)]
    values = [[int(c) for c in lines[n].split("\t") if c.strip().isdigit()] for n in rows]
    summed = [sum(v[c] for v in values) for c in range(7)]
    label = spec.GROUP_BY_KEY["other_handling"].label
    one = "\t".join([label, *map(str, summed)])
    text = "\n".join([*lines[: rows[0]], one, *lines[rows[-1] + 1 :]]).replace(label + "1.", "")
    result = parse(text.encode("utf-8"), "text")
    assert result.report.applications.other_handling == gd.Row.of(*summed)
    assert _errors(result) == []
    assert [(f.rule, f.path) for f in result.findings] == [
        ("format.collapsed_row", "applications.other_handling")
    ]


def test_a_2021_template_is_not_taken_for_2019_by_its_year() -> None:
    """The template is chosen by the tables, not the year: a 2020 report printed in the 2021
    template reads in the 2021 format, with the warning naming the template."""
    report = attrs.evolve(S.distinct_report(), year=2020, title=None)
    result = parse(gd.render(report, "text"), "text")
    assert gd.model.format_of(result.report) is spec.FORMAT_2021
    assert [f.rule for f in result.findings] == ["format.template_year"]


def test_a_negative_count_is_read_as_zero_and_said() -> None:
    """A minus sign is read (本年增/减 needs it); in a count, which cannot be negative, the cell is
    read as 0 with a finding quoting it, never refused and never read as 7."""
    text = gd.render(S.distinct_report(), "text").replace("行政许可\t7", "行政许可\t-7")
    result = parse(text, "text")
    assert result.report.active_disclosure.licensing == 0
    [told] = [f for f in result.findings if f.rule.startswith("parse.")]
    assert (told.rule, told.path, told.actual) == ("parse.number_format", "active_disclosure.licensing", "-7")
    assert "件数不能为负数" in told.message


@pytest.mark.parametrize(
    ("printed", "amount", "said"),
    [
        ("251,000元", "251000元", "去掉千位分隔符"),
        ("25.1 万元", "25.1万元", "按 25.1万元 读入"),
        ("3千元", "3000元", "单位“千元”换算为元"),
        ("3件", "3", "不是金额的单位"),
    ],
)
def test_a_printed_amount_is_kept_with_its_unit(printed: str, amount: str, said: str) -> None:
    """采购总金额 printed with separators or a space keeps its number and unit, with a finding."""
    text = gd.render(_report_2019(), "text").replace("251000元", printed)
    result = parse(text, "text")
    assert result.report.active_disclosure.procurement.amount == amount
    [told] = [f for f in result.findings if f.rule.startswith("parse.")]
    assert (told.rule, told.path) == ("parse.number_format", "active_disclosure.procurement.amount")
    assert said in told.message


# --- a new report in the 2019 format ---------------------------------------------------------------


def test_new_writes_a_2019_template(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """``new --template 2019``: every key of the 2019 format with its label, zeros, the totals
    left out; it loads as a 2019 report, and last year's 结转下年度 is carried into 上年结转."""
    from gov_disclosure.cli.main import main

    last = tmp_path / "2019.yaml"
    gd.dump(attrs.evolve(_report_2019(), year=2019), last)
    out = tmp_path / "2020.yaml"
    assert main(["new", "--previous", str(last), "--template", "2019", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("本年增/减") == 5
    assert 'procurement: {items: 0, amount: "0"}' in text
    report = gd.load(out, strict=False)  # carried over, nothing handled yet: 表三 does not balance
    assert gd.model.format_of(report) is F2019
    assert report.year == 2020
    assert (
        report.applications.carried_over
        == gd.from_dict(gd.to_dict(_report_2019())).applications.carried_forward
    )
    assert report.active_disclosure.licensing.change == 0
    workbook = tmp_path / "2020.xlsx"
    assert (
        main(["new", "--agency", "某区教育局", "--year", "2020", "--template", "2019", "-o", str(workbook)])
        == 0
    )
    assert gd.model.format_of(gd.load(workbook)) is F2019


def test_shortened_sub_row_labels_are_not_an_undivided_row() -> None:
    """（六）'s three sub-rows printed with shortened labels (``1.逾期不补正``) are still the three
    sub-rows: a few characters of their own words are enough."""
    report = S.distinct_report()
    text = gd.render(report, "text")
    subs = [
        r.labels[-1]
        for r in spec.FORMAT_2021.table("applications").data_rows()
        if ".other_handling." in r.path
    ]
    for official, short in zip(
        subs, ("1.逾期不补正不再处理", "2.逾期未按收费通知缴费", "3.其他"), strict=True
    ):
        text = text.replace(official, short)
    result = parse(text.encode("utf-8"), "text")
    assert result.report.applications == report.applications
    assert "format.collapsed_row" not in [f.rule for f in result.findings]
