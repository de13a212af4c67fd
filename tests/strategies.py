"""Hypothesis strategies for reports, built valid and consistent by construction.

Profiles: ``quick`` (development, the default) and ``thorough`` (CI); choose with the
``HYPOTHESIS_PROFILE`` environment variable.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from gov_disclosure import spec
from gov_disclosure.model import (
    ActiveDisclosure,
    Applications,
    CaseCounts,
    DocumentCounts,
    NotProcessed,
    OtherHandling,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Subsection,
    Unavailable,
    Withheld,
)

settings.register_profile(
    "quick", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

MAX_CELL = 999_999

#: Years a 2021-format report may have without comment: any but 2019 and 2020, the years of the
#: 2019 format (a 2021-format report of those years earns ``format.template_year``).
years = st.integers(2008, 2100).filter(lambda y: not spec.FORMAT_2019.prescribed_for(y))

counts = st.integers(min_value=0, max_value=MAX_CELL)
small_counts = st.integers(min_value=0, max_value=50)


def cell_values() -> st.SearchStrategy[int]:
    """Mostly small numbers, sometimes large ones."""
    return st.one_of(small_counts, counts)


# Text: any character XML allows, no line breaks, no leading/trailing whitespace, non-empty.
_FORBIDDEN_CATEGORIES = ("Cs", "Cc")
_text_chars = st.characters(
    blacklist_categories=_FORBIDDEN_CATEGORIES,
    blacklist_characters="\ufffe\uffff\u2028\u2029\x85",
)
CJK_SAMPLE = "政府信息公开工作年度报告我局主动依申请条件件数总计𠀀😀“”（）《》、，。；："


def one_line(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """One line of text as the model keeps it (stripped, non-empty)."""
    alphabet = st.one_of(_text_chars, st.sampled_from(CJK_SAMPLE))
    return (
        st.text(alphabet, min_size=min_size, max_size=max_size)
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )


def paragraphs(max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(one_line(), max_size=max_size).map(tuple)


def sections() -> st.SearchStrategy[Section]:
    subsection = st.builds(Subsection, title=one_line(max_size=20), paragraphs=paragraphs())
    return st.builds(
        Section, paragraphs=paragraphs(), subsections=st.lists(subsection, max_size=3).map(tuple)
    )


def six(values: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[list[int]]:
    return st.lists(values or cell_values(), min_size=6, max_size=6)


@st.composite
def applications(draw: st.DrawFn, paras: st.SearchStrategy[tuple[str, ...]] | None = None) -> Applications:
    """表三 built from leaves: outcome rows, carried forward and carried over drawn, new
    derived so that 一 + 二 = 三（七） + 四 holds in every column."""
    outcomes = [draw(six()) for _ in spec.OUTCOME_ROWS]
    carried_forward = draw(six())
    totals = [sum(r[c] for r in outcomes) for c in range(6)]
    carried_over = [draw(st.integers(0, min(totals[c] + carried_forward[c], MAX_CELL))) for c in range(6)]
    new = [totals[c] + carried_forward[c] - carried_over[c] for c in range(6)]
    rows = iter(Row.of(*r) for r in outcomes)
    granted = next(rows)
    partially = next(rows)
    built: dict[str, Any] = {}
    for group, cls in zip(
        spec.APPLICATION_GROUPS, (Withheld, Unavailable, NotProcessed, OtherHandling), strict=True
    ):
        built[group.key] = cls(**{sub.key: next(rows) for sub in group.rows})
    return Applications(
        paragraphs=draw(paras if paras is not None else paragraphs()),
        new=Row.of(*new),
        carried_over=Row.of(*carried_over),
        granted=granted,
        partially_granted=partially,
        carried_forward=Row.of(*carried_forward),
        **built,
    )


def document_counts() -> st.SearchStrategy[DocumentCounts]:
    return st.builds(DocumentCounts, issued=cell_values(), repealed=cell_values(), in_force=cell_values())


def _fee_with_places(places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(0),
        max_value=Decimal("999999999.999999"),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


#: Fees of 0 to 6 places, written with trailing zeros or not (``12.50`` is kept as it is).
fees = (
    st.one_of(*(_fee_with_places(p) for p in range(7)))
    | st.integers(0, 10_000).map(Decimal)
    | st.sampled_from(
        [Decimal("12.50"), Decimal("0.10000"), Decimal("0"), Decimal("24252.311082"), Decimal("0.1000000")]
    )
)


def active_disclosure() -> st.SearchStrategy[ActiveDisclosure]:
    return st.builds(
        ActiveDisclosure,
        paragraphs=paragraphs(),
        regulations=st.one_of(st.none(), document_counts()),
        normative_documents=document_counts(),
        licensing=cell_values(),
        punishment=cell_values(),
        enforcement=cell_values(),
        fees=fees,
    )


def case_counts() -> st.SearchStrategy[CaseCounts]:
    return st.builds(
        CaseCounts, upheld=cell_values(), corrected=cell_values(), other=cell_values(), pending=cell_values()
    )


def review_litigation() -> st.SearchStrategy[ReviewLitigation]:
    return st.builds(
        ReviewLitigation,
        paragraphs=paragraphs(),
        review=case_counts(),
        litigation_direct=case_counts(),
        litigation_after_review=case_counts(),
    )


@st.composite
def reports(draw: st.DrawFn, *, with_title: bool | None = None) -> Report:
    """A consistent report of any size, built from leaves (every total derived)."""
    agency = draw(one_line(max_size=20))
    year = draw(years)
    give_title = draw(st.booleans()) if with_title is None else with_title
    kwargs: dict[str, Any] = {}
    if give_title:
        kwargs["title"] = draw(one_line(max_size=40))
    return Report(
        agency=agency,
        year=year,
        preamble=draw(paragraphs()),
        overview=draw(sections()),
        active_disclosure=draw(active_disclosure()),
        applications=draw(applications()),
        review_litigation=draw(review_litigation()),
        problems=draw(sections()),
        other_matters=draw(sections()),
        **kwargs,
    )


# --- arbitrary input, for fuzzing the input layer --------------------------------------

#: Every character, lone surrogates and control characters included.
any_char = st.characters(exclude_categories=())
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text(any_char, max_size=8)
)
#: Arbitrary JSON-like values (and Decimals, as the JSON and YAML readers give them).
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


#: Paths of every cell covered by a hard rule (表三 and 表四), for one-cell mutations.
HARD_CELLS: tuple[str, ...] = (
    *(f"{row.path}.{col}" for row in spec.APPLICATION_ROWS for col in spec.ROW_KEYS),
    *(f"review_litigation.{g.key}.{f}" for g in spec.REVIEW_GROUPS for f in spec.REVIEW_KEYS),
)


# --- reports the parsers read back exactly ------------------------------------------------
# A published document carries no markup for "this line is a paragraph": a paragraph worded
# exactly like a section heading, a paragraph that begins "（一）" in a section that has
# subsections, a line that is a page number ("- 4 -") or that begins a table, or a preamble
# paragraph worded like a title reads back as that structure. docs/parse.md lists these limits;
# ``parseable_reports`` leaves such text out, and gives titles that name the agency and year
# (a free title names neither, so they could not be read back from it).

TITLE_FORMS = ("{agency}{year}年政府信息公开工作年度报告", "{agency} {year}年度政府信息公开工作年度报告")


def _narrative_texts(report: Report) -> list[str]:
    texts = list(report.preamble)
    for key in ("overview", "problems", "other_matters"):
        section = getattr(report, key)
        texts.extend(section.paragraphs)
        for sub in section.subsections:
            texts.extend(sub.paragraphs)
    return texts


def _table_section_texts(report: Report) -> list[str]:
    return [
        *report.active_disclosure.paragraphs,
        *report.applications.paragraphs,
        *report.review_litigation.paragraphs,
    ]


def reads_back(report: Report) -> bool:
    """Whether none of the report's text can be mistaken for structure by a parser."""
    from gov_disclosure.parse import _engine, _labels
    from gov_disclosure.parse._blocks import Para
    from gov_disclosure.parse.text import is_page_number

    narrative = _narrative_texts(report)
    tabled = _table_section_texts(report)
    titles = [sub.title for key in spec.NARRATIVE_KEYS for sub in getattr(report, key).subsections]
    everything = [*narrative, *tabled, *titles]
    if any(_labels.heading_section(t) is not None or is_page_number(t) for t in everything):
        return False
    sections = [t for t in narrative if t not in report.preamble]
    if any(_labels.subsection_heading(t) is not None for t in sections):
        return False
    if any(_engine.title_like(t) for t in report.preamble):
        return False
    for key, texts in (
        ("active_disclosure", report.active_disclosure.paragraphs),
        ("applications", report.applications.paragraphs),
        ("review_litigation", report.review_litigation.paragraphs),
    ):
        paras = [Para(text=t, where="") for t in texts]
        table = _engine.table_for(spec.FORMAT_2021.table(key))
        if any(_engine.starts_table(p, table) or _engine.is_caption(p) for p in paras):
            return False
    ends = [t[-1] in _labels.SENTENCE_END for t in narrative]
    punctuated = len(ends) >= 5 and sum(ends) >= 0.8 * len(ends)
    broken = any(len(t) >= 15 and t[-1] not in _labels.SENTENCE_END for t in narrative + tabled)
    return not (punctuated and broken)


@st.composite
def parseable_reports(draw: st.DrawFn) -> Report:
    """A consistent report (as :func:`reports`) whose text reads back exactly from every format."""
    report = draw(reports(with_title=False).filter(reads_back))
    form = draw(st.sampled_from((None, *TITLE_FORMS)))
    if form is None:
        return report
    import attrs

    title = form.format(agency=report.agency, year=report.year)
    return attrs.evolve(report, title=title)


def distinct_report() -> Report:
    """A consistent report whose 表三 rows all differ (row i of the 21 outcome rows holds
    i + 1 自然人 and i % 3 其他), so that a row read into the wrong place shows."""
    outcomes = [[i + 1, 0, i % 2, 0, 0, i % 3] for i in range(len(spec.OUTCOME_ROWS))]
    carried_forward = [2, 1, 0, 0, 0, 0]
    carried_over = [1, 0, 0, 0, 0, 0]
    totals = [sum(r[c] for r in outcomes) for c in range(6)]
    new = [totals[c] + carried_forward[c] - carried_over[c] for c in range(6)]
    rows = iter(Row.of(*r) for r in outcomes)
    granted, partially = next(rows), next(rows)
    groups: dict[str, Any] = {}
    for group, cls in zip(
        spec.APPLICATION_GROUPS, (Withheld, Unavailable, NotProcessed, OtherHandling), strict=True
    ):
        groups[group.key] = cls(**{sub.key: next(rows) for sub in group.rows})
    return Report(
        agency="上杭县工信科技局",
        year=2024,
        preamble=("本报告根据《中华人民共和国政府信息公开条例》编制。",),
        overview=Section(
            paragraphs=("2024年，我局认真贯彻落实《条例》。",),
            subsections=(Subsection(title="主动公开情况", paragraphs=("全年主动公开政府信息16条。",)),),
        ),
        active_disclosure=ActiveDisclosure(
            regulations=DocumentCounts(issued=1, repealed=2, in_force=3),
            normative_documents=DocumentCounts(issued=4, repealed=5, in_force=6),
            licensing=7,
            punishment=8,
            enforcement=9,
            fees=Decimal("10.5"),
        ),
        applications=Applications(
            new=Row.of(*new),
            carried_over=Row.of(*carried_over),
            granted=granted,
            partially_granted=partially,
            carried_forward=Row.of(*carried_forward),
            **groups,
        ),
        review_litigation=ReviewLitigation(
            review=CaseCounts(upheld=1, corrected=2, other=3, pending=4),
            litigation_direct=CaseCounts(upheld=5, corrected=6, other=7, pending=8),
            litigation_after_review=CaseCounts(upheld=9, corrected=10, other=11, pending=12),
        ),
        problems=Section(
            subsections=(
                Subsection(title="存在主要问题", paragraphs=("信息公开精细化水平有待提升。",)),
                Subsection(title="改进措施", paragraphs=("强化业务培训和指导。",)),
            )
        ),
        other_matters=Section(paragraphs=("2024年我局无收取信息处理费情况。",)),
    )


# --- reports printed to PDF -----------------------------------------------------------------
# A PDF keeps glyphs and their places, not the text: a space a browser prints is only a gap,
# and a character the fonts lack is a box. Reports printed to PDF in the tests draw their text
# from Chinese, Latin letters, digits and the common punctuation, without spaces.

PDF_ALPHABET = (
    "政府信息公开工作年度报告我局主动依申请条件数总计办理结果复议诉讼问题改进事项其他"
    "abcXYZ0123456789“”（）《》、，。；：！？-%"
)


def pdf_line(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """One line of text a PDF prints and reads back as it is."""
    return st.text(st.sampled_from(PDF_ALPHABET), min_size=min_size, max_size=max_size)


def _pdf_paragraphs() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(pdf_line(), max_size=2).map(tuple)


def _pdf_section() -> st.SearchStrategy[Section]:
    subsection = st.builds(Subsection, title=pdf_line(max_size=20), paragraphs=_pdf_paragraphs())
    return st.builds(
        Section, paragraphs=_pdf_paragraphs(), subsections=st.lists(subsection, max_size=2).map(tuple)
    )


@st.composite
def pdf_reports(draw: st.DrawFn) -> Report:
    """A consistent report, as :func:`parseable_reports`, whose text is in ``PDF_ALPHABET``."""
    agency = draw(pdf_line(min_size=2, max_size=12))
    year = draw(years)
    form = draw(st.sampled_from((None, *TITLE_FORMS)))
    report = Report(
        agency=agency,
        year=year,
        title=None if form is None else form.format(agency=agency, year=year),
        preamble=draw(_pdf_paragraphs()),
        overview=draw(_pdf_section()),
        active_disclosure=draw(
            st.builds(
                ActiveDisclosure,
                paragraphs=_pdf_paragraphs(),
                regulations=st.one_of(st.none(), document_counts()),
                normative_documents=document_counts(),
                licensing=cell_values(),
                punishment=cell_values(),
                enforcement=cell_values(),
                fees=fees,
            )
        ),
        applications=draw(applications(paras=_pdf_paragraphs())),
        review_litigation=draw(
            st.builds(
                ReviewLitigation,
                paragraphs=_pdf_paragraphs(),
                review=case_counts(),
                litigation_direct=case_counts(),
                litigation_after_review=case_counts(),
            )
        ),
        problems=draw(_pdf_section()),
        other_matters=draw(_pdf_section()),
    )
    from hypothesis import assume

    # a space between two digits is only a gap in a PDF without spaces (a browser's), and a
    # gap inside a number is read as part of it
    assume(reads_back(report) and not (form is not None and " " in form and agency[-1].isdigit()))
    return report


# --- the 2019 format and the （六） row printed undivided --------------------------------------

#: 采购总金额 as printed: a plain decimal, then its unit if printed.
amounts = st.builds(
    lambda number, unit: format(number, "f") + unit,
    st.one_of(st.integers(0, 10**9).map(Decimal), _fee_with_places(2)),
    st.sampled_from(("", "元", "万元", "亿元")),
)
signed_values = st.integers(-MAX_CELL, MAX_CELL)


def _items(draw: st.DrawFn, *, decisions: bool = True) -> dict[str, int]:
    out = {"previous_items": draw(cell_values()), "change": draw(signed_values)}
    if decisions:
        out["decisions"] = draw(cell_values())
    return out


def _documents(draw: st.DrawFn) -> dict[str, int]:
    return {key: draw(cell_values()) for key in ("made", "published", "cumulative")}


def _collapsed(applications: dict[str, Any]) -> list[int]:
    """（六）其他处理 as one row: its sub-rows added up, column by column (总计 derived)."""
    subs = applications["other_handling"].values()
    return [sum(sub[column.key] for sub in subs) for column in spec.APPLICANT_COLUMNS]


def as_2019(draw: st.DrawFn, report: Report) -> Any:
    """``report`` in the 2019 format: its text, 表三 with （六）其他处理 as one row, 表四, and a
    2019 表二 drawn (five blocks, 本年增/减 signed, 采购总金额 with its unit)."""
    import gov_disclosure as gd

    data = gd.to_dict(report)
    data["format"] = "2019"
    table = {"paragraphs": data["active_disclosure"]["paragraphs"]}
    if draw(st.booleans()):
        table["regulations"] = _documents(draw)
    table["normative_documents"] = _documents(draw)
    for key in ("licensing", "other_services", "punishment", "enforcement"):
        table[key] = _items(draw)
    table["fees"] = _items(draw, decisions=False)
    table["procurement"] = {"items": draw(cell_values()), "amount": draw(amounts)}
    data["active_disclosure"] = table
    data["applications"]["other_handling"] = _collapsed(data["applications"])
    return gd.from_dict(data)


@st.composite
def reports_2019(draw: st.DrawFn) -> Any:
    """A consistent report in the 2019 format (from :func:`reports`)."""
    return as_2019(draw, draw(reports()))


@st.composite
def parseable_reports_2019(draw: st.DrawFn) -> Any:
    """A report in the 2019 format whose text reads back exactly from every format."""
    return as_2019(draw, draw(parseable_reports()))


@st.composite
def undivided_reports(draw: st.DrawFn) -> Report:
    """A 2021 report that prints 表三's （六）其他处理 as one row (its sub-rows unknown)."""
    import gov_disclosure as gd

    data = gd.to_dict(draw(parseable_reports()))
    data["applications"]["other_handling"] = _collapsed(data["applications"])
    return gd.from_dict(data)
