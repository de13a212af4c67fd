"""One report's page: its three tables drawn as the official layout by the HTML renderer's own
view and table macro, every cell a finding names coloured by its state (``error``,
``warning``, ``uncertain``) with the messages on hover, the sentences findings quote marked in
the narrative, and the findings grouped in a list beside."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.findings import RULE_BY_ID, Finding
from gov_disclosure.model import Report, format_of
from gov_disclosure.render import _view
from gov_disclosure.review._groups import (
    STATE_WORDS,
    STATES,
    FindingGroup,
    State,
    named_cells,
    printed_cells,
    quoted,
    state_of,
)

__all__ = ["INDEX", "Mark", "render_page"]

TEMPLATE = "review_page.html"
#: The index page's name, linked from every page.
INDEX = "index.html"
#: At most this many messages go into one cell's hover text.
MAX_TITLE_MESSAGES = 6


@attrs.define
class Mark:
    """What a cell, a paragraph's words or a heading is marked with: the strongest state of
    the findings naming it, their messages, and whether one of them names it as its ``path``."""

    state: State
    messages: list[str] = attrs.field(factory=list)
    focus: bool = False

    def add(self, state: State, message: str, *, focus: bool = False) -> None:
        if STATES.index(state) < STATES.index(self.state):
            self.state = state
        if message not in self.messages:
            self.messages.append(message)
        self.focus = self.focus or focus

    @property
    def classes(self) -> str:
        return f"{self.state} gd-focus" if self.focus else self.state

    @property
    def title(self) -> str:
        shown = self.messages[:MAX_TITLE_MESSAGES]
        more = len(self.messages) - len(shown)
        return "\n".join(shown) + (f"\n……另有 {more} 条" if more > 0 else "")


@attrs.frozen
class Piece:
    """A run of a paragraph's text, marked or not."""

    text: str
    mark: Mark | None = None


@attrs.frozen
class ParagraphView:
    path: str
    pieces: tuple[Piece, ...]
    mark: Mark | None

    @property
    def html(self) -> Any:
        """The paragraph as HTML (written here rather than by a template macro: a page has
        dozens of paragraphs, and this is two to four times faster)."""
        from markupsafe import Markup, escape  # noqa: PLC0415 - with jinja2

        head = f'<p data-path="{escape(self.path)}"'
        if self.mark is not None:
            head += f' class="{escape(self.mark.classes)}" title="{escape(self.mark.title)}"'
        parts = [head, ">"]
        for piece in self.pieces:
            if piece.mark is None:
                parts.append(str(escape(piece.text)))
            else:
                state, title, text = escape(piece.mark.state), escape(piece.mark.title), escape(piece.text)
                parts.append(f'<mark class="{state}" title="{title}">{text}</mark>')
        parts.append("</p>")
        return Markup("".join(parts))  # noqa: S704 - every value in it is escaped above


@attrs.frozen
class SubsectionView:
    heading: str
    paragraphs: tuple[ParagraphView, ...]


@attrs.frozen
class SectionView:
    key: str
    heading: str
    mark: Mark | None
    paragraphs: tuple[ParagraphView, ...]
    subsections: tuple[SubsectionView, ...]
    table: _view.TableView | None


@attrs.frozen
class GroupView:
    state: State
    rule: str
    summary: str
    line: str
    labels: str
    messages: tuple[str, ...]


def _paragraph_paths(report: Report) -> set[str]:
    paths = {f"{spec.PREAMBLE.key}.{i}" for i in range(len(report.preamble))}
    for key in format_of(report).narrative_keys():
        section = getattr(report, key)
        paths.update(f"{key}.{spec.PARAGRAPHS.key}.{i}" for i in range(len(section.paragraphs)))
        for j, sub in enumerate(section.subsections):
            paths.update(
                f"{key}.{spec.SUBSECTIONS.key}.{j}.{spec.PARAGRAPHS.key}.{i}"
                for i in range(len(sub.paragraphs))
            )
    return paths


def _marks(
    report: Report, findings: Sequence[Finding]
) -> tuple[dict[str, Mark], dict[str, list[tuple[str, State, str]]], dict[str, Mark]]:
    """Cell marks (path → mark), the quotes to mark in each paragraph, and the marks of whole
    paragraphs, sections, tables and the title (by path)."""
    printed = printed_cells(report)
    paragraphs = _paragraph_paths(report)
    fmt = format_of(report)
    blocks = {s.key for s in fmt.sections} | {spec.PREAMBLE.key}
    cells: dict[str, Mark] = {}
    quotes: dict[str, list[tuple[str, State, str]]] = {}
    wholes: dict[str, Mark] = {}
    for f in findings:
        state = state_of(f)
        named = named_cells(f, printed)
        for path in named:
            # the cell a finding is about, among the others of its equation
            cells.setdefault(path, Mark(state)).add(state, f.message, focus=path == f.path and len(named) > 1)
        said = quoted(f)
        for path in dict.fromkeys((f.path, *f.cells)):
            if path in paragraphs:
                if said is not None:
                    quotes.setdefault(path, []).append((said, state, f.message))
                else:
                    wholes.setdefault(path, Mark(state)).add(state, f.message)
        target = f.path if f.path in blocks else None
        if target is None and f.path in {spec.TITLE.key, spec.AGENCY.key, spec.YEAR.key, ""}:
            target = spec.TITLE.key
        if target is not None and not (set(f.cells) & paragraphs):
            wholes.setdefault(target, Mark(state)).add(state, f.message)
    return cells, quotes, wholes


def _pieces(text: str, quotes: list[tuple[str, State, str]]) -> tuple[tuple[Piece, ...], bool]:
    """The paragraph cut into pieces, the quoted words marked; whether every quote was found."""
    spans: list[tuple[int, int, Mark]] = []
    all_found = True
    for said, state, message in quotes:
        at = text.find(said)
        if at < 0:
            all_found = False
            continue
        end = at + len(said)
        for n, (s, e, mark) in enumerate(spans):
            if s < end and at < e:  # overlapping: one span for both
                mark.add(state, message)
                spans[n] = (min(s, at), max(e, end), mark)
                break
        else:
            mark = Mark(state)
            mark.add(state, message)
            spans.append((at, end, mark))
    spans.sort(key=lambda x: x[0])
    pieces: list[Piece] = []
    pos = 0
    for start, end, mark in spans:
        begin = max(start, pos)
        if begin >= end:
            continue
        if begin > pos:
            pieces.append(Piece(text[pos:begin]))
        pieces.append(Piece(text[begin:end], mark))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return tuple(pieces), all_found


def _paragraph(
    path: str, text: str, quotes: dict[str, list[tuple[str, State, str]]], wholes: dict[str, Mark]
) -> ParagraphView:
    mark = wholes.get(path)
    pieces, found = _pieces(text, quotes.get(path, []))
    if not found:
        missing = [q for q in quotes.get(path, []) if q[0] not in text]
        mark = mark or Mark(missing[0][1])
        for _, state, message in missing:
            mark.add(state, message)
    return ParagraphView(path, pieces, mark)


def _sections(
    report: Report, view: _view.View, quotes: dict[str, list[tuple[str, State, str]]], wholes: dict[str, Mark]
) -> tuple[SectionView, ...]:
    out: list[SectionView] = []
    for section in view.sections:
        key = section.key
        own = tuple(
            _paragraph(f"{key}.{spec.PARAGRAPHS.key}.{i}", t, quotes, wholes)
            for i, t in enumerate(section.paragraphs)
        )
        subs = tuple(
            SubsectionView(
                sub.heading,
                tuple(
                    _paragraph(
                        f"{key}.{spec.SUBSECTIONS.key}.{j}.{spec.PARAGRAPHS.key}.{i}", t, quotes, wholes
                    )
                    for i, t in enumerate(sub.paragraphs)
                ),
            )
            for j, sub in enumerate(section.subsections)
        )
        out.append(SectionView(key, section.heading, wholes.get(key), own, subs, section.table))
    return tuple(out)


def _group_views(
    findings: Sequence[Finding], groups: Sequence[FindingGroup], fmt: spec.Format
) -> tuple[GroupView, ...]:
    out = []
    for g in groups:
        first = findings[g.members[0]]
        labels = spec.join_labels(fmt.label_path(first.path)) if g.count == 1 and first.path else ""
        rule = RULE_BY_ID.get(g.rule)
        messages = tuple(findings[i].message for i in g.members) if g.count > 1 else ()
        out.append(GroupView(g.state, g.rule, rule.summary if rule else g.rule, g.line, labels, messages))
    return tuple(out)


def render_page(
    report: Report,
    findings: Sequence[Finding],
    groups: Sequence[FindingGroup],
    *,
    source: str,
    template_label: str,
) -> str:
    """The page of one report (a complete HTML document)."""
    view = _view.build(report, geometry=True)
    cells, quotes, wholes = _marks(report, findings)
    preamble = tuple(
        _paragraph(f"{spec.PREAMBLE.key}.{i}", t, quotes, wholes) for i, t in enumerate(view.preamble)
    )
    counts = {s: sum(1 for f in findings if state_of(f) == s) for s in STATES}
    fmt = format_of(report)
    return _view.template(TEMPLATE).render(
        view=view,
        title_mark=wholes.get(spec.TITLE.key),
        preamble=preamble,
        sections=_sections(report, view, quotes, wholes),
        marks=cells,
        groups=_group_views(findings, groups, fmt),
        counts=counts,
        words=STATE_WORDS,
        source=source,
        template_label=template_label,
        index=INDEX,
        index_href=urllib.parse.quote(INDEX),
    )
