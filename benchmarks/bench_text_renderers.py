"""Median time to render the bundled example as text, Markdown and HTML.

Run: ``PYTHONPATH=src python benchmarks/bench_text_renderers.py [repeats]``

The first render of each format (loading jinja2 and compiling its template) is timed
separately; the median is over the renders after it, which is what a batch of reports costs.
Target: under 2 ms per report for each format.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.render import html, markdown, text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shanghang_gxkj_2024.yaml"

CASES = {
    "text": (text.render, {}),
    "markdown": (markdown.render, {}),
    "markdown tables=html": (markdown.render, {"tables": "html"}),
    "html": (html.render, {}),
    "html fragment": (html.render, {"fragment": True}),
}


def main(repeats: int = 500) -> None:
    report = gd.load(EXAMPLE)
    print(f"{'format':<22}{'first (ms)':>12}{'median (ms)':>13}{'p90 (ms)':>10}")
    for name, (render, options) in CASES.items():
        start = time.perf_counter()
        render(report, **options)
        first = time.perf_counter() - start
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            render(report, **options)
            times.append(time.perf_counter() - start)
        times.sort()
        p90 = times[int(len(times) * 0.9)]
        print(f"{name:<22}{first * 1e3:>12.2f}{statistics.median(times) * 1e3:>13.3f}{p90 * 1e3:>10.3f}")
    start = time.perf_counter()
    for _ in range(repeats):
        gd.render(report, "html")
    per = (time.perf_counter() - start) / repeats
    print(f"{'gd.render(html) incl. check':<22}{'':>12}{per * 1e3:>13.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
