"""The model: derived totals, kept totals, local validation on construction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.model import DocumentCounts, Row, Section, Subsection
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
    [
        ("12.50", "12.50"),
        (3, "3"),
        (0.1, "0.1"),
        ("0.10000", "0.10000"),
        ("24252.311082", "24252.311082"),
        ("0.000001", "0.000001"),
        ("0.1000000", "0.1000000"),
        (" 12.50\u3000", "12.50"),
        ("１２．５０", "12.50"),
        ("１2.5０", "12.50"),
        ("007", "7"),
        (Decimal("1E+2"), "100"),
        (Decimal("0E-8"), "0.00000000"),
        (1e-6, "0.000001"),
    ],
)
def test_fee_accepted(value: object, expected: str) -> None:
    """Fees come as text, int, Decimal or float (through its string form), and keep their
    digits: the plain form of the value is compared, not only the value (12.5 == 12.50)."""
    data = _minimal()
    data["active_disclosure"]["fees"] = value
    fees = gd.from_dict(data).active_disclosure.fees
    assert (type(fees), format(fees, "f")) == (Decimal, expected)
    assert gd.ActiveDisclosure(**{**_active(), "fees": value}).fees == fees  # the model alike


@pytest.mark.parametrize(
    "value",
    [
        "0.0000001",
        "0.00000010",
        Decimal("1E-7"),
        1e-7,
        "-1",
        "-0",
        "-0.0",
        Decimal("-0"),
        Decimal("-0.00"),
        -0.0,
        "+1",
        "NaN",
        "Infinity",
        "-Infinity",
        "sNaN",
        Decimal("NaN"),
        Decimal("-Infinity"),
        float("nan"),
        True,
        "abc",
        [1],
        "1_0",
        "1e2",
        "1E2",
        "١٢",
        "١",
        "０x10",
        "0x10",
        " 1 2",
        "12.",
        ".5",
        "1.2.3",
        "12,50",
        "12。5",
        "",
        "  ",
        "12元",
    ],
)
def test_fee_refused(value: object) -> None:
    """Fees with more than 6 places of value, negative (-0 too), not finite, not numbers, or
    text that is not a plain decimal are refused, at the fee's path, in from_dict and the model."""
    data = _minimal()
    data["active_disclosure"]["fees"] = value
    with pytest.raises(gd.InputError) as info:
        gd.from_dict(data)
    assert [p for p, _ in info.value.errors] == ["active_disclosure.fees"]
    assert info.value.errors[0][1].startswith("行政事业性收费 / 本年收费金额（单位：万元）: ")
    with pytest.raises(gd.InputError) as info:
        gd.ActiveDisclosure(**{**_active(), "fees": value})
    assert [p for p, _ in info.value.errors] == ["fees"]


def _active() -> dict[str, object]:
    zero = DocumentCounts(issued=0, repealed=0, in_force=0)
    return {"normative_documents": zero, "licensing": 0, "punishment": 0, "enforcement": 0}


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
