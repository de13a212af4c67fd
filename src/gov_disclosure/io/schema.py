"""The JSON Schema (draft 2020-12) of the dict contract, generated from the model.

Titles are the official labels, so an editor shows 自然人 / 商业企业 … while the user types.
"""

from __future__ import annotations

import functools
import typing
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.model import Report, Row
from gov_disclosure.model import validators as v

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


def _title(path: str) -> str:
    return spec.join_labels(spec.label_path(path))


def _for_type(tp: Any, path: str) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is int:
        if path == spec.YEAR.key:
            return {"type": "integer", "minimum": v.MIN_YEAR, "maximum": v.MAX_YEAR}
        return {"type": "integer", "minimum": 0}
    if tp is str:
        return {"type": "string", "pattern": _TEXT_PATTERN}
    if tp is Decimal:
        return {
            "anyOf": [{"type": "string", "pattern": _FEE_PATTERN}, {"type": "number", "minimum": 0}],
            "description": _FEE_DESCRIPTION,
        }
    if origin is tuple:
        return {"type": "array", "items": _for_type(args[0], f"{path}.0")}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        non_none = [a for a in args if a is not type(None)]
        return {"anyOf": [_for_type(non_none[0], path), {"type": "null"}]}
    if attrs.has(tp):
        return _for_class(tp, path)
    msg = f"no schema for {tp!r}"  # pragma: no cover - every model type is handled above
    raise TypeError(msg)  # pragma: no cover


def _for_class(cls: type, path: str) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        sub = f"{path}.{field.name}" if path else field.name
        schema = _for_type(hints[field.name], sub)
        schema = {"title": _title(sub), **schema}
        if cls is Report and field.name == "title":
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
    if cls is Row:
        names = "、".join(c.label for c in spec.ROW_COLUMNS)
        return {
            "anyOf": [
                obj,
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 0},
                    "minItems": 6,
                    "maxItems": 7,
                    "description": f"按列顺序：{names}（总计可省略）",
                },
            ]
        }
    return obj


@functools.cache
def _schema() -> dict[str, Any]:
    body = _for_class(Report, "")
    return {
        "$schema": _DIALECT,
        "$id": "https://gov-disclosure.invalid/schema/report-2021.json",
        "title": "政府信息公开工作年度报告（" + spec.FORMAT_NAME + "）",
        **body,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the dict contract; every :func:`to_dict` output validates against it."""
    import copy  # noqa: PLC0415 - callers may mutate their copy

    return copy.deepcopy(_schema())
