"""Findings as a reviewer reads them: each in a state (error, warning, reading uncertainty),
the table cells each names, and grouped — one line for 125 blank cells, not 125 lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import RULE_BY_ID, Finding
from gov_disclosure.model import Report, format_of, shape_of

__all__ = [
    "STATES",
    "FindingGroup",
    "State",
    "group_findings",
    "named_cells",
    "printed_cells",
    "quoted",
    "state_of",
]

State = Literal["error", "warning", "uncertain"]
#: The states, strongest first.
STATES: tuple[State, ...] = ("error", "warning", "uncertain")
STATE_WORDS = {"error": "错误", "warning": "警告", "uncertain": "读取存疑"}

#: Findings of one rule shown one line each up to this many; more make one line.
SHOWN_ONE_BY_ONE = 3
_BLANK_RULE = "parse.blank_cell"


def state_of(finding: Finding) -> State:
    """``error`` for a hard rule, ``uncertain`` for what reading had to interpret (``parse.*``),
    ``warning`` for the rest."""
    if finding.severity == "error":
        return "error"
    return "uncertain" if finding.rule.startswith("parse.") else "warning"


@attrs.frozen
class FindingGroup:
    """Findings of one rule shown as one line: its rule, state, the line, and the indexes of
    its findings in the report's list."""

    rule: str
    state: State
    line: str
    members: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def phrase(self) -> str:
        """The group in a phrase, for the index: the rule's summary (and the count)."""
        rule = RULE_BY_ID.get(self.rule)
        if self.count == 1 or rule is None:
            return self.line if rule is None else rule.summary
        return f"{rule.summary}（{self.count} 处）"


# --- the cells a finding names -----------------------------------------------------------------


def printed_cells(report: Report) -> dict[str, str]:
    """Every value path the report's tables print → its table's key."""
    fmt = format_of(report)
    return {p: table.key for table in fmt.tables for p in table.value_paths(shape_of(report, table))}


def named_cells(finding: Finding, printed: dict[str, str]) -> tuple[str, ...]:
    """The printed table cells a finding names: its ``cells`` (or, without any, its ``path``),
    each read as a printed value, as every value of the row or group it names, or as the
    values a ``*`` path matches; a whole table, a section, a paragraph or the document names
    no cell."""
    out: dict[str, None] = {}
    for path in finding.cells or (finding.path,):
        if not path:
            continue
        if path in printed:
            out[path] = None
        elif "*" in path:
            pattern = re.compile("^" + r"\.(?:[^.]+\.)*".join(re.escape(p) for p in path.split(".*.")) + "$")
            out.update(dict.fromkeys(p for p in printed if pattern.match(p)))
        elif "." in path:
            out.update(dict.fromkeys(p for p in printed if p.startswith(path + ".")))
    return tuple(out)


_QUOTE = re.compile(r"^“(.+?)”：")


def quoted(finding: Finding) -> str | None:
    """The words of the document a finding quotes (its message begins ``“…”：``), without a
    leading ``…``."""
    m = _QUOTE.match(finding.message)
    if m is None:
        return None
    return m.group(1).lstrip("…") or None


# --- groups ---------------------------------------------------------------------------------


def _by_rule(findings: Sequence[Finding]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        out.setdefault(f.rule, []).append(i)
    return out


def group_findings(report: Report | None, findings: Sequence[Finding]) -> tuple[FindingGroup, ...]:
    """The findings as lines: blank cells of a table in one line per block of columns blank in
    the same rows (``表三“法人或其他组织”五列在全部 25 行中为空（125 格），按 0 读入``); any other
    rule with more than :data:`SHOWN_ONE_BY_ONE` findings in one line; the others one line
    each. Errors first, then warnings, then reading uncertainties, each in the order found."""
    groups: list[FindingGroup] = []
    for rule, members in _by_rule(findings).items():
        state = state_of(findings[members[0]])
        if rule == _BLANK_RULE and report is not None and len(members) > 1:
            groups.extend(_blank_groups(report, findings, members))
        elif len(members) > SHOWN_ONE_BY_ONE:
            summary = RULE_BY_ID[rule].summary if rule in RULE_BY_ID else rule
            groups.append(FindingGroup(rule, state, f"{summary}：共 {len(members)} 处", tuple(members)))
        else:
            groups.extend(FindingGroup(rule, state, findings[i].message, (i,)) for i in members)
    order = {s: n for n, s in enumerate(STATES)}
    return tuple(sorted(groups, key=lambda g: (order[g.state], g.members[0])))


def _blank_groups(report: Report, findings: Sequence[Finding], members: list[int]) -> Iterable[FindingGroup]:
    """Blank cells, table by table: the columns blank in the same rows make one line."""
    fmt = format_of(report)
    where: dict[str, tuple[spec.TableSpec, spec.DataRow, int]] = {}
    for table in fmt.tables:
        for row in table.data_rows(shape_of(report, table)):
            for c, path in enumerate(row.paths):
                where[path] = (table, row, c)
    by_table: dict[str, list[int]] = {}
    loose: list[int] = []
    for i in members:
        hit = where.get(findings[i].path)
        if hit is None:
            loose.append(i)
        else:
            by_table.setdefault(hit[0].key, []).append(i)
    for key, items in by_table.items():
        table = fmt.table(key)
        if len(items) == 1:
            yield FindingGroup(_BLANK_RULE, "uncertain", findings[items[0]].message, (items[0],))
            continue
        yield from _blank_blocks(report, table, findings, items, where)
    for i in loose:
        yield FindingGroup(_BLANK_RULE, "uncertain", findings[i].message, (i,))


def _blank_blocks(
    report: Report,
    table: spec.TableSpec,
    findings: Sequence[Finding],
    items: list[int],
    where: dict[str, tuple[spec.TableSpec, spec.DataRow, int]],
) -> Iterable[FindingGroup]:
    rows = table.data_rows(shape_of(report, table))
    # column (its labels) → rows blank in it → findings
    columns: dict[tuple[str, ...], dict[str, int]] = {}
    for i in items:
        _, row, c = where[findings[i].path]
        columns.setdefault(row.columns[c], {})[row.path] = i
    blocks: dict[frozenset[str], list[tuple[str, ...]]] = {}
    for column, blank_rows in columns.items():
        blocks.setdefault(frozenset(blank_rows), []).append(column)
    for row_set, cols in blocks.items():
        found = tuple(sorted(columns[col][r] for col in cols for r in row_set))
        place = f"{_columns_words(table, cols)}在{_rows_words(rows, row_set)}中"
        line = f"{table.name}{place}为空（{len(found)} 格），按 0 读入"
        yield FindingGroup(_BLANK_RULE, "uncertain", line, found)


def _columns_words(table: spec.TableSpec, cols: list[tuple[str, ...]]) -> str:
    """``“法人或其他组织”五列`` when the columns are all those under one heading, else their
    labels (``“商业企业”“科研机构”两列``)."""
    if isinstance(table, spec.CrossTable):
        wanted = set(cols)
        for label, leaves in _column_groups(table.columns, ()):
            if len(leaves) > 1 and leaves == wanted:
                return f"“{label}”{_count_words(len(cols))}列"
    if len(cols) == 1:
        return f"“{spec.join_labels(cols[0])}”列"
    if len(cols) <= 4:
        return "".join(f"“{c[-1]}”" for c in cols) + f"{_count_words(len(cols))}列"
    return f"{len(cols)} 列"


def _rows_words(rows: Sequence[spec.DataRow], row_set: frozenset[str]) -> str:
    if len(row_set) == len(rows) and len(rows) > 1:
        return f"全部 {len(rows)} 行"
    named = [r for r in rows if r.path in row_set]
    if len(named) == 1 and not named[0].labels:
        return "该表"
    if len(named) <= 3:
        return "".join(f"“{r.labels[-1]}”" for r in named) + "行"
    return f"{len(named)} 行"


def _count_words(n: int) -> str:
    return "两" if n == 2 else spec.chinese_number(n) if n < 100 else str(n)


def _column_groups(
    nodes: tuple[spec.Node, ...], above: tuple[str, ...]
) -> Iterable[tuple[str, frozenset[tuple[str, ...]]]]:
    """Each column heading with columns under it, and the label chains of those columns."""
    for node in nodes:
        if node.children:
            chain = (*above, node.label)
            yield node.label, frozenset(_chains(node.children, chain))
            yield from _column_groups(node.children, chain)


def _chains(nodes: tuple[spec.Node, ...], above: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    for node in nodes:
        chain = (*above, node.label)
        if node.children:
            yield from _chains(node.children, chain)
        else:
            yield chain
