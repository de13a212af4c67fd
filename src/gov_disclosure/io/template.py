"""The YAML template of a new report: every key, every row, zeros in every cell, the official
label of each as a comment, the totals left out to be computed; optionally last year's
上年结转 and 现行有效件数 carried forward."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gov_disclosure import spec

if TYPE_CHECKING:
    from gov_disclosure.model import Report

__all__ = ["template"]


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


def template(agency: str, year: int, previous: Report | None = None) -> str:
    """The YAML template of a new report: every key, every row, zeros in every cell, and the
    official label of each as a comment. With ``previous`` (last year's report), 上年结转 and
    现行有效件数 are carried forward from it."""
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
            lines.extend(_active_disclosure_lines(previous))
        elif section.key == "applications":
            lines.extend(_applications_lines(previous))
        else:
            lines.extend(_review_lines())
    return "\n".join(lines) + "\n"


def _active_disclosure_lines(previous: Report | None) -> list[str]:
    lines: list[str] = []
    doc_keys = [c.key for c in spec.DOCUMENT_COLUMNS]
    for doc in (spec.REGULATIONS, spec.NORMATIVE_DOCUMENTS):
        in_force = 0
        carried = ""
        if previous is not None:
            old = getattr(previous.active_disclosure, doc.key)
            in_force = old.in_force if old is not None else 0
            carried = f"；{spec.DOCUMENT_COLUMNS[2].label}取自 {previous.year} 年度报告"
        values = _counts(doc_keys, [0, 0, in_force])
        lines.append(f"  {doc.key}: {values}  # {doc.label}：{_key_labels(spec.DOCUMENT_COLUMNS)}{carried}")
    for field in (spec.LICENSING, spec.PUNISHMENT, spec.ENFORCEMENT):
        lines.append(f"  {field.key}: 0  # {field.label} / {spec.DECISIONS_HEADER}")
    lines.append(f"  {spec.FEES.key}: '0'  # {spec.FEES.label} / {spec.FEES_HEADER}")
    return lines


def _applications_lines(previous: Report | None) -> list[str]:
    lines: list[str] = []
    zeros = [0] * len(spec.APPLICANT_COLUMNS)
    open_group = ""
    for row in spec.APPLICATION_ROWS:
        if row.kind == "total":
            lines.append(f"  # {row.keys[0]}: {_row(zeros)}  # {row.labels[-1]}：由程序计算，不必填写")
            continue
        values = zeros
        note = ""
        if row.keys == (spec.CARRIED_OVER.key,) and previous is not None:
            values = list(previous.applications.carried_forward.cells()[: len(zeros)])
            note = f"；取自 {previous.year} 年度报告的“{spec.CARRIED_FORWARD.label}”"
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
