"""Input and output: dict, JSON and YAML through one cattrs converter of our own.

Encoding choices of the converter:

* rows of 表三 come in as a mapping or as a list of 6 or 7 numbers, and go out as the full
  mapping with 总计;
* every total is written out, so ``from_dict(to_dict(r)) == r``;
* ``fees`` goes out as a string in plain decimal notation, as given (``"12.50"``);
* lists of paragraphs and subsections go out as lists;
* unknown keys are errors, with a suggestion for a mistyped key.
"""

from __future__ import annotations

import decimal
import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from gov_disclosure import spec
from gov_disclosure import validators as v
from gov_disclosure._files import atomic_write
from gov_disclosure.checks import hard_findings
from gov_disclosure.exceptions import InconsistentReportError, InputError
from gov_disclosure.model import (
    ActiveDisclosure,
    Applications,
    CaseCounts,
    DocumentCounts,
    NotProcessed,
    OtherHandling,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Subsection,
    Unavailable,
    Withheld,
)

__all__ = ["dump", "dumps", "from_dict", "load", "loads", "to_dict"]

MODEL_CLASSES: tuple[type, ...] = (
    Row,
    DocumentCounts,
    ActiveDisclosure,
    Withheld,
    Unavailable,
    NotProcessed,
    OtherHandling,
    Applications,
    CaseCounts,
    ReviewLitigation,
    Subsection,
    Section,
    Report,
)

#: The largest input file :func:`load` reads (a report is a few KB).
MAX_INPUT_BYTES = 16 * 1024 * 1024

#: The deepest nesting of lists and mappings a YAML file may have (a report needs 5 levels).
MAX_DEPTH = 64

#: The longest integer a JSON or YAML file may write (a count needs 7 digits).
MAX_INT_DIGITS = 100


class _Problem(ValueError):
    """A leaf problem raised inside a structure hook; its message is already Chinese."""


def _show_type(value: object) -> str:
    return {list: "列表", dict: "映射", str: "文本", type(None): "空值 null", Decimal: "小数"}.get(
        type(value), type(value).__name__
    )


def _leaf(check: Callable[[object], str | None]) -> Callable[[object, type], object]:
    def hook(value: object, _: type) -> object:
        message = check(value)
        if message is not None:
            raise _Problem(message)
        return value

    return hook


def _fee_hook(value: object, _: type) -> Decimal:
    converted = v.to_fee(value)
    if isinstance(converted, str):
        raise _Problem(converted)
    return converted


def _title_hook(value: object, _: type) -> str | None:
    if value is None:
        return None
    message = v.check_text(value)
    if message is not None:
        raise _Problem(message)
    return value  # type: ignore[return-value]


def _row_from_list(value: object) -> object:
    if isinstance(value, (list, tuple)):
        if len(value) not in (6, 7):
            names = "、".join(c.label for c in spec.APPLICANT_COLUMNS)
            msg = f"一行应为 6 个数（{names}）或再加总计共 7 个数，收到 {len(value)} 个"
            raise _Problem(msg)
        return dict(zip(spec.ROW_KEYS, value, strict=False))
    return value


def _list_guard(base: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A list must be a list: cattrs alone would split a text into its characters."""

    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = f"应为列表，收到 {_show_type(value)}"
            raise _Problem(msg)
        return base(value, tp)

    return hook


def make_converter() -> cattrs.Converter:
    """The converter behind :func:`from_dict` and :func:`to_dict`."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _leaf(v.check_count))
    conv.register_structure_hook(str, _leaf(v.check_text))
    conv.register_structure_hook(Decimal, _fee_hook)
    conv.register_unstructure_hook(Decimal, lambda d: format(d, "f"))

    overrides: dict[type, dict[str, Any]] = {
        Report: {
            "agency": override(struct_hook=_leaf(lambda x: v.check_text(x, required=True))),
            "year": override(struct_hook=_leaf(v.check_year)),
            "title": override(struct_hook=_title_hook),
        },
        Subsection: {
            "title": override(struct_hook=_leaf(lambda x: v.check_text(x, required=True))),
        },
    }
    _register_list_guards(conv)  # before the classes: their hooks look the list hooks up now
    for cls in MODEL_CLASSES:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv, **overrides.get(cls, {}))
        pre = _row_from_list if cls is Row else None
        conv.register_structure_hook(cls, _mapping_guard(generated, pre))
    return conv


def _register_list_guards(conv: cattrs.Converter) -> None:
    for list_type in (tuple[str, ...], tuple[Subsection, ...]):
        guarded = _list_guard(conv.get_structure_hook(list_type))
        conv.register_structure_hook_func(_is_type(list_type), guarded)


def _is_type(expected: object) -> Callable[[Any], bool]:
    def predicate(tp: Any) -> bool:
        return bool(tp == expected)

    return predicate


def _mapping_guard(
    generated: Callable[[Any, Any], Any], pre: Callable[[object], object] | None
) -> Callable[[Any, Any], Any]:
    def hook(value: Any, cls: Any) -> Any:
        if pre is not None:
            value = pre(value)
        if not isinstance(value, Mapping):
            msg = f"应为键值映射，收到 {_show_type(value)}"
            raise _Problem(msg)
        for key in value:
            if not isinstance(key, str):
                msg = f"键应为文本，收到 {key!r}"
                raise _Problem(msg)
        return generated(value, cls)

    return hook


_CONVERTER: cattrs.Converter | None = None


def converter() -> cattrs.Converter:
    """The shared converter (built on first use)."""
    global _CONVERTER  # noqa: PLW0603 - built once, lazily, to keep import fast
    if _CONVERTER is None:
        _CONVERTER = make_converter()
    return _CONVERTER


def _message(path: str, message: str) -> tuple[str, str]:
    labels = spec.join_labels(spec.label_path(path)) if path else ""
    return (path, f"{labels}: {message}" if labels and labels != path else message)


def _suggest(key: str, cls: type) -> str:
    import difflib  # noqa: PLC0415 - only needed for a mistyped key

    names = [a.name for a in attrs.fields(cls)]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return f"，是否应为 {close[0]!r}？" if close else f"；可用的键：{', '.join(names)}"


def _walk(exc: BaseException, path: tuple[str, ...], out: list[tuple[str, str]]) -> None:
    dotted = ".".join(path)
    if isinstance(exc, ClassValidationError):
        class_notes, without = exc.group_exceptions()
        for sub, note in class_notes:
            _walk(sub, (*path, note.name) if isinstance(note, AttributeValidationNote) else path, out)
        for sub in without:
            _walk(sub, path, out)
    elif isinstance(exc, IterableValidationError):
        item_notes, rest = exc.group_exceptions()
        for sub, item in item_notes:
            index = str(item.index) if isinstance(item, IterableValidationNote) else "?"
            _walk(sub, (*path, index), out)
        for sub in rest:
            _walk(sub, path, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            # a key that cannot be one step of a dotted path is named at its mapping
            where = dotted if key == "" or "." in key else ".".join((*path, key))
            out.append((where, f"未知的键 {key!r}{_suggest(key, exc.cl)}"))
    elif isinstance(exc, KeyError):
        out.append(_message(dotted, "缺少必填项"))
    elif isinstance(exc, (_Problem, InputError)):
        if isinstance(exc, InputError):
            for sub_path, message in exc.errors:
                out.append(_message(".".join((*path, sub_path)) if sub_path else dotted, message))
        else:
            out.append(_message(dotted, str(exc)))
    elif isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            _walk(member, path, out)
    else:
        out.append(_message(dotted, f"无法读取（{type(exc).__name__}: {exc}）"))


def from_dict(data: object, *, strict: bool = True, source: str | None = None) -> Report:
    """Build a :class:`Report` from the dict contract.

    Raises :class:`InputError` listing every problem at once, and
    :class:`InconsistentReportError` when a hard 勾稽 rule fails (unless ``strict=False``).
    """
    if not isinstance(data, Mapping):
        raise InputError([("", f"报告应为键值映射，收到 {_show_type(data)}")], source=source)
    try:
        report: Report = converter().structure(data, Report)
    except Exception as exc:  # noqa: BLE001 - every failure becomes an InputError with a path
        errors: list[tuple[str, str]] = []
        _walk(exc, (), errors)
        raise InputError(errors, source=source) from None
    if strict:
        findings = hard_findings(report)
        if findings:
            raise InconsistentReportError(findings)
    return report


def to_dict(report: Report) -> dict[str, Any]:
    """The dict contract of ``report``: every key and every total, JSON-native values."""
    result: dict[str, Any] = converter().unstructure(report)
    return result


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            msg = f"键 {key!r} 出现了两次"
            raise _DuplicateKeyError(msg)
        out[key] = value
    return out


class _DuplicateKeyError(ValueError):
    pass


class _NumberTooLongError(ValueError):
    pass


def _too_long(digits: str) -> str:
    return f"数字过长（{len(digits)} 位，最多 {MAX_INT_DIGITS} 位）：{digits[:20]}…"


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberTooLongError(_too_long(digits))
    return int(digits)


#: The JSON decoder's messages, in Chinese.
_JSON_MESSAGES = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键",
    "Expecting ':' delimiter": "此处应为冒号 :",
    "Expecting ',' delimiter": "此处应为逗号 ,",
    "Unterminated string starting at": "文本没有结束的引号",
    "Invalid \\escape": "无效的转义符 \\",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "数据结束后还有多余内容",
}


def _json_data(text: str, source: str | None) -> Any:
    """Plain data from JSON text; numbers with a point are read exactly, as ``Decimal``.

    Control characters inside strings are let through here, so that the field that holds one
    is named by :func:`from_dict`.
    """
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_float=Decimal, parse_int=_json_int, strict=False
        )
    except _DuplicateKeyError as exc:
        message = f"JSON 有重复的键：{exc}"
    except _NumberTooLongError as exc:
        message = f"不是有效的 JSON：{exc}"
    except json.JSONDecodeError as exc:
        reason = _JSON_MESSAGES.get(exc.msg, exc.msg)
        message = f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列：{reason}"
    except RecursionError:
        message = "不是有效的 JSON：嵌套层数过多"
    raise InputError([("", message)], source=source)


#: Byte-order marks a data file may start with (UTF-32 before UTF-16: FF FE 00 00 starts both).
_BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
)


def _decode(raw: bytes, source: str | None) -> str:
    """The text of a data file: UTF-8, or UTF-8, UTF-16 or UTF-32 with a byte-order mark
    (Windows Notepad saves UTF-16 LE with one). Nothing is guessed."""
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                return raw[len(mark) :].decode(codec)
            except UnicodeDecodeError as exc:
                at = exc.start + len(mark) + 1
                msg = (
                    f"文件以 {name} 的字节顺序标记开头，但第 {at} 个字节起不是有效的 {name}（请另存为 UTF-8）"
                )
                raise InputError([("", msg)], source=source) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"不是 UTF-8 编码：第 {exc.start + 1} 个字节无法解读（可能是 GBK/GB18030 等编码）："
            "请在编辑器中“另存为”，编码选 UTF-8（Windows 记事本：文件 → 另存为 → 编码 → UTF-8）"
        )
        raise InputError([("", msg)], source=source) from None


def loads(text: str | bytes, *, strict: bool = True, source: str | None = None) -> Report:
    """A report from JSON text (``bytes`` are read as UTF-8, or as UTF-16 or UTF-32 after a
    byte-order mark)."""
    if isinstance(text, bytes):
        text = _decode(text, source)
    return from_dict(_json_data(text, source), strict=strict, source=source)


def dumps(report: Report, *, indent: int | None = 2) -> str:
    """JSON text of ``report`` (UTF-8 characters as they are, not escaped)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n"


_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_YAML_SPECIAL_FLOATS = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


def _too_deep() -> str:
    return f"嵌套层数过多（超过 {MAX_DEPTH} 层）"


@functools.cache
def _safe_loader() -> type:
    """A SafeLoader that refuses aliases, duplicate keys, deep nesting and unknown tags, and
    reads numbers exactly: integers only in plain decimal digits (YAML 1.1 would read ``010``
    as 8 and ``1:20`` as 80), numbers with a point as ``Decimal``.

    Where PyYAML has libyaml, the text is scanned and parsed in C; the nodes are still composed
    here, one event at a time, so that the alias and depth checks stay ours.
    """
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is read

    def fail(message: str, mark: Any) -> yaml.MarkedYAMLError:
        return yaml.MarkedYAMLError(None, None, message, mark)

    base: type = yaml.SafeLoader
    if getattr(yaml, "__with_libyaml__", False):
        from yaml._yaml import CParser  # noqa: PLC0415

        class _CBase(
            yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
        ):
            def __init__(self, stream: Any) -> None:
                CParser.__init__(self, stream)
                yaml.composer.Composer.__init__(self)
                yaml.constructor.SafeConstructor.__init__(self)
                yaml.resolver.Resolver.__init__(self)

        base = _CBase

    class _Loader(base):  # type: ignore[misc]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                msg = "不支持 YAML 别名（*anchor）：请把内容写全"
                raise fail(msg, event.start_mark)
            if self.depth >= MAX_DEPTH:
                raise fail(_too_deep(), event.start_mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: FBT001, FBT002 - PyYAML's signature
            if isinstance(node, yaml.MappingNode):
                seen: set[object] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=deep)
                    if isinstance(key, str) and key in seen:
                        msg = f"键 {key!r} 出现了两次"
                        raise fail(msg, key_node.start_mark)
                    if isinstance(key, str):
                        seen.add(key)
            return super().construct_mapping(node, deep=deep)

        def construct_undefined(self, node: Any) -> Any:
            msg = f"不支持 YAML 标签 {node.tag!r}：数据文件只应含文本、数字、列表和映射"
            raise fail(msg, node.start_mark)

        def construct_decimal_int(self, node: Any) -> int:
            text = str(self.construct_scalar(node))
            if not _DECIMAL_INT.fullmatch(text):
                msg = f"整数 {text!r} 应写成普通的十进制数字（如 10）"
                raise fail(msg, node.start_mark)
            if len(text.lstrip("+-")) > MAX_INT_DIGITS:
                raise fail(_too_long(text), node.start_mark)
            return int(text)

        def construct_exact_number(self, node: Any) -> Decimal:
            text = str(self.construct_scalar(node))
            try:
                return Decimal(_YAML_SPECIAL_FLOATS.get(text.lower(), text))
            except decimal.InvalidOperation:
                msg = f"{text!r} 不是有效的数字"
                raise fail(msg, node.start_mark) from None

    _Loader.add_constructor(None, _Loader.construct_undefined)
    _Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_decimal_int)
    _Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_exact_number)
    return _Loader


def _reader_message(text: str | bytes, exc: Any) -> str:
    """Where a character YAML cannot read sits, and which one it is."""
    if isinstance(text, str) and isinstance(exc.position, int) and isinstance(exc.character, int):
        position = exc.position
        if not (0 <= position < len(text) and ord(text[position]) == exc.character):
            # libyaml counts bytes of the UTF-8 text, not characters
            position = len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return f"第 {line} 行第 {column} 列：含有 YAML 不允许直接写出的字符 U+{exc.character:04X}"
    return str(exc.reason)


def yaml_loads(text: str | bytes, *, source: str | None = None) -> Any:
    """Parse YAML safely: no tags that build objects, no aliases, no duplicate keys."""
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is read

    try:
        return yaml.load(text, Loader=_safe_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列：" if mark is not None else ""
        problem = exc.problem
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit, above ours
            problem = _too_deep()
        message = f"不是有效的 YAML：{where}{problem}"
    except yaml.reader.ReaderError as exc:
        message = f"不是有效的 YAML：{_reader_message(text, exc)}"
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting long before
        message = "不是有效的 YAML：嵌套层数过多"
    except (yaml.YAMLError, ValueError) as exc:
        message = f"不是有效的 YAML：{exc}"
    raise InputError([("", message)], source=source)


def yaml_dumps(data: Any) -> str:
    """YAML text of plain data, keys in the order given, Chinese as it is.

    Never writes an alias (PyYAML would for a list or mapping that occurs twice), since
    :func:`yaml_loads` refuses them.
    """
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is written

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )


_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def read_data(path: str | os.PathLike[str]) -> Any:
    """The plain data in a JSON or YAML file (chosen by its suffix)."""
    p = Path(path)
    kind = _FORMATS.get(p.suffix.lower())
    if kind is None:
        msg = f"不认识的文件类型 {p.suffix!r}：数据文件应为 .json、.yaml 或 .yml"
        raise InputError([("", msg)], source=str(p))
    if p.stat().st_size > MAX_INPUT_BYTES:
        msg = f"文件过大（超过 {MAX_INPUT_BYTES // 1024 // 1024} MB），不像一份年度报告"
        raise InputError([("", msg)], source=str(p))
    text = _decode(p.read_bytes(), str(p))
    if kind == "json":
        return _json_data(text, str(p))
    return yaml_loads(text, source=str(p))


def load(path: str | os.PathLike[str], *, strict: bool = True) -> Report:
    """A report from a ``.json``, ``.yaml`` or ``.yml`` file."""
    return from_dict(read_data(path), strict=strict, source=str(path))


def dump(report: Report, path: str | os.PathLike[str]) -> None:
    """Write ``report`` to a ``.json``, ``.yaml`` or ``.yml`` file, atomically."""
    p = Path(path)
    kind = _FORMATS.get(p.suffix.lower())
    if kind is None:
        msg = f"不认识的文件类型 {p.suffix!r}：数据文件应为 .json、.yaml 或 .yml"
        raise InputError([("", msg)], source=str(p))
    text = dumps(report) if kind == "json" else yaml_dumps(to_dict(report))
    atomic_write(p, text)
