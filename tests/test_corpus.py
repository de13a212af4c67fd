"""Real published reports (the corpus beside the repository) read as their .expected.json says.

Every ``NN_*.txt|md|html`` in the corpus is found by glob, so a new report is tested without a
code change; every fragment must be refused with a ParseError naming the table and the row the
copy ends in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import gov_disclosure as gd
from gov_disclosure.parse import ParseError, parse
from tests.conftest import CORPUS

FRAGMENTS = CORPUS / "fragments"


def _reports() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus folder {CORPUS} is missing"))]
    files = sorted(p for ext in ("txt", "md", "html") for p in CORPUS.glob(f"[0-9][0-9]_*.{ext}"))
    return [pytest.param(p, id=p.name) for p in files]


def _fragments() -> list[Any]:
    if not FRAGMENTS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"fragments folder {FRAGMENTS} is missing"))]
    return [pytest.param(p, id=p.name) for p in sorted(FRAGMENTS.glob("[0-9][0-9]_*.txt"))]


def _differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, read {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            out.extend(_differences(value, actual.get(key), f"{path}.{key}" if path else key))
        return out
    return [] if expected == actual else [f"{path}: expected {expected!r}, read {actual!r}"]


@pytest.mark.parametrize("source", _reports())
def test_corpus_report_reads_as_expected(source: Path) -> None:
    """Every value in the report's .expected.json is what parse() reads from it."""
    expected = json.loads(source.with_name(source.name.split(".")[0] + ".expected.json").read_text("utf-8"))
    result = parse(source)
    differences: list[str] = []
    assert differences == _differences(expected, gd.to_dict(result.report))


@pytest.mark.parametrize("source", _reports())
def test_corpus_cells_left_out_of_expected_have_a_finding(source: Path) -> None:
    """A table cell the .expected.json leaves out (printed blank) is named by a reading finding."""
    expected = json.loads(source.with_name(source.name.split(".")[0] + ".expected.json").read_text("utf-8"))
    result = parse(source)
    found = {f.path for f in result.findings if f.rule.startswith("parse.")}
    missing = []
    for row, cells in expected.get("applications", {}).items():
        if isinstance(cells, dict) and "natural_person" in cells:
            full = gd.to_dict(result.report)["applications"][row]
            missing.extend(f"applications.{row}.{k}" for k in full if k not in cells)
    unnamed: list[str] = []
    assert unnamed == [p for p in missing if p not in found]


@pytest.mark.parametrize("source", _fragments())
def test_fragment_is_refused_naming_table_and_row(source: Path) -> None:
    """A report cut off in the middle is refused with ParseError naming 表三 and where it ends."""
    with pytest.raises(ParseError) as caught:
        parse(source)
    assert "表三" in str(caught.value)
    assert caught.value.where
