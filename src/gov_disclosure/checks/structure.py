"""The structure of the official format: rows a report leaves out of a table, sections left
without any text (warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, format_of, shape_of

__all__ = ["empty_sections", "missing_rows"]


def missing_rows(report: Report) -> Iterator[Finding]:
    """An optional row the report leaves out (表二's 规章, rule ``format.regulations_row``; in
    another format its row's rule, ``format.missing_row`` by default): the official table has
    it, and an agency with nothing to report there prints zeros."""
    fmt = format_of(report)
    for table in fmt.tables:
        omitted = shape_of(report, table).omitted
        for path, rule in table.optional_rules():
            if path not in omitted:
                continue
            label = fmt.label_path(path)[-1]
            advice = f"无{label}制定权的机关应填 0" if rule == "format.regulations_row" else "没有的应填 0"
            yield finding(rule, path, f"{table.name}缺少“{label}”行：官方格式有此行，{advice}")


def empty_sections(report: Report) -> Iterator[Finding]:
    """A section the format asks text for (一、总体情况, 五、存在的主要问题及改进情况,
    六、其他需要报告的事项: the sections without a table) that has none (``format.empty_section``);
    the text of 二、三、四 is optional, their tables are the content."""
    fmt = format_of(report)
    for key in fmt.narrative_keys():
        if getattr(report, key).is_empty():
            heading = fmt.section(key).heading
            yield finding(
                "format.empty_section",
                key,
                f"“{heading}”没有任何文字：官方格式要求写明这一部分，审核时视为缺项",
            )
