"""Numbering of headings: 一、… for sections, （一）… for subsections."""

from __future__ import annotations

import re

__all__ = ["CHINESE_NUMERALS", "SUBSECTION_NUMBER_RE", "chinese_number", "subsection_heading"]

#: Numbering of subsection headings: （一）（二）…
CHINESE_NUMERALS = "一二三四五六七八九十"
SUBSECTION_NUMBER_RE = re.compile(r"（([一二三四五六七八九十]{1,3})）")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        msg = f"小节编号超出范围：{n}"
        raise ValueError(msg)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else CHINESE_NUMERALS[ones - 1])


def subsection_heading(index: int, title: str) -> str:
    """The printed heading of the ``index``-th subsection (1-based): ``（一）主动公开情况``."""
    return f"（{chinese_number(index)}）{title}"
