"""Reading value cells: fees exactly as printed, numbers printed with their unit or with
thousands separators, and the reading finding that names what was left out or converted."""

from __future__ import annotations

from decimal import Decimal

import pytest

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import parse
from tests.conftest import EXAMPLE_YAML

FEE_LABEL = spec.join_labels(spec.label_path("active_disclosure.fees"))


def _report(fee: str) -> gd.Report:
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["active_disclosure"]["fees"] = fee
    return gd.from_dict(data)


@pytest.fixture(scope="module")
def text() -> str:
    """The example as text; its fee row is ``行政事业性收费\\t0``."""
    doc = str(gd.render(_report("0"), "text"))
    assert f"{spec.FEES.label}\t0\n" in doc
    return doc


def _with_fee_cell(text: str, cell: str) -> str:
    return text.replace(f"{spec.FEES.label}\t0\n", f"{spec.FEES.label}\t{cell}\n")


def _reading(result: object) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in result.reading_findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
@pytest.mark.parametrize("fee", ["24252.311082", "12.50", "0.000001", "3.100000"])
def test_fee_reads_back_exactly_as_written(fmt: str, fee: str) -> None:
    """A fee with up to six places (平潭 prints 24252.311082 万元), trailing zeros and all,
    reads back from every format as written, with no reading finding (it was rounded to
    four places)."""
    result = parse(gd.render(_report(fee), fmt), fmt)
    assert (fee, []) == (str(result.report.active_disclosure.fees), _reading(result))


def test_fee_with_more_than_six_places_is_rounded_with_a_finding(text: str) -> None:
    """The model holds six places (0.000001 万元 = 0.01 元): a seventh is rounded half up, and a
    reading finding says so."""
    result = parse(_with_fee_cell(text, "1.1234565"))
    assert str(result.report.active_disclosure.fees) == "1.123457"
    [(rule, path, message)] = _reading(result)
    assert (rule, path) == ("parse.extra_number", "active_disclosure.fees")
    assert message == (
        f"“{FEE_LABEL}”印作“1.1234565”（第 45 行），小数超过 6 位（金额最小为 0.000001 万元，即 0.01 元），"
        "四舍五入为 1.123457 读入"
    )


@pytest.mark.parametrize(
    ("cell", "fee", "what"),
    [
        ("12.50万元", "12.50", "去掉单位“万元”，按 12.50 万元读入"),
        ("12.5 万元", "12.5", "去掉单位“万元”，按 12.5 万元读入"),
        ("１２．５（万元）", "12.5", "去掉单位“万元”，按 12.5 万元读入"),
        ("1,234.5", "1234.5", "去掉千位分隔符，按 1234.5 万元读入"),
        ("1,234.5万元", "1234.5", "去掉千位分隔符和单位“万元”，按 1234.5 万元读入"),
        ("2000元", "0.2000", "单位为元，换算为 0.2000 万元读入"),
        ("2,500元", "0.2500", "去掉千位分隔符，单位为元，换算为 0.2500 万元读入"),
        ("1.5元", "0.00015", "单位为元，换算为 0.00015 万元读入"),
        ("0.001元", "0", "单位为元，换算为万元需要超过 6 位小数，无法准确换算，按 0 读入"),
    ],
)
def test_fee_printed_with_its_unit(text: str, cell: str, fee: str, what: str) -> None:
    """A fee cell printed with its unit or thousands separators is read (it was read as 0 with
    a false "row missing" warning); 元 is converted to 万元 only when no rounding is needed.
    One reading finding names the cell, what was printed and what was read."""
    result = parse(_with_fee_cell(text, cell))
    assert str(result.report.active_disclosure.fees) == fee
    expected = f"“{FEE_LABEL}”印作“{cell}”（第 45 行），{what}"
    assert [("parse.number_format", "active_disclosure.fees", expected)] == _reading(result)


def test_unit_in_a_cell_of_its_own_is_part_of_the_value(text: str) -> None:
    """``12.5 万元`` split at the space (text read by runs of spaces) is still one value: a
    unit never reads as a label."""
    doc = text.replace(f"{spec.FEES.label}\t0\n", f"{spec.FEES.label}  12.5  万元\n")
    result = parse(doc)
    assert str(result.report.active_disclosure.fees) == "12.5"
    assert [rule for rule, _, _ in _reading(result)] == ["parse.number_format"]


def test_counts_printed_with_their_unit(text: str) -> None:
    """表三 cells printed ``1件`` or ``1 件`` read as the count, each with a finding; a count
    with thousands separators (``1,234``: it cannot be a decimal) reads without one."""
    row = f"{spec.NEW.label}\t1\t0\t0\t0\t0\t0\t1\n"
    assert row in text
    doc = text.replace(row, f"{spec.NEW.label}\t1件\t0\t0\t0\t0\t0\t1 件\n")
    doc = doc.replace(f"{spec.PUNISHMENT.label}\t1\n", f"{spec.PUNISHMENT.label}\t1,234\n")
    result = parse(doc)
    report = result.report
    assert (report.applications.new.natural_person, report.applications.new.total) == (1, 1)
    assert report.active_disclosure.punishment == 1234
    new = spec.NEW.label
    at = "（第 52 行），去掉单位“件”，按 1 读入"
    assert _reading(result) == [
        (
            "parse.number_format",
            "applications.new.natural_person",
            f"“{new} / 自然人”印作“1件”{at}",
        ),
        (
            "parse.number_format",
            "applications.new.total",
            f"“{new} / 总计”印作“1 件”{at}",
        ),
    ]


@pytest.mark.parametrize("cell", ["3件", "12.5万元"])
def test_unit_that_does_not_belong_to_the_cell_is_named(text: str, cell: str) -> None:
    """A count printed with a money unit, or a fee with 件, reads its number; the finding says
    the unit is not the cell's."""
    if cell.endswith("件"):
        result = parse(_with_fee_cell(text, cell))
        assert result.report.active_disclosure.fees == Decimal(3)
        assert "不是金额单位的“件”" in _reading(result)[0][2]
    else:
        result = parse(text.replace(f"{spec.PUNISHMENT.label}\t1\n", f"{spec.PUNISHMENT.label}\t{cell}\n"))
        assert result.report.active_disclosure.punishment == 12
        assert [r for r, _, _ in _reading(result)] == ["parse.number_format", "parse.extra_number"]
        assert "单位不是件数的单位" in _reading(result)[0][2]
