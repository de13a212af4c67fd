"""DOCX: the document an agency prints, stamps and publishes, laid out as GB/T 9704-2012.

``render(report, profile=None) -> bytes`` writes the whole OOXML package itself — no template
file, no python-docx: the static parts (styles, settings, font table, footers) are built once
per :class:`Layout`, deflated once and cached; the body is written as text from templates
prepared per profile (each table one ``w:tbl`` with its ``w:gridSpan`` / ``w:vMerge`` merges
taken from the layouts in :mod:`gov_disclosure.spec`, its columns sized from their content),
and only it and the core properties are deflated per document (:mod:`._zip`). The output is
deterministic: the same report and profile give the same bytes.

Structure of the document (``docs/docx.md``): a ``Title`` paragraph; the preamble as ``Normal``
paragraphs; for each of the six sections a ``Heading1`` paragraph, its ``Normal`` paragraphs,
then either its subsections (``Heading2`` + ``Normal`` paragraphs) or its table.
"""

from __future__ import annotations

import functools

from gov_disclosure.model import Report, is_report
from gov_disclosure.render import _docx_xml as x
from gov_disclosure.render import _zip
from gov_disclosure.render._common import check_options
from gov_disclosure.render.layout import DEFAULT_FALLBACKS, FONT_SIZES, Layout, Length, cm, mm, pt, twips

__all__ = ["DEFAULT_FALLBACKS", "FONT_SIZES", "Layout", "Length", "cm", "mm", "pt", "render", "twips"]


def render(report: Report, *, profile: Layout | None = None, **unknown: object) -> bytes:
    """The report as a DOCX package (bytes), laid out by ``profile`` (GB/T 9704 by default)."""
    check_options("docx", unknown, ("profile",))
    if not is_report(report):
        msg = f"render 需要报告对象（Report），收到 {type(report).__name__}"
        raise TypeError(msg)
    if profile is None:
        profile = _default_layout()
    elif not isinstance(profile, Layout):
        msg = f"profile 应为 gov_disclosure.render.docx.Layout，收到 {type(profile).__name__}"
        raise TypeError(msg)
    static = _static_members(profile)
    parts = {
        **static,
        "docProps/core.xml": _zip.member("docProps/core.xml", x.core_xml(report)),
        "word/document.xml": _zip.member("word/document.xml", x.document_xml(report, profile)),
    }
    return _zip.archive(parts[name] for name in _ORDER if name in parts)


@functools.cache
def _default_layout() -> Layout:
    return Layout()


@functools.lru_cache(maxsize=16)
def _static_members(layout: Layout) -> dict[str, _zip.Member]:
    """The parts that depend on the profile only, each deflated once."""
    return {name: _zip.member(name, data) for name, data in x.static_parts(layout).items()}


#: The order of the parts in the package.
_ORDER = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/footer1.xml",
    "word/footer2.xml",
)
