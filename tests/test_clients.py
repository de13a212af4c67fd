"""Proof in real clients: LibreOffice opens our DOCX, Chromium prints our HTML.

These tests need LibreOffice (``soffice``), poppler (``pdftotext``, ``pdfinfo``, ``pdffonts``)
and Chromium, which ``.ci/run`` installs from Debian's packages. Locally they are skipped, with
the reason, when a program is missing; in CI (``CI=true``) a missing program fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

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
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{cmd[0]} failed: {result.stderr[-2000:]}"
    return result.stdout


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


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> Path:
    _need("soffice", "pdfinfo", "pdftotext")
    out = tmp_path_factory.mktemp("docx-pdf")
    doc = out / "example.docx"
    gd.write(example, doc)
    (pdf,) = _soffice_to_pdf([doc], out)
    ARTEFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTEFACTS / "example-docx.pdf")
    return pdf


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


@pytest.fixture(scope="module")
def html_pdf(tmp_path_factory: pytest.TempPathFactory, example: gd.Report) -> Path:
    chromium = _chromium()
    _need("pdfinfo", "pdftotext")
    out = tmp_path_factory.mktemp("html-pdf")
    page = out / "example.html"
    gd.write(example, page)
    pdf = out / "example.pdf"
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={out / 'chrome-profile'}",
    ]
    _run([*common, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], timeout=180)
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "example-html.png"
    _run([*common, f"--screenshot={shot}", "--window-size=900,2400", page.as_uri()], timeout=180)
    assert shot.exists()
    shutil.copy(pdf, ARTEFACTS / "example-html.pdf")
    return pdf


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
