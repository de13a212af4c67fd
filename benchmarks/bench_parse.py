"""parse() on the example in each format, and on megabytes of hostile text: medians.

Targets: under 5 ms for text, Markdown and HTML; under 30 ms for DOCX (the example report,
rendered by our own renderers), judged on the best run. The hostile inputs show that reading
stays linear.

Run: python benchmarks/bench_parse.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import gov_disclosure as gd  # noqa: E402
from gov_disclosure.parse import ParseError, parse  # noqa: E402

TARGETS_MS = {"text": 5.0, "markdown": 5.0, "html": 5.0, "docx": 30.0}


def per_call(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best and median time of one call, in ms (one warm-up call first). The best run is
    the one least disturbed by other work on the machine (as ``timeit`` reports)."""
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return min(samples), statistics.median(samples)


def hostile() -> dict[str, str]:
    return {
        "2 MB of （": "一、总体情况\n" + "（" * 2_000_000,
        "2 MB of spaces": "一、总体情况\n(" + " " * 2_000_000 + "x",
        "1M short lines": "一、总体情况\n" + "我局\n" * 1_000_000,
        "90k short lines": "一、总体情况\n" + "我局\n" * 90_000,
        "200k rows of numbers": "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        + "1 2 3 4 5 6 7\n" * 200_000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    report = gd.load(ROOT / "examples" / "shanghang_gxkj_2024.yaml")
    print(f"parse() of the example ({args.runs} runs: best, median)")
    for fmt, target in TARGETS_MS.items():
        doc = gd.render(report, fmt)
        best, median = per_call(lambda doc=doc, fmt=fmt: parse(doc, fmt), args.runs)
        verdict = "ok" if best <= target else "SLOW"
        print(f"  {fmt:<9} {best:7.2f} ms {median:7.2f} ms   target {target:5.1f} ms   {verdict}")
    print("hostile text (one run each, outcome and time)")
    for name, doc in hostile().items():
        t0 = time.perf_counter()
        try:
            parse(doc, "text")
            outcome = "ParseResult"
        except ParseError:
            outcome = "ParseError"
        print(f"  {name:<22} {(time.perf_counter() - t0):7.2f} s   {outcome}")


if __name__ == "__main__":
    main()
