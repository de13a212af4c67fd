"""Reading and writing YAML, each next to its comparison measured in the same run.

Targets (issue 10):

* ``gd.load`` of the example YAML at most 1.3 × PyYAML's C loader followed by ``from_dict``
  (``from_dict(yaml.load(text, Loader=yaml.CSafeLoader))``, the text already in memory), with
  the alias budget and the duplicate-key check kept;
* ``gd.dump`` to YAML at most 3 × ``gd.dump`` to JSON (both write a file atomically).

The variants are interleaved round by round, so that machine load falls on all alike; each
figure is the median over the rounds of the mean time of one call.

Run: PYTHONPATH=src python benchmarks/bench_yaml.py [--rounds N] [--number N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

import gov_disclosure as gd  # noqa: E402
from gov_disclosure.io import yaml as io_yaml  # noqa: E402

EXAMPLE = ROOT / "examples" / "shanghang_gxkj_2024.yaml"


def medians(variants: dict[str, Callable[[], object]], rounds: int, number: int) -> dict[str, float]:
    """Median over ``rounds`` of the mean µs per call of each variant, interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for fn in variants.values():  # warm up: imports, caches, the converter
        fn()
    for _ in range(rounds):
        for name, fn in variants.items():
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.perf_counter() - t0) / number * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def line(name: str, figure: float, comparison: str, base: float, target: float | None) -> None:
    ratio = figure / base
    verdict = "" if target is None else f"  (target ≤ {target}: {'met' if ratio <= target else 'NOT met'})"
    print(f"{name:34} {figure:8.0f} µs   {comparison:34} {base:8.0f} µs   ratio {ratio:5.2f}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args()

    text = EXAMPLE.read_text(encoding="utf-8")
    report = gd.load(EXAMPLE)
    data = gd.to_dict(report)
    if io_yaml.yaml_loads(text) != yaml.load(text, Loader=yaml.CSafeLoader):
        sys.exit("the two loaders disagree on the example")

    with tempfile.TemporaryDirectory() as tmp:
        yaml_out, json_out = Path(tmp) / "r.yaml", Path(tmp) / "r.json"
        figures = medians(
            {
                "load": lambda: gd.load(EXAMPLE),
                "csafe+from_dict": lambda: gd.from_dict(yaml.load(text, Loader=yaml.CSafeLoader)),
                "read+csafe+from_dict": lambda: gd.from_dict(
                    yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                ),
                "yaml_loads": lambda: io_yaml.yaml_loads(text),
                "csafe": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
                "dump yaml": lambda: gd.dump(report, yaml_out),
                "dump json": lambda: gd.dump(report, json_out),
                "yaml_dumps": lambda: io_yaml.yaml_dumps(data),
                "pyyaml safe_dump": lambda: yaml.dump(
                    data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000
                ),
            },
            args.rounds,
            args.number,
        )
    print(f"{EXAMPLE.name}, {args.rounds} rounds of {args.number} calls, medians of the round means")
    line("gd.load (file)", figures["load"], "CSafeLoader + from_dict (text)", figures["csafe+from_dict"], 1.3)
    line(
        "gd.load (file)",
        figures["load"],
        "read + CSafeLoader + from_dict",
        figures["read+csafe+from_dict"],
        None,
    )
    line("  YAML to plain data", figures["yaml_loads"], "yaml.load(CSafeLoader)", figures["csafe"], None)
    line("gd.dump to .yaml", figures["dump yaml"], "gd.dump to .json", figures["dump json"], 3.0)
    line(
        "  plain data to YAML text",
        figures["yaml_dumps"],
        "yaml.dump(CSafeDumper)",
        figures["pyyaml safe_dump"],
        None,
    )


if __name__ == "__main__":
    main()
