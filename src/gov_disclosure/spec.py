"""The national format (国办公开办函〔2021〕30号) as data.

This module is the one place where official headings, labels and table layouts are written.
Renderers, parsers, error messages, checks and the JSON Schema all read them from here.

Vocabulary:

* a *key* is the English snake_case name used in the dict contract (``commercial``);
* a *path* is the dotted address of a value in the dict form of a report
  (``applications.withheld.state_secret.commercial``);
* a *label path* is the tuple of official labels that names the same place in the printed
  report (``三、本年度办理结果`` / ``（三）不予公开`` / ``1.属于国家秘密`` / ``商业企业``).
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import attrs

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICATION_GROUPS",
    "APPLICATION_ROWS",
    "DOCUMENT_COLUMNS",
    "FORMAT_NAME",
    "OUTCOME_ROWS",
    "REVIEW_FIELDS",
    "REVIEW_GROUPS",
    "ROW_COLUMNS",
    "SECTIONS",
    "TITLE_TEMPLATE",
    "AppRow",
    "Cell",
    "Group",
    "Label",
    "SectionSpec",
    "Table",
    "active_disclosure_table",
    "applications_table",
    "label_path",
    "review_litigation_table",
]

FORMAT_NAME = "国办公开办函〔2021〕30号"
TITLE_TEMPLATE = "{agency}{year}年度政府信息公开工作年度报告"


@attrs.frozen
class Label:
    """A key of the dict contract and the official label printed for it."""

    key: str
    label: str


# --- report-level keys (names used in messages, the JSON Schema and templates) -----------

AGENCY = Label("agency", "报告机关")
YEAR = Label("year", "报告年度")
TITLE = Label("title", "标题")
PREAMBLE = Label("preamble", "前言")
PARAGRAPHS = Label("paragraphs", "段落")
SUBSECTIONS = Label("subsections", "小节")
SUBSECTION_TITLE = Label("title", "小节标题")


@attrs.frozen
class SectionSpec:
    """One of the six sections: its key, its heading, and its numeral (一 … 六)."""

    key: str
    heading: str
    numeral: str
    has_table: bool


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "一、总体情况", "一", has_table=False),
    SectionSpec("active_disclosure", "二、主动公开政府信息情况", "二", has_table=True),
    SectionSpec("applications", "三、收到和处理政府信息公开申请情况", "三", has_table=True),
    SectionSpec("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", "四", has_table=True),
    SectionSpec("problems", "五、存在的主要问题及改进情况", "五", has_table=False),
    SectionSpec("other_matters", "六、其他需要报告的事项", "六", has_table=False),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

#: Numbering of subsection headings: （一）（二）…
CHINESE_NUMERALS = "一二三四五六七八九十"


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


SUBSECTION_NUMBER_RE = re.compile(r"（([一二三四五六七八九十]{1,3})）")

# --- 表二 (二、主动公开政府信息情况) -------------------------------------------------------

INFO_CONTENT = "信息内容"
DOCUMENT_COLUMNS: tuple[Label, ...] = (
    Label("issued", "本年制发件数"),
    Label("repealed", "本年废止件数"),
    Label("in_force", "现行有效件数"),
)
REGULATIONS = Label("regulations", "规章")
NORMATIVE_DOCUMENTS = Label("normative_documents", "行政规范性文件")
LICENSING = Label("licensing", "行政许可")
PUNISHMENT = Label("punishment", "行政处罚")
ENFORCEMENT = Label("enforcement", "行政强制")
FEES = Label("fees", "行政事业性收费")
DECISIONS_HEADER = "本年处理决定数量"
FEES_HEADER = "本年收费金额（单位：万元）"
ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"

# --- 表三 (三、收到和处理政府信息公开申请情况) ----------------------------------------------

APPLICANT_COLUMNS: tuple[Label, ...] = (
    Label("natural_person", "自然人"),
    Label("commercial", "商业企业"),
    Label("research", "科研机构"),
    Label("social_welfare", "社会公益组织"),
    Label("legal_services", "法律服务机构"),
    Label("other", "其他"),
)
TOTAL_COLUMN = Label("total", "总计")
ROW_COLUMNS: tuple[Label, ...] = (*APPLICANT_COLUMNS, TOTAL_COLUMN)
APPLICANT_KEYS: tuple[str, ...] = tuple(c.key for c in APPLICANT_COLUMNS)
ROW_KEYS: tuple[str, ...] = tuple(c.key for c in ROW_COLUMNS)

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORGANISATIONS_HEADER = "法人或其他组织"
RESULTS_LABEL = "三、本年度办理结果"

NEW = Label("new", "一、本年新收政府信息公开申请数量")
CARRIED_OVER = Label("carried_over", "二、上年结转政府信息公开申请数量")
GRANTED = Label("granted", "（一）予以公开")
PARTIALLY_GRANTED = Label("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
OUTCOME_TOTAL = Label("total", "（七）总计")
CARRIED_FORWARD = Label("carried_forward", "四、结转下年度继续办理")


@attrs.frozen
class Group:
    """A row-spanning group label of 表三 (（三）不予公开 …) and its numbered sub-rows."""

    key: str
    label: str
    rows: tuple[Label, ...]


APPLICATION_GROUPS: tuple[Group, ...] = (
    Group(
        "withheld",
        "（三）不予公开",
        (
            Label("state_secret", "1.属于国家秘密"),
            Label("prohibited_by_law", "2.其他法律行政法规禁止公开"),
            Label("security_stability", "3.危及“三安全一稳定”"),
            Label("third_party_rights", "4.保护第三方合法权益"),
            Label("internal_affairs", "5.属于三类内部事务信息"),
            Label("process_information", "6.属于四类过程性信息"),
            Label("enforcement_files", "7.属于行政执法案卷"),
            Label("inquiry_matters", "8.属于行政查询事项"),
        ),
    ),
    Group(
        "unavailable",
        "（四）无法提供",
        (
            Label("not_held", "1.本机关不掌握相关政府信息"),
            Label("needs_creation", "2.没有现成信息需要另行制作"),
            Label("still_unclear", "3.补正后申请内容仍不明确"),
        ),
    ),
    Group(
        "not_processed",
        "（五）不予处理",
        (
            Label("complaint", "1.信访举报投诉类申请"),
            Label("duplicate", "2.重复申请"),
            Label("publication", "3.要求提供公开出版物"),
            Label("excessive", "4.无正当理由大量反复申请"),
            Label("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    Group(
        "other_handling",
        "（六）其他处理",
        (
            Label(
                "correction_overdue",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            Label(
                "fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            Label("other", "3.其他"),
        ),
    ),
)
GROUP_BY_KEY = {g.key: g for g in APPLICATION_GROUPS}

RowKind = Literal["intake", "outcome", "total", "carried_forward"]


@attrs.frozen
class AppRow:
    """One of the 25 data rows of 表三.

    ``keys`` is the row's address under ``applications`` (``("withheld", "state_secret")``),
    ``labels`` the official label path printed for it.
    """

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    kind: RowKind

    @property
    def path(self) -> str:
        """The dotted path of the row: ``applications.withheld.state_secret``."""
        return "applications." + ".".join(self.keys)


def _application_rows() -> tuple[AppRow, ...]:
    rows = [
        AppRow((NEW.key,), (NEW.label,), "intake"),
        AppRow((CARRIED_OVER.key,), (CARRIED_OVER.label,), "intake"),
        AppRow((GRANTED.key,), (RESULTS_LABEL, GRANTED.label), "outcome"),
        AppRow((PARTIALLY_GRANTED.key,), (RESULTS_LABEL, PARTIALLY_GRANTED.label), "outcome"),
    ]
    for group in APPLICATION_GROUPS:
        rows.extend(
            AppRow((group.key, sub.key), (RESULTS_LABEL, group.label, sub.label), "outcome")
            for sub in group.rows
        )
    rows.append(AppRow((OUTCOME_TOTAL.key,), (RESULTS_LABEL, OUTCOME_TOTAL.label), "total"))
    rows.append(AppRow((CARRIED_FORWARD.key,), (CARRIED_FORWARD.label,), "carried_forward"))
    return tuple(rows)


#: The 25 data rows of 表三 in printed order.
APPLICATION_ROWS: tuple[AppRow, ...] = _application_rows()
#: The 21 outcome rows that add up to （七）总计.
OUTCOME_ROWS: tuple[AppRow, ...] = tuple(r for r in APPLICATION_ROWS if r.kind == "outcome")

# --- 表四 (四、政府信息公开行政复议、行政诉讼情况) --------------------------------------------

REVIEW_FIELDS: tuple[Label, ...] = (
    Label("upheld", "结果维持"),
    Label("corrected", "结果纠正"),
    Label("other", "其他结果"),
    Label("pending", "尚未审结"),
    Label("total", "总计"),
)
REVIEW_KEYS: tuple[str, ...] = tuple(f.key for f in REVIEW_FIELDS)
REVIEW_PARTS: tuple[str, ...] = REVIEW_KEYS[:-1]
REVIEW_LABEL = "行政复议"
LITIGATION_LABEL = "行政诉讼"


@attrs.frozen
class ReviewGroup:
    """A five-column group of 表四 and its label path."""

    key: str
    labels: tuple[str, ...]


REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("review", (REVIEW_LABEL,)),
    ReviewGroup("litigation_direct", (LITIGATION_LABEL, "未经复议直接起诉")),
    ReviewGroup("litigation_after_review", (LITIGATION_LABEL, "复议后起诉")),
)

# --- printed layouts -------------------------------------------------------------------


@attrs.frozen
class Cell:
    """One cell of a printed table, placed where it starts.

    A label cell has ``text``; a value cell has the ``path`` of its value in the dict form.
    ``header`` marks column headings (``<th scope="col">``); other label cells head rows.
    """

    text: str = ""
    path: str | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a number rather than a label."""
        return self.path is not None


@attrs.frozen
class Table:
    """A printed table: its grid width, how many rows are column headings, and its rows.

    Each row lists the cells that *start* in it, left to right; positions covered by a cell
    spanning from the left or from above are not listed.
    """

    key: str
    caption: str
    columns: int
    header_rows: int
    rows: tuple[tuple[Cell, ...], ...]

    def value_paths(self) -> tuple[str, ...]:
        """Every value path in printed order."""
        return tuple(c.path for row in self.rows for c in row if c.path is not None)

    def placed(self) -> tuple[tuple[tuple[int, Cell], ...], ...]:
        """The rows with each cell's starting column: ``((col, cell), …)`` per row."""
        covered: dict[tuple[int, int], bool] = {}
        out: list[tuple[tuple[int, Cell], ...]] = []
        for r, row in enumerate(self.rows):
            col = 0
            placed: list[tuple[int, Cell]] = []
            for cell in row:
                while (r, col) in covered:
                    col += 1
                placed.append((col, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered[(r + dr, col + dc)] = True
                col += cell.colspan
            out.append(tuple(placed))
        return tuple(out)


def _value_row(prefix: str, keys: tuple[str, ...], colspan: int = 1) -> tuple[Cell, ...]:
    return tuple(Cell(path=f"{prefix}.{k}", colspan=colspan) for k in keys)


@functools.cache
def active_disclosure_table(*, with_regulations: bool = True) -> Table:
    """表二: the 4-column grid of 二、主动公开政府信息情况 (规章 row optional)."""
    base = "active_disclosure"
    doc_keys = tuple(c.key for c in DOCUMENT_COLUMNS)
    rows: list[tuple[Cell, ...]] = [
        (Cell(ITEM_1, colspan=4, header=True),),
        (
            Cell(INFO_CONTENT, header=True),
            *(Cell(c.label, header=True) for c in DOCUMENT_COLUMNS),
        ),
    ]
    for label in (REGULATIONS, NORMATIVE_DOCUMENTS) if with_regulations else (NORMATIVE_DOCUMENTS,):
        rows.append((Cell(label.label), *_value_row(f"{base}.{label.key}", doc_keys)))
    for item, header, fields in (
        (ITEM_5, DECISIONS_HEADER, (LICENSING,)),
        (ITEM_6, DECISIONS_HEADER, (PUNISHMENT, ENFORCEMENT)),
        (ITEM_8, FEES_HEADER, (FEES,)),
    ):
        rows.append((Cell(item, colspan=4, header=True),))
        rows.append((Cell(INFO_CONTENT, header=True), Cell(header, colspan=3, header=True)))
        rows.extend((Cell(f.label), Cell(path=f"{base}.{f.key}", colspan=3)) for f in fields)
    return Table(base, SECTION_BY_KEY[base].heading, 4, 0, tuple(rows))


@functools.cache
def applications_table() -> Table:
    """表三: 3 heading rows + 25 data rows × 10 columns, with the official merges."""
    base = "applications"
    rows: list[tuple[Cell, ...]] = [
        (
            Cell(TABLE3_NOTE, rowspan=3, colspan=3, header=True),
            Cell(APPLICANT_HEADER, colspan=7, header=True),
        ),
        (
            Cell(APPLICANT_COLUMNS[0].label, rowspan=2, header=True),
            Cell(ORGANISATIONS_HEADER, colspan=5, header=True),
            Cell(TOTAL_COLUMN.label, rowspan=2, header=True),
        ),
        tuple(Cell(c.label, header=True) for c in APPLICANT_COLUMNS[1:]),
    ]
    results_rows = sum(1 for r in APPLICATION_ROWS if r.kind in ("outcome", "total"))
    seen_groups: set[str] = set()
    first_result = True
    for row in APPLICATION_ROWS:
        values = _value_row(row.path, ROW_KEYS)
        labels: list[Cell] = []
        if row.kind in ("intake", "carried_forward"):
            labels.append(Cell(row.labels[0], colspan=3))
        else:
            if first_result:
                labels.append(Cell(RESULTS_LABEL, rowspan=results_rows))
                first_result = False
            if len(row.keys) == 1:
                labels.append(Cell(row.labels[1], colspan=2))
            else:
                group = GROUP_BY_KEY[row.keys[0]]
                if group.key not in seen_groups:
                    seen_groups.add(group.key)
                    labels.append(Cell(group.label, rowspan=len(group.rows)))
                labels.append(Cell(row.labels[2]))
        rows.append((*labels, *values))
    return Table(base, SECTION_BY_KEY[base].heading, 10, 3, tuple(rows))


@functools.cache
def review_litigation_table() -> Table:
    """表四: 3 heading rows + 1 data row × 15 columns."""
    base = "review_litigation"
    h3: list[Cell] = []
    for _ in REVIEW_GROUPS[1:]:
        h3.extend(Cell(f.label, header=True) for f in REVIEW_FIELDS)
    rows: tuple[tuple[Cell, ...], ...] = (
        (Cell(REVIEW_LABEL, colspan=5, header=True), Cell(LITIGATION_LABEL, colspan=10, header=True)),
        (
            *(Cell(f.label, rowspan=2, header=True) for f in REVIEW_FIELDS),
            *(Cell(g.labels[-1], colspan=5, header=True) for g in REVIEW_GROUPS[1:]),
        ),
        tuple(h3),
        tuple(c for g in REVIEW_GROUPS for c in _value_row(f"{base}.{g.key}", REVIEW_KEYS)),
    )
    return Table(base, SECTION_BY_KEY[base].heading, 15, 3, rows)


# --- label paths for every value path ---------------------------------------------------

NARRATIVE_KEYS = ("overview", "problems", "other_matters")


@functools.cache
def _label_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {
        AGENCY.key: (AGENCY.label,),
        YEAR.key: (YEAR.label,),
        TITLE.key: (TITLE.label,),
        PREAMBLE.key: (PREAMBLE.label,),
    }
    for section in SECTIONS:
        index[section.key] = (section.heading,)
        index[f"{section.key}.{PARAGRAPHS.key}"] = (section.heading, PARAGRAPHS.label)
    for key in NARRATIVE_KEYS:
        heading = SECTION_BY_KEY[key].heading
        index[f"{key}.{SUBSECTIONS.key}"] = (heading, SUBSECTIONS.label)
    ad = "active_disclosure"
    for doc in (REGULATIONS, NORMATIVE_DOCUMENTS):
        index[f"{ad}.{doc.key}"] = (doc.label,)
        for col in DOCUMENT_COLUMNS:
            index[f"{ad}.{doc.key}.{col.key}"] = (doc.label, col.label)
    for f in (LICENSING, PUNISHMENT, ENFORCEMENT):
        index[f"{ad}.{f.key}"] = (f.label, DECISIONS_HEADER)
    index[f"{ad}.{FEES.key}"] = (FEES.label, FEES_HEADER)
    for group in APPLICATION_GROUPS:
        index[f"applications.{group.key}"] = (RESULTS_LABEL, group.label)
    for row in APPLICATION_ROWS:
        index[row.path] = row.labels
        for col in ROW_COLUMNS:
            index[f"{row.path}.{col.key}"] = (*row.labels, col.label)
    for cases in REVIEW_GROUPS:
        index[f"review_litigation.{cases.key}"] = cases.labels
        for field in REVIEW_FIELDS:
            index[f"review_litigation.{cases.key}.{field.key}"] = (*cases.labels, field.label)
    return index


_COLUMN_LABELS = {c.key: c.label for c in ROW_COLUMNS}


def label_path(path: str) -> tuple[str, ...]:
    """The official labels naming ``path``; list indices become ``第N项``.

    >>> join_labels(label_path("applications.withheld.state_secret.commercial"))
    '三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密 / 商业企业'
    """
    index = _label_index()
    parts = path.split(".") if path else []
    # longest known prefix, then the rest (indices, subsection fields)
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in index:
            labels = list(index[head])
            break
    else:
        return tuple(parts)
    for part in parts[cut:]:
        if part.isdigit():
            labels.append(f"第{int(part) + 1}项")
        elif part == SUBSECTION_TITLE.key:
            labels.append(SUBSECTION_TITLE.label)
        elif part == PARAGRAPHS.key:
            labels.append(PARAGRAPHS.label)
        elif part == "*":
            continue
        elif part in _COLUMN_LABELS:
            labels.append(_COLUMN_LABELS[part])
        else:
            labels.append(part)
    return tuple(labels)


def describe(path: str) -> str:
    """``path`` followed by its official labels, as error messages print it."""
    labels = label_path(path)
    return f"{path} — {join_labels(labels)}" if labels else path


def join_labels(labels: tuple[str, ...]) -> str:
    """``三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密``: a full-width bracket takes no space."""
    out = ""
    for i, label in enumerate(labels):
        if i:
            out += " /" if label.startswith("（") else " / "
        out += label
    return out
