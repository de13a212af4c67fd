"""The report as frozen attrs classes, in the shape of the dict contract.

Totals left out at construction are derived from the leaves; totals that are given are kept as
given (a published report with a wrong total keeps it, so that :func:`gov_disclosure.check`
can name it). Local facts (types, ranges, text) are checked on construction; cross-field rules
live in :mod:`gov_disclosure.checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from gov_disclosure import spec
from gov_disclosure.model import validators as v

__all__ = [
    "ActiveDisclosure",
    "Applications",
    "CaseCounts",
    "DocumentCounts",
    "NotProcessed",
    "OtherHandling",
    "Report",
    "ReviewLitigation",
    "Row",
    "Section",
    "Subsection",
    "Unavailable",
    "Withheld",
    "value_at",
]


_COLUMN = {c.key: c.label for c in spec.ROW_COLUMNS}
_DOCUMENT = {c.key: c.label for c in spec.DOCUMENT_COLUMNS}
_CASE = {f.key: f.label for f in spec.REVIEW_FIELDS}


def _label(label: str) -> dict[str, str]:
    return {"label": label}


def _count(label: str) -> Any:
    return attrs.field(validator=v.count(), metadata=_label(label))


def _paragraphs(label: str = spec.PARAGRAPHS.label) -> Any:
    return attrs.field(
        factory=tuple, converter=v.clean_paragraphs, validator=v.paragraphs(), metadata=_label(label)
    )


def _fee(value: Any) -> Any:
    """A fee as ``Decimal``, its digits as given (``"12.50"`` keeps both places); a value that
    is not one is left for the validator to name."""
    converted = v.to_fee(value)
    return value if isinstance(converted, str) else converted


def _sum(values: Iterable[object]) -> int:
    """Sum of counts; 0 when any is not a count (the field validators then name it)."""
    total = 0
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            return 0
        total += value
    return total


def _row_total(self: Row) -> int:
    return _sum(
        (
            self.natural_person,
            self.commercial,
            self.research,
            self.social_welfare,
            self.legal_services,
            self.other,
        )
    )


@attrs.frozen(kw_only=True)
class Row:
    """A row of 表三: six applicant columns and their 总计."""

    #: The dict contract also takes the row as a list of its cells, in printed order.
    LIST_FORM: ClassVar[bool] = True

    natural_person: int = _count(_COLUMN["natural_person"])
    commercial: int = _count(_COLUMN["commercial"])
    research: int = _count(_COLUMN["research"])
    social_welfare: int = _count(_COLUMN["social_welfare"])
    legal_services: int = _count(_COLUMN["legal_services"])
    other: int = _count(_COLUMN["other"])
    total: int = attrs.field(
        default=attrs.Factory(_row_total, takes_self=True),
        validator=v.count(),
        metadata=_label(spec.TOTAL_COLUMN.label),
    )

    @classmethod
    def of(cls, *cells: int) -> Row:
        """A row from 6 applicant cells (总计 derived) or 7 cells (总计 as given)."""
        if len(cells) not in (6, 7):
            msg = f"一行应有 6 或 7 个数，收到 {len(cells)} 个"
            raise ValueError(msg)
        return cls(**dict(zip(spec.ROW_KEYS, cells, strict=False)))

    def cells(self) -> tuple[int, ...]:
        """The seven cells in printed order."""
        return (
            self.natural_person,
            self.commercial,
            self.research,
            self.social_welfare,
            self.legal_services,
            self.other,
            self.total,
        )


ZERO_ROW = Row.of(0, 0, 0, 0, 0, 0)


@attrs.frozen(kw_only=True)
class DocumentCounts:
    """规章 or 行政规范性文件: 本年制发件数, 本年废止件数, 现行有效件数."""

    issued: int = _count(_DOCUMENT["issued"])
    repealed: int = _count(_DOCUMENT["repealed"])
    in_force: int = _count(_DOCUMENT["in_force"])


@attrs.frozen(kw_only=True)
class ActiveDisclosure:
    """二、主动公开政府信息情况 and its table."""

    paragraphs: tuple[str, ...] = _paragraphs()
    regulations: DocumentCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(DocumentCounts)),
        metadata=_label(spec.REGULATIONS.label),
    )
    normative_documents: DocumentCounts = attrs.field(
        validator=attrs.validators.instance_of(DocumentCounts),
        metadata=_label(spec.NORMATIVE_DOCUMENTS.label),
    )
    licensing: int = _count(spec.LICENSING.label)
    punishment: int = _count(spec.PUNISHMENT.label)
    enforcement: int = _count(spec.ENFORCEMENT.label)
    #: 行政事业性收费 in 万元: ``Decimal`` ≥ 0, at most 6 places of value (to the 分), kept as written.
    fees: Decimal = attrs.field(converter=_fee, validator=v.fee(), metadata=_label(spec.FEES.label))


def _row_field(label: str) -> Any:
    return attrs.field(validator=attrs.validators.instance_of(Row), metadata=_label(label))


def _group_labels(key: str) -> dict[str, str]:
    return {row.key: row.label for row in spec.GROUP_BY_KEY[key].rows}


_W = _group_labels("withheld")
_U = _group_labels("unavailable")
_N = _group_labels("not_processed")
_O = _group_labels("other_handling")


@attrs.frozen(kw_only=True)
class Withheld:
    """（三）不予公开: eight reasons."""

    state_secret: Row = _row_field(_W["state_secret"])
    prohibited_by_law: Row = _row_field(_W["prohibited_by_law"])
    security_stability: Row = _row_field(_W["security_stability"])
    third_party_rights: Row = _row_field(_W["third_party_rights"])
    internal_affairs: Row = _row_field(_W["internal_affairs"])
    process_information: Row = _row_field(_W["process_information"])
    enforcement_files: Row = _row_field(_W["enforcement_files"])
    inquiry_matters: Row = _row_field(_W["inquiry_matters"])


@attrs.frozen(kw_only=True)
class Unavailable:
    """（四）无法提供: three reasons."""

    not_held: Row = _row_field(_U["not_held"])
    needs_creation: Row = _row_field(_U["needs_creation"])
    still_unclear: Row = _row_field(_U["still_unclear"])


@attrs.frozen(kw_only=True)
class NotProcessed:
    """（五）不予处理: five reasons."""

    complaint: Row = _row_field(_N["complaint"])
    duplicate: Row = _row_field(_N["duplicate"])
    publication: Row = _row_field(_N["publication"])
    excessive: Row = _row_field(_N["excessive"])
    confirmation: Row = _row_field(_N["confirmation"])


@attrs.frozen(kw_only=True)
class OtherHandling:
    """（六）其他处理: three reasons."""

    correction_overdue: Row = _row_field(_O["correction_overdue"])
    fee_unpaid: Row = _row_field(_O["fee_unpaid"])
    other: Row = _row_field(_O["other"])


def _group_field(key: str, cls: type) -> Any:
    return attrs.field(
        validator=attrs.validators.instance_of(cls), metadata=_label(spec.GROUP_BY_KEY[key].label)
    )


def outcome_rows(apps: Applications) -> Iterator[Row]:
    """The outcome rows of 表三 in printed order: 21, or 19 when （六）其他处理 is printed as
    one row."""
    yield apps.granted
    yield apps.partially_granted
    for group in spec.APPLICATION_GROUPS:
        part = getattr(apps, group.key)
        if isinstance(part, Row):
            yield part
            continue
        for sub in group.rows:
            yield getattr(part, sub.key)


def _outcome_total(self: Applications) -> Row:
    try:
        rows = list(outcome_rows(self))
    except AttributeError:  # a group of the wrong type: its validator names it
        rows = []
    rows = [r for r in rows if isinstance(r, Row)]
    return Row.of(*(_sum(getattr(r, key) for r in rows) for key in spec.APPLICANT_KEYS))


@attrs.frozen(kw_only=True)
class Applications:
    """三、收到和处理政府信息公开申请情况 and its table (25 rows × 7 columns)."""

    paragraphs: tuple[str, ...] = _paragraphs()
    new: Row = _row_field(spec.NEW.label)
    carried_over: Row = _row_field(spec.CARRIED_OVER.label)
    granted: Row = _row_field(spec.GRANTED.label)
    partially_granted: Row = _row_field(spec.PARTIALLY_GRANTED.label)
    withheld: Withheld = _group_field("withheld", Withheld)
    unavailable: Unavailable = _group_field("unavailable", Unavailable)
    not_processed: NotProcessed = _group_field("not_processed", NotProcessed)
    #: its three sub-rows, or one :class:`Row` when the report printed （六）其他处理 undivided
    #: (the sub-rows are then unknown, not zero; a warning says so)
    other_handling: OtherHandling | Row = attrs.field(
        validator=attrs.validators.instance_of((OtherHandling, Row)),
        metadata=_label(spec.GROUP_BY_KEY["other_handling"].label),
    )
    total: Row = attrs.field(
        default=attrs.Factory(_outcome_total, takes_self=True),
        validator=attrs.validators.instance_of(Row),
        metadata=_label(spec.OUTCOME_TOTAL.label),
    )
    carried_forward: Row = _row_field(spec.CARRIED_FORWARD.label)

    def row(self, keys: tuple[str, ...]) -> Row:
        """The row at ``keys`` (an :class:`~gov_disclosure.spec.AppRow`'s ``keys``)."""
        value: Any = self
        for key in keys:
            value = getattr(value, key)
        return value  # type: ignore[no-any-return]

    def rows(self) -> tuple[Row, ...]:
        """The rows in printed order (the 25 of :data:`gov_disclosure.spec.APPLICATION_ROWS`, or
        23 when （六）其他处理 is one row)."""
        return (
            self.new,
            self.carried_over,
            *outcome_rows(self),
            self.total,
            self.carried_forward,
        )


def _case_total(self: CaseCounts) -> int:
    return _sum((self.upheld, self.corrected, self.other, self.pending))


@attrs.frozen(kw_only=True)
class CaseCounts:
    """One five-column group of 表四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""

    upheld: int = _count(_CASE["upheld"])
    corrected: int = _count(_CASE["corrected"])
    other: int = _count(_CASE["other"])
    pending: int = _count(_CASE["pending"])
    total: int = attrs.field(
        default=attrs.Factory(_case_total, takes_self=True),
        validator=v.count(),
        metadata=_label(_CASE["total"]),
    )

    def cells(self) -> tuple[int, ...]:
        """The five cells in printed order."""
        return (self.upheld, self.corrected, self.other, self.pending, self.total)


def _cases_field(index: int) -> Any:
    group = spec.REVIEW_GROUPS[index]
    return attrs.field(
        validator=attrs.validators.instance_of(CaseCounts),
        metadata=_label(" / ".join(group.labels)),
    )


@attrs.frozen(kw_only=True)
class ReviewLitigation:
    """四、政府信息公开行政复议、行政诉讼情况 and its table."""

    paragraphs: tuple[str, ...] = _paragraphs()
    review: CaseCounts = _cases_field(0)
    litigation_direct: CaseCounts = _cases_field(1)
    litigation_after_review: CaseCounts = _cases_field(2)


@attrs.frozen(kw_only=True)
class Subsection:
    """A numbered subsection （一）（二）… : its title (without the number) and paragraphs."""

    title: str = attrs.field(
        converter=v.strip_text, validator=v.text(required=True), metadata=_label(spec.SUBSECTION_TITLE.label)
    )
    paragraphs: tuple[str, ...] = _paragraphs()


def _subsections(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Section:
    """A narrative section (一、五、六): paragraphs, then numbered subsections."""

    paragraphs: tuple[str, ...] = _paragraphs()
    subsections: tuple[Subsection, ...] = attrs.field(
        factory=tuple,
        converter=_subsections,
        validator=attrs.validators.deep_iterable(
            attrs.validators.instance_of(Subsection), attrs.validators.instance_of(tuple)
        ),
        metadata=_label(spec.SUBSECTIONS.label),
    )

    def is_empty(self) -> bool:
        """Whether the section has no text at all."""
        return not self.paragraphs and not self.subsections


def _default_title(self: Report) -> str:
    return spec.TITLE_TEMPLATE.format(agency=self.agency, year=self.year)


def _title(value: Any) -> Any:
    value = v.strip_text(value)
    return None if value == "" else value


def _section(index: int, typ: type) -> Any:
    heading = spec.SECTIONS[index].heading
    validator: Any = attrs.validators.instance_of(typ)
    if typ is Section:
        return attrs.field(factory=Section, validator=validator, metadata=_label(heading))
    return attrs.field(validator=validator, metadata=_label(heading))


@attrs.frozen(kw_only=True)
class Report:
    """A 政府信息公开工作年度报告 in the 2021 format."""

    #: The id of the report's format (:func:`gov_disclosure.spec.get_format`).
    FORMAT: ClassVar[str] = spec.FORMAT_2021.id

    agency: str = attrs.field(
        converter=v.strip_text, validator=v.text(required=True), metadata=_label(spec.AGENCY.label)
    )
    year: int = attrs.field(validator=v.year(), metadata=_label(spec.YEAR.label))
    title: str = attrs.field(
        default=attrs.Factory(_default_title, takes_self=True),
        converter=_title,
        metadata=_label(spec.TITLE.label),
    )
    preamble: tuple[str, ...] = _paragraphs(spec.PREAMBLE.label)
    overview: Section = _section(0, Section)
    active_disclosure: ActiveDisclosure = _section(1, ActiveDisclosure)
    applications: Applications = _section(2, Applications)
    review_litigation: ReviewLitigation = _section(3, ReviewLitigation)
    problems: Section = _section(4, Section)
    other_matters: Section = _section(5, Section)

    def __attrs_post_init__(self) -> None:
        if self.title is None:
            object.__setattr__(self, "title", _default_title(self))
        message = v.check_text(self.title, required=True)
        if message is not None:
            raise v.InputError([("title", message)])

    def sections(self) -> tuple[Any, ...]:
        """The six sections in printed order (as :data:`gov_disclosure.spec.SECTIONS`)."""
        return tuple(getattr(self, s.key) for s in spec.SECTIONS)


def value_at(report: Report, path: str) -> Any:
    """The value at a dotted path (``applications.new.commercial``)."""
    value: Any = report
    for key in path.split("."):
        value = getattr(value, key)
    return value
