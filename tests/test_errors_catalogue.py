"""Every entry of docs/errors.md, triggered the way a user meets it.

Each test is tagged with its catalogue id; the message it gets must match the entry's documented
pattern (``{…}`` stands for any text), and the last test checks that every entry has a test.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest

import gov_disclosure as gd
from gov_disclosure.io import _convert
from gov_disclosure.io import data as io_data
from gov_disclosure.io import yaml as io_yaml
from gov_disclosure.io.files import OutputError
from gov_disclosure.render import UnknownFormatError
from tests.conftest import CORPUS, ROOT
from tests.test_model import minimal_dict

CATALOGUE = ROOT / "docs" / "errors.md"
F = TypeVar("F", bound=Callable[..., Any])
COVERED: set[str] = set()

FEES = "行政事业性收费 / 本年收费金额（单位：万元）"
LICENSING = "行政许可 / 本年处理决定数量"


def _entries() -> dict[str, list[str]]:
    """Catalogue id → its message patterns, read from docs/errors.md."""
    entries: dict[str, list[str]] = {}
    current: list[str] = []
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"### `([a-z0-9.-]+)`", line)
        if heading:
            current = entries.setdefault(heading.group(1), [])
        elif line.startswith("Message: `") and line.endswith("`"):
            current.append(line[len("Message: `") : -1])
    return entries


ENTRIES = _entries()


def _regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^{}]+\}", pattern)
    return re.compile(".*?".join(re.escape(p) for p in parts))


def entry(entry_id: str) -> Callable[[F], F]:
    """Tag a test with the catalogue entry it triggers."""

    def tag(test: F) -> F:
        COVERED.add(entry_id)
        return test

    return tag


def documented(entry_id: str, message: str) -> None:
    """``message`` is one of the entry's documented patterns."""
    patterns = ENTRIES[entry_id]
    assert any(_regex(p).fullmatch(message) for p in patterns), (entry_id, message, patterns)


def input_errors(data: object) -> list[tuple[str, str]]:
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    return info.value.errors


def with_change(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = minimal_dict()
    change(data)
    return data


def file_errors(tmp_path: Path, name: str, content: str | bytes) -> gd.InputError:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    assert info.value.source == str(path)
    return info.value


def only(error: gd.InputError) -> tuple[str, str]:
    [problem] = error.errors
    return problem


# --- the dict format ------------------------------------------------------------------------


@entry("input.not-mapping")
def test_not_mapping_at_the_top(tmp_path: Path) -> None:
    """A YAML file holding a list, not a mapping, is refused at the top."""
    error = file_errors(tmp_path, "r.yaml", "- agency: 某局\n")
    documented("input.not-mapping", error.errors[0][1])
    assert error.errors == [("", "报告应为键值映射，收到 列表")]


@entry("input.not-mapping")
def test_not_mapping_inside() -> None:
    """A section given as a text is refused at its path, with its label."""
    errors = input_errors(with_change(lambda d: d.update(overview="概述")))
    documented("input.not-mapping", errors[0][1])
    assert errors == [("overview", "一、总体情况: 应为键值映射，收到 文本")]


@entry("input.unknown-key")
def test_unknown_key_with_suggestion() -> None:
    """A mistyped key gets the close key as a suggestion."""
    errors = input_errors(with_change(lambda d: d["active_disclosure"].update(punishmnet=1)))
    documented("input.unknown-key", errors[0][1])
    assert errors[0] == ("active_disclosure.punishmnet", "未知的键 'punishmnet'，是否应为 'punishment'？")


@entry("input.unknown-key")
def test_unknown_key_lists_the_keys() -> None:
    """A key like no other gets the list of keys allowed there."""
    errors = input_errors(with_change(lambda d: d["review_litigation"].update(备注="无")))
    documented("input.unknown-key", errors[0][1])
    expected = "未知的键 '备注'；可用的键：paragraphs, review, litigation_direct, litigation_after_review"
    assert [("review_litigation.备注", expected)] == errors


@entry("input.unknown-key")
@pytest.mark.parametrize("key", ["a.b", ""])
def test_unknown_key_that_cannot_be_a_path_step(key: str) -> None:
    """A key holding a dot (or empty) would make an ambiguous path: it is named at its mapping."""
    errors = input_errors(with_change(lambda d: d["active_disclosure"].update({key: 1})))
    documented("input.unknown-key", errors[0][1])
    assert errors[0][0] == "active_disclosure"
    assert errors[0][1].startswith(f"未知的键 {key!r}")


@entry("input.missing-key")
def test_missing_key() -> None:
    """A forgotten cell is an error, not a zero."""
    data = with_change(lambda d: d["applications"].update(new={"natural_person": 0, "commercial": 0}))
    errors = input_errors(data)
    documented("input.missing-key", errors[0][1])
    assert errors[0] == (
        "applications.new.research",
        "一、本年新收政府信息公开申请数量 / 科研机构: 缺少必填项",
    )
    assert len(errors) == 4


@entry("input.key-not-text")
def test_key_not_text(tmp_path: Path) -> None:
    """A YAML key that is a number is refused with the mapping's path."""
    text = json.dumps(minimal_dict(), ensure_ascii=False) + "\n"
    data = io_yaml.yaml_loads(text)
    data["active_disclosure"][1] = 0
    path = tmp_path / "r.yaml"
    path.write_text(io_yaml.yaml_dumps(data), encoding="utf-8")
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    problem = only(info.value)
    documented("input.key-not-text", problem[1])
    assert problem == ("active_disclosure", "二、主动公开政府信息情况: 键应为文本，收到 1")


@entry("input.count-type")
@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "布尔值 True"), (1.0, "小数 1.0"), ("1", "文本 '1'"), (None, "空值 null")],
)
def test_count_of_wrong_type(value: object, shown: str) -> None:
    """Booleans, floats, strings and null are not counts."""
    errors = input_errors(with_change(lambda d: d["active_disclosure"].update(licensing=value)))
    documented("input.count-type", errors[0][1])
    assert [("active_disclosure.licensing", f"{LICENSING}: 应为非负整数，收到 {shown}")] == errors


@entry("input.count-type")
def test_count_written_with_a_point_in_json() -> None:
    """``1.0`` in a JSON file is refused as a count, although its value is whole."""
    text = json.dumps(minimal_dict()).replace('"licensing": 0', '"licensing": 1.0')
    with pytest.raises(gd.InputError) as info:
        gd.loads(text)
    problem = only(info.value)
    documented("input.count-type", problem[1])
    assert ("active_disclosure.licensing", f"{LICENSING}: 应为非负整数，收到 小数 1.0") == problem


@entry("input.count-negative")
def test_count_negative() -> None:
    """A negative cell of 表三 is refused at the cell, with every label of its place."""
    data = with_change(lambda d: d["applications"]["withheld"].update(state_secret=[0, -1, 0, 0, 0, 0]))
    errors = input_errors(data)
    documented("input.count-negative", errors[0][1])
    expected = "三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密 / 商业企业: 应为非负整数，收到 -1"
    assert [("applications.withheld.state_secret.commercial", expected)] == errors


def _errors_2019(row: str, column: str, value: object) -> list[tuple[str, str]]:
    from tests.test_format_2019 import _report_2019

    data = gd.to_dict(_report_2019())
    data["active_disclosure"][row][column] = value
    return input_errors(data)


@entry("input.signed-type")
@pytest.mark.parametrize("value", [1.5, "3", True])
def test_signed_type(value: object) -> None:
    """本年增/减 of a 2019 report must be a whole number (it may be negative)."""
    [(path, message)] = _errors_2019("licensing", "change", value)
    documented("input.signed-type", message)
    assert (path, message.split(":")[0]) == ("active_disclosure.licensing.change", "行政许可 / 本年增/减")


@entry("input.amount")
@pytest.mark.parametrize("value", ["25万", "-3元", "1,000元", "约5万元", 251000])
def test_amount(value: object) -> None:
    """采购总金额 of a 2019 report is a text: a plain decimal and its unit as printed."""
    [(path, message)] = _errors_2019("procurement", "amount", value)
    documented("input.amount", message)
    assert path == "active_disclosure.procurement.amount"
    assert message.startswith("政府集中采购 / 采购总金额: ")


def _fee_errors(value: object) -> list[tuple[str, str]]:
    return input_errors(with_change(lambda d: d["active_disclosure"].update(fees=value)))


@entry("input.fee-places")
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.0000001", "0.0000001"),
        (Decimal("1E-7"), "0.0000001"),
        (1e-7, "0.0000001"),
        ("24.1234567", "24.1234567"),
    ],
)
def test_fee_more_than_six_places(value: object, shown: str) -> None:
    """0.000001 万元 is 0.01 元: a fee needing a seventh place is refused, shown in plain digits."""
    errors = _fee_errors(value)
    documented("input.fee-places", errors[0][1])
    expected = f"{FEES}: 金额最多保留 6 位小数（0.000001 万元即 0.01 元），收到 {shown}"
    assert [("active_disclosure.fees", expected)] == errors


@entry("input.fee-negative")
@pytest.mark.parametrize(
    ("value", "shown"), [("-1", "-1"), ("-0", "-0"), (Decimal("-0.00"), "-0.00"), (-0.0, "-0.0")]
)
def test_fee_negative(value: object, shown: str) -> None:
    errors = _fee_errors(value)
    documented("input.fee-negative", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为非负金额（万元），收到 {shown}")] == errors


@entry("input.fee-not-finite")
@pytest.mark.parametrize(("value", "shown"), [("NaN", "NaN"), (float("inf"), "Infinity")])
def test_fee_not_finite(value: object, shown: str) -> None:
    errors = _fee_errors(value)
    documented("input.fee-not-finite", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为有限的非负金额（万元），收到 {shown}")] == errors


@entry("input.fee-not-finite")
def test_fee_infinite_in_yaml(tmp_path: Path) -> None:
    """YAML's ``.inf`` reaches the fee check and is refused there, with the field."""
    text = io_yaml.yaml_dumps(minimal_dict()).replace("fees: '0'", "fees: .inf")
    error = file_errors(tmp_path, "r.yaml", text)
    documented("input.fee-not-finite", only(error)[1])
    assert ("active_disclosure.fees", f"{FEES}: 应为有限的非负金额（万元），收到 Infinity") == only(error)


@entry("input.fee-not-number")
@pytest.mark.parametrize(("value", "shown"), [(True, "布尔值 True"), ([1], "列表"), (None, "空值 null")])
def test_fee_not_a_number(value: object, shown: str) -> None:
    errors = _fee_errors(value)
    documented("input.fee-not-number", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为非负金额（万元），收到 {shown}")] == errors


@entry("input.fee-not-number")
@pytest.mark.parametrize("value", ["12元", "1e2", "1_0", "+1", "0x10", "١٢", "12.", " 1 2", ""])
def test_fee_text_not_a_plain_decimal(value: str) -> None:
    """Text that Python's Decimal would read (exponents, underscores, signs, other digits) is
    refused: a fee written as text is digits and at most one point."""
    errors = _fee_errors(value)
    documented("input.fee-not-number", errors[0][1])
    expected = f"{FEES}: 应为非负金额（万元），只能写数字和一个小数点（如 12.50），收到 文本 {value!r}"
    assert [("active_disclosure.fees", expected)] == errors


def test_fee_in_full_width_digits_is_read() -> None:
    """Full-width digits and the full-width point (typed with a Chinese keyboard) are read as
    ASCII digits, as docs/format.md says."""
    data = with_change(lambda d: d["active_disclosure"].update(fees="１２．５０"))
    assert gd.to_dict(gd.from_dict(data))["active_disclosure"]["fees"] == "12.50"


@entry("input.fee-too-long")
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1" + "0" * 20, "金额过大（整数部分超过 15 位），请检查单位是否为万元"),
        (Decimal("1e999999999999"), "金额过大（整数部分超过 15 位），请检查单位是否为万元"),
        ("0." + "0" * 16, "金额的小数位数过多（写了 16 位，最多 15 位）"),
        (Decimal("0E-999999999"), "金额的小数位数过多（写了 999999999 位，最多 15 位）"),
    ],
)
def test_fee_too_long(value: object, reason: str) -> None:
    """Fees that would print as thousands of digits are refused before anything prints them."""
    errors = _fee_errors(value)
    documented("input.fee-too-long", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: {reason}")] == errors


@entry("input.fee-too-long")
def test_fee_too_long_as_a_json_number() -> None:
    """A JSON number with a huge exponent is refused as fast as it is read."""
    text = json.dumps(minimal_dict()).replace('"fees": "0"', '"fees": 1e999999999')
    with pytest.raises(gd.InputError) as info:
        gd.loads(text)
    documented("input.fee-too-long", only(info.value)[1])
    assert only(info.value) == (
        "active_disclosure.fees",
        f"{FEES}: 金额过大（整数部分超过 15 位），请检查单位是否为万元",
    )


@entry("input.year-range")
@pytest.mark.parametrize("year", [2007, 2101])
def test_year_out_of_range(year: int) -> None:
    errors = input_errors(with_change(lambda d: d.update(year=year)))
    documented("input.year-range", errors[0][1])
    assert [("year", f"报告年度: 年份应在 2008 至 2100 之间，收到 {year}")] == errors


@entry("input.year-type")
def test_year_as_text() -> None:
    errors = input_errors(with_change(lambda d: d.update(year="2024")))
    documented("input.year-type", errors[0][1])
    assert errors == [("year", "报告年度: 应为年份（整数），收到 文本 '2024'")]


@entry("input.empty-text")
@pytest.mark.parametrize("agency", ["", " \u3000 "])
def test_empty_agency(agency: str) -> None:
    """An agency of nothing but whitespace (ideographic spaces too) is empty."""
    errors = input_errors(with_change(lambda d: d.update(agency=agency)))
    documented("input.empty-text", errors[0][1])
    assert errors == [("agency", "报告机关: 不能为空")]


@entry("input.empty-text")
def test_empty_subsection_title() -> None:
    errors = input_errors(with_change(lambda d: d.update(problems={"subsections": [{"title": " "}]})))
    documented("input.empty-text", errors[0][1])
    assert errors == [
        ("problems.subsections.0.title", "五、存在的主要问题及改进情况 / 小节 / 第1项 / 小节标题: 不能为空")
    ]


@entry("input.not-text")
def test_agency_not_text(tmp_path: Path) -> None:
    """YAML reads ``no`` as a boolean: an agency written so is refused as not a text."""
    text = io_yaml.yaml_dumps(minimal_dict()).replace("agency: 某局", "agency: no")
    error = file_errors(tmp_path, "r.yml", text)
    documented("input.not-text", only(error)[1])
    assert only(error) == ("agency", "报告机关: 应为文本，收到 布尔值 False")


@entry("input.not-text")
def test_agency_read_as_a_date(tmp_path: Path) -> None:
    """YAML reads an unquoted ``2024-01-01`` as a date: shown as one, not as Python's repr."""
    text = io_yaml.yaml_dumps(minimal_dict()).replace("agency: 某局", "agency: 2024-01-01")
    error = file_errors(tmp_path, "r.yaml", text)
    documented("input.not-text", only(error)[1])
    assert only(error) == ("agency", "报告机关: 应为文本，收到 日期 2024-01-01")


@entry("input.control-character")
@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "0000"), ("\x0b", "000B"), ("\x1f", "001F"), ("\uffff", "FFFF"), ("\ud800", "D800")],
)
def test_control_character_in_a_paragraph(char: str, code: str) -> None:
    """A control character in a subsection's paragraph is named down to the paragraph."""
    sub = {"title": "主动公开情况", "paragraphs": ["第一段", f"第{char}二段"]}
    errors = input_errors(with_change(lambda d: d.update(overview={"subsections": [sub]})))
    documented("input.control-character", errors[0][1])
    expected = f"一、总体情况 / 小节 / 第1项 / 段落 / 第2项: 含有不允许的控制字符 U+{code}（第 2 个字符）"
    assert [("overview.subsections.0.paragraphs.1", expected)] == errors


@entry("input.control-character")
def test_control_character_at_the_end_is_not_stripped() -> None:
    """U+001F counts as whitespace for Python, but is refused, not stripped, at a paragraph's end."""
    errors = input_errors(with_change(lambda d: d.update(preamble=["前言\x1f"])))
    documented("input.control-character", errors[0][1])
    assert errors == [("preamble.0", "前言 / 第1项: 含有不允许的控制字符 U+001F（第 3 个字符）")]


@entry("input.control-character")
def test_control_character_escaped_in_json() -> None:
    """An escaped control character in JSON reaches the field check and is named with its path."""
    text = json.dumps({**minimal_dict(), "agency": "某\u0007局"})
    with pytest.raises(gd.InputError) as info:
        gd.loads(text)
    documented("input.control-character", only(info.value)[1])
    assert only(info.value) == ("agency", "报告机关: 含有不允许的控制字符 U+0007（第 2 个字符）")


@entry("input.control-character")
def test_raw_control_character_in_json_file(tmp_path: Path) -> None:
    """A control character written as it is inside a JSON string is still named with its field."""
    text = json.dumps({**minimal_dict(), "title": "标题\x0c"}, ensure_ascii=False)
    error = file_errors(tmp_path, "r.json", text)
    documented("input.control-character", only(error)[1])
    assert only(error) == ("title", "标题: 含有不允许的控制字符 U+000C（第 3 个字符）")


@entry("input.line-break")
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\u2028"])
def test_line_break_in_a_title(newline: str) -> None:
    errors = input_errors(with_change(lambda d: d.update(title=f"上半{newline}下半")))
    documented("input.line-break", errors[0][1])
    assert errors == [("title", "标题: 一段文字内不能换行：请分成多个段落")]


@entry("input.line-break")
def test_line_break_in_a_paragraph_of_a_yaml_block(tmp_path: Path) -> None:
    """A YAML block scalar holding two lines is refused; its final line break alone is not."""
    base = io_yaml.yaml_dumps(minimal_dict())
    good = base + "preamble:\n- |\n  一段文字\n"
    assert gd.load(_written(tmp_path / "good.yaml", good)).preamble == ("一段文字",)
    error = file_errors(tmp_path, "bad.yaml", base + "preamble:\n- |\n  一段\n  文字\n")
    documented("input.line-break", only(error)[1])
    assert only(error) == ("preamble.0", "前言 / 第1项: 一段文字内不能换行：请分成多个段落")


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@entry("input.row-length")
def test_row_list_of_wrong_length() -> None:
    errors = input_errors(with_change(lambda d: d["applications"].update(carried_forward=[1, 2, 3])))
    documented("input.row-length", errors[0][1])
    expected = (
        "四、结转下年度继续办理: 一行应为 6 个数"
        "（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）"
        "或再加总计共 7 个数，收到 3 个"
    )
    assert [("applications.carried_forward", expected)] == errors


@entry("input.not-list")
@pytest.mark.parametrize(("value", "shown"), [("一段文字", "文本"), ({"a": "b"}, "映射")])
def test_paragraphs_not_a_list(value: object, shown: str) -> None:
    """A text where a list of paragraphs belongs is refused, never split into characters."""
    errors = input_errors(with_change(lambda d: d.update(preamble=value)))
    documented("input.not-list", errors[0][1])
    assert [("preamble", f"前言: 应为列表，收到 {shown}")] == errors


@entry("input.null")
@pytest.mark.parametrize(
    ("where", "path", "message"),
    [
        (
            "normative_documents",
            "active_disclosure.normative_documents",
            "行政规范性文件: 应为键值映射，收到 空值 null",
        ),
        (
            "paragraphs",
            "active_disclosure.paragraphs",
            "二、主动公开政府信息情况 / 段落: 应为列表，收到 空值 null",
        ),
        (
            "enforcement",
            "active_disclosure.enforcement",
            "行政强制 / 本年处理决定数量: 应为非负整数，收到 空值 null",
        ),
    ],
)
def test_null_where_not_allowed(where: str, path: str, message: str) -> None:
    """``null`` is refused everywhere but ``regulations`` and ``title``."""
    errors = input_errors(with_change(lambda d: d["active_disclosure"].update({where: None})))
    documented("input.null", errors[0][1])
    assert [(path, message)] == errors


def test_null_allowed_for_regulations_and_title() -> None:
    """``regulations: null`` leaves the row out; ``title: null`` gives the default title."""
    data = with_change(lambda d: (d["active_disclosure"].update(regulations=None), d.update(title=None)))
    report = gd.from_dict(data)
    assert (report.active_disclosure.regulations, report.title) == (
        None,
        "某局2024年度政府信息公开工作年度报告",
    )


@entry("input.unreadable")
def test_unreadable_fallback_keeps_the_path() -> None:
    """The fallback for an unforeseen failure still names the place and the exception."""
    out: list[tuple[str, str]] = []
    _convert.walk(ZeroDivisionError("x"), ("active_disclosure", "fees"), out)
    documented("input.unreadable", out[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 无法读取（ZeroDivisionError: x）")] == out


# --- JSON -----------------------------------------------------------------------------------


@entry("json.invalid")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "agency": "某局",\n}', "不是有效的 JSON：第 3 行第 1 列：此处应为用双引号括起的键"),
        ("{'agency': 1}", "不是有效的 JSON：第 1 行第 2 列：此处应为用双引号括起的键"),
        ("", "不是有效的 JSON：第 1 行第 1 列：此处应为一个值"),
        ('{"a": 1} x', "不是有效的 JSON：第 1 行第 10 列：数据结束后还有多余内容"),
    ],
)
def test_invalid_json(text: str, expected: str) -> None:
    """A trailing comma, single quotes, nothing, something after the end: line and column."""
    with pytest.raises(gd.InputError) as info:
        gd.loads(text)
    documented("json.invalid", only(info.value)[1])
    assert ("", expected) == only(info.value)


@entry("json.duplicate-key")
def test_json_duplicate_key(tmp_path: Path) -> None:
    text = '{"agency": "某局", "year": 2024, "year": 2025}'
    error = file_errors(tmp_path, "r.json", text)
    documented("json.duplicate-key", only(error)[1])
    assert only(error) == ("", "JSON 有重复的键：键 'year' 出现了两次")


@entry("json.too-deep")
def test_json_too_deep() -> None:
    """100,000 nested lists give an InputError, not a RecursionError."""
    with pytest.raises(gd.InputError) as info:
        gd.loads("[" * 100_000 + "]" * 100_000)
    documented("json.too-deep", only(info.value)[1])
    assert only(info.value) == ("", "不是有效的 JSON：嵌套层数过多")


@entry("json.number-too-long")
def test_json_number_too_long() -> None:
    with pytest.raises(gd.InputError) as info:
        gd.loads('{"year": ' + "9" * 5000 + "}")
    documented("json.number-too-long", only(info.value)[1])
    assert only(info.value) == (
        "",
        "不是有效的 JSON：数字过长（5000 位，最多 100 位）：99999999999999999999…",
    )


# --- YAML -----------------------------------------------------------------------------------


def _yaml_problem(tmp_path: Path, text: str) -> tuple[str, str]:
    return only(file_errors(tmp_path, "r.yaml", text))


@entry("yaml.invalid")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "agency: 某局\n  year: 2024\n",
            "第 2 行第 7 列：这里不能出现“冒号加空格”：若它是文字的一部分，请给整段文字加引号；"
            "若它是一个键，请检查这一行的缩进是否与同一层的键对齐",
        ),
        (
            "agency: 某局\nyear 2024\ntitle: 标题\n",
            "第 2 行第 1 列：这一行的键后面找不到冒号“:”：请在键后面写半角冒号，冒号后加一个空格",
        ),
        (
            "overview:\n  paragraphs: []\n subsections: []\n",
            "第 3 行第 2 列：缩进不对，或引号结束后同一行还有文字：同一层的键要用空格左对齐；"
            "若文字里有引号，请给整段文字另加引号",
        ),
        ("- 第一段\nagency: 某局\n", "第 2 行第 1 列：列表项应以“- ”开头，并与同一列表的其他项对齐"),
        (
            "agency: 某局\n- 第一段\n",
            "第 2 行第 1 列：缩进不对，或引号结束后同一行还有文字：同一层的键要用空格左对齐；"
            "若文字里有引号，请给整段文字另加引号",
        ),
        (
            "preamble: - 第一段\n",
            "第 1 行第 11 列：这里不能开始“- ”列表项："
            "请检查缩进（列表要写在键的下一行），或给以“-”开头的文字加引号",
        ),
        ("title: '标题\nyear: 2024\n", "第 1 行第 8 列：这里开始的引号没有结束：请补上配对的引号"),
        (
            "new: [1, 2, 3\nyear: 2024\n",
            "第 1 行第 6 列：这里开始的方括号“[”没有配对的“]”，或列表项之间缺少半角逗号“,”",
        ),
        ("review: {upheld: 1\n", "第 1 行第 9 列：这里开始的花括号没有配对，或项之间缺少半角逗号“,”"),
        ("new: [1, , 2]\n", "第 1 行第 10 列：这里缺少一个值（例如两个逗号之间什么也没有）"),
        (
            'title: "C:\\new\\q"\n',
            "第 1 行第 15 列：双引号里的反斜杠“\\”后面不是有效的转义："
            "要写反斜杠本身请写两个“\\\\”，或改用单引号",
        ),
        (
            "title: * 标题\n",
            "第 1 行第 8 列：“&”或“*”后面应紧跟锚点的名字：若它们是文字的一部分，请给整段文字加引号",
        ),
        (
            "title: @某局\n",
            "第 1 行第 8 列：字符“@”不能作为一个值的开头：以 @ 或反引号等字符开头的文字请加引号",
        ),
        (
            "agency: 某局\n---\nagency: 另一局\n",
            "第 2 行第 1 列：文件中有不止一份 YAML 文档（以 --- 分隔）：一个文件只应含一份报告",
        ),
        (
            "agency: 某局\n... 其他\n",
            "第 2 行第 5 列：文档结束的标记（--- 或 ...）后面还有内容：一个文件只应含一份报告",
        ),
        ("? [a, b]\n: 1\n", "第 1 行第 3 列：映射的键只能是文本或数字，不能是列表或映射"),
        ("a: &a [1]\nb: {<<: *a}\n", "第 2 行第 9 列：合并键 << 的值应为映射（如 *anchor）或映射的列表"),
        ("title: |0\n  x\n", "第 1 行第 9 列：found an indentation indicator equal to 0"),
    ],
)
def test_invalid_yaml(tmp_path: Path, text: str, expected: str) -> None:
    """Problems of the YAML text, in Chinese, at the line and column where they start; the
    rarest keep the reader's English words."""
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.invalid", problem[1])
    assert problem == ("", f"不是有效的 YAML：{expected}")


@entry("yaml.duplicate-key")
@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ("agency: 某局\nyear: 2024\nagency: 另一局\n", "第 3 行第 1 列", "agency"),
        ("a: {<<: {}, <<: {}}\n", "第 1 行第 13 列", "<<"),
    ],
)
def test_yaml_duplicate_key(tmp_path: Path, text: str, where: str, key: str) -> None:
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.duplicate-key", problem[1])
    assert problem == ("", f"不是有效的 YAML：{where}：键 {key!r} 出现了两次")


@entry("yaml.alias")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("new: &row [1, *row]\n", "第 1 行第 15 列：别名 *row 指向包含它自己的内容（递归的别名），无法展开"),
        (
            "new: *row\ncarried_over: &row [0, 0, 0, 0, 0, 0]\n",
            "第 1 行第 6 列：别名 *row 之前没有定义锚点 &row（锚点须写在别名之前）",
        ),
        (
            "new: &row [0]\ngranted: &row [0]\n",
            "第 2 行第 10 列：锚点 &row 定义了两次：每个锚点的名字只能用一次",
        ),
    ],
)
def test_yaml_alias_that_cannot_be_expanded(tmp_path: Path, text: str, expected: str) -> None:
    """An alias inside what it names, an alias before its anchor, an anchor given twice."""
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.alias", problem[1])
    assert problem == ("", f"不是有效的 YAML：{expected}")


def test_yaml_aliases_are_read(tmp_path: Path, example: gd.Report) -> None:
    """The example written by PyYAML's safe_dump with its zero rows sharing one list reads back."""
    import yaml

    data = gd.to_dict(example)
    zero = data["applications"]["carried_over"]
    for group in ("withheld", "unavailable"):
        data["applications"][group] = dict.fromkeys(data["applications"][group], zero)
    assert gd.load(_written(tmp_path / "r.yaml", yaml.safe_dump(data, allow_unicode=True))) == example


@entry("yaml.too-large")
def test_yaml_billion_laughs(tmp_path: Path) -> None:
    """The billion-laughs file is refused at the alias that passes the budget, before anything
    is expanded."""
    lines = ['a0: &a0 ["哈"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    problem = _yaml_problem(tmp_path, "\n".join(lines) + "\n")
    documented("yaml.too-large", problem[1])
    expected = (
        "第 7 行第 10 列：内容过多：展开别名后超过 300,000 个节点（一份报告约 2,000 个），不像一份年度报告"
    )
    assert problem == ("", f"不是有效的 YAML：{expected}")


@entry("yaml.too-large")
def test_yaml_too_many_nodes_without_aliases(tmp_path: Path) -> None:
    problem = _yaml_problem(tmp_path, "preamble:\n" + "- 段\n" * 300_000)
    documented("yaml.too-large", problem[1])
    # 3 nodes before the list's items (the mapping, its key, the list): item 299,998 passes
    assert problem[1].startswith("不是有效的 YAML：第 299999 行第 3 列：内容过多")


@entry("yaml.tab")
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("agency: 某局\nactive_disclosure:\n\tlicensing: 0\n", "第 3 行第 1 列"),
        ("active_disclosure:\n  licensing: 0\n  \tpunishment: 0\n", "第 3 行第 3 列"),
    ],
)
def test_yaml_tab_for_indentation(tmp_path: Path, text: str, where: str) -> None:
    """A TAB typed for indentation, at the line's start or after spaces."""
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.tab", problem[1])
    message = "这一行用了 TAB 键缩进：YAML 只能用空格缩进，请把 TAB 换成空格"
    assert problem == ("", f"不是有效的 YAML：{where}：{message}")


def _report_yaml(change: Callable[[str], str] | None = None) -> str:
    """The minimal report as YAML, rows of 表三 as flow lists, changed by ``change``."""
    text = re.sub(
        r"(\n( *)\w+):\n(?:\2- 0\n){6}", r"\1: [0, 0, 0, 0, 0, 0]\n", io_yaml.yaml_dumps(minimal_dict())
    )
    text = text.replace("year: 2024\n", "year: 2024\noverview:\n  subsections: []\n")
    assert gd.from_dict(io_yaml.yaml_loads(text)) == gd.from_dict(minimal_dict())
    if change is None:
        return text
    changed = change(text)
    assert changed != text
    return changed


def _where(text: str, needle: str, offset: int = 0) -> str:
    """``第 L 行第 C 列`` of the first ``needle`` in ``text`` (plus ``offset`` columns)."""
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1 + offset
    return f"第 {line} 行第 {column} 列"


FULL_WIDTH_COLON = "键 {key} 后面用了全角冒号“：”：请改用半角冒号“:”，并在冒号后加一个空格"


@entry("yaml.fullwidth-colon")
@pytest.mark.parametrize(
    ("written", "key"),
    [("agency： 某局", "agency"), ("year：2024", "year"), ("  licensing： 0", "licensing")],
)
def test_yaml_full_width_colon_breaks_the_mapping(tmp_path: Path, written: str, key: str) -> None:
    """A key typed with a full-width colon makes its line a text, which breaks the mapping: the
    message names that line and key, not the next line, where the reader stopped."""
    plain = written.replace("：", ": ").replace(":  ", ": ")
    text = _report_yaml(lambda t: t.replace(plain, written))
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.fullwidth-colon", problem[1])
    assert problem == ("", f"不是有效的 YAML：{_where(text, key)}：{FULL_WIDTH_COLON.format(key=key)}")


@entry("yaml.fullwidth-colon")
def test_yaml_full_width_colon_in_a_list_of_subsections(tmp_path: Path) -> None:
    """``- title： 主动公开情况`` is a text where a subsection belongs: told at its path."""
    text = _report_yaml(
        lambda t: t.replace("  subsections: []\n", "  subsections:\n  - title： 主动公开情况\n")
    )
    error = file_errors(tmp_path, "r.yaml", text)
    documented("yaml.fullwidth-colon", only(error)[1])
    message = f"{_where(text, 'title')}：{FULL_WIDTH_COLON.format(key='title')}"
    assert only(error) == ("overview.subsections.0", f"一、总体情况 / 小节 / 第1项: {message}")


@entry("yaml.fullwidth-colon")
def test_yaml_full_width_colon_in_a_one_line_file(tmp_path: Path) -> None:
    error = file_errors(tmp_path, "r.yaml", "agency： 某局\n")
    documented("yaml.fullwidth-colon", only(error)[1])
    assert only(error) == ("", f"第 1 行第 1 列：{FULL_WIDTH_COLON.format(key='agency')}")


@entry("yaml.colon-space")
def test_yaml_colon_without_a_space_breaks_the_mapping(tmp_path: Path) -> None:
    text = _report_yaml(lambda t: t.replace("  licensing: 0", "  licensing:0"))
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.colon-space", problem[1])
    message = "键 licensing 的冒号后面缺少空格：请写成“licensing: 值”"
    expected = f"不是有效的 YAML：{_where(text, 'licensing')}：{message}"
    assert problem == ("", expected)


@entry("yaml.colon-space")
@pytest.mark.parametrize(
    ("text", "path", "label", "shown"),
    [
        ("agency:某局\nyear:2024\n", "", "", "agency:某局 year:2024"),
        (None, "overview.subsections.0", "一、总体情况 / 小节 / 第1项: ", "title:主动公开情况"),
    ],
)
def test_yaml_colon_without_a_space_makes_a_text(
    tmp_path: Path, text: str | None, path: str, label: str, shown: str
) -> None:
    """Where the line becomes a text in place of a mapping, the error there says why."""
    if text is None:
        text = _report_yaml(lambda t: t.replace("  subsections: []\n", f"  subsections:\n  - {shown}\n"))
    error = file_errors(tmp_path, "r.yaml", text)
    documented("yaml.colon-space", only(error)[1])
    key = shown.split(":", maxsplit=1)[0]
    message = f"键 {key} 的冒号后面缺少空格，YAML 把“{shown}”读成了一段文字：请写成“{key}: 值”"
    assert only(error) == (path, f"{label}{_where(text, key)}：{message}")


FULL_WIDTH_COMMA = "数字之间用了{comma}，YAML 把“{text}”读成了一段文字：请改用半角逗号，写成 {instead}"
NEW = "一、本年新收政府信息公开申请数量"


@entry("yaml.fullwidth-comma")
@pytest.mark.parametrize(
    "case",
    [
        (
            "[1，0，0，0，0，0]",
            "1，0，0，0，0，0",
            "applications.new",
            NEW,
            "全角逗号“，”",
            "[1, 0, 0, 0, 0, 0]",
        ),
        (
            "1，0，0，0，0，0",
            "1，0，0，0，0，0",
            "applications.new",
            NEW,
            "全角逗号“，”",
            "[1, 0, 0, 0, 0, 0]",
        ),
        ("[1、0、0、0、0、0]", "1、0、0、0、0、0", "applications.new", NEW, "顿号“、”", "[1, 0, 0, 0, 0, 0]"),
        (
            "[1, 0, 0, 0, 0，0, 0]",
            "0，0",
            "applications.new.legal_services",
            f"{NEW} / 法律服务机构",
            "全角逗号“，”",
            "0, 0",
        ),
    ],
)
def test_yaml_full_width_commas_in_a_row(tmp_path: Path, case: tuple[str, ...]) -> None:
    """``new: [1，0，0，0，0，0]`` is a list of one text: the row's error says why, with the line;
    one full-width comma among half-width ones is named at its cell."""
    written, shown, path, label, comma, instead = case
    text = _report_yaml(lambda t: t.replace("  new: [0, 0, 0, 0, 0, 0]", f"  new: {written}"))
    error = file_errors(tmp_path, "r.yaml", text)
    documented("yaml.fullwidth-comma", only(error)[1])
    message = FULL_WIDTH_COMMA.format(comma=comma, text=shown, instead=instead)
    assert only(error) == (path, f"{label}: {_where(text, shown)}：{message}")


@entry("yaml.fullwidth-digit")
@pytest.mark.parametrize(
    "case",
    [
        ("licensing: 0", "licensing: ３", "active_disclosure.licensing", LICENSING, "３", "3"),
        ("year: 2024", "year: ２０２４", "year", "报告年度", "２０２４", "2024"),
        (
            "  new: [0, 0,",
            "  new: [0, １２,",
            "applications.new.commercial",
            f"{NEW} / 商业企业",
            "１２",
            "12",
        ),
    ],
)
def test_yaml_full_width_digits_in_a_count(tmp_path: Path, case: tuple[str, ...]) -> None:
    """A count typed in full-width digits is a text for YAML: refused at its path with its line."""
    plain, written, path, label, text, ascii = case
    yaml_text = _report_yaml(lambda t: t.replace(plain, written))
    error = file_errors(tmp_path, "r.yaml", yaml_text)
    documented("yaml.fullwidth-digit", only(error)[1])
    expected = f"{label}: {_where(yaml_text, text)}：“{text}”是全角数字，请改用半角数字 {ascii}"
    assert only(error) == (path, expected)


def test_yaml_full_width_digits_in_a_fee_are_read(tmp_path: Path) -> None:
    """A fee typed in full-width digits is read as its number (docs/format.md), unquoted too."""
    path = _written(tmp_path / "r.yaml", _report_yaml(lambda t: t.replace("fees: '0'", "fees: １２．５０")))
    assert gd.to_dict(gd.load(path))["active_disclosure"]["fees"] == "12.50"


@entry("yaml.fullwidth-space")
def test_yaml_full_width_space_breaks_the_mapping(tmp_path: Path) -> None:
    """A line indented with full-width spaces ends the mapping above it; the reader stops on
    the next line, the message names this one."""
    text = _report_yaml(lambda t: t.replace("  licensing: 0", "\u3000\u3000licensing: 0"))
    problem = _yaml_problem(tmp_path, text)
    documented("yaml.fullwidth-space", problem[1])
    where = _where(text, "\u3000")
    expected = f"不是有效的 YAML：{where}：这一行开头用了全角空格“　”缩进：请改用半角空格"
    assert problem == ("", expected)


@entry("yaml.fullwidth-space")
def test_yaml_full_width_space_makes_an_unknown_key(tmp_path: Path) -> None:
    """``  　licensing: 0`` is read as an unknown key ``　licensing``: that error says why (the
    missing licensing is still named)."""
    text = _report_yaml(lambda t: t.replace("  licensing: 0", "  \u3000licensing: 0"))
    error = file_errors(tmp_path, "r.yaml", text)
    key = "\u3000licensing"
    [unknown] = [e for e in error.errors if e[0].endswith(key)]
    documented("yaml.fullwidth-space", unknown[1])
    message = f"{_where(text, key)}：键“{key}”前面用了全角空格“　”缩进：请改用半角空格"
    assert unknown == (f"active_disclosure.{key}", f"二、主动公开政府信息情况 / {key}: {message}")
    assert ("active_disclosure.licensing", f"{LICENSING}: 缺少必填项") in error.errors


@entry("yaml.tag")
def test_yaml_python_tag(tmp_path: Path) -> None:
    """A tag that would run a command is refused; nothing is run."""
    marker = tmp_path / "ran"
    problem = _yaml_problem(tmp_path, f"agency: !!python/object/apply:os.system ['touch {marker}']\n")
    documented("yaml.tag", problem[1])
    expected = (
        "不是有效的 YAML：第 1 行第 9 列："
        "不支持 YAML 标签 'tag:yaml.org,2002:python/object/apply:os.system'："
        "数据文件只应含文本、数字、列表和映射"
    )
    assert ("", expected) == problem
    assert not marker.exists()


@entry("yaml.too-deep")
def test_yaml_too_deep(tmp_path: Path) -> None:
    """100,000 nested flow lists stop at level 65 with an InputError, not a RecursionError."""
    problem = _yaml_problem(tmp_path, "[" * 100_000 + "]" * 100_000)
    documented("yaml.too-deep", problem[1])
    # where reading stops: level 65 with the pure-Python reader, libyaml's own limit with the C one
    assert problem[0] == ""
    assert re.fullmatch(r"不是有效的 YAML：第 1 行第 (65|1001) 列：嵌套层数过多（超过 64 层）", problem[1])


@entry("yaml.number-form")
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("010", "整数 '010' 应写成普通的十进制数字（如 10）"),
        ("1:20", "整数 '1:20' 应写成普通的十进制数字（如 10）"),
        ("0x1F", "整数 '0x1F' 应写成普通的十进制数字（如 10）"),
        ("1_000", "整数 '1_000' 应写成普通的十进制数字（如 10）"),
        ("1:20.5", "'1:20.5' 不是有效的数字"),
        ("1_000.5", "'1_000.5' 不是有效的数字"),
    ],
)
def test_yaml_number_forms(tmp_path: Path, value: str, reason: str) -> None:
    """YAML 1.1 would read ``010`` as 8 and ``1:20`` as 80: such forms are refused."""
    problem = _yaml_problem(tmp_path, f"agency: 某局\nyear: 2024\nlicensing: {value}\n")
    documented("yaml.number-form", problem[1])
    assert ("", f"不是有效的 YAML：第 3 行第 12 列：{reason}") == problem


@entry("yaml.number-too-long")
def test_yaml_number_too_long(tmp_path: Path) -> None:
    problem = _yaml_problem(tmp_path, "year: " + "2" * 200 + "\n")
    documented("yaml.number-too-long", problem[1])
    assert problem == (
        "",
        "不是有效的 YAML：第 1 行第 7 列：数字过长（200 位，最多 100 位）：22222222222222222222…",
    )


@entry("yaml.character")
def test_yaml_raw_control_character(tmp_path: Path) -> None:
    problem = _yaml_problem(tmp_path, "agency: 某局\ntitle: 标\x0c题\n")
    documented("yaml.character", problem[1])
    assert problem == ("", "不是有效的 YAML：第 2 行第 9 列：含有 YAML 不允许直接写出的字符 U+000C")


# --- files ----------------------------------------------------------------------------------


@entry("file.unknown-suffix")
def test_unknown_suffix_on_load(tmp_path: Path) -> None:
    error = file_errors(tmp_path, "r.txt", "agency: 某局\n")
    documented("file.unknown-suffix", only(error)[1])
    assert only(error) == ("", "不认识的文件类型 '.txt'：数据文件应为 .json、.yaml 或 .yml")


@entry("file.unknown-suffix")
def test_unknown_suffix_on_dump(tmp_path: Path) -> None:
    """``dump`` refuses a suffix it cannot write, and writes nothing."""
    path = tmp_path / "r.toml"
    with pytest.raises(gd.InputError) as info:
        gd.dump(gd.from_dict(minimal_dict()), path)
    documented("file.unknown-suffix", only(info.value)[1])
    assert (
        only(info.value),
        path.exists(),
    ) == (("", "不认识的文件类型 '.toml'：数据文件应为 .json、.yaml 或 .yml"), False)


@entry("file.too-large")
def test_file_too_large(tmp_path: Path) -> None:
    """A file over the limit is refused from its size, before it is read."""
    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(io_data.MAX_INPUT_BYTES + 1)  # sparse: no 16 MB written
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    documented("file.too-large", only(info.value)[1])
    assert only(info.value) == ("", "文件过大（超过 16 MB），不像一份年度报告")


NOT_UTF8 = (
    "不是 UTF-8 编码：第 {n} 个字节无法解读（可能是 GBK/GB18030 等编码）："
    "请在编辑器中“另存为”，编码选 UTF-8（Windows 记事本：文件 → 另存为 → 编码 → UTF-8）"
)


@entry("file.not-utf8")
@pytest.mark.parametrize(("encoding", "at"), [("gbk", 11), ("gb18030", 11)])
def test_file_not_utf8(tmp_path: Path, encoding: str, at: int) -> None:
    """GBK and GB18030 are refused, naming them as the likely cause and saying how to save as
    UTF-8 (某 happens to be valid UTF-8 in GBK; 局 is not)."""
    error = file_errors(tmp_path, "r.yaml", "agency: 某局\n".encode(encoding))
    documented("file.not-utf8", only(error)[1])
    assert only(error) == ("", NOT_UTF8.format(n=at))


@entry("file.not-utf8")
def test_bytes_not_utf8() -> None:
    """``loads`` reads bytes as UTF-8 too, and names the first byte it cannot read."""
    with pytest.raises(gd.InputError) as info:
        gd.loads('{"agency": "报告"}'.encode("gbk"))
    documented("file.not-utf8", only(info.value)[1])
    assert only(info.value) == ("", NOT_UTF8.format(n=13))


@entry("file.bad-bom")
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"\xff\xfe" + "agency: 某局\n".encode("utf-16-le")[:-1],
            "文件以 UTF-16 的字节顺序标记开头，但第 23 个字节起不是有效的 UTF-16（请另存为 UTF-8）",
        ),
        (
            b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00",
            "文件以 UTF-32 的字节顺序标记开头，但第 5 个字节起不是有效的 UTF-32（请另存为 UTF-8）",
        ),
        (
            b"\xef\xbb\xbf" + "agency: 某局".encode("gbk"),
            "文件以 UTF-8 的字节顺序标记开头，但第 14 个字节起不是有效的 UTF-8（请另存为 UTF-8）",
        ),
    ],
)
def test_file_bad_after_its_byte_order_mark(tmp_path: Path, content: bytes, expected: str) -> None:
    """A byte-order mark followed by something else: cut-short UTF-16, a code point beyond
    Unicode in UTF-32, GBK after a UTF-8 mark."""
    error = file_errors(tmp_path, "r.yaml", content)
    documented("file.bad-bom", only(error)[1])
    assert only(error) == ("", expected)


def test_utf8_byte_order_mark_accepted(tmp_path: Path) -> None:
    """A UTF-8 file saved with a byte-order mark reads like one without."""
    path = tmp_path / "r.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal_dict()).encode("utf-8"))
    assert gd.from_dict(minimal_dict()) == gd.load(path)


@entry("file.not-found")
def test_file_not_found(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(FileNotFoundError) as info:
        gd.load(path)
    documented("file.not-found", str(info.value))
    assert str(path) == info.value.filename


def _refused_write(target: Path, example: gd.Report) -> str:
    """The message of the OutputError that ``gd.write`` (text) of ``example`` raises for ``target``."""
    with pytest.raises(OutputError) as info:
        gd.write(example, target, "text")
    return str(info.value)


@entry("file.write-failed")
def test_write_on_a_full_disk_names_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], example: gd.Report
) -> None:
    """``render -o`` on a full disk: the output is named (not the input), the old file is kept."""
    from tests.test_files import _full_disk

    source = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(gd.to_dict(example)))
    out = _written(tmp_path / "r.txt", "上一版")
    _full_disk(monkeypatch)
    status, err = _cli(["render", str(source), "-o", str(out)], capsys)
    documented("file.write-failed", err.splitlines()[0])
    assert (2, f"{out}：磁盘空间不足，未写出（原有文件不变）\n") == (status, err)
    assert (out.read_text(encoding="utf-8"), sorted(p.name for p in tmp_path.iterdir())) == (
        "上一版",
        ["r.txt", "r.yaml"],
    )


@entry("file.write-failed")
def test_write_into_a_missing_directory_names_the_output(tmp_path: Path, example: gd.Report) -> None:
    """``dump`` into a directory that does not exist names the output and the directory."""
    target = tmp_path / "没有的目录" / "r.json"
    with pytest.raises(OutputError) as info:
        gd.dump(example, target)
    documented("file.write-failed", str(info.value))
    assert str(info.value) == f"{target}：目录 {target.parent} 不存在"


@entry("file.write-failed")
def test_write_under_a_file_names_the_output(tmp_path: Path, example: gd.Report) -> None:
    """A path through a file (``a.txt/r.txt``) names the output."""
    target = _written(tmp_path / "a.txt", "") / "r.txt"
    message = _refused_write(target, example)
    documented("file.write-failed", message)
    assert message == f"{target}：路径 {target.parent} 中有一部分不是目录"


@entry("file.write-failed")
def test_write_without_permission_names_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: gd.Report
) -> None:
    """A directory that cannot be written (EACCES; simulated, since root may write anywhere)."""
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".r.txt.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    message = _refused_write(tmp_path / "r.txt", example)
    documented("file.write-failed", message)
    assert message == f"{tmp_path / 'r.txt'}：没有写入权限"


@entry("file.not-regular")
def test_write_to_a_device_is_refused(example: gd.Report) -> None:
    """``write(report, "/dev/null")`` does not replace the device."""
    if os.name != "posix":
        pytest.skip("POSIX devices")
    message = _refused_write(Path(os.devnull), example)
    documented("file.not-regular", message)
    assert (message, Path(os.devnull).is_char_device()) == (
        f"{os.devnull}：是字符设备，不是普通文件，拒绝写入",
        True,
    )


@entry("file.not-regular")
def test_render_to_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example: gd.Report
) -> None:
    source = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(gd.to_dict(example)))
    target = tmp_path / "文档"
    target.mkdir()
    status, err = _cli(["render", str(source), "-o", str(target), "-f", "text"], capsys)
    documented("file.not-regular", err.splitlines()[0])
    assert (2, f"{target}：是一个目录，不是普通文件，拒绝写入\n") == (status, err)


@entry("file.symlink-outside")
def test_parse_through_a_link_out_of_the_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example: gd.Report
) -> None:
    """``parse -o out/r.yaml`` where ``out/r.yaml`` links to a file elsewhere: nothing written."""
    if os.name != "posix":
        pytest.skip("POSIX symbolic links")
    source = _written(tmp_path / "r.json", json.dumps(gd.to_dict(example), ensure_ascii=False))
    (tmp_path / "其他").mkdir()
    other = _written(tmp_path / "其他" / "keep.yaml", "别人的文件")
    link = tmp_path / "out" / "r.yaml"
    link.parent.mkdir()
    link.symlink_to(other)
    status, err = _cli(["parse", str(source), "-o", str(link)], capsys)
    documented("file.symlink-outside", err.splitlines()[0])
    assert (status, other.read_text(encoding="utf-8")) == (2, "别人的文件")
    assert err.startswith(f"{link}：是指向 {other} 的符号链接")


@entry("file.read-only")
def test_render_over_a_read_only_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example: gd.Report
) -> None:
    source = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(gd.to_dict(example)))
    target = _written(tmp_path / "定稿.txt", "定稿")
    target.chmod(0o444)
    status, err = _cli(["render", str(source), "-o", str(target)], capsys)
    documented("file.read-only", err.splitlines()[0])
    assert (2, f"{target}：是只读文件，拒绝替换\n", "定稿") == (
        status,
        err,
        target.read_text(encoding="utf-8"),
    )


# --- the report as a whole, rendering -------------------------------------------------------


def _inconsistent() -> dict[str, Any]:
    return with_change(lambda d: d["applications"].update(new=[0, 2, 0, 0, 0, 0]))


@entry("report.inconsistent")
def test_inconsistent_from_a_file(tmp_path: Path) -> None:
    """A report whose 表三 columns do not balance is refused with its findings."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_inconsistent()), encoding="utf-8")
    with pytest.raises(gd.InconsistentReportError) as info:
        gd.load(path)
    head, *lines = str(info.value).splitlines()
    documented("report.inconsistent", head)
    assert head == "报告数据不符合勾稽关系，共 2 处错误："
    assert lines[0].startswith("  [table3.balance] applications.*.commercial: 表三“商业企业”列：")
    assert {("table3.balance", "applications.*.commercial"), ("table3.balance", "applications.*.total")} == {
        (f.rule, f.path) for f in info.value.findings
    }


@entry("render.inconsistent")
def test_render_refuses_inconsistent(tmp_path: Path) -> None:
    """render and write refuse an inconsistent report, and write nothing."""
    report = gd.from_dict(_inconsistent(), strict=False)
    with pytest.raises(gd.InconsistentReportError) as info:
        gd.render(report, "text")
    documented("render.inconsistent", str(info.value).splitlines()[0])
    target = tmp_path / "r.html"
    with pytest.raises(gd.InconsistentReportError):
        gd.write(report, target)
    assert not target.exists()


@entry("render.unknown-format")
def test_render_unknown_format_name() -> None:
    with pytest.raises(UnknownFormatError) as info:
        gd.render(gd.from_dict(minimal_dict()), "pdf")
    documented("render.unknown-format", str(info.value))
    assert str(info.value) == "不认识的格式 'pdf'：可用 text, markdown, html, docx, xlsx"


@entry("render.unknown-format")
def test_write_unknown_suffix(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    with pytest.raises(UnknownFormatError) as info:
        gd.write(gd.from_dict(minimal_dict()), target)
    documented("render.unknown-format", str(info.value))
    assert not target.exists()


@entry("render.profile-unit")
@pytest.mark.parametrize(("field", "value"), [("margin_top", 30), ("body_size", 16)])
def test_layout_refuses_a_bare_number(field: str, value: int) -> None:
    """``Layout(margin_top=30)`` was 30 twips (0.5 mm): now a bare number is refused."""
    from gov_disclosure.render.docx import Layout

    with pytest.raises(gd.InputError) as info:
        Layout(**{field: value})
    path, message = only(info.value)
    documented("render.profile-unit", message)
    assert path == f"profile.{field}"
    assert str(info.value).startswith("DOCX 版式: 输入有 1 处问题：")


@entry("render.profile-size")
@pytest.mark.parametrize("value", ["三号字", "pt(10.3)"])
def test_layout_refuses_a_size_it_cannot_write(value: str) -> None:
    """An unknown size name, or a size between half-points."""
    from gov_disclosure.render.docx import Layout, pt

    size: object = pt(10.3) if value == "pt(10.3)" else value
    with pytest.raises(gd.InputError) as info:
        Layout(table_font_size=size)  # type: ignore[arg-type]
    path, message = only(info.value)
    documented("render.profile-size", message)
    assert path == "profile.table_font_size"


# --- parsing --------------------------------------------------------------------------------


def _parser() -> Callable[[str], Any]:
    module = pytest.importorskip("gov_disclosure.parse")
    parse = getattr(module, "parse", None)
    if parse is None:
        pytest.skip("gov_disclosure.parse.parse is not there yet")
    return parse  # type: ignore[no-any-return]


def _parse_error(path: Path) -> gd.ParseError:
    parse = _parser()
    with pytest.raises(gd.ParseError) as info:
        parse(str(path))
    return info.value


@entry("parse.not-a-report")
def test_parse_not_a_report(tmp_path: Path) -> None:
    """A notice is not a report: ParseError saying where reading stopped."""
    path = _written(
        tmp_path / "notice.txt", "关于开展安全生产检查的通知\n\n各单位：\n请于本月底前完成自查。\n"
    )
    error = _parse_error(path)
    documented("parse.not-a-report", str(error))
    assert (str(path), True) == (error.source, bool(error.where and error.reason))


@entry("parse.file-not-found")
@pytest.mark.parametrize(
    ("name", "reason"), [("missing.html", "找不到文件"), ("folder.txt", "这是一个目录，不是文件")]
)
def test_parse_file_not_found(tmp_path: Path, name: str, reason: str) -> None:
    """A file name that names no file (or a folder) is refused saying so, not read as text."""
    (tmp_path / "folder.txt").mkdir()
    error = _parse_error(tmp_path / name)
    documented("parse.file-not-found", str(error))
    assert (str(tmp_path / name), "文件", reason) == (error.source, error.where, error.reason)


@entry("parse.encoding")
@pytest.mark.parametrize(
    ("content", "where"),
    [(bytes(range(256)) * 64, "全文"), (b"\x00\x01" * 3000, "全文"), (b"%PDF-1.4\n\xe2\xe3", "文件开头")],
)
def test_parse_encoding_undetermined(tmp_path: Path, content: bytes, where: str) -> None:
    """Random binary, NUL-riddled data or a PDF saved as .txt: the encoding cannot be determined."""
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    error = _parse_error(path)
    documented("parse.encoding", str(error))
    assert (str(path), where) == (error.source, error.where)


@entry("parse.zip-bomb")
@pytest.mark.parametrize("megabytes", [64, 2])
def test_parse_zip_bomb(tmp_path: Path, megabytes: int) -> None:
    """A DOCX whose document part inflates a thousandfold is refused before it is inflated:
    64 MB for its size, 2 MB for its compression ratio."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", b" " * (megabytes * 1024 * 1024))
    error = _parse_error(path)
    documented("parse.zip-bomb", str(error))
    assert (str(path), True) == (error.source, bool(error.reason))


@entry("parse.too-large")
@pytest.mark.parametrize(
    ("name", "content"),
    [("huge.txt", "我局\n" * 200_000), ("huge.html", "<p>x</p>" * 250_000), ("huge.md", "我" * 8_000_001)],
)
def test_parse_too_large(tmp_path: Path, name: str, content: str) -> None:
    """A document far larger than any report is refused at once, naming the limit."""
    path = _written(tmp_path / name, content)
    error = _parse_error(path)
    documented("parse.too-large", str(error))
    assert (str(path), "全文") == (error.source, error.where)


@entry("parse.too-large")
def test_parse_docx_too_large(tmp_path: Path) -> None:
    """A DOCX with more paragraphs than a hundred reports is refused before it is parsed."""
    report = gd.from_dict(minimal_dict())
    data = gd.render(report, "docx")
    assert isinstance(data, bytes)
    original = tmp_path / "report.docx"
    original.write_bytes(data)
    path = tmp_path / "huge.docx"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 30_001, 1)
            dst.writestr(info.filename, part)
    error = _parse_error(path)
    documented("parse.too-large", str(error))
    assert (str(path), "全文") == (error.source, error.where)


@entry("parse.truncated-table")
def test_parse_fragment_ending_mid_table(tmp_path: Path) -> None:
    """A copy that stops inside 表三 is refused with the line where the table stopped."""
    lines = (CORPUS / "00_shanghang_gxkj_2024.txt").read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if "属于国家秘密" in line)
    path = _written(tmp_path / "fragment.txt", "\n".join(lines[:cut]) + "\n")
    error = _parse_error(path)
    documented("parse.truncated-table", str(error))
    assert (str(path), True) == (error.source, bool(error.where))


def _pdf_error(tmp_path: Path, name: str, data: bytes) -> gd.ParseError:
    path = tmp_path / name
    path.write_bytes(data)
    return _parse_error(path)


@entry("parse.pdf-damaged")
@pytest.mark.parametrize(
    "data",
    [
        b"<html>not a PDF, named .pdf</html>",
        b"%PDF-1.7\n" + bytes(range(256)) * 16,
        (CORPUS / "01_huaian_city_gov_2024.pdf").read_bytes()[:4000]
        if (CORPUS / "01_huaian_city_gov_2024.pdf").is_file()
        else b"%PDF-1.4\n",
    ],
)
def test_parse_pdf_damaged(tmp_path: Path, data: bytes) -> None:
    """A .pdf that is not one, or that is cut off before its first page can be rebuilt."""
    error = _pdf_error(tmp_path, "report.pdf", data)
    documented("parse.pdf-damaged", str(error))
    assert (str(tmp_path / "report.pdf"), error.where) == (error.source, "文件开头")


@entry("parse.pdf-encrypted")
def test_parse_pdf_encrypted(tmp_path: Path) -> None:
    """A PDF that asks for a password."""
    from tests import pdf_samples

    error = _pdf_error(tmp_path, "secret.pdf", pdf_samples.encrypted())
    documented("parse.pdf-encrypted", str(error))


@entry("parse.pdf-scanned")
@pytest.mark.parametrize("kind", ["images", "ocr layer", "no text", "images and no rules"])
def test_parse_pdf_scanned(tmp_path: Path, kind: str) -> None:
    """A scan (page images, with or without an OCR layer) or a PDF with no text: refused with
    the OCR message, never half read."""
    from tests import pdf_samples

    real = CORPUS / "01_huaian_city_gov_2024.pdf"
    if kind != "no text" and not real.is_file():
        pytest.skip(f"corpus PDF {real} is missing")
    data = {
        "images": lambda: pdf_samples.scanned(real, pages=3),
        "ocr layer": lambda: pdf_samples.scanned(real, pages=2, ocr_text="OCR " * 40),
        "no text": pdf_samples.blank,
        "images and no rules": lambda: pdf_samples.with_page_images(pdf_samples.without_rules(real)),
    }[kind]()
    error = _pdf_error(tmp_path, "scan.pdf", data)
    documented("parse.pdf-scanned", str(error))
    assert "OCR" in error.reason


@entry("parse.pdf-too-large")
@pytest.mark.parametrize("kind", ["pages", "page size"])
def test_parse_pdf_too_large(tmp_path: Path, kind: str) -> None:
    """100,000 pages (a page tree of repeated references), a page 5,000,000 points wide."""
    from tests import pdf_samples

    data = pdf_samples.many_pages() if kind == "pages" else pdf_samples.huge_page()
    error = _pdf_error(tmp_path, "huge.pdf", data)
    documented("parse.pdf-too-large", str(error))


@entry("parse.pdf-too-large")
@pytest.mark.parametrize(("limit", "value"), [("MAX_CHARS", 100), ("MAX_OBJECTS", 100)])
def test_parse_pdf_too_many_characters_or_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int
) -> None:
    """The character and object limits, lowered so that the real report exceeds them."""
    from gov_disclosure.parse import pdf

    real = CORPUS / "01_huaian_city_gov_2024.pdf"
    if not real.is_file():
        pytest.skip(f"corpus PDF {real} is missing")
    default = getattr(pdf, limit)
    monkeypatch.setattr(pdf, limit, value)
    error = _pdf_error(tmp_path, "report.pdf", real.read_bytes())
    assert f"超过 {value} 个" in str(error)
    documented("parse.pdf-too-large", str(error).replace(f"超过 {value} 个", f"超过 {default} 个"))


@entry("parse.pdf-bomb")
@pytest.mark.parametrize("kind", ["content stream", "object stream"])
def test_parse_pdf_bomb(tmp_path: Path, kind: str) -> None:
    """A content stream or object stream that inflates to 64 MB: refused before PDFium opens it."""
    from tests import pdf_samples

    data = pdf_samples.deflate_bomb() if kind == "content stream" else pdf_samples.object_stream_bomb()
    error = _pdf_error(tmp_path, "bomb.pdf", data)
    documented("parse.pdf-bomb", str(error))


# --- workbooks ----------------------------------------------------------------------------------


def _workbook(change: Callable[[Any], None] | None = None, report: gd.Report | None = None) -> bytes:
    """A workbook of the library (of ``report``, the minimal one by default), edited in openpyxl
    by ``change`` as a clerk's edit would."""
    import io

    import openpyxl

    data = gd.render(report or gd.from_dict(minimal_dict()), "xlsx")
    assert isinstance(data, bytes)
    if change is None:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_errors(tmp_path: Path, data: bytes) -> tuple[list[tuple[str, str]], gd.ParseError]:
    """The problems ``load`` lists, and the ``ParseError`` of ``parse``, of the same file."""
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    with pytest.raises(gd.InputError) as loaded:
        gd.load(path)
    assert loaded.value.source == str(path)
    with pytest.raises(gd.ParseError) as parsed:
        gd.parse(path)
    return loaded.value.errors, parsed.value


def _both(entry_id: str, tmp_path: Path, data: bytes) -> tuple[list[tuple[str, str]], gd.ParseError]:
    errors, parsed = _xlsx_errors(tmp_path, data)
    for _, message in errors:
        documented(entry_id, message)
    documented(entry_id, str(parsed))
    return errors, parsed


@entry("xlsx.old-format")
def test_xlsx_old_format(tmp_path: Path) -> None:
    """An Excel 97–2003 .xls named .xlsx."""
    from gov_disclosure.io.xlsx import OLE_MAGIC

    _, parsed = _both("xlsx.old-format", tmp_path, OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    assert parsed.where == "文件开头"


@entry("xlsx.encrypted")
def test_xlsx_encrypted(tmp_path: Path) -> None:
    """A workbook with an open password: an OLE container holding EncryptionInfo."""
    from gov_disclosure.io.xlsx import OLE_MAGIC

    data = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    _both("xlsx.encrypted", tmp_path, data)


@entry("xlsx.not-a-workbook")
@pytest.mark.parametrize("kind", ["not a zip", "docx", "damaged"])
def test_xlsx_not_a_workbook(tmp_path: Path, kind: str) -> None:
    """A text, a Word document, a workbook part that is not XML, each named .xlsx."""
    import io

    if kind == "not a zip":
        data = "报告机关,某局\n".encode()
    elif kind == "docx":
        docx = gd.render(gd.from_dict(minimal_dict()), "docx")
        assert isinstance(docx, bytes)
        data = docx
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(_workbook())) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                part = src.read(info.filename)
                dst.writestr(info.filename, b"<broken" if info.filename == "xl/workbook.xml" else part)
        data = out.getvalue()
    _both("xlsx.not-a-workbook", tmp_path, data)


@entry("xlsx.zip-bomb")
@pytest.mark.parametrize("megabytes", [64, 2])
def test_xlsx_zip_bomb(tmp_path: Path, megabytes: int) -> None:
    """A sheet that inflates a thousandfold, refused from the zip directory."""
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (megabytes * 1024 * 1024))
    _, parsed = _both("xlsx.zip-bomb", tmp_path, path.read_bytes())
    assert parsed.where == "zip 目录"


@entry("xlsx.too-large")
def test_xlsx_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More cells than any report's workbook (the limit lowered so a real workbook exceeds it)."""
    from gov_disclosure.io import xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 100)
    errors, parsed = _xlsx_errors(tmp_path, _workbook())
    message = str(parsed).replace("超过 100 个", "超过 200000 个")
    documented("xlsx.too-large", message)
    documented("xlsx.too-large", errors[0][1].replace("超过 100 个", "超过 200000 个"))


@entry("xlsx.dtd")
def test_xlsx_dtd(tmp_path: Path) -> None:
    """A sheet declaring an entity: refused before anything is parsed."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                part = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaa">]>' + part
            dst.writestr(info.filename, part)
    _both("xlsx.dtd", tmp_path, out.getvalue())


@entry("xlsx.not-ours")
def test_xlsx_not_ours(tmp_path: Path) -> None:
    """load() of a workbook made elsewhere: read it as a document instead."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "某局2024年度政府信息公开工作年度报告"
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "other.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    [(where, message)] = info.value.errors
    documented("xlsx.not-ours", message)
    assert where == ""


@entry("xlsx.missing-sheet")
@pytest.mark.parametrize("sheet", ["表四", "基本信息", "正文"])
def test_xlsx_missing_sheet(tmp_path: Path, sheet: str) -> None:
    """A deleted sheet is named."""
    errors, parsed = _both("xlsx.missing-sheet", tmp_path, _workbook(lambda b: b.remove(b[sheet])))
    assert (parsed.where, f"“{sheet}”" in parsed.reason, len(errors)) == ("工作簿", True, 1)


@entry("xlsx.moved-table")
@pytest.mark.parametrize("change", ["insert a row", "overwrite a label"])
def test_xlsx_moved_table(tmp_path: Path, change: str) -> None:
    """Rows inserted above 表三, or a label typed over: never read from guessed places."""

    def edit(book: Any) -> None:
        if change == "insert a row":
            book["表三"].insert_rows(3)
        else:
            book["表三"]["A5"] = "新收"

    _, parsed = _both("xlsx.moved-table", tmp_path, _workbook(edit))
    assert parsed.where.startswith("表三!")


@entry("xlsx.cell-value")
@pytest.mark.parametrize(
    ("cell", "value"),
    [("D5", "一"), ("D5", "３"), ("D5", "-3"), ("D5", 1.5), ("D5", -3), ("D5", "#DIV/0!"), ("fee", -1)],
)
def test_xlsx_cell_value(tmp_path: Path, cell: str, value: object) -> None:
    """A text, a fraction, a negative number, an error value in a number cell: the sheet, the
    cell and the official label."""
    sheet, at = ("表二", "B14") if cell == "fee" else ("表三", cell)
    errors, parsed = _both("xlsx.cell-value", tmp_path, _workbook(lambda b: b[sheet].__setitem__(at, value)))
    assert (parsed.where, errors[0][1].startswith(f"{sheet}!{at}：“")) == (f"{sheet}!{at}", True)


@entry("xlsx.formula-no-value")
def test_xlsx_formula_no_value(tmp_path: Path) -> None:
    """A leaf holding a formula with no saved result (openpyxl saves none): never computed."""
    _, parsed = _both(
        "xlsx.formula-no-value", tmp_path, _workbook(lambda b: b["表三"].__setitem__("E5", "=3+4"))
    )
    assert parsed.where == "表三!E5"


@entry("xlsx.unknown-format")
def test_xlsx_unknown_format(tmp_path: Path) -> None:
    _, parsed = _both(
        "xlsx.unknown-format", tmp_path, _workbook(lambda b: b["基本信息"].__setitem__("B4", "1999"))
    )
    assert parsed.where == "基本信息!B4"


@entry("xlsx.info")
@pytest.mark.parametrize(("cell", "value"), [("B2", "明年"), ("B2", 1999), ("B1", None)])
def test_xlsx_info(tmp_path: Path, cell: str, value: object) -> None:
    """A year that is none, an empty agency: named by their cell of 基本信息."""
    _, parsed = _both("xlsx.info", tmp_path, _workbook(lambda b: b["基本信息"].__setitem__(cell, value)))
    assert parsed.where == f"基本信息!{cell}"


@entry("xlsx.text-sheet")
@pytest.mark.parametrize(
    "row", [("七、其他", None, None, "x"), ("三", "（一）", "小节", "x"), ("一", "（一）", None, "x")]
)
def test_xlsx_text_sheet(tmp_path: Path, row: tuple[object, ...]) -> None:
    """A part that is none, a subsection in a table's section, a subsection without a title."""

    def edit(book: Any) -> None:
        for column, value in enumerate(row, start=1):
            book["正文"].cell(2, column, value)

    _, parsed = _both("xlsx.text-sheet", tmp_path, _workbook(edit))
    assert parsed.where.startswith("正文!")


# --- the command line -----------------------------------------------------------------------


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from gov_disclosure.cli import main

    status = main(args)
    return status, capsys.readouterr().err


@entry("cli.input-error")
def test_cli_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One line per problem: the file, the path, the message; exit status 2."""
    path = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(with_change(lambda d: d.update(agency=""))))
    status, err = _cli(["check", str(path)], capsys)
    documented("cli.input-error", err.splitlines()[0])
    assert (2, f"{path}：agency：报告机关: 不能为空") == (status, err.splitlines()[0])


@entry("cli.inconsistent")
def test_cli_inconsistent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A failed hard rule gives exit status 1 and one line per finding."""
    path = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(_inconsistent()))
    from gov_disclosure.cli import main

    status = main(["check", str(path)])
    out = capsys.readouterr()
    assert (status, "错误 [table3.balance]" in out.out + out.err) == (1, True)


@entry("cli.file-not-found")
def test_cli_file_not_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.yaml"
    status, err = _cli(["check", str(path)], capsys)
    documented("cli.file-not-found", err.splitlines()[0])
    assert (2, f"{path}：文件不存在") == (status, err.splitlines()[0])


@entry("cli.template")
@pytest.mark.parametrize("command", [["schema"], ["new", "--agency", "某局", "--year", "2020"]])
def test_cli_template(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    status, err = _cli([*command, "--template", "2018"], capsys)
    documented("cli.template", err.splitlines()[-1])
    assert status == 2


@entry("cli.jobs")
@pytest.mark.parametrize("value", ["0", "-1", "1.5", "x", "1_0", "３", "٣", ""])
def test_cli_jobs_must_be_a_positive_whole_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """``--jobs 0`` and the like: exit 2, one Chinese line (after the usage) naming --jobs."""
    path = _written(tmp_path / "r.yaml", io_yaml.yaml_dumps(minimal_dict()))
    status, err = _cli(["check", str(path), "--jobs", value], capsys)
    last = err.splitlines()[-1]
    documented("cli.jobs", last)
    assert (status, last.endswith(f"收到 {value!r}")) == (2, True)


def _dies(context: object, job: Any) -> object:
    """A check job whose worker dies hard on the file named ``dies.yaml``."""
    from gov_disclosure.cli.check import CheckOutcome

    if job.source.endswith("dies.yaml"):
        os._exit(7)
    return CheckOutcome(job.source, (), ())


@entry("cli.worker-died")
def test_cli_worker_died(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies stops the batch with one line saying how; exit 3; no worker is left."""
    import multiprocessing

    from gov_disclosure.cli import _jobs
    from gov_disclosure.cli import check as cli_check

    monkeypatch.setattr(_jobs, "available_cpus", lambda: 2)
    monkeypatch.setattr(cli_check, "check_job", _dies)
    text = io_yaml.yaml_dumps(minimal_dict())
    files = [str(_written(tmp_path / name, text)) for name in ("a.yaml", "dies.yaml", "b.yaml", "c.yaml")]
    try:
        status, err = _cli(["check", *files, "--jobs", "2"], capsys)
    finally:
        left = multiprocessing.active_children()
        for process in left:
            process.kill()
    documented("cli.worker-died", err.splitlines()[-1])
    assert (3, "（退出码 7）" in err, left) == (status, True, [])


# --- review -------------------------------------------------------------------------------


@entry("review.output")
def test_review_output_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = CORPUS / "00_shanghang_gxkj_2024.txt"
    (tmp_path / "out").write_text("x", encoding="utf-8")
    status, err = _cli(["review", str(report), "-o", str(tmp_path / "out")], capsys)
    documented("review.output", err.splitlines()[-1])
    assert status == 2
    (tmp_path / "index.html").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    status, err = _cli(["review", str(tmp_path / "index.html"), "-o", str(tmp_path)], capsys)
    documented("review.output", err.splitlines()[-1])
    assert (status, not (tmp_path / "summary.xlsx").exists()) == (2, True)
    status, err = _cli(["review", str(report), "-o", str(tmp_path / "out" / "sub")], capsys)
    documented("review.output", err.splitlines()[-1])
    assert status == 2


@entry("review.previous")
def test_review_previous_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = CORPUS / "00_shanghang_gxkj_2024.txt"
    status, err = _cli(
        ["review", str(report), "-o", str(tmp_path / "o"), "--previous", str(tmp_path / "x")], capsys
    )
    documented("review.previous", err.splitlines()[-1])
    assert status == 2


@entry("review.profile")
def test_review_profile_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gov_disclosure.review import load_profile

    def problems(data: object) -> list[str]:
        with pytest.raises(gd.InputError) as info:
            load_profile(data)  # type: ignore[arg-type]
        return [m for _, m in info.value.errors]

    messages = [
        *problems({"name": 3, "rules": [], "size": 1}),
        *problems(
            {"total": "十", "rules": {"table3.balanse": 1, "narratve.x": 1, "review.copied": {"cup": 1}}}
        ),
    ]
    messages.append(problems({"total": 1, "rules": {"review.copied": -1}})[0])
    for message in messages:
        documented("review.profile", message)
    with pytest.raises(gd.InputError) as info:
        load_profile([1])  # type: ignore[arg-type]
    documented("review.profile", info.value.errors[0][1])
    with pytest.raises(gd.InputError) as info:
        load_profile(tmp_path / "none.yaml")
    documented("review.profile", info.value.errors[0][1])
    big = _written(tmp_path / "big.yaml", "#" * (1024 * 1024 + 1))
    with pytest.raises(gd.InputError) as info:
        load_profile(big)
    documented("review.profile", info.value.errors[0][1])
    profile = _written(tmp_path / "p.yaml", "total: 10\nrules:\n  table3.balanse: 1\n")
    report = CORPUS / "00_shanghang_gxkj_2024.txt"
    status, err = _cli(["review", str(report), "-o", str(tmp_path / "o"), "--profile", str(profile)], capsys)
    assert (status, err.splitlines()[-1]) == (
        2,
        f"{profile}：rules.table3.balanse：不认识的规则编号 'table3.balanse'，是否应为 'table3.balance'？",
    )


@entry("review.csv")
def test_review_csv_problems(tmp_path: Path) -> None:
    from gov_disclosure.review._manifest import read_manifest, read_previous_map

    def problems(text: str | bytes, reader: Any = read_manifest) -> list[str]:
        path = tmp_path / "m.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(gd.InputError) as info:
            reader(path)
        return [m for _, m in info.value.errors]

    messages = [
        *problems(""),
        *problems("file,url\n"),
        *problems("file,url,published_on,kind\n,,,\n,x,2024-01-01,\na.pdf,,2024-13-01,\nb.pdf,,,乡镇\n"),
        *problems(b"file,previous\n\xff\xfe\xfd\xfc.pdf,a\n\x81\n", read_previous_map),
        *problems("file\n", read_previous_map),
    ]
    assert len(messages) == 7
    for message in messages:
        documented("review.csv", message)
    with pytest.raises(gd.InputError) as info:
        read_manifest(tmp_path / "none.csv")
    documented("review.csv", info.value.errors[0][1])
    from gov_disclosure.review import _manifest

    original = _manifest.MAX_BYTES
    try:
        _manifest.MAX_BYTES = 3
        documented("review.csv", problems("file,url,published_on\n")[0])
    finally:
        _manifest.MAX_BYTES = original


# --- the catalogue itself -------------------------------------------------------------------


def test_every_catalogue_entry_has_a_test() -> None:
    """docs/errors.md and this file name the same entries."""
    assert sorted(ENTRIES) == sorted(COVERED)


def test_catalogue_entries_have_messages() -> None:
    """Every entry but the exit-status-only ones documents its message."""
    assert [k for k, v in ENTRIES.items() if not v] == ["cli.inconsistent"]
