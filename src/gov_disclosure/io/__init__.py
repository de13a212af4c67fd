"""Input and output of the dict contract.

* :mod:`~gov_disclosure.io._convert` — the converter: ``from_dict`` / ``to_dict``;
* :mod:`~gov_disclosure.io.json`, :mod:`~gov_disclosure.io.yaml` — the two data formats, read
  exactly and safely;
* :mod:`~gov_disclosure.io.data` — data files: ``load`` / ``dump``;
* :mod:`~gov_disclosure.io.schema` — the JSON Schema of the dict contract;
* :mod:`~gov_disclosure.io.files` — files written atomically, only regular files;
* :mod:`~gov_disclosure.io.template` — the YAML template a clerk fills in;
* :mod:`~gov_disclosure.io.filetypes` — the one registry of file types and suffixes.

The names below load their modules (and cattrs, PyYAML) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gov_disclosure.io._convert import from_dict, to_dict
    from gov_disclosure.io.data import dump, load, read_data
    from gov_disclosure.io.json import dumps, loads
    from gov_disclosure.io.schema import json_schema

__all__ = ["dump", "dumps", "from_dict", "json_schema", "load", "loads", "read_data", "to_dict"]

_LAZY = {
    "dump": "gov_disclosure.io.data",
    "dumps": "gov_disclosure.io.json",
    "from_dict": "gov_disclosure.io._convert",
    "json_schema": "gov_disclosure.io.schema",
    "load": "gov_disclosure.io.data",
    "loads": "gov_disclosure.io.json",
    "read_data": "gov_disclosure.io.data",
    "to_dict": "gov_disclosure.io._convert",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'gov_disclosure.io' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
