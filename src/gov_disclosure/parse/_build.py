"""Blocks → Report and reading findings.

The shared engine behind every input format. It works from the structure of the official
format, not from the layout of one file:

1. section headings are found by their wording (one normalisation, a known variant, or a small
   edit distance), in order; the title is the last title-like line before the first heading;
2. narrative sections are split into paragraphs and ``（一）…`` subsections, lines broken
   inside a sentence being joined where the source is line-wrapped;
3. each table is read from the rows in its section: cells are labels, numbers or blanks; in
   表三 every run of seven numbers is a row, and the runs are aligned with the 25 official rows
   by their labels and their order (a row left out, a label far from its numbers, a label
   broken around them, all still land in the right row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.model import (
    ActiveDisclosure,
    Applications,
    CaseCounts,
    DocumentCounts,
    NotProcessed,
    OtherHandling,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Subsection,
    Unavailable,
    Withheld,
)
from gov_disclosure.model import validators as v
from gov_disclosure.parse import _labels as lb
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow
from gov_disclosure.parse.text import split_cells

__all__ = ["Built", "build"]

#: Most runs of numbers a table section may hold before the document is refused as absurd.
MAX_GROUPS = 200
#: Characters of label text looked at before a run of numbers.
WINDOW = 160
#: A title is at most this long (characters).
TITLE_MAX = 80

#: The sections without a table, which may have subsections.
NARRATIVE = ("overview", "problems", "other_matters")
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
_SECTION_INDEX = {s.key: i for i, s in enumerate(spec.SECTIONS)}
#: Enough precision for any number a cell may print (at most 40 characters).
_WIDE = Context(prec=100)


@attrs.frozen
class Built:
    """What reading produced: the report, the reading findings, where each table was."""

    report: Report
    findings: tuple[Finding, ...]
    tables: dict[str, str]


def _finding(rule: str, path: str, message: str, *, actual: str | None = None) -> Finding:
    return Finding(rule=rule, severity="warning", path=path, message=message, actual=actual)


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


def _row_cells(block: Block) -> tuple[tuple[str, ...], bool]:
    """The cells of a table row, or of a line of text lying in a table."""
    if isinstance(block, TableRow):
        return block.cells, block.positional
    if block.cells:
        return block.cells, block.positional
    return split_cells(block.text)


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


# --- the reader ----------------------------------------------------------------------------


class Reader:
    """Reads one document's blocks into a report, collecting findings on the way."""

    def __init__(self, doc: Doc, source: str | None) -> None:
        self.doc = doc
        self.blocks = doc.blocks
        self.source = source
        self.findings: list[Finding] = []
        self.tables: dict[str, str] = {}

    def fail(self, message: str, where: str) -> ParseError:
        return ParseError(message, where=where, source=self.source)

    # --- headings and regions -------------------------------------------------------------

    def headings(self) -> list[tuple[int, str]]:
        """``(block index, section key)`` of each section heading, in order."""
        found: list[tuple[int, str]] = []
        current = -1
        hits = _without_contents_list(
            [(i, hit) for i, b in enumerate(self.blocks) if isinstance(b, Para) for hit in _heading_hit(b)]
        )
        for i, (key, exact) in hits:
            block = self.blocks[i]
            assert isinstance(block, Para)  # noqa: S101 - only paragraphs are headings
            index = _SECTION_INDEX[key]
            if index <= current:
                continue
            current = index
            found.append((i, key))
            if not exact:
                official = spec.SECTION_BY_KEY[key].heading
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
        msg = "找不到报告标题：标题应写明机关名称和年度，如“XX局2024年度政府信息公开工作年度报告”" + (
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

    def section(self, paras: Sequence[Para], key: str, *, punctuated: bool) -> Section:
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

    def split_region(self, blocks: Sequence[Block], key: str) -> tuple[list[Para], list[Block]]:
        """Paragraphs before the table, and the table's rows (everything from its first row)."""
        for n, block in enumerate(blocks):
            if isinstance(block, TableRow) or starts_table(block, key):
                before = [b for b in blocks[:n] if isinstance(b, Para) and not is_caption(b)]
                return before, list(blocks[n:])
        return [b for b in blocks if isinstance(b, Para)], []

    def row_segments(self, rows: Sequence[Block]) -> list[Segment]:
        out: list[Segment] = []
        for block in rows:
            cells, positional = _row_cells(block)
            out.extend(segments(cells, block.where, positional=positional))
        return out

    # --- 表二 -------------------------------------------------------------------------------

    def active_disclosure(self, rows: Sequence[Block], paragraphs: tuple[str, ...]) -> ActiveDisclosure:
        table = TABLE_NAMES["active_disclosure"]
        wanted = _table2_rows()
        values: dict[str, list[str]] = {}
        wheres: dict[str, str] = {}
        current: str | None = None
        for seg in self.row_segments(rows):
            if not seg.values:
                hit = self._table2_label(seg, wanted)
                if hit is not None:
                    current = hit if hit not in values else None
                    if current is not None:
                        values[current] = []
                        wheres[current] = seg.where
                else:
                    self._header_variants(seg, _TABLE2_HEADERS, "active_disclosure", table)
                continue
            if current is None:
                self._extra(seg.values, seg.where, table)
                continue
            n = wanted[current][1]
            got = values[current]
            if seg.positional and not got:
                cells = fit(seg.values, n)
            else:
                cells = [c for c in seg.values if c != ""] if not seg.positional else list(seg.values)
            room = n - len(got)
            got.extend(cells[:room])
            if len(cells) > room:
                self._extra(cells[room:], seg.where, table)
            if len(got) >= n:
                current = None
        return self._build_table2(values, wheres, paragraphs)

    def _table2_label(self, seg: Segment, wanted: dict[str, tuple[str, int]]) -> str | None:
        text = lb.norm(seg.text)
        if not text or text in _TABLE2_HEADERS:
            return None
        for key, (label, _) in wanted.items():
            official = lb.norm(label)
            if text == official or text.endswith(official):
                return key
        best: tuple[int, str] | None = None
        for key, (label, _) in wanted.items():
            official = lb.norm(label)
            if text.startswith(official + "("):  # a local gloss: 规章（件）
                best = (0, key)
        for key, (label, _) in wanted.items():
            if best is not None:
                break
            official = lb.norm(label)
            limit = max(1, len(official) // 3)
            tail = text[-len(official) - limit :]
            d = min(lb.distance(text, official, limit), lb.distance(tail, official, limit))
            if d <= limit and (best is None or d < best[0]):
                best = (d, key)
        if best is None:
            return None
        key = best[1]
        official = wanted[key][0]
        self.findings.append(
            _finding(
                "parse.label_variant",
                f"active_disclosure.{key}",
                f"表二行标签“{seg.text}”（{seg.where}）与官方的“{official}”不同，按“{official}”读入",
                actual=seg.text,
            )
        )
        return key

    def _header_variants(self, seg: Segment, official: dict[str, str], path: str, table: str) -> None:
        """A heading cell one or two typos away from an official heading earns a finding."""
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
                            path,
                            f"{table}表头“{text}”（{seg.where}）与官方的“{label}”不同，按“{label}”读入",
                            actual=text,
                        )
                    )
                    break

    def _build_table2(
        self, values: dict[str, list[str]], wheres: dict[str, str], paragraphs: tuple[str, ...]
    ) -> ActiveDisclosure:
        table = TABLE_NAMES["active_disclosure"]
        kwargs: dict[str, Any] = {"paragraphs": paragraphs}
        for key, (label, n) in _table2_rows().items():
            if key not in values:
                if key == spec.REGULATIONS.key:
                    kwargs[key] = None  # check() names the missing 规章 row
                    continue
                self.findings.append(
                    _finding(
                        "parse.row_missing",
                        f"active_disclosure.{key}",
                        f"{table}缺少“{label}”行，按 0 读入",
                    )
                )
                cells = ["0"] * n
            else:
                cells = values[key] + [""] * (n - len(values[key]))
            where = wheres.get(key, table)
            if n == 3:
                nums = {}
                for col, cell in zip(spec.DOCUMENT_COLUMNS, cells, strict=True):
                    path = f"active_disclosure.{key}.{col.key}"
                    nums[col.key] = self._count(cell, path, where)
                kwargs[key] = DocumentCounts(**nums)
            elif key == spec.FEES.key:
                kwargs[key] = self._fee(cells[0], f"active_disclosure.{key}", where)
            else:
                kwargs[key] = self._count(cells[0], f"active_disclosure.{key}", where)
        return ActiveDisclosure(**kwargs)

    # --- numbers ------------------------------------------------------------------------------

    def _blank(self, cell: str, path: str, where: str) -> None:
        shown = f"印作“{cell}”" if cell else "为空"
        self.findings.append(
            _finding(
                "parse.blank_cell",
                path,
                f"“{spec.join_labels(spec.label_path(path))}”{shown}（{where}），按 0 读入",
                actual=cell,
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
                    f"“{spec.join_labels(spec.label_path(path))}”一格中有 {len(several)} 个数“{cell}”"
                    f"（{where}），按第一个数 {format(several[0].value, 'f')} 读入",
                    actual=cell,
                )
            )
            return several[0]
        self._blank(cell, path, where)
        return None

    def _printed(self, cell: str, path: str, where: str, what: str) -> None:
        """A reading finding: ``cell`` read as ``what`` (a unit or separators left out …)."""
        self.findings.append(
            _finding(
                "parse.number_format",
                path,
                f"“{spec.join_labels(spec.label_path(path))}”印作“{cell}”（{where}），{what}",
                actual=cell,
            )
        )

    def _count(self, cell: str, path: str, where: str) -> int:
        got = self._value(cell, path, where)
        if got is None:
            return 0
        value = got.value
        if got.unit:
            kind = "去掉单位" if got.unit in lb.COUNT_UNITS else "单位不是件数的单位，略去"
            self._printed(cell, path, where, f"{kind}“{got.unit}”，按 {format(value, 'f')} 读入")
        if value != value.to_integral_value():
            self.findings.append(
                _finding(
                    "parse.extra_number",
                    path,
                    f"“{spec.join_labels(spec.label_path(path))}”印作“{cell}”（{where}），件数应为整数，"
                    f"按 {int(value)} 读入",
                    actual=cell,
                )
            )
        return int(value)

    def _fee(self, cell: str, path: str, where: str) -> Decimal:
        """A fee exactly as printed (``12.50`` stays ``12.50``), in 万元: another money unit
        is converted when the result needs no rounding; more than :data:`FEE_PLACES`
        places are rounded (the model holds no more)."""
        got = self._value(cell, path, where)
        if got is None:
            return Decimal(0)
        value = got.value
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
                    f"“{spec.join_labels(spec.label_path(path))}”印作“{cell}”（{where}），小数超过 "
                    f"{v.FEE_PLACES} 位（金额最小为 0.000001 万元，即 0.01 元），四舍五入为 "
                    f"{format(rounded, 'f')} 读入",
                    actual=cell,
                )
            )
            value = rounded
        return value

    def _extra(self, cells: Sequence[str], where: str, table: str) -> None:
        shown = " ".join(c for c in cells if c)
        if not shown:
            return
        self.findings.append(
            _finding(
                "parse.extra_number",
                table_key(table),
                f"{table}中多出的数字“{shown}”（{where}）不属于任何一格，未读入",
                actual=shown,
            )
        )

    # --- 表三 -------------------------------------------------------------------------------

    def applications(
        self, rows: Sequence[Block], paragraphs: tuple[str, ...], *, at_end: bool
    ) -> Applications:
        table = TABLE_NAMES["applications"]
        groups, trailing = self._groups(rows, 7, table)
        headers = _table3_headers()
        for seg in self.row_segments(rows):
            if not seg.values:
                self._header_variants(seg, headers, "applications", table)
            else:
                break
        matches = _align(groups)
        assigned: dict[int, _Group] = {}
        for g, r in matches:
            assigned[r] = groups[g]
        used = {g for g, _ in matches}
        for g, group in enumerate(groups):
            if g not in used:
                self._extra(group.values, group.where, table)
        missing = [r for r in range(len(spec.APPLICATION_ROWS)) if r not in assigned]
        if missing and at_end:
            self._ended_in_table3(assigned, trailing, rows[-1].where if rows else table)
        built: dict[str, Row] = {}
        for r, app_row in enumerate(spec.APPLICATION_ROWS):
            found = assigned.get(r)
            if found is None:
                self.findings.append(
                    _finding(
                        "parse.row_missing",
                        app_row.path,
                        f"{table}缺少“{spec.join_labels(app_row.labels)}”行，按 0 读入",
                    )
                )
                built[app_row.path] = Row.of(0, 0, 0, 0, 0, 0, 0)
                continue
            self._row_label(found, r)
            cells = [
                self._count(cell, f"{app_row.path}.{col}", found.where)
                for cell, col in zip(found.values, spec.ROW_KEYS, strict=True)
            ]
            built[app_row.path] = Row.of(*cells)
        return _applications(built, paragraphs)

    def _ended_in_table3(self, assigned: dict[int, _Group], trailing: str, end: str) -> None:
        table = TABLE_NAMES["applications"]
        last = max(assigned) if assigned else -1
        nxt = last + 1
        where = end
        if nxt < len(spec.APPLICATION_ROWS):
            label = lb.norm(spec.APPLICATION_ROWS[nxt].labels[-1])
            cost, _, _ = lb.find_in(label[: max(2, len(label) // 2)], lb.norm(trailing)[-WINDOW:])
            if trailing and cost <= 1:
                row = spec.join_labels(spec.APPLICATION_ROWS[nxt].labels)
                msg = f"文档在{table}“{row}”行中途结束：这一行的数字不全，其后各行和表四都没有"
                raise self.fail(msg, where)
        if last >= 0:
            row = spec.join_labels(spec.APPLICATION_ROWS[last].labels)
            msg = f"文档在{table}“{row}”行之后结束：其后各行和表四都没有"
        else:
            msg = f"文档在{table}表头中结束：{table}没有一行数字，其后也没有表四"
        raise self.fail(msg, where)

    def _row_label(self, group: _Group, r: int) -> None:
        """A label read with a typo or other wording earns a finding (not half-width brackets
        or other punctuation: those are normalised away)."""
        if group.exact or not group.label_text:
            return
        app_row = spec.APPLICATION_ROWS[r]
        official = app_row.labels[-1]
        self.findings.append(
            _finding(
                "parse.label_variant",
                app_row.path,
                f"表三行标签“{group.printed(official)}”（{group.where}）与官方的“{official}”不同，"
                f"按“{spec.join_labels(app_row.labels)}”读入",
                actual=group.printed(official),
            )
        )

    def _groups(self, rows: Sequence[Block], n: int, table: str) -> tuple[list[_Group], str]:
        """Runs of ``n`` values with the label text before and after each."""
        groups: list[_Group] = []
        text: list[str] = []
        partial: list[str] = []
        partial_where = ""

        def flush_partial() -> None:
            nonlocal partial
            if partial:
                self._extra(partial, partial_where, table)
            partial = []

        def add(values: list[str], where: str) -> None:
            if len(groups) >= MAX_GROUPS:
                msg = f"{table}中的数字行超过 {MAX_GROUPS} 行，不像一份年度报告"
                raise self.fail(msg, where)
            before = "".join(text)
            if groups:
                groups[-1].after = before
            groups.append(_Group(values=values, before=before, where=where))
            text.clear()

        for seg in self.row_segments(rows):
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
                    self._extra(full[whole:], seg.where, table)
                continue
            cells = [c for c in cells if c != ""]
            if not partial:
                partial_where = seg.where
            if len(partial) + len(cells) > n:
                flush_partial()
                partial_where = seg.where
            partial.extend(cells)
            if len(partial) == n:
                add(partial, partial_where)
                partial = []
        trailing = "".join(text)
        if partial:
            trailing += "".join(partial)
        if groups:
            groups[-1].after = "".join(text)
        return groups, trailing

    # --- 表四 -------------------------------------------------------------------------------

    def review_litigation(
        self, rows: Sequence[Block], paragraphs: tuple[str, ...], *, at_end: bool
    ) -> ReviewLitigation:
        table = TABLE_NAMES["review_litigation"]
        chunks: list[tuple[list[str], str]] = []
        for seg in self.row_segments(rows):
            if seg.values:
                chunk = fit(seg.values, 15) if seg.positional else list(seg.values)
                chunks.append((chunk, seg.where))
        cells: list[str] = []
        where = table
        exact = [c for c in chunks if len(c[0]) == 15]
        if exact:
            cells, where = exact[0]
            for extra, w in chunks:
                if extra is not cells:
                    self._extra(extra, w, table)
        else:
            for chunk, w in chunks:
                if not cells:
                    where = w
                cells.extend(c for c in chunk if c != "" or len(chunk) > 1)
            if len(cells) > 15:
                self._extra(cells[15:], where, table)
                cells = cells[:15]
        if len(cells) < 15:
            if at_end or not cells:
                msg = (
                    f"文档在{table}中结束：{table}应有 15 个数，只读到 {len(cells)} 个"
                    if cells
                    else f"{table}（{spec.SECTION_BY_KEY['review_litigation'].heading}）中没有数字"
                )
                raise self.fail(msg, where)
            self.findings.append(
                _finding(
                    "parse.row_missing",
                    "review_litigation",
                    f"{table}应有 15 个数，只读到 {len(cells)} 个（{where}），缺少的按 0 读入",
                )
            )
            cells = cells + ["0"] * (15 - len(cells))
        groups: dict[str, CaseCounts] = {}
        for g, group in enumerate(spec.REVIEW_GROUPS):
            nums = {}
            for f, field in enumerate(spec.REVIEW_FIELDS):
                path = f"review_litigation.{group.key}.{field.key}"
                nums[field.key] = self._count(cells[g * 5 + f], path, where)
            groups[group.key] = CaseCounts(**nums)
        return ReviewLitigation(paragraphs=paragraphs, **groups)


def table_key(table: str) -> str:
    """The section key of a table's display name (表三 → applications)."""
    for key, name in TABLE_NAMES.items():
        if name == table:
            return key
    return table


# --- 表三 alignment ---------------------------------------------------------------------------


@attrs.define
class _Group:
    """A run of seven values and the label text around it."""

    values: list[str]
    before: str
    where: str
    after: str = ""
    exact: bool = False
    label_text: str = ""
    span: tuple[int, int] = (0, 0)

    def printed(self, official: str) -> str:
        """The label as printed (approximately): the part of the text that matched."""
        text = self.label_text
        start, end = self.span
        return text[start:end] or official


@attrs.frozen
class _RowLabel:
    norm: str
    free: frozenset[str]


def _row_labels() -> tuple[_RowLabel, ...]:
    out = []
    for row in spec.APPLICATION_ROWS:
        noise = "".join(row.labels[:-1])
        out.append(_RowLabel(lb.norm(row.labels[-1]), frozenset(lb.norm(noise))))
    return tuple(out)


_ROW_LABELS = _row_labels()


def _known_text() -> tuple[str, ...]:
    """Normalised table-三 labels that are not row labels (headings, group labels), longest
    first: removed from label text before deciding whether anything else is left in it."""
    labels = {
        spec.TABLE3_NOTE,
        spec.APPLICANT_HEADER,
        spec.ORGANISATIONS_HEADER,
        spec.RESULTS_LABEL,
        *(c.label for c in spec.ROW_COLUMNS),
        *(g.label for g in spec.APPLICATION_GROUPS),
    }
    return tuple(sorted((lb.norm(x) for x in labels), key=len, reverse=True))


_KNOWN = _known_text()


def _scores(group: _Group, index: int) -> list[float | None]:
    """How well the group's label text names each of the 25 rows, in [0, 1]; None for a
    group printed without any label (its place is decided by order alone).

    A row label found whole in the text before the numbers (or broken around them) scores 1;
    otherwise, and whenever other text is left over, rows near the group's position are
    matched approximately (:func:`~gov_disclosure.parse._labels.find_in`)."""
    before = lb.norm(group.before)[-WINDOW:]
    n_rows = len(_ROW_LABELS)
    if not before:
        return [None] * n_rows
    after = lb.norm(group.after)[:60]
    joined = before + after
    scores: list[float | None] = [0.0] * n_rows
    left = before
    for r, label in enumerate(_ROW_LABELS):
        at = joined.find(label.norm)
        if 0 <= at < len(before):
            scores[r] = 1.0
            group.exact = True
            left = left.replace(label.norm, "")
    group.label_text = joined
    for known in _KNOWN:
        if known in left:
            left = left.replace(known, "")
    if len(left) < 4:
        return scores
    best = 1.0 if group.exact else 0.0
    for r, label in enumerate(_ROW_LABELS):
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


def _align(groups: list[_Group]) -> list[tuple[int, int]]:
    """Monotone alignment of groups to the 25 rows maximising label agreement; a group
    without a label fits any row. Returns ``(group, row)`` pairs."""
    n, m = len(groups), len(_ROW_LABELS)
    scores = [_scores(g, i) for i, g in enumerate(groups)]
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


def _applications(built: dict[str, Row], paragraphs: tuple[str, ...]) -> Applications:
    def rows_of(group: spec.Group) -> dict[str, Row]:
        return {sub.key: built[f"applications.{group.key}.{sub.key}"] for sub in group.rows}

    g = spec.GROUP_BY_KEY
    return Applications(
        paragraphs=paragraphs,
        new=built["applications.new"],
        carried_over=built["applications.carried_over"],
        granted=built["applications.granted"],
        partially_granted=built["applications.partially_granted"],
        withheld=Withheld(**rows_of(g["withheld"])),
        unavailable=Unavailable(**rows_of(g["unavailable"])),
        not_processed=NotProcessed(**rows_of(g["not_processed"])),
        other_handling=OtherHandling(**rows_of(g["other_handling"])),
        total=built["applications.total"],
        carried_forward=built["applications.carried_forward"],
    )


# --- helpers --------------------------------------------------------------------------------


def _table2_rows() -> dict[str, tuple[str, int]]:
    return {
        spec.REGULATIONS.key: (spec.REGULATIONS.label, 3),
        spec.NORMATIVE_DOCUMENTS.key: (spec.NORMATIVE_DOCUMENTS.label, 3),
        spec.LICENSING.key: (spec.LICENSING.label, 1),
        spec.PUNISHMENT.key: (spec.PUNISHMENT.label, 1),
        spec.ENFORCEMENT.key: (spec.ENFORCEMENT.label, 1),
        spec.FEES.key: (spec.FEES.label, 1),
    }


def _table2_headers() -> dict[str, str]:
    labels = [
        spec.ITEM_1,
        spec.ITEM_5,
        spec.ITEM_6,
        spec.ITEM_8,
        spec.INFO_CONTENT,
        spec.DECISIONS_HEADER,
        spec.FEES_HEADER,
        *(c.label for c in spec.DOCUMENT_COLUMNS),
    ]
    return {lb.norm(x): x for x in labels}


_TABLE2_HEADERS = _table2_headers()


def _table3_headers() -> dict[str, str]:
    labels = [spec.APPLICANT_HEADER, spec.ORGANISATIONS_HEADER, *(c.label for c in spec.ROW_COLUMNS)]
    return {lb.norm(x): x for x in labels}


def _anchors() -> dict[str, tuple[str, ...]]:
    item = lb.norm(spec.ITEM_1)[:4]  # 第二十条
    return {
        "active_disclosure": (
            item,
            lb.norm(spec.INFO_CONTENT),
            lb.norm(spec.REGULATIONS.label),
            lb.norm(spec.NORMATIVE_DOCUMENTS.label),
        ),
        "applications": (
            lb.norm(spec.TABLE3_NOTE)[:6],
            lb.norm(spec.TABLE3_NOTE)[1:7],
            lb.norm(spec.APPLICANT_HEADER),
            lb.norm(spec.APPLICANT_COLUMNS[0].label),
            lb.norm(spec.NEW.label)[:6],
        ),
        "review_litigation": (
            lb.norm(spec.REVIEW_LABEL),
            lb.norm(spec.LITIGATION_LABEL),
            lb.norm(spec.REVIEW_FIELDS[0].label),
        ),
    }


_ANCHORS = _anchors()


def starts_table(block: Block, key: str) -> bool:
    """Whether a line begins the table of section ``key``: its first cell starts with one of
    the table's first headings and the line is not a sentence."""
    if not isinstance(block, Para):
        return True
    if block.text.rstrip().endswith(("。", "：", ":")):
        return False
    cells = [c for c in _row_cells(block)[0] if c.strip()]
    text = lb.norm(cells[0]) if cells else ""
    return len(text) <= 60 and any(text.startswith(a) for a in _ANCHORS[key])


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


def _heading_hit(block: Para) -> list[tuple[str, bool]]:
    hit = lb.heading_section(block.text)
    return [] if hit is None else [hit]


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
    finding = _finding("parse.damaged_text", "", message, actual=shown)
    return attrs.evolve(doc, blocks=tuple(blocks)), (finding,)


def build(doc: Doc, source: str | None = None) -> Built:
    """Read ``doc`` into a report with its reading findings (the document's own notes first)."""
    doc, removed = _clean_blocks(doc)
    reader = Reader(doc, source)
    reader.findings.extend((*doc.notes, *removed))
    blocks = doc.blocks
    if not blocks:
        msg = f"文档是空的：没有标题，也没有“{spec.SECTIONS[0].heading}”等部分"
        raise ParseError(msg, where="文档开头", source=source)
    heads = reader.headings()
    if not heads:
        msg = f"找不到任何一个部分的标题（如“{spec.SECTIONS[0].heading}”），不像一份政府信息公开工作年度报告"
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
    narrative = [b for b in blocks[after_title:first] if isinstance(b, Para)]
    for key in NARRATIVE:
        narrative.extend(b for b in regions.get(key, []) if isinstance(b, Para))
    punctuated = reader.punctuated(p for p in narrative if lb.subsection_heading(p.text.strip()) is None)
    preamble_paras = [b for b in blocks[after_title:first] if isinstance(b, Para)]
    preamble = tuple(_text(t) for t, _ in reader.paragraphs(preamble_paras, punctuated=punctuated))

    sections: dict[str, Any] = {}
    for key in NARRATIVE:
        paras = [b for b in regions.get(key, []) if isinstance(b, Para)]
        sections[key] = reader.section(paras, key, punctuated=punctuated)

    for key in ("active_disclosure", "applications", "review_litigation"):
        name = TABLE_NAMES[key]
        heading = spec.SECTION_BY_KEY[key].heading
        if key not in regions:
            where = region_start.get(last_key, "文档末尾")
            if _SECTION_INDEX[last_key] < _SECTION_INDEX[key]:
                msg = f"文档在“{spec.SECTION_BY_KEY[last_key].heading}”之后结束，没有{name}（{heading}）"
            else:
                msg = f"找不到“{heading}”及其{name}"
            raise ParseError(msg, where=where, source=source)
        before, rows = reader.split_region(regions[key], key)
        if not rows:
            msg = f"“{heading}”之下没有{name}"
            raise ParseError(msg, where=region_start[key], source=source)
        rows, trailing = _trailing(rows)
        paragraphs = tuple(_text(t) for t, _ in reader.paragraphs(before, punctuated=punctuated))
        head = rows[0]
        reader.tables[key] = f"第 {head.table + 1} 个表格" if isinstance(head, TableRow) else head.where
        at_end = key == last_key
        if key == "active_disclosure":
            sections[key] = reader.active_disclosure(rows, paragraphs)
        elif key == "applications":
            sections[key] = reader.applications(rows, paragraphs, at_end=at_end)
        else:
            sections[key] = reader.review_litigation(rows, paragraphs, at_end=at_end)
        if trailing:
            _place_trailing(reader, sections, regions, key, trailing, punctuated=punctuated)

    if found_title is None:
        raise reader.no_title(first)
    title, agency, year, _ = found_title
    try:
        report = Report(
            agency=_text(agency),
            year=year,
            title=_text(title) or None,
            preamble=preamble,
            **sections,
        )
    except (ValueError, TypeError) as exc:
        msg = f"读出的内容不能组成报告：{exc}"
        raise ParseError(msg, where="全文", source=source) from None
    return Built(report, tuple(reader.findings), reader.tables)


def _declared_title(doc: Doc, end: int) -> tuple[str, str, int, int] | None:
    """``(title, agency, year, index after the title)`` from the document's own metadata and
    its marked title (the first level-1 paragraph before the first section), if it has both."""
    if not doc.agency or doc.year is None:
        return None
    for i, block in enumerate(doc.blocks[:end]):
        if isinstance(block, Para) and block.level == 1 and block.text.strip():
            return block.text.strip(), doc.agency, doc.year, i + 1
    return None


def _trailing(rows: list[Block]) -> tuple[list[Block], list[Para]]:
    """Split off text after the table: from the first subsection heading or sentence that
    follows a row of numbers and is followed by no more rows of numbers."""
    counts = [sum(lb.reading(c) is not None for c in _row_cells(b)[0]) for b in rows]
    later = [0] * (len(rows) + 1)
    for n in range(len(rows) - 1, -1, -1):
        later[n] = max(later[n + 1], counts[n])
    seen_numbers = False
    for n, block in enumerate(rows):
        if seen_numbers and later[n + 1] < 5 and isinstance(block, Para) and _prose(block):
            return rows[:n], [b for b in rows[n:] if isinstance(b, Para)]
        if counts[n]:
            seen_numbers = True
    return rows, []


def _prose(para: Para) -> bool:
    """A line of text, not a table row: a subsection heading that is not a 表三 label, or a
    sentence."""
    text = para.text.strip()
    if "\t" in text or any(lb.reading(c) is not None or lb.is_blank_mark(c) for c in para.cells):
        return False
    key = lb.norm(text)
    if any(key.startswith(p) or p.startswith(key) for p in _LABEL_HEADS):
        return False
    return lb.subsection_heading(text) is not None or (len(text) > 20 and text[-1] in "。！？；")


def _label_heads() -> frozenset[str]:
    heads = {lb.norm(r.labels[-1])[:4] for r in spec.APPLICATION_ROWS}
    heads |= {lb.norm(g.label)[:4] for g in spec.APPLICATION_GROUPS}
    return frozenset(heads)


_LABEL_HEADS = _label_heads()


def _place_trailing(
    reader: Reader,
    sections: dict[str, Any],
    regions: dict[str, list[Block]],
    key: str,
    trailing: list[Para],
    *,
    punctuated: bool,
) -> None:
    """Text after a table: the body of a missing 五 after 表四, else the section's paragraphs."""
    if key == "review_litigation" and "problems" not in regions:
        sections["problems"] = reader.section(trailing, "problems", punctuated=punctuated)
        heading = spec.SECTION_BY_KEY["problems"].heading
        reader.findings.append(
            _finding(
                "parse.heading_variant",
                "problems",
                f"找不到标题“{heading}”：{TABLE_NAMES[key]}之后的文字（{trailing[0].where}起）按“{heading}”读入",
            )
        )
        return
    extra = tuple(_text(t) for t, _ in reader.paragraphs(trailing, punctuated=punctuated))
    sections[key] = attrs.evolve(sections[key], paragraphs=sections[key].paragraphs + extra)
