"""GitHub-flavoured Markdown.

``#`` title, ``##`` section headings, ``###`` subsection headings, paragraphs, and the tables
as GFM pipe tables (``tables="gfm"``, the default) or as the HTML tables with their merges
(``tables="html"``). All user text and labels are escaped so that no character of theirs
changes the document's structure; :func:`escape` says how and :func:`unescape` undoes it.
"""

from __future__ import annotations

from gov_disclosure.exceptions import UnknownFormatError
from gov_disclosure.model import Report
from gov_disclosure.render import _view
from gov_disclosure.render._escape import SPECIAL, escape, escape_cell, unescape

__all__ = ["SPECIAL", "TABLE_STYLES", "escape", "escape_cell", "render", "unescape"]

TEMPLATE = "report.md"
#: Values of the ``tables`` option.
TABLE_STYLES = ("gfm", "html")


def render(report: Report, *, tables: str = "gfm", **options: object) -> str:
    """``report`` as GitHub-flavoured Markdown.

    ``tables="gfm"`` (default): pipe tables; ``tables="html"``: the HTML tables with their
    merged cells, embedded as HTML blocks.
    """
    _view.check_options("markdown", options, ("tables",))
    if tables not in TABLE_STYLES:
        msg = f"markdown 渲染器的 tables 选项应为 {' 或 '.join(TABLE_STYLES)}，收到 {tables!r}"
        raise UnknownFormatError(msg)
    return _view.template(TEMPLATE).render(view=_view.build(report), tables=tables)
