"""A new report: the YAML template (every key, every row, zeros in every cell, the official
label of each as a comment, the totals left out to be computed) and the blank report the
workbook of ``new`` is written from; both with last year's 上年结转 and 现行有效件数 carried
forward (:func:`carried`, the one statement of what is carried)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from gov_disclosure import spec
from gov_disclosure.model import find, format_of, shape_of

if TYPE_CHECKING:
    from gov_disclosure.model import Report

__all__ = ["CARRIED_COLUMNS", "CARRIED_ROWS", "Carried", "blank_report", "carried", "template"]

#: What a new report takes from last year's: each row named like the first of a pair takes
#: the values of last year's row named like the second (上年结转 ← 结转下年度继续办理), and each
#: column keyed like these takes last year's value in the same place (现行有效件数).
CARRIED_ROWS: tuple[tuple[str, str], ...] = ((spec.CARRIED_OVER.key, spec.CARRIED_FORWARD.key),)
CARRIED_COLUMNS: tuple[str, ...] = (spec.DOCUMENT_COLUMNS[2].key,)


class Carried(NamedTuple):
    """A value carried from last year's report, and where it came from (a Chinese note)."""

    value: Any
    note: str


def _totals(table: spec.TableSpec) -> frozenset[str]:
    return frozenset(e.right[0] for e in table.equations() if e.style == "total" and len(e.right) == 1)


def carried(previous: Report, fmt: spec.Format = spec.FORMAT_2021) -> dict[str, Carried]:
    """The values a new report of ``fmt`` takes from ``previous`` (last year's), by path: the
    leaves of each row of :data:`CARRIED_ROWS` and each column of :data:`CARRIED_COLUMNS`,
    in any format both reports' tables share."""
    before = format_of(previous)
    out: dict[str, Carried] = {}
    for table in fmt.tables:
        try:
            old = before.table(table.key)
        except KeyError:
            continue
        totals = _totals(table)
        old_rows = {row.name: row for row in old.data_rows(shape_of(previous, old))}
        sources = dict(CARRIED_ROWS)
        for row in table.data_rows():
            wanted = sources.get(row.name) if row.name is not None else None
            source = old_rows.get(wanted) if wanted is not None else None
            for path in row.paths:
                if path in totals:
                    continue
                if source is not None:
                    old_path = source.path + path[len(row.path) :]
                    value = find(previous, old_path)
                    if value is not None:
                        label = source.labels[-1]
                        out[path] = Carried(value, f"取自 {previous.year} 年度报告的“{label}”")
                        continue
                if path.rsplit(".", 1)[-1] in CARRIED_COLUMNS:
                    value = find(previous, path)
                    if value is not None:
                        label = fmt.label_path(path)[-1]
                        out[path] = Carried(value, f"{label}取自 {previous.year} 年度报告")
    return out


#: The empty value of each kind of cell (a count's is 0).
_ZERO: dict[str, Any] = {"fee": Decimal(0), "amount": "0"}


def blank_report(
    agency: str, year: int, previous: Report | None = None, fmt: spec.Format | None = None
) -> Report:
    """A report of ``fmt`` (the default format) to fill in: every row of every table, every
    leaf 0 (or carried from ``previous``), the totals computed, no text. Not checked: with
    applications carried over and none yet handled, 表三 does not balance until it is filled."""
    from gov_disclosure.io._convert import FORMAT_KEY, from_dict  # noqa: PLC0415 - cattrs with the first report

    fmt = fmt or spec.get_format(spec.DEFAULT_FORMAT)
    values = carried(previous, fmt) if previous is not None else {}
    data: dict[str, Any] = {FORMAT_KEY: fmt.id, "agency": agency, "year": year}
    for table in fmt.tables:
        totals = _totals(table)
        for row in table.data_rows():
            for path, kind in zip(row.paths, row.kinds, strict=True):
                if path in totals:
                    continue
                found = values.get(path)
                value = found.value if found is not None else _ZERO.get(kind, 0)
                node = data
                *heads, last = path.split(".")
                for head in heads:
                    node = node.setdefault(head, {})
                node[last] = value
    return from_dict(data, strict=False)


#: Characters a YAML stream may not contain as they are (PyYAML's reader refuses them even in
#: comments): C0/C1 controls but tab and line breaks, DEL, U+FFFE, U+FFFF.
_YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _printable(text: str) -> str:
    """``text`` with every character YAML cannot hold written as a ``\\uXXXX`` escape."""
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar of ``text`` (a JSON string is one; escapes are shared)."""
    import json  # noqa: PLC0415

    return _printable(json.dumps(text, ensure_ascii=False))


def _counts(keys: Sequence[str], values: Sequence[int]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"


def _key_labels(labels: Sequence[spec.Label]) -> str:
    return "，".join(f"{c.key} {c.label}" for c in labels)


def _row(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def template(agency: str, year: int, previous: Report | None = None, fmt: spec.Format | None = None) -> str:
    """The YAML template of a new report: every key, every row, zeros in every cell, and the
    official label of each as a comment. With ``previous`` (last year's report), 上年结转 and
    现行有效件数 are carried forward from it (:func:`carried`). ``fmt``: the report's format
    (the default format when left out); another format's template is written from its
    description (:func:`described_template`)."""
    if fmt is not None and fmt.id != spec.DEFAULT_FORMAT:
        return described_template(agency, year, previous, fmt)
    values = carried(previous) if previous is not None else {}
    lines: list[str] = []
    add = lines.append
    columns = "，".join(c.label for c in spec.APPLICANT_COLUMNS)
    default_title = _printable(spec.TITLE_TEMPLATE.format(agency=agency, year=year))
    add(f"# {default_title}（{spec.FORMAT_NAME}）")
    t2, t3 = spec.TABLE_NAMES["active_disclosure"], spec.TABLE_NAMES["applications"]
    add(
        f"# {t3}每行 {len(spec.APPLICANT_COLUMNS)} 个数，依次为：{columns}；"
        f"各行和各组的{spec.TOTAL_COLUMN.label}由程序计算，不必填写。"
    )
    add("# 空段落 '' 会被忽略：把 '' 换成文字即可，段落可以增加多条。")
    if previous is not None:
        add(
            f"# 已从 {previous.year} 年度报告带入：“{spec.CARRIED_OVER.label}”（取其"
            f"“{spec.CARRIED_FORWARD.label}”）和{t2}的“{spec.DOCUMENT_COLUMNS[2].label}”。"
        )
    add(f"{spec.AGENCY.key}: {_scalar(agency)}  # {spec.AGENCY.label}")
    add(f"{spec.YEAR.key}: {year}  # {spec.YEAR.label}")
    add(f"{spec.TITLE.key}: null  # {spec.TITLE.label}：留空为“{default_title}”")
    add(f"{spec.PREAMBLE.key}:  # {spec.PREAMBLE.label}")
    add("- ''")
    for section in spec.SECTIONS:
        add(f"{section.key}:  # {section.heading}")
        add(f"  {spec.PARAGRAPHS.key}:  # {spec.PARAGRAPHS.label}")
        add("  - ''")
        if section.key in spec.NARRATIVE_KEYS:
            add(
                f"  {spec.SUBSECTIONS.key}: []  # {spec.SUBSECTIONS.label}，编号（一）（二）…自动加上："
                f"- {{{spec.SUBSECTION_TITLE.key}: …, {spec.PARAGRAPHS.key}: ['…']}}"
            )
        elif section.key == "active_disclosure":
            lines.extend(_active_disclosure_lines(previous, values))
        elif section.key == "applications":
            lines.extend(_applications_lines(values))
        else:
            lines.extend(_review_lines())
    return "\n".join(lines) + "\n"


def _active_disclosure_lines(previous: Report | None, values: dict[str, Carried]) -> list[str]:
    lines: list[str] = []
    doc_keys = [c.key for c in spec.DOCUMENT_COLUMNS]
    for doc in (spec.REGULATIONS, spec.NORMATIVE_DOCUMENTS):
        cells = []
        notes = []
        for key in doc_keys:
            found = values.get(f"active_disclosure.{doc.key}.{key}")
            cells.append(found.value if found is not None else 0)
            if found is not None:
                notes.append(found.note)
        if previous is not None and not notes:
            notes.append(f"{spec.DOCUMENT_COLUMNS[2].label}取自 {previous.year} 年度报告")
        note = "".join(f"；{n}" for n in dict.fromkeys(notes))
        counts = _counts(doc_keys, cells)
        lines.append(f"  {doc.key}: {counts}  # {doc.label}：{_key_labels(spec.DOCUMENT_COLUMNS)}{note}")
    for field in (spec.LICENSING, spec.PUNISHMENT, spec.ENFORCEMENT):
        lines.append(f"  {field.key}: 0  # {field.label} / {spec.DECISIONS_HEADER}")
    lines.append(f"  {spec.FEES.key}: '0'  # {spec.FEES.label} / {spec.FEES_HEADER}")
    return lines


def _applications_lines(carried_values: dict[str, Carried]) -> list[str]:
    lines: list[str] = []
    zeros = [0] * len(spec.APPLICANT_COLUMNS)
    open_group = ""
    for row in spec.APPLICATION_ROWS:
        if row.kind == "total":
            lines.append(f"  # {row.keys[0]}: {_row(zeros)}  # {row.labels[-1]}：由程序计算，不必填写")
            continue
        found = [carried_values.get(f"{row.path}.{key}") for key in spec.APPLICANT_KEYS]
        values = [f.value if f is not None else 0 for f in found]
        notes = dict.fromkeys(f.note for f in found if f is not None)
        note = "".join(f"；{n}" for n in notes)
        if len(row.keys) == 2:
            group = spec.GROUP_BY_KEY[row.keys[0]]
            if open_group != group.key:
                open_group = group.key
                lines.append(f"  {group.key}:  # {group.label}")
            lines.append(f"    {row.keys[1]}: {_row(values)}  # {row.labels[-1]}{note}")
        else:
            lines.append(f"  {row.keys[0]}: {_row(values)}  # {row.labels[-1]}{note}")
    return lines


def _review_lines() -> list[str]:
    parts = [f for f in spec.REVIEW_FIELDS if f.key in spec.REVIEW_PARTS]
    keys = [f.key for f in parts]
    return [
        f"  {group.key}: {_counts(keys, [0] * len(keys))}  # {spec.join_labels(group.labels)}："
        f"{_key_labels(parts)}（{spec.REVIEW_FIELDS[-1].label}由程序计算）"
        for group in spec.REVIEW_GROUPS
    ]


def described_template(agency: str, year: int, previous: Report | None, fmt: spec.Format) -> str:
    """The YAML template of a new report of ``fmt``, from its description alone: the blank
    report's every leaf, a row of a cross table as one list, the values of a block row as one
    mapping, each with its official label; the totals left out, computed."""
    from gov_disclosure.io._convert import FORMAT_KEY  # noqa: PLC0415

    report = blank_report(agency, year, previous, fmt)
    notes = {p: c.note for p, c in carried(previous, fmt).items()} if previous is not None else {}
    title = _printable(fmt.title_template.format(agency=agency, year=year))
    lines = [
        f"# {title}（{fmt.name}）",
        "# 各行和各组的总计由程序计算，不必填写；空段落 '' 会被忽略：把 '' 换成文字即可，段落可以增加多条。",
        f"{FORMAT_KEY}: {_scalar(fmt.id)}  # {fmt.name}",
        f"agency: {_scalar(agency)}  # {fmt.label_path('agency')[0]}",
        f"year: {year}  # {fmt.label_path('year')[0]}",
        f"title: null  # {fmt.label_path('title')[0]}：留空为“{title}”",
        f"preamble:  # {fmt.label_path('preamble')[0]}",
        "- ''",
    ]
    paragraphs = fmt.label_path("overview.paragraphs")[-1]
    for section in fmt.sections:
        lines.append(f"{section.key}:  # {section.heading}")
        lines.extend((f"  paragraphs:  # {paragraphs}", "  - ''"))
        if not section.has_table:
            lines.append(f"  subsections: []  # {fmt.label_path(section.key + '.subsections')[-1]}")
            continue
        lines.extend(_described_lines(fmt, getattr(report, section.key), section.key, 1, notes))
    return "\n".join(lines) + "\n"


def _yaml_value(value: object) -> str:
    if isinstance(value, Decimal):
        return _scalar(format(value, "f"))
    return _scalar(value) if isinstance(value, str) else str(value)


def _described_lines(fmt: spec.Format, value: Any, path: str, depth: int, notes: dict[str, str]) -> list[str]:
    """The lines of one attrs value of the blank report (its fields below ``path``)."""
    lines: list[str] = []
    indent = "  " * depth
    for field in attrs.fields(type(value)):
        if field.name == "paragraphs":
            continue
        sub = f"{path}.{field.name}"
        item = getattr(value, field.name)
        label = fmt.label_path(sub)[-1]
        is_row = getattr(type(item), "LIST_FORM", False)
        if field.default is not attrs.NOTHING and item is not None and (is_row or not attrs.has(type(item))):
            lines.append(f"{indent}# {field.name}: {label}：由程序计算，不必填写")  # a total
            continue
        if not attrs.has(type(item)):
            lines.append(f"{indent}{field.name}: {_yaml_value(item)}  # {label}{_note(notes, sub)}")
            continue
        leaves = [f for f in attrs.fields(type(item)) if not attrs.has(f.type) and f.default is attrs.NOTHING]
        nested = any(attrs.has(type(getattr(item, f.name))) for f in attrs.fields(type(item)))
        if nested:
            lines.append(f"{indent}{field.name}:  # {label}")
            lines.extend(_described_lines(fmt, item, sub, depth + 1, notes))
            continue
        cells = [getattr(item, f.name) for f in leaves]
        shown = "，".join(f.metadata["label"] for f in leaves)
        carried_notes = "".join(_note(notes, f"{sub}.{f.name}") for f in leaves)
        if is_row:
            body = "[" + ", ".join(_yaml_value(c) for c in cells) + "]"
        else:
            body = (
                "{"
                + ", ".join(f"{f.name}: {_yaml_value(c)}" for f, c in zip(leaves, cells, strict=True))
                + "}"
            )
        lines.append(f"{indent}{field.name}: {body}  # {label}：{shown}{carried_notes}")
    return lines


def _note(notes: dict[str, str], path: str) -> str:
    return f"；{notes[path]}" if path in notes else ""
