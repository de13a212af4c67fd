"""Peak memory and time of reading and checking hostile inputs, each in a child process.

Builds the inputs (in a temporary folder), then runs each case in a fresh Python process that
uses only the library's public functions — ``gov_disclosure.load`` + ``gov_disclosure.check``
for a YAML file, ``gov_disclosure.parse.parse`` (which checks what it reads) for a published
document, ``gov_disclosure.review`` (every check, the reviewer's too, no output folder) — and
reports the peak resident memory of that process (``VmHWM``, or ``ru_maxrss``).
Targets, printed next to each figure:

* memory: the growth over the process before the case (``peak − baseline``) at most 20× the
  input file's size;
* the 80,000-line HTML page: linear — 80,000 lines take at most ~2.2× the time of 40,000, and
  a few seconds at most;
* the review of a report whose agency's name is 800,000 characters long and whose preamble
  names 40,000 other agencies: linear — at most ~2.2× the time of half of each.

Run: ``PYTHONPATH=src python benchmarks/bench_hostile.py [--only NAME] [--timeout S]``.
Nothing is asserted; every child process is ended, also on failure, timeout or Ctrl-C.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shanghang_gxkj_2024.yaml"
MEMORY_FACTOR = 20
MB = 1024 * 1024
LINEAR_RATIO = 2.2
HTML_SECONDS = 3.0

# --- the child: one case, measured ---------------------------------------------------------


def _memory_kb(field: str) -> int:
    """``VmHWM`` / ``VmRSS`` of this process in KB (``ru_maxrss`` where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(operation: str, path: str) -> None:
    """Run one operation on ``path`` and print what it cost as JSON on stdout."""
    import gov_disclosure as gd
    from gov_disclosure.parse import parse

    gd.load(EXAMPLE)  # import everything the operations use, so the baseline includes it
    parse(gd.render(gd.load(EXAMPLE), "html"), "html")
    parse(gd.render(gd.load(EXAMPLE), "docx"))
    baseline = _memory_kb("VmRSS")
    start = time.perf_counter()
    outcome = _run(operation, path)
    seconds = time.perf_counter() - start
    peak = _memory_kb("VmHWM")  # of the first run
    for _ in range(2 if Path(path).suffix == ".html" or operation == "review" else 0):  # the best run
        start = time.perf_counter()
        _run(operation, path)
        seconds = min(seconds, time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "baseline_kb": baseline, "outcome": outcome}))


def _run(operation: str, path: str) -> str:
    import gov_disclosure as gd
    from gov_disclosure.parse import parse

    try:
        if operation == "load":
            gd.load(path)
            outcome = "read"
        elif operation == "check":
            findings = gd.check(gd.load(path))
            outcome = f"checked, {len(findings)} findings"
        elif operation == "review":
            (reviewed,) = gd.review([path]).reports
            outcome = f"reviewed, {len(reviewed.findings)} findings"
        elif operation == "parse-profiled":
            # A profile hook (as coverage and profilers set) holds references that stop CPython
            # from growing a string in place: ``s += piece`` then copies, so only code that is
            # linear by construction stays linear here.
            sys.setprofile(lambda *_: None)
            try:
                result = parse(path)
            finally:
                sys.setprofile(None)
            outcome = f"read, {len(result.findings)} findings"
        else:
            result = parse(path)
            outcome = f"read, {len(result.findings)} findings"
    except gd.GovDisclosureError as exc:
        outcome = f"{type(exc).__name__}: {exc.reason if isinstance(exc, gd.ParseError) else exc}"[:90]
    return outcome


# --- building the inputs -----------------------------------------------------------------


def _example() -> dict[str, Any]:
    import gov_disclosure as gd

    return gd.to_dict(gd.load(EXAMPLE))


def _yaml_with_paragraph(paragraph: str) -> str:
    from gov_disclosure.io import yaml as io_yaml

    data = _example()
    data["overview"]["paragraphs"] = [paragraph]
    return io_yaml.yaml_dumps(data)


def _yaml_with_names(agency: int, names: int) -> str:
    """The example under an agency's name of ``agency`` characters, its preamble naming
    ``names`` other agencies (``请与乙县第…局联系。``), each compared with it by ``review.agency``."""
    from gov_disclosure.io import yaml as io_yaml

    data = _example()
    data["agency"] = "甲县" * (agency // 2) + "发展和改革局"
    data["preamble"] = [
        "".join(
            f"请与乙县第{chr(0x4E00 + k % 20_000)}{chr(0x4E00 + k // 20_000)}局联系。" for k in range(names)
        )
    ]
    return io_yaml.yaml_dumps(data)


def _text_with_paragraph(paragraph: str, fmt: str = "text") -> str:
    import gov_disclosure as gd

    data = _example()
    data["overview"]["paragraphs"] = [paragraph]
    return str(gd.render(gd.from_dict(data), fmt))


def _numbers_html(lines: int) -> str:
    return "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" + "1 2 3 4 5 6 7\n" * lines


def _docx_with_paragraphs(*, unpacked: int = 0, paragraphs: int = 0) -> bytes:
    """The example as DOCX with paragraphs of varied text (formatted as Word formats them)
    added to 一、总体情况 until ``word/document.xml`` has about ``unpacked`` bytes more, or
    ``paragraphs`` more paragraphs (it compresses about 9 times)."""
    import gov_disclosure as gd

    data = gd.render(gd.load(EXAMPLE), "docx")
    assert isinstance(data, bytes)  # noqa: S101 - the DOCX renderer returns bytes
    rng = random.Random(9)  # noqa: S311 - filler text, not a secret
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
    run = (
        '<w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/>'
        '<w:sz w:val="32"/></w:rPr><w:t>'
    )
    pieces: list[str] = []
    size = 0
    while size < unpacked or len(pieces) < paragraphs:
        text = "".join(rng.choices(alphabet, k=12))
        piece = f'<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr>{run}{text}</w:t></w:r></w:p>'
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = part.decode("utf-8")
                at = xml.index("<w:p>", xml.index("总体情况"))
                part = (xml[:at] + "".join(pieces) + xml[at:]).encode("utf-8")
            zout.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


#: A count the narrative check reads, so that the paragraph is scanned token by token.
COUNT = "本年共收到政府信息公开申请1件"
BRACKETS = COUNT + "（" * 5_000_000

#: name → (file suffix, operation, builder).
CASES: dict[str, tuple[str, str, Callable[[], str | bytes]]] = {
    "YAML, one paragraph of 5,000,000 （: check": (".yaml", "check", lambda: _yaml_with_paragraph(BRACKETS)),
    "YAML, one paragraph of 5,000,000 （: load": (".yaml", "load", lambda: _yaml_with_paragraph(BRACKETS)),
    "YAML, 11 MB of 1件，: check": (".yaml", "check", lambda: _yaml_with_paragraph("1件，" * 1_570_000)),
    "text report, paragraph of 2,600,000 （: parse": (
        ".txt",
        "parse",
        lambda: _text_with_paragraph(COUNT + "（" * 2_600_000),
    ),
    "text report, 4.7 MB of 1件，: parse": (".txt", "parse", lambda: _text_with_paragraph("1件，" * 700_000)),
    "HTML report, paragraph of 2,600,000 （: parse": (
        ".html",
        "parse",
        lambda: _text_with_paragraph(COUNT + "（" * 2_600_000, "html"),
    ),
    "DOCX, 45 MB unpacked: parse": (".docx", "parse", lambda: _docx_with_paragraphs(unpacked=45 * MB)),
    "DOCX, 2 MB unpacked: parse": (".docx", "parse", lambda: _docx_with_paragraphs(unpacked=2 * MB)),
    "DOCX, 29,000 paragraphs (just within the limits): parse": (
        ".docx",
        "parse",
        lambda: _docx_with_paragraphs(paragraphs=29_000),
    ),
    "text, 100,000 short lines: parse": (".txt", "parse", lambda: "一、总体情况\n" + "我局\n" * 99_990),
    "HTML, 40,000 lines of 1 2 3 4 5 6 7: parse": (".html", "parse", lambda: _numbers_html(40_000)),
    "HTML, 80,000 lines of 1 2 3 4 5 6 7: parse": (".html", "parse", lambda: _numbers_html(80_000)),
    "HTML, 200,000 lines of 1 2 3 4 5 6 7: parse": (".html", "parse", lambda: _numbers_html(200_000)),
    "HTML, 40,000 lines of 1 2 3 4 5 6 7: parse-profiled": (
        ".html",
        "parse-profiled",
        lambda: _numbers_html(40_000),
    ),
    "HTML, 80,000 lines of 1 2 3 4 5 6 7: parse-profiled": (
        ".html",
        "parse-profiled",
        lambda: _numbers_html(80_000),
    ),
    "YAML, agency's name of 400,000 characters, 20,000 names in the preamble: review": (
        ".yaml",
        "review",
        lambda: _yaml_with_names(400_000, 20_000),
    ),
    "YAML, agency's name of 800,000 characters, 40,000 names in the preamble: review": (
        ".yaml",
        "review",
        lambda: _yaml_with_names(800_000, 40_000),
    ),
}


# --- the parent ----------------------------------------------------------------------------


def _unpacked(content: str | bytes) -> int:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sum(info.file_size for info in zf.infolist())


def run_child(operation: str, path: Path, timeout: float) -> dict[str, Any]:
    """One case in a fresh process, ended whatever happens."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", operation, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"error": f"no result after {timeout:.0f} s (stopped)"}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0 or not out.strip():
        return {"error": f"exit status {proc.returncode}: {err.strip().splitlines()[-1:] or ''}"}
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, metavar=("OPERATION", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per case")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sys.path.insert(0, str(ROOT / "src"))
    times: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, (suffix, operation, make)) in enumerate(CASES.items()):
            if args.only and args.only not in name:
                continue
            content = make()
            path = Path(tmp) / f"case{n}{suffix}"
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
            size = path.stat().st_size
            got = run_child(operation, path, args.timeout)
            path.unlink()
            if "error" in got:
                print(f"{name}\n    {size / 1e6:.1f} MB input: {got['error']}")
                continue
            grown = max(0, got["peak_kb"] - got["baseline_kb"]) * 1024
            ratio = grown / size
            verdict = "ok" if ratio <= MEMORY_FACTOR else "OVER"
            peak, baseline = got["peak_kb"] / 1024, got["baseline_kb"] / 1024
            unpacked = ""
            if suffix == ".docx":
                xml = _unpacked(content)
                unpacked = f", {grown / xml:.1f}× its {xml / 1e6:.1f} MB unpacked"
            print(
                f"{name}\n    {size / 1e6:.1f} MB input, {got['seconds']:.2f} s, peak {peak:.0f} MB"
                f" (baseline {baseline:.0f} MB): grew {grown / 1e6:.0f} MB = {ratio:.1f}× input{unpacked}"
                f" (target ≤ {MEMORY_FACTOR}×: {verdict}); {got['outcome']}"
            )
            if "lines of 1 2 3" in name:
                lines = int(name.split()[1].replace(",", ""))  # "HTML, 40,000 lines of …"
                times[operation, lines] = got["seconds"]
            if operation == "review":
                times[operation, int(name.split()[4].replace(",", ""))] = got["seconds"]
    for operation in ("parse", "parse-profiled"):
        if (operation, 40_000) not in times or (operation, 80_000) not in times:
            continue
        t40, t80 = times[operation, 40_000], times[operation, 80_000]
        ratio = t80 / max(t40, 1e-9)
        linear = "ok" if ratio <= LINEAR_RATIO else "NOT LINEAR"
        fast = "ok" if t80 <= HTML_SECONDS else "SLOW"
        print(
            f"80,000-line HTML ({operation}): {t80:.2f} s (target ≤ {HTML_SECONDS:.0f} s: {fast}); "
            f"80,000 / 40,000 lines = {ratio:.2f}× (target ≤ {LINEAR_RATIO}×: {linear})"
        )
    if ("review", 400_000) in times and ("review", 800_000) in times:
        ratio = times["review", 800_000] / max(times["review", 400_000], 1e-9)
        linear = "ok" if ratio <= LINEAR_RATIO else "NOT LINEAR"
        print(
            f"review, agency's name of 800,000 / 400,000 characters (names 40,000 / 20,000) = "
            f"{ratio:.2f}× (target ≤ {LINEAR_RATIO}×: {linear})"
        )


if __name__ == "__main__":
    main()
