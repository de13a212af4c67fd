"""JSON for data files: the text read exactly (numbers with a point as ``Decimal``, no
duplicate keys, bounded integers, Chinese messages) and reports to and from JSON text."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gov_disclosure.exceptions import InputError
from gov_disclosure.io._convert import from_dict, to_dict
from gov_disclosure.io._decode import decode
from gov_disclosure.io.yaml import MAX_INT_DIGITS
from gov_disclosure.model import Report

__all__ = ["data", "dumps", "loads"]


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


def data(text: str, source: str | None = None) -> Any:
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


def loads(text: str | bytes, *, strict: bool = True, source: str | None = None) -> Report:
    """A report from JSON text (``bytes`` are read as UTF-8, or as UTF-16 or UTF-32 after a
    byte-order mark)."""
    if isinstance(text, bytes):
        text = decode(text, source)
    return from_dict(data(text, source), strict=strict, source=source)


def dumps(report: Report, *, indent: int | None = 2) -> str:
    """JSON text of ``report`` (UTF-8 characters as they are, not escaped)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n"
