"""Fuzzing the input layer: whatever comes in, only our errors come out, each naming its place;
whatever text the format allows comes back exactly."""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.io import json as io_json
from gov_disclosure.io import yaml as io_yaml
from gov_disclosure.model import CaseCounts, DocumentCounts, Row, Section, Subsection
from tests import strategies as S
from tests.test_model import minimal_dict

# --- what may come in --------------------------------------------------------------------

any_char = S.any_char
json_values = S.json_values

#: Characters XML 1.0 forbids; each must be refused with the path of the text holding it.
FORBIDDEN = (
    *map(chr, range(0x09)),
    "\x0b",
    "\x0c",
    *map(chr, range(0x0E, 0x20)),
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
)

#: Text that is allowed and easy to lose: CJK Extension B, emoji (with joiners and skin tones),
#: full-width and half-width punctuation, Markdown and HTML specials, invisible format marks.
HARD_CHARS = (
    "𠀀𠀁𪛖𫝀"
    "😀👨‍👩‍👧👍🏽🇨🇳"
    "，。、；：？！“”‘’（）【】《》〈〉「」『』…—～·"
    "！＂＃＄％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～"
    "｡｢｣､･ｱｲｳ"
    "*_`#[]()<>&|\\!-+.~>\"'{}$%^=/"
    "\u200b\u200d\ufeff\u202e\xa0\u3000\t "
    "一二三abcXYZ0123"
)
hard_text = (
    st.text(st.sampled_from(HARD_CHARS) | S._text_chars, min_size=1, max_size=80)
    .map(lambda s: s.strip(" \t\xa0\u3000"))
    .filter(bool)
)


def _nodes(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every place in plain data, as key paths (list indices as digits)."""
    places = [path] if path else []
    if isinstance(data, Mapping):
        for key, value in data.items():
            places.extend(_nodes(value, (*path, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            places.extend(_nodes(value, (*path, str(i))))
    return places


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _set(data: Any, path: tuple[str, ...], value: Any) -> None:
    parent = _get(data, path[:-1])
    if isinstance(parent, list):
        parent[int(path[-1])] = value
    else:
        parent[path[-1]] = value


def _delete(data: Any, path: tuple[str, ...]) -> None:
    parent = _get(data, path[:-1])
    if isinstance(parent, list):
        del parent[int(path[-1])]
    else:
        del parent[path[-1]]


def _walks_into(data: Any, path: str) -> bool:
    """Whether ``path`` leads into ``data``; its last key may be missing (a missing key)."""
    node = data
    parts = path.split(".")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, Mapping):
            if part not in node:
                return last
            node = node[part]
        elif isinstance(node, (list, tuple)):
            index = (
                int(part) if part.isdigit() else spec.ROW_KEYS.index(part) if part in spec.ROW_KEYS else -1
            )
            if not 0 <= index < len(node):
                return last and part in spec.ROW_KEYS  # a row given as a list of 6: its total
            node = node[index]
        else:
            return False
    return True


def _keys_named_at(data: Any, path: str) -> list[str]:
    """The key an unknown-key problem at ``path`` may name: the path's last key, or a key of
    the mapping there that cannot be a step of a dotted path (empty, or holding a dot)."""
    node: Any = data
    for part in path.split("."):
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
    odd = (
        [k for k in node if isinstance(k, str) and (k == "" or "." in k)] if isinstance(node, Mapping) else []
    )
    return [path.rsplit(".", 1)[-1], *odd]


def assert_places(data: Any, error: gd.InputError) -> None:
    """Every problem's path leads into the input (or is "" for the top) and names its place:
    by the official labels, or, for an unknown key, by the key itself."""
    assert error.errors
    for path, message in error.errors:
        assert message
        if path == "":
            continue
        assert _walks_into(data, path), (path, message)
        if message.startswith("未知的键"):
            assert any(repr(key) in message for key in _keys_named_at(data, path)), (path, message)
            continue
        labels = spec.label_path(path)
        assert labels[0] != path.split(".")[0], (path, message)  # the top key has its label
        assert message.startswith(spec.join_labels(labels) + ": "), (path, message)


def outcome(data: Any) -> gd.Report | None:
    """``from_dict(data)``: the report, or ``None`` after checking the InputError it raised."""
    try:
        return gd.from_dict(data)
    except gd.InconsistentReportError:
        return None
    except gd.InputError as error:
        assert_places(data, error)
        return None


# --- from_dict ------------------------------------------------------------------------------


@given(json_values)
def test_from_dict_arbitrary_values(value: object) -> None:
    """Arbitrary JSON-like values are refused with an InputError naming real places."""
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(value)
    assert_places(value, info.value)


MUTATIONS = ("replace", "delete", "add", "wrap")


@given(S.reports(), st.data())
def test_from_dict_mutated_report(report: gd.Report, data: st.DataObject) -> None:
    """A valid report changed at one random place gives a report or our errors; every
    problem named lies at that place, inside it or above it."""
    plain = gd.to_dict(report)
    place = data.draw(st.sampled_from(_nodes(plain)))
    how = data.draw(st.sampled_from(MUTATIONS))
    if how == "replace":
        _set(plain, place, data.draw(json_values))
    elif how == "delete":
        _delete(plain, place)
    elif how == "wrap":
        _set(plain, place, [_get(plain, place)])
    else:
        target = _get(plain, place)
        if not isinstance(target, dict):
            place = place[:-1]
            target = _get(plain, place)
        key = data.draw(st.text(max_size=12))
        if isinstance(target, dict):
            target[key] = data.draw(json_values)
            place = (*place, key)
    note(f"{how} at {'.'.join(place)}")
    try:
        gd.from_dict(plain)
    except gd.InconsistentReportError:
        return
    except gd.InputError as error:
        assert_places(plain, error)
        dotted = ".".join(place)
        for path, _ in error.errors:
            related = path == dotted or path.startswith(dotted + ".") or dotted.startswith(path + ".")
            assert related or path == "", (path, dotted)


def test_from_dict_deeply_nested_python_data() -> None:
    """100,000 nested lists handed to from_dict (not from a file) are refused at the first level."""
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    data = {**minimal_dict(), "preamble": nested}
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert info.value.errors == [("preamble.0", "前言 / 第1项: 应为文本，收到 列表")]


# --- JSON and YAML text and files ------------------------------------------------------------


@given(st.text(any_char))
def test_loads_arbitrary_text(text: str) -> None:
    """Any text given to loads gives a report or our errors."""
    try:
        gd.loads(text)
    except gd.InconsistentReportError:
        pass
    except gd.InputError as error:
        if any(path for path, _ in error.errors):  # the text was JSON: its places are real
            assert_places(io_json.data(text, None), error)


@given(json_values)
def test_loads_arbitrary_json(value: object) -> None:
    """Valid JSON of any shape: only our errors, each at a real place."""
    text = json.dumps(value, default=str)
    with pytest.raises((gd.InputError, gd.InconsistentReportError)):
        gd.loads(text)


YAML_TOKENS = [
    *":-[]{}&*!|>'\"#%@`?,.\n\t 0123456789eE+_xo",
    "agency",
    "year",
    "某局",
    "\x01",
    "\x85",
    "<<",
    "!!",
]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
@given(content=st.binary(max_size=200) | YAMLISH.map(lambda s: s.encode("utf-8")))
def test_load_arbitrary_bytes(suffix: str, content: bytes) -> None:
    """Any bytes in a data file give a report or our errors, never a parser's exception."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"r{suffix}"
        path.write_bytes(content)
        error = _load_error(path)
    assert error is None or (error.source, all(m for _, m in error.errors)) == (str(path), True)


def _load_error(path: Path) -> gd.InputError | None:
    """The InputError ``load`` raises, or ``None`` when it reads a report (consistent or not)."""
    try:
        gd.load(path)
    except gd.InconsistentReportError:
        return None
    except gd.InputError as error:
        return error
    return None


def _billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "哈哈"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _merge_laughs(levels: int = 9) -> str:
    """Each level merges ten copies of the one before (PyYAML's merge-key DoS, yaml/pyyaml#897)."""
    lines = ['m0: &m0 {k0: "哈哈"}']
    lines += [
        f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}], k{i}: 1}}" for i in range(1, levels + 1)
    ]
    return "\n".join(lines) + "\n"


YAML_BOMBS = {
    "billion laughs": _billion_laughs(),
    "billion laughs, 30 levels": _billion_laughs(30),
    "merge-key laughs": _merge_laughs(),
    "aliases of a deep list": "a: &a " + "[" * 60 + "]" * 60 + "\nb: [[[[[[*a]]]]]]\n",
    "recursive alias": "a: &a [*a]\n",
    "one million scalars": "[" + "0," * 1_000_000 + "0]",
    "flow lists 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "flow mappings 100,000 deep": "{a: " * 100_000 + "1" + "}" * 100_000,
    "block lists 100,000 deep": "- " * 100_000 + "x\n",
    "block mappings 1,000 deep": "".join(" " * i + "a:\n" for i in range(1000)) + " " * 1000 + "b\n",
    "unclosed 100,000 deep": "[" * 100_000,
}


@pytest.mark.parametrize("name", sorted(YAML_BOMBS))
def test_yaml_bombs_refused(tmp_path: Path, name: str) -> None:
    """Alias bombs and deep nesting are refused with an InputError (never RecursionError)."""
    path = tmp_path / "bomb.yaml"
    path.write_text(YAML_BOMBS[name], encoding="utf-8")
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    [(where, message)] = info.value.errors
    assert (where, message.startswith("不是有效的 YAML：第 ")) == ("", True)


def test_json_deep_nesting_refused(tmp_path: Path) -> None:
    """100,000 nested JSON objects give InputError, not RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    assert info.value.errors == [("", "不是有效的 JSON：嵌套层数过多")]


def test_huge_scalar_is_bounded(tmp_path: Path) -> None:
    """A 2 MB paragraph in a YAML file is read as it is; the file limit bounds any scalar."""
    big = "年" * (2 * 1024 * 1024 // 3)
    path = tmp_path / "big.yaml"
    path.write_text(io_yaml.yaml_dumps({**minimal_dict(), "preamble": [big]}), encoding="utf-8")
    assert gd.load(path).preamble == (big,)


def test_yaml_written_without_aliases(tmp_path: Path) -> None:
    """Data holding one list twice is written out in full (PyYAML would write an alias), so the
    file reads without aliases, by any YAML reader."""
    shared = [0] * 6
    data = {**minimal_dict(), "applications": {**minimal_dict()["applications"], "new": shared}}
    data["applications"]["carried_over"] = shared
    text = io_yaml.yaml_dumps(data)
    assert ("&" in text, io_yaml.yaml_loads(text)) == (False, data)


# --- characters XML forbids -----------------------------------------------------------------


def _text_places(plain: dict[str, Any]) -> list[tuple[str, ...]]:
    """Every text of the report (the fee, a number in a text, excluded)."""
    return [
        p for p in _nodes(plain) if isinstance(_get(plain, p), str) and p != ("active_disclosure", "fees")
    ]


@given(S.reports(), st.sampled_from(FORBIDDEN), st.data())
def test_forbidden_character_named_with_its_path(report: gd.Report, char: str, data: st.DataObject) -> None:
    """A character XML forbids, anywhere in any text, is refused with that text's path, in a
    dict, in JSON text, and in JSON and YAML files."""
    plain = gd.to_dict(report)
    place = data.draw(st.sampled_from(_text_places(plain)))
    text = _get(plain, place)
    at = data.draw(st.integers(0, len(text)))
    _set(plain, place, text[:at] + char + text[at:])
    path = ".".join(place)
    reason = f"含有不允许的控制字符 U+{ord(char):04X}（第 {at + 1} 个字符）"
    expected = [(path, f"{spec.join_labels(spec.label_path(path))}: {reason}")]
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(copy.deepcopy(plain))
    assert info.value.errors == expected
    with pytest.raises(gd.InputError) as info:
        gd.loads(json.dumps(plain))
    assert info.value.errors == expected
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in (("r.json", json.dumps(plain)), ("r.yaml", io_yaml.yaml_dumps(plain))):
            file = Path(tmp) / name
            file.write_text(content, encoding="utf-8")
            with pytest.raises(gd.InputError) as info:
                gd.load(file)
            if name == "r.yaml" and 0xD800 <= ord(char) <= 0xDFFF:
                # libyaml refuses a lone surrogate's escape itself, naming line and column
                ((where, message),) = info.value.errors
                assert where == ""
                assert re.match(r"不是有效的 YAML：第 \d+ 行第 \d+ 列：", message), message
            else:
                assert info.value.errors == expected


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"])
def test_forbidden_whitespace_not_stripped_by_the_model(char: str) -> None:
    """Python counts U+000B, U+000C and U+001C–U+001F as whitespace; the model refuses them at a
    paragraph's end instead of stripping them, as from_dict does."""
    with pytest.raises(gd.InputError) as info:
        Section(paragraphs=("段落" + char,))
    assert info.value.errors == [
        ("paragraphs", f"第 1 段含有不允许的控制字符 U+{ord(char):04X}（第 3 个字符）")
    ]
    with pytest.raises(gd.InputError):
        Subsection(title=char + "标题")


def test_line_break_at_the_ends_stripped_everywhere() -> None:
    """A line break at a paragraph's end is whitespace: removed by the model and by from_dict."""
    data = {**minimal_dict(), "preamble": ["第一段\n", "\r\n第二段"]}
    assert gd.from_dict(data).preamble == Section(paragraphs=("第一段\n", "\r\n第二段")).paragraphs
    assert gd.from_dict(data).preamble == ("第一段", "第二段")


# --- what goes in comes out ------------------------------------------------------------------


def _round_trips(report: gd.Report, *, strict: bool = True) -> list[gd.Report]:
    """``report`` through the dict, JSON text, and JSON and YAML files."""
    results = [
        gd.from_dict(gd.to_dict(report), strict=strict),
        gd.loads(gd.dumps(report), strict=strict),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".json", ".yaml"):
            path = Path(tmp) / f"r{suffix}"
            gd.dump(report, path)
            results.append(gd.load(path, strict=strict))
    return results


@given(
    S.reports(),
    hard_text,
    st.lists(hard_text, min_size=1, max_size=4),
    st.lists(st.tuples(hard_text, st.lists(hard_text, max_size=3)), max_size=3),
)
def test_hard_text_round_trips(
    report: gd.Report, name: str, paragraphs: list[str], subsections: list[tuple[str, list[str]]]
) -> None:
    """CJK Extension B, emoji, full- and half-width punctuation and Markdown/HTML specials come
    back exactly through the dict, JSON and YAML."""
    section = Section(
        paragraphs=tuple(paragraphs),
        subsections=tuple(Subsection(title=t, paragraphs=tuple(ps)) for t, ps in subsections),
    )
    hard = attrs.evolve(report, agency=name, title=name, preamble=tuple(paragraphs), other_matters=section)
    assert hard.preamble == tuple(paragraphs)  # nothing stripped: the strategy strips already
    assert _round_trips(hard) == [hard] * 4


@settings(max_examples=10)  # each example is 100 KB through four round trips
@given(st.lists(st.sampled_from(HARD_CHARS), min_size=64, max_size=64))
def test_long_paragraph_round_trips(alphabet: list[str]) -> None:
    """A paragraph of 100 KB (with runs of spaces that YAML could fold) comes back exactly."""
    cell = "".join(alphabet) + "  "
    paragraph = (cell * (100 * 1024 // len(cell.encode("utf-8")) + 1)).strip(" \t\xa0\u3000")
    report = gd.from_dict({**minimal_dict(), "preamble": [paragraph, paragraph[::-1].strip()]})
    assert len(paragraph.encode("utf-8")) >= 100 * 1024
    assert _round_trips(report) == [report] * 4


def test_largest_cells_round_trip() -> None:
    """999,999 in every cell of every table (totals too, so the report breaks the hard rules
    and is read with strict=False) comes back exactly."""
    big = S.MAX_CELL
    row = Row.of(*[big] * 7)
    cases = CaseCounts(upheld=big, corrected=big, other=big, pending=big, total=big)
    docs = DocumentCounts(issued=big, repealed=big, in_force=big)
    plain = gd.to_dict(gd.from_dict(minimal_dict()))
    plain["active_disclosure"]["regulations"] = {"issued": 0, "repealed": 0, "in_force": 0}
    for place in _nodes(plain):
        if isinstance(_get(plain, place), int) and place != ("year",):
            _set(plain, place, big)
    plain["active_disclosure"]["fees"] = str(big)
    report = gd.from_dict(plain, strict=False)
    assert report.applications.rows() == (row,) * 25
    assert report.review_litigation.litigation_direct == cases
    assert report.active_disclosure.regulations == docs
    assert report.active_disclosure.fees == Decimal(big)
    assert _round_trips(report, strict=False) == [report] * 4


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("12.50", "12.50"),
        ("0.10000", "0.10000"),
        ("99999999999.9999", "99999999999.9999"),
        ("24252.311082", "24252.311082"),
        ("0.1000000", "0.1000000"),
    ],
)
def test_fee_written_as_a_number_keeps_its_digits(tmp_path: Path, written: str, kept: str) -> None:
    """A fee written as a bare number in JSON or YAML keeps every digit as written
    (``12.50`` stays ``12.50``; no float rounding)."""
    for suffix, text in (
        (".json", json.dumps(minimal_dict()).replace('"fees": "0"', f'"fees": {written}')),
        (".yaml", io_yaml.yaml_dumps(minimal_dict()).replace("fees: '0'", f"fees: {written}")),
    ):
        path = tmp_path / f"r{suffix}"
        path.write_text(text, encoding="utf-8")
        assert gd.to_dict(gd.load(path))["active_disclosure"]["fees"] == kept


def test_fee_with_an_exponent(tmp_path: Path) -> None:
    """A JSON number with an exponent is a number, read by its value; in YAML 1.1 an unquoted
    ``1e5`` is a text, refused as a fee like any text that is not a plain decimal."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(minimal_dict()).replace('"fees": "0"', '"fees": 1e5'), encoding="utf-8")
    assert gd.to_dict(gd.load(path))["active_disclosure"]["fees"] == "100000"
    path = tmp_path / "r.yaml"
    path.write_text(io_yaml.yaml_dumps(minimal_dict()).replace("fees: '0'", "fees: 1e5"), encoding="utf-8")
    with pytest.raises(gd.InputError) as info:
        gd.load(path)
    assert [p for p, _ in info.value.errors] == ["active_disclosure.fees"]
