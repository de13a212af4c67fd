"""Narrative numbers: counts quoted in a report's text, checked against its tables.

Reports repeat table numbers in their prose (``本年度共受理政府信息公开申请2件``,
``行政复议351件，其中结果维持72件``) and quote breakdowns (``主动公开政府信息16条，其中…3条，
…5条，其他类信息8条``). Three soft rules (``spec/invariants.md`` T.1–T.3, T.5) compare them:

* ``narrative.applications`` — a count tied to a cell or a group of 表三;
* ``narrative.review_litigation`` — a count tied to 表四, and ``均获维持`` said of counts that
  the table does not show as all upheld;
* ``narrative.breakdown`` — ``X件，其中a件，b件，其他c件`` whose parts do not add up to X.

A number is tied to a cell only when the words just before it name that cell without doubt
(:data:`VOCABULARY`); numbers about parts, other years, estimates, comparisons and other
subjects are left alone (:data:`QUALIFIERS`). A missed warning is better than a false one.

Reading a paragraph is linear in its length: one tokenising regex without nested quantifiers,
then short regexes over the words before each number. Paragraphs without a count (a digit
followed by 件, 条 or 个) are skipped after a few substring tests, and what a paragraph says
is cached by its text, so checking the same report again costs little. Memory stays bounded
whatever the paragraph: tokens are streamed one sentence at a time, and a sentence of more than
:data:`MAX_SENTENCE_TOKENS` tokens or a paragraph quoting more than :data:`MAX_PARAGRAPH_QUOTES`
counts — no prose a report prints — leaves its paragraph unread.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterator
from typing import Literal

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import Finding
from gov_disclosure.model import Report, format_of

__all__ = ["QUALIFIERS", "VOCABULARY", "Term", "narrative_findings", "variants"]

RULE_APPLICATIONS = "narrative.applications"
RULE_REVIEW = "narrative.review_litigation"
RULE_BREAKDOWN = "narrative.breakdown"

Role = Literal["intake", "carry", "total", "outcome", "reason", "case_group", "case_field"]


def variants(*parts: str) -> tuple[str, ...]:
    """Every word made of one choice per part; a part lists its choices separated by ``|``,
    and an empty choice makes it optional: ``variants("|行政", "复议")`` → 复议, 行政复议."""
    words = [""]
    for part in parts:
        words = [word + choice for word in words for choice in part.split("|")]
    return tuple(words)


@attrs.frozen
class Term:
    """Words of the narrative that name a quantity of the tables.

    ``key`` names the quantity: a row of 表三 (``new``), a group (``withheld``), a sub-row
    (``unavailable.not_held``), a group of 表四 (``review``; ``litigation`` is both lawsuit
    groups) or a field of 表四 (``upheld``). Where words overlap, the longest one is read
    (复议后起诉 before 复议, 结果维持 before 维持).
    """

    words: tuple[str, ...]
    role: Role
    key: str


_CASE = {f.key: f.label for f in spec.REVIEW_FIELDS}

#: The rule vocabulary: narrative words → the quantity they name.
VOCABULARY: tuple[Term, ...] = (
    # 表三 (T.1, T.2). "received" may mean 一 or 一 + 二 (T.2); "new" means 一 only.
    Term(("新收",), "intake", "new"),
    Term(("收到", "受理", "接收", "接到"), "intake", "received"),
    Term((*variants("上", "|一", "年", "|度", "结转|未办结"), "去年结转"), "carry", "carried_over"),
    Term(
        variants("结转|顺延|转", "|入|至|到", "下年|下年度|下一年|下一年度|次年"), "carry", "carried_forward"
    ),
    Term(("办结", "办理完毕", "答复"), "total", "total"),
    Term(("不予公开", "不予以公开"), "outcome", "withheld"),
    Term(("予以公开", "同意公开", "全部公开"), "outcome", "granted"),
    Term(("部分公开",), "outcome", "partially_granted"),
    Term(("无法提供",), "outcome", "unavailable"),
    Term(("不予处理", "不予以处理"), "outcome", "not_processed"),
    Term(("其他处理",), "outcome", "other_handling"),
    # reasons: the numbered sub-rows of （三）–（六）
    Term(("国家秘密",), "reason", "withheld.state_secret"),
    Term(("法律行政法规禁止",), "reason", "withheld.prohibited_by_law"),
    Term(("三安全一稳定",), "reason", "withheld.security_stability"),
    Term(("第三方",), "reason", "withheld.third_party_rights"),
    Term(("内部事务",), "reason", "withheld.internal_affairs"),
    Term(("过程性",), "reason", "withheld.process_information"),
    Term(("执法案卷",), "reason", "withheld.enforcement_files"),
    Term(("行政查询", "查询事项"), "reason", "withheld.inquiry_matters"),
    Term(("不掌握",), "reason", "unavailable.not_held"),
    Term(("另行制作", "现成信息"), "reason", "unavailable.needs_creation"),
    Term(("仍不明确",), "reason", "unavailable.still_unclear"),
    Term(("信访", "举报", "投诉"), "reason", "not_processed.complaint"),
    Term(("重复申请",), "reason", "not_processed.duplicate"),
    Term(("出版物",), "reason", "not_processed.publication"),
    Term(("大量反复",), "reason", "not_processed.excessive"),
    Term(("重新出具",), "reason", "not_processed.confirmation"),
    Term(("不补正",), "reason", "other_handling.correction_overdue"),
    Term(("缴纳费用", "收费通知"), "reason", "other_handling.fee_unpaid"),
    # 表四 (T.3)
    Term(variants("|行政", "复议后", "|提起", "|行政", "诉讼|起诉"), "case_group", "litigation_after_review"),
    Term(
        variants(f"|未经复议|未经{spec.REVIEW_LABEL}", "直接", "|提起", "|行政", "诉讼|起诉"),
        "case_group",
        "litigation_direct",
    ),
    Term((spec.LITIGATION_LABEL, "诉讼", "起诉", "应诉"), "case_group", "litigation"),
    Term((spec.REVIEW_LABEL, "复议"), "case_group", "review"),
    Term((_CASE["upheld"], "维持"), "case_field", "upheld"),
    Term((_CASE["corrected"], "结果纠错", "纠正", "纠错"), "case_field", "corrected"),
    Term((_CASE["other"],), "case_field", "other"),
    Term((_CASE["pending"], "未审结", "审理中"), "case_field", "pending"),
)

#: Words before a number that make it something other than a table cell: a part (by
#: applicant or channel), another period, a comparison, an estimate, another subject.
QUALIFIERS: tuple[str, ...] = (
    *(c.label for c in spec.APPLICANT_COLUMNS if c.key != "other"),
    spec.ORGANISATIONS_HEADER,
    *("法人", "企业", "律师"),
    *("网上", "网站", "在线", "线上", "网络", "当面", "现场", "窗口", "信函", "邮寄", "传真", "邮件", "电话"),
    *("同比", "同期", "前年", "明年", "计划", "预计", "上半年", "下半年", "季度", "月份"),
    *("增长", "增加", "减少", "下降", "上升", "平均", "日均", "分别", "人次", "率", "%", "％", "占"),
    *("约", "超过", "不足", "延期", "延长"),
    *("咨询", "留言", "来信", "来电", "建议", "提案", "诉求", "热线"),
)

# The word that makes a clause about applications; 等 after a reason (因…等原因) widens it to
# the whole group; the word that opens a listing.
_APPLICATION_WORD = "申请"
_ETC = "等"
_LISTING_WORD = "其中"
_CASE_TOPICS = frozenset({"review", "litigation", "litigation_direct", "litigation_after_review"})
_APPLICATIONS = "applications"

_SPACE = " \t\u00a0\u3000"


def _words_re(words: tuple[str, ...], *, more: str = "", more_first: str = "") -> re.Pattern[str]:
    """An alternation of literal ``words``, longest first, behind a lookahead on their first
    characters so that the regex engine skips other characters quickly."""
    first = "".join(sorted({w[0] for w in words} | set(more_first)))
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"(?=[{re.escape(first)}])(?:{alternatives}{more})")


_TERM_BY_WORD: dict[str, Term] = {word: term for term in VOCABULARY for word in term.words}
_TERM_RE = _words_re(tuple(_TERM_BY_WORD))
_QUALIFIER_RE = _words_re(
    QUALIFIERS,
    # 上年 / 上一年度 / 去年 unless it is 上年结转; a month that is not the end of the year
    more=r"|上一?年度?(?!度?(?:结转|未办结))|去年(?!结转)|[0-9０-９]{1,2}月(?![3３][1１]日|底)",
    more_first="上去0123456789０１２３４５６７８９",  # the 上年, 去年 and month patterns
)
# An estimate or a share: 各 2 件, 近 10 件, 逾 5 件 (just before the number) …
_APPROXIMATE_RE = re.compile(f"(?:各|近|逾|约|共约|大约|将近)[{_SPACE}]*$")
# … or 5 件以上 (just after it).
_AFTER_RE = re.compile(f"[{_SPACE}]*(?:以上|以下|以内|左右|余|多)")
_FILLER_RE = re.compile(f"(?:[{_SPACE}，,、：:]|其中|依法|已经|已|均|共计|共|全部|对|有|的)*")
_REASON_RE = re.compile("(?:因|由于|以)[^，,；;]*?(?:等原因|原因|为由|等)")
_CONNECTOR_RE = re.compile(f"[{_SPACE}]*(?:以及|及|和|与|、|或|加)?[{_SPACE}]*")
_COMPARISON_RE = re.compile("同比|较|比上|增加|减少|增长|下降|上升|占")
# 其中包括 / 其中主要 …: a selection, not a breakdown
_SELECTION_RE = re.compile(f"[{_SPACE}：:，,]*(?:包括|主要|有|含)")
# 其他 that begins a catch-all part (not 其他法律行政法规禁止公开)
_EXHAUSTIVE_RE = re.compile("(?:其他|其它)(?!法律|法规|行政法规)|其余|剩余|余下")
_CLAIM_UPHELD = "均(?:获|被|予以?|已|为)?(?:结果)?维持|全部(?:获|被)?维持"
_DIGIT_CHARS = "0123456789０１２３４５６７８９"
# Tokens of a paragraph. The lookahead lets the engine skip other characters quickly; the
# possessive quantifiers keep a failed number (1,000,00件) from being retried group by group.
_TOKEN_RE = re.compile(
    f"(?=[。！？!?，,；;（(）)其均全{_DIGIT_CHARS}])"
    r"(?:(?P<end>[。！？!?])"
    r"|(?P<sep>[，,；;])"
    r"|(?P<open>[（(])"
    r"|(?P<close>[）)])"
    f"|(?P<qizhong>{_LISTING_WORD})"
    f"|(?P<claim>{_CLAIM_UPHELD})"
    f"|(?P<year>(?P<yearnum>(?<![0-9０-９])[12１２][0-9０-９]{{3}})[{_SPACE}]*年)"
    r"|(?P<count>(?P<num>(?<![0-9０-９.,．第])[0-9０-９]++(?:,[0-9]{3})*+)"
    f"[{_SPACE}]*(?P<unit>[件条个])(?![次人日天月年时工单部批户家名位])))"
)
_UNITS = ("件", "条", "个")
_FRAGMENT_LENGTH = 120
_DIGITS = frozenset(_DIGIT_CHARS)
_SEMICOLONS = frozenset("；;")
_BOUNDARIES = frozenset({"sep", "open", "close"})


# --- quantities: what a term names, in cells of the tables --------------------------------


@attrs.frozen
class _Quantity:
    cells: tuple[str, ...]
    name: str  # printed in messages, e.g. “（三）不予公开”各项总计
    group_path: str | None = None  # applications.withheld.*.total for a whole group


def _total_name(labels: tuple[str, ...]) -> str:
    return f"“{spec.join_labels((*labels, spec.TOTAL_COLUMN.label))}”"


@functools.cache
def _quantities() -> dict[str, _Quantity]:
    total = spec.TOTAL_COLUMN.key
    out: dict[str, _Quantity] = {}
    for label in (
        spec.NEW,
        spec.CARRIED_OVER,
        spec.GRANTED,
        spec.PARTIALLY_GRANTED,
        spec.OUTCOME_TOTAL,
        spec.CARRIED_FORWARD,
    ):
        out[label.key] = _Quantity((f"applications.{label.key}.{total}",), _total_name((label.label,)))
    for group in spec.APPLICATION_GROUPS:
        cells = tuple(f"applications.{group.key}.{sub.key}.{total}" for sub in group.rows)
        out[group.key] = _Quantity(
            cells, f"“{group.label}”各项{spec.TOTAL_COLUMN.label}", f"applications.{group.key}.*.{total}"
        )
        for sub in group.rows:
            out[f"{group.key}.{sub.key}"] = _Quantity(
                (f"applications.{group.key}.{sub.key}.{total}",), _total_name((group.label, sub.label))
            )
    litigation = tuple(g for g in spec.REVIEW_GROUPS if g.key != "review")
    for field in spec.REVIEW_FIELDS:
        for cases in spec.REVIEW_GROUPS:
            out[f"{cases.key}.{field.key}"] = _Quantity(
                (f"review_litigation.{cases.key}.{field.key}",),
                f"“{spec.join_labels((*cases.labels, field.label))}”",
            )
        out[f"litigation.{field.key}"] = _Quantity(
            tuple(f"review_litigation.{g.key}.{field.key}" for g in litigation),
            "与".join(f"“{spec.join_labels((*g.labels, field.label))}”" for g in litigation),
        )
    return out


def _cells(keys: tuple[str, ...]) -> tuple[str, ...]:
    q = _quantities()
    return tuple(c for k in keys for c in q[k].cells)


@functools.cache
def _getter(key: str) -> Callable[[Report], int | tuple[int, ...]]:
    return operator.attrgetter(*_quantities()[key].cells)


def _value(report: Report, keys: tuple[str, ...]) -> int:
    """The table's value of a quantity (a sum of cells)."""
    total = 0
    for key in keys:
        got = _getter(key)(report)
        total += got if isinstance(got, int) else sum(got)
    return total


def _describe(keys: tuple[str, ...]) -> str:
    q = _quantities()
    table = spec.TABLE_NAMES[_cells(keys)[0].split(".", 1)[0]]
    several = len(keys) > 1 or len(q[keys[0]].cells) > 1
    return table + "与".join(q[k].name for k in keys) + ("之和" if several else "")


def _path(keys: tuple[str, ...]) -> str:
    """The cell compared; a whole group as ``applications.withheld.*.total``; for any other
    sum, its first cell (every cell is in the finding's ``cells``)."""
    if len(keys) == 1:
        group_path = _quantities()[keys[0]].group_path
        if group_path is not None:
            return group_path
    return _cells(keys)[0]


# --- reading a paragraph -----------------------------------------------------------------

Alternatives = tuple[tuple[str, ...], ...]


@attrs.frozen
class _Quote:
    """A count tied to the tables: the first alternative is what the text names; the text
    agrees when any alternative has the quoted value."""

    alternatives: Alternatives
    value: int
    fragment: str
    year: int | None
    rule: str


@attrs.frozen
class _Claim:
    """``…行政复议7件，诉讼9件，均获维持``: the quoted group totals said to be all upheld."""

    quotes: tuple[_Quote, ...]
    fragment: str


@attrs.frozen
class _Breakdown:
    total: int
    parts: tuple[int, ...]
    fragment: str


@attrs.frozen
class _Reading:
    quotes: tuple[_Quote, ...] = ()
    claims: tuple[_Claim, ...] = ()
    breakdowns: tuple[_Breakdown, ...] = ()


def _has_count(text: str) -> bool:
    """Whether a digit (after optional spaces) comes before 件, 条 or 个 somewhere."""
    for unit in _UNITS:
        i = text.find(unit)
        while i > 0:
            j = i - 1
            while j >= 0 and text[j] in _SPACE:
                j -= 1
            if j >= 0 and text[j] in _DIGITS:
                return True
            i = text.find(unit, i + 1)
    return False


def _int(digits: str) -> int:
    return int(digits.replace(",", ""))


def _only_filler(prefix: str) -> bool:
    """Whether ``prefix`` (the words before a term inside a 其中 listing) says nothing but
    其中, 依法, 已 …, or gives a reason (因…等原因, 以…为由)."""
    pos = _fullmatch_end(_FILLER_RE, prefix, 0)
    reason = _REASON_RE.match(prefix, pos)
    if reason is not None:
        pos = _fullmatch_end(_FILLER_RE, prefix, reason.end())
    return pos == len(prefix)


def _fullmatch_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    m = pattern.match(text, pos)
    return pos if m is None else m.end()


def _blocked(lead: str) -> bool:
    return _QUALIFIER_RE.search(lead) is not None or _APPROXIMATE_RE.search(lead) is not None


Found = list[tuple[Term, int, int]]
Roles = dict[str, Found]  # the terms found in a lead, by role, in order
_NONE: Found = []


def _terms(lead: str) -> Roles:
    roles: Roles = {}
    for m in _TERM_RE.finditer(lead):
        term = _TERM_BY_WORD[m.group()]
        roles.setdefault(term.role, []).append((term, m.start(), m.end()))
    return roles


def _keys(found: Found) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.key for t, _, _ in found))


def _first(*found: Found) -> int:
    return min(s for part in found for _, s, _ in part)


def _case_reading(
    lead: str, roles: Roles, topic: str | None, *, in_listing: bool
) -> tuple[str | None, Alternatives | None]:
    groups = _keys(roles.get("case_group", _NONE))
    fields = _keys(roles.get("case_field", _NONE))
    if len(groups) > 1:
        return None, None
    if groups:
        topic = groups[0]
    if topic not in _CASE_TOPICS or len(fields) > 1 or _blocked(lead):
        return topic, None
    first = _first(roles.get("case_group", _NONE), roles.get("case_field", _NONE))
    if in_listing and not _only_filler(lead[:first]):
        return topic, None
    return topic, ((f"{topic}.{fields[0] if fields else spec.TOTAL_COLUMN.key}",),)


def _outcome_reading(lead: str, roles: Roles) -> Alternatives | None:
    outcomes = roles["outcome"]
    reasons = roles.get("reason", _NONE)
    keys = _keys(outcomes)
    if len(keys) > 1:
        joined = all(_CONNECTOR_RE.fullmatch(lead[a[2] : b[1]]) for a, b in itertools.pairwise(outcomes))
        return (keys,) if joined and not reasons else None
    key = keys[0]
    own = _keys(reasons)
    if not own:
        return ((key,),)
    if any(not r.startswith(key + ".") for r in own):
        return None
    last_reason = max(e for _, _, e in reasons)
    if _ETC in lead[last_reason : outcomes[0][1]]:
        return ((key,),)
    return ((key,), (own[0],)) if len(own) == 1 else None


def _application_reading(lead: str, roles: Roles, *, in_listing: bool) -> Alternatives | None:
    outcomes = roles.get("outcome", _NONE)
    carry = _keys(roles.get("carry", _NONE))
    intake = _keys(roles.get("intake", _NONE))
    if _blocked(lead):
        return None
    if in_listing:
        first = _first(
            outcomes, roles.get("carry", _NONE), roles.get("intake", _NONE), roles.get("total", _NONE)
        )
        if not (outcomes or carry) or not _only_filler(lead[:first]):
            return None
    if outcomes:
        return None if carry else _outcome_reading(lead, roles)
    if "reason" in roles or len(carry) > 1 or len(intake) > 1:
        return None
    if carry:
        return ((carry[0],),)
    if intake:
        if "total" in roles or _APPLICATION_WORD not in lead:
            return None
        if intake[0] == "received":
            return (("new",), ("new", "carried_over"))
        return (("new",),)
    return (("total",),)


def _read_lead(
    lead: str, topic: str | None, *, in_listing: bool
) -> tuple[str | None, Alternatives | None, str]:
    """The topic after ``lead``, what the number after it names, and the rule."""
    roles = _terms(lead)
    if "case_group" in roles or "case_field" in roles:
        topic, alternatives = _case_reading(lead, roles, topic, in_listing=in_listing)
        return topic, alternatives, RULE_REVIEW
    if _APPLICATION_WORD in lead:
        topic = _APPLICATIONS
    if topic != _APPLICATIONS or not roles.keys() - {"reason"}:
        return topic, None, RULE_APPLICATIONS
    return topic, _application_reading(lead, roles, in_listing=in_listing), RULE_APPLICATIONS


def _fragment(text: str, start: int, end: int) -> str:
    """The quoted words, at most ``_FRAGMENT_LENGTH`` characters (cut at the front)."""
    cut = start < end - _FRAGMENT_LENGTH
    words = text[end - _FRAGMENT_LENGTH if cut else start : end].strip(_SPACE + "，,；;：:、")
    return "…" + words if cut else words


class _SentenceReader:
    """Reads one sentence's tokens left to right: quotes and claims."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.topic: str | None = None
        self.listing_depth: int | None = None  # paren depth where 其中 was read
        self.depth = 0
        self.year: int | None = None
        self.quotes: list[_Quote] = []
        self.claims: list[_Claim] = []
        self.claimed = 0  # quotes before this index belong to an earlier claim

    def read(self, start: int, tokens: list[re.Match[str]]) -> None:
        text = self.text
        lead_start = start
        for tok in tokens:
            kind = tok.lastgroup
            if kind in _BOUNDARIES:
                if kind == "open":
                    self.depth += 1
                elif kind == "close":
                    self.depth = max(0, self.depth - 1)
                    if self.listing_depth is not None and self.depth < self.listing_depth:
                        self.listing_depth = None
                elif tok.group() in _SEMICOLONS:
                    self.listing_depth = None
                lead_start = tok.end()
            elif kind == "qizhong":
                self.listing_depth = self.depth
            elif kind == "year":
                self.year = _int(tok.group("yearnum"))
            elif kind == "claim":
                self._claim(start, tok)
            elif kind == "count":
                self._count(text[lead_start : tok.start()], lead_start, tok)
                lead_start = tok.end()

    def _count(self, lead: str, lead_start: int, tok: re.Match[str]) -> None:
        self.topic, alternatives, rule = _read_lead(
            lead, self.topic, in_listing=self.listing_depth is not None
        )
        if alternatives is None or _AFTER_RE.match(self.text, tok.end()):
            return
        fragment = _fragment(self.text, lead_start, tok.end())
        self.quotes.append(_Quote(alternatives, _int(tok.group("num")), fragment, self.year, rule))

    def _claim(self, start: int, tok: re.Match[str]) -> None:
        """均获维持 covers the 复议 / 诉讼 totals quoted since the sentence began or the last claim."""
        quoted = tuple(
            q
            for q in self.quotes[self.claimed :]
            if q.rule == RULE_REVIEW and q.alternatives[0][0].endswith("." + spec.TOTAL_COLUMN.key)
        )
        self.claimed = len(self.quotes)
        if quoted:
            self.claims.append(_Claim(quoted, _fragment(self.text, start, tok.end())))


Part = tuple[re.Match[str], int]  # a listed count and where its description starts


def _segment_parts(text: str, counts: list[re.Match[str]], seg_start: int, seg_end: int) -> list[Part] | None:
    """The counts of one listed segment, or None when it is not a clean part: it must end
    with its last count, several counts must be joined by 、, and no part may be a comparison."""
    if not counts or text[counts[-1].end() : seg_end].strip(_SPACE):
        return None
    parts: list[Part] = [(counts[0], seg_start)]
    for a, b in itertools.pairwise(counts):
        if not text[a.end() : b.start()].lstrip(_SPACE).startswith("、"):
            return None
        parts.append((b, a.end()))
    if _COMPARISON_RE.search(text, seg_start, counts[-1].start()):
        return None
    return parts


def _listing(text: str, tokens: list[re.Match[str]], after: int) -> list[Part]:
    """The parts listed after the 其中 token at index ``after``: segments separated all by
    ，or all by ；, each ending with its count; a ，-listing ends at ；."""
    parts: list[Part] = []
    separator: str | None = None
    seg_start = tokens[after].end()
    seg_counts: list[re.Match[str]] = []
    for j in range(after + 1, len(tokens)):  # no slice: a copy per 其中 would be quadratic
        tok = tokens[j]
        kind = tok.lastgroup
        if kind == "count":
            seg_counts.append(tok)
            continue
        if kind not in ("sep", "close", "end", "qizhong"):
            continue
        segment = _segment_parts(text, seg_counts, seg_start, tok.start())
        if segment is None:
            return parts
        parts.extend(segment)
        if kind != "sep":
            return parts
        char = "；" if tok.group() in _SEMICOLONS else "，"
        if separator is None:
            separator = char
        elif char != separator:
            return parts
        seg_start, seg_counts = tok.end(), []
    segment = _segment_parts(text, seg_counts, seg_start, len(text))
    return parts + (segment or [])


def _is_catch_all(text: str, start: int, end: int) -> bool:
    """Whether a part's description begins with 其他 / 其余 …: the listing is exhaustive."""
    return _EXHAUSTIVE_RE.match(text[start:end].lstrip(_SPACE + "，,；;：:、“")) is not None


def _breakdowns(text: str, tokens: list[re.Match[str]], start: int) -> Iterator[_Breakdown]:
    """Listings ``X件，其中a件，…`` in one sentence, read in one pass: each total is the count
    just before its 其中 (nothing but punctuation between), and a listing ends at the next 其中."""
    clause = start  # where the current clause begins
    total: re.Match[str] | None = None
    total_clause = total_lead = start
    previous_end = start
    for i, tok in enumerate(tokens):
        kind = tok.lastgroup
        if kind == "count":
            total, total_clause, total_lead = tok, clause, max(clause, previous_end)
            previous_end = tok.end()
        elif kind in _BOUNDARIES:
            clause = tok.end()
        elif kind == "qizhong" and total is not None:
            found = _breakdown(text, tokens, i, total, total_lead)
            if found is not None:
                values, end = found
                yield _Breakdown(_int(total.group("num")), values, _fragment(text, total_clause, end))
            total = None


def _breakdown(
    text: str, tokens: list[re.Match[str]], i: int, total: re.Match[str], lead: int
) -> tuple[tuple[int, ...], int] | None:
    """The parts listed after the 其中 at ``tokens[i]`` breaking down ``total``, and where the
    listing ends; None unless the listing is clean and exhaustive."""
    qizhong = tokens[i]
    if (
        text[total.end() : qizhong.start()].strip(_SPACE + "，,：:（(")
        or _APPROXIMATE_RE.search(text, lead, total.start())
        or _AFTER_RE.match(text, total.end())
        or _SELECTION_RE.match(text, qizhong.end())
    ):
        return None
    parts = _listing(text, tokens, i)
    unit = total.group("unit")
    if len(parts) < 2 or any(p.group("unit") != unit for p, _ in parts):
        return None
    if not any(_is_catch_all(text, s, p.start()) for p, s in parts):
        return None
    return tuple(_int(p.group("num")) for p, _ in parts), parts[-1][0].end()


#: A sentence with more tokens (punctuation, counts, 其中 …) than this, or a paragraph quoting
#: more counts, is no prose a report prints: the paragraph is left unread (a missed warning,
#: never a wrong one), and what reading it keeps stays bounded whatever its size.
MAX_SENTENCE_TOKENS = 5_000
MAX_PARAGRAPH_QUOTES = 2_000
#: Paragraphs longer than this are read each time rather than cached: the cache holds its keys,
#: so it keeps at most 4096 × 2,000 characters however many reports are checked.
_CACHED_LENGTH = 2_000


def _reading_of(text: str) -> _Reading | None:
    """Everything a paragraph quotes (independent of the report, so short ones are cached)."""
    return _read_paragraph(text) if len(text) <= _CACHED_LENGTH else _read_text(text)


@functools.lru_cache(maxsize=4096)
def _read_paragraph(text: str) -> _Reading | None:
    return _read_text(text)


def _read_text(text: str) -> _Reading | None:
    """The tokens are streamed: one sentence's at a time is kept, and at most
    :data:`MAX_SENTENCE_TOKENS` of them."""
    if not _has_count(text):
        return None
    quotes: list[_Quote] = []
    claims: list[_Claim] = []
    breakdowns: list[_Breakdown] = []
    sentence: list[re.Match[str]] = []
    counted = False  # the sentence holds a count
    start = 0
    has_listing = _LISTING_WORD in text
    tokens = _TOKEN_RE.finditer(text)
    while True:
        tok = next(tokens, None)
        if tok is not None:
            if len(sentence) >= MAX_SENTENCE_TOKENS:
                return None
            sentence.append(tok)
            counted = counted or tok.lastgroup == "count"
            if tok.lastgroup != "end":
                continue
        if counted:
            reader = _SentenceReader(text)
            reader.read(start, sentence)
            quotes.extend(reader.quotes)
            claims.extend(reader.claims)
            if has_listing:
                breakdowns.extend(_breakdowns(text, sentence, start))
            if len(quotes) + len(breakdowns) > MAX_PARAGRAPH_QUOTES:
                return None
        if tok is None:
            return _Reading(tuple(quotes), tuple(claims), tuple(breakdowns))
        sentence = []
        counted = False
        start = tok.end()


# --- comparing with the tables -------------------------------------------------------------


def _diff(expected: int, actual: int) -> str:
    d = actual - expected
    return f"差额 {'+' if d > 0 else ''}{d}"


def _paragraph_lists(report: Report) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every list of paragraphs with the prefix of its paths (``overview.paragraphs.``)."""
    yield report.preamble, f"{spec.PREAMBLE.key}."
    for s in format_of(report).sections:
        key = s.key
        own, subsections = f"{key}.{spec.PARAGRAPHS.key}.", f"{key}.{spec.SUBSECTIONS.key}."
        section = getattr(report, key)
        yield section.paragraphs, own
        for j, sub in enumerate(getattr(section, spec.SUBSECTIONS.key, ())):
            yield sub.paragraphs, f"{subsections}{j}.{spec.PARAGRAPHS.key}."


def _quote_finding(report: Report, path: str, quote: _Quote) -> Finding | None:
    values = [_value(report, keys) for keys in quote.alternatives]
    if quote.value in values:
        return None
    primary = quote.alternatives[0]
    cells = tuple(dict.fromkeys(c for keys in quote.alternatives for c in _cells(keys)))
    others = "".join(
        f"（{_describe(keys)}为 {v}）" for keys, v in zip(quote.alternatives[1:], values[1:], strict=True)
    )
    return Finding(
        rule=quote.rule,
        severity="warning",
        path=_path(primary),
        cells=(path, *cells),
        expected=values[0],
        actual=quote.value,
        message=(
            f"“{quote.fragment}”：文中为 {quote.value}，而{_describe(primary)}为 {values[0]}"
            f"{others}，{_diff(values[0], quote.value)}"
        ),
    )


def _claim_findings(report: Report, path: str, claim: _Claim) -> Iterator[Finding]:
    upheld_key = spec.REVIEW_FIELDS[0].key
    for quote in claim.quotes:
        if quote.year not in (None, report.year):
            continue
        keys = quote.alternatives[0]
        if _value(report, keys) != quote.value:
            continue  # the total itself disagrees: that finding says enough
        group = keys[0].rsplit(".", 1)[0]
        upheld = (f"{group}.{upheld_key}",)
        value = _value(report, upheld)
        if value == quote.value:
            continue
        rest = "、".join(
            f"{field.label} {_value(report, (f'{group}.{field.key}',))}" for field in spec.REVIEW_FIELDS[1:-1]
        )
        yield Finding(
            rule=RULE_REVIEW,
            severity="warning",
            path=_path(upheld),
            cells=(path, *_cells(upheld), *_cells(keys)),
            expected=value,
            actual=quote.value,
            message=(
                f"“{claim.fragment}”：文中称 {quote.value} 件均获维持，而{_describe(upheld)}为 "
                f"{value}（{rest}），{_diff(value, quote.value)}"
            ),
        )


def _breakdown_finding(path: str, breakdown: _Breakdown) -> Finding | None:
    parts = sum(breakdown.parts)
    if parts == breakdown.total:
        return None
    terms = " + ".join(str(p) for p in breakdown.parts)
    return Finding(
        rule=RULE_BREAKDOWN,
        severity="warning",
        path=path,
        cells=(path,),
        expected=parts,
        actual=breakdown.total,
        message=(
            f"“{breakdown.fragment}”：所列各项 {terms} = {parts}，而总数为 {breakdown.total}，"
            f"{_diff(parts, breakdown.total)}"
        ),
    )


def _applies(report: Report) -> bool:
    """Whether the report's format has the tables the vocabulary names (表三 and 表四 of the
    national formats): the narrative rules are about those."""
    return _named_tables() <= {t.key for t in format_of(report).tables}


@functools.cache
def _named_tables() -> frozenset[str]:
    return frozenset(c.split(".", 1)[0] for q in _quantities().values() for c in q.cells)


def narrative_findings(report: Report) -> Iterator[Finding]:
    """Warnings for counts in the text that contradict the tables or their own total (for a
    format whose tables the vocabulary names; a quote of a cell the report does not have is
    left alone)."""
    if not _applies(report):
        return
    for texts, prefix in _paragraph_lists(report):
        for i, text in enumerate(texts):
            reading = _reading_of(text)
            if reading is not None:
                yield from _paragraph_findings(report, f"{prefix}{i}", reading)


def _paragraph_findings(report: Report, path: str, reading: _Reading) -> Iterator[Finding]:
    """The findings of one paragraph that quotes counts."""
    quotes = [q for q in reading.quotes if q.year in (None, report.year)]
    seen: dict[tuple[str, ...], set[int]] = {}
    for q in quotes:
        seen.setdefault(q.alternatives[0], set()).add(q.value)
    for q in quotes:
        # the same quantity quoted with two values in one paragraph: parts of something
        if len(seen[q.alternatives[0]]) > 1:
            continue
        try:
            finding = _quote_finding(report, path, q)
        except AttributeError:  # a cell this report does not have (a row printed as one)
            continue
        if finding is not None:
            yield finding
    for claim in reading.claims:
        try:
            yield from list(_claim_findings(report, path, claim))
        except AttributeError:
            continue
    for breakdown in reading.breakdowns:
        finding = _breakdown_finding(path, breakdown)
        if finding is not None:
            yield finding
