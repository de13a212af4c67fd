"""The checks a reviewer makes by eye, on a report and last year's (warnings, ``review.*``).

Reviewers at the 政务公开办 read each report for things no sum can show: a year or an agency
name left over from another report, a 总体情况 that leaves out one of its five topics, a 五 that
is one sentence of boilerplate, a 六 silent on 信息处理费, a text copied from last year, the
tables of the 2019 template, a count that jumped tenfold, 规章 reported by an agency that cannot
make them. :func:`reviewer_findings` makes those checks that need only the report (and last
year's); :mod:`gov_disclosure.review` adds those that need the document itself or a manifest
(the numbering of the headings, the date of publication).

Every check prefers silence to a false alarm: a text is judged only where its wording leaves no
doubt, and every message quotes what it saw. The agency names are read by
:func:`agency_kind` and :func:`agency_level`, which the publication deadline uses too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Literal

from gov_disclosure import spec
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, Section, find, format_of, shape_of

__all__ = [
    "COPY_THRESHOLD",
    "CURRENT_FORMAT_FROM",
    "JUMP_FACTOR",
    "AgencyKind",
    "AgencyLevel",
    "agency_kind",
    "agency_level",
    "places",
    "reviewer_findings",
    "same_agency",
    "similarity",
]

#: A section at least this similar to last year's (years and numbers masked) is flagged.
COPY_THRESHOLD = 0.9
#: Sections shorter than this (characters, masked, without spaces) are not compared: a one-line
#: 六 ("本年度未收取信息处理费") is the same every year by nature.
COPY_MIN_LENGTH = 100
#: A count that changed more than this factor either way is flagged.
JUMP_FACTOR = 10
#: ... when the larger of the two is at least this (counts) or this (万元, fees).
JUMP_FLOOR_COUNT = 100
JUMP_FLOOR_FEE = Decimal(1)
#: The first report year of the national format of 2021 (国办公开办函〔2021〕30号): from this
#: year on a report printed in the 2019 template is named.
CURRENT_FORMAT_FROM = 2021

AgencyKind = Literal["government", "department", "township", "unknown"]
AgencyLevel = Literal["township", "county", "higher", "unknown"]

# --- text helpers --------------------------------------------------------------------------

#: Full-width digits and spaces, one character for one (positions are kept).
_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "\u3000": " ", "\xa0": " "})
_SENTENCE_END = "。！？；!?;"


def _ascii_digits(text: str) -> str:
    return text.translate(_WIDTH)


def _paragraphs(report: Report) -> Iterator[tuple[str, str, str]]:
    """``(section key, path, text)`` of every paragraph: the preamble, then every narrative
    section's own paragraphs and its subsections' (the paths of ``checks.narrative``)."""
    for i, text in enumerate(report.preamble):
        yield spec.PREAMBLE.key, f"{spec.PREAMBLE.key}.{i}", text
    for key in format_of(report).narrative_keys():
        section = getattr(report, key)
        for i, text in enumerate(section.paragraphs):
            yield key, f"{key}.{spec.PARAGRAPHS.key}.{i}", text
        for j, sub in enumerate(section.subsections):
            for i, text in enumerate(sub.paragraphs):
                yield key, f"{key}.{spec.SUBSECTIONS.key}.{j}.{spec.PARAGRAPHS.key}.{i}", text


def _section_text(section: Section, *, titles: bool = True) -> str:
    parts = list(section.paragraphs)
    for sub in section.subsections:
        if titles:
            parts.append(sub.title)
        parts.extend(sub.paragraphs)
    return "\n".join(parts)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence (ending at 。！？；, the end included)."""
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def _quote(text: str, limit: int = 60) -> str:
    """A sentence as quoted in a message: stripped, at most ``limit`` characters."""
    text = text.strip(" \t，,；;。")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _heading(report: Report, key: str) -> str:
    fmt = format_of(report)
    return spec.PREAMBLE.label if key == spec.PREAMBLE.key else fmt.section(key).heading


# --- agency names ----------------------------------------------------------------------------

_PLACE_UNITS = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "街道", "苏木",
    "省", "市", "州", "盟", "县", "旗", "区", "镇", "乡",
)  # fmt: skip
#: A place: its name and its unit (州 not when 市, 县 or 区 follows: 广州市 is one place).
_PLACE = re.compile(
    f"[\u4e00-\u9fff]{{1,10}}?(?:{'|'.join(_PLACE_UNITS)})".replace("|州|", "|州(?![市县区])|")
)
#: Words ending like a place that are part of an agency's own name.
_NOT_PLACES = frozenset({"城市", "都市", "超市"})
_TOWNSHIP_UNITS = ("镇", "乡", "街道", "苏木")
_COUNTY_UNITS = ("县", "自治县", "旗", "自治旗")
_GOVERNMENT = ("人民政府", "政府")
_DEPARTMENT_ENDS = ("委员会", "办公室", "办公厅", "局", "委", "厅", "办", "署")
#: The kind of organ a name ends with, for comparing two departments.
_ORGAN_CLASSES = (("局",), ("委员会", "委"), ("办公室", "办公厅", "办"), ("厅",), ("署",))
_ORGAN_END = re.compile(
    r"(?:人民政府|政府|委员会|办公室|办公厅|办事处|管委会|中心|局|委|厅|办|署|股|科|室|处|所|站|院)$"
)


def _clean_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


#: No agency's name is longer than this: a longer one is no name these checks read (no
#: place, no organ; it agrees with any other), and costs no more to look at than a short one.
_NAME_MAX = 60


def _bounded(name: str) -> str | None:
    """``name`` cleaned, or ``None`` when it is longer than :data:`_NAME_MAX` characters."""
    if len(name) > 4 * _NAME_MAX:  # spaces between the characters, at most
        return None
    name = _clean_name(name)
    return name if len(name) <= _NAME_MAX else None


def places(name: str) -> tuple[tuple[str, ...], str]:
    """The places an agency's name begins with, and the rest: ``上杭县工信科技局`` →
    ``(("上杭县",), "工信科技局")``; ``广州市海珠区官洲街道办事处`` → ``(("广州市", "海珠区",
    "官洲街道"), "办事处")``. A bare 市 or 县 before the organ (``市科委``) is no place. A name
    longer than any agency's has no place."""
    bounded = _bounded(name)
    if bounded is None:
        return (), name
    name = bounded
    found: list[str] = []
    at = 0
    while at < len(name):
        m = _PLACE.match(name, at)
        if m is None or m.end() >= len(name) or m.group() in _NOT_PLACES:
            break
        found.append(m.group())
        at = m.end()
    rest = name[at:]
    if rest[:1] in {"省", "市", "县", "区", "镇", "乡"} and len(rest) > 2:
        rest = rest[1:]
    return tuple(found), rest


def agency_kind(name: str) -> AgencyKind:
    """What the name says the agency is: a county-or-higher ``government`` (XX县人民政府),
    a ``department`` of one (XX县发展和改革局, 上海市科委), a ``township`` (a 镇, 乡 or 街道,
    and its offices), or ``unknown`` (a name without a place, a 管委会, a 中心 …)."""
    found, rest = places(name)
    if not found:
        return "unknown"
    if found[-1].endswith(_TOWNSHIP_UNITS):
        return "township"
    if rest in _GOVERNMENT:
        return "government"
    if rest.endswith(_DEPARTMENT_ENDS):
        return "department"
    return "unknown"


def agency_level(name: str) -> AgencyLevel:
    """The level of government the name's places give: ``township`` (镇, 乡, 街道), ``county``
    (a 县 or 旗, or a 区 of a 市), ``higher`` (a 市, 州, 盟, 地区, 省 or 自治区 — a 市 may be a
    county-level city, which the name does not tell), or ``unknown``."""
    found, _ = places(name)
    if not found:
        return "unknown"
    last = found[-1]
    if last.endswith(_TOWNSHIP_UNITS):
        return "township"
    if last.endswith(_COUNTY_UNITS) or (last.endswith("区") and any(p.endswith("市") for p in found[:-1])):
        return "county"
    if last.endswith(("市", "州", "盟", "地区", "省", "自治区", "特别行政区")):
        return "higher"
    return "unknown"


_UNIT_OF_ORGAN = re.compile(
    r"^(?P<organ>.+?(?:委员会|办公室|办公厅|局|委|厅|办|署))[\u4e00-\u9fff]{1,6}?(?:股|科|室|处|组|部|中心|站|所|队)$"
)


def _organ(rest: str) -> str:
    """The organ of a name's rest, without a unit of it: ``自然资源局综合股`` → ``自然资源局``."""
    m = _UNIT_OF_ORGAN.match(rest)
    return m.group("organ") if m else rest


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _organ_class(organ: str) -> int | None:
    for n, ends in enumerate(_ORGAN_CLASSES):
        if organ.endswith(ends):
            return n
    return None


def same_agency(title_agency: str, other: str) -> bool:
    """Whether ``other`` (a name printed elsewhere in the report) can name the agency of the
    title. Only a clear contradiction counts: another place (沭阳县 / 泗阳县, 淮安市 / 淮安市
    清江浦区), or for a department another organ of the same kind (发展和改革局 / 自然资源局).
    An abbreviation (发改局, 市科委), a unit of the agency (…局综合股) or, for a government, any
    office (its 办公室 compiles the report) agrees, and so does a name longer than any
    agency's."""
    a, b = _bounded(title_agency), _bounded(other)
    if a is None or b is None or not a or not b or a in b or b in a:
        return True
    pa, ra = places(a)
    pb, rb = places(b)
    if pa and pb:
        short, long = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
        if tuple(long[len(long) - len(short) :]) != short:
            return False
    if agency_kind(a) == "government" or agency_kind(b) == "government":
        return True
    ra, rb = _organ(ra), _organ(rb)
    if ra in rb or rb in ra or _subsequence(ra, rb) or _subsequence(rb, ra):
        return True
    ca, cb = _organ_class(ra), _organ_class(rb)
    return ca is None or cb is None or ca != cb


# --- years --------------------------------------------------------------------------------

_YEAR = re.compile(r"(\d{4})\s*年")
_PERIOD = re.compile(
    r"(?:自\s*)?(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*起?\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?"
    r"12\s*月\s*31\s*日(?:\s*止)?"
)
#: A sentence that opens with a year: ``2022年，…`` / ``2022年度共…``.
_OPENING_YEAR = re.compile(r"\s*(\d{4})\s*年度?\s*[，,、]?\s*")
#: What a sentence about a year's work says (with a count).
_WORK = ("收到", "受理", "新收", "办结", "答复", "主动公开", "公开政府信息", "发布", "制发")
_COUNT = re.compile(r"\d+\s*(?:件|条|个|篇|期)")
#: Words that make a year part of a comparison or a span, not the subject of the sentence.
_SPAN = (
    "以来",
    "同比",
    "相比",
    "比",
    "较",
    "上年",
    "去年",
    "至今",
    "截至",
    "截止",
    "底",
    "末",
    "起",
    "前",
    "后",
)


def _year_findings(report: Report) -> Iterator[Finding]:
    year = report.year
    title = _ascii_digits(report.title or "")
    stated = [int(y) for y in _YEAR.findall(title)]
    if stated and stated[0] != year:
        yield finding(
            "review.year",
            spec.TITLE.key,
            f"标题“{report.title}”写的是 {stated[0]} 年，而报告年度为 {year}",
            expected=year,
            actual=stated[0],
        )
    for key, path, text in _paragraphs(report):
        plain = _ascii_digits(text)
        for m in _PERIOD.finditer(plain):
            years = {int(y) for y in m.groups() if y}
            if years != {year}:
                wrong = min(years - {year})
                yield finding(
                    "review.year",
                    path,
                    f"“{text[m.start() : m.end()]}”：统计时限为 {wrong} 年，而报告年度为 {year}",
                    cells=(path,),
                    expected=year,
                    actual=wrong,
                )
        if key == spec.SECTIONS[4].key:
            continue  # 五 may well say what last year's problems were
        yield from _stated_years(report, path, text, plain)


def _stated_years(report: Report, path: str, text: str, plain: str) -> Iterator[Finding]:
    """A sentence about another year's work (``2022年共收到…申请5件`` in a 2023 report): a
    sign of a report copied from last year's."""
    year = report.year
    for start, end in _sentences(plain):
        m = _OPENING_YEAR.match(plain, start)
        if m is None or m.end() > end:
            continue
        said = int(m.group(1))
        if not 2008 <= said < year:
            continue
        sentence = plain[m.end() : end]
        if str(year) in sentence or any(w in sentence for w in _SPAN):
            continue
        if not any(w in sentence for w in _WORK) or _COUNT.search(sentence) is None:
            continue
        quoted = _quote(text[start:end])
        yield finding(
            "review.year",
            path,
            f"“{quoted}”：说的是 {said} 年的工作，而本报告是 {year} 年度报告（疑似沿用了其他年度报告的文字）",
            cells=(path,),
            expected=year,
            actual=said,
        )


# --- agency ------------------------------------------------------------------------------------

_NAME = r"(?P<name>[\u4e00-\u9fff（）()]{2,30}?)"
_PREAMBLE_NAMES = (
    re.compile(f"由{_NAME}(?:根据|依据|按照|编制|制作|负责)"),
    re.compile(f"(?:^|[，。；])\\s*{_NAME}编制"),
    re.compile(f"公布{_NAME}\\s*\\d{{4}}\\s*年"),
)
#: Words a captured name cannot begin with (a pronoun or a preposition, not an agency).
_NOT_NAMES = ("本", "我", "各", "该", "由", "经", "向", "与", "现", "请")
_CONTACT = re.compile(f"(?:与|向){_NAME}(?:联系|咨询|反映)")
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月\s*[\d〇零一二三四五六七八九十]{1,3}\s*日\s*$"
)


def _named(text: str, patterns: Iterable[re.Pattern[str]]) -> Iterator[tuple[str, int, int]]:
    for pattern in patterns:
        for m in pattern.finditer(text):
            name = m.group("name")
            if _ORGAN_END.search(name) and not name.startswith(_NOT_NAMES):
                yield name, m.start("name"), m.end("name")


def _signature(report: Report) -> tuple[str, str] | None:
    """``(path, name)`` of the 落款: a short line without punctuation that names an organ,
    among the last paragraphs of the last narrative section, followed by a date or last."""
    fmt = format_of(report)
    keys = fmt.narrative_keys()
    if not keys:
        return None
    key = keys[-1]
    section = getattr(report, key)
    items = [(f"{key}.{spec.PARAGRAPHS.key}.{i}", t) for i, t in enumerate(section.paragraphs)]
    if section.subsections:
        j = len(section.subsections) - 1
        items = [
            (f"{key}.{spec.SUBSECTIONS.key}.{j}.{spec.PARAGRAPHS.key}.{i}", t)
            for i, t in enumerate(section.subsections[j].paragraphs)
        ]
    for n in range(len(items) - 1, max(-1, len(items) - 4), -1):
        path, text = items[n]
        name = text.strip()
        after = items[n + 1][1] if n + 1 < len(items) else None
        if after is not None and _DATE_LINE.match(after) is None:
            continue
        if 2 <= len(name) <= 30 and not any(c in name for c in "，,。；;：:、") and _ORGAN_END.search(name):
            return path, name
    return None


def _agency_findings(report: Report) -> Iterator[Finding]:
    agency = report.agency
    seen: set[str] = set()
    places_checked: list[tuple[str, str, str, str]] = []  # (where, path, name, quote)
    for key, path, text in _paragraphs(report):
        if key == spec.PREAMBLE.key:
            for name, s, e in _named(text, _PREAMBLE_NAMES):
                places_checked.append(("前言", path, name, text[max(0, s - 8) : e + 4]))
        for name, s, e in _named(text, (_CONTACT,)):
            places_checked.append(("联系方式", path, name, text[max(0, s - 3) : e + 2]))
    signed = _signature(report)
    if signed is not None:
        places_checked.append(("落款", signed[0], signed[1], signed[1]))
    title_agency = _title_agency(report)
    if title_agency is not None and not same_agency(agency, title_agency):
        yield finding(
            "review.agency",
            spec.TITLE.key,
            f"标题“{report.title}”中的机关为“{title_agency}”，而报告机关为“{agency}”",
            expected=agency,
            actual=title_agency,
        )
    for where, path, name, quoted in places_checked:
        if name in seen or same_agency(agency, name):
            continue
        seen.add(name)
        yield finding(
            "review.agency",
            path,
            f"“{_quote(quoted)}”：{where}中的机关为“{name}”，而标题中为“{agency}”",
            cells=(path,),
            expected=agency,
            actual=name,
        )


def _title_agency(report: Report) -> str | None:
    """The agency a title names before its year (``XX局2024年度…``), when it names one."""
    title = _ascii_digits(report.title or "")
    m = _YEAR.search(title)
    if m is None:
        return None
    head = title[: m.start()].strip()
    return head if len(head) >= 2 and _ORGAN_END.search(head) else None


# --- 一、五、六 --------------------------------------------------------------------------------

#: The five topics of 一、总体情况 (国办公开办函〔2021〕30号) and words that show each is
#: written about (wide on purpose: a topic is missed only when none of them is there).
OVERVIEW_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("主动公开", ("主动公开",)),
    ("依申请公开", ("依申请", "申请")),
    ("政府信息管理", ("管理", "审查", "审核")),
    ("政府信息公开平台建设", ("平台", "网站", "新媒体", "微博", "微信", "公众号", "栏目", "专栏", "公报")),
    ("监督保障", ("监督", "保障", "考核", "培训", "责任", "评议", "督查", "检查")),
)
_PROBLEM_WORDS = (
    "问题", "不足", "差距", "短板", "薄弱", "欠缺", "不够", "不强", "不高", "不到位", "不及时",
    "不全面", "不规范", "不完善", "不平衡", "不充分", "不深入", "有待", "仍需", "还需", "尚需",
    "亟需", "滞后", "缺乏", "偏少", "单一", "困难", "瓶颈", "松懈", "无法满足",
)  # fmt: skip
_IMPROVEMENT_WORDS = (
    "改进", "整改", "措施", "下一步", "今后", "将", "加强", "提升", "提高", "完善", "推进",
    "强化", "优化", "健全", "落实", "规范",
)  # fmt: skip
#: Words with which a 五 says what became of last year's problems.
_FOLLOW_UP = (
    "上年",
    "去年",
    "上一年",
    "以往",
    "往年",
    "前期",
    "此前",
    "上次",
    "已整改",
    "整改情况",
    "整改落实",
    "已解决",
)
_FEE_WORDS = ("信息处理费", "处理费", "收费", "收取", "费用", "免费", "不收")
_NO_FEE = re.compile(
    r"(?:未|没有|无|免|不(?!断|仅|但|再))(?:发生|产生)?[\u4e00-\u9fff]{0,12}?(?:收取|收费|征收|产生[\u4e00-\u9fff]{0,6}费)"
)
_BOILERPLATE_LENGTH = 12
_PUNCTUATION = re.compile(r"[\s\W_]+")


def _core(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _overview_findings(report: Report) -> Iterator[Finding]:
    key = spec.SECTIONS[0].key
    if key not in format_of(report).narrative_keys():
        return
    section = getattr(report, key)
    if section.is_empty():
        return  # format.empty_section says so
    text = _section_text(section)
    missing = [topic for topic, words in OVERVIEW_TOPICS if not any(w in text for w in words)]
    if missing:
        names = "、".join(missing)
        yield finding(
            "review.overview_topics",
            key,
            f"“{_heading(report, key)}”没有写到{names}（官方格式要求总体情况写明主动公开、依申请公开、"
            "政府信息管理、政府信息公开平台建设、监督保障等方面）",
            actual=names,
        )


def _problems_findings(report: Report, previous: Report | None) -> Iterator[Finding]:
    key = spec.SECTIONS[4].key
    if key not in format_of(report).narrative_keys():
        return
    section = getattr(report, key)
    if section.is_empty():
        return  # format.empty_section says so
    heading = _heading(report, key)
    body = _section_text(section, titles=False)
    text = _section_text(section)
    if len(_core(body)) <= _BOILERPLATE_LENGTH:
        shown = _quote(body.replace("\n", " ")) or "（只有小节标题）"
        yield finding(
            "review.problems",
            key,
            f"“{heading}”只有“{shown}”，没有写明存在的问题和改进情况",
            actual=shown,
        )
        return
    if not any(w in text for w in _PROBLEM_WORDS):
        yield finding(
            "review.problems", key, f"“{heading}”没有写明存在的问题（未见“问题”“不足”“有待”等说法）"
        )
    if not any(w in text for w in _IMPROVEMENT_WORDS):
        yield finding("review.problems", key, f"“{heading}”没有写明改进措施（未见“改进”“整改”“加强”等说法）")
    if previous is None or previous.year != report.year - 1:
        return
    before = getattr(previous, key, None)
    if (
        not isinstance(before, Section)
        or len(_core(_section_text(before, titles=False))) <= _BOILERPLATE_LENGTH
    ):
        return
    markers = (*_FOLLOW_UP, f"{previous.year}年")
    if not any(w in _ascii_digits(text) for w in markers):
        yield finding(
            "review.problems_last_year",
            key,
            f"“{heading}”没有说明 {previous.year} 年度报告所列问题的整改情况"
            "（未见“上年”“去年”“已整改”等说法）",
        )


def _fee_path(report: Report) -> str | None:
    """The path of 表三 （六）2 总计 in the report's format and shape, if it has that cell."""
    group = spec.GROUP_BY_KEY["other_handling"]
    path = f"{spec.SECTIONS[2].key}.{group.key}.{group.rows[1].key}.{spec.TOTAL_COLUMN.key}"
    fmt = format_of(report)
    try:
        table = fmt.table(spec.SECTIONS[2].key)
    except KeyError:
        return None
    return path if path in table.value_paths(shape_of(report, table)) else None


def _fee_findings(report: Report) -> Iterator[Finding]:
    key = spec.SECTIONS[5].key
    if key not in format_of(report).narrative_keys() or report.year < CURRENT_FORMAT_FROM:
        return
    section = getattr(report, key)
    if section.is_empty():
        return  # format.empty_section says so
    heading = _heading(report, key)
    text = _section_text(section)
    if not any(w in text for w in _FEE_WORDS):
        yield finding(
            "review.fee_statement",
            key,
            f"“{heading}”没有说明信息处理费的收取情况（{spec.FORMAT_NAME}要求写明是否收取、收取多少）",
        )
        return
    path = _fee_path(report)
    if path is None or "收费通知" in text:
        return
    unpaid = find(report, path)
    if not unpaid:
        return
    for _, ppath, paragraph in _paragraphs(report):
        if not ppath.startswith(f"{key}."):
            continue
        m = _NO_FEE.search(paragraph)
        if m is None:
            continue
        start = max((paragraph.rfind(c, 0, m.start()) for c in _SENTENCE_END), default=-1) + 1
        ends = [i for i in (paragraph.find(c, m.end()) for c in _SENTENCE_END) if i >= 0]
        sentence = paragraph[start : (min(ends) + 1 if ends else len(paragraph))]
        label = spec.join_labels(format_of(report).label_path(path))
        yield finding(
            "review.fee_contradiction",
            path,
            f"“{_quote(sentence)}”：文中称未收费，而{spec.TABLE_NAMES[spec.SECTIONS[2].key]}“{label}”为 "
            f"{unpaid}，即有申请人收到了收费通知；请核对本年收费通知的发出和收费情况",
            cells=(path, ppath),
            expected=0,
            actual=unpaid,
        )
        return


# --- last year's report --------------------------------------------------------------------------

_NUMBER_RUN = re.compile(r"\d+(?:\.\d+)?")


def _masked(text: str) -> str:
    return _core(_NUMBER_RUN.sub("#", _ascii_digits(text)))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, in [0, 1]: the Dice coefficient of their character pairs
    (years and other numbers masked, spaces and punctuation dropped); linear in their length."""
    x, y = _masked(a), _masked(b)
    if len(x) < 2 or len(y) < 2:
        return 1.0 if x == y else 0.0
    pa = Counter(x[i : i + 2] for i in range(len(x) - 1))
    pb = Counter(y[i : i + 2] for i in range(len(y) - 1))
    common = sum((pa & pb).values())
    return 2 * common / (len(x) - 1 + len(y) - 1)


def _section_texts(report: Report) -> Iterator[tuple[str, str]]:
    yield spec.PREAMBLE.key, "\n".join(report.preamble)
    for key in format_of(report).narrative_keys():
        yield key, _section_text(getattr(report, key))


def _copied_findings(report: Report, previous: Report) -> Iterator[Finding]:
    before = dict(_section_texts(previous))
    for key, text in _section_texts(report):
        old = before.get(key)
        if old is None or len(_masked(text)) < COPY_MIN_LENGTH or len(_masked(old)) < COPY_MIN_LENGTH:
            continue
        ratio = similarity(text, old)
        if ratio >= COPY_THRESHOLD:
            percent = f"{int(ratio * 100)}%"
            yield finding(
                "review.copied",
                key,
                f"“{_heading(report, key)}”与 {previous.year} 年度报告的同一部分相似度为 {percent}"
                "（年份和数字不计），疑似照搬上一年度报告",
                actual=percent,
            )


def _jump_paths(report: Report) -> Iterator[tuple[str, spec.ValueKind]]:
    """The numbers compared with last year's: every value of a block table (表二), the totals
    of the other tables (表三 each row's 总计, 表四 each group's 总计)."""
    fmt = format_of(report)
    for table in fmt.tables:
        for row in table.data_rows(shape_of(report, table)):
            for path, kind in zip(row.paths, row.kinds, strict=True):
                if isinstance(table, spec.BlockTable) or path.endswith(f".{spec.TOTAL_COLUMN.key}"):
                    yield path, kind


def _jump_findings(report: Report, previous: Report) -> Iterator[Finding]:
    if format_of(previous).id != format_of(report).id:
        return
    fmt = format_of(report)
    for path, kind in _jump_paths(report):
        now, before = _number(find(report, path)), _number(find(previous, path))
        if now is None or before is None or not now or not before:
            continue
        a, b = abs(Decimal(now)), abs(Decimal(before))
        low, high = sorted((a, b))
        floor = JUMP_FLOOR_FEE if kind == "fee" else JUMP_FLOOR_COUNT
        if high < floor or high <= low * JUMP_FACTOR:
            continue
        label = spec.join_labels(fmt.label_path(path))
        factor = int(high / low)
        way = "增加" if a > b else "减少"
        yield finding(
            "review.count_jump",
            path,
            f"“{label}”为 {_plain(now)}，{previous.year} 年度为 {_plain(before)}，{way}到约 "
            f"{'' if way == '增加' else '1/'}{factor} 倍；请核对是否填错（如单位、位数）",
            cells=(path,),
            expected=before,
            actual=now,
        )


def _number(value: object) -> int | Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return value


def _plain(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# --- format and plausibility ------------------------------------------------------------------------


_LEVEL_WORDS = {"township": "乡镇（街道）", "county": "县级"}
_KIND_WORDS = {"government": "人民政府", "department": "人民政府的部门"}


def _regulations_findings(report: Report) -> Iterator[Finding]:
    level = agency_level(report.agency)
    if level not in _LEVEL_WORDS:
        return
    key = spec.SECTIONS[1].key
    path = f"{key}.{spec.REGULATIONS.key}"
    row = find(report, path)
    if row is None:
        return
    fmt = format_of(report)
    try:
        table = fmt.table(key)
    except KeyError:
        return
    printed = [p for p in table.value_paths(shape_of(report, table)) if p.startswith(f"{path}.")]
    values = [(p, find(report, p)) for p in printed]
    filled = [(p, v) for p, v in values if v]
    if not filled:
        return
    kind = agency_kind(report.agency)
    who = _LEVEL_WORDS[level] + _KIND_WORDS.get(kind, "机关")
    shown = "、".join(f"{fmt.label_path(p)[-1]} {_plain(v)}" for p, v in values)
    yield finding(
        "review.regulations_power",
        path,
        f"“{report.agency}”是{who}，没有规章制定权（规章由国务院部门和省、自治区、直辖市、设区的市、"
        f"自治州的人民政府制定），而{table.name}“{spec.REGULATIONS.label}”行填有数字（{shown}）；"
        "无规章制定权的机关此行应填 0",
        cells=tuple(p for p, _ in filled),
        expected=0,
        actual=sum(v for _, v in filled),
    )


# --- all of them ------------------------------------------------------------------------------------


def reviewer_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """The reviewer's warnings for ``report`` that need only the report and, given
    ``previous`` (last year's report of the same agency), those that compare the two."""
    out: list[Finding] = [
        *_year_findings(report),
        *_agency_findings(report),
        *_overview_findings(report),
        *_problems_findings(report, previous),
        *_fee_findings(report),
        *_regulations_findings(report),
    ]
    if previous is not None and previous.year == report.year - 1:
        out.extend(_copied_findings(report, previous))
        out.extend(_jump_findings(report, previous))
    return out
