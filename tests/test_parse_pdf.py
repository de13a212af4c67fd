"""PDF input: the real published PDF, PDFs of our own reports made by LibreOffice and Chromium,
scans, and hostile files.

The tests marked ``clients`` convert with LibreOffice (``soffice``) and Chromium; where a
program is missing they are skipped with the reason (in CI, ``CI=true``, they fail). Every
program runs in its own process group, which is killed when the test is done with it — also
when it fails or times out — so that no LibreOffice or Chromium helper outlives the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.parse import ParseError, ParseResult, guess_format, parse
from gov_disclosure.parse import pdf as pdf_reader
from gov_disclosure.parse._blocks import TableRow
from tests import pdf_samples
from tests import strategies as S
from tests.conftest import CORPUS, ROOT
from tests.strategies import distinct_report
from tests.test_clients import _chromium, _need
from tests.test_corpus import _differences

REAL = CORPUS / "01_huaian_city_gov_2024.pdf"
EXPECTED = CORPUS / "01_huaian_city_gov_2024.expected.json"
needs_corpus = pytest.mark.skipif(not REAL.is_file(), reason=f"corpus PDF {REAL} is missing")
OCR = "文字识别（OCR）"


def _errors(result: ParseResult) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]


# --- the real published PDF -----------------------------------------------------------------


@needs_corpus
def test_real_pdf_reads_as_expected() -> None:
    """The published PDF (WPS, ruled tables with merged cells, a table over two pages) reads
    as its .expected.json, with no table error and nothing to say about the reading."""
    result = parse(REAL)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert (
        _differences(expected, gd.to_dict(result.report)),
        _errors(result),
        list(result.reading_findings),
        result.format,
    ) == ([], [], [], "pdf")


@needs_corpus
def test_real_pdf_rows_are_the_grid_cells() -> None:
    """Table rows list the cells that start in them, each cell exactly as the grid holds it
    (a merged group label once, in its first row), with page, table and row in ``where``."""
    doc = pdf_reader.read(REAL.read_bytes())
    rows = {b.where: b.cells for b in doc.blocks if isinstance(b, TableRow)}
    assert rows["第 4 页第 2 个表格第 4 行"] == (
        "一、本年新收政府信息公开申请数量",
        "3001",
        "53",
        "0",
        "0",
        "61",
        "4",
        "3119",
    )
    assert rows["第 4 页第 2 个表格第 6 行"] == (
        "三、本年度办理结果",
        "（一）予以公开",
        "1288",
        "21",
        "0",
        "0",
        "50",
        "3",
        "1362",
    )
    assert rows["第 4 页第 2 个表格第 9 行"] == (
        "2.其他法律行政法规禁止公开",
        "30",
        "1",
        "0",
        "0",
        "0",
        "0",
        "31",
    )
    assert rows["第 3 页第 1 个表格第 4 行"] == ("行政规范性文件", "8", "26", "66")


@needs_corpus
def test_real_pdf_table_continued_on_the_next_page_is_one_table() -> None:
    """表三 runs from page 4 to page 5, past the page footer: one table; footers are gone."""
    doc = pdf_reader.read(REAL.read_bytes())
    tables = {
        b.table
        for b in doc.blocks
        if isinstance(b, TableRow) and b.where.startswith(("第 4 页第 2", "第 5 页第 1"))
    }
    texts = [b.text for b in doc.blocks if not isinstance(b, TableRow)]
    assert (len(tables), [t for t in texts if "- 4 -" in t or t.strip() in ("- 5 -", "-5-")]) == (1, [])


@needs_corpus
def test_real_pdf_paragraphs_follow_the_layout() -> None:
    """Lines that run to the margin continue their paragraph, across a page break too; the
    title's two centred lines stay two lines (机关 / 年度报告) and read as the title."""
    result = parse(REAL)
    overview = result.report.overview
    assert result.report.title == "淮安市人民政府2024 年政府信息公开工作年度报告"
    assert overview.subsections[0].paragraphs[0].endswith("努力传递政府声音、宣传政策法规、回应舆论关切。")
    assert [s.title for s in overview.subsections][:2] == ["主动公开情况", "依申请公开情况"]


@needs_corpus
def test_pdf_without_ruling_lines_reads_by_position() -> None:
    """The same PDF with every ruling line removed falls back to text lines built from the
    characters' positions, and still reads as its .expected.json."""
    result = parse(pdf_samples.without_rules(REAL), "pdf")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert (_differences(expected, gd.to_dict(result.report)), _errors(result)) == ([], [])


@needs_corpus
def test_cli_checks_a_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    """``gov-disclosure check report.pdf``: read through the same parse(), exit status 0."""
    from gov_disclosure.cli import main

    status = main(["check", str(REAL)])
    out = capsys.readouterr()
    assert (status, out.out.splitlines()) == (0, [f"{REAL}：没有发现问题", "共 0 个错误，0 个警告"])


@needs_corpus
def test_pdfs_read_from_several_threads_at_once() -> None:
    """PDFium is not thread-safe; parse() may still be called from threads (a lock)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: parse(REAL).report, range(8)))
    assert all(r == reports[0] for r in reports)


# --- grids drawn by hand ---------------------------------------------------------------------

D = pdf_samples


def _rows(data: bytes) -> list[tuple[str, tuple[str, ...], int]]:
    return [(b.where, b.cells, b.table) for b in pdf_reader.read(data).blocks if isinstance(b, TableRow)]


def _lines_of(data: bytes) -> list[tuple[str, tuple[str, ...]]]:
    return [(b.text, b.cells) for b in pdf_reader.read(data).blocks if not isinstance(b, TableRow)]


def _grid(rule: Any = D.line) -> bytes:
    """Two rows; the vertical rule at x=250 only in the lower one (the upper cell spans it)."""
    out = b"".join(rule(100, y, 300, y) for y in (700, 680, 660))
    out += b"".join(rule(x, 700, x, 660) for x in (100, 200, 300))
    out += rule(250, 680, 250, 660)
    out += D.text(110, 686, "A") + D.text(210, 686, "B")
    out += D.text(110, 666, "C") + D.text(210, 666, "D") + D.text(260, 666, "E")
    return out


def _thin_bars(x0: float, y0: float, x1: float, y1: float, gray: float = 0.0) -> bytes:
    """A rule as a browser draws it: a rectangle 0.75 pt thick."""
    if y0 == y1:
        return D.bar(x0, y0 - 0.375, x1 - x0, 0.75)
    return D.bar(x0 - 0.375, min(y0, y1), 0.75, abs(y1 - y0))


@pytest.mark.parametrize("rule", [D.line, _thin_bars], ids=["stroked lines", "thin filled rectangles"])
def test_merged_cell_is_one_cell_of_the_row_it_starts_in(rule: Any) -> None:
    """A missing rule merges grid cells; a row lists the cells that start in it."""
    assert _rows(D.drawn([_grid(rule)])) == [
        ("第 1 页第 1 个表格第 1 行", ("A", "B"), 0),
        ("第 1 页第 1 个表格第 2 行", ("C", "D", "E"), 0),
    ]


def test_white_lines_are_not_rules() -> None:
    """Lines drawn in white rule nothing: the page is read as text lines."""
    white = _grid(lambda *xy: D.line(*xy, gray=1.0))
    assert (_rows(D.drawn([white])), len(_lines_of(D.drawn([white])))) == ([], 2)


def test_table_continued_on_the_next_page_with_a_row_broken_by_the_page() -> None:
    """Page 1 ends inside a row (no rule under it, the vertical rules run to the page's
    bottom); page 2 goes on without a rule over it, past the page number between: one table,
    and the broken row is one row."""
    first = D.line(100, 300, 300, 300) + D.line(100, 280, 300, 280)
    first += b"".join(D.line(x, 300, x, 100) for x in (100, 200, 300))
    first += D.text(110, 286, "Label") + D.text(210, 286, "Count")
    first += D.text(110, 150, "first") + D.text(210, 150, "1")
    first += D.text(290, 40, "- 1 -")
    second = b"".join(D.line(x, 800, x, 700) for x in (100, 200, 300)) + D.line(100, 700, 300, 700)
    second += D.text(110, 750, "half") + D.text(210, 750, "2")
    second += D.line(100, 680, 300, 680) + D.line(100, 660, 300, 660)
    second += b"".join(D.line(x, 680, x, 660) for x in (100, 200, 300))
    second += D.text(110, 666, "next") + D.text(210, 666, "3")
    assert _rows(D.drawn([first, second])) == [
        ("第 1 页第 1 个表格第 1 行", ("Label", "Count"), 0),
        ("第 1 页第 1 个表格第 2 行", ("first half", "1 2"), 0),
        ("第 2 页第 2 个表格第 1 行", ("next", "3"), 1),
    ]


def test_text_lines_come_from_positions_not_the_file_order() -> None:
    """Characters written bottom line first still read top to bottom, left to right; a wide
    gap separates cells."""
    page = D.text(100, 500, "second") + D.text(300, 500, "42") + D.text(100, 520, "first")
    assert _lines_of(D.drawn([page])) == [("first", ()), ("second 42", ("second", "42"))]


def test_a_hyphen_ending_a_line_is_kept() -> None:
    """PDFium marks a "-" that ends a line as a hyphenation; in a report it is text (a phone
    number broken after its area code, a paragraph ending in "-")."""
    wide = "A first line much wider than the others, so that they end before the margin"
    page = D.text(100, 714, wide) + D.text(140, 700, "Tel 0597-")
    page += D.text(140, 686, "3842930 ends-") + D.text(140, 672, "next")
    assert [t for t, _ in _lines_of(D.drawn([page]))] == [wide, "Tel 0597-", "3842930 ends-", "next"]


def test_a_last_line_of_short_letters_continues_its_paragraph() -> None:
    """A paragraph's last line whose ink is lower than its first's (``Y：`` after a line of
    Chinese; here ``ox axe`` after capitals), starting at the margin after a line that runs to
    it, continues the paragraph: its letters are of the same size, only shorter."""
    wide = "A FIRST LINE OF CAPITALS THAT RUNS TO THE RIGHT MARGIN"
    page = D.text(100, 714, wide) + D.text(100, 700, "ox axe") + D.text(120, 670, "NEXT PARAGRAPH")
    doc = pdf_reader.read(D.drawn([page]))
    assert [b.text for b in doc.blocks] == [f"{wide} ox axe", "NEXT PARAGRAPH"]


def test_a_comma_hanging_below_a_latin_line_is_on_that_line() -> None:
    """A small mark below the baseline (a comma beside letters) belongs to the line above."""
    assert [t for t, _ in _lines_of(D.drawn([D.text(100, 700, ",aY")]))] == [",aY"]


@pytest.mark.parametrize("marks", ['";', '"-,'])
def test_a_line_of_punctuation_alone_is_one_line(marks: str) -> None:
    """Marks whose ink does not overlap vertically (a quote at the top, a comma at the
    bottom) are one line by the room their font gives them."""
    wide = "x" * 60
    page = D.text(100, 714, wide) + D.text(140, 700, marks)
    assert [t for t, _ in _lines_of(D.drawn([page]))] == [wide, marks]


# --- format guessing, imports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n...", None),
        (b"\r\n\x00junk before the header %PDF-1.4\n", None),
        (b"anything", "report.PDF"),
        (b"anything", "reports/2024/report.pdf"),
    ],
)
def test_pdf_is_guessed_from_suffix_or_magic(data: bytes, name: str | None) -> None:
    assert guess_format(data, name) == "pdf"


def test_pdf_given_as_text_is_refused() -> None:
    with pytest.raises(ParseError, match="PDF 应以文件路径或 bytes 给出"):
        parse("%PDF-1.7 not bytes", "pdf")


def test_import_does_not_load_pdfium() -> None:
    """pypdfium2 loads only when a PDF is read."""
    code = "import sys, gov_disclosure, gov_disclosure.parse; print('pypdfium2' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": "src"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


# --- scans --------------------------------------------------------------------------------------


@needs_corpus
def test_scanned_pdf_is_refused_saying_ocr_is_needed() -> None:
    """Pages that are one image each, with no text layer: refused, naming the pages and OCR."""
    with pytest.raises(ParseError) as caught:
        parse(pdf_samples.scanned(REAL, pages=2), "pdf")
    assert (OCR in caught.value.reason, "第 1、2 页" in caught.value.reason) == (True, True)


@needs_corpus
def test_scan_with_an_invisible_ocr_layer_is_refused() -> None:
    """A scan whose text layer is drawn invisibly (as OCR programs do): refused too."""
    with pytest.raises(ParseError) as caught:
        parse(pdf_samples.scanned(REAL, pages=2, ocr_text="OCR " * 30), "pdf")
    assert OCR in caught.value.reason


@needs_corpus
def test_page_images_and_no_ruled_table_is_an_ocr_scan() -> None:
    """Every page an image, its text over it and not one ruling line: an OCR'd scan, refused."""
    with pytest.raises(ParseError) as caught:
        parse(pdf_samples.with_page_images(pdf_samples.without_rules(REAL)), "pdf")
    assert OCR in caught.value.reason


@needs_corpus
def test_page_images_under_ruled_tables_are_read() -> None:
    """A page-sized image on every page (a letterhead, a watermark) does not make a PDF whose
    tables are ruled a scan."""
    result = parse(pdf_samples.with_page_images(REAL.read_bytes()), "pdf")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert _differences(expected, gd.to_dict(result.report)) == []


def test_pdf_without_any_text_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse(pdf_samples.blank(), "pdf")
    assert OCR in caught.value.reason


# --- hostile and damaged files --------------------------------------------------------------


@pytest.mark.parametrize("name", list(pdf_samples.HOSTILE))
def test_hostile_pdf_gives_only_parse_error(name: str) -> None:
    """Encrypted, 100,000 pages, deflate bombs, an absurd page: the library's own error, with
    the limit or the reason (the time each takes is in benchmarks/bench_pdf.py)."""
    with pytest.raises(ParseError) as caught:
        parse(pdf_samples.HOSTILE[name](), "pdf")
    assert caught.value.reason


@pytest.mark.parametrize("how", ["direct", "array", "packed"])
def test_bomb_labelled_as_an_image_is_still_measured(how: str) -> None:
    """Images are not inflated (nothing is rendered), but a stream whose dictionary says
    "image" while a page names it as its content is measured like any content stream."""
    with pytest.raises(ParseError, match="疑似压缩炸弹"):
        parse(pdf_samples.disguised_bomb(how), "pdf")


@needs_corpus
def test_images_are_not_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan's page images are never decoded to be measured (they are not content)."""
    measured: list[bool] = []
    inflated = pdf_reader._inflated

    def spy(body: Any, filters: Any, room: int) -> Any:
        measured.append(len(body) > 100_000)
        return inflated(body, filters, room)

    monkeypatch.setattr(pdf_reader, "_inflated", spy)
    with pytest.raises(ParseError, match="扫描件"):
        parse(pdf_samples.scanned(REAL, pages=2), "pdf")
    assert True not in measured


@needs_corpus
@pytest.mark.parametrize("keep", [0.05, 0.3, 0.5, 0.9, 0.99])
def test_truncated_pdf_gives_a_result_or_a_parse_error(keep: float) -> None:
    try:
        result = parse(pdf_samples.truncated(REAL, keep), "pdf")
    except ParseError:
        return
    assert isinstance(result, ParseResult)


@given(st.binary(max_size=2000))
def test_any_bytes_after_a_pdf_header_give_a_result_or_a_parse_error(data: bytes) -> None:
    try:
        result = parse(b"%PDF-1.7\n" + data, "pdf")
    except ParseError:
        return
    assert isinstance(result, ParseResult)


def test_limits_are_checked_before_reading_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the page limit lowered to 1, a two-page report is refused naming the limit."""
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    data = pdf_samples.minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )
    with pytest.raises(ParseError, match="超过上限 1 页"):
        parse(data, "pdf")


# --- PDFs of our own reports, made by LibreOffice and Chromium ------------------------------

QUICK = os.environ.get("HYPOTHESIS_PROFILE", "quick") == "quick"
CLIENT_EXAMPLES = 3 if QUICK else 12


def _run(cmd: list[str], timeout: float) -> None:
    """Run ``cmd`` in a process group of its own; whatever happens, kill the group after."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        pytest.fail(f"{cmd[0]} did not finish in {timeout} s")
    finally:
        _kill(proc)
    assert proc.returncode == 0, f"{cmd[0]} failed: {err[-2000:]}"


def _kill(proc: subprocess.Popen[Any]) -> None:
    """Kill the process group ``proc`` leads (LibreOffice's and Chromium's helpers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def libreoffice_pdfs(docs: list[Path], outdir: Path, export: str = "pdf") -> list[Path]:
    """``docs`` converted to PDF by LibreOffice (one run, its own profile)."""
    _need("soffice")
    profile = outdir / "lo-profile"
    _run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(outdir),
            *map(str, docs),
        ],
        timeout=600,
    )
    pdfs = [outdir / (d.stem + ".pdf") for d in docs]
    missing = [p.name for p in pdfs if not p.exists()]
    assert missing == [], f"LibreOffice wrote no {missing}"
    return pdfs


def chromium_pdf(page: Path, pdf: Path) -> Path:
    """``page`` printed to ``pdf`` by headless Chromium (its own profile)."""
    chromium = _chromium()
    _run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={pdf.parent / ('chrome-' + pdf.stem)}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        timeout=180,
    )
    assert pdf.exists(), "Chromium wrote no PDF"
    return pdf


def _reads_back(pdf: Path, report: gd.Report) -> None:
    """The PDF reads back as the report; the findings are exactly check()'s."""
    result = parse(pdf)
    assert (report, tuple(gd.check(report))) == (result.report, result.findings)


def _samples(example: gd.Report) -> dict[str, Any]:
    """The example, the every-row-differs report, a 2019-format report and a 2021 report with
    （六）其他处理 printed as one row."""
    from tests.test_format_2019 import _report_2019, _undivided

    return {
        "example": example,
        "distinct": distinct_report(),
        "f2019": _report_2019(),
        "undivided": _undivided(),
    }


SAMPLES = ["example", "distinct", "f2019", "undivided"]


@pytest.fixture(scope="module")
def made_by_libreoffice(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> dict[str, Path]:
    """The sample reports: DOCX → LibreOffice → PDF."""
    out = tmp_path_factory.mktemp("lo-pdf")
    docs = []
    for name, report in _samples(example).items():
        doc = out / f"{name}.docx"
        gd.write(report, doc)
        docs.append(doc)
    return {p.stem: p for p in libreoffice_pdfs(docs, out)}


@pytest.fixture(scope="module")
def made_by_chromium(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> dict[str, Path]:
    """The same reports: HTML → Chromium → PDF."""
    out = tmp_path_factory.mktemp("chromium-pdf")
    pdfs = {}
    for name, report in _samples(example).items():
        page = out / f"{name}.html"
        gd.write(report, page)
        pdfs[name] = chromium_pdf(page, out / f"{name}.pdf")
    return pdfs


@pytest.mark.clients
@pytest.mark.parametrize("name", SAMPLES)
def test_libreoffice_pdf_reads_back(
    made_by_libreoffice: dict[str, Path], example: gd.Report, name: str
) -> None:
    """parse(DOCX → LibreOffice → PDF).report == report, nothing found in reading (a 2019
    report in its own format)."""
    _reads_back(made_by_libreoffice[name], _samples(example)[name])


@pytest.mark.clients
@pytest.mark.parametrize("name", SAMPLES)
def test_chromium_pdf_reads_back(made_by_chromium: dict[str, Path], example: gd.Report, name: str) -> None:
    """parse(HTML → Chromium → PDF).report == report, nothing found in reading."""
    _reads_back(made_by_chromium[name], _samples(example)[name])


@pytest.mark.clients
@settings(
    max_examples=CLIENT_EXAMPLES,
    phases=(Phase.generate,),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(report=S.pdf_reports())
def test_generated_reports_read_back_from_both_programs(
    tmp_path_factory: pytest.TempPathFactory, report: gd.Report
) -> None:
    """Generated reports, made into PDF by LibreOffice and by Chromium, read back exactly."""
    out = tmp_path_factory.mktemp("generated-pdf")
    doc, page = out / "report.docx", out / "report.html"
    gd.write(report, doc)
    gd.write(report, page)
    (from_docx,) = libreoffice_pdfs([doc], out)
    from_html = chromium_pdf(page, out / "from-html.pdf")
    _reads_back(from_docx, report)
    _reads_back(from_html, report)


@pytest.mark.clients
def test_a_curly_quote_between_latin_letters_stays_in_its_line(tmp_path: Path, example: gd.Report) -> None:
    """Chromium sets “ between Latin letters in a Latin font, its ink in the top of its square
    and reaching above the letters: it joins their line (it once made a line of its own, and
    the paragraph read as “ and Y7 Z)."""
    texts = ("Y7“Z", "甲乙“丙”", "“Ab”。")
    report = attrs.evolve(example, overview=gd.Section(paragraphs=texts))
    page = tmp_path / "quotes.html"
    gd.write(report, page)
    _reads_back(chromium_pdf(page, tmp_path / "quotes.pdf"), report)


@pytest.mark.clients
def test_borderless_tables_read_by_position(tmp_path: Path, example: gd.Report) -> None:
    """HTML printed without any table border (no ruling lines in the PDF) reads back exactly
    from the characters' positions."""
    page = tmp_path / "borderless.html"
    html = gd.render(example, "html")
    assert isinstance(html, str)
    style = ".gd-table, .gd-table th, .gd-table td { border: none !important; }</style>"
    page.write_text(html.replace("</style>", style, 1), encoding="utf-8")
    _reads_back(chromium_pdf(page, tmp_path / "borderless.pdf"), example)


@pytest.mark.clients
def test_reading_findings_name_page_table_and_row(tmp_path: Path, example: gd.Report) -> None:
    """A cell printed blank in the PDF: the reading finding names the page, the table on it
    and the row, so that the reviewer finds the cell in the PDF."""
    page = tmp_path / "blank.html"
    html = gd.render(example, "html")
    assert isinstance(html, str)
    cell = 'data-path="active_disclosure.punishment">1</td>'
    assert cell in html
    page.write_text(html.replace(cell, 'data-path="active_disclosure.punishment"></td>'), encoding="utf-8")
    result = parse(chromium_pdf(page, tmp_path / "blank.pdf"))
    [blank] = [f for f in result.findings if f.rule == "parse.blank_cell"]
    assert re.search(r"（第 \d+ 页第 \d+ 个表格第 \d+ 行）", blank.message), blank.message


def _with_wrong_total(report: gd.Report) -> gd.Report:
    """The report with 表三 （一）予以公开 总计 printed one too high (as if typed by hand)."""
    data = gd.to_dict(report)
    row = data["applications"]["granted"]
    row["total"] = row["total"] + 1
    return gd.from_dict(data, strict=False)


@pytest.mark.clients
def test_wrong_total_printed_in_the_pdf_is_found(tmp_path: Path, example: gd.Report) -> None:
    """A genuine error typed into the table before LibreOffice makes the PDF is found from the
    PDF as the same table3.* error check() gives for the report itself."""
    wrong = _with_wrong_total(example)
    expected = sorted({f.rule for f in gd.check(wrong) if f.severity == "error"})
    doc = tmp_path / "wrong.docx"
    gd.write(wrong, doc, force=True)
    (pdf,) = libreoffice_pdfs([doc], tmp_path)
    result = parse(pdf)
    found = sorted({f.rule for f in result.findings if f.severity == "error"})
    assert (expected[0].startswith("table3."), found, result.report) == (True, expected, wrong)


@pytest.mark.clients
def test_password_protected_pdf_is_refused(tmp_path: Path, example: gd.Report) -> None:
    """A PDF LibreOffice exported with an open password: refused, asking for an unencrypted file."""
    doc = tmp_path / "secret.docx"
    gd.write(example, doc)
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"x"}}'
    )
    (pdf,) = libreoffice_pdfs([doc], tmp_path, export=f"pdf:writer_pdf_Export:{options}")
    with pytest.raises(ParseError, match="PDF 已加密"):
        parse(pdf)


@pytest.mark.clients
def test_pdf_with_restricted_permissions_reads(tmp_path: Path, example: gd.Report) -> None:
    """A PDF that opens without a password but forbids copying (common for published reports)
    is read like any other."""
    doc = tmp_path / "locked.docx"
    gd.write(example, doc)
    options = (
        '{"RestrictPermissions":{"type":"boolean","value":"true"},'
        '"PermissionPassword":{"type":"string","value":"owner"},'
        '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'
    )
    (pdf,) = libreoffice_pdfs([doc], tmp_path, export=f"pdf:writer_pdf_Export:{options}")
    _reads_back(pdf, example)
