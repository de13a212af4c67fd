"""Reading plain text: the renderer's own output and the layouts of copied and extracted text."""

from __future__ import annotations

import re

import pytest

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import ParseError, parse, parse_text
from tests.strategies import distinct_report


@pytest.fixture(scope="module")
def report() -> gd.Report:
    return distinct_report()


@pytest.fixture(scope="module")
def text(report: gd.Report) -> str:
    return str(gd.render(report, "text"))


def _reading(result: object) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings if f.rule.startswith("parse.")]  # type: ignore[attr-defined]


def _line(text: str, starts: str) -> str:
    return next(line for line in text.split("\n") if line.lstrip("\t").startswith(starts))


def test_renderer_text_reads_back(report: gd.Report, text: str) -> None:
    """The text renderer's output reads back as the report, with nothing found in reading."""
    result = parse(text, "text")
    assert (report, []) == (result.report, _reading(result))


def test_half_width_brackets_are_not_a_finding(report: gd.Report, text: str) -> None:
    """Half-width brackets and commas in labels are normalisation, not a label variant."""
    changed = text.replace("（", "(").replace("）", ")").replace("，", ",")
    result = parse(changed, "text")
    assert (report.applications, []) == (result.report.applications, _reading(result))


def test_row_left_out_is_filled_with_zeros_and_named(report: gd.Report, text: str) -> None:
    """A 表三 row left out reads as zeros with parse.row_missing; the rows after it stay put."""
    line = _line(text, "2.重复申请")
    result = parse(text.replace(line + "\n", ""), "text")
    expected = report.applications.not_processed.publication
    assert (expected, gd.Row.of(0, 0, 0, 0, 0, 0, 0)) == (
        result.report.applications.not_processed.publication,
        result.report.applications.not_processed.duplicate,
    )
    assert ("parse.row_missing", "applications.not_processed.duplicate") in _reading(result)


def test_leading_tab_shift_does_not_move_numbers(report: gd.Report, text: str) -> None:
    """A row shifted by extra leading or trailing tabs keeps its numbers (00 layout)."""
    line = _line(text, spec.CARRIED_OVER.label)
    shifted = line.replace("\t", "\t\t", 1) + "\t"
    result = parse(text.replace(line, shifted), "text")
    assert (report.applications.carried_over, []) == (
        result.report.applications.carried_over,
        _reading(result),
    )


@pytest.mark.parametrize("mark", ["-", "/", "无", "—", ""])
def test_blank_cell_reads_as_zero_with_a_finding(text: str, mark: str) -> None:
    """A blank, -, /, 无 or — where a number belongs reads as 0 and says so."""
    line = _line(text, spec.NEW.label)
    cells = line.split("\t")
    cells[2] = mark
    result = parse(text.replace(line, "\t".join(cells)), "text")
    expected = (0, [("parse.blank_cell", "applications.new.commercial")])
    assert expected == (
        result.report.applications.new.commercial,
        _reading(result),
    )


def test_two_numbers_in_one_cell_give_the_first(text: str) -> None:
    """Two numbers where one belongs: the first is read, parse.extra_number names the cell."""
    line = _line(text, spec.PUNISHMENT.label)
    result = parse(text.replace(line, f"{spec.PUNISHMENT.label}\t8 9"), "text")
    expected = (8, [("parse.extra_number", "active_disclosure.punishment")])
    assert expected == (
        result.report.active_disclosure.punishment,
        _reading(result),
    )


@pytest.mark.parametrize(
    ("official", "printed", "path"),
    [
        ("（七）总计", "（七）合计", "applications.total"),
        ("只计这一情形", "只计这一情况", "applications.partially_granted"),
        ("5.属于三类内部事务信息", "5.属于三类内容事务信息", "applications.withheld.internal_affairs"),
        (spec.NORMATIVE_DOCUMENTS.label, "规范性文件", "active_disclosure.normative_documents"),
    ],
)
def test_label_variant_reads_into_the_official_row(
    report: gd.Report, text: str, official: str, printed: str, path: str
) -> None:
    """A label worded differently or with a typo lands in its row, with parse.label_variant."""
    result = parse(text.replace(official, printed), "text")
    assert (gd.to_dict(report)["applications"], [("parse.label_variant", path)]) == (
        gd.to_dict(result.report)["applications"],
        _reading(result),
    )


def test_header_typo_is_a_label_variant(text: str) -> None:
    """A typo in a 表二 column heading (本年度止件数) is reported, the numbers still read."""
    result = parse(text.replace("本年废止件数", "本年度止件数"), "text")
    expected = [("parse.label_variant", "active_disclosure")]
    assert expected == _reading(result)


def test_heading_variant_is_reported(report: gd.Report, text: str) -> None:
    """五、政府信息公开工作存在的主要问题及改进情况 is read as section 五 with a finding."""
    changed = text.replace(spec.SECTIONS[4].heading, "五、政府信息公开工作存在的主要问题及改进情况")
    result = parse(changed, "text")
    assert (report.problems, [("parse.heading_variant", "problems")]) == (
        result.report.problems,
        _reading(result),
    )


def test_page_numbers_inside_tables_are_dropped(report: gd.Report, text: str) -> None:
    """Page numbers (- 4 -, 第 5 页) left in a table by PDF extraction are ignored."""
    line = _line(text, "4.保护第三方合法权益")
    changed = text.replace(line, f"{line}\n- 4 -\n第 5 页")
    assert report == parse(changed, "text").report


def test_pdf_extraction_layout_reads_back(report: gd.Report, text: str) -> None:
    """No blank lines, sentences wrapped every 12 characters, cells separated by spaces: the
    report reads back (lines not ending a sentence are joined)."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not line.endswith("。"):
            out.append(" ".join(c for c in line.split("\t") if c))
            continue
        out.extend(line[i : i + 12] for i in range(0, len(line), 12))
    assert report == parse("\n".join(out), "text").report


def test_label_wrapped_around_its_numbers(report: gd.Report, text: str) -> None:
    """A long label broken before and after its numbers (PDF layout) still finds its row."""
    label = spec.PARTIALLY_GRANTED.label
    line = _line(text, label)
    numbers = " ".join(line.split("\t")[2:])
    changed = text.replace(line, f"{label[:12]}\n{numbers}\n{label[12:]}")
    assert (report.applications, []) == (parse(changed, "text").report.applications, _reading(parse(changed)))


def test_vertical_label_one_character_per_line(report: gd.Report, text: str) -> None:
    """三、本年度办理结果 printed one character per line between the rows reads as nothing."""
    lines = text.split("\n")
    out: list[str] = []
    vertical = iter(spec.RESULTS_LABEL)
    for line in lines:
        out.append(line.replace(spec.RESULTS_LABEL, ""))
        if line.startswith("\t") and "属于" in line:
            out.append(next(vertical, ""))
    assert report.applications == parse("\n".join(out), "text").report.applications


def test_one_cell_per_line(report: gd.Report, text: str) -> None:
    """Tables flattened to one cell per line with a | line between cells (05 layout)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            for cell in line.split("\t"):
                if cell:
                    out.extend([cell, "|"])
        else:
            out.append(line)
    result = parse("\n".join(out), "text")
    assert (report.applications, report.review_litigation) == (
        result.report.applications,
        result.report.review_litigation,
    )


def test_pipe_separated_rows(report: gd.Report, text: str) -> None:
    """Rows written label | value | value | (a copied web table) read like tab rows."""
    changed = "\n".join(
        " | ".join(line.split("\t")) + " |" if "\t" in line else line for line in text.split("\n")
    )
    assert report == parse(changed, "text").report


def test_non_breaking_spaces_and_chrome_before_the_title(report: gd.Report, text: str) -> None:
    """Website chrome before the title and non-breaking spaces around cells are ignored."""
    chrome = "首页 > 政务公开 > 年度报告\n发布时间：2025-01-10\u00a0\u00a0来源：本局\n\n"
    changed = chrome + re.sub("\t", "\u00a0\t\u00a0", text)
    assert report == parse(changed, "text").report


def test_title_without_agency_takes_the_line_before(report: gd.Report, text: str) -> None:
    """淮安市人民政府 / 2024 年政府信息公开工作年度报告 on two lines: agency and year read."""
    head = f"{report.agency}\n{report.year} 年政府信息公开工作年度报告"
    changed = head + text[text.index("\n") :]
    result = parse(changed, "text")
    assert (report.agency, report.year) == (result.report.agency, result.report.year)


def test_text_without_sections_is_not_a_report() -> None:
    """A text with none of the six headings raises ParseError saying what was expected."""
    with pytest.raises(ParseError, match=spec.SECTIONS[0].heading):
        parse("通知\n\n各单位：请于月底前报送材料。", "text")


def test_document_ending_in_table_three_names_the_row(text: str) -> None:
    """A copy cut off inside 表三 raises ParseError naming the table and the row."""
    cut = text[: text.index("6.属于四类过程性信息") + len("6.属于四类过程性信息")]
    with pytest.raises(ParseError, match=r"表三.*6\.属于四类过程性信息"):
        parse(cut, "text")


def test_missing_title_is_a_parse_error(text: str) -> None:
    """Without a title naming agency and year, reading stops with ParseError."""
    changed = "年度工作情况" + text[text.index("\n") :]
    with pytest.raises(ParseError, match="标题"):
        parse(changed, "text")


def test_list_of_contents_is_not_taken_for_the_headings(report: gd.Report, text: str) -> None:
    """The six headings listed one per line before the report (a contents list) are skipped."""
    title, rest = text.split("\n", 1)
    contents = "\n".join(s.heading for s in spec.SECTIONS)
    result = parse(f"{title}\n{contents}\n{rest}", "text")
    assert (report.overview, report.applications) == (result.report.overview, result.report.applications)


def test_local_gloss_in_a_heading_is_a_label_variant(text: str) -> None:
    """现行有效件数（历史累计）: a local gloss inside an official heading is reported (F.4)."""
    result = parse(text.replace("现行有效件数", "现行有效件数（历史累计）"), "text")
    expected = [("parse.label_variant", "active_disclosure")]
    assert expected == _reading(result)


def test_headings_of_another_format_are_named(example: gd.Report) -> None:
    """A rendered report whose 表二 headings were renamed to the 2019 wording is not read as if
    nothing were amiss: each heading that is none of the format's earns a finding saying its
    column was read by position."""
    from gov_disclosure.spec import format2019

    text = gd.render(example, "text")
    assert isinstance(text, str)
    for new, old in zip(spec.DOCUMENT_COLUMNS, format2019.DOCUMENT_COLUMNS, strict=True):
        text = text.replace(new.label, old.label)
    result = parse_text(text)
    named = [f.actual for f in result.reading_findings if f.rule == "parse.label_variant"]
    assert named == [c.label for c in format2019.DOCUMENT_COLUMNS]
