"""HTML: a complete page with an A4 print stylesheet, or only the report (``fragment=True``).

Tables carry the official merges (``rowspan``/``colspan``), ``<th scope="col">`` for column
headings, ``<th scope="row">`` for row labels and ``<td class="gd-num" data-path="…">`` for
numbers; sections are ``<section id="overview">`` … so that a parser reads the page back
exactly (``docs/render.md``). Text is escaped: ``<script>`` in a paragraph stays text.
"""

from __future__ import annotations

from gov_disclosure.model import Report
from gov_disclosure.render import _view

__all__ = ["render"]

PAGE = "page.html"
FRAGMENT = "body.html"


def render(report: Report, *, fragment: bool = False, **options: object) -> str:
    """``report`` as an HTML page, or with ``fragment=True`` only the ``<article>`` holding it
    (for pasting into a CMS: no ``<html>``, ``<head>`` or stylesheet)."""
    _view.check_options("html", options, ("fragment",))
    name = FRAGMENT if fragment else PAGE
    return _view.template(name).render(view=_view.build(report, geometry=True))
