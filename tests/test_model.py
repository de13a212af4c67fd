"""The model: derived totals, kept totals, local validation on construction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.model import Row, Section, Subsection
from tests import strategies as S


def test_row_total_derived() -> None:
    """A row built from its six applicant cells gets 总计 as their sum."""
    assert Row.of(1, 2, 3, 4, 5, 6).total == 21


def test_row_total_kept_as_given() -> None:
    """A given 总计 is kept, even when wrong, so that the checker can name it."""
    assert Row.of(1, 2, 3, 4, 5, 6, 99).total == 99


def test_row_of_wrong_length() -> None:
    with pytest.raises(ValueError, match="6 或 7"):
        Row.of(1, 2, 3)


@pytest.mark.parametrize("bad", [-1, True, 1.0, "1", None])
def test_count_refuses(bad: object) -> None:
    """Counts are non-negative ints: negatives, bools, floats, strings and null are refused."""
    with pytest.raises(gd.InputError) as info:
        Row.of(bad, 0, 0, 0, 0, 0)  # type: ignore[arg-type]
    assert info.value.errors[0][0] == "natural_person"


@given(S.reports())
def test_outcome_total_derived(report: gd.Report) -> None:
    """（七）总计 of a report built from leaves is the sum of the 21 outcome rows, per column."""
    apps = report.applications
    for i, key in enumerate(spec.ROW_KEYS):
        outcome = sum(apps.row(r.keys).cells()[i] for r in spec.OUTCOME_ROWS)
        assert getattr(apps.total, key) == outcome


def test_default_title() -> None:
    """The title defaults to {agency}{year}年度政府信息公开工作年度报告."""
    report = gd.from_dict({**_minimal(), "title": None})
    assert report.title == "某局2024年度政府信息公开工作年度报告"


def test_paragraphs_stripped_and_empty_dropped() -> None:
    """Leading and trailing whitespace is removed and empty paragraphs are dropped."""
    section = Section(paragraphs=["  第一段  ", "", "\u3000", "第二段"])  # type: ignore[arg-type]
    assert section.paragraphs == ("第一段", "第二段")


@pytest.mark.parametrize("text", ["a\x00b", "a\x0bb", "a\nb", "a\rb", "x\u2028y"])
def test_text_refuses_control_and_breaks(text: str) -> None:
    """Text XML forbids, and line breaks inside one paragraph, are refused with the field."""
    with pytest.raises(gd.InputError) as info:
        Subsection(title=text)
    assert info.value.errors[0][0] == "title"


def test_subsection_title_required() -> None:
    with pytest.raises(gd.InputError, match="不能为空"):
        Subsection(title="  ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.50", Decimal("12.50")), (3, Decimal(3)), (0.1, Decimal("0.1")), ("0.10000", Decimal("0.1"))],
)
def test_fee_accepted(value: object, expected: Decimal) -> None:
    """Fees come as string, int or float (through its string form)."""
    data = _minimal()
    data["active_disclosure"]["fees"] = value
    assert gd.from_dict(data).active_disclosure.fees == expected


@pytest.mark.parametrize("value", ["0.00001", "-1", "NaN", "Infinity", True, "abc", [1]])
def test_fee_refused(value: object) -> None:
    """Fees with more than 4 places, negative, NaN, infinite or not numbers are refused."""
    data = _minimal()
    data["active_disclosure"]["fees"] = value
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert [p for p, _ in info.value.errors] == ["active_disclosure.fees"]


@pytest.mark.parametrize("year", [2007, 2101, "2024", 2024.0])
def test_year_refused(year: object) -> None:
    data = _minimal()
    data["year"] = year
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert info.value.errors[0][0] == "year"


def test_sections_in_order(example: gd.Report) -> None:
    assert example.sections() == (
        example.overview,
        example.active_disclosure,
        example.applications,
        example.review_litigation,
        example.problems,
        example.other_matters,
    )


def _minimal() -> dict:  # type: ignore[type-arg]
    """A minimal valid dict: every table zero."""
    zero = [0] * 6
    cases = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0}
    apps: dict[str, object] = {
        "new": zero,
        "carried_over": zero,
        "granted": zero,
        "partially_granted": zero,
        "carried_forward": zero,
    }
    for group in spec.APPLICATION_GROUPS:
        apps[group.key] = {sub.key: zero for sub in group.rows}
    return {
        "agency": "某局",
        "year": 2024,
        "active_disclosure": {
            "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
            "licensing": 0,
            "punishment": 0,
            "enforcement": 0,
            "fees": "0",
        },
        "applications": apps,
        "review_litigation": {k.key: dict(cases) for k in spec.REVIEW_GROUPS},
    }


minimal_dict = _minimal
