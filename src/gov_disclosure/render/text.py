"""Plain text, as agencies paste it into their websites.

One block per heading or paragraph, blocks separated by one blank line; a table is one block
of tab-separated rows. The exact layout is in ``docs/render.md``; in short, a cell starting in a
row writes its text once (a merged cell is not padded), and a cell spanning down from an
earlier row writes one empty field in each row it covers, so the columns stay aligned.
"""

from __future__ import annotations

from gov_disclosure.model import Report
from gov_disclosure.render import _view

__all__ = ["render"]

TEMPLATE = "report.txt"


def render(report: Report, **options: object) -> str:
    """``report`` as plain text (UTF-8 string, ``\\n`` line ends, one final newline).

    The text renderer takes no options.
    """
    _view.check_options("text", options, ())
    return _view.template(TEMPLATE).render(view=_view.build(report))
