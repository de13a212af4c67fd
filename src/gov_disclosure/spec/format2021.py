"""The national format of 2021 (国办公开办函〔2021〕30号) as a value: :data:`FORMAT_2021`.

Every official heading and label of the format is written here once, verbatim as in
``spec/format-2021.md``; the tables are described as trees (:mod:`._vocabulary`) and their
printed grids, data rows and equations derived from them. The module-level names (``NEW``,
``APPLICATION_GROUPS`` …) are the pieces the value is built from, kept for the code and the
documentation that name a particular row.
"""

from __future__ import annotations

import functools

import attrs

from gov_disclosure.spec._vocabulary import (
    Balance,
    Block,
    BlockTable,
    ColumnTotal,
    CrossTable,
    Format,
    Label,
    Node,
    RowTotal,
    SectionSpec,
    Shape,
    Table,
)

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICATION_GROUPS",
    "APPLICATION_ROWS",
    "DOCUMENT_COLUMNS",
    "FORMAT_2021",
    "FORMAT_NAME",
    "OUTCOME_ROWS",
    "REVIEW_FIELDS",
    "REVIEW_GROUPS",
    "ROW_COLUMNS",
    "SECTIONS",
    "TITLE_TEMPLATE",
    "AppRow",
    "Group",
    "ReviewGroup",
    "active_disclosure_table",
    "applications_table",
    "review_litigation_table",
]

FORMAT_ID = "2021"
FORMAT_NAME = "国办公开办函〔2021〕30号"
TITLE_TEMPLATE = "{agency}{year}年度政府信息公开工作年度报告"

# --- report-level keys (names used in messages, the JSON Schema and templates) -----------

AGENCY = Label("agency", "报告机关")
YEAR = Label("year", "报告年度")
TITLE = Label("title", "标题")
PREAMBLE = Label("preamble", "前言")
PARAGRAPHS = Label("paragraphs", "段落")
SUBSECTIONS = Label("subsections", "小节")
SUBSECTION_TITLE = Label("title", "小节标题")
REPORT_LABELS = (
    AGENCY,
    YEAR,
    TITLE,
    PREAMBLE,
    PARAGRAPHS,
    SUBSECTIONS,
    Label("subsection_title", SUBSECTION_TITLE.label),
)

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "一、总体情况", "一", has_table=False),
    SectionSpec("active_disclosure", "二、主动公开政府信息情况", "二", has_table=True),
    SectionSpec("applications", "三、收到和处理政府信息公开申请情况", "三", has_table=True),
    SectionSpec("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", "四", has_table=True),
    SectionSpec("problems", "五、存在的主要问题及改进情况", "五", has_table=False),
    SectionSpec("other_matters", "六、其他需要报告的事项", "六", has_table=False),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
NARRATIVE_KEYS = ("overview", "problems", "other_matters")

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

# --- the tables as trees -------------------------------------------------------------------

#: Names of the 表三 rows the sums refer to.
RESULTS = "results"

TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


def _leaf(label: Label, **kw: object) -> Node:
    return Node(label.label, label.key, **kw)  # type: ignore[arg-type]


def _active_disclosure() -> BlockTable:
    documents = tuple(_leaf(c) for c in DOCUMENT_COLUMNS)
    decisions = (Node(DECISIONS_HEADER),)
    return BlockTable(
        key="active_disclosure",
        name=TABLE_NAMES["active_disclosure"],
        caption=SECTION_BY_KEY["active_disclosure"].heading,
        blocks=(
            Block(
                ITEM_1,
                INFO_CONTENT,
                documents,
                (
                    _leaf(REGULATIONS, optional=True, absent_rule="format.regulations_row"),
                    _leaf(NORMATIVE_DOCUMENTS),
                ),
            ),
            Block(ITEM_5, INFO_CONTENT, decisions, (_leaf(LICENSING),)),
            Block(ITEM_6, INFO_CONTENT, decisions, (_leaf(PUNISHMENT), _leaf(ENFORCEMENT))),
            Block(ITEM_8, INFO_CONTENT, (Node(FEES_HEADER, kind="fee"),), (_leaf(FEES),)),
        ),
    )


def _applications() -> CrossTable:
    columns = (
        Node(
            APPLICANT_HEADER,
            children=(
                _leaf(APPLICANT_COLUMNS[0]),
                Node(ORGANISATIONS_HEADER, children=tuple(_leaf(c) for c in APPLICANT_COLUMNS[1:])),
                _leaf(TOTAL_COLUMN),
            ),
        ),
    )
    groups = tuple(
        Node(g.label, g.key, children=tuple(_leaf(r) for r in g.rows), collapsible=g.key == "other_handling")
        for g in APPLICATION_GROUPS
    )
    rows = (
        _leaf(NEW),
        _leaf(CARRIED_OVER),
        Node(
            RESULTS_LABEL,
            name=RESULTS,
            children=(_leaf(GRANTED), _leaf(PARTIALLY_GRANTED), *groups, _leaf(OUTCOME_TOTAL)),
        ),
        _leaf(CARRIED_FORWARD),
    )
    return CrossTable(
        key="applications",
        name=TABLE_NAMES["applications"],
        caption=SECTION_BY_KEY["applications"].heading,
        corner=TABLE3_NOTE,
        columns=columns,
        rows=rows,
        sums=(
            Balance(
                "table3.balance",
                left=(NEW.key, CARRIED_OVER.key),
                right=(OUTCOME_TOTAL.key, CARRIED_FORWARD.key),
            ),
            RowTotal(
                "table3.outcome_total",
                total=OUTCOME_TOTAL.key,
                within=RESULTS,
                parts_name="（一）至（六）各项",
            ),
            ColumnTotal(
                "table3.row_total", total=TOTAL_COLUMN.key, parts=APPLICANT_KEYS, parts_name="六类申请人"
            ),
        ),
    )


def _review_litigation() -> CrossTable:
    fields = tuple(_leaf(f) for f in REVIEW_FIELDS)
    direct, after = REVIEW_GROUPS[1], REVIEW_GROUPS[2]
    columns = (
        Node(REVIEW_LABEL, REVIEW_GROUPS[0].key, children=fields),
        Node(
            LITIGATION_LABEL,
            children=(
                Node(direct.labels[-1], direct.key, children=fields),
                Node(after.labels[-1], after.key, children=fields),
            ),
        ),
    )
    return CrossTable(
        key="review_litigation",
        name=TABLE_NAMES["review_litigation"],
        caption=SECTION_BY_KEY["review_litigation"].heading,
        columns=columns,
        sums=(ColumnTotal("table4.group_total", total=REVIEW_KEYS[-1], parts=REVIEW_PARTS),),
    )


#: Heading bodies seen in real reports, by section key (normalised when matched).
HEADING_VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("概述", "基本情况")),
    ("active_disclosure", ("主动公开政府信息",)),
    ("applications", ("收到和处理政府信息公开申请",)),
    ("review_litigation", ("政府信息公开行政复议和行政诉讼情况",)),
    (
        "problems",
        (
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题及整改措施",
            "存在的主要问题及改进措施",
            "存在问题及改进情况",
            "存在的问题及改进情况",
            "主要问题及改进情况",
            "存在的主要问题和改进情况",
            "政府信息公开工作存在的主要问题及改进措施",
        ),
    ),
    ("other_matters", ("其他需要报告事项", "其他事项")),
)

FORMAT_2021 = Format(
    id=FORMAT_ID,
    name=FORMAT_NAME,
    title_template=TITLE_TEMPLATE,
    sections=SECTIONS,
    tables=(_active_disclosure(), _applications(), _review_litigation()),
    heading_variants=HEADING_VARIANTS,
    report_labels=REPORT_LABELS,
    years=(2021, None),
    short_name="〔2021〕30号格式",
)

# --- the pieces of the value that code and tests name ------------------------------------------


@attrs.frozen
class AppRow:
    """One of the 25 data rows of 表三.

    ``keys`` is the row's address under ``applications`` (``("withheld", "state_secret")``),
    ``labels`` the official label path printed for it.
    """

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    kind: str

    @property
    def path(self) -> str:
        """The dotted path of the row: ``applications.withheld.state_secret``."""
        return "applications." + ".".join(self.keys)


def _application_rows() -> tuple[AppRow, ...]:
    table = FORMAT_2021.table("applications")
    out = []
    for row in table.data_rows():
        keys = tuple(row.path.split(".")[1:])
        if row.name in (NEW.key, CARRIED_OVER.key):
            kind = "intake"
        elif row.name == OUTCOME_TOTAL.key:
            kind = "total"
        elif row.name == CARRIED_FORWARD.key:
            kind = "carried_forward"
        else:
            kind = "outcome"
        out.append(AppRow(keys, row.labels, kind))
    return tuple(out)


#: The 25 data rows of 表三 in printed order.
APPLICATION_ROWS: tuple[AppRow, ...] = _application_rows()
#: The 21 outcome rows that add up to （七）总计.
OUTCOME_ROWS: tuple[AppRow, ...] = tuple(r for r in APPLICATION_ROWS if r.kind == "outcome")


@functools.cache
def active_disclosure_table(*, with_regulations: bool = True) -> Table:
    """表二: the 4-column grid of 二、主动公开政府信息情况 (规章 row optional)."""
    omitted = frozenset() if with_regulations else frozenset({"active_disclosure.regulations"})
    return FORMAT_2021.table("active_disclosure").grid(Shape(omitted=omitted))


def applications_table() -> Table:
    """表三: 3 heading rows + 25 data rows × 10 columns, with the official merges."""
    return FORMAT_2021.table("applications").grid()


def review_litigation_table() -> Table:
    """表四: 3 heading rows + 1 data row × 15 columns."""
    return FORMAT_2021.table("review_litigation").grid()
