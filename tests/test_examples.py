"""The examples in examples/ run, and the first customer's report reads as published."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from typing import Any

import pytest

import gov_disclosure as gd
from tests.conftest import CORPUS, EXAMPLES

SCRIPTS = sorted(EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_script_runs(script: Any) -> None:
    """Every script in examples/ runs and exits 0."""
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_agency_script_builds_a_consistent_report() -> None:
    module = runpy.run_path(str(EXAMPLES / "agency_script.py"))
    report = module["build"]()
    assert gd.check(report) == []


def _subset(expected: Any, actual: Any, path: str = "") -> None:
    if isinstance(expected, dict):
        for key, value in expected.items():
            _subset(value, actual[key], f"{path}.{key}")
    else:
        assert expected == actual, path


def test_example_yaml_gives_the_published_numbers(example: gd.Report) -> None:
    """Loading the example YAML gives the numbers in 00_shanghang_gxkj_2024.expected.json."""
    expected = json.loads((CORPUS / "00_shanghang_gxkj_2024.expected.json").read_text(encoding="utf-8"))
    _subset(expected, gd.to_dict(example))


def test_import_loads_no_heavy_library() -> None:
    """``import gov_disclosure`` loads neither python-docx, lxml, jinja2, PyYAML nor pypdfium2:
    they load when a renderer, parser or YAML file needs them."""
    code = (
        "import sys, gov_disclosure; "
        "print(sorted(m for m in ('docx', 'lxml', 'jinja2', 'yaml', 'pypdfium2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
