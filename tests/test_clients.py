"""Proof in real clients: LibreOffice opens our DOCX, Chromium prints our HTML.

These tests need LibreOffice (``soffice``), poppler (``pdftotext``, ``pdfinfo``, ``pdffonts``)
and Chromium, which ``.ci/run`` installs from Debian's packages. Locally they are skipped, with
the reason, when a program is missing; in CI (``CI=true``) a missing program fails the test.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import Phase, given, settings

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.render import format_number
from tests import strategies as S
from tests.conftest import ROOT

pytestmark = pytest.mark.clients

ARTEFACTS = ROOT / "artefacts"
A4_POINTS = (595.0, 842.0)
MM = 72 / 25.4


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        reason = f"not installed: {', '.join(missing)} (.ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    _need("chromium")
    return "chromium"  # pragma: no cover - _need has failed or skipped


def _run(cmd: list[str], timeout: int = 300) -> str:
    """Run ``cmd`` in a process group of its own; whatever happens (timeout, failure, an
    interrupted test), every process of that group is ended before returning."""
    process = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        _end_group(process)
    assert process.returncode == 0, f"{cmd[0]} failed: {stderr[-2000:]}"
    return stdout


def _end_group(process: subprocess.Popen[str]) -> None:
    """End the process group ``process`` leads (LibreOffice and Chromium start helpers)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            time.sleep(0.2)  # let helpers that outlive the leader go, then check again


def _soffice_to_pdf(docs: list[Path], outdir: Path) -> list[Path]:
    profile = outdir / "lo-profile"
    _run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docs),
        ],
        timeout=600,
    )
    pdfs = [outdir / (d.stem + ".pdf") for d in docs]
    for pdf in pdfs:
        assert pdf.exists(), f"LibreOffice wrote no {pdf.name}"
    return pdfs


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = _run(["pdfinfo", "-l", "999", str(pdf)])
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w), float(h)) for w, h in sizes]


def _is_a4(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4_POINTS[0]) < 2 and abs(size[1] - A4_POINTS[1]) < 2


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _pdf_text(pdf: Path) -> str:
    """The PDF's text in content order, whitespace removed, each whole number as ⟨n⟩.

    Table cells whose labels wrap come out line by line, so labels are compared without
    whitespace; numbers are compared as whole words so that a 1 never matches inside 2024.
    """
    raw = _run(["pdftotext", "-raw", str(pdf), "-"])
    return "".join(f"⟨{t}⟩" if _NUMBER.fullmatch(t) else t for t in raw.split())


SPLIT = "\x00split:"


def _expected_in_order(report: gd.Report) -> list[str]:
    """Headings, table labels and numbers (as ⟨n⟩) in document order."""
    items: list[str] = []
    tables = {
        "active_disclosure": spec.active_disclosure_table(
            with_regulations=report.active_disclosure.regulations is not None
        ),
        "applications": spec.applications_table(),
        "review_litigation": spec.review_litigation_table(),
    }
    for section in spec.SECTIONS:
        items.append(_squeeze(section.heading))
        table = tables.get(section.key)
        if table is not None:
            for row in table.rows:
                for cell in row:
                    if cell.path is None and cell.rowspan > 1:
                        # a label over several rows may be split by a page break: its
                        # characters are looked for in order, anywhere after this point
                        items.append(SPLIT + _squeeze(cell.text))
                    elif cell.path is None:
                        items.append(_squeeze(cell.text))
                    else:
                        items.append(f"⟨{format_number(gd.model.value_at(report, cell.path))}⟩")
    return items


def _assert_labels_and_numbers(flat: str, report: gd.Report) -> None:
    """Every heading, every table label and every number appear, in document order."""
    pos = 0
    for item in _expected_in_order(report):
        if item.startswith(SPLIT):
            rest = iter(flat[pos:])
            missing = [ch for ch in item[len(SPLIT) :] if ch not in rest]
            assert missing == [], f"{item[len(SPLIT) :]}: {missing} not found in order"
            continue
        found = flat.find(item, pos)
        assert found >= 0, f"{item} not found after: …{flat[max(0, pos - 60) : pos]}"
        pos = found + len(item)


# --- the printed pages: what they look like -------------------------------------------------


def _pages(pdf: Path) -> list[str]:
    """Each page's text, whitespace removed."""
    text = _run(["pdftotext", "-raw", str(pdf), "-"])
    return [_squeeze(page) for page in text.split("\f")[: len(_page_sizes(pdf))]]


def _lines(pdf: Path, page: int) -> list[str]:
    """The non-empty lines of one page, as pdftotext lays them out, whitespace removed."""
    text = _run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"])
    return [_squeeze(line) for line in text.splitlines() if line.strip()]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word as ``(page, x0, y0, x1, y1, text)``, in points from the top left corner."""
    pages = _run(["pdftotext", "-bbox", str(pdf), "-"]).split("<page ")[1:]
    return [
        (n, float(a), float(b), float(c), float(d), text)
        for n, page in enumerate(pages, start=1)
        for a, b, c, d, text in _WORD.findall(page)
    ]


_STROKE = re.compile(
    r'<path style="fill:none;stroke-width:[^"]*" d="([^"]*)"(?: transform="matrix\(([^)]*)\)")?'
)


def _rules(pdf: Path, page: int) -> list[tuple[float, float, float]]:
    """The horizontal lines drawn on a page (table borders), as ``(y, x0, x1)`` in points."""
    svg = _run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page), str(pdf), "-"])
    found = []
    for path, matrix in _STROKE.findall(svg):
        a, b, c, d, e, f = map(float, matrix.split(",")) if matrix else (1, 0, 0, 1, 0, 0)
        points = [(float(x), float(y)) for x, y in re.findall(r"([-\d.]+) ([-\d.]+)", path)]
        points = [(a * x + c * y + e, b * x + d * y + f) for x, y in points]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if abs(y0 - y1) < 0.3 and abs(x0 - x1) > 1:
                found.append((y0, min(x0, x1), max(x0, x1)))
    return found


def _off_centre(pdf: Path, tolerance: float = 2.0) -> list[tuple[int, str, float]]:
    """Numbers not vertically centred in their table cell: for each number, how far its
    centre is from the centre of the cell (between the rules above and below it), compared
    with what is usual in the document (a face's box is not centred on its glyphs)."""
    offsets: list[tuple[int, str, float]] = []
    rules: dict[int, list[tuple[float, float, float]]] = {}
    for page, x0, y0, x1, y1, text in _words(pdf):
        if not _NUMBER.fullmatch(text):
            continue
        if page not in rules:
            rules[page] = _rules(pdf, page)
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        above = [r for r, a, b in rules[page] if a <= x <= b and r <= y]
        below = [r for r, a, b in rules[page] if a <= x <= b and r >= y]
        if above and below and min(below) - max(above) < 80:  # inside a table cell
            offsets.append((page, text, y - (max(above) + min(below)) / 2))
    assert offsets, "no number found in a table cell"
    usual = sorted(o for _, _, o in offsets)[len(offsets) // 2]
    return [(page, text, round(o - usual, 1)) for page, text, o in offsets if abs(o - usual) > tolerance]


def _emptiest_page(pdf: Path, bottom_margin_mm: float = 35) -> float:
    """The largest share of the type area left empty at the foot of a page, last page aside
    (the page number in the margin does not count)."""
    sizes = _page_sizes(pdf)
    lowest: dict[int, float] = {}
    for page, _, _, _, y1, _ in _words(pdf):
        if y1 < sizes[page - 1][1] - bottom_margin_mm * MM:
            lowest[page] = max(lowest.get(page, 0.0), y1)
    top, bottom = 37 * MM, A4_POINTS[1] - bottom_margin_mm * MM
    return max(((bottom - lowest.get(p, top)) / (bottom - top) for p in range(1, len(sizes))), default=0.0)


def _table3_pages(pdf: Path) -> list[int]:
    """The pages 表三 is printed on (its heading rows repeat on each): those with the start of
    its note, which wraps, and may then have the text of other cells between its lines."""
    note = _squeeze(spec.TABLE3_NOTE)[:10]
    return [n for n, text in enumerate(_pages(pdf), start=1) if note in text]


def _big_report() -> gd.Report:
    """Six-digit cells (总计 seven digits) in 表三 and 表四: the numbers that shrank or split."""
    from tests.test_model import minimal_dict

    data = minimal_dict()
    data["applications"]["new"] = [744675] * 6
    data["applications"]["carried_forward"] = [744675] * 6
    data["review_litigation"]["review"] = {"upheld": 744675, "corrected": 0, "other": 0, "pending": 744675}
    return gd.from_dict(data)


def _with_paragraphs(report: gd.Report, n: int) -> gd.Report:
    """``report`` with ``n`` one-line paragraphs before 表三, moving its page break."""
    data = gd.to_dict(report)
    data["applications"]["paragraphs"] = [f"第{i + 1}段。" for i in range(n)]
    return gd.from_dict(data)


def _look(pdf: Path, name: str) -> None:
    """Keep the PDF and a picture of each page in artefacts/, for a person to look at."""
    ARTEFACTS.mkdir(exist_ok=True)
    for old in ARTEFACTS.glob(f"{name}-*.png"):
        old.unlink()
    shutil.copy(pdf, ARTEFACTS / f"{name}.pdf")
    _run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTEFACTS / name)])


#: 表三 moved down by this many lines puts a row of several lines last on a page (here).
SHIFTS = (9, 10, 11, 12)


@pytest.fixture(scope="module")
def docx_pdfs(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> dict[str, Path]:
    """The example and the reports of the layout checks, converted by one LibreOffice run."""
    _need("soffice", "pdfinfo", "pdftotext", "pdftocairo", "pdftoppm")
    out = tmp_path_factory.mktemp("docx-pdf")
    reports = {
        "example": example,
        "default-title": attrs.evolve(example, title=None),
        "big-numbers": _big_report(),
        **{f"shifted-{n}": _with_paragraphs(example, n) for n in SHIFTS},
    }
    docs = []
    for name, report in reports.items():
        docs.append(out / f"{name}.docx")
        gd.write(report, docs[-1])
    pdfs = dict(zip(reports, _soffice_to_pdf(docs, out), strict=True))
    for name in ("example", "big-numbers"):
        _look(pdfs[name], f"docx-{name}")
    return pdfs


@pytest.fixture(scope="module")
def example_pdf(docx_pdfs: dict[str, Path]) -> Path:
    return docx_pdfs["example"]


def test_docx_example_prints_on_five_pages(docx_pdfs: dict[str, Path]) -> None:
    """The example prints on at most 5 A4 pages (as published), 表三 on at most 2 (it was 6,
    with 表三 over parts of three), and no page but the last is left a third empty."""
    pdf = docx_pdfs["example"]
    assert len(_page_sizes(pdf)) <= 5
    assert len(_table3_pages(pdf)) <= 2, _table3_pages(pdf)
    assert _emptiest_page(pdf) < 1 / 3


@pytest.mark.parametrize(
    ("name", "first"),
    [("example", "上杭县工信科技局2024年度"), ("default-title", "上杭县工信科技局2024年度")],
)
def test_docx_title_breaks_between_words(docx_pdfs: dict[str, Path], name: str, first: str) -> None:
    """LibreOffice sets the title on two lines broken before 政府信息公开…, not inside 工作."""
    lines = _lines(docx_pdfs[name], 1)
    assert [first, "政府信息公开工作年度报告"] == lines[:2]


@pytest.mark.parametrize("name", ["example", "big-numbers", *(f"shifted-{n}" for n in SHIFTS)])
def test_docx_numbers_centred_in_their_cells(docx_pdfs: dict[str, Path], name: str) -> None:
    """Every number is vertically centred in its cell, also in the last row before a page
    break (which LibreOffice leaves unaligned when a merged cell goes on to the next page)."""
    assert _off_centre(docx_pdfs[name]) == []


def test_docx_big_numbers_whole_and_at_least_9pt(docx_pdfs: dict[str, Path]) -> None:
    """Six- and seven-digit numbers print whole, in type of 9 pt or more (they were 5–7 pt)."""
    pdf = docx_pdfs["big-numbers"]
    _assert_labels_and_numbers(_pdf_text(pdf), _big_report())
    heights = [y1 - y0 for _, _, y0, _, y1, text in _words(pdf) if text in ("744675", "4468050", "1489350")]
    assert heights
    assert min(heights) >= 9 * 1.1  # a face's box is at least 1.1 times its size


def test_docx_opens_in_libreoffice_as_a4(example_pdf: Path) -> None:
    """LibreOffice converts the example's DOCX to a PDF whose every page is A4."""
    sizes = _page_sizes(example_pdf)
    assert sizes
    assert all(_is_a4(s) for s in sizes), sizes


def test_docx_text_in_libreoffice(example_pdf: Path, example: gd.Report) -> None:
    """The PDF's text has every heading, every table label and every number in order."""
    flat = _pdf_text(example_pdf)
    _assert_labels_and_numbers(flat, example)
    for paragraph in example.preamble:
        assert _squeeze(paragraph)[:20] in flat


def test_docx_body_font_is_a_real_cjk_font(example_pdf: Path) -> None:
    """The fonts LibreOffice embeds for the Chinese text are CJK faces, not boxes."""
    _need("pdffonts")
    fonts = _run(["pdffonts", str(example_pdf)])
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    cjk = [n for n in names if re.search(r"CJK|Song|Sung|Hei|Kai|Fang|Ming|WenQuanYi|Han", n, re.I)]
    assert cjk, f"no CJK font in {names}"


@settings(max_examples=20, phases=(Phase.generate,), deadline=None)
@given(S.reports())
def test_random_reports_in_libreoffice(tmp_path_factory: pytest.TempPathFactory, report: gd.Report) -> None:
    """20 random reports' DOCX convert to A4 PDFs with every label and number in order."""
    _need("soffice", "pdfinfo", "pdftotext")
    out = tmp_path_factory.mktemp("random-docx")
    doc = out / "random.docx"
    gd.write(report, doc)
    (pdf,) = _soffice_to_pdf([doc], out)
    assert all(_is_a4(s) for s in _page_sizes(pdf))
    _assert_labels_and_numbers(_pdf_text(pdf), report)


def _chromium_args(profile: Path) -> list[str]:
    return [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


@pytest.fixture(scope="module")
def html_pdfs(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> dict[str, Path]:
    """The example and the reports of the layout checks, printed by Chromium; ``as-is``: the
    example printed without ``--no-pdf-header-footer``, as the print dialog's default does."""
    _chromium()
    _need("pdfinfo", "pdftotext", "pdftoppm")
    out = tmp_path_factory.mktemp("html-pdf")
    common = _chromium_args(out / "chrome-profile")
    reports = {
        "example": example,
        "default-title": attrs.evolve(example, title=None),
        "big-numbers": _big_report(),
    }
    pdfs: dict[str, Path] = {}
    for name, report in reports.items():
        page = out / f"{name}.html"
        gd.write(report, page)
        pdfs[name] = out / f"{name}.pdf"
        _run([*common, "--no-pdf-header-footer", f"--print-to-pdf={pdfs[name]}", page.as_uri()], timeout=180)
    pdfs["as-is"] = out / "as-is.pdf"
    _run([*common, f"--print-to-pdf={pdfs['as-is']}", (out / "example.html").as_uri()], timeout=180)
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "example-html.png"
    _run(
        [*common, f"--screenshot={shot}", "--window-size=900,2400", (out / "example.html").as_uri()],
        timeout=180,
    )
    assert shot.exists()
    for name in ("example", "big-numbers"):
        _look(pdfs[name], f"html-{name}")
    return pdfs


@pytest.fixture(scope="module")
def html_pdf(html_pdfs: dict[str, Path]) -> Path:
    return html_pdfs["example"]


def test_html_example_prints_on_five_pages(html_pdfs: dict[str, Path]) -> None:
    """Chromium prints the example on at most 5 pages, no page but the last a third empty, and
    表三 starts on the page where 表二 ends, under its heading (the whole table used to move to
    the next page, leaving the foot of the page empty)."""
    pdf = html_pdfs["example"]
    assert len(_page_sizes(pdf)) <= 5
    assert _emptiest_page(pdf) < 1 / 3
    last_row = _squeeze(spec.FEES.label)
    (table2_end,) = [n for n, text in enumerate(_pages(pdf), start=1) if last_row in text]
    assert _table3_pages(pdf)[0] == table2_end


@pytest.mark.parametrize("name", ["example", "default-title"])
def test_html_title_breaks_between_words(html_pdfs: dict[str, Path], name: str) -> None:
    """Chromium prints the title on two lines broken before 政府信息公开…, not inside 工作."""
    expected = ["上杭县工信科技局2024年度", "政府信息公开工作年度报告"]
    assert expected == _lines(html_pdfs[name], 1)[:2]


def test_html_big_numbers_print_whole(html_pdfs: dict[str, Path]) -> None:
    """Six- and seven-digit numbers print on one line (``74467`` / ``5`` read as two numbers)."""
    _assert_labels_and_numbers(_pdf_text(html_pdfs["big-numbers"]), _big_report())


@pytest.mark.parametrize("name", ["example", "as-is"])
def test_html_page_numbers_outside_and_no_browser_header(html_pdfs: dict[str, Path], name: str) -> None:
    """Each page carries ``— N —`` below the type area, on the right of odd pages and the left
    of even ones; nothing else is printed in the margins, not even by a browser left to print
    its own header and footer (``as-is``)."""
    pdf = html_pdfs[name]
    top, bottom = 37 * MM - 2, A4_POINTS[1] - 35 * MM + 2
    margins: dict[int, list[tuple[float, str]]] = {}
    for page, x0, y0, x1, y1, text in _words(pdf):
        if y1 < top or y0 > bottom:
            margins.setdefault(page, []).append(((x0 + x1) / 2, text))
    pages = len(_page_sizes(pdf))
    for page in range(1, pages + 1):
        words = margins.get(page, [])
        assert "".join(t for _, t in words) == f"—{page}—", (page, words)
        side = [x > A4_POINTS[0] / 2 for x, _ in words]
        assert all(side) if page % 2 else not any(side), (page, words)


def test_html_prints_on_a4(html_pdf: Path) -> None:
    """Chromium prints the example's HTML page on A4 pages."""
    sizes = _page_sizes(html_pdf)
    assert sizes
    assert all(_is_a4(s) for s in sizes), sizes


def test_html_text_in_chromium(html_pdf: Path, example: gd.Report) -> None:
    """The printed page has every heading, label and number in order."""
    _assert_labels_and_numbers(_pdf_text(html_pdf), example)


def test_html_tables_fit_the_page_width(html_pdf: Path) -> None:
    """Every word of the printed page lies inside the page's type area (nothing cut off)."""
    bbox = _run(["pdftotext", "-bbox", str(html_pdf), "-"])
    right = A4_POINTS[0] - 26 * MM + 2
    left = 28 * MM - 2
    xs = [
        (float(a), float(b))
        for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', bbox)
    ]
    assert xs
    outside = [(a, b) for a, b in xs if a < left or b > right]
    assert outside == []


# --- the workbook in LibreOffice Calc ---------------------------------------------------------------


def _soffice_convert(files: list[Path], outdir: Path, target: str) -> list[Path]:
    """LibreOffice converting ``files`` to ``target`` (``xlsx``, ``pdf``) into ``outdir``, in a
    process group of its own, ended whatever happens."""
    profile = outdir / "lo-profile"
    _run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        timeout=600,
    )
    out = [outdir / f"{f.stem}.{target}" for f in files]
    for path in out:
        assert path.exists(), f"LibreOffice wrote no {path.name}"
    return out


def _calc() -> None:
    """LibreOffice with its spreadsheet component (Calc)."""
    _need("soffice")
    program = Path(shutil.which("soffice") or "soffice").resolve().parent
    if not any(program.glob("libsclo.so")) and not any(program.glob("*calc*")):
        reason = "soffice has no Calc component (libreoffice-calc)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _edited(data: bytes, changes: dict[str, int]) -> bytes:
    """The workbook with leaves typed over in openpyxl (which writes no formula results: the
    totals hold their formulas, uncomputed, until a spreadsheet recalculates them)."""
    import io

    import openpyxl

    from gov_disclosure.io import workbook as wl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for path, value in changes.items():
        table = spec.FORMAT_2021.table(path.split(".")[0])
        cell = wl.sheet_layout(table).by_path[path]
        book[table.name].cell(cell.row, cell.column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def calc_workbooks(
    tmp_path_factory: pytest.TempPathFactory, example: gd.Report
) -> dict[str, tuple[Path, Path]]:
    """Workbooks before and after LibreOffice Calc opened, recalculated and saved them: the
    example, a report whose every row differs, and the latter with leaves typed over."""
    _calc()
    source = tmp_path_factory.mktemp("xlsx-source")
    out = tmp_path_factory.mktemp("xlsx-calc")
    distinct = S.distinct_report()
    books = {
        "example": gd.render(example, "xlsx"),
        "distinct": gd.render(distinct, "xlsx"),
        "typed": _edited(
            gd.render(distinct, "xlsx"),
            {"applications.new.commercial": 40, "review_litigation.review.upheld": 7},
        ),
    }
    files = []
    for name, data in books.items():
        assert isinstance(data, bytes)
        files.append(source / f"{name}.xlsx")
        files[-1].write_bytes(data)
    saved = _soffice_convert(files, out, "xlsx")
    return {name: (before, after) for name, before, after in zip(books, files, saved, strict=True)}


def _totals(path: Path, report: gd.Report) -> dict[str, object]:
    """Every total of the workbook of ``report``: path → the result saved with its formula."""
    from gov_disclosure.io import workbook as wl
    from gov_disclosure.io import xlsx

    opened = xlsx.open_workbook(path.read_bytes())
    shapes = {t.key: gd.model.shape_of(report, t) for t in spec.FORMAT_2021.tables}
    out: dict[str, object] = {}
    for layout in wl.sheet_layouts(spec.FORMAT_2021, shapes):
        sheet = opened.sheets[layout.sheet]
        for value in layout.values:
            cell = sheet.cells.get((value.row, value.column))
            if value.is_total and cell is not None and cell.data_type == "f":
                out[value.path] = cell.saved
    return out


@pytest.mark.parametrize("name", ["example", "distinct"])
def test_xlsx_calc_totals_equal_ours(calc_workbooks: dict[str, tuple[Path, Path]], name: str) -> None:
    """LibreOffice computes every total formula; the results it saved equal the report's
    totals, and the workbook it saved reads back as the same report, with no finding."""
    before, after = calc_workbooks[name]
    report = gd.load(before)
    totals = _totals(after, report)
    from gov_disclosure.io import workbook as wl

    shapes = {t.key: gd.model.shape_of(report, t) for t in spec.FORMAT_2021.tables}
    assert len(totals) == sum(
        v.is_total for layout in wl.sheet_layouts(spec.FORMAT_2021, shapes) for v in layout.values
    )
    assert totals == {path: gd.model.value_at(report, path) for path in totals}
    result = gd.parse(after)
    assert result.report == report
    assert result.reading_findings == ()


def test_xlsx_calc_recalculates_typed_leaves(calc_workbooks: dict[str, tuple[Path, Path]]) -> None:
    """Leaves typed over outside a spreadsheet (no totals computed): LibreOffice's totals are
    the new sums, and they are what the model computes from the leaves read."""
    _, after = calc_workbooks["typed"]
    report = gd.load(after, strict=False)
    assert (report.applications.new.commercial, report.review_litigation.review.upheld) == (40, 7)
    totals = _totals(after, report)
    assert totals["applications.new.total"] == sum(report.applications.new.cells()[:6])
    assert totals["review_litigation.review.total"] == report.review_litigation.review.total
    assert totals == {path: gd.model.value_at(report, path) for path in totals}
    assert "parse.stale_total" not in {f.rule for f in gd.parse(after).findings}


@pytest.fixture(scope="module")
def calc_pdf(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> Path:
    """The example's workbook printed to PDF by LibreOffice Calc (every sheet)."""
    _calc()
    _need("pdfinfo", "pdftotext", "pdftoppm")
    out = tmp_path_factory.mktemp("xlsx-pdf")
    book = out / "example.xlsx"
    gd.write(example, book)
    (pdf,) = _soffice_convert([book], out, "pdf")
    _look(pdf, "xlsx-example")
    return pdf


def test_xlsx_prints_on_a4(calc_pdf: Path) -> None:
    sizes = _page_sizes(calc_pdf)
    assert sizes
    assert all(_is_a4(s) or _is_a4((s[1], s[0])) for s in sizes), sizes


def test_xlsx_prints_every_table_with_every_label(calc_pdf: Path, example: gd.Report) -> None:
    """Each table's sheet prints its caption, every label of its grid and every number of the
    report (pdftotext; a spreadsheet prints its cells in no reading order, so each is looked
    for on its own, and a label spanning rows, set a few characters a line, character by
    character in order)."""
    from gov_disclosure.io import workbook as wl

    flat = _pdf_text(calc_pdf)
    numbers = set(re.findall(r"⟨[^⟩]*⟩", flat))
    for table in spec.FORMAT_2021.tables:
        layout = wl.sheet_layout(table, gd.model.shape_of(example, table))
        assert _squeeze(table.caption) in flat, table.caption
        for label in layout.labels:
            if label.rowspan > 1:
                rest = iter(flat)
                assert [ch for ch in _squeeze(label.text) if ch not in rest] == [], (table.name, label.text)
            else:
                assert _squeeze(label.text) in flat, (table.name, label.text)
        for value in layout.values:
            assert f"⟨{format_number(gd.model.value_at(example, value.path))}⟩" in numbers, value.path
