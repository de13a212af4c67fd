"""The trial format of 2019 (国办公开办函〔2019〕60号, 试行) as a value: :data:`FORMAT_2019`.

Used for the 2019 and 2020 reports, and still printed by some agencies later
(``spec/format-2019.md``). It differs from the 2021 format only in its tables: 表二 has five
blocks with other columns (本年新制作数量 / 本年新公开数量 / 对外公开总数量; 上一年项目数量 /
本年增/减 / 处理决定数量; 政府集中采购), and 表三's （六）其他处理 is one row. The six sections,
表三's columns and its other rows, and 表四 are those of 2021 and are taken from there.
"""

from __future__ import annotations

import attrs

from gov_disclosure.spec import format2021 as f21
from gov_disclosure.spec._vocabulary import Block, BlockTable, CrossTable, Format, Label, Node

__all__ = ["FORMAT_2019", "FORMAT_ID", "FORMAT_NAME"]

FORMAT_ID = "2019"
FORMAT_NAME = "国办公开办函〔2019〕60号"

# --- 表二 -----------------------------------------------------------------------------------

DOCUMENT_COLUMNS: tuple[Label, ...] = (
    Label("made", "本年新制作数量"),
    Label("published", "本年新公开数量"),
    Label("cumulative", "对外公开总数量"),
)
ITEM_COLUMNS: tuple[Label, ...] = (
    Label("previous_items", "上一年项目数量"),
    Label("change", "本年增/减"),
    Label("decisions", "处理决定数量"),
)
PROCUREMENT_COLUMNS: tuple[Label, ...] = (
    Label("items", "采购项目数量"),
    Label("amount", "采购总金额"),
)
NORMATIVE_DOCUMENTS = Label("normative_documents", "规范性文件")
OTHER_SERVICES = Label("other_services", "其他对外管理服务事项")
PROCUREMENT = Label("procurement", "政府集中采购")
ITEM_9 = "第二十条第（九）项"


def _leaf(label: Label, **kw: object) -> Node:
    return Node(label.label, label.key, **kw)  # type: ignore[arg-type]


def _columns(labels: tuple[Label, ...]) -> tuple[Node, ...]:
    kinds = {"change": "signed", "amount": "amount"}
    return tuple(Node(c.label, c.key, kind=kinds.get(c.key, "count")) for c in labels)  # type: ignore[arg-type]


def _active_disclosure() -> BlockTable:
    items = _columns(ITEM_COLUMNS)
    return BlockTable(
        key="active_disclosure",
        name=f21.TABLE_NAMES["active_disclosure"],
        caption=f21.SECTION_BY_KEY["active_disclosure"].heading,
        blocks=(
            Block(
                f21.ITEM_1,
                f21.INFO_CONTENT,
                _columns(DOCUMENT_COLUMNS),
                (
                    _leaf(f21.REGULATIONS, optional=True, absent_rule="format.regulations_row"),
                    _leaf(NORMATIVE_DOCUMENTS),
                ),
            ),
            Block(f21.ITEM_5, f21.INFO_CONTENT, items, (_leaf(f21.LICENSING), _leaf(OTHER_SERVICES))),
            Block(f21.ITEM_6, f21.INFO_CONTENT, items, (_leaf(f21.PUNISHMENT), _leaf(f21.ENFORCEMENT))),
            Block(f21.ITEM_8, f21.INFO_CONTENT, items[:2], (_leaf(f21.FEES),)),
            Block(ITEM_9, f21.INFO_CONTENT, _columns(PROCUREMENT_COLUMNS), (_leaf(PROCUREMENT),)),
        ),
    )


# --- 表三: （六）其他处理 is one row ------------------------------------------------------------


def _applications() -> CrossTable:
    table = f21.FORMAT_2021.table("applications")
    assert isinstance(table, CrossTable)  # noqa: S101 - the 2021 description
    results = next(n for n in table.rows if n.name == f21.RESULTS)
    children = tuple(Node(n.label, n.key) if n.key == "other_handling" else n for n in results.children)
    rows = tuple(attrs.evolve(n, children=children) if n is results else n for n in table.rows)
    return attrs.evolve(table, rows=rows)


FORMAT_2019 = Format(
    id=FORMAT_ID,
    name=FORMAT_NAME,
    title_template=f21.TITLE_TEMPLATE,
    sections=f21.SECTIONS,
    tables=(_active_disclosure(), _applications(), f21.FORMAT_2021.table("review_litigation")),
    heading_variants=f21.HEADING_VARIANTS,
    report_labels=f21.REPORT_LABELS,
    years=(2019, 2020),
    short_name="〔2019〕60号（试行）格式",
)
