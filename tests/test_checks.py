"""勾稽 checks: a consistent report has no findings; a one-cell change is found at that cell."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.checks import RULES
from tests import strategies as S
from tests.test_model import minimal_dict


def _set(data: dict[str, Any], path: str, value: int) -> None:
    *head, last = path.split(".")
    node = data
    for key in head:
        node = node[key]
    node[last] = value


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        node = node[key]
    return node


#: Format warnings about what a generated report may leave out: the 规章 row, the text of 一、五、六.
FORMAT_WARNINGS = ("format.regulations_row", "format.empty_section")


@given(S.reports())
def test_report_from_leaves_has_no_errors(report: gd.Report) -> None:
    """A report built from leaves breaks no rule (at most the 规章 row and empty-section warnings,
    each exactly where the report leaves that part out)."""
    findings = gd.check(report)
    assert [f.rule for f in findings if f.rule not in FORMAT_WARNINGS] == []
    empty = [key for key in spec.NARRATIVE_KEYS if getattr(report, key).is_empty()]
    assert empty == [f.path for f in findings if f.rule == "format.empty_section"]


@given(S.reports(), st.sampled_from(S.HARD_CELLS), st.integers(-1000, 1000).filter(bool))
def test_one_cell_change_is_found_at_that_cell(report: gd.Report, path: str, delta: int) -> None:
    """Changing any one cell of 表三 or 表四 (leaf or given total) by any non-zero amount
    yields an error that names the cell: it is among the error's cells, an error's path names
    its row, and an error's path names its column."""
    data = gd.to_dict(report)
    old = _get(data, path)
    if old + delta < 0:
        delta = -delta
    _set(data, path, old + delta)
    changed = gd.from_dict(data, strict=False)
    errors = [f for f in gd.check(changed) if f.severity == "error"]
    assert errors
    assert any(path in f.cells for f in errors)
    row, _, col = path.rpartition(".")
    assert any(f.path.startswith(row + ".") for f in errors)
    if path.startswith("applications."):
        assert any(f.path.endswith("." + col) for f in errors)
    with pytest.raises(gd.InconsistentReportError):
        gd.from_dict(data)


def test_balance_message_has_both_sides_and_difference() -> None:
    data = minimal_dict()
    data["applications"]["new"] = [0, 2, 0, 0, 0, 0]
    report = gd.from_dict(data, strict=False)
    findings = [f for f in gd.check(report) if f.rule == "table3.balance"]
    commercial = next(f for f in findings if f.path == "applications.*.commercial")
    assert commercial.severity == "error"
    assert commercial.expected == 2
    assert commercial.actual == 0
    assert "商业企业" in commercial.message
    assert "差额 -2" in commercial.message
    assert "applications.new.commercial" in commercial.cells


def test_group_total_message() -> None:
    data = minimal_dict()
    data["review_litigation"]["litigation_direct"] = {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 3,
    }
    findings = gd.check(gd.from_dict(data, strict=False))
    assert [f.rule for f in findings] == [
        "table4.group_total",
        "format.regulations_row",
        *["format.empty_section"] * 3,
    ]
    assert "行政诉讼 / 未经复议直接起诉" in findings[0].message
    assert findings[0].path == "review_litigation.litigation_direct.total"


def test_regulations_row_left_out_is_a_warning(example: gd.Report) -> None:
    findings = gd.check(example)
    assert [(f.rule, f.severity) for f in findings] == [("format.regulations_row", "warning")]


@pytest.mark.parametrize("key", ["overview", "problems", "other_matters"])
def test_empty_section_is_a_warning(example: gd.Report, key: str) -> None:
    """一、五 or 六 without any text: one warning at that section, naming its heading."""
    report = attrs.evolve(example, **{key: gd.Section()})
    findings = [f for f in gd.check(report) if f.rule == "format.empty_section"]
    heading = spec.SECTION_BY_KEY[key].heading
    assert [(key, "warning", True)] == [(f.path, f.severity, f"“{heading}”" in f.message) for f in findings]


def test_sections_with_tables_need_no_text(example: gd.Report) -> None:
    """二、三、四 without paragraphs are complete: their tables are the content."""
    report = attrs.evolve(
        example,
        active_disclosure=attrs.evolve(example.active_disclosure, paragraphs=()),
        applications=attrs.evolve(example.applications, paragraphs=()),
        review_litigation=attrs.evolve(example.review_litigation, paragraphs=()),
    )
    assert [f for f in gd.check(report) if f.rule == "format.empty_section"] == []


def test_a_section_with_only_a_subsection_is_not_empty(example: gd.Report) -> None:
    """A section whose text is all in subsections is not empty."""
    problems = gd.Section(subsections=(gd.Subsection(title="存在问题", paragraphs=("公开不够及时。",)),))
    report = attrs.evolve(example, problems=problems)
    assert [f for f in gd.check(report) if f.rule == "format.empty_section"] == []


@given(S.reports())
def test_continuity_with_itself_as_last_year(report: gd.Report) -> None:
    """Last year's 结转下年度 becomes this year's 上年结转: no carry-over warning when equal."""
    if report.year == 2008:
        return
    previous = attrs.evolve(report, year=report.year - 1)
    apps = attrs.evolve(report.applications, carried_over=previous.applications.carried_forward)
    this = attrs.evolve(report, applications=apps)
    rules = {f.rule for f in gd.check(this, previous=previous)}
    assert "continuity.carry_over" not in rules
    assert "continuity.year" not in rules


def test_continuity_warnings() -> None:
    last = gd.from_dict(minimal_dict())
    data = minimal_dict()
    data["year"] = 2025
    data["applications"]["carried_over"] = [1, 0, 0, 0, 0, 0]
    data["applications"]["granted"] = [1, 0, 0, 0, 0, 0]
    data["active_disclosure"]["normative_documents"] = {"issued": 2, "repealed": 0, "in_force": 5}
    data["active_disclosure"]["regulations"] = {"issued": 0, "repealed": 0, "in_force": 0}
    now = gd.from_dict(data)
    findings = gd.check(now, previous=last)
    by_rule = {(f.rule, f.path): f for f in findings}
    carry = by_rule[("continuity.carry_over", "applications.carried_over.natural_person")]
    assert (carry.expected, carry.actual, carry.severity) == (0, 1, "warning")
    assert ("continuity.carry_over", "applications.carried_over.total") in by_rule
    stock = by_rule[("continuity.in_force", "active_disclosure.normative_documents.in_force")]
    assert (stock.expected, stock.actual) == (2, 5)
    assert "差额 +3" in stock.message


def test_previous_not_the_year_before() -> None:
    last = gd.from_dict(minimal_dict())
    data = minimal_dict()
    data["year"] = 2026
    findings = gd.check(gd.from_dict(data), previous=last)
    assert [f.rule for f in findings if f.rule.startswith("continuity")] == ["continuity.year"]


def test_every_rule_documented() -> None:
    """Every rule id has an entry in docs/checks.md."""
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.id}`" in text, rule.id


def test_finding_to_dict_is_json_native() -> None:
    data = minimal_dict()
    data["applications"]["new"] = [1, 0, 0, 0, 0, 0]
    finding = gd.check(gd.from_dict(data, strict=False))[0]
    out = finding.to_dict()
    assert out["rule"] == "table3.balance"
    assert isinstance(out["cells"], list)


def test_labels_come_from_spec() -> None:
    """Rule messages name the official labels of the spec module."""
    data = minimal_dict()
    data["applications"]["withheld"]["state_secret"] = [0, 0, 0, 0, 0, 0, 5]
    findings = gd.check(gd.from_dict(data, strict=False))
    row_total = next(f for f in findings if f.rule == "table3.row_total")
    assert spec.GROUP_BY_KEY["withheld"].rows[0].label in row_total.message
