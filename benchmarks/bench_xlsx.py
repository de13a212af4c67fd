"""Workbook speed: writing the clerk's workbook and reading it back, against plain openpyxl.

One run measures, on the bundled example, in turns so that both meet the same load:

* ``write`` — ``gov_disclosure.render(report, "xlsx")`` (the 勾稽 check included): the five
  sheets with their labels, merges, borders, widths, number formats, validations, formulas,
  protection and print setup;
* ``plain write`` — openpyxl writing the same cells (every value and formula of our workbook,
  on sheets of the same names), no styles, merges or validations: ``Workbook.save`` to memory;
* ``read`` — ``gov_disclosure.load("r.xlsx")``: the package checked, every sheet read, the
  report built and checked by the model;
* ``plain read`` — ``openpyxl.load_workbook`` of the plain workbook's file and every value of
  every sheet iterated;

and prints each median, the ratio to its plain counterpart and the targets: at most 1.5× the
plain figure, under 50 ms to write and under 50 ms to read.

Usage: ``python benchmarks/bench_xlsx.py [N]`` (N timed runs of each, default 40).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import gov_disclosure as gd  # noqa: E402

EXAMPLE = ROOT / "examples" / "shanghang_gxkj_2024.yaml"
RATIO_TARGET = 1.5
WRITE_TARGET_MS = 50.0
READ_TARGET_MS = 50.0


def interleaved_ms(a: Callable[[], object], b: Callable[[], object], n: int) -> tuple[float, float]:
    """Median wall times of ``a`` and ``b`` in ms, timed in turns (after one warm-up each)."""
    a()
    b()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(n):
        for fn, out in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def cells_of(data: bytes) -> list[tuple[str, list[tuple[int, int, Any]]]]:
    """Every sheet's name and its cells' values (formulas as ``=…``) of a workbook."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (
            sheet.title,
            [(c.row, c.column, c.value) for row in sheet.iter_rows() for c in row if c.value is not None],
        )
        for sheet in book.worksheets
    ]


def plain_write(cells: list[tuple[str, list[tuple[int, int, Any]]]]) -> bytes:
    """openpyxl writing the same values, nothing else."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, values in cells:
        sheet = book.create_sheet(title)
        for row, column, value in values:
            sheet.cell(row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_read(path: Path) -> int:
    """openpyxl reading a workbook and every value of it."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for value in row if value is not None)
    return count


def line(name: str, ours: float, plain: float, target_ms: float) -> bool:
    ratio = ours / plain
    ok = ratio <= RATIO_TARGET and ours < target_ms
    print(
        f"{name:5}  gov_disclosure {ours:6.1f} ms   plain openpyxl {plain:6.1f} ms   "
        f"ratio {ratio:4.2f} (target ≤ {RATIO_TARGET})   target < {target_ms:.0f} ms   "
        f"{'OK' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40, help="timed runs of each (default 40)")
    args = parser.parse_args()
    report = gd.load(EXAMPLE)
    data = gd.render(report, "xlsx")
    if not isinstance(data, bytes):
        raise TypeError(type(data))
    cells = cells_of(data)
    plain = plain_write(cells)
    print(
        f"example: {sum(len(v) for _, v in cells)} cells on {len(cells)} sheets; {args.n} runs each, in turns"
    )
    write_ms, plain_write_ms = interleaved_ms(
        lambda: gd.render(report, "xlsx"), lambda: plain_write(cells), args.n
    )
    with tempfile.TemporaryDirectory() as folder:
        ours_path, plain_path = Path(folder) / "r.xlsx", Path(folder) / "plain.xlsx"
        ours_path.write_bytes(data)
        plain_path.write_bytes(plain)
        if gd.load(ours_path) != report:
            print("the workbook does not read back as the report")
            return 1
        read_ms, plain_read_ms = interleaved_ms(
            lambda: gd.load(ours_path), lambda: plain_read(plain_path), args.n
        )
    ok = line("write", write_ms, plain_write_ms, WRITE_TARGET_MS)
    ok = line("read", read_ms, plain_read_ms, READ_TARGET_MS) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
