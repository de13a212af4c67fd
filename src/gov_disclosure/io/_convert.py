"""The dict contract: one cattrs converter of our own for the report classes of every format.

Encoding choices of the converter:

* a report names its format with ``format`` (left out: the default, ``2021``); ``to_dict``
  writes it for any other format;
* a row whose class accepts the list form (表三's rows) comes in as a mapping or as a list of
  its leaf cells, with or without its total, and goes out as the full mapping with the total;
* every total is written out, so ``from_dict(to_dict(r)) == r``;
* ``fees`` goes out as a string in plain decimal notation, as given (``"12.50"``);
* lists of paragraphs and subsections go out as lists;
* unknown keys are errors, with a suggestion for a mistyped key.

Every problem of one input is reported at once, with its path and official labels.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
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
from gov_disclosure.checks import hard_findings
from gov_disclosure.exceptions import InconsistentReportError, InputError
from gov_disclosure.model import Report, Subsection, format_of, report_class
from gov_disclosure.model import validators as v

__all__ = ["FORMAT_KEY", "converter", "from_dict", "make_converter", "message", "report_keys", "to_dict"]

#: The key of the dict contract that names the report's format.
FORMAT_KEY = "format"


class _Problem(ValueError):
    """A leaf problem raised inside a structure hook; its message is already Chinese."""


def show_type(value: object) -> str:
    """What a value is, in a message: 列表, 映射, 文本 …"""
    return {list: "列表", dict: "映射", str: "文本", type(None): "空值 null", Decimal: "小数"}.get(
        type(value), type(value).__name__
    )


def _leaf(check: Callable[[object], str | None]) -> Callable[[object, type], object]:
    def hook(value: object, _: type) -> object:
        problem = check(value)
        if problem is not None:
            raise _Problem(problem)
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
    problem = v.check_text(value)
    if problem is not None:
        raise _Problem(problem)
    return value  # type: ignore[return-value]


def _from_list(cls: type) -> Callable[[object], object]:
    """A row given as a list of its leaf cells (and optionally its total) → a mapping."""
    fields = attrs.fields(cls)
    keys = tuple(f.name for f in fields)
    leaves = [f for f in fields if f.default is attrs.NOTHING]
    total = next((f for f in fields if f.default is not attrs.NOTHING), None)

    def pre(value: object) -> object:
        if not isinstance(value, (list, tuple)):
            return value
        if len(value) not in (len(leaves), len(keys)):
            names = "、".join(f.metadata["label"] for f in leaves)
            also = f"或再加{total.metadata['label']}共 {len(keys)} 个数" if total is not None else ""
            msg = f"一行应为 {len(leaves)} 个数（{names}）{also}，收到 {len(value)} 个"
            raise _Problem(msg)
        return dict(zip(keys, value, strict=False))

    return pre


def _list_guard(base: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A list must be a list: cattrs alone would split a text into its characters."""

    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = f"应为列表，收到 {show_type(value)}"
            raise _Problem(msg)
        return base(value, tp)

    return hook


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
            msg = f"应为键值映射，收到 {show_type(value)}"
            raise _Problem(msg)
        for key in value:
            if not isinstance(key, str):
                msg = f"键应为文本，收到 {key!r}"
                raise _Problem(msg)
        return generated(value, cls)

    return hook


def _required_text(value: object) -> str | None:
    return v.check_text(value, required=True)


def _overrides(cls: type) -> dict[str, Any]:
    """Field hooks of a report class (agency, year, title) and of a subsection (title)."""
    if isinstance(getattr(cls, "FORMAT", None), str):
        return {
            "agency": override(struct_hook=_leaf(_required_text)),
            "year": override(struct_hook=_leaf(v.check_year)),
            "title": override(struct_hook=_title_hook),
        }
    if cls is Subsection:
        return {"title": override(struct_hook=_leaf(_required_text))}
    # a value whose kind is not its type's usual one (a signed count, an amount with its unit)
    kinds = {"signed": _leaf(v.check_signed), "amount": _leaf(_amount_text)}
    return {
        f.name: override(struct_hook=kinds[f.metadata["kind"]])
        for f in attrs.fields(cls)
        if f.metadata.get("kind") in kinds
    }


def _amount_text(value: object) -> str | None:
    return v.check_amount(value.strip(v.WHITESPACE) if isinstance(value, str) else value)


def make_converter() -> cattrs.Converter:
    """The converter behind :func:`from_dict` and :func:`to_dict`: hooks for the values (counts,
    text, fees), and for every attrs class of the model, made on first use of each class."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _leaf(v.check_count))
    conv.register_structure_hook(str, _leaf(v.check_text))
    conv.register_structure_hook(Decimal, _fee_hook)
    conv.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    # before the classes: a class's hook looks the list hooks up when it is made
    for list_type in (tuple[str, ...], tuple[Subsection, ...]):
        guarded = _list_guard(conv.get_structure_hook(list_type))
        conv.register_structure_hook_func(_is_type(list_type), guarded)

    def class_hook(cls: type) -> Callable[[Any, Any], Any]:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv, **_overrides(cls))
        pre = _from_list(cls) if getattr(cls, "LIST_FORM", False) else None
        return _mapping_guard(generated, pre)

    conv.register_structure_hook_factory(attrs.has, class_hook)
    conv.register_structure_hook_factory(_is_collapsible, lambda tp: _collapsible_hook(tp, conv))
    return conv


def _is_collapsible(tp: Any) -> bool:
    """A group that may be printed as one row: the union of its class and a row class."""
    args = getattr(tp, "__args__", ())
    return (
        isinstance(tp, types.UnionType)
        and len(args) == 2
        and all(attrs.has(a) for a in args)
        and sum(bool(getattr(a, "LIST_FORM", False)) for a in args) == 1
    )


def _collapsible_hook(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A list, or a mapping of the row's keys, is the group printed as one row; anything else
    is the group with its sub-rows."""
    row = next(a for a in tp.__args__ if getattr(a, "LIST_FORM", False))
    group = next(a for a in tp.__args__ if a is not row)
    keys = frozenset(f.name for f in attrs.fields(row))

    def hook(value: Any, _: Any) -> Any:
        as_row = isinstance(value, (list, tuple)) or (
            isinstance(value, Mapping) and bool(value) and all(k in keys for k in value)
        )
        return conv.structure(value, row if as_row else group)

    return hook


@functools.cache
def converter() -> cattrs.Converter:
    """The shared converter (built on first use)."""
    return make_converter()


def message(path: str, text: str, fmt: spec.Format = spec.FORMAT_2021) -> tuple[str, str]:
    """``(path, "labels: text")``: a problem at ``path`` as :class:`InputError` lists it."""
    labels = spec.join_labels(fmt.label_path(path)) if path else ""
    return (path, f"{labels}: {text}" if labels and labels != path else text)


def _suggest(key: str, cls: type) -> str:
    import difflib  # noqa: PLC0415 - only needed for a mistyped key

    names = [a.name for a in attrs.fields(cls)]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return f"，是否应为 {close[0]!r}？" if close else f"；可用的键：{', '.join(names)}"


def walk(
    exc: BaseException, path: tuple[str, ...], out: list[tuple[str, str]], fmt: spec.Format = spec.FORMAT_2021
) -> None:
    """Every problem inside ``exc`` (cattrs' exception groups), each with its path."""
    dotted = ".".join(path)
    if isinstance(exc, ClassValidationError):
        class_notes, without = exc.group_exceptions()
        for sub, note in class_notes:
            walk(sub, (*path, note.name) if isinstance(note, AttributeValidationNote) else path, out, fmt)
        for sub in without:
            walk(sub, path, out, fmt)
    elif isinstance(exc, IterableValidationError):
        item_notes, rest = exc.group_exceptions()
        for sub, item in item_notes:
            index = str(item.index) if isinstance(item, IterableValidationNote) else "?"
            walk(sub, (*path, index), out, fmt)
        for sub in rest:
            walk(sub, path, out, fmt)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            # a key that cannot be one step of a dotted path is named at its mapping
            where = dotted if key == "" or "." in key else ".".join((*path, key))
            out.append((where, f"未知的键 {key!r}{_suggest(key, exc.cl)}"))
    elif isinstance(exc, KeyError):
        out.append(message(dotted, "缺少必填项", fmt))
    elif isinstance(exc, InputError):
        for sub_path, text in exc.errors:
            out.append(message(".".join((*path, sub_path)) if sub_path else dotted, text, fmt))
    elif isinstance(exc, _Problem):
        out.append(message(dotted, str(exc), fmt))
    elif isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            walk(member, path, out, fmt)
    else:
        out.append(message(dotted, f"无法读取（{type(exc).__name__}: {exc}）", fmt))


def _format_of(data: Mapping[Any, Any], source: str | None) -> spec.Format:
    """The format the data names (``format``), or the default."""
    named = data.get(FORMAT_KEY, spec.DEFAULT_FORMAT)
    if not isinstance(named, str):
        raise InputError(
            [(FORMAT_KEY, f'报告格式应为文本（如 "2021"），收到 {show_type(named)}')], source=source
        )
    try:
        return spec.get_format(named)
    except KeyError as exc:
        raise InputError([(FORMAT_KEY, str(exc.args[0]))], source=source) from None


def from_dict(data: object, *, strict: bool = True, source: str | None = None) -> Report:
    """Build a report from the dict contract, in the format it names.

    Raises :class:`InputError` listing every problem at once, and
    :class:`InconsistentReportError` when a hard 勾稽 rule fails (unless ``strict=False``).
    """
    if not isinstance(data, Mapping):
        raise InputError([("", f"报告应为键值映射，收到 {show_type(data)}")], source=source)
    fmt = _format_of(data, source)
    body = {k: x for k, x in data.items() if k != FORMAT_KEY} if FORMAT_KEY in data else data
    try:
        report: Report = converter().structure(body, report_class(fmt.id))
    except Exception as exc:  # noqa: BLE001 - every failure becomes an InputError with a path
        errors: list[tuple[str, str]] = []
        walk(exc, (), errors, fmt)
        raise InputError(errors, source=source) from None
    if strict:
        findings = hard_findings(report)
        if findings:
            raise InconsistentReportError(findings)
    return report


def to_dict(report: Report) -> dict[str, Any]:
    """The dict contract of ``report``: every key and every total, JSON-native values; the
    format named first when it is not the default."""
    result: dict[str, Any] = converter().unstructure(report)
    fmt = format_of(report)
    if fmt.id != spec.DEFAULT_FORMAT:
        result = {FORMAT_KEY: fmt.id, **result}
    return result


def _classes(cls: type) -> Iterator[type]:
    """``cls`` and every attrs class its fields hold, once each."""
    import typing  # noqa: PLC0415

    seen: set[type] = set()
    todo = [cls]
    while todo:
        here = todo.pop()
        if here in seen:
            continue
        seen.add(here)
        yield here
        for hint in typing.get_type_hints(here).values():
            for arg in (hint, *typing.get_args(hint)):
                for inner in (arg, *typing.get_args(arg)):
                    if isinstance(inner, type) and attrs.has(inner):
                        todo.append(inner)


def report_keys() -> frozenset[str]:
    """Every key a report's mappings may have, in any known format."""
    return _keys(tuple(fmt.id for fmt in spec.formats()))


@functools.cache
def _keys(format_ids: tuple[str, ...]) -> frozenset[str]:
    keys: set[str] = {FORMAT_KEY}
    for format_id in format_ids:
        for cls in _classes(report_class(format_id)):
            keys.update(a.name for a in attrs.fields(cls))
    return frozenset(keys)
