"""Blocks → format → tables → report: the one engine behind every reader.

Readers turn a document into blocks (:mod:`gov_disclosure.parse._blocks`); this module does the
rest, from the description of the report's format and nothing else:

1. **the document**: section headings are found by their wording (one normalisation, a known
   variant, or a small edit distance), in order; the title is the last title-like line before
   the first heading; narrative sections are split into paragraphs and ``（一）…`` subsections,
   lines broken inside a sentence being joined where the source is line-wrapped;
2. **the format**: of the formats known, the one whose tables' headings and row labels the
   document's table rows name best (the default on a tie);
3. **the tables**: each table is read from the rows in its section, by the kind of its
   description — a block table (表二) row by row from its labels; a cross table with labelled
   rows (表三) as runs of values aligned with its rows by their labels and their order (a row
   left out, a label far from its numbers, a label broken around them, all still land in the
   right row); a table of one unlabelled row (表四) as one run of values;
4. **the report**: the values, read as the kinds their cells hold, become the dict contract of
   the format and the report, through the same converter as every data file.

What had to be interpreted is a reading finding (``parse.*``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding, finding
from gov_disclosure.model import Report, Section, Subsection, report_class
from gov_disclosure.model import validators as v
from gov_disclosure.parse import _labels as lb
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow, row_cells

__all__ = ["Built", "build", "choose_format", "is_caption", "starts_table", "table_for", "title_like"]

#: Most runs of numbers a table section may hold before the document is refused as absurd.
MAX_GROUPS = 200
#: Characters of label text looked at before a run of numbers.
WINDOW = 160
#: A title is at most this long (characters).
TITLE_MAX = 80

#: Enough precision for any number a cell may print (at most 40 characters).
_WIDE = Context(prec=100)


@attrs.frozen
class Built:
    """What reading produced: the report, the reading findings, where each table was, and the
    keys of the tables whose reading is uncertain (their errors may be the reading's)."""

    report: Report
    findings: tuple[Finding, ...]
    tables: dict[str, str]
    uncertain: frozenset[str] = frozenset()
    #: the rules of the sums of those tables
    uncertain_rules: frozenset[str] = frozenset()

    def may_be_ours(self, found: Finding) -> bool:
        """Whether a check's finding is about a table whose reading is uncertain — a sum of
        the table, or any other finding on its cells (the text's figures against them): then
        it may be our reading's error, not the report's, and ``parse.uncertain_table`` says so."""
        if not self.uncertain or found.rule.startswith("parse."):
            return False
        return found.path.split(".", 1)[0] in self.uncertain or found.rule in self.uncertain_rules


def _finding(rule: str, path: str, message: str, *, actual: str | None = None) -> Finding:
    return finding(rule, path, message, actual=actual)


# --- cells --------------------------------------------------------------------------------


@attrs.frozen
class Segment:
    """A run of label cells (``values`` empty) or of value cells in one row."""

    texts: tuple[str, ...]
    values: tuple[str, ...]
    where: str
    positional: bool

    @property
    def text(self) -> str:
        return "".join(self.texts)


def segments(cells: Sequence[str], where: str, *, positional: bool) -> list[Segment]:
    """Split a row into label runs and value runs. Empty cells count as (blank) values only in
    positional rows and only next to values; empty cells at the start of a row are layout."""
    out: list[Segment] = []
    texts: list[str] = []
    values: list[str] = []
    pending_empty = 0
    started = False

    def close_values() -> None:
        nonlocal values
        if values and any(x for x in values):
            out.append(Segment((), tuple(values), where, positional))
        values = []

    after_value = False  # the cell before this one held a value
    for raw in cells:
        cell = raw.strip()
        if not cell:
            if started and positional:
                pending_empty += 1
            after_value = False
            continue
        started = True
        if after_value and values and lb.is_unit(cell):
            values[-1] = f"{values[-1]} {cell}"  # 12.5 | 万元: the unit printed apart
            continue
        after_value = lb.is_value(cell)
        if after_value:
            if texts:
                out.append(Segment(tuple(texts), (), where, positional))
                texts = []
            values.extend([""] * pending_empty)
            pending_empty = 0
            values.append(cell)
        else:
            if values:
                values.extend([""] * pending_empty)
                close_values()
            pending_empty = 0
            texts.append(cell)
    if texts:
        out.append(Segment(tuple(texts), (), where, positional))
    if values:
        values.extend([""] * pending_empty)
        close_values()
    return out


def fit(values: Sequence[str], n: int) -> list[str]:
    """Trim layout padding: empty cells at the end, then at the start, while more than ``n``."""
    end = len(values)
    while end > n and values[end - 1] == "":
        end -= 1
    start = 0
    while end - start > n and values[start] == "":
        start += 1
    return list(values[start:end])


def row_segments(rows: Sequence[Block]) -> list[Segment]:
    """The label and value runs of every row of a table region."""
    out: list[Segment] = []
    for block in rows:
        cells, positional = row_cells(block)
        out.extend(segments(cells, block.where, positional=positional))
    return out


# --- what the engine needs of a table description, worked out once -------------------------------


@attrs.frozen
class _RowLabel:
    norm: str
    free: frozenset[str]


@attrs.frozen(eq=False)
class _Table:
    """A table of a format as the engine reads it: its description, its data rows (every
    optional row included), the normalised headings and labels it matches cells against."""

    described: spec.TableSpec
    rows: tuple[spec.DataRow, ...]
    #: normalised heading → heading as printed
    headings: dict[str, str]
    #: normalised row label and the characters of the labels above it (run-read tables)
    labels: tuple[_RowLabel, ...]
    #: normalised labels that are not row labels (headings, group labels), longest first
    known: tuple[str, ...]
    #: normalised beginnings of the table's first line
    anchors: tuple[str, ...]
    optional: frozenset[str]
    #: the groups read as one row
    shape: spec.Shape = spec.Shape()


@functools.cache
def table_for(table: spec.TableSpec, shape: spec.Shape = spec.Shape()) -> _Table:  # noqa: B008 - frozen
    """What the engine needs of ``table`` in ``shape`` (its groups printed as one row),
    worked out once."""
    rows = table.data_rows(shape)
    headings = {lb.norm(h): h for h in table.headings()}
    labels = tuple(
        _RowLabel(lb.norm(r.labels[-1]) if r.labels else "", frozenset(lb.norm("".join(r.labels[:-1]))))
        for r in rows
    )
    groups = {label for r in rows for label in r.labels[:-1]}
    known = tuple(sorted({lb.norm(x) for x in (*table.headings(), *groups)}, key=len, reverse=True))
    return _Table(
        described=table,
        rows=rows,
        headings=headings,
        labels=labels,
        known=known,
        anchors=_anchors(table, rows),
        optional=frozenset(table.optional_paths()),
        shape=shape,
    )


def printed_shape(table: spec.TableSpec, rows: Sequence[Block]) -> spec.Shape:
    """The groups of ``table`` the document prints as one undivided row (表三's （六）其他处理
    in the 2019 wording): the group's label is printed and nothing of its sub-rows' labels is —
    not even four characters in a row that no other label of the table has (so a sub-row
    printed with a shortened label, ``1.逾期不补正``, still counts as printed)."""
    marks = _sub_row_marks(table)
    if not marks:
        return spec.Shape()
    text = "".join(lb.norm(c) for b in rows for c in row_cells(b)[0] if c.strip())
    collapsed = frozenset(
        path for path, (label, grams) in marks.items() if label in text and not any(g in text for g in grams)
    )
    return spec.Shape(collapsed=collapsed) if collapsed else spec.Shape()


_NUMBERED = re.compile(r"^[0-9]+[,.]")


@functools.cache
def _sub_row_marks(table: spec.TableSpec) -> dict[str, tuple[str, frozenset[str]]]:
    """For each group that may be printed as one row: its label, and the runs of four
    characters of its sub-rows' labels (without their numbers) that no other label or heading
    of the table has."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    rows = table.data_rows()
    for path in table.collapsible_paths():
        subs = [r for r in rows if r.path.startswith(path + ".")]
        if not subs or len(subs[0].labels) < 2:  # a group label above its rows
            continue
        others = "|".join(
            [lb.norm(label) for r in rows if r not in subs for label in r.labels]
            + [lb.norm(h) for h in table.headings()]
        )
        grams = {
            word[k : k + 4]
            for r in subs
            for word in (_NUMBERED.sub("", lb.norm(r.labels[-1])),)
            for k in range(len(word) - 3)
        }
        out[path] = (lb.norm(subs[0].labels[-2]), frozenset(g for g in grams if g not in others))
    return out


def _anchors(table: spec.TableSpec, rows: tuple[spec.DataRow, ...]) -> tuple[str, ...]:
    """What a table's first printed line begins with: its first caption's article (第二十条),
    the heading over its row labels, its first rows' labels (block tables); its corner note
    with or without the bracket, its top column headings, its first leaf column and the
    beginning of its first row's label (cross tables)."""
    out: list[str] = []
    if isinstance(table, spec.BlockTable):
        first = table.blocks[0]
        out.extend((lb.norm(first.caption)[:4], lb.norm(first.header)))
        out.extend(lb.norm(n.label) for n in first.rows)
    elif isinstance(table, spec.CrossTable):
        if table.corner is not None:
            corner = lb.norm(table.corner)
            out.extend((corner[:6], corner[1:7]))
        out.extend(lb.norm(n.label) for n in table.columns)
        if rows and rows[0].columns:
            out.append(lb.norm(rows[0].columns[0][-1]))
        if rows and rows[0].labels:
            out.append(lb.norm(rows[0].labels[-1])[:6])
    return tuple(dict.fromkeys(a for a in out if a))


@functools.cache
def _label_heads(fmt: spec.Format) -> frozenset[str]:
    """The beginnings of every row and group label of the format's tables: a line starting so
    is a table row, not prose after the table."""
    heads: set[str] = set()
    for table in fmt.tables:
        for row in table_for(table).rows:
            heads.update(lb.norm(label)[:4] for label in row.labels)
    return frozenset(heads)


# --- the reader ----------------------------------------------------------------------------


class Reader:
    """Reads one document's blocks into a report, collecting findings on the way."""

    def __init__(self, doc: Doc, source: str | None, fmt: spec.Format) -> None:
        self.doc = doc
        self.blocks = doc.blocks
        self.source = source
        self.fmt = fmt
        self.findings: list[Finding] = []
        self.tables: dict[str, str] = {}
        self.index = {s.key: i for i, s in enumerate(fmt.sections)}
        #: the reading of the table being read (its strays and missing rows are noted on it)
        self.reading: Any = None
        #: the tables whose reading is uncertain: their errors may not be the report's
        self.uncertain: set[str] = set()

    def fail(self, message: str, where: str) -> ParseError:
        return ParseError(message, where=where, source=self.source)

    def labels(self, path: str) -> str:
        """The official labels of ``path``, joined."""
        return spec.join_labels(self.fmt.label_path(path))

    def later_tables(self, key: str) -> str:
        """The names of the tables after table ``key`` (``表四``), for messages."""
        keys = [t.key for t in self.fmt.tables]
        return "、".join(t.name for t in self.fmt.tables[keys.index(key) + 1 :])

    # --- headings and regions -------------------------------------------------------------

    def headings(self) -> list[tuple[int, str]]:
        """``(block index, section key)`` of each section heading, in order."""
        found: list[tuple[int, str]] = []
        current = -1
        hits = _without_contents_list(
            [
                (i, hit)
                for i, b in enumerate(self.blocks)
                if isinstance(b, Para)
                for hit in self._heading_hit(b)
            ]
        )
        for i, (key, exact) in hits:
            block = self.blocks[i]
            assert isinstance(block, Para)  # noqa: S101 - only paragraphs are headings
            index = self.index[key]
            if index <= current:
                continue
            current = index
            found.append((i, key))
            if not exact:
                official = self.fmt.section(key).heading
                self.findings.append(
                    _finding(
                        "parse.heading_variant",
                        key,
                        f"标题“{block.text.strip()}”（{block.where}）与官方格式的“{official}”不同，"
                        f"按“{official}”读入",
                        actual=block.text.strip(),
                    )
                )
        return found

    def _heading_hit(self, block: Para) -> list[tuple[str, bool]]:
        hit = lb.heading_section(block.text, self.fmt)
        return [] if hit is None else [hit]

    # --- title ------------------------------------------------------------------------------

    def title(self, end: int) -> tuple[str, str, int, int] | None:
        """``(title, agency, year, index after the title)`` from the blocks before ``end``."""
        paras = [(i, b) for i, b in enumerate(self.blocks[:end]) if isinstance(b, Para)]
        levelled = [p for p in paras if p[1].level == 1]
        best: tuple[str, str, int, int] | None = None
        for order in (levelled, paras):
            for k in range(len(order)):
                hit = self._title_at(order, k)
                if hit is not None:
                    best = hit
            if best is not None:
                break
        return best

    def no_title(self, end: int) -> ParseError:
        where = self.blocks[end].where if end < len(self.blocks) else "文档末尾"
        example = self.fmt.title_template.format(agency="XX局", year=2024)
        msg = f"找不到报告标题：标题应写明机关名称和年度，如“{example}”" + (
            "" if end else "（第一个部分标题之前没有文字）"
        )
        return self.fail(msg, where)

    def _title_at(self, order: list[tuple[int, Para]], k: int) -> tuple[str, str, int, int] | None:
        i, para = order[k]
        text = para.text.strip()
        if not text or len(text) > TITLE_MAX or not _title_end(text):
            return None
        # pieces of a title wrapped over lines (no blank line between them)
        for width in (1, 2, 3):
            if k - width + 1 < 0:
                break
            pieces = order[k - width + 1 : k + 1]
            if width > 1 and any(p[1].gap or not p[1].joinable for p in pieces[1:]):
                break
            joined = "".join(p[1].text.strip() for p in pieces)
            if len(joined) > TITLE_MAX:
                break
            split = lb.split_title(joined)
            if split is not None and split[0]:
                return joined, split[0], split[1], i + 1
        split = lb.split_title(text)
        if split is None or k == 0:
            return None
        # 机关名称 on the line before a title that names only the year
        agency = order[k - 1][1].text.strip()
        if 0 < len(agency) <= 30 and agency[-1] not in lb.SENTENCE_END and lb.number(agency) is None:
            return agency + text, agency, split[1], i + 1
        return None

    # --- narrative --------------------------------------------------------------------------

    def punctuated(self, paras: Iterable[Para]) -> bool:
        """Whether the document's lines end their sentences (so a line that does not was
        broken in the middle of one)."""
        ends = [p.text.strip()[-1] in lb.SENTENCE_END for p in paras if p.text.strip()]
        return len(ends) >= 5 and sum(ends) >= 0.8 * len(ends)

    def paragraphs(self, paras: Sequence[Para], *, punctuated: bool) -> list[tuple[str, str]]:
        """Lines → paragraphs ``(text, where)``: lines of a wrapped source are joined while a
        line does not end a sentence."""
        out: list[tuple[list[str], str]] = []
        for para in paras:
            text = v.strip_text(para.text)
            if not text:
                continue
            if out and para.joinable and self._continues(out[-1][0][-1], para, punctuated=punctuated):
                pieces = out[-1][0]
                if _latin_gap(pieces[-1], text):
                    pieces.append(" ")
                pieces.append(text)
                continue
            out.append(([text], para.where))
        return [("".join(pieces), where) for pieces, where in out]

    def _continues(self, previous: str, para: Para, *, punctuated: bool) -> bool:
        """Whether ``para`` continues the paragraph whose last line is ``previous``."""
        if previous[-1] in lb.SENTENCE_END:
            return False
        if lb.subsection_heading(para.text.strip()) is not None:
            return False
        if not para.gap:
            return True
        return punctuated and len(previous) >= 15

    def section(self, paras: Sequence[Para], *, punctuated: bool) -> Section:
        """A narrative section: paragraphs, then ``（一）…`` subsections."""
        head: list[Para] = []
        subs: list[tuple[str, list[Para]]] = []
        for n, para in enumerate(paras):
            hit = lb.subsection_heading(para.text.strip())
            if hit is None:
                (subs[-1][1] if subs else head).append(para)
                continue
            title = hit[1]
            rest = ""
            following = paras[n + 1] if n + 1 < len(paras) else None
            wrapped = para.joinable and following is not None and not following.gap
            cut = _sentence_cut(title)
            if cut is not None and (wrapped or len(title) > 40):
                title, rest = title[:cut], title[cut + 1 :]
            subs.append((title, []))
            if rest.strip():
                subs[-1][1].append(attrs.evolve(para, text=rest, gap=True))
        paragraphs = [t for t, _ in self.paragraphs(head, punctuated=punctuated)]
        subsections: list[Subsection] = []
        for title, body in subs:
            texts = [t for t, _ in self.paragraphs(body, punctuated=punctuated)]
            name = _text(title) or spec.subsection_heading(len(subsections) + 1, "").strip()
            subsections.append(Subsection(title=name, paragraphs=tuple(_text(t) for t in texts)))
        return Section(paragraphs=tuple(_text(p) for p in paragraphs), subsections=tuple(subsections))

    # --- tables: regions ----------------------------------------------------------------------

    def split_region(self, blocks: Sequence[Block], table: _Table) -> tuple[list[Para], list[Block]]:
        """Paragraphs before the table, and the table's rows (everything from its first row)."""
        for n, block in enumerate(blocks):
            if isinstance(block, TableRow) or starts_table(block, table):
                before = [b for b in blocks[:n] if isinstance(b, Para) and not is_caption(b)]
                return before, list(blocks[n:])
        return [b for b in blocks if isinstance(b, Para)], []

    def read_table(self, table: _Table, rows: Sequence[Block], *, at_end: bool) -> dict[str, Any]:
        """The values of ``table`` read from ``rows``, by the kind of its description, with its
        own sums as the referee of the reading (:mod:`._referee`)."""
        from gov_disclosure.parse import _referee  # noqa: PLC0415 - a module of its own, same layer

        described = table.described
        strategy: _BlockReader | _RunReader | _SingleReader
        if isinstance(described, spec.BlockTable):
            strategy = _BlockReader(self, table)
        elif isinstance(described, spec.CrossTable) and described.rows:
            strategy = _RunReader(self, table)
        else:
            strategy = _SingleReader(self, table)
        saved, self.findings = self.findings, []
        reading = self.reading = _referee.Reading(table=described, collapsed=table.shape.collapsed)
        try:
            reading.cells = strategy.read(rows, at_end=at_end)
        finally:
            reading.findings = self.findings
            self.findings, self.reading = saved, None
        chosen = _referee.referee(reading, strategy.alternatives(reading), self.fmt)
        self.findings.extend(chosen.findings)
        if chosen.uncertain:
            self.uncertain.add(described.key)
        saved, self.findings = self.findings, []
        try:
            values = {
                path: None if cell is None else self.value(reading.kinds[path], cell[0], path, cell[1])
                for path, cell in chosen.cells.items()
            }
        finally:
            told, self.findings = self.findings, saved
        self.findings.extend(f for f in told if not (chosen.doubtful_blanks and f.rule == "parse.blank_cell"))
        return values

    # --- numbers ------------------------------------------------------------------------------

    def blank(self, cell: str, path: str, where: str) -> None:
        shown = f"印作“{cell}”" if cell else "为空"
        self.findings.append(
            _finding(
                "parse.blank_cell", path, f"“{self.labels(path)}”{shown}（{where}），按 0 读入", actual=cell
            )
        )

    def _value(self, cell: str, path: str, where: str) -> lb.Reading | None:
        """The number in ``cell`` as printed; a blank cell is None, several numbers give the
        first."""
        got = lb.reading(cell)
        if got is not None:
            return got
        several = lb.numbers(cell)
        if several:
            self.findings.append(
                _finding(
                    "parse.extra_number",
                    path,
                    f"“{self.labels(path)}”一格中有 {len(several)} 个数“{cell}”"
                    f"（{where}），按第一个数 {format(several[0].value, 'f')} 读入",
                    actual=cell,
                )
            )
            return several[0]
        self.blank(cell, path, where)
        return None

    def _printed(self, cell: str, path: str, where: str, what: str) -> None:
        """A reading finding: ``cell`` read as ``what`` (a unit or separators left out …)."""
        self.findings.append(
            _finding(
                "parse.number_format",
                path,
                f"“{self.labels(path)}”印作“{cell}”（{where}），{what}",
                actual=cell,
            )
        )

    def value(self, kind: spec.ValueKind, cell: str, path: str, where: str) -> int | Decimal | str:
        """The value of a cell of ``kind``."""
        if kind == "fee":
            return self.fee(cell, path, where)
        if kind == "amount":
            return self.amount(cell, path, where)
        return self.count(cell, path, where, signed=kind == "signed")

    def count(self, cell: str, path: str, where: str, *, signed: bool = False) -> int:
        got = self._value(cell, path, where)
        if got is None:
            return 0
        value = got.value
        if value < 0 and not signed:
            self._printed(cell, path, where, "件数不能为负数，按 0 读入")
            return 0
        if got.unit:
            kind = "去掉单位" if got.unit in lb.COUNT_UNITS else "单位不是件数的单位，略去"
            self._printed(cell, path, where, f"{kind}“{got.unit}”，按 {format(value, 'f')} 读入")
        if value != value.to_integral_value():
            self.findings.append(
                _finding(
                    "parse.extra_number",
                    path,
                    f"“{self.labels(path)}”印作“{cell}”（{where}），件数应为整数，按 {int(value)} 读入",
                    actual=cell,
                )
            )
        return int(value)

    def amount(self, cell: str, path: str, where: str) -> str:
        """An amount of money with its unit as printed (``251000元``): thousands separators and
        spaces are left out, 千元 is written in 元, and a unit that is no unit of money is left
        out, each with a finding."""
        got = self._value(cell, path, where)
        if got is None:
            return "0"
        value, unit = abs(got.value), got.unit
        if unit and unit not in v.AMOUNT_UNITS and unit in lb.FEE_UNITS:  # 千元: in 元, exactly
            value, unit = value.scaleb(lb.FEE_UNITS[unit] + 4), "元"
        elif unit not in v.AMOUNT_UNITS:
            unit = ""
        text = format(value, "f") + unit
        if got.value < 0:
            self._printed(cell, path, where, f"金额不能为负数，按 {text} 读入")
        elif got.unit and unit != got.unit:
            kept = f"换算为{unit}" if unit else "不是金额的单位，略去"
            self._printed(cell, path, where, f"单位“{got.unit}”{kept}，按 {text} 读入")
        elif text != unicodedata.normalize("NFKC", cell).strip():
            separators = "去掉千位分隔符，" if got.grouped else ""
            self._printed(cell, path, where, f"{separators}按 {text} 读入")
        return text

    def fee(self, cell: str, path: str, where: str) -> Decimal:
        """A fee exactly as printed (``12.50`` stays ``12.50``), in 万元: another money unit
        is converted when the result needs no rounding; more than :data:`FEE_PLACES`
        places are rounded (the model holds no more)."""
        got = self._value(cell, path, where)
        if got is None:
            return Decimal(0)
        value = got.value
        if value < 0:
            self._printed(cell, path, where, "金额不能为负数，按 0 读入")
            return Decimal(0)
        separators = "去掉千位分隔符，" if got.grouped else ""
        if got.unit in lb.FEE_UNITS and lb.FEE_UNITS[got.unit] != 0:
            converted = value.scaleb(lb.FEE_UNITS[got.unit])
            if _places(converted) > v.FEE_PLACES:
                self._printed(
                    cell,
                    path,
                    where,
                    f"{separators}单位为{got.unit}，换算为万元需要超过 {v.FEE_PLACES} 位小数，无法准确换算，"
                    "按 0 读入",
                )
                return Decimal(0)
            self._printed(
                cell, path, where, f"{separators}单位为{got.unit}，换算为 {format(converted, 'f')} 万元读入"
            )
            return converted
        if got.unit or got.grouped:
            unit = ""
            if got.unit:
                unit = "单位“万元”" if got.unit in lb.FEE_UNITS else f"不是金额单位的“{got.unit}”"
            what = "和".join(x for x in ("千位分隔符" if got.grouped else "", unit) if x)
            self._printed(cell, path, where, f"去掉{what}，按 {format(value, 'f')} 万元读入")
        if _places(value) > v.FEE_PLACES or _written_places(value) > v.FEE_MAX_DIGITS:
            rounded = value.quantize(Decimal(1).scaleb(-v.FEE_PLACES), rounding=ROUND_HALF_UP, context=_WIDE)
            self.findings.append(
                _finding(
                    "parse.extra_number",
                    path,
                    f"“{self.labels(path)}”印作“{cell}”（{where}），小数超过 "
                    f"{v.FEE_PLACES} 位（金额最小为 0.000001 万元，即 0.01 元），四舍五入为 "
                    f"{format(rounded, 'f')} 读入",
                    actual=cell,
                )
            )
            value = rounded
        return value

    def stray(self, cells: Sequence[str], where: str, table: _Table) -> None:
        shown = " ".join(c for c in cells if c)
        if not shown:
            return
        if self.reading is not None:
            self.reading.strays.append(([c for c in cells if c], where))
        self.findings.append(
            _finding(
                "parse.extra_number",
                table.described.key,
                f"{table.described.name}中多出的数字“{shown}”（{where}）不属于任何一格，未读入",
                actual=shown,
            )
        )

    def header_variants(self, seg: Segment, table: _Table, *, unknown: bool = False) -> None:
        """A heading cell one or two typos away from an official heading earns a finding; with
        ``unknown``, so does a heading cell like none of the table's (another format's heading,
        ``本年新制作数量`` in 表二: its column is read by position, and the finding says so)."""
        official = table.headings
        for text in seg.texts:
            t = lb.norm(text)
            if len(t) < 4 or t in official:
                continue
            for label_norm, label in official.items():
                limit = 1 if len(label_norm) < 8 else 2
                if not seg.positional and (label_norm.startswith(t) or label_norm.endswith(t)):
                    continue
                glossed = len(label_norm) >= 4 and t.startswith(label_norm) and t[len(label_norm)] == "("
                if glossed or lb.distance(t, label_norm, limit) <= limit:
                    self.findings.append(
                        _finding(
                            "parse.label_variant",
                            table.described.key,
                            f"{table.described.name}表头“{text}”（{seg.where}）与官方的“{label}”不同，按“{label}”读入",
                            actual=text,
                        )
                    )
                    break
            else:
                if unknown and not _known_words(t, table):
                    self.findings.append(
                        _finding(
                            "parse.label_variant",
                            table.described.key,
                            f"{table.described.name}表头“{text}”（{seg.where}）不是{self.fmt.name}格式的表头："
                            "其下的数字按位置读作官方格式的各列，请核对",
                            actual=text,
                        )
                    )

    def row_values(self, row: spec.DataRow, cells: Sequence[str], where: str) -> dict[str, Any]:
        """The printed cells of one data row with where they were read (read as numbers once
        the table's reading is chosen)."""
        if self.reading is not None:
            self.reading.kinds.update(zip(row.paths, row.kinds, strict=True))
        return {path: (cell, where) for path, cell in zip(row.paths, cells, strict=True)}

    def missing_row(self, table: _Table, row: spec.DataRow) -> None:
        if self.reading is not None:
            self.reading.missing.append(row)
            self.reading.kinds.update(zip(row.paths, row.kinds, strict=True))
        self.findings.append(
            _finding(
                "parse.row_missing",
                row.path,
                f"{table.described.name}缺少“{spec.join_labels(row.labels)}”行，按 0 读入",
            )
        )


# --- block tables (表二): row by row from the labels ---------------------------------------------


class _BlockReader:
    """A block table: a label names its row, the values after it fill the row."""

    def __init__(self, reader: Reader, table: _Table) -> None:
        self.reader = reader
        self.table = table
        self.slots = _grid_slots(table.described)

    def alternatives(self, reading: Any) -> list[Any]:
        """Other readings the layout leaves open: none of its own (a label names its row)."""
        return []

    def _cells(self, seg: Segment, path: str, n: int) -> list[str]:
        """The values of a row's first segment: a row printed with every grid position (a
        Markdown table, where a cell spanning two positions leaves the second empty) is read at
        the positions where its cells start."""
        width, starts = self.slots
        values = seg.values
        if len(values) == width and len(starts.get(path, ())) == n:
            picked = [values[i] for i in starts[path]]
            if all(not c for i, c in enumerate(values) if i not in starts[path]):
                return picked
        return fit(values, n)

    def read(self, rows: Sequence[Block], *, at_end: bool) -> dict[str, Any]:
        reader, table = self.reader, self.table
        by_path = {r.path: r for r in table.rows}
        values: dict[str, list[str]] = {}
        wheres: dict[str, str] = {}
        current: str | None = None
        for seg in row_segments(rows):
            if not seg.values:
                hit = self._label(seg)
                if hit is not None:
                    current = hit if hit not in values else None
                    if current is not None:
                        values[current] = []
                        wheres[current] = seg.where
                else:
                    reader.header_variants(seg, table, unknown=True)
                continue
            if current is None:
                reader.stray(seg.values, seg.where, table)
                continue
            n = by_path[current].width
            got = values[current]
            if seg.positional and not got:
                cells = self._cells(seg, current, n)
            else:
                cells = [c for c in seg.values if c != ""] if not seg.positional else list(seg.values)
            room = n - len(got)
            got.extend(cells[:room])
            if len(cells) > room:
                reader.stray(cells[room:], seg.where, table)
            if len(got) >= n:
                current = None
        out: dict[str, Any] = {}
        for row in table.rows:
            if row.path not in values:
                if row.path in table.optional:
                    out[row.path] = None  # check() names a missing optional row
                    continue
                reader.missing_row(table, row)
                cells = ["0"] * row.width
            else:
                cells = values[row.path] + [""] * (row.width - len(values[row.path]))
            out.update(reader.row_values(row, cells, wheres.get(row.path, table.described.name)))
        return out

    def _label(self, seg: Segment) -> str | None:
        """The row (path) a label names: exactly, as the end of the text, with a local gloss
        (``规章（件）``) or within a small edit distance (a finding says so)."""
        text = lb.norm(seg.text)
        rows = self.table.rows
        if not text or text in self.table.headings:
            return None
        for row in rows:
            official = lb.norm(row.labels[-1])
            if text == official or text.endswith(official):
                return row.path
        best: tuple[int, spec.DataRow] | None = None
        for row in rows:
            official = lb.norm(row.labels[-1])
            if text.startswith(official + "("):  # a local gloss: 规章（件）
                best = (0, row)
        for row in rows:
            if best is not None:
                break
            official = lb.norm(row.labels[-1])
            limit = max(1, len(official) // 3)
            tail = text[-len(official) - limit :]
            d = min(lb.distance(text, official, limit), lb.distance(tail, official, limit))
            if d <= limit and (best is None or d < best[0]):
                best = (d, row)
        if best is None:
            return None
        row = best[1]
        official = row.labels[-1]
        self.reader.findings.append(
            _finding(
                "parse.label_variant",
                row.path,
                f"{self.table.described.name}行标签“{seg.text}”（{seg.where}）与官方的“{official}”不同，"
                f"按“{official}”读入",
                actual=seg.text,
            )
        )
        return row.path


@functools.cache
def _grid_slots(table: spec.TableSpec) -> tuple[int, dict[str, tuple[int, ...]]]:
    """The printed grid's number of value positions (after the label column), and for each row
    the positions where its value cells start."""
    grid = table.grid()
    column_of = {cell.path: column for placed in grid.placed() for column, cell in placed if cell.path}
    first = min(column_of.values(), default=0)
    starts = {
        row.path: tuple(column_of[p] - first for p in row.paths)
        for row in table.data_rows()
        if all(p in column_of for p in row.paths)
    }
    return grid.columns - first, starts


def _order_matters(assigned: dict[int, _Group]) -> bool:
    """Whether the rows' values depend on a guess: a row made of numbers from several lines, or
    consecutive rows placed by order alone (no label beside their numbers) whose values differ —
    in another order among themselves they would read otherwise. A row placed by order between
    labelled ones, or rows placed by order that all hold the same values, read the same in any
    order (rows not found at all make the reading uncertain by themselves)."""
    if any(g.gathered for g in assigned.values()):
        return True
    previous: tuple[int, tuple[str, ...]] | None = None  # the last row placed by order
    for r in sorted(assigned):
        group = assigned[r]
        if group.label_text:
            previous = None
            continue
        values = tuple(group.values)
        if previous is not None and previous[0] == r - 1 and previous[1] != values:
            return True
        previous = (r, values)
    return False


# --- cross tables with labelled rows (表三): runs of values aligned with the rows ------------------


@attrs.define
class _Group:
    """A run of values as wide as a row, and the label text around it."""

    values: list[str]
    before: str
    where: str
    after: str = ""
    exact: bool = False
    label_text: str = ""
    span: tuple[int, int] = (0, 0)
    #: its values were gathered from several lines (which numbers make a row is a guess)
    gathered: bool = False

    def printed(self, official: str) -> str:
        """The label as printed (approximately): the part of the text that matched."""
        text = self.label_text
        start, end = self.span
        return text[start:end] or official


class _RunReader:
    """A cross table whose rows are labelled and equally wide: every run of that many values
    is a row, and the runs are aligned with the rows by their labels and their order."""

    def __init__(self, reader: Reader, table: _Table) -> None:
        self.reader = reader
        self.table = table
        self.width = table.rows[0].width

    def alternatives(self, reading: Any) -> list[Any]:
        """Other readings the layout leaves open: the table printed column by column (text
        extracted from a PDF laid out so), when its numbers are exactly as many as its cells."""
        values = self.values
        table = self.table
        n_rows, width = len(table.rows), self.width
        if len(values) != n_rows * width or reading.certain:
            return []
        cells: dict[str, tuple[str, str]] = {}
        for r, row in enumerate(table.rows):
            for c, path in enumerate(row.paths):
                text, where = values[c * n_rows + r]
                cells[path] = (text, where)
        name = self.table.described.name
        return [(cells, f"{name}的数字按“逐列印出”读入（{n_rows} 行 × {width} 列）")]

    def read(self, rows: Sequence[Block], *, at_end: bool) -> dict[str, Any]:
        reader, table = self.reader, self.table
        segs = row_segments(rows)
        self.values = [(v, seg.where) for seg in segs for v in seg.values if v != ""]
        groups, trailing = self._groups(segs)
        for seg in segs:
            if not seg.values:
                reader.header_variants(seg, table)
            else:
                break
        matches = _align(groups, table)
        assigned: dict[int, _Group] = {}
        for g, r in matches:
            assigned[r] = groups[g]
        used = {g for g, _ in matches}
        for g, group in enumerate(groups):
            if g not in used:
                reader.stray(group.values, group.where, table)
        if reader.reading is not None and _order_matters(assigned):
            reader.reading.uncertain = True  # a row made of numbers from several lines, or placed by order
        missing = [r for r in range(len(table.rows)) if r not in assigned]
        if missing and at_end:
            self._ended(assigned, trailing, rows[-1].where if rows else table.described.name)
        out: dict[str, Any] = {}
        for r, row in enumerate(table.rows):
            found = assigned.get(r)
            if found is None:
                reader.missing_row(table, row)
                out.update(dict.fromkeys(row.paths, ("0", table.described.name)))
                continue
            self._row_label(found, r)
            out.update(reader.row_values(row, found.values, found.where))
        return out

    def _ended(self, assigned: dict[int, _Group], trailing: str, end: str) -> None:
        """The document ends inside the table: say in which row."""
        table = self.table
        name = table.described.name
        later = self.reader.later_tables(table.described.key)
        rest = f"其后各行和{later}都没有" if later else "其后各行都没有"
        last = max(assigned) if assigned else -1
        nxt = last + 1
        where = end
        if nxt < len(table.rows):
            label = lb.norm(table.rows[nxt].labels[-1])
            cost, _, _ = lb.find_in(label[: max(2, len(label) // 2)], lb.norm(trailing)[-WINDOW:])
            if trailing and cost <= 1:
                row = spec.join_labels(table.rows[nxt].labels)
                msg = f"文档在{name}“{row}”行中途结束：这一行的数字不全，{rest}"
                raise self.reader.fail(msg, where)
        if last >= 0:
            row = spec.join_labels(table.rows[last].labels)
            msg = f"文档在{name}“{row}”行之后结束：{rest}"
        else:
            tail = f"，其后也没有{later}" if later else ""
            msg = f"文档在{name}表头中结束：{name}没有一行数字{tail}"
        raise self.reader.fail(msg, where)

    def _row_label(self, group: _Group, r: int) -> None:
        """A label read with a typo or other wording earns a finding (not half-width brackets
        or other punctuation: those are normalised away)."""
        if group.exact or not group.label_text:
            return
        row = self.table.rows[r]
        official = row.labels[-1]
        self.reader.findings.append(
            _finding(
                "parse.label_variant",
                row.path,
                f"{self.table.described.name}行标签“{group.printed(official)}”（{group.where}）与官方的“{official}”不同，"
                f"按“{spec.join_labels(row.labels)}”读入",
                actual=group.printed(official),
            )
        )

    def _groups(self, segs: Sequence[Segment]) -> tuple[list[_Group], str]:
        """Runs of ``width`` values with the label text before and after each."""
        n, table, reader = self.width, self.table, self.reader
        groups: list[_Group] = []
        text: list[str] = []
        partial: list[str] = []
        partial_where = ""
        pieces = 0  # lines the partial run was gathered from

        def flush_partial() -> None:
            nonlocal partial
            if partial:
                reader.stray(partial, partial_where, table)
            partial = []

        def add(values: list[str], where: str) -> None:
            if len(groups) >= MAX_GROUPS:
                msg = f"{table.described.name}中的数字行超过 {MAX_GROUPS} 行，不像一份年度报告"
                raise reader.fail(msg, where)
            before = "".join(text)
            if groups:
                groups[-1].after = before
            groups.append(_Group(values=values, before=before, where=where))
            text.clear()

        for seg in segs:
            if not seg.values:
                flush_partial()
                text.append(seg.text)
                continue
            cells = fit(seg.values, n) if seg.positional else list(seg.values)
            if len(cells) == n and not partial:
                add(cells, seg.where)
                continue
            if len(cells) > n:
                full = [c for c in cells if c != ""] if len(cells) % n else cells
                flush_partial()
                whole = len(full) - len(full) % n
                for at in range(0, whole, n):
                    add(full[at : at + n], seg.where)
                if whole < len(full):
                    reader.stray(full[whole:], seg.where, table)
                continue
            cells = [c for c in cells if c != ""]
            if not partial:
                partial_where = seg.where
            if len(partial) + len(cells) > n:
                flush_partial()
                partial_where = seg.where
            pieces = pieces + 1 if partial else 1
            partial.extend(cells)
            if len(partial) == n:
                add(partial, partial_where)
                groups[-1].gathered = pieces > 1
                partial = []
        trailing = "".join(text)
        if partial:
            trailing += "".join(partial)
        if groups:
            groups[-1].after = "".join(text)
        return groups, trailing


def _scores(group: _Group, index: int, table: _Table) -> list[float | None]:
    """How well the group's label text names each row, in [0, 1]; None for a group printed
    without any label (its place is decided by order alone).

    A row label found whole in the text before the numbers (or broken around them) scores 1;
    otherwise, and whenever other text is left over, rows near the group's position are
    matched approximately (:func:`~gov_disclosure.parse._labels.find_in`)."""
    labels = table.labels
    before = lb.norm(group.before)[-WINDOW:]
    n_rows = len(labels)
    if not before:
        return [None] * n_rows
    after = lb.norm(group.after)[:60]
    joined = before + after
    scores: list[float | None] = [0.0] * n_rows
    left = before
    for r, label in enumerate(labels):
        at = joined.find(label.norm)
        if 0 <= at < len(before):
            scores[r] = 1.0
            group.exact = True
            left = left.replace(label.norm, "")
    group.label_text = joined
    for known in table.known:
        if known in left:
            left = left.replace(known, "")
    if len(left) < 4:
        return scores
    best = 1.0 if group.exact else 0.0
    for r, label in enumerate(labels):
        if scores[r] or abs(r - index) > 6:
            continue
        limit = len(label.norm)
        head = before[-(2 * limit + 10) :]
        window = head + after[: limit + 10]
        cost, start, end = lb.find_in(label.norm, window, label.free)
        if start >= len(head):
            continue  # the label of the next row, printed after these numbers
        score = max(0.0, 1.0 - cost / max(1, limit))
        if score >= 0.5:
            scores[r] = score
            if score > best:
                best = score
                group.label_text = window
                group.span = (start, end)
                group.exact = cost == 0
    if best < 0.5:
        return [None] * n_rows
    return scores


def _align(groups: list[_Group], table: _Table) -> list[tuple[int, int]]:
    """Monotone alignment of groups to the rows maximising label agreement; a group without
    a label fits any row. Returns ``(group, row)`` pairs."""
    n, m = len(groups), len(table.labels)
    scores = [_scores(g, i, table) for i, g in enumerate(groups)]
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        best[i][0] = 0.0
        move[i][0] = 1
        row_scores = scores[i - 1]
        above, here = best[i - 1], best[i]
        for j in range(1, m + 1):
            s = row_scores[j - 1]
            matched = above[j - 1] + (1.0 if s is None else 1.0 + 3.0 * (s - 0.5))
            value, step = matched, 0
            if above[j] > value:  # the group left out
                value, step = above[j], 1
            if here[j - 1] > value:  # the row left out
                value, step = here[j - 1], 2
            here[j] = value
            move[i][j] = step
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        step = move[i][j]
        if step == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


# --- a table of one unlabelled row (表四) -----------------------------------------------------------


class _SingleReader:
    """A table of one unlabelled row: its values are the one run of as many numbers."""

    #: Most runs of numbers whose orders are tried (8! = 40,320 orders).
    MAX_RUNS = 8

    def __init__(self, reader: Reader, table: _Table) -> None:
        self.reader = reader
        self.table = table
        self.runs: list[tuple[tuple[str, ...], str]] = []

    def alternatives(self, reading: Any) -> list[Any]:
        """Other readings the layout leaves open: the runs of numbers gathered from several
        places (a heading printed between them, columns of a PDF's text out of order) in
        every other order."""
        import itertools  # noqa: PLC0415

        row = self.table.rows[0]
        runs = [r for r in self.runs if r[0]]
        if not 1 < len(runs) <= self.MAX_RUNS or sum(len(r[0]) for r in runs) != row.width:
            return []
        out = []
        name = self.table.described.name
        for order in itertools.permutations(range(len(runs))):
            if list(order) == sorted(order):
                continue
            texts = [(t, runs[i][1]) for i in order for t in runs[i][0]]
            cells = {path: texts[k] for k, path in enumerate(row.paths)}
            out.append((cells, f"{name}的数字分散在 {len(runs)} 处，按另一顺序读入"))
        return out

    def read(self, rows: Sequence[Block], *, at_end: bool) -> dict[str, Any]:
        reader, table = self.reader, self.table
        row = table.rows[0]
        n = row.width
        name = table.described.name
        chunks: list[tuple[list[str], str]] = []
        #: runs of numbers with no label between them (one number per line is one run)
        self.runs = []
        after_label = True
        for seg in row_segments(rows):
            if seg.values:
                chunk = fit(seg.values, n) if seg.positional else list(seg.values)
                chunks.append((chunk, seg.where))
                texts = tuple(c for c in chunk if c != "")
                if after_label or not self.runs:
                    self.runs.append((texts, seg.where))
                else:
                    self.runs[-1] = (self.runs[-1][0] + texts, self.runs[-1][1])
            after_label = not seg.values
        cells: list[str] = []
        where = name
        exact = [c for c in chunks if len(c[0]) == n]
        if not exact and len(chunks) > 1 and reader.reading is not None:
            reader.reading.uncertain = True  # the order of runs gathered from several places
        if exact:
            cells, where = exact[0]
            for extra, w in chunks:
                if extra is not cells:
                    reader.stray(extra, w, table)
        else:
            for chunk, w in chunks:
                if not cells:
                    where = w
                cells.extend(c for c in chunk if c != "" or len(chunk) > 1)
            if len(cells) > n:
                reader.stray(cells[n:], where, table)
                cells = cells[:n]
        if len(cells) < n:
            if at_end or not cells:
                msg = (
                    f"文档在{name}中结束：{name}应有 {n} 个数，只读到 {len(cells)} 个"
                    if cells
                    else f"{name}（{table.described.caption}）中没有数字"
                )
                raise reader.fail(msg, where)
            reader.findings.append(
                _finding(
                    "parse.row_missing",
                    table.described.key,
                    f"{name}应有 {n} 个数，只读到 {len(cells)} 个（{where}），缺少的按 0 读入",
                )
            )
            cells = cells + ["0"] * (n - len(cells))
        return reader.row_values(row, cells, where)


# --- helpers --------------------------------------------------------------------------------


def _known_words(text: str, table: _Table) -> bool:
    """Whether a normalised cell text is made of the table's own words: one of its headings or
    row labels (whole, glossed or within another), or a caption of a table (``表2``)."""
    if any(h in text or text in h for h in table.headings):
        return True
    if any(label.norm and (label.norm in text or text in label.norm) for label in table.labels):
        return True
    return text[:1] == "表" and len(text) <= 40


def starts_table(block: Block, table: _Table) -> bool:
    """Whether a line begins the table: its first cell starts with one of the table's first
    headings and the line is not a sentence."""
    if not isinstance(block, Para):
        return True
    if block.text.rstrip().endswith(("。", "：", ":")):
        return False
    cells = [c for c in row_cells(block)[0] if c.strip()]
    text = lb.norm(cells[0]) if cells else ""
    return len(text) <= 60 and any(text.startswith(a) for a in table.anchors)


def title_like(text: str) -> bool:
    """Whether a line reads as a report title naming an agency and a year."""
    text = text.strip()
    if not text or len(text) > TITLE_MAX or not _title_end(text):
        return False
    return lb.split_title(text) is not None


def is_caption(para: Para) -> bool:
    """A table caption (``表三：收到和处理…``, ``表2``) printed above a table."""
    text = lb.norm(para.text)
    return len(text) <= 40 and len(text) >= 2 and text[0] == "表" and text[1] in "一二三四1234"


def _title_end(text: str) -> bool:
    """Whether a line can end a title: ``…报告`` or ``…年报`` (closing punctuation aside)."""
    core = text.rstrip(" \t　）)》」”")
    return core.endswith(("报告", "年报"))


def _sentence_cut(title: str) -> int | None:
    """Where a ``（一）title。text…`` line ends its title (the first 。), if it does early."""
    at = title.find("。")
    if 0 < at <= 40:
        return at
    return None


def _latin_gap(previous: str, text: str) -> bool:
    """Whether two pieces of a wrapped line need a space between them (Latin on both sides)."""
    a, b = previous[-1], text[0]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _places(value: Decimal) -> int:
    """Decimal places the value needs (trailing zeros do not count): 12.50 → 1."""
    if not value:
        return 0
    exponent = value.normalize(_WIDE).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _written_places(value: Decimal) -> int:
    """Decimal places as written: 12.50 → 2."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text(value: str) -> str:
    """Text as the model keeps it: characters XML forbids and line breaks are dropped."""
    kept = lb.xml_text(value).replace("\n", "").replace("\r", "")
    stripped: str = v.strip_text(kept)
    return stripped


def _without_contents_list(hits: list[tuple[int, tuple[str, bool]]]) -> list[tuple[int, tuple[str, bool]]]:
    """Drop a list of contents: three or more headings on consecutive lines (a report never
    has three empty sections in a row — 二、三、四 hold tables)."""
    out: list[tuple[int, tuple[str, bool]]] = []
    n = 0
    while n < len(hits):
        end = n
        while end + 1 < len(hits) and hits[end + 1][0] == hits[end][0] + 1:
            end += 1
        if end - n + 1 < 3:
            out.extend(hits[n : end + 1])
        n = end + 1
    return out


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    """``{"a.b.c": 1}`` → ``{"a": {"b": {"c": 1}}}``."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        here = out
        *heads, last = path.split(".")
        for key in heads:
            here = here.setdefault(key, {})
        here[last] = value
    return out


# --- the whole document ------------------------------------------------------------------------


def _clean_blocks(doc: Doc) -> tuple[Doc, tuple[Finding, ...]]:
    """The blocks without the characters no report holds (a DOCX may carry U+2028, a web page
    ``&#1;``), and a finding saying what was deleted where."""
    blocks: list[Block] = []
    places: dict[str, None] = {}
    codes: dict[str, None] = {}
    count = 0
    for block in doc.blocks:
        text = block.text if isinstance(block, Para) else ""
        if lb.NOT_XML.search(text) is None and lb.NOT_XML.search("".join(block.cells)) is None:
            blocks.append(block)
            continue
        texts = (text, *block.cells)
        for t in texts:
            for m in lb.NOT_XML.finditer(t):
                count += 1
                if len(codes) < 5:
                    codes[f"U+{ord(m.group()):04X}"] = None
        if len(places) < 5:
            places[block.where] = None
        cells = tuple(lb.xml_text(c) for c in block.cells)
        if isinstance(block, Para):
            blocks.append(attrs.evolve(block, text=lb.xml_text(block.text), cells=cells))
        else:
            blocks.append(attrs.evolve(block, cells=cells))
    if not count:
        return doc, ()
    shown = "、".join(codes) + ("等" if count > len(codes) else "")
    where = "、".join(places) + ("等处" if len(places) >= 5 else "")
    message = f"删去了 {count} 个报告不能含有的字符（{shown}：控制字符或特殊分隔符）：{where}"
    found = _finding("parse.damaged_text", "", message, actual=shown)
    return attrs.evolve(doc, blocks=tuple(blocks)), (found,)


def _formats_in_order() -> tuple[spec.Format, ...]:
    return spec.formats()


def choose_format(doc: Doc) -> spec.Format:
    """The format whose tables the document's table rows name best: the headings and row
    labels of each format's tables found among the rows' label cells (the default format, the
    first known, on a tie)."""
    formats = _formats_in_order()
    if len(formats) == 1:
        return formats[0]
    texts = {lb.norm(c) for b in doc.blocks for c in row_cells(b)[0] if c.strip() and not lb.is_value(c)}
    best, best_score = formats[0], -1
    for fmt in formats:
        score = 0
        for table in fmt.tables:
            t = table_for(table)
            wanted = set(t.headings) | {label.norm for label in t.labels}
            score += len(wanted & texts) - len(texts & _foreign(fmt, table))
        if score > best_score:
            best, best_score = fmt, score
    return best


@functools.cache
def _foreign(fmt: spec.Format, table: spec.TableSpec) -> frozenset[str]:
    """Headings and labels other formats print in this table and this format does not."""
    own = set(table_for(table).headings) | {label.norm for label in table_for(table).labels}
    other: set[str] = set()
    for each in _formats_in_order():
        if each is fmt:
            continue
        for other_table in each.tables:
            if other_table.key == table.key:
                t = table_for(other_table)
                other |= set(t.headings) | {label.norm for label in t.labels}
    return frozenset(other - own)


def build(doc: Doc, source: str | None = None) -> Built:
    """Read ``doc`` into a report with its reading findings (the document's own notes first)."""
    doc, removed = _clean_blocks(doc)
    fmt = choose_format(doc)
    reader = Reader(doc, source, fmt)
    reader.findings.extend((*doc.notes, *removed))
    blocks = doc.blocks
    if not blocks:
        msg = f"文档是空的：没有标题，也没有“{fmt.sections[0].heading}”等部分"
        raise ParseError(msg, where="文档开头", source=source)
    heads = reader.headings()
    if not heads:
        msg = f"找不到任何一个部分的标题（如“{fmt.sections[0].heading}”），不像一份政府信息公开工作年度报告"
        raise ParseError(msg, where="全文", source=source)
    first = heads[0][0]
    found_title = _declared_title(doc, first) or reader.title(first)
    after_title = found_title[3] if found_title else first
    regions: dict[str, list[Block]] = {}
    region_start: dict[str, str] = {}
    for n, (index, key) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(blocks)
        regions[key] = list(blocks[index + 1 : end])
        region_start[key] = blocks[index].where
    last_key = heads[-1][1]
    narrative_keys = fmt.narrative_keys()
    narrative = [b for b in blocks[after_title:first] if isinstance(b, Para)]
    for key in narrative_keys:
        narrative.extend(b for b in regions.get(key, []) if isinstance(b, Para))
    punctuated = reader.punctuated(p for p in narrative if lb.subsection_heading(p.text.strip()) is None)
    preamble_paras = [b for b in blocks[after_title:first] if isinstance(b, Para)]
    preamble = tuple(_text(t) for t, _ in reader.paragraphs(preamble_paras, punctuated=punctuated))

    data: dict[str, Any] = {}
    sections: dict[str, Section] = {}
    for key in narrative_keys:
        paras = [b for b in regions.get(key, []) if isinstance(b, Para)]
        sections[key] = reader.section(paras, punctuated=punctuated)

    table_paragraphs: dict[str, tuple[str, ...]] = {}
    for described in fmt.tables:
        key = described.key
        table = table_for(described)
        name = described.name
        heading = fmt.section(key).heading
        if key not in regions:
            where = region_start.get(last_key, "文档末尾")
            if reader.index[last_key] < reader.index[key]:
                msg = f"文档在“{fmt.section(last_key).heading}”之后结束，没有{name}（{heading}）"
            else:
                msg = f"找不到“{heading}”及其{name}"
            raise ParseError(msg, where=where, source=source)
        before, rows = reader.split_region(regions[key], table)
        if not rows:
            msg = f"“{heading}”之下没有{name}"
            raise ParseError(msg, where=region_start[key], source=source)
        rows, trailing = _trailing(rows, fmt)
        table = table_for(described, printed_shape(described, rows))
        table_paragraphs[key] = tuple(_text(t) for t, _ in reader.paragraphs(before, punctuated=punctuated))
        head = rows[0]
        reader.tables[key] = f"第 {head.table + 1} 个表格" if isinstance(head, TableRow) else head.where
        data.update(reader.read_table(table, rows, at_end=key == last_key))
        if trailing:
            _place_trailing(reader, sections, table_paragraphs, regions, key, trailing, punctuated=punctuated)

    if found_title is None:
        raise reader.no_title(first)
    title, agency, year, _ = found_title
    nested = _nest(data)
    for key, paragraphs in table_paragraphs.items():
        nested.setdefault(key, {})["paragraphs"] = list(paragraphs)
    report = _report(
        fmt=fmt,
        tables=nested,
        sections=sections,
        title=title,
        agency=agency,
        year=year,
        preamble=preamble,
        source=source,
    )
    rules = frozenset(s.rule for key in reader.uncertain for s in fmt.table(key).sums)
    return Built(report, tuple(reader.findings), reader.tables, frozenset(reader.uncertain), rules)


def _report(
    *,
    fmt: spec.Format,
    tables: dict[str, Any],
    sections: dict[str, Section],
    title: str,
    agency: str,
    year: int,
    preamble: tuple[str, ...],
    source: str | None,
) -> Report:
    """The report of ``fmt`` from what was read: each table section's values built into the
    classes the report class declares for it."""
    cls = report_class(fmt.id)
    try:
        fields = _fields(cls)
        body = {key: _instance(fields[key], value) for key, value in tables.items()}
        report: Report = cls(
            agency=_text(agency),
            year=year,
            title=_text(title) or None,
            preamble=preamble,
            **sections,
            **body,
        )
    except Exception as exc:  # noqa: BLE001 - whatever went wrong is the document's ParseError
        msg = f"读出的内容不能组成报告：{exc}"
        raise ParseError(msg, where="全文", source=source) from None
    return report


@functools.cache
def _fields(cls: type) -> dict[str, tuple[type, ...]]:
    """Each field of an attrs class and the attrs classes its type admits."""
    import types  # noqa: PLC0415
    import typing  # noqa: PLC0415

    out: dict[str, tuple[type, ...]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        options = (
            typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        )
        out[name] = tuple(t for t in options if isinstance(t, type) and attrs.has(t))
    return out


def _instance(classes: tuple[type, ...], value: Any) -> Any:
    """``value`` (a mapping read from the document, or a plain value) as an instance of the one
    of ``classes`` whose fields it has."""
    if not isinstance(value, dict) or not classes:
        return value
    for cls in classes:
        fields = _fields(cls)
        if set(value) <= set(fields):
            return cls(**{k: _instance(fields[k], x) for k, x in value.items()})
    msg = f"读出的值不合格式：{sorted(value)}"
    raise ValueError(msg)


def _declared_title(doc: Doc, end: int) -> tuple[str, str, int, int] | None:
    """``(title, agency, year, index after the title)`` from the document's own metadata and
    its marked title (the first level-1 paragraph before the first section), if it has both."""
    if not doc.agency or doc.year is None:
        return None
    for i, block in enumerate(doc.blocks[:end]):
        if isinstance(block, Para) and block.level == 1 and block.text.strip():
            return block.text.strip(), doc.agency, doc.year, i + 1
    return None


def _trailing(rows: list[Block], fmt: spec.Format) -> tuple[list[Block], list[Para]]:
    """Split off text after the table: from the first subsection heading or sentence that
    follows a row of numbers and is followed by no more rows of numbers."""
    counts = [sum(lb.reading(c) is not None for c in row_cells(b)[0]) for b in rows]
    later = [0] * (len(rows) + 1)
    for n in range(len(rows) - 1, -1, -1):
        later[n] = max(later[n + 1], counts[n])
    seen_numbers = False
    heads = _label_heads(fmt)
    for n, block in enumerate(rows):
        if seen_numbers and later[n + 1] < 5 and isinstance(block, Para) and _prose(block, heads):
            return rows[:n], [b for b in rows[n:] if isinstance(b, Para)]
        if counts[n]:
            seen_numbers = True
    return rows, []


def _prose(para: Para, heads: frozenset[str]) -> bool:
    """A line of text, not a table row: a subsection heading that is not a row label, or a
    sentence."""
    text = para.text.strip()
    if "\t" in text or any(lb.reading(c) is not None or lb.is_blank_mark(c) for c in para.cells):
        return False
    key = lb.norm(text)
    if any(key.startswith(p) or p.startswith(key) for p in heads):
        return False
    return lb.subsection_heading(text) is not None or (len(text) > 20 and text[-1] in "。！？；")


def _place_trailing(  # noqa: PLR0917 - the reader's state, passed along
    reader: Reader,
    sections: dict[str, Section],
    table_paragraphs: dict[str, tuple[str, ...]],
    regions: dict[str, list[Block]],
    key: str,
    trailing: list[Para],
    *,
    punctuated: bool,
) -> None:
    """Text after a table: the body of the narrative section that follows it when that
    section's heading is missing (五 after 表四), else more paragraphs of the table's section."""
    fmt = reader.fmt
    position = reader.index[key]
    following = fmt.sections[position + 1] if position + 1 < len(fmt.sections) else None
    if following is not None and not following.has_table and following.key not in regions:
        sections[following.key] = reader.section(trailing, punctuated=punctuated)
        heading = following.heading
        reader.findings.append(
            _finding(
                "parse.heading_variant",
                following.key,
                f"找不到标题“{heading}”：{fmt.table(key).name}之后的文字（{trailing[0].where}起）按“{heading}”读入",
            )
        )
        return
    extra = tuple(_text(t) for t, _ in reader.paragraphs(trailing, punctuated=punctuated))
    table_paragraphs[key] = table_paragraphs[key] + extra
