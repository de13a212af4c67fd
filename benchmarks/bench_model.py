"""Import time, check() and from_dict(): medians, with the baseline measured in the same run.

Targets: ``python -c "import gov_disclosure"`` at most 1.3 × ``python -c "import attrs, cattrs"``;
``check()`` on a full report under 100 µs; ``from_dict`` on the example under 1 ms.

Run: python benchmarks/bench_model.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import gov_disclosure as gd  # noqa: E402


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of a command, in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, env={"PYTHONPATH": str(ROOT / "src")})
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def per_call(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Median time of one call, in µs."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t0) / number * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    py = sys.executable
    # interleave the two so that machine load affects both alike
    ours, base = [], []
    for _ in range(args.runs):
        ours.append(wall([py, "-c", "import gov_disclosure"], 1))
        base.append(wall([py, "-c", "import attrs, cattrs"], 1))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    print(f"import gov_disclosure        {m_ours:7.1f} ms")
    print(f"import attrs, cattrs         {m_base:7.1f} ms")
    print(f"ratio                        {m_ours / m_base:7.2f}   (target ≤ 1.3)")

    data = gd.to_dict(gd.load(ROOT / "examples" / "shanghang_gxkj_2024.yaml"))
    report = gd.from_dict(data)
    full = gd.from_dict(_full_report(data))
    gd.check(full)
    print(f"check() on a full report     {per_call(lambda: gd.check(full), 2000):7.1f} µs (target < 100)")
    print(f"check() on the example       {per_call(lambda: gd.check(report), 2000):7.1f} µs")
    print(f"  first check of new text    {_first_checks(report):7.1f} µs (narrative not yet cached)")
    print(f"from_dict on the example     {per_call(lambda: gd.from_dict(data), 300):7.1f} µs (target < 1000)")


def _first_checks(report: gd.Report, n: int = 500) -> float:
    """Median µs of check() on reports whose narrative the checker has not seen before."""
    import attrs

    from gov_disclosure.checks import narrative

    samples = []
    for i in range(n):
        overview = attrs.evolve(
            report.overview, paragraphs=(*report.overview.paragraphs, f"本年新收申请1件，办结1件。编号{i}")
        )
        fresh = attrs.evolve(report, overview=overview)
        narrative._read_paragraph.cache_clear()
        t0 = time.perf_counter()
        gd.check(fresh)
        samples.append((time.perf_counter() - t0) * 1e6)
    return statistics.median(samples)


def _full_report(data: dict) -> dict:  # type: ignore[type-arg]
    """The example with a non-zero number in every cell of 表三 and 表四, still consistent."""
    import copy

    out = copy.deepcopy(data)
    apps = out["applications"]
    k = 1
    for key, value in apps.items():
        if key in ("paragraphs", "new", "carried_over", "total", "carried_forward"):
            continue
        rows = value.values() if "natural_person" not in value else [value]
        for row in rows:
            for col in list(row)[:6]:
                row[col] = k % 7 + 1
                k += 1
            del row["total"]
    for key in ("new", "carried_over", "total", "carried_forward"):
        del apps[key]["total"]
    del apps["total"]
    tmp = gd.from_dict({**out, "applications": {**apps, "new": [0] * 6}}, strict=False)
    sums = [
        getattr(tmp.applications.total, c)
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")
    ]
    apps["carried_over"] = [2] * 6
    apps["carried_forward"] = [3] * 6
    apps["new"] = [s + 3 - 2 for s in sums]
    for group in out["review_litigation"].values():
        if isinstance(group, dict):
            group.update(upheld=1, corrected=2, other=3, pending=4)
            del group["total"]
    return out


if __name__ == "__main__":
    main()
