"""Findings and the one registry of the rules that make them.

A :class:`Finding` is one thing a check or a reader found; a :class:`Rule` is what the finding's
``rule`` id names: its severity, a one-line Chinese summary, where the rule comes from and the
page of the documentation that explains it. Every id that can appear in a finding is in
:data:`RULES`, and :func:`finding` is the one constructor: it takes the severity from the rule,
so that a rule cannot be an error in one place and a warning in another.

Checks, narrative checks, the readers and the command line all depend on this module, never on
each other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs

from gov_disclosure import spec

__all__ = ["RULES", "RULE_BY_ID", "Finding", "Rule", "Severity", "finding", "rule"]

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check found.

    ``path`` is the cell that is wrong (for a rule over a whole column, the column written as
    ``applications.*.commercial``); ``cells`` lists every cell in the equation so a user
    interface can highlight them; ``expected`` and ``actual`` are the two sides.
    """

    rule: str
    severity: Severity
    path: str
    message: str
    cells: tuple[str, ...] = ()
    expected: int | Decimal | str | None = None
    actual: int | Decimal | str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-native dict of the finding (numbers as numbers, fees as strings)."""

        def plain(x: object) -> object:
            return format(x, "f") if isinstance(x, Decimal) else x

        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "cells": list(self.cells),
            "expected": plain(self.expected),
            "actual": plain(self.actual),
        }


@attrs.frozen
class Rule:
    """A named rule: its id, severity, a one-line Chinese summary, its source, and the page of
    ``docs/`` that documents it."""

    id: str
    severity: Severity
    summary: str
    source: str
    doc: str = "checks"


_T2, _T3, _T4 = (spec.TABLE_NAMES[k] for k in ("active_disclosure", "applications", "review_litigation"))
_TOTAL = spec.OUTCOME_TOTAL.label
_CASES = " + ".join(f.label for f in spec.REVIEW_FIELDS[:-1])
_IN_FORCE = spec.DOCUMENT_COLUMNS[2].label

RULES: tuple[Rule, ...] = (
    # hard rules of the tables (generated from each format's sums)
    Rule("table3.balance", "error", f"{_T3}每一列：一 + 二 = 三{_TOTAL} + 四", "invariants H3.1"),
    Rule("table3.outcome_total", "error", f"{_T3}每一列：{_TOTAL} = 各办理结果行之和", "invariants H3.2"),
    Rule(
        "table3.row_total",
        "error",
        f"{_T3}每一行：{spec.TOTAL_COLUMN.label} = 六类申请人之和",
        "invariants H3.3",
    ),
    Rule(
        "table4.group_total",
        "error",
        f"{_T4}每组：{spec.REVIEW_FIELDS[-1].label} = {_CASES}",
        "invariants H4.1",
    ),
    # the official format
    Rule(
        "format.regulations_row",
        "warning",
        f"{_T2}缺少“{spec.REGULATIONS.label}”行（官方格式有此行）",
        "invariants F.4",
    ),
    Rule("format.missing_row", "warning", "表格缺少官方格式中可以不填的一行（应填 0）", "invariants F.4"),
    Rule(
        "format.collapsed_row",
        "warning",
        f"官方格式分为几项的一行印为一行（如{_T3}{spec.GROUP_BY_KEY['other_handling'].label}）：按整行核对，各项未知",
        "format-2019 §3.2",
    ),
    Rule(
        "format.template_year",
        "warning",
        "报告所用的格式不是其年度应使用的格式（2021 年度起为〔2021〕30号，2019、2020 年度为〔2019〕60号）",
        "format-2019 §5",
    ),
    Rule(
        "format.empty_section",
        "warning",
        "一、五、六部分没有任何文字（官方格式要求写明，审核时视为缺项）",
        "invariants F.1, F.8, F.9",
    ),
    # last year's report
    Rule(
        "continuity.year", "warning", "上一年度报告的年度不是本年度的前一年，不做跨年核对", "invariants S.XY1"
    ),
    Rule(
        "continuity.carry_over",
        "warning",
        f"本年“上年结转” = 上年“{spec.CARRIED_FORWARD.label.split('、', 1)[1]}”（每一列）",
        "invariants S.XY1",
    ),
    Rule(
        "continuity.in_force",
        "warning",
        f"本年{_IN_FORCE} = 上年{_IN_FORCE} + 本年制发 − 本年废止",
        "invariants S.XY2",
    ),
    Rule(
        "continuity.format",
        "warning",
        f"上一年度报告的格式没有{_IN_FORCE}（〔2019〕60号格式），未核对{_IN_FORCE}（上年结转仍按列核对）",
        "format-2019 §5",
    ),
    # a report that adds up others
    Rule("aggregate.children", "warning", "上级（汇总）报告每一格 = 各下级报告该格之和", "peers §1.7 H.sum"),
    # numbers in the text
    Rule(
        "narrative.applications",
        "warning",
        f"文中引用的申请件数（新收、上年结转、办结、结转下年度、各办理结果）与{_T3}不符",
        "invariants T.1, T.2",
    ),
    Rule(
        "narrative.review_litigation",
        "warning",
        f"文中引用的{spec.REVIEW_LABEL}、{spec.LITIGATION_LABEL}件数或“均获维持”与{_T4}不符",
        "invariants T.3",
    ),
    Rule(
        "narrative.breakdown", "warning", "文中“X件，其中a件，…，其他c件”各项之和不等于总数", "invariants T.5"
    ),
    # what a reviewer checks by eye (gov-disclosure review)
    Rule("review.year", "warning", "标题、统计时限或正文所说的年度与报告年度不一致", "reviewers"),
    Rule("review.agency", "warning", "标题、前言、落款、联系方式中的机关名称不一致", "reviewers"),
    Rule(
        "review.structure",
        "warning",
        "六个部分的一级标题缺少、次序不对、编号重复或另起编号",
        "invariants F.1",
    ),
    Rule(
        "review.overview_topics",
        "warning",
        f"{spec.SECTIONS[0].heading}没有写到主动公开、依申请公开、政府信息管理、平台建设、监督保障中的某一方面",
        "invariants F.7",
    ),
    Rule("review.problems", "warning", "五只有一句套话，或没有写明存在的问题或改进措施", "invariants F.8"),
    Rule(
        "review.problems_last_year",
        "warning",
        "五没有说明上一年度报告所列问题的整改情况（需要上一年度报告）",
        "invariants F.8",
    ),
    Rule("review.fee_statement", "warning", "六没有说明信息处理费的收取情况", "invariants F.9"),
    Rule(
        "review.fee_contradiction",
        "warning",
        f"六称未收费，而{_T3}有申请人逾期未按收费通知缴费、不再处理的申请",
        "invariants S3.2",
    ),
    Rule(
        "review.copied",
        "warning",
        "某一部分与上一年度报告的同一部分相似度达 90% 以上（年份和数字不计）",
        "invariants S.XY7",
    ),
    Rule(
        "review.published_late",
        "warning",
        "发布日期晚于条例第四十九条的期限（部门 1月31日，县级以上人民政府 3月31日）",
        "invariants F.6",
    ),
    Rule("review.count_jump", "warning", "某一数字与上一年度相比变化超过 10 倍", "reviewers"),
    Rule(
        "review.regulations_power",
        "warning",
        f"无规章制定权的机关（乡镇街道、县级政府及其部门）在{_T2}“{spec.REGULATIONS.label}”行填有数字",
        "invariants S2.1",
    ),
    # what reading a published document found
    Rule("parse.row_missing", "warning", "表格缺少官方格式的一行或数字不全，按 0 读入", "parse", "parse"),
    Rule(
        "parse.label_variant", "warning", "行标签或表头与官方格式的写法不同，按官方标签读入", "parse", "parse"
    ),
    Rule("parse.blank_cell", "warning", "数字格为空或印作“-”“/”等，按 0 读入", "parse", "parse"),
    Rule(
        "parse.extra_number",
        "warning",
        "一格中有多个数、数字不是整数，或多出不属于任何一格的数字",
        "parse",
        "parse",
    ),
    Rule("parse.heading_variant", "warning", "部分标题与官方格式的写法不同，或找不到标题", "parse", "parse"),
    Rule(
        "parse.number_format",
        "warning",
        "数字印有单位或千位分隔符（如“12.50万元”“1,234.5”），读出数字，换算单位时说明",
        "parse",
        "parse",
    ),
    Rule(
        "parse.sums_chosen",
        "warning",
        "字面读法使表格的各项之和不成立，另一种读法使之全部成立：按后者读入，并说明",
        "parse",
        "parse",
    ),
    Rule(
        "parse.uncertain_table",
        "warning",
        "表格的读取不确定，各项之和不成立可能是读取的问题：不作为报告的错误，列出不成立的各项和候选读法",
        "parse",
        "parse",
    ),
    Rule(
        "parse.encoding",
        "warning",
        "文档不是 UTF-8 编码，或声明的编码与内容不符：说明所用的编码",
        "parse",
        "parse",
    ),
    Rule(
        "parse.damaged_text",
        "warning",
        "读取时不得不改动的文字（无效字节、控制字符、无法解析的实体），说明改了什么、在哪里",
        "parse",
        "parse",
    ),
    # what reading a workbook found
    Rule(
        "parse.formula",
        "warning",
        "工作簿中的公式不是本程序写的（数字格里的公式、被改动的总计公式）：按其保存的计算结果读入，公式不计算",
        "parse",
        "parse",
    ),
    Rule(
        "parse.total_replaced",
        "warning",
        "工作簿中总计格的公式被数字替换（按所填读入并核对）或被删除（按各项之和计算）",
        "parse",
        "parse",
    ),
    Rule(
        "parse.stale_total",
        "warning",
        "工作簿中总计公式保存的计算结果与各项之和不符（保存时未重新计算）：按各项之和读入",
        "parse",
        "parse",
    ),
    Rule(
        "parse.workbook_layout",
        "warning",
        "工作簿的版式被改动而不影响读取（合并单元格被拆开），或含有未跟随的外部链接",
        "parse",
        "parse",
    ),
)
RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; ``KeyError`` for an id no rule has."""
    return RULE_BY_ID[rule_id]


def finding(
    rule_id: str,
    path: str,
    message: str,
    *,
    cells: tuple[str, ...] = (),
    expected: int | Decimal | str | None = None,
    actual: int | Decimal | str | None = None,
) -> Finding:
    """A finding of the rule ``rule_id``, with the rule's severity."""
    return Finding(
        rule=rule_id,
        severity=RULE_BY_ID[rule_id].severity,
        path=path,
        message=message,
        cells=cells,
        expected=expected,
        actual=actual,
    )
