"""Time the command line on many reports: ``check`` of 1,000 data files (target: under 5 s)
and ``render --jobs 2`` of 1,000 reports to DOCX (target: under 60 s).

With ``--scaling``: ``check`` and ``aggregate`` of 1,000 and of 10,000 reports, in the library
(``check()`` over the reports, ``aggregate()`` of them) and from the command line (``check``,
``check --jobs 2``, ``aggregate``): the time per report at 10,000 against that at 1,000 (target:
within 1.3×, i.e. linear), and the peak memory of the command line's ``aggregate`` at 10,000
against 1,000 (target: flat, within 1.25×: it streams its inputs). Command-line times have the
start-up (``--version``, measured in the same run) taken off; every figure is the best of
``--repeat`` runs (of at least 5 for the library).

The reports are generated here with random consistent numbers (every total left out, so it is
derived; 一 + 二 = 三（七）+ 四 holds in every column). Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_cli.py [-n 1000] [--format docx] [--jobs 2]
    PYTHONPATH=src python benchmarks/bench_cli.py --scaling [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIX = 6
OUTCOME_GROUPS = {
    "withheld": 8,
    "unavailable": 3,
    "not_processed": 5,
    "other_handling": 3,
}


def _names(group: str) -> list[str]:
    from gov_disclosure import spec

    return [row.key for row in spec.GROUP_BY_KEY[group].rows]


def _cells(rng: random.Random) -> list[int]:
    return [rng.choice((0, 0, 0, rng.randint(0, 20), rng.randint(0, 2000))) for _ in range(SIX)]


def _case_counts(rng: random.Random) -> dict[str, int]:
    return {k: rng.randint(0, 30) for k in ("upheld", "corrected", "other", "pending")}


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    words = [
        "我局",
        "认真",
        "贯彻",
        "落实",
        "政府信息公开",
        "条例",
        "主动公开",
        "依申请",
        "办理",
        "规范",
        "平台",
        "建设",
        "监督",
        "保障",
    ]
    return ["，".join(rng.choice(words) for _ in range(rng.randint(20, 60))) + "。" for _ in range(n)]


def generate(rng: random.Random, index: int, year: int) -> dict[str, Any]:
    """One consistent report in the dict contract, with random numbers and text."""
    outcomes = [_cells(rng) for _ in range(2 + sum(OUTCOME_GROUPS.values()))]
    carried_forward = _cells(rng)
    totals = [sum(r[c] for r in outcomes) for c in range(SIX)]
    carried_over = [rng.randint(0, totals[c] + carried_forward[c]) for c in range(SIX)]
    new = [totals[c] + carried_forward[c] - carried_over[c] for c in range(SIX)]
    rows = iter(outcomes)
    applications: dict[str, Any] = {
        "new": new,
        "carried_over": carried_over,
        "granted": next(rows),
        "partially_granted": next(rows),
    }
    for group in OUTCOME_GROUPS:
        applications[group] = {name: next(rows) for name in _names(group)}
    applications["carried_forward"] = carried_forward
    fee = rng.choice(("0", f"{rng.randint(0, 99)}.{rng.randint(0, 9999):04d}"))
    return {
        "agency": f"测试县第{index}局",
        "year": year,
        "preamble": _paragraphs(rng, 1),
        "overview": {
            "paragraphs": _paragraphs(rng, 1),
            "subsections": [
                {"title": t, "paragraphs": _paragraphs(rng, 2)} for t in ("主动公开情况", "依申请公开情况")
            ],
        },
        "active_disclosure": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": rng.randint(0, 5)},
            "normative_documents": {
                "issued": rng.randint(0, 9),
                "repealed": 0,
                "in_force": rng.randint(9, 60),
            },
            "licensing": rng.randint(0, 5000),
            "punishment": rng.randint(0, 500),
            "enforcement": rng.randint(0, 50),
            "fees": fee,
        },
        "applications": applications,
        "review_litigation": {
            "review": _case_counts(rng),
            "litigation_direct": _case_counts(rng),
            "litigation_after_review": _case_counts(rng),
        },
        "problems": {"paragraphs": _paragraphs(rng, 2)},
        "other_matters": {"paragraphs": _paragraphs(rng, 1)},
    }


def write_reports(directory: Path, count: int, suffix: str) -> list[Path]:
    """``count`` generated reports as ``directory/r00000.<suffix>`` (JSON or YAML)."""
    import yaml

    rng = random.Random(20250131)  # noqa: S311 - test data, not cryptography
    paths = []
    for i in range(count):
        data = generate(rng, i, 2024)
        path = directory / f"r{i:05d}{suffix}"
        if suffix == ".json":
            text = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run_cli(*args: str, cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``python -m gov_disclosure ARGS``; give back the wall time and the result."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return time.perf_counter() - start, result


def _report(name: str, seconds: float, target: float, result: subprocess.CompletedProcess[str]) -> None:
    verdict = "ok" if seconds < target and result.returncode == 0 else "OVER TARGET OR FAILED"
    last = result.stdout.strip().splitlines()[-1:] or result.stderr.strip().splitlines()[-1:]
    print(f"{name}: {seconds:.2f} s (target < {target:.0f} s, exit {result.returncode}) {verdict}")
    print(f"    last line: {last[0] if last else ''}")


#: Runs the command line like ``python -m gov_disclosure`` and writes its peak memory (VmHWM,
#: which starts afresh at exec, unlike ``ru_maxrss``, which keeps the forking parent's) on stderr.
_MEASURED = """
import sys
from gov_disclosure.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stdout.flush()
sys.stderr.write(f"\\npeak-kb {peak}\\n")
sys.exit(code)
"""


def run_measured(*args: str, cwd: Path) -> tuple[float, int, int]:
    """Run the command line with ARGS (output discarded); give back the wall time, the exit
    status and the peak resident memory of that process in MB."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
            env=env,
            check=False,
        )
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").rsplit("peak-kb ", 1)[-1]
    kilobytes = int(tail.split()[0]) if tail.strip().isdigit() else 0
    return seconds, result.returncode, kilobytes // 1024


def _ratio_line(name: str, per: dict[int, float], target: float, unit: str = "ms/report") -> None:
    small, large = sorted(per)
    ratio = per[large] / per[small]
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(
        f"{name}: {per[small]:.3f} {unit} at {small:,}, {per[large]:.3f} {unit} at {large:,}; "
        f"ratio {ratio:.2f} (target <= {target}) {verdict}"
    )


def scaling(sizes: list[int], repeat: int) -> None:
    """Time per report of check and aggregate at each size (library and command line), and the
    command line aggregate's peak memory."""
    import gov_disclosure as gd
    from gov_disclosure.aggregate import aggregate

    with tempfile.TemporaryDirectory(prefix="bench_scaling_") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = write_reports(folder, max(sizes), ".json")
        names = [p.name for p in files]
        print(f"generated {len(files):,} .json reports in {time.perf_counter() - start:.1f} s")
        reports = [gd.load(p) for p in files]

        def check_all(items: list[gd.Report]) -> None:
            for report in items:
                gd.check(report)

        library = {
            "library check()": check_all,
            "library aggregate()": lambda items: aggregate(items, agency="汇总"),
        }
        for name, function in library.items():
            per = {}
            for n in sizes:
                part = reports[:n]
                runs = []
                for _ in range(max(5, repeat)):  # cheap: more runs against the machine's noise
                    t0 = time.perf_counter()
                    function(part)
                    runs.append(time.perf_counter() - t0)
                per[n] = min(runs) / n * 1000
            _ratio_line(name, per, 1.3)
        del reports

        startup = min(run_measured("--version", cwd=folder)[0] for _ in range(repeat))
        print(f"command-line start-up: {startup * 1000:.0f} ms (taken off the times below)")
        commands = {
            "CLI check": ["check"],
            "CLI check --jobs 2": ["check", "--jobs", "2"],
            "CLI aggregate": ["aggregate", "-o", str(folder / "sum.yaml"), "--agency", "汇总"],
        }
        for name, argv in commands.items():
            per, peak = {}, {}
            for n in sizes:
                runs = [run_measured(*argv, *names[:n], cwd=folder) for _ in range(repeat)]
                seconds, status, _ = min(runs)
                if status != 0:
                    print(f"    {name} of {n:,} exited {status}")
                per[n] = (seconds - startup) / n * 1000
                peak[n] = min(r[2] for r in runs)
            _ratio_line(name, per, 1.3)
            if name == "CLI aggregate":
                small, large = sorted(peak)
                ratio = peak[large] / peak[small]
                verdict = "ok" if ratio <= 1.25 else "OVER TARGET"
                print(
                    f"CLI aggregate peak memory: {peak[small]} MB at {small:,}, {peak[large]} MB at "
                    f"{large:,}; ratio {ratio:.2f} (target <= 1.25, flat) {verdict}"
                )


def main() -> None:
    """Generate the reports, time ``check`` and ``render``, print the numbers."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--format", default="docx", help="render format (default docx)")
    parser.add_argument("--jobs", default="2", help="render processes (default 2)")
    parser.add_argument("--skip-render", action="store_true", help="time check only")
    parser.add_argument("--scaling", action="store_true", help="time per report at several sizes only")
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000], help="for --scaling")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure for --scaling (best)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    if args.scaling:
        scaling(args.sizes, args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="bench_cli_") as tmp:
        work = Path(tmp)
        for suffix in (".yaml", ".json"):
            folder = work / suffix[1:]
            folder.mkdir()
            start = time.perf_counter()
            files = write_reports(folder, args.n, suffix)
            print(f"generated {args.n} {suffix} reports in {time.perf_counter() - start:.1f} s")
            names = [p.name for p in files]
            seconds, result = run_cli("check", *names, cwd=folder)
            _report(f"check {args.n} {suffix} files", seconds, 5, result)
            seconds, result = run_cli("check", *names, "--jobs", args.jobs, cwd=folder)
            _report(f"check --jobs {args.jobs} {args.n} {suffix} files", seconds, 5, result)
        if args.skip_render:
            return
        folder = work / "json"
        names = sorted(p.name for p in folder.glob("*.json"))
        seconds, result = run_cli(
            "render",
            *names,
            "--out-dir",
            str(work / "out"),
            "-f",
            args.format,
            "--jobs",
            args.jobs,
            cwd=folder,
        )
        _report(f"render --jobs {args.jobs} {args.n} reports to {args.format}", seconds, 60, result)
        if result.returncode != 0:
            print(result.stderr[-2000:])


if __name__ == "__main__":
    main()
