"""The reviewer's desk: ``gov-disclosure review`` and ``gd.review`` on the real corpus (no false
alarm), on mutated copies (each check's alarm), on a batch of rendered reports with injected
errors (every one coloured on its page, the index counting right), and its outputs: pages,
index, workbook, CSV, JSON lines, the cache."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.checks.reviewer import (
    agency_kind,
    agency_level,
    reviewer_findings,
    same_agency,
    similarity,
)
from gov_disclosure.cli import main
from gov_disclosure.review import CACHE_NAME, ReviewedReport, ReviewError, load_profile
from gov_disclosure.review._batch import review_job
from gov_disclosure.review._document import deadline, parse_date, published_date
from gov_disclosure.review._groups import group_findings
from tests import strategies as S
from tests.conftest import CORPUS, EXAMPLE_YAML, ROOT
from tests.review_batch import make_batch

DOCUMENTS = sorted(
    p
    for p in CORPUS.iterdir()
    if p.is_file() and p.suffix in {".txt", ".pdf", ".md", ".html"} and p.name != "README.md"
)
STATE_CLASSES = ("error", "warning", "uncertain")
SHANGHANG = CORPUS / "00_shanghang_gxkj_2024.txt"
SHUYANG = CORPUS / "03_shuyang_drc_2023.html"
HUAIAN = CORPUS / "01_huaian_city_gov_2024.txt"


def _reviewer(result: ReviewedReport) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings if f.rule.startswith("review.")]


def _page(output: Path, result: ReviewedReport) -> Any:
    import lxml.html

    assert result.page is not None
    return lxml.html.fromstring((output / result.page).read_bytes())


def _marked(page: Any) -> dict[str, str]:
    """data-path → state class of every value cell the page marks."""
    out = {}
    for td in page.iter("td"):
        path = td.get("data-path")
        states = [c for c in (td.get("class") or "").split() if c in STATE_CLASSES]
        if path is not None and states:
            assert len(states) == 1, (path, states)
            out[path] = states[0]
    return out


def _state(f: gd.Finding) -> str:
    if f.severity == "error":
        return "error"
    return "uncertain" if f.rule.startswith("parse.") else "warning"


def _named(findings: tuple[gd.Finding, ...], printed: set[str]) -> dict[str, str]:
    """The cells the findings name, as docs/review.md defines it, each with the strongest
    state naming it: a finding's ``cells`` (else its ``path``), each a printed value, a row or
    group (its values), or a ``*`` pattern (the values it matches)."""
    order = {s: n for n, s in enumerate(STATE_CLASSES)}
    out: dict[str, str] = {}
    for f in findings:
        for path in f.cells or (f.path,):
            if path in printed:
                hits = {path}
            elif "*" in path:
                head, tail = path.split(".*.")
                hits = {p for p in printed if p.startswith(head + ".") and p.endswith("." + tail)}
            elif "." in path:
                hits = {p for p in printed if p.startswith(path + ".")}
            else:
                hits = set()
            for p in hits:
                if p not in out or order[_state(f)] < order[out[p]]:
                    out[p] = _state(f)
    return out


def _printed(page: Any) -> set[str]:
    return {td.get("data-path") for td in page.iter("td") if td.get("data-path")}


def _index_rows(output: Path) -> list[list[Any]]:
    text = (output / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="gd-data">(.*?)</script>', text, re.S)
    assert m is not None
    rows: list[list[Any]] = json.loads(m.group(1))["rows"]
    return rows


# --- the real corpus: no false alarm ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gd.review.Review]:
    out = tmp_path_factory.mktemp("corpus") / "review"
    return out, gd.review(DOCUMENTS, out)


def test_corpus_no_false_alarm(corpus_review: tuple[Path, Any]) -> None:
    """Of the reviewer's checks, only review.structure speaks on the real corpus, for the
    上海市科委 report whose narrative numbers its own sections 一 to 六 and whose tables follow under
    一、二、三、五 — true of the published document."""
    _, result = corpus_review
    found = {Path(r.source).name: _reviewer(r) for r in result.reports}
    assert found == {
        "00_shanghang_gxkj_2024.txt": [],
        "01_huaian_city_gov_2024.pdf": [],
        "01_huaian_city_gov_2024.txt": [],
        "02_shanghai_stcsm_2024.md": [("review.structure", "")],
        "03_shuyang_drc_2023.html": [],
    }
    shanghai = next(r for r in result.reports if "shanghai" in r.source)
    structure = next(f for f in shanghai.findings if f.rule == "review.structure")
    assert (
        "“一、主动公开政府信息情况”（第 73 行）在“六、政府信息公开平台建设”之后重新编号" in structure.message
    )
    assert "全文一级标题依次为 一、二、三、四、五、六、一、二、三、五" in structure.message
    shuyang = next(r for r in result.reports if "shuyang" in r.source)
    assert shuyang.published_on == "2024-01-17"  # <publishtime>, on time for a county department
    # the 上海 copy's stray 1 is read into the 总计 left blank beside it, the one reading whose
    # sums hold (parse.sums_chosen): no hard rule is reported as failed
    assert result.status == 0
    assert [f.path for f in shanghai.findings if f.rule == "parse.sums_chosen"] == [
        "applications.carried_forward.total"
    ]


def test_corpus_grouped_blank_cells(corpus_review: tuple[Path, Any]) -> None:
    """The 沭阳 page's 125 blank cells are one line, and all 125 cells are marked uncertain."""
    out, result = corpus_review
    shuyang = next(r for r in result.reports if "shuyang" in r.source)
    blank = [g for g in shuyang.groups if g.rule == "parse.blank_cell"]
    assert [(g.line, g.count) for g in blank] == [
        ("表三“法人或其他组织”五列在全部 25 行中为空（125 格），按 0 读入", 125)
    ]
    page = _page(out, shuyang)
    marked = _marked(page)
    columns = [c.key for c in spec.APPLICANT_COLUMNS[1:]]
    blanks = {p for p, s in marked.items() if s == "uncertain" and p.startswith("applications.")}
    assert len(blanks) == 125
    assert {p.rsplit(".", 1)[1] for p in blanks} == set(columns)
    lines = [li.text_content() for li in page.iter("li") if li.get("data-rule") == "parse.blank_cell"]
    assert len(lines) == 1


def test_corpus_marked_cells_are_exactly_those_named(corpus_review: tuple[Path, Any]) -> None:
    """On every page, the cells with a state class are exactly the cells the findings name, each
    in the strongest state naming it, and each keeps its data-path."""
    out, result = corpus_review
    for r in result.reports:
        page = _page(out, r)
        assert _marked(page) == _named(r.findings, _printed(page)), r.source


def test_corpus_quoted_sentence_marked(tmp_path: Path) -> None:
    """A narrative warning's quoted words are marked in their paragraph: the 上海 copy with its
    narrative made to say 3 applications carried forward where its table has 1."""
    source = next(d for d in DOCUMENTS if "shanghai" in str(d))
    text = Path(source).read_text(encoding="utf-8")
    assert text.count("年度办理答复的有 1 件。") == 1
    changed = tmp_path / Path(source).name
    changed.write_text(text.replace("年度办理答复的有 1 件。", "年度办理答复的有 3 件。"), encoding="utf-8")
    out = tmp_path / "review"
    (shanghai,) = gd.review([changed], out).reports
    page = _page(out, shanghai)
    marks = [m.text_content() for m in page.iter("mark") if "warning" in (m.get("class") or "")]
    assert "转下一年度办理答复的有 3 件" in marks


def test_corpus_index_counts(corpus_review: tuple[Path, Any]) -> None:
    out, result = corpus_review
    rows = _index_rows(out)
    assert [(r[6], r[7], r[8]) for r in rows] == [(x.errors, x.warnings, x.uncertain) for x in result.reports]
    assert [r[0] for r in rows] == [x.page for x in result.reports]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    assert "@page { size: A4" in html


def test_corpus_pages_load_nothing_from_elsewhere(corpus_review: tuple[Path, Any]) -> None:
    """The index and every page work offline: no script, image, style sheet or font is
    loaded from a file or an address (a link to a report's source is only a link)."""
    out, result = corpus_review
    for name in ["index.html", *(r.page for r in result.reports)]:
        page = lxml.html.fromstring((out / str(name)).read_bytes())
        assert [e.tag for e in page.iter() if e.get("src") is not None or e.tag == "link"] == [], name
        styles = " ".join(e.text_content() for e in page.iter("style"))
        assert "url(" not in styles, name
        assert "@import" not in styles, name


# --- mutated copies: each check's alarm ----------------------------------------------------------


def _mutated(tmp_path: Path, source: Path, *changes: tuple[str, str], name: str | None = None) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / (name or source.name)
    path.write_text(text, encoding="utf-8")
    return path


def _reviewed(*files: Path, **options: Any) -> list[ReviewedReport]:
    return list(gd.review(files, **options).reports)


def test_year_alarms(tmp_path: Path) -> None:
    """A 统计时限 of another year, and a sentence about last year's work with a count."""
    path = _mutated(
        tmp_path,
        SHANGHANG,
        ("自2024年1月1日起至2024年12月31日止", "自2023年1月1日起至2023年12月31日止"),
        (
            "2024年度我局依申请公开的政府信息1条",
            "2023年，我局共收到政府信息公开申请5件。2024年度我局依申请公开的政府信息1条",
        ),
    )
    (result,) = _reviewed(path)
    years = [f for f in result.findings if f.rule == "review.year"]
    assert [f.message for f in years] == [
        "“自2023年1月1日起至2023年12月31日止”：统计时限为 2023 年，而报告年度为 2024",
        "“2023年，我局共收到政府信息公开申请5件”：说的是 2023 年的工作，而本报告是 2024 年度报告"
        "（疑似沿用了其他年度报告的文字）",
    ]
    assert years[0].path == "preamble.0"
    assert years[1].cells == ("overview.subsections.1.paragraphs.0",)


def test_year_left_alone() -> None:
    """Comparisons, spans, later years and 五 say nothing."""
    report = gd.load(EXAMPLE_YAML)
    sentences = (
        "2023年，我局共收到政府信息公开申请5件，同比下降。",
        "2021年以来，累计受理申请12件。",
        "2025年，我局将发布更多信息，力争公开30条。",
    )
    changed = gd.from_dict({**gd.to_dict(report), "preamble": list(sentences)})
    assert [f for f in reviewer_findings(changed) if f.rule == "review.year"] == []


def test_agency_alarms(tmp_path: Path) -> None:
    """A contact paragraph naming a sibling agency, and a 落款 of another county."""
    contact = _mutated(
        tmp_path, SHANGHANG, ("可与上杭县工信科技局综合股联系", "可与上杭县自然资源局综合股联系")
    )
    signed = _mutated(tmp_path, SHUYANG, ("沭阳县发展和改革局</o:p>", "泗阳县发展和改革局</o:p>"))
    found = [
        [(f.path, f.actual) for f in r.findings if f.rule == "review.agency"]
        for r in _reviewed(contact, signed)
    ]
    assert found == [
        [("preamble.0", "上杭县自然资源局综合股")],
        [("other_matters.paragraphs.1", "泗阳县发展和改革局")],
    ]


@pytest.mark.parametrize(
    ("title", "other", "agrees"),
    [
        ("上杭县工信科技局", "上杭县工信科技局综合股", True),
        ("沭阳县发展和改革局", "沭阳县发改局", True),
        ("上海市科委", "市科委", True),
        ("淮安市人民政府", "江苏省淮安市人民政府办公室", True),
        ("淮安市人民政府", "淮安市政务服务管理办公室", True),
        ("沭阳县发展和改革局", "县政府办公室", True),
        ("沭阳县发展和改革局", "泗阳县发展和改革局", False),
        ("沭阳县发展和改革局", "沭阳县自然资源局", False),
        ("淮安市人民政府", "淮安市清江浦区人民政府办公室", False),
        # longer than any agency's name: not read, so no contradiction is claimed
        ("甲县" * 40 + "人民政府", "乙县人民政府", True),
        ("乙县人民政府", "甲县" * 40 + "人民政府", True),
    ],
)
def test_same_agency(title: str, other: str, agrees: bool) -> None:
    assert same_agency(title, other) is agrees


@pytest.mark.parametrize(
    ("name", "kind", "level"),
    [
        ("上杭县工信科技局", "department", "county"),
        ("淮安市人民政府", "government", "higher"),
        ("上海市科委", "department", "higher"),
        ("广州市海珠区官洲街道办事处", "township", "township"),
        ("尼勒克县乌赞乡人民政府", "township", "township"),
        ("广州市海珠区人民政府", "government", "county"),
        ("某县城市管理局", "department", "county"),
        ("国家税务总局", "unknown", "unknown"),
        ("甲县" * 40 + "人民政府", "unknown", "unknown"),
    ],
)
def test_agency_kind(name: str, kind: str, level: str) -> None:
    assert (agency_kind(name), agency_level(name)) == (kind, level)


def test_structure_alarm(tmp_path: Path) -> None:
    """A 五 numbered 六 and a 六 numbered 七: the numbering is named."""
    path = _mutated(
        tmp_path,
        SHANGHANG,
        ("五、存在的主要问题及改进情况", "六、存在的主要问题及改进情况"),
        ("六、其他需要报告的事项", "七、其他需要报告的事项"),
    )
    (result,) = _reviewed(path)
    (structure,) = [f for f in result.findings if f.rule == "review.structure"]
    assert "全文一级标题依次为 一、二、三、四、六、七" in structure.message


def test_structure_restart_inside_a_section(tmp_path: Path) -> None:
    path = _mutated(tmp_path, SHANGHANG, ("（二）改进措施", "一、改进措施"))
    (result,) = _reviewed(path)
    (structure,) = [f for f in result.findings if f.rule == "review.structure"]
    assert "“一、改进措施”（第 98 行）在“五、存在的主要问题及改进情况”之后重新编号" in structure.message


def test_structure_ignores_the_pages_own_numbered_lines(tmp_path: Path) -> None:
    """A web page's menu before the report and its list of other articles after it, numbered
    一、二、, are not headings of the report: no structure finding."""
    path = _mutated(
        tmp_path,
        SHUYANG,
        ("<article>", "<ul><li>一、机构概况</li><li>二、政策文件</li></ul><article>"),
        ("</article>\n</body>", "<ul><li>一、相关报告</li><li>二、网站地图</li></ul></article>\n</body>"),
    )
    (result,) = _reviewed(path)
    assert result.error is None
    assert [f for f in result.findings if f.rule == "review.structure"] == []


def test_overview_topics_alarm() -> None:
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["overview"] = {"paragraphs": ["2024年，我局主动公开政府信息16条。"]}
    found = [f for f in reviewer_findings(gd.from_dict(data)) if f.rule == "review.overview_topics"]
    assert [f.actual for f in found] == ["依申请公开、政府信息管理、政府信息公开平台建设、监督保障"]


def test_problems_alarms() -> None:
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["problems"] = {"paragraphs": ["无。"]}
    (boiler,) = [f for f in reviewer_findings(gd.from_dict(data)) if f.rule == "review.problems"]
    assert boiler.message == "“五、存在的主要问题及改进情况”只有“无”，没有写明存在的问题和改进情况"
    data["problems"] = {"paragraphs": ["我局认真学习条例精神，各项工作取得了明显成效，群众满意度持续上升。"]}
    rules = [f.message for f in reviewer_findings(gd.from_dict(data)) if f.rule == "review.problems"]
    assert rules == [
        "“五、存在的主要问题及改进情况”没有写明存在的问题（未见“问题”“不足”“有待”等说法）",
        "“五、存在的主要问题及改进情况”没有写明改进措施（未见“改进”“整改”“加强”等说法）",
    ]


def test_problems_last_year() -> None:
    report = gd.load(EXAMPLE_YAML)
    last = gd.from_dict({**gd.to_dict(report), "year": 2023})
    (found,) = [f for f in reviewer_findings(report, last) if f.rule == "review.problems_last_year"]
    assert found.message == (
        "“五、存在的主要问题及改进情况”没有说明 2023 年度报告所列问题的整改情况"
        "（未见“上年”“去年”“已整改”等说法）"
    )
    data = gd.to_dict(report)
    data["problems"]["subsections"][1]["paragraphs"].append("上年度报告所列问题已整改完毕。")
    assert [
        f for f in reviewer_findings(gd.from_dict(data), last) if f.rule == "review.problems_last_year"
    ] == []
    assert [f for f in reviewer_findings(report) if f.rule == "review.problems_last_year"] == []


def test_fee_statement_and_contradiction() -> None:
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["other_matters"] = {"paragraphs": ["本年度无其他需要报告的事项。"]}
    rules = [f.rule for f in reviewer_findings(gd.from_dict(data))]
    assert "review.fee_statement" in rules
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    fee_unpaid = data["applications"]["other_handling"]["fee_unpaid"]
    fee_unpaid.update(natural_person=2, total=2)
    data["applications"]["new"].update(natural_person=3, total=3)
    data["applications"]["total"].update(natural_person=3, total=3)
    report = gd.from_dict(data)
    (found,) = [f for f in reviewer_findings(report) if f.rule == "review.fee_contradiction"]
    assert found.path == "applications.other_handling.fee_unpaid.total"
    assert found.cells == ("applications.other_handling.fee_unpaid.total", "other_matters.paragraphs.0")
    assert found.message.startswith(
        "“2024年我局无收取信息处理费情况”：文中称未收费，而表三“三、本年度办理结果 /（六）其他处理 / 2."
    )
    # 淮安 says what it collected, and its (六)2 is 6: no contradiction
    assert not [f for f in reviewer_findings(gd.parse(HUAIAN).report) if f.rule.startswith("review.fee")]


def test_copied_from_last_year() -> None:
    report = gd.load(EXAMPLE_YAML)
    text = json.dumps(gd.to_dict(report), ensure_ascii=False).replace("2024", "2023")
    last = gd.from_dict(json.loads(text))
    copied = {f.path: f.actual for f in reviewer_findings(report, last) if f.rule == "review.copied"}
    assert copied == {"preamble": "100%", "overview": "100%", "problems": "100%"}  # 六 is one short line
    assert similarity("我局2024年主动公开16条。", "我局2023年主动公开9条。") == 1.0
    assert similarity("一二三四五六", "七八九十百千") == 0.0


def test_published_late(tmp_path: Path) -> None:
    """The 沭阳 page published after 1月31日; a manifest date; a manifest kind of 政府."""
    late = _mutated(
        tmp_path, SHUYANG, ("<publishtime>2024-01-17</publishtime>", "<publishtime>2024-02-05</publishtime>")
    )
    (result,) = _reviewed(late)
    (found,) = [f for f in result.findings if f.rule == "review.published_late"]
    assert found.message == (
        "发布日期为 2024-02-05（<publishtime>，第 198 行），"
        "晚于《政府信息公开条例》第四十九条规定的 2024 年 1 月 31 日"
        "（“沭阳县发展和改革局”按县级以上人民政府部门计），迟了 5 天"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,url,published_on,kind\n"
        f"{SHANGHANG.name},https://example.gov.cn/a.html,2025-03-01,\n"
        f"{HUAIAN.name},,2025年3月31日,\n",
        encoding="utf-8",
    )
    shanghang, huaian = _reviewed(SHANGHANG, HUAIAN, manifest=manifest)
    assert [f.expected for f in shanghang.findings if f.rule == "review.published_late"] == ["2025-01-31"]
    assert shanghang.url == "https://example.gov.cn/a.html"
    assert [f for f in huaian.findings if f.rule == "review.published_late"] == []  # a government: 3月31日
    manifest.write_text(f"file,url,published_on,kind\n{SHANGHANG.name},,2025-03-01,政府\n", encoding="utf-8")
    (as_government,) = _reviewed(SHANGHANG, manifest=manifest)
    assert [f for f in as_government.findings if f.rule == "review.published_late"] == []


def test_published_date_sources() -> None:
    assert published_date('<meta name="PubDate" content="2024-01-20 09:30">') == (
        datetime.date(2024, 1, 20),
        '<meta name="pubdate">，第 1 行',
    )
    assert published_date("发布时间：2024-01-20\n正文") is not None
    assert published_date("发布时间：2024-01-20\n相关文章 发布时间：2024-03-01") is None  # two dates: none
    assert parse_date("2024年1月7日") == datetime.date(2024, 1, 7)
    assert deadline(2024, "township") is None
    assert deadline(2024, "government") == (datetime.date(2025, 3, 31), "县级以上地方人民政府")


def test_template_mixed(tmp_path: Path) -> None:
    """A 2021 report printing （六）其他处理 as one row mixes the two templates: its page marks the
    row's cells with format.collapsed_row, and the index names the mix."""
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["applications"]["other_handling"] = [0, 0, 0, 0, 0, 0]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    (result,) = gd.review([path], out).reports
    (found,) = [f for f in result.findings if f.rule == "format.collapsed_row"]
    assert found.path == "applications.other_handling"
    assert len(found.cells) == 7
    assert (result.format, result.template) == ("2021", "2021（混用 2019 年格式）")
    marked = _marked(_page(out, result))
    assert {p for p in marked if p.startswith("applications.other_handling.")} == set(found.cells)


def _zero_dict(fmt: spec.Format, year: int) -> dict[str, Any]:
    data: dict[str, Any] = {"format": fmt.id, "agency": "某市某局", "year": year}
    zero = {"fee": "0", "amount": "0"}
    for table in fmt.tables:
        for row in table.data_rows():
            for path, kind in zip(row.paths, row.kinds, strict=True):
                here = data
                *heads, last = path.split(".")
                for key in heads:
                    here = here.setdefault(key, {})
                here[last] = zero.get(kind, 0)
    return data


def test_template_2019(tmp_path: Path) -> None:
    """A 2021 report in the 2019 template is named (format.template_year); a 2020 one is not;
    its page is drawn in its own format."""
    late = gd.from_dict(_zero_dict(spec.FORMAT_2019, 2021))
    assert [f.rule for f in gd.check(late) if f.rule == "format.template_year"] == ["format.template_year"]
    on_time = gd.from_dict(_zero_dict(spec.FORMAT_2019, 2020))
    assert [f for f in gd.check(on_time) if f.rule == "format.template_year"] == []
    path = tmp_path / "r2019.json"
    path.write_text(json.dumps(_zero_dict(spec.FORMAT_2019, 2021), ensure_ascii=False), encoding="utf-8")
    (result,) = gd.review([path], tmp_path / "out").reports
    assert (result.format, result.template) == ("2019", "2019（非本年度格式）")
    assert "format.template_year" in [f.rule for f in result.findings]
    page = (tmp_path / "out" / "r2019.json.html").read_text(encoding="utf-8")
    assert 'data-path="active_disclosure.procurement.amount"' in page


def test_count_jump() -> None:
    report = gd.load(EXAMPLE_YAML)
    data = gd.to_dict(report)
    data["active_disclosure"]["punishment"] = 150
    this = gd.from_dict(data)
    last = gd.from_dict(
        {
            **gd.to_dict(report),
            "year": 2023,
            "active_disclosure": {**data["active_disclosure"], "punishment": 3},
        }
    )
    (found,) = [f for f in reviewer_findings(this, last) if f.rule == "review.count_jump"]
    assert found.message == (
        "“行政处罚 / 本年处理决定数量”为 150，2023 年度为 3，增加到约 50 倍；请核对是否填错（如单位、位数）"
    )
    data["active_disclosure"]["punishment"] = 30  # larger one under 100: left alone
    assert not [f for f in reviewer_findings(gd.from_dict(data), last) if f.rule == "review.count_jump"]


def test_regulations_power() -> None:
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["active_disclosure"]["regulations"] = {"issued": 0, "repealed": 0, "in_force": 6}
    town = gd.from_dict({**data, "agency": "某县某镇人民政府"})
    (found,) = [f for f in reviewer_findings(town) if f.rule == "review.regulations_power"]
    assert found.cells == ("active_disclosure.regulations.in_force",)
    assert found.message.startswith("“某县某镇人民政府”是乡镇（街道）机关，没有规章制定权")
    county = gd.from_dict({**data, "agency": "上杭县工信科技局"})
    assert "县级人民政府的部门" in next(
        f.message for f in reviewer_findings(county) if f.rule == "review.regulations_power"
    )
    city = gd.from_dict({**data, "agency": "淮安市人民政府"})
    assert not [f for f in reviewer_findings(city) if f.rule == "review.regulations_power"]


def test_documented_messages() -> None:
    """The example messages of docs/checks.md for review.* are messages the checks write."""
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    section = text.split("## The reviewer's checks", 1)[1].split("## Reading published reports", 1)[0]
    documented = dict(re.findall(r"### `(review\.[a-z_]+)`.*?\nMessage: `([^`]+)`", section, re.S))
    assert set(documented) == {r.id for r in gd.findings.RULES if r.id.startswith("review.")}
    produced = {
        "review.problems": "“五、存在的主要问题及改进情况”只有“无”，没有写明存在的问题和改进情况",
        "review.problems_last_year": (
            "“五、存在的主要问题及改进情况”没有说明 2023 年度报告所列问题的整改情况"
            "（未见“上年”“去年”“已整改”等说法）"
        ),
    }
    for rule, message in produced.items():
        assert documented[rule] == message


# --- a batch with injected errors -------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any], Any]:
    folder = tmp_path_factory.mktemp("batch")
    injected = make_batch(folder / "in", 24)
    out = folder / "review"
    code = main(["review", *map(str, (i.path for i in injected)), "-o", str(out), "--jobs", "2"])
    assert code == 1  # injected errors
    return out, injected, gd.review([i.path for i in injected], out)


def test_injected_errors_coloured(batch: tuple[Path, list[Any], Any]) -> None:
    """Every injected error's cell is marked error on its report's page, every injected
    narrative warning's sentence marked warning, and the index counts each report's errors."""
    out, injected, result = batch
    rows = _index_rows(out)
    assert len(rows) == len(injected)
    for case, r, row in zip(injected, result.reports, rows, strict=True):
        page = _page(out, r)
        marked = _marked(page)
        for cell in case.error_cells:
            assert marked.get(cell) == "error", (case.path.name, cell)
        marks = [m.text_content() for m in page.iter("mark") if m.get("class") == "warning"]
        for quote in case.quotes:
            assert quote in marks, (case.path.name, quote)
        assert r.errors == case.errors == row[6]
        assert row[7] == r.warnings
        assert row[8] == r.uncertain
        assert marked == _named(r.findings, _printed(page))
        assert r.agency == case.agency


def test_rerun_reuses_unchanged(batch: tuple[Path, list[Any], Any], tmp_path: Path) -> None:
    """A rerun over the same folder reuses every unchanged file; a changed one is read again."""
    out, injected, result = batch
    assert result.reused == len(injected)  # the fixture's second run
    copy = tmp_path / "review"
    shutil.copytree(out, copy)
    changed = injected[0].path
    original = changed.read_text(encoding="utf-8")
    try:
        changed.write_text(original.replace("示例市第1局", "示例市第1局 "), encoding="utf-8")
        again = gd.review([i.path for i in injected], copy)
    finally:
        changed.write_text(original, encoding="utf-8")
    assert again.reused == len(injected) - 1
    assert not again.reports[0].reused
    cache = json.loads((copy / CACHE_NAME).read_text(encoding="utf-8"))
    assert len(cache["reports"]) == len(injected)


def test_corrupt_cache_is_ignored(batch: tuple[Path, list[Any], Any], tmp_path: Path) -> None:
    out, injected, _ = batch
    copy = tmp_path / "review"
    shutil.copytree(out, copy)
    (copy / CACHE_NAME).write_text("{not json", encoding="utf-8")
    again = gd.review([i.path for i in injected[:3]], copy)
    assert again.reused == 0
    assert len(again.reports) == 3


def test_csv_jsonl_xlsx_agree(batch: tuple[Path, list[Any], Any]) -> None:
    """findings.csv, findings.jsonl and the sheet 问题 hold the same rows; 汇总 a row per report;
    both sheets with a frozen heading, filters and widths."""
    import openpyxl

    out, injected, result = batch
    text = (out / "findings.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "file",
        "agency",
        "rule",
        "severity",
        "path",
        "labels",
        "message",
        "expected",
        "actual",
    ]
    total = sum(len(r.findings) for r in result.reports)
    assert len(rows) == total + 1
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert [[_text(json.loads(x)[k]) for k in rows[0]] for x in lines] == rows[1:]
    book = openpyxl.load_workbook(out / "summary.xlsx", read_only=False)
    assert book.sheetnames == ["汇总", "问题"]
    problems, summary = book["问题"], book["汇总"]
    sheet_rows = [[_text(c.value) for c in row] for row in problems.iter_rows(min_row=2)]
    assert sheet_rows == rows[1:]
    assert summary.max_row == len(injected) + 1
    for sheet in (summary, problems):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width == 36


def _text(value: object) -> str:
    return "" if value is None else str(value)


def test_score_with_profiles(batch: tuple[Path, list[Any], Any], tmp_path: Path) -> None:
    """The example profiles load; a report's score is the total less each rule's capped
    deduction; without a profile there is no score."""
    _out, injected, result = batch
    assert all(r.score is None for r in result.reports)
    for name in ("ten_points.yaml", "four_points.yaml"):
        load_profile(ROOT / "examples" / "profiles" / name)
    profile = {
        "name": "测试",
        "total": 10,
        "rules": {"table3.row_total": {"points": 3, "cap": 4}, "table4.group_total": 1},
    }
    scored = gd.review([i.path for i in injected], tmp_path / "scored", profile=profile)
    for r in scored.reports:
        rows = sum(1 for f in r.findings if f.rule == "table3.row_total")
        groups = sum(1 for f in r.findings if f.rule == "table4.group_total")
        assert r.score is not None
        assert r.score.points == Decimal(10) - min(Decimal(3 * rows), Decimal(4)) - groups
    assert "得分" in (tmp_path / "scored" / "index.html").read_text(encoding="utf-8")


def test_profile_errors() -> None:
    with pytest.raises(gd.InputError) as info:
        load_profile(
            {"total": -1, "rules": {"table3.balanse": 1, "review.copied": {"points": "x", "cup": 1}}}
        )
    assert info.value.errors == [
        ("total", "应为非负数（满分），收到 -1"),
        ("rules.table3.balanse", "不认识的规则编号 'table3.balanse'，是否应为 'table3.balance'？"),
        ("rules.review.copied.cup", "未知的键 'cup'（可用：points、cap）"),
        ("rules.review.copied.points", "应为非负数（每处扣分），收到 'x'"),
    ]


# --- the command and the API ------------------------------------------------------------------------


def test_cli_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(SHANGHANG), "-o", str(tmp_path / "a")]) == 0
    assert "1 份报告" in capsys.readouterr().out
    missing = tmp_path / "missing.pdf"
    assert main(["review", str(SHANGHANG), str(missing), "-o", str(tmp_path / "b")]) == 2
    assert "missing.pdf：找不到文件" in capsys.readouterr().err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["review", str(SHANGHANG), "-o", str(tmp_path / "file")]) == 2
    assert "已存在且不是目录" in capsys.readouterr().err


def test_output_would_replace_an_input(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(SHUYANG.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReviewError, match="输入文件在输出目录中且会被覆盖"):
        gd.review([tmp_path / "index.html"], tmp_path)


def test_page_names_unique(tmp_path: Path) -> None:
    from gov_disclosure.review._batch import page_names

    assert page_names(["a/报告.txt", "b/报告.txt", "index", "c/INDEX"]) == [
        "报告.txt.html",
        "报告.txt-2.html",
        "index-2.html",
        "INDEX-3.html",
    ]


def test_previous_folder_by_agency(tmp_path: Path) -> None:
    """--previous DIR: last year's report is found by its agency's name; continuity and the
    comparisons with last year run."""
    last_folder = tmp_path / "2023"
    last_folder.mkdir()
    data = gd.to_dict(gd.load(EXAMPLE_YAML))
    data["year"] = 2023
    data["applications"]["carried_forward"].update(natural_person=1, total=1)
    text = json.dumps(data, ensure_ascii=False).replace("2024", "2023")
    (last_folder / "last.json").write_text(text, encoding="utf-8")
    (result,) = gd.review([SHANGHANG], tmp_path / "out", previous=last_folder).reports
    rules = {f.rule for f in result.findings}
    assert {"continuity.carry_over", "review.copied"} <= rules
    assert result.previous is not None
    assert result.previous.endswith("last.json")
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"file,previous\n{SHANGHANG},2023/last.json\n", encoding="utf-8")
    (mapped,) = gd.review([SHANGHANG], previous=mapping).reports
    assert "continuity.carry_over" in {f.rule for f in mapped.findings}


def test_gd_review_callable_after_importing_the_package() -> None:
    code = (
        "import gov_disclosure.review, gov_disclosure as gd\n"
        "assert callable(gd.review)\n"
        f"r = gd.review([{str(SHANGHANG)!r}])\n"
        "assert r.reports[0].agency == '上杭县工信科技局'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


_REVIEW_JOB = review_job  # the real one, for the stand-in below (which takes its name)


def _dies(context: Any, job: Any) -> Any:
    """A review job whose worker dies hard on the file named ``dies.json``."""
    if job.source.endswith("dies.json"):
        os._exit(7)
    return _REVIEW_JOB(context, job)


def test_dead_worker_fails_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies stops the batch: exit 3, one line saying so, no index written, no
    worker left."""
    import multiprocessing

    from gov_disclosure.cli import _jobs
    from gov_disclosure.review import _batch

    monkeypatch.setattr(_jobs, "available_cpus", lambda: 2)
    monkeypatch.setattr(_batch, "review_job", _dies)
    text = json.dumps(gd.to_dict(gd.load(EXAMPLE_YAML)), ensure_ascii=False)
    files = []
    for name in ("a.json", "dies.json", "b.json", "c.json"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    try:
        status = main(["review", *files, "-o", str(tmp_path / "out"), "--jobs", "2"])
    finally:
        left = multiprocessing.active_children()
        for process in left:
            process.kill()
    err = capsys.readouterr().err
    assert (status, left) == (3, [])
    assert "工作进程意外退出（退出码 7）" in err, err
    assert not (tmp_path / "out" / "index.html").exists()


_SLOW_WRITES = """
import os, sys, time
real = os.replace
def slow(src, dst):
    time.sleep(0.1)
    real(src, dst)
os.replace = slow
from gov_disclosure.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")
def test_ctrl_c_stops_the_review_and_keeps_what_is_done(tmp_path: Path) -> None:
    """Ctrl-C during ``review --jobs 2``: exit 130, no process left, every page written is
    complete, the cache keeps the results finished — and a rerun reuses them."""
    text = json.dumps(gd.to_dict(gd.load(EXAMPLE_YAML)), ensure_ascii=False)
    for i in range(120):
        (tmp_path / f"r{i:03d}.json").write_text(
            text.replace("上杭县工信科技局", f"示例市第{i}局"), encoding="utf-8"
        )
    names = sorted(p.name for p in tmp_path.glob("r*.json"))
    runner = tmp_path / "runner.py"
    runner.write_text(_SLOW_WRITES, encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    args = [sys.executable, str(runner), "review", *names, "-o", "out", "--jobs", "2"]
    process = subprocess.Popen(
        args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        for _ in range(1200):
            if out.is_dir() and sum(1 for p in out.iterdir() if p.name.endswith(".json.html")) >= 8:
                break
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
        for _ in range(600):  # the workers are gone too (the group is empty)
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("worker processes outlived the command")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert (process.returncode, "已中断" in err.decode("utf-8")) == (130, True)
    written = sorted(p.name for p in out.iterdir())
    assert [n for n in written if n.startswith(".") and n != CACHE_NAME] == []  # no temporary file
    assert "index.html" not in written
    pages = [n for n in written if n.endswith(".html")]
    assert 0 < len(pages) < 120
    assert all((out / n).read_text(encoding="utf-8").endswith("</html>\n") for n in pages)
    kept = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))["reports"]
    assert 0 < len(kept) <= len(pages)
    again = gd.review([tmp_path / n for n in names], out)
    assert again.reused == len(kept)
    assert (out / "index.html").is_file()


@given(S.reports())
def test_any_report_is_reviewed(report: gd.Report) -> None:
    """Whatever the report (any text the model takes), the reviewer's checks give findings of
    registered rules, the findings group, and the page draws, marking only printed cells."""
    from gov_disclosure.review._page import render_page

    earlier = {**gd.to_dict(report), "year": report.year - 1}
    last = gd.from_dict(earlier, strict=False) if report.year > 2008 else None
    findings = tuple(dict.fromkeys([*gd.check(report, previous=last), *reviewer_findings(report, last)]))
    assert {f.rule for f in findings} <= set(gd.findings.RULE_BY_ID)
    groups = group_findings(report, findings)
    assert sorted(i for g in groups for i in g.members) == list(range(len(findings)))
    page = lxml.html.fromstring(render_page(report, findings, groups, source="r.yaml", template_label="2021"))
    assert _marked(page).keys() <= _printed(page)


_PARAGRAPH_MACRO = """\
{% macro mark_attrs(m) %}{% if m %} class="{{ m.classes }}" title="{{ m.title }}"{% endif %}{% endmacro %}
{% macro paragraph(p) %}<p data-path="{{ p.path }}"{{ mark_attrs(p.mark) }}>{% for piece in p.pieces %}\
{% if piece.mark %}<mark class="{{ piece.mark.state }}" title="{{ piece.mark.title }}">\
{{ piece.text }}</mark>{% else %}{{ piece.text }}{% endif %}{% endfor %}</p>{% endmacro %}"""


@given(
    st.text(max_size=12),
    st.lists(st.tuples(st.text(max_size=20), st.none() | st.sampled_from(STATE_CLASSES)), max_size=5),
    st.none() | st.tuples(st.sampled_from(STATE_CLASSES), st.lists(st.text(max_size=20), max_size=8)),
    st.booleans(),
)
def test_paragraph_html_is_the_templates(
    path: str, pieces: list[tuple[str, str | None]], mark: tuple[str, list[str]] | None, focus: bool
) -> None:
    """A paragraph of a report's page is written in Python, escaped exactly as the template's
    autoescape wrote it (quotes, ``<``, ``&`` in the text, the path and the hover text)."""
    import jinja2

    from gov_disclosure.review._page import Mark, ParagraphView, Piece

    def marked(state: str, messages: list[str]) -> Mark:
        return Mark(state, list(messages), focus=focus)  # type: ignore[arg-type]

    view = ParagraphView(
        path,
        tuple(Piece(text, marked(state, [text, "<b>&\"'"]) if state else None) for text, state in pieces),
        marked(*mark) if mark else None,
    )
    macro = jinja2.Environment(autoescape=True).from_string(_PARAGRAPH_MACRO).module.paragraph  # type: ignore[attr-defined]
    assert str(view.html) == str(macro(view))


def test_review_takes_the_options_of_its_batch() -> None:
    """:func:`gd.review` and the batch it runs take the same options (none hidden)."""
    import inspect

    from gov_disclosure.review import _batch, review

    assert list(inspect.signature(_batch.run).parameters) == list(inspect.signature(review).parameters)
