"""Time ``gov-disclosure review`` on rendered reports with injected errors: 1,000 and 10,000.

The reports are the bundled example under other agencies' names, rendered as HTML, text or
Markdown, with errors injected into a quarter to three quarters of them
(``tests/review_batch.py``: a 表三 cell raised while its totals stay, a 表四 count raised, a
sentence quoting a wrong 新收 count). For each size the benchmark

* runs ``review FILES -o OUT --jobs N`` (in a fresh process) and prints its time, the time per
  report, and the ratio to ``check --jobs N`` over the same files measured in the same run
  (the comparison: reading and checking alone; target: review within 3× of it — pages, the
  reviewer's checks, the index, the workbook and the cache on top);
* checks the result: for 1,000 every page (each injected cell marked ``error``, each injected
  sentence marked ``warning``) and the index's counts of every row; for larger sizes the index's
  counts of every row and 200 pages chosen at random;
* prints the size of ``index.html`` and of the folder (target: index under 1 KB per report),
  and the time of a rerun over the same folder (every file unchanged; target: under 10 % of
  the first run);
* at the end, the time per report at the largest size against the smallest (target: within
  1.5×: linear).

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_review.py [--sizes 1000 10000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, cwd: Path) -> tuple[float, int, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return time.perf_counter() - start, result.returncode, result.stdout.strip().splitlines()[-2:][0]


def _require(condition: object, what: object) -> None:
    """Stop the benchmark when its result is wrong (a figure of a wrong result means nothing)."""
    if not condition:
        msg = f"WRONG RESULT: {what}"
        raise SystemExit(msg)


def _index_rows(out: Path) -> list[list[Any]]:
    text = (out / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="gd-data">(.*?)</script>', text, re.S)
    _require(m is not None, "index.html holds no data")
    assert m is not None  # noqa: S101 - for the type checker
    rows: list[list[Any]] = json.loads(m.group(1))["rows"]
    return rows


def _verify(out: Path, injected: list[Any], pages: int) -> str:
    """Every injected error coloured on the pages looked at, the index counting every row."""
    import lxml.html

    rows = _index_rows(out)
    _require(len(rows) == len(injected), (len(rows), len(injected)))
    wrong = [i.path.name for i, row in zip(injected, rows, strict=True) if row[6] != i.errors]
    _require(wrong == [], f"index error counts wrong for {wrong[:5]}")
    everything = range(len(injected))
    sample = random.Random(7)  # noqa: S311 - a sample, not a secret
    chosen = everything if pages >= len(injected) else sample.sample(everything, pages)
    marked_cells = 0
    for n in chosen:
        case, row = injected[n], rows[n]
        page = lxml.html.fromstring((out / row[0]).read_bytes())
        classes = {td.get("data-path"): (td.get("class") or "").split() for td in page.iter("td")}
        for cell in case.error_cells:
            _require("error" in classes.get(cell, []), (case.path.name, cell))
            marked_cells += 1
        marks = [m.text_content() for m in page.iter("mark") if m.get("class") == "warning"]
        for quote in case.quotes:
            _require(quote in marks, (case.path.name, quote))
    return (
        f"{len(rows):,} index rows counted right; {len(chosen):,} pages checked, "
        f"{marked_cells:,} injected cells marked"
    )


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(n: int, jobs: str, folder: Path) -> float:
    from tests.review_batch import make_batch

    start = time.perf_counter()
    injected = make_batch(folder / "in", n)
    print(f"\n{n:,} reports: generated in {time.perf_counter() - start:.1f} s")
    names = [str(i.path.relative_to(folder)) for i in injected]
    seconds, code, last = _cli("review", *names, "-o", "out", "--jobs", jobs, cwd=folder)
    per = seconds / n * 1000
    print(f"  review --jobs {jobs}: {seconds:.1f} s, {per:.1f} ms/report (exit {code}: {last})")
    check, check_code, _ = _cli("check", *names, "--jobs", jobs, cwd=folder)
    ratio = seconds / check
    verdict = "ok" if ratio <= 3 else "OVER TARGET"
    print(
        f"  check --jobs {jobs} (comparison): {check:.1f} s (exit {check_code}); review / check = "
        f"{ratio:.2f} (target <= 3) {verdict}"
    )
    out = folder / "out"
    print("  " + _verify(out, injected, pages=1000 if n <= 1000 else 200))
    index = (out / "index.html").stat().st_size
    verdict = "ok" if index <= 1024 * n else "OVER TARGET"
    print(
        f"  index.html: {index / 1024 / 1024:.2f} MB ({index / n:.0f} bytes/report, target <= 1024) "
        f"{verdict}; "
        f"summary.xlsx {(out / 'summary.xlsx').stat().st_size / 1024 / 1024:.2f} MB; "
        f"folder {_size(out) / 1024 / 1024:.0f} MB"
    )
    again, _, last = _cli("review", *names, "-o", "out", "--jobs", jobs, cwd=folder)
    share = again / seconds
    verdict = "ok" if share <= 0.1 else "OVER TARGET"
    print(
        f"  rerun, every file unchanged: {again:.1f} s ({share:.0%} of the first run, "
        f"target <= 10%) {verdict}"
    )
    print(f"    ({last})")
    return per


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="batch sizes")
    parser.add_argument("--jobs", default="2", help="processes (default 2)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    per: dict[int, float] = {}
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench_review_") as tmp:
            per[n] = run(n, args.jobs, Path(tmp))
    if len(per) > 1:
        small, large = min(per), max(per)
        ratio = per[large] / per[small]
        verdict = "ok" if ratio <= 1.5 else "OVER TARGET"
        print(
            f"\nper report: {per[small]:.1f} ms at {small:,}, {per[large]:.1f} ms at {large:,}; "
            f"ratio {ratio:.2f} (target <= 1.5, linear) {verdict}"
        )


if __name__ == "__main__":
    main()
