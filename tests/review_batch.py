"""A batch of rendered reports with injected errors, for the review tests and benchmark.

Each report is the bundled example under another agency's name (its text changed to match),
with zero, one or two errors injected into the data and rendered as a published document
(HTML, text or Markdown): a cell of 表三 raised while its totals stay as printed (two hard
errors naming that cell), a 表四 count raised (one hard error naming it), or a sentence quoting a
wrong 新收 count (a narrative warning quoting it).
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import attrs

import gov_disclosure as gd
from gov_disclosure import spec
from tests.conftest import EXAMPLE_YAML

AGENCY = "上杭县工信科技局"
FORMATS = {"html": ".html", "text": ".txt", "markdown": ".md"}
KINDS = ("table3", "table4", "narrative")


@attrs.frozen
class Injected:
    """One generated report: its file, the cells an error was injected into (each must be
    marked ``error`` on its page), the quoted sentence of an injected narrative warning, and
    the hard errors the report holds."""

    path: Path
    agency: str
    error_cells: tuple[str, ...]
    quotes: tuple[str, ...]
    errors: int


def _base() -> dict[str, Any]:
    return gd.to_dict(gd.load(EXAMPLE_YAML))


def _renamed(data: dict[str, Any], agency: str) -> dict[str, Any]:
    text = json.dumps(data, ensure_ascii=False).replace(AGENCY, agency)
    out: dict[str, Any] = json.loads(text)
    return out


def _leaf_rows() -> list[tuple[str, ...]]:
    return [row.keys for row in spec.OUTCOME_ROWS]


def inject(data: dict[str, Any], kind: str, rng: random.Random) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Inject one error into ``data`` (every total printed); the cells it names, its quote."""
    if kind == "table3":
        keys = rng.choice(_leaf_rows())
        column = rng.choice(spec.APPLICANT_KEYS)
        row: Any = data["applications"]
        for key in keys:
            row = row[key]
        row[column] += rng.randint(1, 9)
        return (".".join(("applications", *keys, column)),), ()
    if kind == "table4":
        group = rng.choice([g.key for g in spec.REVIEW_GROUPS])
        field = rng.choice(spec.REVIEW_PARTS)
        data["review_litigation"][group][field] += rng.randint(1, 9)
        return (f"review_litigation.{group}.{field}",), ()
    wrong = data["applications"]["new"]["total"] + rng.randint(2, 9)
    sentence = f"本年度共新收政府信息公开申请{wrong}件"
    data["overview"]["paragraphs"].append(sentence + "。")
    return (), (sentence,)


def make_batch(folder: Path, n: int, seed: int = 13) -> list[Injected]:
    """``n`` reports written into ``folder``; about one in four without any injected error."""
    rng = random.Random(seed)  # noqa: S311 - test data, not a secret
    base = _base()
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Injected] = []
    for i in range(n):
        agency = f"示例市第{i + 1}局"
        data = _renamed(copy.deepcopy(base), agency)
        kinds = rng.sample(KINDS, rng.choice((0, 1, 1, 2)))
        cells: list[str] = []
        quotes: list[str] = []
        for kind in kinds:
            c, q = inject(data, kind, rng)
            cells.extend(c)
            quotes.extend(q)
        report = gd.from_dict(data, strict=False)
        fmt = rng.choice(tuple(FORMATS))
        path = folder / f"report_{i + 1:05d}{FORMATS[fmt]}"
        path.write_text(str(gd.render(report, fmt, force=True)), encoding="utf-8")
        errors = sum(1 for f in gd.check(report) if f.severity == "error")
        out.append(Injected(path, agency, tuple(cells), tuple(quotes), errors))
    return out
