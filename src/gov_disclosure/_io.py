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


class _Problem(ValueError):
    """A leaf problem raised inside a structure hook; its message is already Chinese."""


def _show_type(value: object) -> str:
    return {list: "列表", dict: "映射", str: "文本", type(None): "空值 null"}.get(
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
    for cls in MODEL_CLASSES:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv, **overrides.get(cls, {}))
        pre = _row_from_list if cls is Row else None
        conv.register_structure_hook(cls, _mapping_guard(generated, pre))
    return conv


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
            out.append((".".join((*path, key)), f"未知的键 {key!r}{_suggest(key, exc.cl)}"))
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


def loads(text: str | bytes, *, strict: bool = True, source: str | None = None) -> Report:
    """A report from JSON text."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKeyError as exc:
        raise InputError([("", f"JSON 有重复的键：{exc}")], source=source) from None
    except (ValueError, RecursionError) as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列" if isinstance(exc, json.JSONDecodeError) else ""
        raise InputError(
            [("", f"不是有效的 JSON：{where}{getattr(exc, 'msg', exc)}")], source=source
        ) from None
    return from_dict(data, strict=strict, source=source)


def dumps(report: Report, *, indent: int | None = 2) -> str:
    """JSON text of ``report`` (UTF-8 characters as they are, not escaped)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n"


def yaml_loads(text: str | bytes, *, source: str | None = None) -> Any:
    """Parse YAML safely: no tags that build objects, no aliases, no duplicate keys."""
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is read

    class _Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(
                    None, None, "不支持 YAML 别名（*anchor）：请把内容写全", event.start_mark
                )
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: FBT001, FBT002 - PyYAML's signature
            if isinstance(node, yaml.MappingNode):
                seen: set[object] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=deep)
                    if isinstance(key, str) and key in seen:
                        raise yaml.MarkedYAMLError(None, None, f"键 {key!r} 出现了两次", key_node.start_mark)
                    if isinstance(key, str):
                        seen.add(key)
            return super().construct_mapping(node, deep=deep)

    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列：" if mark is not None else ""
        raise InputError([("", f"不是有效的 YAML：{where}{exc.problem}")], source=source) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise InputError([("", f"不是有效的 YAML：{exc}")], source=source) from None


def yaml_dumps(data: Any) -> str:
    """YAML text of plain data, keys in the order given, Chinese as it is."""
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is written

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


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
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节）"
        raise InputError([("", msg)], source=str(p)) from None
    if kind == "json":
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates)
        except _DuplicateKeyError as exc:
            raise InputError([("", f"JSON 有重复的键：{exc}")], source=str(p)) from None
        except (ValueError, RecursionError) as exc:
            where = f"第 {exc.lineno} 行第 {exc.colno} 列：" if isinstance(exc, json.JSONDecodeError) else ""
            raise InputError(
                [("", f"不是有效的 JSON：{where}{getattr(exc, 'msg', exc)}")], source=str(p)
            ) from None
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
