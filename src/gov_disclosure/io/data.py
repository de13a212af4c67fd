"""Data files of the dict contract: a report read from, or written to, a ``.json``, ``.yaml``
or ``.yml`` file (the type chosen by the suffix, from :mod:`gov_disclosure.io.filetypes`); a
workbook this library wrote (``.xlsx``) is read by its type's ``data_reader``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gov_disclosure.exceptions import InputError
from gov_disclosure.io import filetypes
from gov_disclosure.io import json as json_format
from gov_disclosure.io import yaml as yaml_format
from gov_disclosure.io._convert import from_dict, to_dict
from gov_disclosure.io._decode import decode
from gov_disclosure.io.files import atomic_write
from gov_disclosure.model import Report

__all__ = ["MAX_INPUT_BYTES", "dump", "load", "read_data"]

#: The largest input file :func:`load` reads (a report is a few KB).
MAX_INPUT_BYTES = 16 * 1024 * 1024


def _kind(path: Path) -> str:
    found = filetypes.by_suffix(path)
    if found is None or found.kind != "data":
        *first, last = filetypes.data_suffixes()
        names = f"{'、'.join(first)} 或 {last}"
        msg = f"不认识的文件类型 {path.suffix!r}：数据文件应为 {names}"
        raise InputError([("", msg)], source=str(path))
    return found.name


def read_data(path: str | os.PathLike[str]) -> Any:
    """The plain data in a JSON or YAML file (chosen by its suffix)."""
    return _read(path)[0]


def _read(path: str | os.PathLike[str]) -> tuple[Any, list[yaml_format.Hint]]:
    p = Path(path)
    kind = _kind(p)
    if p.stat().st_size > MAX_INPUT_BYTES:
        msg = f"文件过大（超过 {MAX_INPUT_BYTES // 1024 // 1024} MB），不像一份年度报告"
        raise InputError([("", msg)], source=str(p))
    text = decode(p.read_bytes(), str(p))
    if kind == "json":
        return json_format.data(text, str(p)), []
    return yaml_format.yaml_data(text, str(p))


def load(path: str | os.PathLike[str], *, strict: bool = True) -> Report:
    """A report from a ``.json``, ``.yaml`` or ``.yml`` file, or from a workbook (``.xlsx``)
    this library wrote (:mod:`gov_disclosure.io.xlsx`)."""
    found = filetypes.by_suffix(path)
    if found is not None and found.data_reader is not None:
        import importlib  # noqa: PLC0415

        report: Report = importlib.import_module(found.data_reader).load(path, strict=strict)
        return report
    data, hints = _read(path)
    try:
        return from_dict(data, strict=strict, source=str(path))
    except InputError as exc:
        if not hints:
            raise
        raise yaml_format.hinted(exc, hints) from None


def dump(report: Report, path: str | os.PathLike[str]) -> None:
    """Write ``report`` to a ``.json``, ``.yaml`` or ``.yml`` file, atomically."""
    p = Path(path)
    text = json_format.dumps(report) if _kind(p) == "json" else yaml_format.yaml_dumps(to_dict(report))
    atomic_write(p, text)
