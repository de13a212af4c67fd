"""The table's own sums as the referee of its reading (parse/_referee.py).

Built from real misreadings: a Markdown copy of a published PDF whose 表三 has a stray ``1``
where a cell was blank, and poppler's raw text of the real 淮安 PDF, whose 表四 numbers come out
of their order (``check`` on it once reported three 表四 errors the PDF does not contain).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import _referee, parse
from tests import strategies as S
from tests.conftest import CORPUS, ROOT

FORMAT = spec.get_format("2021")
APPLICATIONS = FORMAT.table("applications")
REAL_PDF = CORPUS / "01_huaian_city_gov_2024.pdf"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext is missing")


def _errors(findings: Any) -> list[tuple[str, str]]:
    return sorted((f.rule, f.path) for f in findings if f.severity == "error")


def test_stray_number_of_a_real_copy_is_placed_by_the_sums() -> None:
    """The Markdown copy of the 上海市科委 report prints 表三's 结转 总计 ``1`` on a line of its
    own: read literally, 表三 breaks two sums; the one blank cell that makes them hold takes it,
    and the finding says so (where the number was, which cell it went to)."""
    source = CORPUS / "02_shanghai_stcsm_2024.md"
    if not source.exists():
        pytest.skip(f"{source} is missing")
    result = parse(source)
    [chosen] = [f for f in result.findings if f.rule == "parse.sums_chosen"]
    assert chosen.path == "applications.carried_forward.total"
    assert "“1”（第 172 行）" in chosen.message
    assert "四、结转下年度继续办理 / 总计" in chosen.message
    assert result.report.applications.carried_forward.total == 1
    assert _errors(result.findings) == []
    assert not [f for f in result.findings if f.rule in {"parse.extra_number", "parse.uncertain_table"}]


def _pdftotext(pdf: Path, *flags: str) -> str:
    return subprocess.run(
        [str(PDFTOTEXT), *flags, str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout


@needs_pdftotext
def test_raw_text_of_the_real_pdf_accuses_no_one() -> None:
    """poppler's raw text of the real PDF prints 表四's numbers in five runs out of their order:
    six orders make every sum hold, so none is chosen; 表四 is told as uncertain with its
    candidates, and neither its sums nor the text's figures against it are reported as the
    agency's errors. The ``-layout`` text reads the published numbers with nothing uncertain."""
    if not REAL_PDF.exists():
        pytest.skip(f"{REAL_PDF} is missing")
    truth = parse(REAL_PDF)
    raw = parse(_pdftotext(REAL_PDF), "text")
    assert _errors(raw.findings) == _errors(truth.findings) == []
    [uncertain] = [f for f in raw.findings if f.rule == "parse.uncertain_table"]
    assert uncertain.path == "review_litigation"
    assert "有 6 种读法都使各项之和成立" in uncertain.message
    assert not [f for f in raw.findings if f.path.startswith("review_litigation.")]
    laid_out = parse(_pdftotext(REAL_PDF, "-layout"), "text")
    assert [f.rule for f in laid_out.findings if f.rule.startswith("parse.")] == []
    for key in ("active_disclosure", "applications", "review_litigation"):
        assert getattr(laid_out.report, key) == getattr(truth.report, key)


def _wrong(report: gd.Report, path: str, delta: int) -> gd.Report:
    data = gd.to_dict(report)
    *heads, last = path.split(".")
    here = data
    for key in heads:
        here = here[key]
    here[last] = here[last] + delta if here[last] + delta >= 0 else here[last] - delta
    return gd.from_dict(data, strict=False)


@given(
    S.parseable_reports(),
    st.sampled_from(S.HARD_CELLS),
    st.integers(-1000, 1000).filter(bool),
    st.sampled_from(["text", "markdown", "html"]),
)
def test_an_error_printed_in_a_table_read_with_certainty_is_reported(
    report: gd.Report, path: str, delta: int, fmt: str
) -> None:
    """A wrong number printed in 表三 or 表四 of a document read with certainty is the document's
    error: the referee changes nothing, and parse() reports exactly what check() reports of the
    report as printed."""
    wrong = _wrong(report, path, delta)
    result = parse(gd.render(wrong, fmt, force=True), fmt)
    assert (result.report, result.findings) == (wrong, tuple(gd.check(wrong)))


def _cells(report: gd.Report) -> dict[str, tuple[str, str] | None]:
    data = gd.to_dict(report)
    out: dict[str, tuple[str, str] | None] = {}
    for row in APPLICATIONS.data_rows():
        for path in row.paths:
            value: Any = data
            for key in path.split("."):
                value = value[key]
            out[path] = (str(value), "第 1 行")
    return out


@given(S.reports(), st.sampled_from(APPLICATIONS.data_rows()))
def test_a_row_read_as_missing_gets_its_stray_run_back(report: gd.Report, row: spec.DataRow) -> None:
    """A row of 表三 read as missing (0) while its seven numbers were read as a stray run: when
    the row is not all zeros the sums break, and the one reading that makes them hold puts the
    run back into that row; all zeros, the sums hold and the table is told as uncertain (the
    numbers may belong to the cells read as missing)."""
    truth = _cells(report)
    literal = dict(truth)
    literal.update(dict.fromkeys(row.paths, ("0", "表三")))
    reading = _referee.Reading(table=APPLICATIONS, cells=literal)
    reading.strays.append(([str(truth[p][0]) for p in row.paths], "第 9 行"))  # type: ignore[index]
    reading.missing.append(row)
    chosen = _referee.referee(reading, [], FORMAT)
    rules = [f.rule for f in chosen.findings]
    if all(truth[p] == ("0", "第 1 行") for p in row.paths):
        assert (rules, chosen.uncertain) == (["parse.uncertain_table"], True)
    else:
        values = {p: c[0] for p, c in chosen.cells.items() if c is not None}
        assert values == {p: c[0] for p, c in truth.items() if c is not None}
        assert (rules, chosen.uncertain) == (["parse.sums_chosen"], False)


def test_a_stray_that_fits_nowhere_leaves_the_table_uncertain() -> None:
    """A cell read as blank and a stray number that does not make the sums hold in it: no
    reading is chosen, the literal one is kept, and the finding says that no reading holds,
    which sums fail and what made the reading uncertain — never a table3.* error."""
    report = gd.load(Path(__file__).parent.parent / "examples" / "shanghang_gxkj_2024.yaml")
    truth = _cells(report)
    literal = dict(truth)
    cell = "applications.new.natural_person"
    literal[cell] = ("", "第 3 行")
    reading = _referee.Reading(table=APPLICATIONS, cells=literal)
    reading.strays.append(([str(int(truth[cell][0]) + 1)], "第 9 行"))  # type: ignore[index]
    chosen = _referee.referee(reading, [], FORMAT)
    [told] = [f.message for f in chosen.findings if f.rule == "parse.uncertain_table"]
    assert (chosen.cells, chosen.uncertain, chosen.doubtful_blanks) == (literal, True, True)
    assert "也没有另一种读法使各项之和成立" in told
    assert "有 1 个数字不属于任何一格" in told
    assert "“自然人”列" in told


def _column_major(report: gd.Report) -> str:
    """The report's text with 表三 as text taken from a PDF column by column: the headings, then
    every row label on a line of its own, then every number on a line of its own, column after
    column."""
    lines = gd.render(report, "text").split("\n")
    heads = [FORMAT.section(key).heading for key in ("applications", "review_litigation")]
    start, end = (next(i for i, line in enumerate(lines) if line.startswith(head)) for head in heads)

    def numbers(line: str) -> list[str]:
        return [c for c in line.split("\t") if c.strip().isdigit()]

    region = [line for line in lines[start + 1 : end] if line.strip()]
    head = [line for line in region if len(numbers(line)) < 7]
    rows = [line for line in region if len(numbers(line)) >= 7]
    labels = ["".join(c for c in row.split("\t") if c and not c.strip().isdigit()) for row in rows]
    columns = [numbers(row) for row in rows]
    body = head + labels + [row[c] for c in range(7) for row in columns]
    return "\n".join([*lines[: start + 1], *body, "", *lines[end:]])


def _table(report: gd.Report) -> dict[str, object]:
    """表三's numbers (the section's paragraphs are not part of what is printed column by
    column: the text above keeps them only as lines)."""
    table: dict[str, object] = gd.to_dict(report)["applications"]
    return {key: value for key, value in table.items() if key != "paragraphs"}


def test_a_table_printed_column_by_column_is_read_by_its_sums() -> None:
    """表三 as text extracted column by column (numbers one per line, after all the labels):
    read by rows, 29 sums fail; its rows were made of numbers from several lines, so the
    reading is uncertain, and read by columns every sum holds: that reading is used and said."""
    report = S.distinct_report()
    result = parse(_column_major(report), "text")
    [chosen] = [f for f in result.findings if f.rule.startswith("parse.")]
    assert (chosen.rule, chosen.path) == ("parse.sums_chosen", "applications")
    assert "逐列印出" in chosen.message
    assert result.report.applications == report.applications
    assert _errors(result.findings) == []


@given(S.parseable_reports())
def test_no_table_printed_column_by_column_is_accused(report: gd.Report) -> None:
    """Whatever the numbers, 表三 printed column by column earns no table3.* error: it reads back
    exactly, or it is told as uncertain (all zeros, for one, leave the rows' places open)."""
    result = parse(_column_major(report), "text")
    assert _errors(result.findings) == []
    rules = [f.rule for f in result.findings if f.rule.startswith("parse.")]
    if "parse.uncertain_table" not in rules:
        assert _table(result.report) == _table(report)


def _labels_above_numbers(text: str, first: str, count: int) -> str:
    """The text with ``count`` consecutive 表三 rows, from the one labelled ``first``, printed as
    PDF text often prints them: their labels first, then their rows of numbers, each on a line
    of its own."""
    lines = text.split("\n")
    a = next(i for i, line in enumerate(lines) if first in line)
    rows = [lines[i].split("\t") for i in range(a, a + count)]
    labels = ["\t".join(row[:3]) for row in rows]
    numbers = ["\t".join(["", "", "", *row[3:]]) for row in rows]
    return "\n".join([*lines[:a], *labels, *numbers, *lines[a + count :]])


def _with_wrong_total(report: gd.Report) -> gd.Report:
    data = gd.to_dict(report)
    data["applications"]["granted"]["total"] += 1
    return gd.from_dict(data, strict=False)


def test_rows_placed_by_order_with_equal_numbers_keep_a_printed_error() -> None:
    """Two rows whose labels are printed above their numbers are placed by order alone; holding
    the same numbers (all 0), they read the same in either order: the reading is certain, and a
    wrong 总计 printed in the table is reported."""
    report = _with_wrong_total(gd.load(ROOT / "examples" / "shanghang_gxkj_2024.yaml"))
    text = _labels_above_numbers(gd.render(report, "text", force=True), "2.没有现成", 2)
    result = parse(text, "text")
    assert result.report.applications == report.applications
    assert [f.rule for f in result.findings if f.rule.startswith("parse.")] == []
    assert _errors(result.findings) == _errors(gd.check(report)) != []


def test_rows_placed_by_order_with_other_numbers_leave_the_table_uncertain() -> None:
    """Three rows so printed, of different numbers: the last two are placed by order alone and
    in the other order would read otherwise, so a sum that fails is told as uncertain, not as
    the agency's error."""
    report = _with_wrong_total(S.distinct_report())
    text = _labels_above_numbers(gd.render(report, "text", force=True), "1.本机关不掌握", 3)
    result = parse(text, "text")
    assert result.report.applications == report.applications
    assert [f.rule for f in result.findings if f.rule.startswith("parse.")] == ["parse.uncertain_table"]
    assert _errors(result.findings) == []
