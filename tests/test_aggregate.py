"""Adding up reports (aggregate) and the parent = Σ children check (aggregate.children)."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.aggregate import RULE_ID, RunningSum, aggregate, children_findings, table_paths
from gov_disclosure.model import DocumentCounts, Report, Section, value_at
from tests.strategies import reports


def _tables(report: Report) -> tuple[object, object, object]:
    return (report.active_disclosure.regulations, report.applications.rows(), report.review_litigation)


def _same_year(year: int, items: list[Report]) -> list[Report]:
    return [attrs.evolve(r, year=year) for r in items]


def _with_cell(report: Report, path: str, value: object) -> Report:
    """``report`` with the number at ``path`` replaced (totals kept as they are)."""
    data = gd.to_dict(report)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return gd.from_dict(data, strict=False)


@given(reports())
def test_aggregate_of_one_report_has_its_tables(report: Report) -> None:
    """The sum of a single report has exactly that report's tables."""
    total = aggregate([report], agency="汇总")
    expected = (
        attrs.evolve(report.active_disclosure, paragraphs=()),
        attrs.evolve(report.applications, paragraphs=()),
        attrs.evolve(report.review_litigation, paragraphs=()),
    )
    assert expected == (total.active_disclosure, total.applications, total.review_litigation)


@given(st.lists(reports(), min_size=1, max_size=4), st.integers(2008, 2100))
def test_sum_of_consistent_reports_is_consistent(items: list[Report], year: int) -> None:
    """Adding up consistent reports of one year gives a report without errors."""
    total = aggregate(_same_year(year, items), agency="汇总")
    assert [f for f in gd.check(total) if f.severity == "error"] == []


@given(st.lists(reports(), min_size=1, max_size=4))
def test_every_table_cell_is_the_sum_over_the_reports(items: list[Report]) -> None:
    """Each number of the three tables is the sum of that number over the reports."""
    items = _same_year(2024, items)
    total = aggregate(items, agency="汇总")
    with_regulations = total.active_disclosure.regulations is not None
    for path in table_paths(with_regulations=with_regulations):
        if path.startswith("active_disclosure.regulations."):
            key = path.rsplit(".", 1)[1]
            values = [
                getattr(r.active_disclosure.regulations, key)
                for r in items
                if r.active_disclosure.regulations
            ]
        else:
            values = [value_at(r, path) for r in items]
        assert sum(values) == value_at(total, path), path


@given(st.lists(reports(), min_size=1, max_size=3))
def test_sum_of_children_passes_the_children_check(items: list[Report]) -> None:
    """A parent that is the sum of its children gets no aggregate.children warning."""
    children = _same_year(2030, items)
    assert children_findings(aggregate(children, agency="汇总"), children) == []


def test_given_totals_are_summed_as_given(example: Report) -> None:
    """A wrong total given in one report stays wrong, by the same amount, in the sum."""
    path = "applications.granted.total"
    wrong = _with_cell(example, path, value_at(example, path) + 5)
    total = aggregate([example, wrong], agency="汇总")
    assert value_at(example, path) * 2 + 5 == value_at(total, path)
    assert [f.rule for f in gd.check(total) if f.path == path] == ["table3.row_total"]


def test_fees_are_summed_as_decimal(example: Report) -> None:
    """行政事业性收费 adds up exactly, as Decimal."""
    a = _with_cell(example, "active_disclosure.fees", "12.50")
    b = _with_cell(example, "active_disclosure.fees", "0.0001")
    assert Decimal("12.5001") == aggregate([a, b], agency="汇总").active_disclosure.fees


def test_regulations_row_is_left_out_only_when_every_report_leaves_it_out(example: Report) -> None:
    """规章 is summed over the reports that have it; None only when all leave it out."""
    assert example.active_disclosure.regulations is None
    counts = DocumentCounts(issued=2, repealed=1, in_force=7)
    having = attrs.evolve(
        example, active_disclosure=attrs.evolve(example.active_disclosure, regulations=counts)
    )
    assert aggregate([example, example], agency="汇总").active_disclosure.regulations is None
    assert counts == aggregate([example, having], agency="汇总").active_disclosure.regulations


def test_sum_has_empty_narrative_and_the_given_names(example: Report) -> None:
    """The sum keeps no text; agency and title are the ones given."""
    total = aggregate([example], agency="上杭县人民政府", title="汇总报告")
    expected = ("上杭县人民政府", example.year, "汇总报告", (), Section(), Section(), Section(), ())
    actual = (
        total.agency,
        total.year,
        total.title,
        total.preamble,
        total.overview,
        total.problems,
        total.other_matters,
        total.applications.paragraphs,
    )
    assert expected == actual


def test_default_title_follows_agency_and_year(example: Report) -> None:
    """Without a title, the sum gets the official default title."""
    total = aggregate([example], agency="上杭县人民政府")
    assert spec.TITLE_TEMPLATE.format(agency="上杭县人民政府", year=example.year) == total.title


def test_any_iterable_is_summed_as_it_goes(example: Report) -> None:
    """A generator of reports is summed one report at a time, as a list of them is, and no
    report is kept once the next one is being added."""
    items = [attrs.evolve(example, agency=f"第{i}局") for i in range(6)]
    refs: list[weakref.ref[Report]] = []
    kept: list[bool] = []

    def stream() -> Iterator[Report]:
        for i in range(6):
            if len(refs) >= 2:
                kept.append(refs[-2]() is not None)
            report = attrs.evolve(example, agency=f"第{i}局")
            refs.append(weakref.ref(report))
            yield report
            del report

    assert aggregate(items, agency="汇总") == aggregate(stream(), agency="汇总")
    assert kept == [False] * 4


def test_running_sum_is_aggregate(example: Report) -> None:
    """RunningSum.add one by one, then .report(), is aggregate() of the same reports."""
    counts = DocumentCounts(issued=1, repealed=0, in_force=3)
    having = attrs.evolve(
        example, active_disclosure=attrs.evolve(example.active_disclosure, regulations=counts)
    )
    running = RunningSum()
    for report in (example, having, example):
        running.add(report)
    expected = aggregate([example, having, example], agency="汇总", title="标题")
    assert (3, expected) == (running.count, running.report(agency="汇总", title="标题"))


def test_mixed_years_are_refused(example: Report) -> None:
    """Reports of different years are not added up; the error names 报告年度."""
    with pytest.raises(gd.InputError) as info:
        aggregate([example, attrs.evolve(example, year=example.year - 1)], agency="汇总")
    assert [path for path, _ in info.value.errors] == ["year"]


def test_nothing_to_add_is_refused() -> None:
    """An empty list (or an empty generator) of reports is an input error."""
    with pytest.raises(gd.InputError):
        aggregate([], agency="汇总")
    with pytest.raises(gd.InputError):
        aggregate(iter([]), agency="汇总")


def test_children_check_names_the_cell_and_both_sides(example: Report) -> None:
    """A parent cell that differs from the children's sum gets one warning at that cell."""
    path = "applications.withheld.state_secret.commercial"
    parent = _with_cell(aggregate([example, example], agency="汇总"), path, 3)
    findings = children_findings(parent, [example, example])
    expected = [(RULE_ID, "warning", path, (path,), 0, 3)]
    assert expected == [(f.rule, f.severity, f.path, f.cells, f.expected, f.actual) for f in findings]
    assert spec.join_labels(spec.label_path(path)) in findings[0].message


def test_children_check_compares_fees_as_decimal(example: Report) -> None:
    """Fees of the parent are compared with the Decimal sum of the children's."""
    child = _with_cell(example, "active_disclosure.fees", "0.5")
    parent = _with_cell(aggregate([child, child], agency="汇总"), "active_disclosure.fees", "1.5")
    findings = children_findings(parent, [child, child])
    assert [(Decimal("1.0"), Decimal("1.5"))] == [(f.expected, f.actual) for f in findings]


def test_children_check_warns_about_a_child_of_another_year(example: Report) -> None:
    """A child of another year gets a warning at 报告年度."""
    child = attrs.evolve(example, year=example.year + 1, agency="某局")
    findings = children_findings(example, [child])
    assert [("year", example.year, example.year + 1)] == [(f.path, f.expected, f.actual) for f in findings]


def test_children_check_warns_when_only_children_have_regulations(example: Report) -> None:
    """A parent without 规章 whose child has it gets one warning at the 规章 row."""
    counts = DocumentCounts(issued=0, repealed=0, in_force=0)
    child = attrs.evolve(
        example, active_disclosure=attrs.evolve(example.active_disclosure, regulations=counts)
    )
    findings = children_findings(example, [child])
    assert [f.path for f in findings] == ["active_disclosure.regulations"]
