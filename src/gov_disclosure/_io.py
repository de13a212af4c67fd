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

import json
import os
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

from gov_disclosure import _yaml, spec
from gov_disclosure._files import atomic_write
from gov_disclosure._yaml import MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES
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
from gov_disclosure.model import validators as v

__all__ = ["MAX_DEPTH", "MAX_NODES", "dump", "dumps", "from_dict", "load", "loads", "to_dict"]

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


#: Every key a report's mappings may have, for the hints about keyboard mistakes in YAML.
_KEYS = frozenset(a.name for cls in MODEL_CLASSES for a in attrs.fields(cls))


def _yaml_data(text: str | bytes, source: str | None) -> tuple[Any, list[_yaml.Hint]]:
    if isinstance(text, bytes):
        text = _decode(text, source)
    try:
        return _yaml.loads(text, _KEYS)
    except _yaml.YamlProblem as exc:
        raise InputError([("", str(exc))], source=source) from None


def yaml_loads(text: str | bytes, *, source: str | None = None) -> Any:
    """Parse YAML safely: only texts, numbers, lists and mappings; aliases expanded within a
    budget; no duplicate keys (see :mod:`gov_disclosure._yaml`)."""
    return _yaml_data(text, source)[0]


def yaml_dumps(data: Any) -> str:
    """YAML text of plain data, keys in the order given, Chinese as it is.

    Never writes an alias (PyYAML would for a list or mapping that occurs twice): every value
    is written out in full.
    """
    text = _yaml.dumps(data)
    if text is not None:
        return text
    import yaml  # noqa: PLC0415 - only for data the emitter of _yaml does not write

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )


def _hinted(error: InputError, hints: list[_yaml.Hint]) -> InputError:
    """``error`` with each problem at a place the YAML loader found a keyboard mistake told
    as that mistake: its line, and what to type instead."""
    errors = []
    for path, message in error.errors:
        for hint in hints:
            how = _hint_explains(hint, path)
            if how is not None:
                errors.append(_message(path, hint.message(whole=how != "cell")))
                break
        else:
            errors.append((path, message))
    return InputError(errors, source=error.source)


def _hint_explains(hint: _yaml.Hint, path: str) -> str | None:
    """How ``hint`` explains a problem at ``path``: as the value there, as a cell of a row
    given as a list there, as the one item of a row given as a list; or ``None``."""
    if hint.path == path:
        return "value"
    parent, _, last = path.rpartition(".")
    if last in spec.ROW_KEYS and hint.path == f"{parent}.{spec.ROW_KEYS.index(last)}":
        return "cell"
    if hint.kind == "comma" and hint.path.rpartition(".")[0] == path:
        return "row"
    return None


_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def read_data(path: str | os.PathLike[str]) -> Any:
    """The plain data in a JSON or YAML file (chosen by its suffix)."""
    return _read(path)[0]


def _read(path: str | os.PathLike[str]) -> tuple[Any, list[_yaml.Hint]]:
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
        return _json_data(text, str(p)), []
    return _yaml_data(text, str(p))


def load(path: str | os.PathLike[str], *, strict: bool = True) -> Report:
    """A report from a ``.json``, ``.yaml`` or ``.yml`` file."""
    data, hints = _read(path)
    try:
        return from_dict(data, strict=strict, source=str(path))
    except InputError as exc:
        if not hints:
            raise
        raise _hinted(exc, hints) from None


def dump(report: Report, path: str | os.PathLike[str]) -> None:
    """Write ``report`` to a ``.json``, ``.yaml`` or ``.yml`` file, atomically."""
    p = Path(path)
    kind = _FORMATS.get(p.suffix.lower())
    if kind is None:
        msg = f"不认识的文件类型 {p.suffix!r}：数据文件应为 .json、.yaml 或 .yml"
        raise InputError([("", msg)], source=str(p))
    text = dumps(report) if kind == "json" else yaml_dumps(to_dict(report))
    atomic_write(p, text)
