"""Every entry of docs/errors.md, triggered the way a user meets it.

Each test is tagged with its catalogue id; the message it gets must match the entry's documented
pattern (``{…}`` stands for any text), and the last test checks that every entry has a test.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import gov_disclosure as gd
from gov_disclosure import _io
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
    data = _io.yaml_loads(text)
    data["active_disclosure"][1] = 0
    path = tmp_path / "r.yaml"
    path.write_text(_io.yaml_dumps(data), encoding="utf-8")
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


def _fee_errors(value: object) -> list[tuple[str, str]]:
    return input_errors(with_change(lambda d: d["active_disclosure"].update(fees=value)))


@entry("input.fee-places")
@pytest.mark.parametrize(("value", "shown"), [("0.00001", "0.00001"), ("1e-5", "0.00001")])
def test_fee_more_than_four_places(value: str, shown: str) -> None:
    """0.0001 万元 is 1 元: a fee needing a fifth place is refused."""
    errors = _fee_errors(value)
    documented("input.fee-places", errors[0][1])
    expected = f"{FEES}: 金额最多保留 4 位小数（0.0001 万元即 1 元），收到 {shown}"
    assert [("active_disclosure.fees", expected)] == errors


@entry("input.fee-negative")
def test_fee_negative() -> None:
    errors = _fee_errors("-1")
    documented("input.fee-negative", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为非负金额（万元），收到 -1")] == errors


@entry("input.fee-not-finite")
@pytest.mark.parametrize(("value", "shown"), [("NaN", "NaN"), (float("inf"), "Infinity")])
def test_fee_not_finite(value: object, shown: str) -> None:
    errors = _fee_errors(value)
    documented("input.fee-not-finite", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为有限的非负金额（万元），收到 {shown}")] == errors


@entry("input.fee-not-finite")
def test_fee_infinite_in_yaml(tmp_path: Path) -> None:
    """YAML's ``.inf`` reaches the fee check and is refused there, with the field."""
    text = _io.yaml_dumps(minimal_dict()).replace("fees: '0'", "fees: .inf")
    error = file_errors(tmp_path, "r.yaml", text)
    documented("input.fee-not-finite", only(error)[1])
    assert ("active_disclosure.fees", f"{FEES}: 应为有限的非负金额（万元），收到 Infinity") == only(error)


@entry("input.fee-not-number")
@pytest.mark.parametrize(("value", "shown"), [("12元", "文本 '12元'"), (True, "布尔值 True"), ([1], "列表")])
def test_fee_not_a_number(value: object, shown: str) -> None:
    errors = _fee_errors(value)
    documented("input.fee-not-number", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: 应为非负金额（万元），收到 {shown}")] == errors


@entry("input.fee-too-long")
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e20", "金额过大（整数部分超过 15 位），请检查单位是否为万元"),
        ("1e999999999999", "金额过大（整数部分超过 15 位），请检查单位是否为万元"),
        ("0E-999999999", "金额的小数位数过多（写了 999999999 位，最多 15 位）"),
    ],
)
def test_fee_too_long(value: str, reason: str) -> None:
    """Fees that would print as thousands of digits are refused before anything prints them."""
    errors = _fee_errors(value)
    documented("input.fee-too-long", errors[0][1])
    assert [("active_disclosure.fees", f"{FEES}: {reason}")] == errors


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
    text = _io.yaml_dumps(minimal_dict()).replace("agency: 某局", "agency: no")
    error = file_errors(tmp_path, "r.yml", text)
    documented("input.not-text", only(error)[1])
    assert only(error) == ("agency", "报告机关: 应为文本，收到 布尔值 False")


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
    base = _io.yaml_dumps(minimal_dict())
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
    _io._walk(ZeroDivisionError("x"), ("active_disclosure", "fees"), out)
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
def test_invalid_yaml(tmp_path: Path) -> None:
    """A key indented under a plain value: line and column of the problem."""
    problem = _yaml_problem(tmp_path, "agency: 某局\n  year: 2024\n")
    documented("yaml.invalid", problem[1])
    assert problem[0] == ""
    assert problem[1].startswith("不是有效的 YAML：第 2 行第 7 列：mapping values are not allowed")


@entry("yaml.duplicate-key")
def test_yaml_duplicate_key(tmp_path: Path) -> None:
    problem = _yaml_problem(tmp_path, "agency: 某局\nyear: 2024\nagency: 另一局\n")
    documented("yaml.duplicate-key", problem[1])
    assert problem == ("", "不是有效的 YAML：第 3 行第 1 列：键 'agency' 出现了两次")


@entry("yaml.alias")
def test_yaml_billion_laughs(tmp_path: Path) -> None:
    """The billion-laughs file is refused at its first alias, before anything is expanded."""
    lines = ['a0: &a0 ["哈"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    problem = _yaml_problem(tmp_path, "\n".join(lines) + "\n")
    documented("yaml.alias", problem[1])
    assert problem == ("", "不是有效的 YAML：第 2 行第 10 列：不支持 YAML 别名（*anchor）：请把内容写全")


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
        fh.truncate(_io.MAX_INPUT_BYTES + 1)  # sparse: no 16 MB written
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    documented("file.too-large", only(info.value)[1])
    assert only(info.value) == ("", "文件过大（超过 16 MB），不像一份年度报告")


@entry("file.not-utf8")
@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_file_not_utf8(tmp_path: Path, encoding: str) -> None:
    error = file_errors(tmp_path, "r.yaml", "agency: 某局\n".encode(encoding))
    documented("file.not-utf8", only(error)[1])
    assert re.fullmatch(r"不是 UTF-8 编码：第 \d+ 个字节无法解读（请以 UTF-8 保存）", only(error)[1])


@entry("file.not-utf8")
def test_bytes_not_utf8() -> None:
    """``loads`` reads bytes as UTF-8 too, and names the first byte it cannot read."""
    with pytest.raises(gd.InputError) as info:
        gd.loads('{"agency": "报告"}'.encode("gbk"))
    documented("file.not-utf8", only(info.value)[1])
    assert only(info.value) == ("", "不是 UTF-8 编码：第 13 个字节无法解读（请以 UTF-8 保存）")


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
    assert str(info.value) == "不认识的格式 'pdf'：可用 text, markdown, html, docx"


@entry("render.unknown-format")
def test_write_unknown_suffix(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    with pytest.raises(UnknownFormatError) as info:
        gd.write(gd.from_dict(minimal_dict()), target)
    documented("render.unknown-format", str(info.value))
    assert not target.exists()


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


# --- the command line -----------------------------------------------------------------------


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from gov_disclosure.cli import main

    status = main(args)
    return status, capsys.readouterr().err


@entry("cli.input-error")
def test_cli_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One line per problem: the file, the path, the message; exit status 2."""
    path = _written(tmp_path / "r.yaml", _io.yaml_dumps(with_change(lambda d: d.update(agency=""))))
    status, err = _cli(["check", str(path)], capsys)
    documented("cli.input-error", err.splitlines()[0])
    assert (2, f"{path}：agency：报告机关: 不能为空") == (status, err.splitlines()[0])


@entry("cli.inconsistent")
def test_cli_inconsistent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A failed hard rule gives exit status 1 and one line per finding."""
    path = _written(tmp_path / "r.yaml", _io.yaml_dumps(_inconsistent()))
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


# --- the catalogue itself -------------------------------------------------------------------


def test_every_catalogue_entry_has_a_test() -> None:
    """docs/errors.md and this file name the same entries."""
    assert sorted(ENTRIES) == sorted(COVERED)


def test_catalogue_entries_have_messages() -> None:
    """Every entry but the exit-status-only ones documents its message."""
    assert [k for k, v in ENTRIES.items() if not v] == ["cli.inconsistent"]
