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


fees = (
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal("99999999.9999"),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
    | st.integers(0, 10_000).map(Decimal)
    | st.sampled_from([Decimal("12.50"), Decimal("0.10000"), Decimal("0")])
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
    year = draw(st.integers(2008, 2100))
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


#: Paths of every cell covered by a hard rule (表三 and 表四), for one-cell mutations.
HARD_CELLS: tuple[str, ...] = (
    *(f"{row.path}.{col}" for row in spec.APPLICATION_ROWS for col in spec.ROW_KEYS),
    *(f"review_litigation.{g.key}.{f}" for g in spec.REVIEW_GROUPS for f in spec.REVIEW_KEYS),
)
