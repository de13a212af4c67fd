"""Label normalisation and matching against the official layout in :mod:`gov_disclosure.spec`.

Every label read from a document goes through ONE normalisation (:func:`norm`): NFKC (full-width
digits and brackets become half-width), punctuation unification (``、，,．.`` → ``,``, quotes
dropped, ``：`` → ``:``, dashes unified), whitespace removed. Matching compares normalised forms;
a small edit distance catches typos. No pattern here can backtrack: the few regular expressions
are anchored and linear, and distances are bounded dynamic programmes over short strings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from gov_disclosure import spec
from gov_disclosure.model.validators import FORBIDDEN_CHARS

__all__ = [
    "BLANK_MARKS",
    "COUNT_UNITS",
    "FEE_UNITS",
    "NOT_XML",
    "SENTENCE_END",
    "Reading",
    "distance",
    "find_in",
    "heading_section",
    "is_blank_mark",
    "is_unit",
    "is_value",
    "norm",
    "number",
    "numbers",
    "reading",
    "split_title",
    "subsection_heading",
    "xml_text",
]

_PUNCT = str.maketrans(
    {
        "、": ",",
        "，": ",",
        "．": ",",
        ".": ",",
        "。": ",",
        "；": ";",
        "：": ":",
        "“": None,
        "”": None,
        '"': None,
        "‘": None,
        "’": None,
        "'": None,
        "「": None,
        "」": None,
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "[": "(",
        "]": ")",
        "—": "-",
        "–": "-",
        "－": "-",
        "﹣": "-",
        "‐": "-",
        "·": None,
        "\u200b": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)

#: What a blank value cell is printed as (besides nothing at all).
BLANK_MARKS = frozenset({"-", "--", "—", "——", "–", "/", "／", "\\", "无", "－", "空", "×"})

#: Characters that end a sentence: a line ending in one of them ends its paragraph.
SENTENCE_END = frozenset("。！？!?；;：:…）)”」』》】")


def norm(text: str) -> str:
    """The one normalisation used for matching: NFKC, punctuation unified, no whitespace."""
    if len(text) <= 200:
        return _norm_short(text)
    return _norm(text)


@functools.lru_cache(maxsize=8192)
def _norm_short(text: str) -> str:
    return _norm(text)


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return "".join(folded.split())


#: Units a fee may be printed with, and the power of ten that takes each to 万元.
FEE_UNITS: dict[str, int] = {"万元": 0, "元": -4, "千元": -1, "亿元": 4}
#: Units a count may be printed with (件, and 条, 个, 项 that some tables use alike).
COUNT_UNITS = frozenset({"件", "条", "个", "项"})
_UNIT_WORDS = "|".join(sorted((*FEE_UNITS, *COUNT_UNITS), key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212])?(?P<num>[0-9]+(?:\.[0-9]+)?|(?P<grouped>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?))"
    f"(?:\\s*(?P<open>\\()?\\s*(?P<unit>{_UNIT_WORDS})\\s*(?(open)\\)))?"
)
_BARE_UNIT = re.compile(f"\\(?(?:{_UNIT_WORDS})\\)?")


class Reading(NamedTuple):
    """A number as a value cell prints it: its value (negative when printed with a minus sign,
    as 本年增/减 may be), the unit printed after it (``""`` for none) and whether it was printed
    with thousands separators (``1,234.5``)."""

    value: Decimal
    unit: str = ""
    grouped: bool = False


def reading(text: str) -> Reading | None:
    """The number a cell holds — full-width digits, thousands separators and a unit after it
    (``12.50万元``, ``12.5 万元``, ``3件``, ``2000（元）``) allowed — or None."""
    if len(text) > 80:
        return None
    return _reading(text)


@functools.lru_cache(maxsize=8192)
def _reading(text: str) -> Reading | None:
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded or len(folded) > 40:
        return None
    m = _NUMBER.fullmatch(folded)
    if m is None:
        return None
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    if m.group("sign") in ("-", "\u2212"):
        value = -value
    return Reading(value, m.group("unit") or "", m.group("grouped") is not None)


def number(text: str) -> Decimal | None:
    """The number a cell holds without a unit (full-width digits, thousands separators
    allowed), or None."""
    got = reading(text)
    return got.value if got is not None and not got.unit else None


def is_unit(text: str) -> bool:
    """Whether a cell is only a unit (``万元``, ``（件）``): printed apart from its number."""
    return len(text) <= 8 and _BARE_UNIT.fullmatch(unicodedata.normalize("NFKC", text).strip()) is not None


def numbers(text: str) -> list[Reading]:
    """The numbers of a cell that holds several separated by spaces (``1 2``), else []."""
    parts = text.split()
    if len(parts) < 2 or len(parts) > 20:
        return []
    values = [reading(p) for p in parts]
    return [x for x in values if x is not None] if all(x is not None for x in values) else []


def is_value(text: str) -> bool:
    """Whether a cell holds a value: a number (with or without its unit), several numbers,
    or a blank mark."""
    if len(text) > 200:
        return False
    return _is_value(text)


@functools.lru_cache(maxsize=8192)
def _is_value(text: str) -> bool:
    return reading(text) is not None or is_blank_mark(text) or bool(numbers(text))


def is_blank_mark(text: str) -> bool:
    """Whether a cell is a printed stand-in for an empty value (``-``, ``/``, ``无`` …)."""
    return "".join(text.split()) in BLANK_MARKS


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        best = i
        for j, cb in enumerate(b, start=1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def find_in(label: str, window: str, free: frozenset[str] = frozenset()) -> tuple[int, int, int]:
    """Where ``label`` best occurs in ``window`` allowing edits: ``(cost, start, end)``.

    Semi-global alignment: the label must be matched whole, the window only in part. Window
    characters in ``free`` may be skipped inside the match at no cost (the letters of a vertical
    or group label that a PDF copy interleaves with a wrapped row label). O(len(label) ×
    len(window)); callers keep both short.
    """
    if not label:
        return (0, 0, 0)
    n = len(label)
    inf = n + len(window) + 1
    # column for window position 0: aligning label[:i] against nothing costs i
    prev_cost = list(range(n + 1))
    prev_start = [0] * (n + 1)
    best = (prev_cost[n], 0, 0)
    for j, wc in enumerate(window, start=1):
        skip = 0 if wc in free else 1
        cost = [0] * (n + 1)
        start = [j] * (n + 1)
        for i in range(1, n + 1):
            sub = prev_cost[i - 1] + (label[i - 1] != wc)
            ins = prev_cost[i] + skip  # window char not in label
            dele = cost[i - 1] + 1  # label char missing from window
            if sub <= ins and sub <= dele:
                cost[i], start[i] = sub, prev_start[i - 1]
            elif ins <= dele:
                cost[i], start[i] = ins, prev_start[i]
            else:
                cost[i], start[i] = dele, start[i - 1]
        if cost[n] < best[0]:
            best = (cost[n], start[n], j)
        prev_cost, prev_start = cost, start
        if best[0] == 0:
            break
    return best if best[0] < inf else (n, 0, 0)


# --- headings ------------------------------------------------------------------------------

_NUMERAL = "一二三四五六七八九十"


def _heading_body(line: str) -> tuple[str, str] | None:
    """``(numeral, body)`` of a line numbered like a section heading (``三、…``), else None."""
    head = line.lstrip()[:1]
    if not head or head not in _NUMERAL or len(line) > 200:
        return None
    text = norm(line)
    if len(text) < 3 or len(text) > 40:
        return None
    k = 0
    while k < len(text) and k < 2 and text[k] in _NUMERAL:
        k += 1
    if k == 0 or k >= len(text) or text[k] not in ",:":
        return None
    return text[:k], text[k + 1 :]


@functools.cache
def _official_bodies(fmt: spec.Format) -> dict[str, tuple[str, str]]:
    """Section key → (normalised official body, numeral)."""
    out = {}
    for section in fmt.sections:
        body = section.heading.split("、", 1)[1]
        out[section.key] = (norm(body), section.numeral)
    return out


@functools.cache
def _variants(fmt: spec.Format) -> dict[str, tuple[str, ...]]:
    """Section key → normalised heading bodies seen in real reports."""
    return {key: tuple(norm(v) for v in bodies) for key, bodies in fmt.heading_variants}


def heading_section(line: str, fmt: spec.Format = spec.FORMAT_2021) -> tuple[str, bool] | None:
    """The section of ``fmt`` a heading line starts: ``(key, exact)``, or None for an ordinary
    line.

    ``exact`` is False when the wording or the numbering differs from the official heading.
    Matching: the official body, a variant the format knows, or the official body within a
    small edit distance (one character in five).
    """
    parsed = _heading_body(line)
    if parsed is None:
        return None
    numeral, body = parsed
    if any(ch.isdigit() for ch in body):
        return None  # a table row (一、本年新收… 3 0 0 …), not a heading
    official = _official_bodies(fmt)
    for key, (wanted, official_numeral) in official.items():
        if body == wanted:
            return key, numeral == official_numeral
    for key, variants in _variants(fmt).items():
        if body in variants:
            return key, False
    best: tuple[int, str] | None = None
    for key, (wanted, _) in official.items():
        limit = max(1, len(wanted) // 5)
        d = distance(body, wanted, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, key)
    return (best[1], False) if best else None


_SUB = re.compile(r"[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]")


def subsection_heading(line: str) -> tuple[int, str] | None:
    """``(number, title)`` of a line that starts ``（一）…`` , else None."""
    m = _SUB.match(line)
    if m is None:
        return None
    numeral = m.group(1)
    value = _chinese_value(numeral)
    if value is None:
        return None
    return value, line[m.end() :].strip()


def _chinese_value(numeral: str) -> int | None:
    for n in range(1, 100):
        if spec.chinese_number(n) == numeral:
            return n
    return None


# --- title ---------------------------------------------------------------------------------

_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE_TAIL = "政府信息公开"


def split_title(title: str) -> tuple[str, int] | None:
    """``(agency, year)`` named by a title like ``X局2024年度政府信息公开工作年度报告``.

    The year is the last ``NNNN年`` before ``政府信息公开``; the agency is the text before it, or
    (``2024年X局政府信息公开…``) the text between the year and ``政府信息公开``.
    """
    tail = title.rfind(_TITLE_TAIL)
    if tail < 0 or "报告" not in title[tail:]:
        return None
    head = title[:tail]
    found = None
    for m in _YEAR.finditer(head):
        found = m
    if found is None:
        return None
    year = int(found.group(1))
    before = head[: found.start()].strip()
    if before == "关于":  # 关于2021年度政府信息公开工作的年度报告: the agency is elsewhere
        before = ""
    after = head[found.end() :].removeprefix("度").strip()
    return (before or after).strip(), year


#: Characters no report holds: those XML 1.0 forbids and the line breaks U+0085, U+2028 and
#: U+2029 (tab, LF and CR are the reader's to handle).
NOT_XML = re.compile(f"[{FORBIDDEN_CHARS}\x85\u2028\u2029]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so the model) does not accept."""
    return NOT_XML.sub("", text)
