"""How long hostile and oversized inputs take to be refused (or read): prints one line each.

Run: ``PYTHONPATH=src python benchmarks/input_bombs.py``. Nothing is asserted; the tests check
that each input ends in an InputError, this script shows that it ends quickly: the target for
every bomb (the alias bombs above all) is well under a second.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gov_disclosure as gd
from gov_disclosure.io import yaml as io_yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shanghang_gxkj_2024.yaml"


def minimal_dict() -> dict[str, Any]:
    """The bundled example as plain data (a fresh copy each time)."""
    return gd.to_dict(gd.load(EXAMPLE))


def _billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "哈哈"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _merge_laughs(levels: int = 9) -> str:
    """Each level merges ten copies of the one before (the merge-key DoS of yaml/pyyaml#897)."""
    lines = ['m0: &m0 {k0: "哈哈"}']
    lines += [
        f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}], k{i}: 1}}" for i in range(1, levels + 1)
    ]
    return "\n".join(lines) + "\n"


def _with_paragraph(size: int) -> str:
    return io_yaml.yaml_dumps({**minimal_dict(), "preamble": ["年" * (size // 3)]})


def _fee(fee: str) -> str:
    """A report whose fee is the JSON number ``fee`` (read as a ``Decimal``)."""
    text = json.dumps(
        {**minimal_dict(), "active_disclosure": {**minimal_dict()["active_disclosure"], "fees": "@"}}
    )
    return text.replace('"@"', fee)


CASES: dict[str, tuple[str, Callable[[], str | bytes]]] = {
    "YAML billion laughs (10^9 items)": (".yaml", _billion_laughs),
    "YAML laughs, 30 levels (10^30)": (".yaml", lambda: _billion_laughs(30)),
    "YAML merge-key laughs": (".yaml", _merge_laughs),
    "YAML recursive alias": (".yaml", lambda: "a: &a [1, *a]\n"),
    "YAML 1,000,000 numbers": (".yaml", lambda: "[" + "0, " * 1_000_000 + "0]\n"),
    "YAML [[[…]]] 100,000 deep": (".yaml", lambda: "[" * 100_000 + "]" * 100_000),
    "YAML - - - … 100,000 deep": (".yaml", lambda: "- " * 100_000 + "x\n"),
    "JSON [[[…]]] 100,000 deep": (".json", lambda: "[" * 100_000 + "]" * 100_000),
    "JSON 5,000-digit integer": (".json", lambda: '{"year": ' + "9" * 5000 + "}"),
    "JSON fee 1e999999999": (".json", lambda: _fee("1e999999999")),
    "JSON fee 0E-999999999": (".json", lambda: _fee("0E-999999999")),
    "YAML 1 MB paragraph (read)": (".yaml", lambda: _with_paragraph(1024 * 1024)),
    "YAML 10 MB paragraph (read)": (".yaml", lambda: _with_paragraph(10 * 1024 * 1024)),
    "JSON 10 MB paragraph (read)": (
        ".json",
        lambda: json.dumps({**minimal_dict(), "preamble": ["年" * 3_500_000]}),
    ),
    "random bytes 1 MB as YAML": (".yaml", lambda: bytes(range(256)) * 4096),
}


def main() -> None:
    gd.load(EXAMPLE)  # imports and caches first, so that no case pays for them
    with tempfile.TemporaryDirectory() as tmp:
        for name, (suffix, make) in CASES.items():
            content = make()
            path = Path(tmp) / f"case{suffix}"
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
            start = time.perf_counter()
            try:
                gd.load(path)
                result = "read"
            except gd.InputError as exc:
                result = "InputError: " + exc.errors[0][1][:50]
            except gd.InconsistentReportError:
                result = "InconsistentReportError"
            elapsed = time.perf_counter() - start
            size = path.stat().st_size
            print(f"{name:36} {size:>10,} B {elapsed * 1000:9.1f} ms  {result}")


if __name__ == "__main__":
    main()
