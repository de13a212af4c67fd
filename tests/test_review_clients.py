"""The reviewer's desk in real clients: Chromium draws the index (and keeps 10,000 rows to one
page of them) and a report's page, with screenshots in ``artefacts/``; it prints the index on
A4; LibreOffice reads summary.xlsx, whose sheet 问题 is findings.csv row for row."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.findings import finding
from gov_disclosure.review import Review, ReviewedReport
from gov_disclosure.review._groups import group_findings
from gov_disclosure.review._outputs import index_html
from tests.conftest import CORPUS
from tests.review_batch import make_batch
from tests.test_clients import ARTEFACTS, _chromium, _chromium_args, _need, _page_sizes, _run

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Review]:
    folder = tmp_path_factory.mktemp("review-clients")
    injected = make_batch(folder / "in", 12, seed=5)
    files = [*sorted(CORPUS.glob("0*_*.html")), *sorted(CORPUS.glob("0*_*.md")), *(i.path for i in injected)]
    out = folder / "review"
    return out, gd.review(files, out)


def test_screenshots_of_the_index_and_a_page(reviewed: tuple[Path, Review], tmp_path: Path) -> None:
    """Chromium draws the index and two pages (沭阳: 125 blank cells; an injected report: errors
    in 表三); the screenshots are kept in artefacts/."""
    _chromium()
    out, review = reviewed
    common = _chromium_args(tmp_path / "chrome-profile")
    ARTEFACTS.mkdir(exist_ok=True)
    shots = {
        "review-index.png": ("index.html", "1400,900"),
        "review-page.png": (next(r.page for r in review.reports if "shuyang" in r.source), "1400,2600"),
        "review-page-errors.png": (
            next(r.page for r in review.reports if r.errors and "report_" in r.source),
            "1400,2400",
        ),
    }
    for shot, (page, size) in shots.items():
        target = ARTEFACTS / shot
        target.unlink(missing_ok=True)
        _run(
            [
                *common,
                "--hide-scrollbars",
                "--virtual-time-budget=5000",
                f"--screenshot={target}",
                f"--window-size={size}",
                (out / str(page)).as_uri(),
            ],
            timeout=180,
        )
        assert target.stat().st_size > 10_000, shot


def test_index_script_in_chromium(reviewed: tuple[Path, Review], tmp_path: Path) -> None:
    """The index's script runs in Chromium: the rows it draws are the reports, with their
    counts and links."""
    _chromium()
    out, review = reviewed
    dom = _run(
        [
            *_chromium_args(tmp_path / "chrome-profile"),
            "--virtual-time-budget=5000",
            "--dump-dom",
            (out / "index.html").as_uri(),
        ],
        timeout=180,
    )
    body = dom.split('<tbody id="gd-rows">', 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == len(review.reports)
    assert f"共 {len(review.reports)} 份" in dom
    assert 'id="gd-controls" hidden' not in dom  # the script showed the filters


def _synthetic(n: int) -> Review:
    """``n`` reports' results without reading any: each with two findings."""
    reports = []
    report = gd.load(Path(__file__).resolve().parent.parent / "examples" / "shanghang_gxkj_2024.yaml")
    findings = (
        finding(
            "table3.balance", "applications.*.total", "表三“总计”列：示例", cells=("applications.new.total",)
        ),
        finding("review.copied", "problems", "“五、存在的主要问题及改进情况”与上一年度相似度为 95%"),
    )
    groups = group_findings(report, findings)
    for i in range(n):
        reports.append(
            ReviewedReport(
                source=f"下载/report_{i:05d}.html",
                page=f"report_{i:05d}.html.html",
                agency=f"示例市第{i}局",
                year=2024,
                format="2021",
                template="2021",
                findings=findings[: 1 + i % 2],
                labels=("", "")[: 1 + i % 2],
                groups=groups[: 1 + i % 2],
            )
        )
    return Review(reports=tuple(reports))


def test_index_of_10000_reports_stays_one_page(tmp_path: Path) -> None:
    """With 10,000 reports the index holds them as data and draws one page of 100 rows."""
    _chromium()
    index = tmp_path / "index.html"
    index.write_text(index_html(_synthetic(10_000)), encoding="utf-8")
    dom = _run(
        [
            *_chromium_args(tmp_path / "chrome-profile"),
            "--virtual-time-budget=10000",
            "--dump-dom",
            index.as_uri(),
        ],
        timeout=300,
    )
    body = dom.split('<tbody id="gd-rows">', 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == 100
    assert "共 10000 份，第 1–100 份（第 1 / 100 页）" in dom


def test_index_prints_on_a4(reviewed: tuple[Path, Review], tmp_path: Path) -> None:
    _chromium()
    _need("pdfinfo", "pdftotext")
    out, review = reviewed
    pdf = tmp_path / "index.pdf"
    _run(
        [
            *_chromium_args(tmp_path / "chrome-profile"),
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            (out / "index.html").as_uri(),
        ],
        timeout=180,
    )
    sizes = _page_sizes(pdf)
    assert sizes
    assert all(abs(w - 842) < 2 and abs(h - 595) < 2 for w, h in sizes)  # A4 landscape
    text = re.sub(r"\s+", "", _run(["pdftotext", str(pdf), "-"]))
    short = [r.agency for r in review.reports if r.agency and len(r.agency) <= 8]  # not wrapped in its cell
    assert len(short) >= 12
    assert all(agency in text for agency in short)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_libreoffice_reads_the_workbook(reviewed: tuple[Path, Review], tmp_path: Path) -> None:
    """``soffice --headless --convert-to csv`` of summary.xlsx: the sheet 问题 is findings.csv
    row for row (after the heading row), the sheet 汇总 a row per report."""
    _need("soffice")
    out, review = reviewed
    workbook = tmp_path / "summary.xlsx"
    workbook.write_bytes((out / "summary.xlsx").read_bytes())
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    _run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            every_sheet,
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        timeout=600,
    )
    problems = _csv_rows((tmp_path / "summary-问题.csv").read_text(encoding="utf-8"))
    expected = _csv_rows((out / "findings.csv").read_text(encoding="utf-8-sig"))
    assert problems[1:] == expected[1:]
    assert len(problems) == sum(len(r.findings) for r in review.reports) + 1
    summary = _csv_rows((tmp_path / "summary-汇总.csv").read_text(encoding="utf-8"))
    assert [row[1] for row in summary[1:]] == [r.agency or "" for r in review.reports]
