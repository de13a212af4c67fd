"""The batch's files: ``index.html`` (one sortable, filterable table, a row per report),
``findings.csv`` and ``findings.jsonl`` (a row per finding); ``summary.xlsx`` is written by
:mod:`gov_disclosure.review._xlsx` from the same rows."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from gov_disclosure.findings import RULE_BY_ID
from gov_disclosure.render import _view
from gov_disclosure.review._groups import STATE_WORDS, STATES
from gov_disclosure.review._result import Review, ReviewedReport

__all__ = [
    "FINDING_COLUMNS",
    "FINDING_HEADINGS",
    "SUMMARY_HEADINGS",
    "finding_rows",
    "findings_csv",
    "findings_jsonl",
    "index_html",
    "safe_cell",
    "summary_rows",
]

#: The columns of findings.csv and findings.jsonl (and, in this order, of the sheet 问题).
FINDING_COLUMNS = ("file", "agency", "rule", "severity", "path", "labels", "message", "expected", "actual")
#: The headings of the sheet 问题 (the same columns).
FINDING_HEADINGS = ("文件", "机关", "规则", "严重程度", "路径", "官方名称", "说明", "应为", "实际")
#: The headings of the sheet 汇总 (the index's rows).
SUMMARY_HEADINGS = (
    "文件", "机关", "年度", "格式", "错误", "警告", "读取存疑", "得分", "主要问题", "页面", "网址",
    "发布日期", "无法读取的原因",
)  # fmt: skip
#: Problems named in the index's row, at most.
TOP_PROBLEMS = 3
INDEX_TEMPLATE = "review_index.html"
#: Text a spreadsheet would run as a formula: written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet cell: a text that a spreadsheet would read as a formula
    (``=…``, ``+…``, ``-…``, ``@…``) gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value: int | Decimal | str | None) -> int | str | None:
    return format(value, "f") if isinstance(value, Decimal) else value


def finding_rows(review: Review) -> Iterator[tuple[Any, ...]]:
    """One row per finding of every report, in :data:`FINDING_COLUMNS` order."""
    for r in review.reports:
        for f, labels in zip(r.findings, r.labels, strict=True):
            yield (
                r.source,
                r.agency,
                f.rule,
                f.severity,
                f.path,
                labels,
                f.message,
                _plain(f.expected),
                _plain(f.actual),
            )


def top_problems(r: ReviewedReport) -> list[str]:
    return [g.phrase for g in r.groups[:TOP_PROBLEMS]]


def _score(r: ReviewedReport) -> str | None:
    return None if r.score is None else format(r.score.points.normalize(), "f")


def summary_rows(review: Review) -> Iterator[tuple[Any, ...]]:
    """One row per report, in :data:`SUMMARY_HEADINGS` order."""
    for r in review.reports:
        yield (
            r.source,
            r.agency,
            r.year,
            r.template,
            r.errors,
            r.warnings,
            r.uncertain,
            _score(r),
            "；".join(top_problems(r)),
            r.page,
            r.url,
            r.published_on,
            r.error,
        )


def findings_csv(review: Review) -> str:
    """findings.csv: a heading row (:data:`FINDING_COLUMNS`), then a row per finding; UTF-8
    with a byte order mark, so that Excel reads its Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FINDING_COLUMNS)
    for row in finding_rows(review):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


def findings_jsonl(review: Review) -> str:
    """findings.jsonl: one JSON object per finding (:data:`FINDING_COLUMNS` as keys, and the
    finding's ``cells``)."""
    lines = []
    for r in review.reports:
        for f, labels in zip(r.findings, r.labels, strict=True):
            item: dict[str, Any] = dict(
                zip(
                    FINDING_COLUMNS,
                    (
                        r.source,
                        r.agency,
                        f.rule,
                        f.severity,
                        f.path,
                        labels,
                        f.message,
                        _plain(f.expected),
                        _plain(f.actual),
                    ),
                    strict=True,
                )
            )
            item["cells"] = list(f.cells)
            lines.append(json.dumps(item, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _link(url: str | None) -> str:
    """A manifest's URL as a link: only an http(s) address (never ``javascript:``)."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def _script_json(data: object) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def index_html(review: Review, *, title: str = "政府信息公开工作年度报告审核总表") -> str:
    """The index: one table, a row per report, sorted and filtered in the page (by state, by
    rule, by words), paged for large batches; no network, A4 when printed."""
    rules: dict[str, int] = {}
    rows: list[list[Any]] = []
    for r in review.reports:
        present = []
        for f in r.findings:
            if f.rule not in rules:
                rules[f.rule] = len(rules)
            present.append(rules[f.rule])
        rows.append(
            [
                urllib.parse.quote(r.page) if r.page else "",
                r.agency or "",
                r.year,
                r.template,
                r.source,
                _link(r.url),
                r.errors,
                r.warnings,
                r.uncertain,
                _score(r),
                top_problems(r),
                sorted(set(present)),
                r.error or "",
            ]
        )
    rule_list = [[rule, RULE_BY_ID[rule].summary if rule in RULE_BY_ID else ""] for rule in rules]
    counts = {s: review.count(s) for s in STATES}
    reports_with = {s: sum(1 for r in review.reports if r.count(s)) for s in STATES}
    data = {"rows": rows, "rules": rule_list, "scored": review.profile is not None}
    return _view.template(INDEX_TEMPLATE).render(
        title=title,
        total=len(review.reports),
        counts=counts,
        reports_with=reports_with,
        unreadable=review.unreadable,
        words=STATE_WORDS,
        profile=review.profile,
        data=_script_json(data),
        first=_first_rows(review, 100),
    )


def _first_rows(review: Review, n: int) -> Sequence[ReviewedReport]:
    return review.reports[:n]
