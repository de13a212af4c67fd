"""The one registry of file types: which suffixes name which type, and which module reads and
which writes it.

Data files (``json``, ``yaml``) hold the dict contract and are read by the input layer;
documents (``text``, ``markdown``, ``html``, ``docx``, ``xlsx``, ``pdf``) are written by a
renderer (not PDF) and read by a reader of the parse layer. The workbook (``xlsx``) is both:
a document any workbook laid out as the official tables is read as, and — when this library
wrote it — data, read back exactly by its ``data_reader``. :func:`gov_disclosure.render`,
:func:`gov_disclosure.parse`, the command line and :func:`gov_disclosure.load` all choose from
here, so a suffix means the same
everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import attrs

__all__ = [
    "FILE_TYPES",
    "FileType",
    "by_name",
    "by_suffix",
    "data_suffixes",
    "holds_data",
    "readable",
    "writable",
]

Kind = Literal["data", "document"]


@attrs.frozen
class FileType:
    """A file type: its name (``fmt=`` in the API, ``-f`` on the command line), its suffixes
    (the first one is written), whether it holds data or a document, the modules that read and
    write it (``None``: not read, or not written), and suffixes only ever read (``.xhtml``: an
    HTML page is not well-formed XML, so it is never written under that name)."""

    name: str
    suffixes: tuple[str, ...]
    kind: Kind
    reader: str | None
    writer: str | None
    description: str
    read_only_suffixes: tuple[str, ...] = ()
    #: whether the file is read as bytes (DOCX, PDF) rather than decoded to text first
    binary: bool = False
    #: for a document that this library also writes as data (the workbook): the module whose
    #: ``load(path, strict=)`` reads it back exactly (``gov_disclosure.load``)
    data_reader: str | None = None

    @property
    def suffix(self) -> str:
        """The suffix written for this type."""
        return self.suffixes[0]


FILE_TYPES: tuple[FileType, ...] = (
    FileType("json", (".json",), "data", "gov_disclosure.io", "gov_disclosure.io", "JSON 数据文件"),
    FileType("yaml", (".yaml", ".yml"), "data", "gov_disclosure.io", "gov_disclosure.io", "YAML 数据文件"),
    FileType(
        "text",
        (".txt", ".text"),
        "document",
        "gov_disclosure.parse.text",
        "gov_disclosure.render.text",
        "纯文本",
    ),
    FileType(
        "markdown",
        (".md", ".markdown"),
        "document",
        "gov_disclosure.parse.markdown",
        "gov_disclosure.render.markdown",
        "Markdown",
    ),
    FileType(
        "html",
        (".html", ".htm"),
        "document",
        "gov_disclosure.parse.html",
        "gov_disclosure.render.html",
        "HTML 网页",
        read_only_suffixes=(".xhtml",),
    ),
    FileType(
        "docx",
        (".docx",),
        "document",
        "gov_disclosure.parse.docx",
        "gov_disclosure.render.docx",
        "Word 文档（DOCX）",
        binary=True,
    ),
    FileType(
        "xlsx",
        (".xlsx",),
        "document",
        "gov_disclosure.parse.xlsx",
        "gov_disclosure.render.xlsx",
        "Excel/WPS 工作簿（XLSX）",
        binary=True,
        data_reader="gov_disclosure.io.xlsx",
    ),
    FileType("pdf", (".pdf",), "document", "gov_disclosure.parse.pdf", None, "PDF 文件", binary=True),
)
_BY_NAME = {t.name: t for t in FILE_TYPES}
_WRITTEN = {s: t for t in FILE_TYPES for s in t.suffixes}
_READ = {**_WRITTEN, **{s: t for t in FILE_TYPES for s in t.read_only_suffixes}}


def by_name(name: str) -> FileType | None:
    """The file type called ``name``, if any."""
    return _BY_NAME.get(name)


def by_suffix(path: str | os.PathLike[str], *, writing: bool = False) -> FileType | None:
    """The file type the suffix of ``path`` names (case-insensitive), if any; ``writing``
    leaves out the suffixes only ever read."""
    return (_WRITTEN if writing else _READ).get(Path(path).suffix.lower())


def readable(kind: Kind | None = None) -> tuple[FileType, ...]:
    """The file types something reads (of ``kind``, if given)."""
    return tuple(t for t in FILE_TYPES if t.reader is not None and kind in (None, t.kind))


def writable(kind: Kind | None = None) -> tuple[FileType, ...]:
    """The file types something writes (of ``kind``, if given)."""
    return tuple(t for t in FILE_TYPES if t.writer is not None and kind in (None, t.kind))


def holds_data(filetype: FileType) -> bool:
    """Whether a report written to ``filetype`` reads back exactly: a data file, or the
    workbook (``new`` and ``aggregate`` write these)."""
    return filetype.kind == "data" or filetype.data_reader is not None


def data_suffixes() -> tuple[str, ...]:
    """Suffixes of data files: read as the dict contract, not as published documents."""
    return tuple(s for t in FILE_TYPES if t.kind == "data" for s in t.suffixes)
