"""dict / JSON / YAML input and output through the converter."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.io import yaml as io_yaml
from tests import strategies as S
from tests.test_model import minimal_dict


@given(S.reports())
def test_dict_round_trip(report: gd.Report) -> None:
    """from_dict(to_dict(r)) == r, with every key and total written."""
    assert gd.from_dict(gd.to_dict(report)) == report


@given(S.reports())
def test_json_round_trip(report: gd.Report) -> None:
    assert gd.loads(gd.dumps(report)) == report


@given(S.reports())
def test_yaml_round_trip(report: gd.Report) -> None:
    from gov_disclosure.io.yaml import yaml_dumps, yaml_loads

    assert gd.from_dict(yaml_loads(yaml_dumps(gd.to_dict(report)))) == report


def test_file_round_trip(tmp_path: Path, example: gd.Report) -> None:
    """dump/load through .json, .yaml and .yml files give the same report."""
    for suffix in (".json", ".yaml", ".yml"):
        path = tmp_path / f"r{suffix}"
        gd.dump(example, path)
        assert gd.load(path) == example


def test_to_dict_writes_totals_and_fees_as_given() -> None:
    data = minimal_dict()
    data["active_disclosure"]["fees"] = "12.50"
    out = gd.to_dict(gd.from_dict(data))
    assert out["active_disclosure"]["fees"] == "12.50"
    assert out["applications"]["new"]["total"] == 0
    assert out["applications"]["total"]["total"] == 0
    assert out["review_litigation"]["review"]["total"] == 0
    assert out["title"] == "某局2024年度政府信息公开工作年度报告"


#: Fees as text with no leading zeros: every digit of these is kept, trailing zeros too.
fee_texts = st.from_regex(r"(0|[1-9][0-9]{0,14})(\.[0-9]{0,5}[0-9]0{0,9})?", fullmatch=True)


def _fee_ways(fee_text: str, tmp_path: Path) -> dict[str, str]:
    """The fee ``fee_text`` read back through every way in, as the plain text to_dict writes."""
    data = minimal_dict()
    data["active_disclosure"]["fees"] = fee_text
    report = gd.from_dict(data)
    plain = json.dumps(minimal_dict(), ensure_ascii=False)
    out = {
        "dict": gd.to_dict(report)["active_disclosure"]["fees"],
        "model": format(report.active_disclosure.fees, "f"),
        "json text": gd.to_dict(gd.loads(gd.dumps(report)))["active_disclosure"]["fees"],
        "json number": gd.to_dict(gd.loads(plain.replace('"fees": "0"', f'"fees": {fee_text}')))[
            "active_disclosure"
        ]["fees"],
    }
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"r{suffix}"
        gd.dump(report, path)
        out[f"{suffix} file"] = gd.to_dict(gd.load(path))["active_disclosure"]["fees"]
    for name, written in (("unquoted", fee_text), ("single", f"'{fee_text}'"), ("double", f'"{fee_text}"')):
        path = tmp_path / f"{name}.yaml"
        path.write_text(plain.replace('"fees": "0"', f'"fees": {written}'), encoding="utf-8")
        out[f"yaml {name}"] = gd.to_dict(gd.load(path))["active_disclosure"]["fees"]
    return out


@pytest.mark.parametrize(
    "fee",
    ["12.50", "24252.311082", "0.1000000", "0", "0.000000", "100", "12.5", "0.000001", "999999999999999"],
)
def test_fee_kept_exactly_as_written(tmp_path: Path, fee: str) -> None:
    """A fee keeps every digit as written (12.50 stays 12.50, not 12.5) through the dict, the
    model, JSON (as text and as a number) and YAML (unquoted, single- and double-quoted)."""
    ways = _fee_ways(fee, tmp_path)
    assert ways == dict.fromkeys(ways, fee)


@given(fee_texts)
def test_any_fee_kept_exactly_as_written(fee: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        ways = _fee_ways(fee, Path(tmp))
    assert ways == dict.fromkeys(ways, fee)


def test_fee_rendered_as_written() -> None:
    """The text and HTML renderers print a fee as written: all six places, trailing zeros too."""
    for fee in ("24252.311082", "12.50"):
        data = minimal_dict()
        data["active_disclosure"]["fees"] = fee
        report = gd.from_dict(data)
        for fmt in ("text", "html", "markdown"):
            rendered = gd.render(report, fmt)
            assert isinstance(rendered, str)
            assert fee in rendered, (fmt, fee)


def test_rows_as_lists_of_six_or_seven() -> None:
    data = minimal_dict()
    data["applications"]["new"] = [1, 0, 0, 0, 0, 0, 1]
    data["applications"]["granted"] = [1, 0, 0, 0, 0, 0]
    report = gd.from_dict(data)
    assert report.applications.new.total == 1
    assert report.applications.total.total == 1


def test_every_problem_at_once_with_labels() -> None:
    """All problems are listed together, each with its path and official label."""
    data = minimal_dict()
    data["applications"]["withheld"]["state_secret"] = {
        "natural_person": 0,
        "commercial": -1,
        "research": 0,
        "social_welfare": 0,
        "legal_services": 0,
        "other": 0,
    }
    data["agency"] = ""
    del data["active_disclosure"]["licensing"]
    data["active_disclosure"]["punishmnet"] = 1
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    errors = dict(info.value.errors)
    assert errors["applications.withheld.state_secret.commercial"] == (
        "三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密 / 商业企业: 应为非负整数，收到 -1"
    )
    assert errors["agency"] == "报告机关: 不能为空"
    assert errors["active_disclosure.licensing"] == "行政许可 / 本年处理决定数量: 缺少必填项"
    assert "是否应为 'punishment'" in errors["active_disclosure.punishmnet"]
    assert len(errors) == 4


def test_row_list_of_wrong_length() -> None:
    data = minimal_dict()
    data["applications"]["new"] = [1, 2]
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert info.value.errors[0][0] == "applications.new"
    assert "6 个数" in info.value.errors[0][1]


def test_null_only_for_regulations() -> None:
    data = minimal_dict()
    data["active_disclosure"]["regulations"] = None
    assert gd.from_dict(data).active_disclosure.regulations is None
    data["active_disclosure"]["normative_documents"] = None
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert info.value.errors[0][0] == "active_disclosure.normative_documents"


def test_inconsistent_raises_unless_not_strict() -> None:
    data = minimal_dict()
    data["applications"]["new"] = [1, 0, 0, 0, 0, 0]
    with pytest.raises(gd.InconsistentReportError) as info:
        gd.from_dict(data)
    assert {f.rule for f in info.value.findings} == {"table3.balance"}
    report = gd.from_dict(data, strict=False)
    assert report.applications.new.total == 1


def test_json_errors() -> None:
    with pytest.raises(gd.InputError, match="第 1 行"):
        gd.loads("{")
    with pytest.raises(gd.InputError, match="重复"):
        gd.loads('{"agency": "a", "agency": "b"}')


def test_yaml_duplicates_and_tags_refused(tmp_path: Path) -> None:
    """Duplicate keys and tags that build objects are refused."""
    dup = tmp_path / "dup.yaml"
    dup.write_text("agency: a\nagency: b\n", encoding="utf-8")
    with pytest.raises(gd.InputError, match="两次"):
        gd.load(dup)
    tag = tmp_path / "tag.yaml"
    tag.write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(gd.InputError):
        gd.load(tag)


def test_yaml_written_by_pyyaml_with_aliases(tmp_path: Path, example: gd.Report) -> None:
    """A script writing ``row = [0] * 7`` for several rows and saving with ``yaml.safe_dump``
    gets anchors and aliases (&id001 / *id001) in its file: it reads as the report it holds."""
    import yaml

    data = gd.to_dict(example)
    zero = [0] * 7
    for key in ("carried_over", "partially_granted"):
        data["applications"][key] = zero
    for key in data["applications"]["withheld"]:
        data["applications"]["withheld"][key] = zero
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert "&id001" in text
    assert "*id001" in text
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    assert gd.load(path) == example
    assert io_yaml.yaml_loads(text) == yaml.safe_load(text)


def test_yaml_merge_key() -> None:
    """The merge key ``<<`` works as the YAML merge type says: a mapping's own keys override
    merged ones, and in a list of mappings the first one holding a key gives it (PyYAML 6.0.3
    does the same; 6.0.4 lets the last one win for keys longer than one character,
    yaml/pyyaml#953). A second ``<<`` in one mapping is a duplicate key."""
    import yaml

    text = (
        "base: &base {upheld: 1, corrected: 2, other: 3, pending: 4}\n"
        "review: {<<: *base, pending: 0}\n"
        "both:\n  <<: [*base, {upheld: 9, total: 5}]\n  other: 7\n"
    )
    data = io_yaml.yaml_loads(text)
    assert list(data["review"].items()) == list(yaml.safe_load(text)["review"].items())
    assert data["review"] == {"upheld": 1, "corrected": 2, "other": 3, "pending": 0}
    assert data["both"] == {"upheld": 1, "total": 5, "corrected": 2, "other": 7, "pending": 4}
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads("a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n")
    assert info.value.errors == [("", "不是有效的 YAML：第 4 行第 3 列：键 '<<' 出现了两次")]
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads("a: &a [1]\nb: {<<: *a}\n")
    message = "不是有效的 YAML：第 2 行第 9 列：合并键 << 的值应为映射（如 *anchor）或映射的列表"
    assert info.value.errors == [("", message)]
    assert io_yaml.yaml_loads("a: <<\nb: ['<<', <<]\n") == {"a": "<<", "b": ["<<", "<<"]}


def test_yaml_alias_is_the_anchored_value() -> None:
    """An alias gives the same value as its anchor, without copying it."""
    data = io_yaml.yaml_loads("a: &x [1, 2]\nb: *x\nc: &s text\nd: *s\n")
    assert data == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}
    assert data["a"] is data["b"]


@pytest.mark.parametrize("levels", [6, 9, 30])
def test_yaml_alias_bombs_refused_by_the_budget(levels: int) -> None:
    """The billion laughs (and worse) is refused by the budget on the expanded size, at the
    alias that passes it, without expanding anything."""
    lines = ['a0: &a0 ["哈"]'] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels + 1)
    ]
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads("\n".join(lines) + "\n")
    [(where, message)] = info.value.errors
    assert where == ""
    assert message.startswith("不是有效的 YAML：第 7 行第 ")
    assert f"超过 {io_yaml.MAX_NODES:,} 个节点" in message


def test_yaml_budget_counts_expanded_nodes_exactly() -> None:
    """Nodes are counted as if each alias were a copy, keys included: a file of exactly
    MAX_NODES nodes reads, one more node is refused; files without aliases too."""
    from gov_disclosure.io.yaml import MAX_NODES

    n, m = 999, 200
    # {a: &x [0 × n], b: [*x × m], c: [0 × r]}: 1 + 1 + (1 + n) + 1 + 1 + m (1 + n) + 1 + 1 + r nodes
    r = MAX_NODES - (7 + n + m * (1 + n))
    zeros = ", ".join(["0"] * n)
    text = f"a: &x [{zeros}]\nb: [{', '.join(['*x'] * m)}]\nc: [{', '.join(['0'] * r)}]\n"
    assert len(io_yaml.yaml_loads(text)["b"]) == m
    with pytest.raises(gd.InputError, match=f"超过 {MAX_NODES:,} 个节点"):
        io_yaml.yaml_loads(text.replace("c: [", "c: [0, "))
    assert len(io_yaml.yaml_loads("[" + ", ".join(["0"] * (MAX_NODES - 1)) + "]")) == MAX_NODES - 1
    with pytest.raises(gd.InputError, match=f"超过 {MAX_NODES:,} 个节点"):
        io_yaml.yaml_loads("[" + ", ".join(["0"] * MAX_NODES) + "]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, *x]\n", "第 1 行第 11 列：别名 *x 指向包含它自己的内容（递归的别名），无法展开"),
        ("a: &x {b: {c: *x}}\n", "第 1 行第 15 列：别名 *x 指向包含它自己的内容（递归的别名），无法展开"),
        ("a: *x\nb: &x 1\n", "第 1 行第 4 列：别名 *x 之前没有定义锚点 &x（锚点须写在别名之前）"),
        ("a: &x 1\nb: &x 2\n", "第 2 行第 4 列：锚点 &x 定义了两次：每个锚点的名字只能用一次"),
    ],
)
def test_yaml_aliases_that_cannot_be_expanded(text: str, expected: str) -> None:
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads(text)
    assert info.value.errors == [("", f"不是有效的 YAML：{expected}")]


def test_yaml_text_with_a_lone_surrogate() -> None:
    """A ``str`` holding a lone surrogate (it has no UTF-8 form) gives our error, with its place."""
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads("agency: 某\ud800局\n")
    assert info.value.errors == [
        ("", "不是有效的 YAML：第 1 行第 10 列：含有 YAML 不允许直接写出的字符 U+D800")
    ]


def test_yaml_depth_counted_through_aliases() -> None:
    """Nesting is counted through aliases: each alias adds the depth of what it names."""
    from gov_disclosure.io.yaml import MAX_DEPTH

    deep = "[" * 40 + "1" + "]" * 40  # 41 levels
    # the alias sits at level 3 + k (mapping, list, k lists), its deepest node at 43 + k
    assert io_yaml.yaml_loads(f"a: &x {deep}\nb: [{'[' * 21}*x{']' * 21}]\n")
    with pytest.raises(gd.InputError) as info:
        io_yaml.yaml_loads(f"a: &x {deep}\nb: [{'[' * 22}*x{']' * 22}]\n")
    assert info.value.errors == [
        ("", f"不是有效的 YAML：第 2 行第 27 列：嵌套层数过多（超过 {MAX_DEPTH} 层）")
    ]


@given(S.reports())
def test_yaml_loader_agrees_with_pyyaml(report: gd.Report) -> None:
    """On what we write, the loader gives what PyYAML's safe loader gives, with libyaml's parser
    and with PyYAML's own (used where libyaml is missing)."""
    import yaml

    from gov_disclosure.io import yaml as _yaml

    text = io_yaml.yaml_dumps(gd.to_dict(report))
    expected = (yaml.load(text, Loader=yaml.CSafeLoader), [])
    assert _yaml.loads(text, c_parser=True) == expected
    assert _yaml.loads(text, c_parser=False) == expected


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(gd.InputError, match=r"\.toml"):
        gd.load(path)
    with pytest.raises(gd.InputError, match=r"\.toml"):
        gd.dump(gd.from_dict(minimal_dict()), path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes("agency: 某局".encode("gbk"))
    with pytest.raises(gd.InputError, match="UTF-8"):
        gd.load(path)


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_byte_order_marks(tmp_path: Path, example: gd.Report, encoding: str, suffix: str) -> None:
    """UTF-8, UTF-16 and UTF-32 files with a byte-order mark (Windows Notepad saves UTF-16 LE
    with one) read as the same report, through load and through loads of bytes."""
    text = gd.dumps(example) if suffix == ".json" else io_yaml.yaml_dumps(gd.to_dict(example))
    raw = text.encode(encoding)
    if not encoding.endswith("sig") and encoding[-2:] in ("le", "be"):
        raw = "\ufeff".encode(encoding) + raw
    path = tmp_path / f"r{suffix}"
    path.write_bytes(raw)
    assert gd.load(path) == example
    if suffix == ".json":
        assert gd.loads(raw) == example


json_values = S.json_values


def _mutate_into(base: Any, value: Any, keys: list[str]) -> Any:
    """Replace a random place in ``base`` (found by following ``keys``) with ``value``."""
    node = base
    for key in keys:
        if isinstance(node, dict) and node:
            k = sorted(node)[hash(key) % len(node)]
            if not isinstance(node[k], (dict, list)):
                node[k] = value
                return base
            node = node[k]
    if isinstance(node, dict):
        node[keys[0] if keys else "x"] = value
    return base


@given(json_values)
def test_arbitrary_json_only_input_error(value: object) -> None:
    """No input made of arbitrary JSON values raises anything but InputError."""
    with pytest.raises(gd.InputError):
        gd.from_dict(value)


@given(json_values, st.lists(st.text(max_size=3), max_size=5))
def test_arbitrary_json_inside_a_report(value: object, keys: list[str]) -> None:
    """Arbitrary values placed anywhere inside a valid report: a report or InputError."""
    data = _mutate_into(json.loads(json.dumps(minimal_dict())), value, keys)
    with contextlib.suppress(gd.InputError, gd.InconsistentReportError):
        gd.from_dict(data)


def test_written_files_get_ordinary_permissions(tmp_path: Path, example: gd.Report) -> None:
    """A file written atomically is readable as any file the user writes (umask), and an
    existing file keeps its own permissions."""
    import os

    fresh = tmp_path / "new.json"
    gd.dump(example, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    existing = tmp_path / "old.json"
    existing.write_text("{}", encoding="utf-8")
    existing.chmod(0o640)
    gd.dump(example, existing)
    assert existing.stat().st_mode & 0o777 == 0o640


def test_label_path_of_a_whole_column() -> None:
    """A finding over a whole column names the column's official label."""
    from gov_disclosure import spec

    assert spec.label_path("applications.*.commercial")[-1] == "商业企业"


#: Texts YAML could read as something else, or not read back as they are.
TRICKY_WORDS = [
    "", " ", "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "0", "010", "0x1F",
    "1_000", "1:20", "-1", "+1", "1.5", ".5", "1e5", "1.0e+5", ".inf", "-.Inf", ".nan", "2024-01-01",
    "2024-1-1 12:00:00", "<<", "=", "!", "&a", "*a", "- a", "-a", "? a", "?a", ": a", ":a", "a:", "a: b",
    "a:b", "a #b", "a#b", "#a", "'a'", '"a"', "[a]", "{a}", "a, b", "|", ">", "%YAML", "@a", "`a`",
    "---", "...", "--- a", "... a", " a", "a ", "a  b", "\ta", "a\t", "a\nb", "a\n", "\r\n", "\x85",
    "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\xa0", "\u3000", "\\", "\\n",
    "C:\\new", "某局", "“引号”", "（一）", "１２", "𠀀", "😀", "\U0010ffff", "\ufffd", "\ue000",
]  # fmt: skip
tricky_text = st.sampled_from(TRICKY_WORDS) | st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from(":#-?'\"[]{},&*!|>%@` \t\n"), max_size=12
)


def _reads_as_itself(key: str) -> bool:
    import yaml

    return bool(yaml.safe_load(key) == key)


#: Keys as the dict format has them: plain names (not YAML 1.1 words such as ``no`` or ``on``).
plain_keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True).filter(_reads_as_itself)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(plain_keys, inner, max_size=4)


plain_values = st.recursive(
    tricky_text | st.integers() | st.booleans() | st.none(), _containers, max_leaves=25
)


@given(st.dictionaries(plain_keys, plain_values, min_size=1, max_size=6) | st.lists(plain_values, min_size=1))
def test_yaml_emitter_round_trips_through_pyyaml(data: Any) -> None:
    """Whatever plain data the emitter writes, PyYAML's safe loaders (libyaml's and PyYAML's own)
    and ours read back as exactly that data: texts stay texts, character for character."""
    import yaml

    from gov_disclosure.io import yaml as _yaml

    text = _yaml.dumps(data)
    assert text is not None
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        assert yaml.load(text, Loader=loader) == data  # noqa: S506 - safe loaders
    assert io_yaml.yaml_loads(text) == data


@pytest.mark.parametrize("word", TRICKY_WORDS)
def test_yaml_emitter_tricky_texts(word: str) -> None:
    import yaml

    text = io_yaml.yaml_dumps({"agency": word, "preamble": [word, {"title": word}]})
    assert (
        yaml.safe_load(text)
        == io_yaml.yaml_loads(text)
        == {"agency": word, "preamble": [word, {"title": word}]}
    )


@given(S.reports())
def test_yaml_emitter_writes_what_pyyaml_reads(report: gd.Report) -> None:
    """A report's dict written by the emitter is the same data PyYAML's dumper would write."""
    import yaml

    data = gd.to_dict(report)
    ours = io_yaml.yaml_dumps(data)
    theirs = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    assert yaml.load(ours, Loader=yaml.CSafeLoader) == yaml.load(theirs, Loader=yaml.CSafeLoader) == data


def test_yaml_emitter_leaves_other_data_to_pyyaml() -> None:
    """Data the emitter does not write (a float, a key that is not a plain name, an empty or
    scalar document) is written by PyYAML's safe dumper, still without aliases."""
    import yaml

    from gov_disclosure.io import yaml as _yaml

    shared = [1, 2]
    for data in ({"a": 1.5}, {1: "a"}, {"a b": 1}, {}, [], "text", {"a": shared, "b": shared, "c": 0.5}):
        assert _yaml.dumps(data) is None
        text = io_yaml.yaml_dumps(data)
        assert ("&" in text, yaml.safe_load(text)) == (False, data)
