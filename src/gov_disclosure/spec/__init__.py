"""Report formats as data: the one place where official headings, labels and table layouts are
written.

A *format* (:class:`Format`) is a value: its sections, its tables described as trees of rows and
columns or as stacked blocks, the sums that hold inside each table and the wordings seen in
real reports. The model, the checks, the JSON Schema, every renderer and the parse engine read
formats; none of them names a table, a row or a label of its own. :data:`FORMAT_2021` is the
national format of 国办公开办函〔2021〕30号, :data:`FORMAT_2019` the trial format of
国办公开办函〔2019〕60号 (2019 and 2020 reports); :func:`get_format` finds a format by id.

Vocabulary:

* a *key* is the English snake_case name used in the dict contract (``commercial``);
* a *path* is the dotted address of a value in the dict form of a report
  (``applications.withheld.state_secret.commercial``);
* a *label path* is the tuple of official labels that names the same place in the printed
  report (``三、本年度办理结果`` / ``（三）不予公开`` / ``1.属于国家秘密`` / ``商业企业``).

The names of the 2021 format's pieces (``NEW``, ``APPLICATION_GROUPS``, ``applications_table()``
…) are re-exported here for code and documentation that name one row of that format.
"""

from __future__ import annotations

from gov_disclosure.spec._vocabulary import (
    Balance,
    Block,
    BlockTable,
    Cell,
    ColumnTotal,
    CrossTable,
    DataRow,
    Equation,
    Format,
    Label,
    Node,
    RowTotal,
    SectionSpec,
    Shape,
    Sum,
    Table,
    TableSpec,
    ValueKind,
    join_labels,
)
from gov_disclosure.spec.format2019 import FORMAT_2019
from gov_disclosure.spec.format2021 import (
    AGENCY,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    APPLICANT_KEYS,
    APPLICATION_GROUPS,
    APPLICATION_ROWS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    DECISIONS_HEADER,
    DOCUMENT_COLUMNS,
    ENFORCEMENT,
    FEES,
    FEES_HEADER,
    FORMAT_2021,
    FORMAT_NAME,
    GRANTED,
    GROUP_BY_KEY,
    INFO_CONTENT,
    ITEM_1,
    ITEM_5,
    ITEM_6,
    ITEM_8,
    LICENSING,
    LITIGATION_LABEL,
    NARRATIVE_KEYS,
    NEW,
    NORMATIVE_DOCUMENTS,
    ORGANISATIONS_HEADER,
    OUTCOME_ROWS,
    OUTCOME_TOTAL,
    PARAGRAPHS,
    PARTIALLY_GRANTED,
    PREAMBLE,
    PUNISHMENT,
    REGULATIONS,
    RESULTS_LABEL,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    REVIEW_KEYS,
    REVIEW_LABEL,
    REVIEW_PARTS,
    ROW_COLUMNS,
    ROW_KEYS,
    SECTION_BY_KEY,
    SECTIONS,
    SUBSECTION_TITLE,
    SUBSECTIONS,
    TABLE3_NOTE,
    TABLE_NAMES,
    TITLE,
    TITLE_TEMPLATE,
    TOTAL_COLUMN,
    YEAR,
    AppRow,
    Group,
    ReviewGroup,
    active_disclosure_table,
    applications_table,
    review_litigation_table,
)
from gov_disclosure.spec.numbering import (
    CHINESE_NUMERALS,
    SUBSECTION_NUMBER_RE,
    chinese_number,
    subsection_heading,
)
from gov_disclosure.spec.registry import DEFAULT_FORMAT, formats, get_format, register_format

__all__ = [
    "AGENCY",
    "APPLICANT_COLUMNS",
    "APPLICANT_HEADER",
    "APPLICANT_KEYS",
    "APPLICATION_GROUPS",
    "APPLICATION_ROWS",
    "CARRIED_FORWARD",
    "CARRIED_OVER",
    "CHINESE_NUMERALS",
    "DECISIONS_HEADER",
    "DEFAULT_FORMAT",
    "DOCUMENT_COLUMNS",
    "ENFORCEMENT",
    "FEES",
    "FEES_HEADER",
    "FORMAT_2019",
    "FORMAT_2021",
    "FORMAT_NAME",
    "GRANTED",
    "GROUP_BY_KEY",
    "INFO_CONTENT",
    "ITEM_1",
    "ITEM_5",
    "ITEM_6",
    "ITEM_8",
    "LICENSING",
    "LITIGATION_LABEL",
    "NARRATIVE_KEYS",
    "NEW",
    "NORMATIVE_DOCUMENTS",
    "ORGANISATIONS_HEADER",
    "OUTCOME_ROWS",
    "OUTCOME_TOTAL",
    "PARAGRAPHS",
    "PARTIALLY_GRANTED",
    "PREAMBLE",
    "PUNISHMENT",
    "REGULATIONS",
    "RESULTS_LABEL",
    "REVIEW_FIELDS",
    "REVIEW_GROUPS",
    "REVIEW_KEYS",
    "REVIEW_LABEL",
    "REVIEW_PARTS",
    "ROW_COLUMNS",
    "ROW_KEYS",
    "SECTIONS",
    "SECTION_BY_KEY",
    "SUBSECTIONS",
    "SUBSECTION_NUMBER_RE",
    "SUBSECTION_TITLE",
    "TABLE3_NOTE",
    "TABLE_NAMES",
    "TITLE",
    "TITLE_TEMPLATE",
    "TOTAL_COLUMN",
    "YEAR",
    "AppRow",
    "Balance",
    "Block",
    "BlockTable",
    "Cell",
    "ColumnTotal",
    "CrossTable",
    "DataRow",
    "Equation",
    "Format",
    "Group",
    "Label",
    "Node",
    "ReviewGroup",
    "RowTotal",
    "SectionSpec",
    "Shape",
    "Sum",
    "Table",
    "TableSpec",
    "ValueKind",
    "active_disclosure_table",
    "applications_table",
    "chinese_number",
    "describe",
    "formats",
    "get_format",
    "join_labels",
    "label_path",
    "register_format",
    "review_litigation_table",
    "subsection_heading",
]


def label_path(path: str) -> tuple[str, ...]:
    """The official labels of ``path`` in the default format; list indices become ``第N项``.

    >>> join_labels(label_path("applications.withheld.state_secret.commercial"))
    '三、本年度办理结果 /（三）不予公开 / 1.属于国家秘密 / 商业企业'
    """
    return FORMAT_2021.label_path(path)


def describe(path: str) -> str:
    """``path`` followed by its official labels, as error messages print it."""
    return FORMAT_2021.describe(path)
