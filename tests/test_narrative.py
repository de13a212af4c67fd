"""Narrative numbers: counts quoted in the text against the tables, and quoted breakdowns."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from tests import strategies as S
from tests.conftest import CORPUS
from tests.test_model import minimal_dict

NARRATIVE_RULES = ("narrative.applications", "narrative.review_litigation", "narrative.breakdown")
PARAGRAPH = "overview.subsections.1.paragraphs.0"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def narrative(report: gd.Report) -> list[gd.Finding]:
    return [f for f in gd.check(report) if f.rule in NARRATIVE_RULES]


def with_text(data: dict[str, Any], *paragraphs: str) -> gd.Report:
    """``data`` with ``paragraphs`` as 一、总体情况 / （二）依申请公开情况."""
    data["overview"] = {
        "subsections": [
            {"title": "主动公开情况", "paragraphs": ["略。"]},
            {"title": "依申请公开情况", "paragraphs": list(paragraphs)},
        ]
    }
    return gd.from_dict(data)


def one_person(n: int) -> list[int]:
    """A 表三 row with ``n`` applications from 自然人."""
    return [n, 0, 0, 0, 0, 0]


def applications(new: int, granted: int, carried_over: int = 0, carried_forward: int = 0) -> dict[str, Any]:
    """minimal_dict() with consistent 表三 counts in the 自然人 column."""
    data = minimal_dict()
    apps = data["applications"]
    apps["new"] = one_person(new)
    apps["carried_over"] = one_person(carried_over)
    apps["granted"] = one_person(granted)
    apps["carried_forward"] = one_person(carried_forward)
    return data


# --- agreeing text gives nothing -------------------------------------------------------


def test_example_has_no_narrative_warning(example: gd.Report) -> None:
    """上杭: "依申请公开的政府信息1条，已办结1条" and "16 条，其中…3 条，…5 条，其他类信息 8 条"
    agree with the tables and with themselves."""
    assert narrative(example) == []


def test_example_narrative_is_read(example: gd.Report) -> None:
    """The example's "已办结1条" is tied to （七）总计: the same text over a table with 办结 0
    and 1 carried forward is flagged."""
    apps = attrs.evolve(
        example.applications,
        granted=gd.Row.of(0, 0, 0, 0, 0, 0),
        carried_forward=gd.Row.of(1, 0, 0, 0, 0, 0),
    )
    apps = attrs.evolve(apps, total=gd.Row.of(0, 0, 0, 0, 0, 0))
    findings = narrative(attrs.evolve(example, applications=apps))
    assert [(f.rule, f.path, f.expected, f.actual) for f in findings] == [
        ("narrative.applications", "applications.total.total", 0, 1)
    ]


# --- the documented real cases ------------------------------------------------------------


def test_changchun_accepted_two_against_three() -> None:
    """长春市退役军人事务局 2023: "共受理政府信息公开申请2件" while 表三 says 3 new, 0 carried over."""
    data = applications(new=3, granted=3)
    report = with_text(data, "本年度,共受理政府信息公开申请2件,都在法定期限内予以答复。")
    [finding] = narrative(report)
    assert (finding.rule, finding.severity, finding.path, finding.expected, finding.actual) == (
        "narrative.applications",
        "warning",
        "applications.new.total",
        3,
        2,
    )
    assert finding.cells == (PARAGRAPH, "applications.new.total", "applications.carried_over.total")
    assert finding.message.startswith("“共受理政府信息公开申请2件”：文中为 2，")
    assert spec.NEW.label in finding.message
    assert spec.CARRIED_OVER.label in finding.message
    assert finding.message.endswith("差额 -1")


def _section_five_case() -> dict[str, Any]:
    """The tables of invariants §5 item 6: 予以公开 272, 部分公开 3, （四）无法提供 265 + 47 + 25,
    行政复议 7 (2 pending), 未经复议直接起诉 9 (1 pending)."""
    data = applications(new=612, granted=272)
    apps = data["applications"]
    apps["partially_granted"] = one_person(3)
    apps["unavailable"] = {
        "not_held": one_person(265),
        "needs_creation": one_person(47),
        "still_unclear": one_person(25),
    }
    rl = data["review_litigation"]
    rl["review"] = {"upheld": 5, "corrected": 0, "other": 0, "pending": 2}
    rl["litigation_direct"] = {"upheld": 8, "corrected": 0, "other": 0, "pending": 1}
    return data


def test_granted_and_partially_granted_together() -> None:
    """The text's "予以公开及部分公开258件" against 272 + 3 = 275."""
    report = with_text(_section_five_case(), "本年度共收到政府信息公开申请612件，予以公开及部分公开258件。")
    [finding] = narrative(report)
    assert (finding.rule, finding.path, finding.expected, finding.actual) == (
        "narrative.applications",
        "applications.granted.total",
        275,
        258,
    )
    assert finding.cells == (PARAGRAPH, "applications.granted.total", "applications.partially_granted.total")
    assert spec.GRANTED.label in finding.message
    assert spec.PARTIALLY_GRANTED.label in finding.message
    assert "差额 -17" in finding.message


def test_unavailable_for_several_reasons_is_the_whole_group() -> None:
    """The text's "因本机关不掌握等原因无法提供265件": 等 makes it the whole （四）, 337, not its row 1."""
    text = "本年度共收到政府信息公开申请612件，因本机关不掌握等原因无法提供265件。"
    report = with_text(_section_five_case(), text)
    [finding] = narrative(report)
    group = spec.GROUP_BY_KEY["unavailable"]
    assert (finding.path, finding.expected, finding.actual) == ("applications.unavailable.*.total", 337, 265)
    assert finding.cells == (
        PARAGRAPH,
        *(f"applications.unavailable.{row.key}.total" for row in group.rows),
    )
    assert group.label in finding.message


def test_unavailable_for_one_reason_may_be_its_row() -> None:
    """The text's "因本机关不掌握相关信息无法提供265件" (one reason, no 等) agrees with row （四）1."""
    text = "本年度共收到政府信息公开申请612件，因本机关不掌握相关信息无法提供265件。"
    report = with_text(_section_five_case(), text)
    assert narrative(report) == []


def test_all_upheld_while_some_pending() -> None:
    """The text's "行政复议7件，诉讼9件，均获维持" while 表四 has 2 and 1 尚未审结: both groups
    are flagged at 结果维持."""
    report = with_text(_section_five_case(), "行政复议7件，诉讼9件，均获维持。")
    findings = narrative(report)
    assert [(f.rule, f.path, f.expected, f.actual) for f in findings] == [
        ("narrative.review_litigation", "review_litigation.review.upheld", 5, 7),
        ("narrative.review_litigation", "review_litigation.litigation_direct.upheld", 8, 9),
    ]
    assert findings[1].cells == (
        PARAGRAPH,
        "review_litigation.litigation_direct.upheld",
        "review_litigation.litigation_after_review.upheld",
        "review_litigation.litigation_direct.total",
        "review_litigation.litigation_after_review.total",
    )
    assert "尚未审结 2" in findings[0].message
    assert "差额 +2" in findings[0].message


def test_all_upheld_when_they_are() -> None:
    """The text's "均获维持" is fine when 结果维持 equals the quoted totals."""
    data = minimal_dict()
    rl = data["review_litigation"]
    rl["review"] = {"upheld": 7, "corrected": 0, "other": 0, "pending": 0}
    rl["litigation_after_review"] = {"upheld": 9, "corrected": 0, "other": 0, "pending": 0}
    assert narrative(with_text(data, "行政复议7件，诉讼9件，均获维持。")) == []


# --- 淮安 and 上海: real narratives that agree with their tables ---------------------------


def _lines(name: str) -> list[str]:
    """The corpus file's lines, without the PDF's page numbers (``- 4 -``)."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if not re.fullmatch(r"-\s*\d+\s*-", line.strip())]


def _block(lines: list[str], first: str, stop: str | None) -> str:
    """The lines after the heading ``first`` up to the heading ``stop``, joined: the PDF broke
    sentences across lines."""
    start = lines.index(first) + 1
    end = lines.index(stop) if stop is not None else len(lines)
    return "".join(lines[start:end])


def _subsections(block: str) -> list[dict[str, Any]]:
    """``（一）主动公开情况。text（二）…`` → subsections with title and one paragraph."""
    pieces = re.split(r"（[一二三四五六七八九]）", block)
    out = []
    for piece in pieces[1:]:
        title, _, body = piece.partition("。")
        out.append({"title": title, "paragraphs": [body]})
    return out


def huaian() -> dict[str, Any]:
    """淮安市人民政府 2024: the tables as expected.json reads them, the narrative from the text."""
    data: dict[str, Any] = json.loads(
        (CORPUS / "01_huaian_city_gov_2024.expected.json").read_text(encoding="utf-8")
    )
    lines = _lines("01_huaian_city_gov_2024.txt")
    headings = [s.heading for s in spec.SECTIONS]
    overview = _block(lines, headings[0], headings[1])
    intro, _, _ = overview.partition("（一）")
    data["preamble"] = [_block(lines, "2024 年政府信息公开工作年度报告", headings[0])]
    data["overview"] = {"paragraphs": [intro], "subsections": _subsections(overview)}
    data["problems"] = {"paragraphs": [_block(lines, headings[4], headings[5])]}
    data["other_matters"] = {"paragraphs": [_block(lines, headings[5], None)]}
    return data


def test_huaian_narrative_agrees() -> None:
    """淮安 2024: "全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件…）",
    "行政复议 351 件，其中结果维持 72 件…", "行政诉讼 46 件，其中…": no narrative warning."""
    report = gd.from_dict(huaian())
    assert len(report.overview.subsections) == 5
    assert narrative(report) == []


def test_huaian_narrative_is_read() -> None:
    """淮安 2024 with 2 复议 moved from 结果维持 to 其他结果 in the table: the text's 72 and 178
    are now both flagged (and its 351 still agrees)."""
    data = huaian()
    data["review_litigation"]["review"].update(upheld=70, other=180)
    findings = narrative(gd.from_dict(data))
    assert [(f.path, f.expected, f.actual) for f in findings] == [
        ("review_litigation.review.upheld", 70, 72),
        ("review_litigation.review.other", 180, 178),
    ]
    assert all(f.cells[0] == "overview.subsections.1.paragraphs.0" for f in findings)


def shanghai() -> dict[str, Any]:
    """上海市科委 2024: the tables as expected.json reads them, the narrative from the text."""
    data: dict[str, Any] = json.loads(
        (CORPUS / "02_shanghai_stcsm_2024.expected.json").read_text(encoding="utf-8")
    )
    lines = _lines("02_shanghai_stcsm_2024.md")
    titles = [line for line in lines if re.fullmatch(r"[一二三四五六]、\S+", line)][:7]
    data["overview"] = {
        "subsections": [
            {"title": title, "paragraphs": [_block(lines, title, following)]}
            for title, following in itertools.pairwise(titles)
        ]
    }
    return data


def test_shanghai_narrative_agrees() -> None:
    """上海市科委 2024: its 34 / 2 / 9 / 0 / 2 / 10 / 0 / 14 / 1 and 行政诉讼 0 agree with the tables;
    "所有申请均已按要求办理完成" beside 1 carried forward quotes no number and is not flagged;
    the website's "2139 条，其中 1744 + 393 + 21 + 2" is no exhaustive listing (no 其他)."""
    report = gd.from_dict(shanghai())
    texts = [p for sub in report.overview.subsections for p in sub.paragraphs]
    assert any("所有申请均已按要求办理完成" in t for t in texts)
    assert any("全年累计发布信息 2139 条" in t for t in texts)
    assert report.applications.carried_forward.total == 1
    assert narrative(report) == []


def test_shanghai_narrative_is_read() -> None:
    """上海市科委 2024 with one 不予公开 moved to 其他处理 in the table: both quotes flagged."""
    data = shanghai()
    apps = data["applications"]
    apps["withheld"]["internal_affairs"] = dict.fromkeys(spec.ROW_KEYS, 0)
    apps["other_handling"]["other"] = {**apps["other_handling"]["other"], "natural_person": 5, "total": 5}
    findings = narrative(gd.from_dict(data))
    assert [(f.path, f.expected, f.actual) for f in findings] == [
        ("applications.withheld.*.total", 1, 2),
        ("applications.other_handling.*.total", 15, 14),
    ]


# --- what is read, and how ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "path", "expected", "actual"),
    [
        ("本年新收政府信息公开申请 6 件。", "applications.new.total", 5, 6),
        ("本年受理申请８件。", "applications.new.total", 5, 8),
        ("上年结转政府信息公开申请3件。", "applications.carried_over.total", 2, 3),
        ("收到申请5件，办结 4 件。", "applications.total.total", 6, 4),
        ("收到申请5件，结转下年度继续办理2个。", "applications.carried_forward.total", 1, 2),
        ("收到申请5件，其中予以公开5件。", "applications.granted.total", 6, 5),
        ("收到申请5件，不予公开1件。", "applications.withheld.*.total", 0, 1),
        ("收到申请5件，不予处理1件。", "applications.not_processed.*.total", 0, 1),
        ("收到申请5件，其他处理1件。", "applications.other_handling.*.total", 0, 1),
    ],
)
def test_quoted_count_against_its_cell(sentence: str, path: str, expected: int, actual: int) -> None:
    """Each word of the vocabulary against its cell, with spaces, full-width digits, 件 / 个."""
    data = applications(new=5, granted=6, carried_over=2, carried_forward=1)
    [finding] = narrative(with_text(data, sentence))
    assert (finding.rule, finding.path, finding.expected, finding.actual) == (
        "narrative.applications",
        path,
        expected,
        actual,
    )


def test_received_may_include_carried_over() -> None:
    """T.2: "收到申请X件" agrees when X is 一 or 一 + 二; 新收 means 一 only."""
    data = applications(new=5, granted=7, carried_over=2)
    assert narrative(with_text(data, "共收到政府信息公开申请7件。")) == []
    assert narrative(with_text(applications(new=5, granted=7, carried_over=2), "共收到申请5件。")) == []
    [finding] = narrative(with_text(applications(new=5, granted=7, carried_over=2), "新收申请7件。"))
    assert (finding.path, finding.expected, finding.actual) == ("applications.new.total", 5, 7)


def test_thousands_separator_and_full_width() -> None:
    """The text's "3,119 件" and "３１１９件" are 3119."""
    data = applications(new=3119, granted=3119)
    assert narrative(with_text(data, "共受理申请3,119 件，办结３１１９件。")) == []


def test_litigation_is_both_lawsuit_groups() -> None:
    """The text's "行政诉讼Y件" = 未经复议直接起诉 + 复议后起诉; "复议后起诉" alone is its own group."""
    data = minimal_dict()
    rl = data["review_litigation"]
    rl["litigation_direct"] = {"upheld": 1, "corrected": 1, "other": 0, "pending": 0}
    rl["litigation_after_review"] = {"upheld": 1, "corrected": 0, "other": 0, "pending": 0}
    agreeing = "行政诉讼3件，其中结果维持2件，结果纠正1件，其他结果0件，尚未审结0件。复议后起诉1件。"
    assert narrative(with_text(data, agreeing)) == []
    [finding] = narrative(with_text(data, "行政诉讼4件。"))
    assert (finding.rule, finding.path, finding.expected, finding.actual) == (
        "narrative.review_litigation",
        "review_litigation.litigation_direct.total",
        3,
        4,
    )
    assert finding.cells[1:] == (
        "review_litigation.litigation_direct.total",
        "review_litigation.litigation_after_review.total",
    )


def test_paragraph_paths() -> None:
    """Findings name their paragraph: 前言 and a section's own paragraphs too."""
    data = applications(new=1, granted=1)
    data["preamble"] = ["本年受理申请2件。"]
    data["applications"]["paragraphs"] = ["略。", "本年受理申请3件。"]
    findings = narrative(gd.from_dict(data))
    assert [f.cells[0] for f in findings] == ["preamble.0", "applications.paragraphs.1"]


def test_last_year_carry_over_is_read() -> None:
    """The words "去年结转" names 二、上年结转 although 去年 alone marks another year."""
    data = applications(new=5, granted=7, carried_over=2)
    [finding] = narrative(with_text(data, "去年结转申请3件。"))
    assert (finding.path, finding.expected, finding.actual) == ("applications.carried_over.total", 2, 3)


def test_claim_covers_the_counts_since_the_last_claim() -> None:
    """In "行政复议5件，均获维持；诉讼9件，均获维持" each claim covers its own count."""
    data = _section_five_case()
    data["review_litigation"]["review"] = {"upheld": 5, "corrected": 0, "other": 0, "pending": 0}
    findings = narrative(with_text(data, "行政复议5件，均获维持；诉讼9件，均获维持。"))
    assert [(f.path, f.expected, f.actual) for f in findings] == [
        ("review_litigation.litigation_direct.upheld", 8, 9)
    ]


def test_long_fragment_is_cut() -> None:
    """A long clause is quoted by its last words, after an ellipsis."""
    data = applications(new=5, granted=5)
    [finding] = narrative(with_text(data, "本年" + "依法规范" * 60 + "受理申请6件。"))
    fragment = finding.message.split("”：")[0]
    assert fragment.startswith("“…")
    assert fragment.endswith("受理申请6件")
    assert len(fragment) < 130


def test_vocabulary_words_are_unique() -> None:
    """Every word of the vocabulary names one quantity only."""
    from gov_disclosure.checks.narrative import VOCABULARY

    words = [word for term in VOCABULARY for word in term.words]
    assert sorted(set(words)) == sorted(words)


# --- what is left alone ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "共收到群众留言92条。",  # not applications
        "去年受理申请9件。",  # another year
        "2023年，我局受理申请9件。",  # another year, named
        "受理申请数同比增加4件。",  # comparison
        "受理申请约9件。",  # estimate
        "本年受理申请9件以上。",  # estimate
        "收到申请5件，其中自然人申请予以公开3件。",  # a part by applicant
        "收到申请5件，其中县政府办予以公开3件。",  # a part by unit
        "收到申请5件，其中网上收到4件。",  # a part by channel
        "县政府办受理申请2件，县发改局受理申请3件。",  # one quantity, two values: a listing
        "依法在20个工作日内答复。",  # 个工作日 is no count
        "办理人大代表建议9件。",  # not applications
        "上年结转申请中予以公开2件。",  # a part of 予以公开
        "行政复议和行政诉讼各1件。",  # two groups at once
    ],
)
def test_unclear_counts_are_left_alone(sentence: str) -> None:
    """Counts that cannot be tied to one cell with confidence give no warning."""
    data = applications(new=5, granted=5)
    assert narrative(with_text(data, sentence)) == []


def test_all_completed_without_number_is_left_alone() -> None:
    """The text's "所有申请均已按要求办理完成" with 1 carried forward quotes no number: no warning."""
    data = applications(new=2, granted=1, carried_forward=1)
    assert narrative(with_text(data, "全年收到申请2件，所有申请均已按要求办理完成。")) == []


# --- breakdowns --------------------------------------------------------------------------


def test_breakdown_that_does_not_add_up() -> None:
    """The text's "16 条，其中…3 条，…5 条，其他类信息 9 条": 17 ≠ 16."""
    text = "主动公开政府信息 16 条，其中国土资源类信息 3 条，安全生产、应急管理类信息 5 条，其他类信息 9 条。"
    [finding] = narrative(with_text(minimal_dict(), text))
    assert (finding.rule, finding.path, finding.cells, finding.expected, finding.actual) == (
        "narrative.breakdown",
        PARAGRAPH,
        (PARAGRAPH,),
        17,
        16,
    )
    assert finding.message == (
        "“主动公开政府信息 16 条，其中国土资源类信息 3 条，安全生产、应急管理类信息 5 条，其他类信息 9 条”："
        "所列各项 3 + 5 + 9 = 17，而总数为 16，差额 -1"
    )


def test_breakdown_separated_by_semicolons_and_commas() -> None:
    """A ；-listing runs to the sentence end; a ，-listing ends at ；; parts joined by 、 count."""
    text = "发布信息10条，其中A类2条；B类3条、C类1条；其他3条。发布信息10条，其中A类2条，其他3条；另发布5条。"
    findings = narrative(with_text(minimal_dict(), text))
    assert [(f.expected, f.actual) for f in findings] == [(9, 10), (5, 10)]


@pytest.mark.parametrize(
    "text",
    [
        "发布信息10条，其中A类2条，B类3条。",  # no catch-all part: maybe not every part is listed
        "发布信息10条，其中A类7条，其他3条，同比增加1条。",  # the comparison is no part
        "发布信息10条，其中包括A类2条，其他3条。",  # 包括: not a clean start
        "发布信息10条，其中A类2条，其他法律类3条。",  # 其他法律…: a named part, not a catch-all
        "发布信息10条，其中A类2件，其他3件。",  # another unit
        "发布信息约10条，其中A类2条，其他3条。",  # an estimate
        "发布信息10条，其中A类2条。其他3条。",  # the listing ends with its sentence
    ],
)
def test_unclear_breakdowns_are_left_alone(text: str) -> None:
    """Only clear, exhaustive listings are added up."""
    assert narrative(with_text(minimal_dict(), text)) == []


# --- properties --------------------------------------------------------------------------

number_styles = st.sampled_from(["{}", " {} ", "{} "])


def _write(n: int, style: str, *, full_width: bool) -> str:
    digits = str(n).translate(FULL_WIDTH) if full_width else str(n)
    return style.format(digits)


def _with_sentence(report: gd.Report, sentence: str) -> gd.Report:
    apps = attrs.evolve(report.applications, paragraphs=(*report.applications.paragraphs, sentence))
    return attrs.evolve(report, applications=apps)


@given(S.reports(), number_styles, st.booleans())
def test_stated_table_numbers_give_no_warning(report: gd.Report, style: str, full_width: bool) -> None:
    """A sentence stating the table's 新收 and 办结 (any digits, any spacing) gives no warning."""
    apps = report.applications
    new = _write(apps.new.total, style, full_width=full_width)
    total = _write(apps.total.total, style, full_width=full_width)
    sentence = f"本年新收政府信息公开申请{new}件，办结{total}件。"
    assert narrative(_with_sentence(report, sentence)) == []


@given(S.reports(), st.sampled_from(["new", "total"]), st.integers(-1000, 1000).filter(bool))
def test_one_wrong_number_gives_one_warning_at_its_cell(report: gd.Report, which: str, delta: int) -> None:
    """With one of the two numbers wrong, exactly one warning, at that number's cell."""
    apps = report.applications
    numbers = {"new": apps.new.total, "total": apps.total.total}
    wrong = numbers[which] + delta if numbers[which] + delta >= 0 else numbers[which] - delta
    stated = {**numbers, which: wrong}
    sentence = f"本年新收政府信息公开申请{stated['new']}件，办结{stated['total']}件。"
    findings = narrative(_with_sentence(report, sentence))
    paragraph = f"applications.paragraphs.{len(apps.paragraphs)}"
    assert [(f.rule, f.path, f.expected, f.actual, f.cells[0]) for f in findings] == [
        ("narrative.applications", f"applications.{which}.total", numbers[which], wrong, paragraph)
    ]


# --- bounded memory on absurd paragraphs ---------------------------------------------------

ABSURD = {
    "a million （": "本年共收到政府信息公开申请1件" + "（" * 1_000_000,
    "300,000 × 1件，": "本年共收到政府信息公开申请" + "1件，" * 300_000,
    "100,000 sentences": "本年共收到政府信息公开申请1件。" * 100_000,
}


@pytest.mark.parametrize("name", sorted(ABSURD))
def test_absurd_paragraph_is_checked_in_bounded_memory(name: str) -> None:
    """A paragraph with a million tokens in one sentence, or a hundred thousand quoted counts,
    is checked without keeping a token (a match object) per token or a quote per count: the
    memory the check allocates stays under 8 MB (it was hundreds of MB, 1.6 GB for the
    5,000,000-token paragraph of the benchmark). Such a paragraph is no prose: it is left
    unread — no warning, since a wrong one would be worse than a missed one."""
    import tracemalloc

    data = applications(new=2, granted=2)  # the paragraph says 1: read, it would be a warning
    report = with_text(data, ABSURD[name])
    tracemalloc.start()
    try:
        findings = narrative(report)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (findings, peak < 8 * 1024 * 1024) == ([], True), peak


def test_long_paragraph_within_the_bounds_is_read() -> None:
    """A long paragraph of ordinary sentences (within the bounds) is still read and checked."""
    data = applications(new=2, granted=2)
    filler = "我局严格落实政府信息公开工作要求，及时回应社会关切。" * 2_000
    findings = narrative(with_text(data, filler + "本年共收到政府信息公开申请1件。"))
    assert [(f.rule, f.actual) for f in findings] == [("narrative.applications", 1)]
