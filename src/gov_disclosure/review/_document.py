"""The reviewer's checks that need the published document or a manifest, not only the report:
the numbering of the six sections' headings (``review.structure``) and the date of publication
against the deadline of 条例 第四十九条 (``review.published_late``)."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from gov_disclosure import spec
from gov_disclosure.checks.reviewer import AgencyKind, agency_kind
from gov_disclosure.findings import Finding, finding
from gov_disclosure.parse import _labels as lb
from gov_disclosure.parse._blocks import Doc, Para

__all__ = ["deadline", "parse_date", "published_date", "published_findings", "structure_findings"]

# --- the numbering of the sections ------------------------------------------------------------

_NUMERALS = spec.CHINESE_NUMERALS
#: A first-level heading: ``三、…`` (also ``三．`` ``三.``), short, no sentence inside.
_TOP = re.compile(f"^\\s*([{_NUMERALS}]{{1,2}})\\s*[、．.，,]\\s*(\\S.*)$")
_HEADING_MAX = 40
#: At most this many headings are listed in a message.
_LISTED = 12


def _value(numeral: str) -> int:
    if len(numeral) == 1:
        return _NUMERALS.index(numeral) + 1
    if numeral[0] == "十":
        return 10 + _NUMERALS.index(numeral[1]) + 1
    tens = (_NUMERALS.index(numeral[0]) + 1) * 10
    return tens if numeral[1] == "十" else tens + _NUMERALS.index(numeral[1]) + 1


@functools.cache
def _table_labels(fmt: spec.Format) -> tuple[str, ...]:
    """The normalised labels of every row and group of the format's tables: a line that begins
    with one (``一、本年新收…``, ``三、本年度办理结果``) is a table row, not a heading."""
    labels: set[str] = set()
    for table in fmt.tables:
        for row in table.data_rows():
            labels.update(lb.norm(label) for label in row.labels)
    return tuple(sorted((x for x in labels if len(x) >= 3), key=len, reverse=True))


def _headings(doc: Doc, fmt: spec.Format) -> list[tuple[int, str, str, str | None]]:
    """``(number, text, where, section key or None)`` of each first-level heading, in order."""
    labels = _table_labels(fmt)
    out: list[tuple[int, str, str, str | None]] = []
    for block in doc.blocks:
        if not isinstance(block, Para):
            continue
        text = block.text.strip()
        m = _TOP.match(text)
        if m is None:
            continue
        normal = lb.norm(text)
        body = m.group(2)
        if len(normal) > _HEADING_MAX or len(lb.norm(body)) < 2 or any(ch.isdigit() for ch in body):
            continue
        if "。" in body.rstrip("。") or any(
            normal.startswith(label) or label.startswith(normal) for label in labels
        ):
            continue
        hit = lb.heading_section(text, fmt)
        out.append((_value(m.group(1)), text, block.where, hit[0] if hit else None))
    # a web page's own numbered lines (a menu before the report, a list of other articles
    # after it) are not the report's: only what lies between its first and last section
    # heading counts (all of them when none is a section's: the message lists what there is)
    known = [n for n, head in enumerate(out) if head[3] is not None]
    return out[known[0] : known[-1] + 1] if known else out


def structure_findings(doc: Doc, fmt: spec.Format) -> list[Finding]:
    """``review.structure``: the first-level headings are not 一 to 六 once each, in order, each
    the heading of its section — a section missing, two swapped, a numbering that starts again
    at 一、 inside a section or continues one of its own. One finding for the whole document."""
    heads = _headings(doc, fmt)
    expected = len(fmt.sections)
    numbers = [n for n, _, _, _ in heads]
    keys = [k for _, _, _, k in heads]
    official = [s.key for s in fmt.sections]
    if numbers == list(range(1, expected + 1)) and keys == official:
        return []
    problems: list[str] = []
    restart = next((i for i in range(1, len(numbers)) if numbers[i] <= numbers[i - 1]), None)
    if restart is not None:
        _, text, where, _ = heads[restart]
        problems.append(f"“{text}”（{where}）在“{heads[restart - 1][1]}”之后重新编号")
    found = {k for k in keys if k is not None}
    missing = [s.heading for s in fmt.sections if s.key not in found]
    if missing:
        problems.append("找不到" + "、".join(f"“{h}”" for h in missing) + "的标题")
    if restart is None and not missing:
        wrong = [
            (text, where)
            for (n, text, where, key), (i, section) in zip(heads, enumerate(fmt.sections, 1), strict=False)
            if n != i or key != section.key
        ]
        if len(heads) != expected:
            problems.append(f"一级标题有 {len(heads)} 个，而官方格式为 {expected} 个")
        for text, where in wrong[:3]:
            problems.append(f"“{text}”（{where}）不在官方格式的位置上")
    listed = "、".join(spec.chinese_number(n) for n in numbers[:_LISTED])
    more = "等" if len(heads) > _LISTED else ""
    sequence = f"全文一级标题依次为 {listed}{more}" if heads else "全文没有一级标题"
    message = f"六个部分的一级标题不是“一、”至“六、”各一次：{'；'.join(problems)}（{sequence}）"
    return [finding("review.structure", "", message, actual=" ".join(str(n) for n in numbers))]


# --- the date of publication -------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
#: ``<meta name=…>`` whose content is the page's date of publication.
META_NAMES = frozenset(
    {"pubdate", "publishdate", "publishtime", "firstpublishedtime", "article:published_time"}
)
_TAG = re.compile(r"<publishtime\b[^>]{0,200}>\s*([^<]{6,40}?)\s*</publishtime>", re.IGNORECASE)
_LABELLED = re.compile(
    r"(?:发布时间|发布日期|公开日期|发布于)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)


def parse_date(text: str) -> datetime.date | None:
    """The date ``text`` begins with (``2024-01-17``, ``2024/1/17 10:00``, ``2024年1月17日``)."""
    m = _DATE.search(text.strip()[:40])
    if m is None:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def published_date(text: str) -> tuple[datetime.date, str] | None:
    """The date a page says it was published and where it says so: ``<meta name="PubDate">``
    (or ``publishdate``, ``publishtime``…), a ``<publishtime>`` element, else a ``发布时间：``
    (``发布日期``, ``公开日期``) label — only when every such label gives the same date (a page
    listing other articles with their dates gives none)."""
    head = text[:2_000_000]
    for m in _META.finditer(head):
        attrs = {k.lower(): a or b or c for k, a, b, c in _ATTR.findall(m.group())}
        name = (attrs.get("name") or attrs.get("property") or "").lower()
        if name in META_NAMES:
            day = parse_date(attrs.get("content", ""))
            if day is not None:
                return day, f'<meta name="{name}">，第 {_line(head, m.start())} 行'
    tag = _TAG.search(head)
    if tag is not None:
        day = parse_date(tag.group(1))
        if day is not None:
            return day, f"<publishtime>，第 {_line(head, tag.start())} 行"
    labelled = [(parse_date(m.group(1)), m) for m in _LABELLED.finditer(head)]
    days = {d for d, _ in labelled if d is not None}
    if len(days) == 1:
        day = next(iter(days))
        first = next(m for d, m in labelled if d == day)
        return day, f"“{first.group().strip()}”，第 {_line(head, first.start())} 行"
    return None


_DEADLINES: dict[str, tuple[int, int, str]] = {
    "department": (1, 31, "县级以上人民政府部门"),
    "government": (3, 31, "县级以上地方人民政府"),
}


def deadline(year: int, kind: AgencyKind | str) -> tuple[datetime.date, str] | None:
    """The deadline of 条例 第四十九条 for a report of ``year`` by an agency of ``kind``
    (``department``: 1月31日 of the next year; ``government``: 3月31日), and the words naming
    the kind; ``None`` for another kind (a township, an agency the name does not place)."""
    found = _DEADLINES.get(kind)
    if found is None:
        return None
    month, day, words = found
    return datetime.date(year + 1, month, day), words


def published_findings(
    agency: str, year: int, day: datetime.date | None, where: str, kind: str | None = None
) -> Iterator[Finding]:
    """``review.published_late``: published (``day``, said at ``where``) after the deadline for
    the agency's kind (from its name, or ``kind`` given by a manifest). A date before the end
    of the report year is no date of this report's publication and is ignored."""
    if day is None or day <= datetime.date(year, 12, 31):
        return
    chosen = kind or agency_kind(agency)
    due = deadline(year, chosen)
    if due is None or day <= due[0]:
        return
    last, words = due
    late = (day - last).days
    yield finding(
        "review.published_late",
        "",
        f"发布日期为 {day.isoformat()}（{where}），晚于《政府信息公开条例》第四十九条规定的 "
        f"{last.year} 年 {last.month} 月 {last.day} 日（“{agency}”按{words}计），迟了 {late} 天",
        expected=last.isoformat(),
        actual=day.isoformat(),
    )
