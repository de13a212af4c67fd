"""Shared fixtures: the bundled example and the corpus beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_disclosure as gd
import tests.strategies  # noqa: F401 - registers and loads the Hypothesis profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_YAML = EXAMPLES / "shanghang_gxkj_2024.yaml"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def example() -> gd.Report:
    """The first customer's 2024 report, loaded from examples/."""
    return gd.load(EXAMPLE_YAML)
