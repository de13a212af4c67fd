"""Local facts about single values: counts, signed counts, fees, amounts, years, text.

Each ``check_*`` function returns ``None`` for a good value or a Chinese message saying what is
wrong; the attrs validators below and the input converter both use them, so a value is judged
the same way whichever way it comes in.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure.exceptions import InputError

__all__ = [
    "AMOUNT_UNITS",
    "FEE_MAX_DIGITS",
    "FEE_PLACES",
    "FORBIDDEN_CHARS",
    "LINE_BREAKS",
    "MAX_YEAR",
    "MIN_YEAR",
    "WHITESPACE",
    "InputError",
    "amount",
    "check_amount",
    "check_count",
    "check_fee",
    "check_signed",
    "check_text",
    "check_year",
    "clean_paragraphs",
    "count",
    "fee",
    "signed",
    "strip_text",
    "text",
    "to_fee",
    "year",
]

MIN_YEAR = 2008  # the regulations' first reporting year
MAX_YEAR = 2100
FEE_PLACES = 6  # 0.000001 万元 = 0.01 元: real reports print fees to the 分

#: The characters XML 1.0 forbids, as a regex class body: the C0 controls but tab, LF and CR,
#: the non-characters U+FFFE and U+FFFF, and the surrogates. No text of a report holds one; this
#: is the one statement of the rule (the renderers, the readers and the JSON Schema use it).
FORBIDDEN_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
#: What ends a line, as a regex class body: refused inside a paragraph or a title.
LINE_BREAKS = "\n\r\x85\u2028\u2029"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}]")
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
# Whitespace removed from both ends of a paragraph or title: what ``str.strip`` removes, except
# the characters XML forbids (U+000B, U+000C, U+001C–U+001F), which are refused instead.
_STRIPPED = (
    "\t\n\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)
#: The whitespace stripped from both ends of every text (and of a fee written as text).
WHITESPACE = _STRIPPED
#: A fee may be written with at most this many digits before and after the point.
FEE_MAX_DIGITS = 15


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"文本 {value!r}"
    if isinstance(value, bool):
        return f"布尔值 {value}"
    if isinstance(value, float):
        return f"小数 {value!r}"
    if isinstance(value, Decimal):
        return f"小数 {value}"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"日期 {value.isoformat()}"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    if value is None:
        return "空值 null"
    return repr(value)


def check_count(value: object) -> str | None:
    """A count (件, 决定数量) is an ``int`` ≥ 0; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"应为非负整数，收到 {_show(value)}"
    if value < 0:
        return f"应为非负整数，收到 {value}"
    return None


def check_signed(value: object) -> str | None:
    """A signed count (本年增/减: a decrease is negative) is an ``int``; bools and floats are
    refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"应为整数（减少写负数），收到 {_show(value)}"
    return None


#: The units an amount of money (采购总金额) may carry after its number, as reports print them.
AMOUNT_UNITS = ("元", "万元", "亿元")
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:" + "|".join(AMOUNT_UNITS) + ")?")


def check_amount(value: object) -> str | None:
    """An amount of money whose unit the format leaves open (2019 采购总金额) is a text kept as
    printed: a plain decimal (ASCII digits, at most one point), then its unit if printed
    (``"251000元"``, ``"25.1万元"``, ``"0"``)."""
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value) or len(value) > FEE_MAX_DIGITS + 8:
        units = "、".join(AMOUNT_UNITS)
        return f"应为金额：数字（可有一个小数点）后接单位{units}（如 251000元），收到 {_show(value)}"
    return None


def check_year(value: object) -> str | None:
    """A reporting year is an ``int`` from 2008 to 2100."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"应为年份（整数），收到 {_show(value)}"
    if not MIN_YEAR <= value <= MAX_YEAR:
        return f"年份应在 {MIN_YEAR} 至 {MAX_YEAR} 之间，收到 {value}"
    return None


#: Full-width digits and the full-width point, read as their ASCII forms in a fee written as text.
_FULL_WIDTH_NUMBER = str.maketrans("０１２３４５６７８９．", "0123456789.")
#: A fee written as text: ASCII digits with one optional point between digits, nothing else.
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NEGATIVE_DECIMAL = re.compile(r"-[0-9]+(?:\.[0-9]+)?")
_NOT_FINITE_TEXT = re.compile(r"[-+]?(?:s?nan|inf|infinity)", re.IGNORECASE)


def to_fee(value: object) -> Decimal | str:
    """Convert a fee to ``Decimal`` or return the message saying why it cannot be one.

    A text must be a plain decimal: ASCII digits with at most one point between digits
    (``"12.50"``); full-width digits and the full-width point are read as ASCII
    (``"１２．５０"`` is ``12.50``), and whitespace at either end is stripped as for all text.
    Anything else (``"1e2"``, ``"1_0"``, ``"+1"``, ``"-0"``, ``"0x10"``, ``"١٢"``) is refused.
    A ``Decimal`` or an ``int`` is taken by its value; a float through its shortest string form
    (``0.1`` is ``Decimal("0.1")``). Then :func:`check_fee` judges the value.
    """
    amount: Decimal
    if isinstance(value, bool):
        return f"应为非负金额（万元），收到 {_show(value)}"
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip(_STRIPPED).translate(_FULL_WIDTH_NUMBER)
        if not _PLAIN_DECIMAL.fullmatch(text):
            return _fee_text_message(value, text)
        amount = Decimal(text)
    else:
        return f"应为非负金额（万元），收到 {_show(value)}"
    message = check_fee(amount)
    return message if message is not None else amount


def _fee_text_message(value: str, text: str) -> str:
    if _NOT_FINITE_TEXT.fullmatch(text):
        return f"应为有限的非负金额（万元），收到 {text}"
    if _NEGATIVE_DECIMAL.fullmatch(text):
        return f"应为非负金额（万元），收到 {text}"
    return f"应为非负金额（万元），只能写数字和一个小数点（如 12.50），收到 {_show(value)}"


def check_fee(value: object) -> str | None:
    """A fee is a finite ``Decimal`` ≥ 0 (not ``-0``) whose value needs at most
    :data:`FEE_PLACES` decimal places, written with at most :data:`FEE_MAX_DIGITS` digits before
    and after the point."""
    if not isinstance(value, Decimal):
        return f"应为非负金额（万元），收到 {_show(value)}"
    if not value.is_finite():
        return f"应为有限的非负金额（万元），收到 {value}"
    if value.is_signed():  # below zero, or a negative zero
        return f"应为非负金额（万元），收到 {value}"
    return _check_fee_digits(value)


def _check_fee_digits(value: Decimal) -> str | None:
    """At most :data:`FEE_PLACES` places of value and :data:`FEE_MAX_DIGITS` digits each side of
    the point as written: ``"1e999999999"`` would otherwise print as a billion digits."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - only finite values come here
        return f"应为有限的非负金额（万元），收到 {value}"
    if value != 0 and value.adjusted() >= FEE_MAX_DIGITS:
        return f"金额过大（整数部分超过 {FEE_MAX_DIGITS} 位），请检查单位是否为万元"
    if exponent < -FEE_MAX_DIGITS:
        return f"金额的小数位数过多（写了 {-exponent} 位，最多 {FEE_MAX_DIGITS} 位）"
    trailing_zeros = len(digits) - len(bytes(digits).rstrip(b"\x00"))
    if value != 0 and exponent + trailing_zeros < -FEE_PLACES:
        # both limits above hold here, so the plain form has at most 31 digits
        return f"金额最多保留 {FEE_PLACES} 位小数（0.000001 万元即 0.01 元），收到 {value:f}"
    return None


def check_text(value: object, *, required: bool = False) -> str | None:
    """Text on one line, of characters XML 1.0 allows.

    The text is judged as it will be kept, after :func:`strip_text`: a line break at either
    end is whitespace that goes, one inside is refused; positions count from the stripped text.
    """
    if not isinstance(value, str):
        return f"应为文本，收到 {_show(value)}"
    line = value.strip(_STRIPPED)
    bad = _FORBIDDEN.search(line)
    if bad:
        return f"含有不允许的控制字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符）"
    if _LINE_BREAK.search(line):
        return "一段文字内不能换行：请分成多个段落"
    if required and not line:
        return "不能为空"
    return None


def clean_paragraphs(value: Any) -> Any:
    """Strip each paragraph and drop empty ones: the only change ever made to user text."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        return value  # the validator names the problem
    stripped = (strip_text(p) for p in value)
    return tuple(p for p in stripped if p != "")


def strip_text(value: Any) -> Any:
    """Strip a title, name or paragraph of whitespace; anything else is left for the validator.

    Characters XML forbids are never stripped, so that they are refused wherever they are.
    """
    return value.strip(_STRIPPED) if isinstance(value, str) else value


@attrs.frozen(repr=False)
class _Validator:
    what: str
    check: Any

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        message = self.check(value)
        if message is not None:
            raise InputError([(attr.name, message)])

    def __repr__(self) -> str:
        return f"<{self.what} validator>"


def count() -> _Validator:
    """Validator: a non-negative ``int`` (not ``bool``)."""
    return _Validator("count", check_count)


def signed() -> _Validator:
    """Validator: an ``int`` that may be negative (not ``bool``)."""
    return _Validator("signed", check_signed)


def amount() -> _Validator:
    """Validator: an amount of money with its unit as printed (:func:`check_amount`)."""
    return _Validator("amount", check_amount)


def year() -> _Validator:
    """Validator: a reporting year from 2008 to 2100."""
    return _Validator("year", check_year)


def _fee_message(value: object) -> str | None:
    converted = to_fee(value)
    return converted if isinstance(converted, str) else None


def fee() -> _Validator:
    """Validator: a fee in 万元 (``Decimal`` ≥ 0, at most 6 places of value)."""
    return _Validator("fee", _fee_message)


def _check_paragraphs(value: object) -> str | None:
    if not isinstance(value, tuple):
        return f"应为段落列表，收到 {_show(value)}"
    for i, p in enumerate(value):
        message = check_text(p)
        if message is not None:
            return f"第 {i + 1} 段{message}"
    return None


def text(*, required: bool = False) -> _Validator:
    """Validator: one line of XML-safe text (non-empty when ``required``)."""
    return _Validator("required text" if required else "text", lambda v: check_text(v, required=required))


def paragraphs() -> _Validator:
    """Validator: a tuple of one-line paragraphs."""
    return _Validator("paragraphs", _check_paragraphs)
