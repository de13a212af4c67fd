"""The JSON Schema (draft 2020-12) of the dict contract, generated from the model.

Titles are the official labels, so an editor shows 自然人 / 商业企业 … while the user types.
"""

from __future__ import annotations

import functools
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.model import report_class
from gov_disclosure.model import validators as v

#: The key of the dict contract that names the report's format.
FORMAT_KEY = "format"

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _escaped(chars: str) -> str:
    """A regex class body of the model's, with every character outside ASCII printable written
    as a ``\\uXXXX`` escape (as JSON Schema patterns, ECMA-262, write them)."""
    return "".join(c if " " < c < "\x7f" else f"\\u{ord(c):04x}" for c in chars)


#: One line of text as the model accepts it: no character XML forbids, no line break.
_TEXT_PATTERN = f"^[^{_escaped(v.FORBIDDEN_CHARS + v.LINE_BREAKS)}]*$"


def _fee_pattern() -> str:
    """A fee written as text, as :func:`gov_disclosure.model.validators.to_fee` accepts it: digits
    (full-width too) with one optional point between digits, whitespace at either end; the value
    needs at most 6 places (zeros after them are fine), each side has at most 15 digits (leading
    zeros aside)."""
    space = "[" + "".join(f"\\u{ord(c):04x}" for c in v.WHITESPACE) + "]*"
    digit = "[0-9\\uff10-\\uff19]"
    zero = "[0\\uff10]"
    places, max_digits = v.FEE_PLACES, v.FEE_MAX_DIGITS
    integer = f"{zero}*{digit}{{1,{max_digits}}}"
    fraction = f"[.\\uff0e]{digit}{{1,{places}}}{zero}{{0,{max_digits - places}}}"
    return f"^{space}{integer}({fraction})?{space}$"


_FEE_PATTERN = _fee_pattern()
_FEE_DESCRIPTION = (
    f'单位：万元。推荐写作文本（按原样保留，如 "12.50"）：只能有数字和一个小数点，'
    f"值最多 {v.FEE_PLACES} 位小数（0.000001 万元即 0.01 元），小数点前后各最多 {v.FEE_MAX_DIGITS} 位；"
    "全角数字和全角小数点按半角读入"
)


def _amount_pattern() -> str:
    units = "|".join(v.AMOUNT_UNITS)
    return f"^[0-9]+([.][0-9]+)?({units})?$"


class _Builder:
    """The schema of one format's report class; titles are that format's labels."""

    def __init__(self, fmt: spec.Format) -> None:
        self.fmt = fmt

    def title(self, path: str) -> str:
        return spec.join_labels(self.fmt.label_path(path))

    def for_type(self, tp: Any, path: str, kind: str | None = None) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is int:
            if path == spec.YEAR.key:
                return {"type": "integer", "minimum": v.MIN_YEAR, "maximum": v.MAX_YEAR}
            if kind == "signed":
                return {"type": "integer", "description": "可为负数（减少写负数，如 -8）"}
            return {"type": "integer", "minimum": 0}
        if tp is str:
            if kind == "amount":
                units = "、".join(v.AMOUNT_UNITS)
                return {
                    "type": "string",
                    "pattern": _amount_pattern(),
                    "description": f"金额按原样保留：数字（可有一个小数点）后接所印的单位（{units}），"
                    "如 251000元",
                }
            return {"type": "string", "pattern": _TEXT_PATTERN}
        if tp is Decimal:
            return {
                "anyOf": [{"type": "string", "pattern": _FEE_PATTERN}, {"type": "number", "minimum": 0}],
                "description": _FEE_DESCRIPTION,
            }
        if origin is tuple:
            return {"type": "array", "items": self.for_type(args[0], f"{path}.0")}
        if origin in (typing.Union, types.UnionType):
            options = [self.for_type(a, path) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return {"anyOf": options}
        if attrs.has(tp):
            return self.for_class(tp, path)
        msg = f"no schema for {tp!r}"  # pragma: no cover - every model type is handled above
        raise TypeError(msg)  # pragma: no cover

    def for_class(self, cls: type, path: str) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        is_report = isinstance(getattr(cls, "FORMAT", None), str)
        if is_report:
            props[FORMAT_KEY] = {
                "title": "报告格式",
                "const": self.fmt.id,
                "description": f"{self.fmt.name}"
                + ("（省略时即此格式）" if self.fmt.id == spec.DEFAULT_FORMAT else ""),
            }
            if self.fmt.id != spec.DEFAULT_FORMAT:
                required.append(FORMAT_KEY)
        for field in attrs.fields(cls):
            sub = f"{path}.{field.name}" if path else field.name
            schema = self.for_type(hints[field.name], sub, field.metadata.get("kind"))
            schema = {"title": self.title(sub), **schema}
            if is_report and field.name == "title":
                schema = {
                    "title": schema["title"],
                    "anyOf": [{k: val for k, val in schema.items() if k != "title"}, {"type": "null"}],
                }
            props[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        obj: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
        if getattr(cls, "LIST_FORM", False):
            leaves = [f for f in attrs.fields(cls) if f.default is attrs.NOTHING]
            names = "、".join(f.metadata["label"] for f in attrs.fields(cls))
            return {
                "anyOf": [
                    obj,
                    {
                        "type": "array",
                        "items": {"type": "integer", "minimum": 0},
                        "minItems": len(leaves),
                        "maxItems": len(attrs.fields(cls)),
                        "description": f"按列顺序：{names}（总计可省略）",
                    },
                ]
            }
        return obj


@functools.cache
def _schema(format_id: str) -> dict[str, Any]:
    fmt = spec.get_format(format_id)
    body = _Builder(fmt).for_class(report_class(format_id), "")
    return {
        "$schema": _DIALECT,
        "$id": f"https://gov-disclosure.invalid/schema/report-{fmt.id}.json",
        "title": "政府信息公开工作年度报告（" + fmt.name + "）",
        **body,
    }


def json_schema(format_id: str = spec.DEFAULT_FORMAT) -> dict[str, Any]:
    """The JSON Schema of the dict contract of the format ``format_id`` (the 2021 format by
    default; ``"2019"`` for the 2019 format, whose ``format`` is required); every
    :func:`to_dict` output of a report in that format validates against it."""
    import copy  # noqa: PLC0415 - callers may mutate their copy

    return copy.deepcopy(_schema(format_id))
