"""DOCX speed: gov_disclosure against a naive python-docx script and a docxtpl template.

One run measures, for the same number N of documents:

* ``gov_disclosure`` — ``gov_disclosure.render.docx.render`` of the bundled example;
* ``floor`` — :mod:`zipfile` writing the same eleven parts (taken from our output) at the same
  deflate level, with the same fixed dates: what any writer of this package must at least do.
  Target: ``gov_disclosure`` at most 2× the floor;
* ``naive`` — ``build()`` of ``../shared/bench/naive_docx.py`` (the report built cell by cell
  with plain python-docx, as an agency script would), writing to a temporary directory;
* ``docxtpl`` — an equivalent document from a docxtpl template: the template (made once, here,
  with python-docx: the three official tables with their merges, a ``{{ ... }}`` placeholder in
  every value cell, ``{%p for %}`` loops for the preamble, the paragraphs and the subsections)
  is built outside the timing; only render + save to bytes is timed;

then prints the medians and the ratios, and the time to render 1,000 different generated
reports (varied numbers, consistent tables) through ``gov_disclosure.render(report, "docx")``
(the 勾稽 check included).

Usage: ``python benchmarks/bench_docx.py [N] [--reports 1000]``.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))

import gov_disclosure as gd  # noqa: E402
from gov_disclosure import spec  # noqa: E402
from gov_disclosure.render import cell_text  # noqa: E402
from gov_disclosure.render import docx as render_docx  # noqa: E402

EXAMPLE = ROOT / "examples" / "shanghang_gxkj_2024.yaml"


def median_ms(fn: Callable[[int], object], n: int) -> float:
    """Median wall time of ``fn(k)`` for k in 0..n-1, in milliseconds (after one warm-up)."""
    fn(0)
    times = []
    for k in range(n):
        start = time.perf_counter()
        fn(k)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def interleaved_ms(a: Callable[[], object], b: Callable[[], object], n: int) -> tuple[float, float]:
    """Median wall times of ``a`` and ``b`` in ms, timed in turns (a, b, a, b …) so that both
    meet the same load on a shared machine (after one warm-up each)."""
    a()
    b()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(n):
        for fn, out in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


# --- the floor ----------------------------------------------------------------------------


def package_parts(data: bytes) -> list[tuple[str, bytes]]:
    """The parts of a package, in its order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def floor_zip(parts: list[tuple[str, bytes]]) -> bytes:
    """The same parts zipped by zipfile at the same level (6), dated 1980-01-01."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


# --- docxtpl -------------------------------------------------------------------------------


def _tables(report: gd.Report) -> list[spec.Table]:
    return [
        spec.active_disclosure_table(with_regulations=report.active_disclosure.regulations is not None),
        spec.applications_table(),
        spec.review_litigation_table(),
    ]


def _template_table(document: Any, table: spec.Table, index: int) -> None:
    """The official table with its merges; value cells hold ``{{ t<index>[i] }}``."""
    grid = document.add_table(rows=len(table.rows), cols=table.columns)
    grid.style = "Table Grid"
    rows = [row.cells for row in grid.rows]  # cells cached once: no Table.cell() in loops
    value = 0
    for r, placed in enumerate(table.placed()):
        for col, cell in placed:
            target = rows[r][col]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(rows[r + cell.rowspan - 1][col + cell.colspan - 1])
            if cell.is_value:
                target.text = f"{{{{ t{index}[{value}] }}}}"
                value += 1
            else:
                target.text = cell.text


def make_template(report: gd.Report) -> bytes:
    """A docxtpl template of the whole report, built with python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{%p for p in preamble %}")
    document.add_paragraph("{{ p }}")
    document.add_paragraph("{%p endfor %}")
    tables = iter(_tables(report))
    for i, section in enumerate(spec.SECTIONS):
        document.add_paragraph(section.heading)
        document.add_paragraph(f"{{%p for p in s{i}.paragraphs %}}")
        document.add_paragraph("{{ p }}")
        document.add_paragraph("{%p endfor %}")
        if section.has_table:
            _template_table(document, next(tables), i)
        else:
            document.add_paragraph(f"{{%p for sub in s{i}.subsections %}}")
            document.add_paragraph("{{ sub.heading }}")
            document.add_paragraph("{%p for p in sub.paragraphs %}")
            document.add_paragraph("{{ p }}")
            document.add_paragraph("{%p endfor %}")
            document.add_paragraph("{%p endfor %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_context(report: gd.Report) -> dict[str, Any]:
    """The values the docxtpl template needs, prepared once per report."""
    context: dict[str, Any] = {"title": report.title, "preamble": list(report.preamble)}
    tables = iter(_tables(report))
    for i, (section_spec, section) in enumerate(zip(spec.SECTIONS, report.sections(), strict=True)):
        entry: dict[str, Any] = {"paragraphs": list(section.paragraphs)}
        if section_spec.has_table:
            table = next(tables)
            context[f"t{i}"] = [cell_text(report, c) for row in table.rows for c in row if c.is_value]
        else:
            entry["subsections"] = [
                {"heading": spec.subsection_heading(k + 1, s.title), "paragraphs": list(s.paragraphs)}
                for k, s in enumerate(section.subsections)
            ]
        context[f"s{i}"] = entry
    return context


def docxtpl_render(template: bytes, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    document.render(context)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- varied reports -----------------------------------------------------------------------


def varied_report(base: dict[str, Any], rng: random.Random) -> gd.Report:
    """The example with every number redrawn, the tables kept consistent (totals derived)."""
    data = dict(base)
    apps = dict(data["applications"])
    outcome_totals = [0] * 6

    def six() -> list[int]:
        return [rng.choice((0, 0, 1, 2, 3, rng.randint(0, 500))) for _ in range(6)]

    def draw(row: Any) -> list[int]:
        cells = six()
        for c in range(6):
            outcome_totals[c] += cells[c]
        return cells

    apps["granted"] = draw(None)
    apps["partially_granted"] = draw(None)
    for group in spec.APPLICATION_GROUPS:
        apps[group.key] = {sub.key: draw(None) for sub in group.rows}
    apps.pop("total", None)
    forward = six()
    over = [rng.randint(0, outcome_totals[c] + forward[c]) for c in range(6)]
    apps["carried_forward"] = forward
    apps["carried_over"] = over
    apps["new"] = [outcome_totals[c] + forward[c] - over[c] for c in range(6)]
    data["applications"] = apps
    data["active_disclosure"] = {
        **data["active_disclosure"],
        "licensing": rng.randint(0, 99),
        "punishment": rng.randint(0, 99),
        "fees": f"{rng.randint(0, 99999) / 100:.2f}",
    }
    data["review_litigation"] = {
        "paragraphs": [],
        **{g.key: {k: rng.randint(0, 9) for k in spec.REVIEW_KEYS[:-1]} for g in spec.REVIEW_GROUPS},
    }
    data["agency"] = f"{base['agency']}{rng.randint(1, 999)}"
    data.pop("title", None)
    return gd.from_dict(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20, help="documents per contender (default 20)")
    parser.add_argument(
        "--reports", type=int, default=1000, help="different reports to render (default 1000)"
    )
    args = parser.parse_args()
    import naive_docx

    report = gd.load(EXAMPLE)
    parts = package_parts(render_docx.render(report))
    n_fast = max(args.n, 300)  # the two fast ones: enough samples for a steady median
    ours, floor = interleaved_ms(lambda: render_docx.render(report), lambda: floor_zip(parts), n_fast)
    with tempfile.TemporaryDirectory() as tmp:
        naive = median_ms(lambda k: naive_docx.build(f"{tmp}/r{k}.docx", k), args.n)
    template = make_template(report)
    context = template_context(report)
    tpl = median_ms(lambda _k: docxtpl_render(template, context), args.n)

    verdict = "ok" if ours <= 2 * floor else "OVER TARGET"
    print(
        f"DOCX of the example, median ms per document ({n_fast} runs of the first two, "
        f"{args.n} of the others):"
    )
    print(f"  gov_disclosure  {ours:8.3f}")
    print(
        f"  floor           {floor:8.3f}   zipfile, the same {len(parts)} parts, level 6: "
        f"gov_disclosure = {ours / floor:.2f}x (target <= 2x: {verdict})"
    )
    print(f"  naive           {naive:8.2f}   gov_disclosure = 1/{naive / ours:.0f} of it")
    print(f"  docxtpl         {tpl:8.2f}   gov_disclosure = 1/{tpl / ours:.1f} of it")

    rng = random.Random(2024)  # noqa: S311 - benchmark data, not secrets
    base = gd.to_dict(report)
    start = time.perf_counter()
    reports = [varied_report(base, rng) for _ in range(args.reports)]
    made = time.perf_counter() - start
    start = time.perf_counter()
    sizes = [len(gd.render(r, "docx")) for r in reports]
    took = time.perf_counter() - start
    distinct = len({r.applications.new.cells() for r in reports})
    print(
        f"{args.reports} different reports ({distinct} distinct 表三 first rows) to DOCX: {took:.2f} s "
        f"({took / args.reports * 1000:.2f} ms each, check included; building them from dicts: {made:.2f} s; "
        f"mean size {statistics.mean(sizes) / 1024:.1f} KiB)"
    )


if __name__ == "__main__":
    main()
