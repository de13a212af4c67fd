"""The structure of the official format: rows a report leaves out of a table, groups printed
as one row, sections left without any text, a report in the format of other years (warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure import spec
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, format_of, shape_of

__all__ = ["collapsed_rows", "empty_sections", "missing_rows", "template_year"]


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


def collapsed_rows(report: Report) -> Iterator[Finding]:
    """A group the format divides into sub-rows, printed as one row (表三's （六）其他处理 as the
    2019 format prints it, rule ``format.collapsed_row``): the row is checked as printed, its
    sub-rows are unknown."""
    fmt = format_of(report)
    for table in fmt.tables:
        collapsed = shape_of(report, table).collapsed
        for path in table.collapsible_paths():
            if path not in collapsed:
                continue
            labels = fmt.label_path(path)
            subs = [r.labels[-1] for r in table.data_rows() if r.path.startswith(path + ".")]
            cells = tuple(p for p in table.value_paths(shape_of(report, table)) if p.startswith(path + "."))
            yield finding(
                "format.collapsed_row",
                path,
                f"{table.name}“{labels[-1]}”印为一行：官方格式（{fmt.name}）将其分为 {len(subs)} 项"
                f"（{'；'.join(subs)}），各项的数字未知，按整行核对",
                cells=cells,
            )


def template_year(report: Report) -> Iterator[Finding]:
    """A report in a format prescribed for other years than its own, when another known format
    is the one for its year (rule ``format.template_year``)."""
    fmt = format_of(report)
    if fmt.years is None or fmt.prescribed_for(report.year):
        return
    due = next((f for f in spec.formats() if f.prescribed_for(report.year)), None)
    if due is None:
        return
    yield finding(
        "format.template_year",
        "format",
        f"{report.year} 年度报告按{fmt.short_name}（{fmt.name}）编制；{report.year} 年度报告应使用"
        f"{due.short_name}（{due.name}），本报告按其所用格式读入和核对",
        expected=due.id,
        actual=fmt.id,
    )
