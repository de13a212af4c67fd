"""The XML parts of the DOCX package.

Static parts (styles, settings, font table, footers, relationships, content types) depend only
on the :class:`~gov_disclosure.render.docx.Layout` and are built once per profile; the body
(``word/document.xml``) and the core properties depend on the report. Style ids are part of the
document's contract with its readers (``docs/docx.md``): ``Title``, ``Normal``, ``Heading1``,
``Heading2``, ``TableText``, ``Footer``.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from gov_disclosure import spec
from gov_disclosure.exceptions import InputError
from gov_disclosure.model import Report, Section, format_of, shape_of
from gov_disclosure.model.validators import FORBIDDEN_CHARS
from gov_disclosure.render import _fit
from gov_disclosure.render._common import format_number

if TYPE_CHECKING:
    from gov_disclosure.render.layout import Layout, Length

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLE_TITLE = "Title"
STYLE_BODY = "Normal"
STYLE_HEADING = "Heading1"
STYLE_SUBHEADING = "Heading2"
STYLE_TABLE = "TableText"
STYLE_FOOTER = "Footer"

_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'  # the XML declaration Word writes


def _xml(text: str) -> bytes:
    return (_HEADER + text).encode("utf-8")


# --- static parts ------------------------------------------------------------------------


def _fonts(face: str, latin: str | None) -> str:
    """``w:rFonts`` naming ``face`` for Chinese and ``latin`` (or ``face``) for Latin text."""
    east = quoteattr(face)
    west = quoteattr(latin if latin is not None else face)
    return f'<w:rFonts w:ascii={west} w:hAnsi={west} w:eastAsia={east} w:cs={west} w:hint="eastAsia"/>'


def _size(size: int | Length) -> str:
    """``w:sz`` and ``w:szCs`` of a type size (given as half-points or as a Length)."""
    half_points = size if isinstance(size, int) else size.half_points
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _exact(line: int) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'


def character_spacing(layout: Layout) -> int:
    """Twips added to each body character so that ``chars_per_line`` 三号 characters fill the
    type area: ``-5`` (0.25 pt tighter) puts GB/T 9704's 28 characters in 156 mm, where 16 pt
    characters would fit only 27. Word and LibreOffice both honour it, unlike a character grid
    (``w:docGrid w:charSpace``), which LibreOffice draws at 14 characters a line."""
    if layout.chars_per_line is None:
        return 0
    return math.floor(layout.text_width.twips / layout.chars_per_line - layout.body_size.twips)


def table_line(layout: Layout) -> int:
    """The exact line height of table text, in twips: 1.3 times the table size (13.65 pt for
    五号). Exact, so that a row's height follows from its number of lines."""
    return round(layout.table_font_size.twips * 1.3)


def styles_xml(layout: Layout) -> bytes:
    """``word/styles.xml``: docDefaults and the six styles the document uses, no theme fonts."""
    latin = layout.latin_font
    tight = character_spacing(layout)
    body_spacing = f'<w:spacing w:val="{tight}"/>' if tight else ""
    reset = '<w:spacing w:val="0"/>' if tight else ""
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    indent = f'<w:ind w:firstLine="{layout.first_line_indent.twips}"/>'
    styles = [
        "<w:docDefaults>",
        f'<w:rPrDefault><w:rPr>{_fonts(layout.body_font, latin)}<w:kern w:val="2"/>'
        f"{_size(layout.body_size)}{lang}</w:rPr></w:rPrDefault>",
        f"<w:pPrDefault><w:pPr>{_exact(layout.line_spacing.twips)}</w:pPr></w:pPrDefault>",
        "</w:docDefaults>",
        # Normal: the body text (and the preamble) — 仿宋 三号, indented two characters.
        f'<w:style w:type="paragraph" w:default="1" w:styleId="{STYLE_BODY}"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:widowControl/><w:kinsoku/><w:overflowPunct/><w:adjustRightInd w:val="0"/>'
        f'{_exact(layout.line_spacing.twips)}{indent}<w:jc w:val="both"/></w:pPr>'
        f"<w:rPr>{_fonts(layout.body_font, latin)}{body_spacing}{_size(layout.body_size)}{lang}</w:rPr>"
        "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        f'<w:top w:w="0" w:type="dxa"/><w:left w:w="{layout.table_cell_margin.twips}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{layout.table_cell_margin.twips}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        # Title: 方正小标宋简体 二号, centred, one blank line after.
        f'<w:style w:type="paragraph" w:styleId="{STYLE_TITLE}"><w:name w:val="Title"/>'
        f'<w:basedOn w:val="{STYLE_BODY}"/><w:next w:val="{STYLE_BODY}"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{layout.line_spacing.twips}"'
        f' w:line="{layout.title_line_spacing.twips}" w:lineRule="exact"/><w:ind w:firstLine="0"/>'
        f'<w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>'
        f"<w:rPr>{_fonts(layout.title_font, latin)}{reset}{_size(layout.title_size)}</w:rPr></w:style>",
        # 一、 headings: 黑体 三号.
        _heading_style(STYLE_HEADING, "heading 1", 0, layout.heading_font, layout),
        # （一） headings: 楷体 三号.
        _heading_style(STYLE_SUBHEADING, "heading 2", 1, layout.subheading_font, layout),
        # Table cells: 五号, single spacing, no indent, off the character grid.
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_TABLE}">'
        '<w:name w:val="Table Text"/>'
        f'<w:basedOn w:val="{STYLE_BODY}"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/>'
        f'{_exact(table_line(layout))}<w:ind w:firstLine="0"/>'
        '<w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{_fonts(layout.table_font, latin)}{reset}{_size(layout.table_font_size)}</w:rPr></w:style>",
        # Footer: the page number, 宋体 四号.
        f'<w:style w:type="paragraph" w:styleId="{STYLE_FOOTER}"><w:name w:val="footer"/>'
        f'<w:basedOn w:val="{STYLE_BODY}"/><w:pPr><w:snapToGrid w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/></w:pPr>'
        f"<w:rPr>{_fonts(layout.page_number_font, latin)}{reset}{_size(layout.page_number_size)}</w:rPr>"
        "</w:style>",
    ]
    return _xml(f'<w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>')


def _heading_style(style_id: str, name: str, level: int, face: str, layout: Layout) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{STYLE_BODY}"/><w:next w:val="{STYLE_BODY}"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level}"/></w:pPr>'
        f'<w:rPr>{_fonts(face, layout.latin_font)}<w:b w:val="0"/><w:bCs w:val="0"/>'
        f"{_size(layout.heading_size)}</w:rPr></w:style>"
    )


def settings_xml(layout: Layout) -> bytes:
    """``word/settings.xml``: odd/even footers when page numbers sit outside, CJK punctuation."""
    even_odd = "<w:evenAndOddHeaders/>" if layout.page_number_position == "outside" else ""
    return _xml(
        f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        f'{even_odd}<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
    )


_CJK_FONT = '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
_LATIN_FONT = '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'


def font_table_xml(layout: Layout) -> bytes:
    """``word/fontTable.xml``: every face used, with its fallback (``w:altName``)."""
    fonts = []
    for face in layout.fonts():
        alt = layout.fallback(face)
        alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt is not None else ""
        kind = _LATIN_FONT if face == layout.latin_font and face.isascii() else _CJK_FONT
        fonts.append(f"<w:font w:name={quoteattr(face)}>{alt_xml}{kind}</w:font>")
    return _xml(f'<w:fonts xmlns:w="{W_NS}">{"".join(fonts)}</w:fonts>')


PAGE_DASH = "\u2014"  # 一字线 either side of the page number (GB/T 9704 7.5)


def footer_xml(layout: Layout, side: str) -> bytes:
    """A footer holding ``— PAGE —``; ``side`` is ``right`` (odd pages), ``left`` or ``center``."""
    one_char = layout.page_number_size.twips  # 空一字: one character of the page-number size
    indent = {"right": f'<w:ind w:right="{one_char}"/>', "left": f'<w:ind w:left="{one_char}"/>'}.get(
        side, ""
    )
    runs = (
        f'<w:r><w:t xml:space="preserve">{PAGE_DASH} </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {PAGE_DASH}</w:t></w:r>'
    )
    return _xml(
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="{STYLE_FOOTER}"/>'
        f'{indent}<w:jc w:val="{side}"/></w:pPr>{runs}</w:p></w:ftr>'
    )


_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _footer_names(layout: Layout) -> tuple[str, ...]:
    return ("footer1.xml", "footer2.xml") if layout.page_number_position == "outside" else ("footer1.xml",)


def content_types_xml(layout: Layout) -> bytes:
    """``[Content_Types].xml``."""
    overrides = [
        ("/word/document.xml", f"{_CT}.document.main+xml"),
        ("/word/styles.xml", f"{_CT}.styles+xml"),
        ("/word/settings.xml", f"{_CT}.settings+xml"),
        ("/word/fontTable.xml", f"{_CT}.fontTable+xml"),
        *((f"/word/{name}", f"{_CT}.footer+xml") for name in _footer_names(layout)),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    body = "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides)
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>'
    )


def _rels(items: Sequence[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return _xml(
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    )


def package_rels_xml() -> bytes:
    """``_rels/.rels``."""
    return _rels(
        (
            ("rId1", f"{_REL}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{_REL}/extended-properties", "docProps/app.xml"),
        )
    )


#: Relationship ids of the document part (``word/_rels/document.xml.rels``).
FOOTER_RIDS = ("rId4", "rId5")


def document_rels_xml(layout: Layout) -> bytes:
    """``word/_rels/document.xml.rels``."""
    items = [
        ("rId1", f"{_REL}/styles", "styles.xml"),
        ("rId2", f"{_REL}/settings", "settings.xml"),
        ("rId3", f"{_REL}/fontTable", "fontTable.xml"),
    ]
    items.extend(
        (rid, f"{_REL}/footer", name) for rid, name in zip(FOOTER_RIDS, _footer_names(layout), strict=False)
    )
    return _rels(items)


def app_xml() -> bytes:
    """``docProps/app.xml``."""
    return _xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>gov_disclosure</Application></Properties>"
    )


def static_parts(layout: Layout) -> dict[str, bytes]:
    """Every part that depends on the profile only."""
    parts = {
        "[Content_Types].xml": content_types_xml(layout),
        "_rels/.rels": package_rels_xml(),
        "docProps/app.xml": app_xml(),
        "word/_rels/document.xml.rels": document_rels_xml(layout),
        "word/styles.xml": styles_xml(layout),
        "word/settings.xml": settings_xml(layout),
        "word/fontTable.xml": font_table_xml(layout),
    }
    if layout.page_number_position == "outside":
        parts["word/footer1.xml"] = footer_xml(layout, "right")
        parts["word/footer2.xml"] = footer_xml(layout, "left")
    else:
        parts["word/footer1.xml"] = footer_xml(layout, "center")
    return parts


def document_date(report: Report) -> str:
    """The fixed created/modified date: 1 January after the reporting year (never "now")."""
    return f"{report.year + 1:04d}-01-01T00:00:00Z"


def core_xml(report: Report) -> bytes:
    """``docProps/core.xml``: title, agency (creator), reporting year (subject), language and
    fixed dates — so a reader recovers the agency and year even when the title names neither."""
    date = document_date(report)
    return _xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(report.title)}</dc:title><dc:subject>{report.year}</dc:subject>"
        f"<dc:creator>{escape(report.agency)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(report.agency)}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>'
    )


# --- the body ----------------------------------------------------------------------------
#
# Written as text, not as a tree: every paragraph is a fixed opening (its style) and one run;
# every table is a template built once per profile and table geometry, in which only the
# numbers are put per report (no tree is copied or serialised per document).

#: Characters XML 1.0 forbids (the model refuses them; this is the last guard before writing).
_NOT_XML = re.compile(f"[{FORBIDDEN_CHARS}]")
_VALUE = "\x00"  # marks a number's place in a table template (never in XML text)


def _text(text: str, path: str) -> str:
    """``w:t`` elements (and ``w:tab`` for each tab) holding ``text``, escaped."""
    bad = _NOT_XML.search(text)
    if bad:
        msg = f"含有 XML 不允许的字符 U+{ord(bad.group()):04X}，无法写入 DOCX"
        raise InputError([(path, msg)])
    if "\t" not in text:
        return _t(text)
    return "<w:tab/>".join(_t(piece) if piece else "" for piece in text.split("\t"))


def _t(piece: str) -> str:
    if piece[0].isspace() or piece[-1].isspace():
        return f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
    return f"<w:t>{escape(piece)}</w:t>"


def _p_open(
    style: str | None = None, *, keep_next: bool = False, jc: str | None = None, spacing: int = 0
) -> str:
    """A paragraph's opening tag and properties (``spacing``: twips before and after)."""
    props = f'<w:pStyle w:val="{style}"/>' if style is not None else ""
    if keep_next:
        props += "<w:keepNext/>"
    if spacing:
        props += f'<w:spacing w:before="{spacing}" w:after="{spacing}"/>'
    if jc is not None:
        props += f'<w:jc w:val="{jc}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>" if props else "<w:p>"


_OPEN_NORMAL = _p_open()
_OPEN_KEEP = _p_open(keep_next=True)
_OPEN_HEADING = _p_open(STYLE_HEADING)
_OPEN_SUBHEADING = _p_open(STYLE_SUBHEADING)
_OPEN_TITLE = _p_open(STYLE_TITLE)


def _paragraph(out: list[str], opening: str, text: str, path: str) -> None:
    """One paragraph of one run (none for empty text)."""
    out.append(f"{opening}<w:r>{_text(text, path)}</w:r></w:p>" if text else f"{opening}</w:p>")


def _paragraphs(out: list[str], paragraphs: Sequence[str], path: str) -> None:
    for i, text in enumerate(paragraphs):
        _paragraph(out, _OPEN_NORMAL, text, f"{path}.{i}")


def _section(out: list[str], section: Section, key: str) -> None:
    _paragraphs(out, section.paragraphs, f"{key}.{spec.PARAGRAPHS.key}")
    for i, sub in enumerate(section.subsections):
        where = f"{key}.{spec.SUBSECTIONS.key}.{i}"
        heading = spec.subsection_heading(i + 1, sub.title)
        _paragraph(out, _OPEN_SUBHEADING, heading, f"{where}.{spec.SUBSECTION_TITLE.key}")
        _paragraphs(out, sub.paragraphs, f"{where}.{spec.PARAGRAPHS.key}")


def title_lines(report: Report, layout: Layout) -> tuple[str, ...]:
    """The lines the title is set on: broken between words where it does not fit in the type
    area at the title size (``docs/docx.md``)."""
    capacity = layout.text_width.twips / layout.title_size.twips
    return _fit.title_lines(report.title, report.agency, capacity)


def title_xml(report: Report, layout: Layout) -> str:
    """The ``Title`` paragraph: one run, its lines separated by ``w:br``."""
    lines = title_lines(report, layout)
    run = "<w:br/>".join(_text(line, spec.TITLE.key) for line in lines)
    return f"{_OPEN_TITLE}<w:r>{run}</w:r></w:p>"


_DOCUMENT_OPEN = f'{_HEADER}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'


def document_xml(report: Report, layout: Layout) -> bytes:
    """``word/document.xml``: title, preamble, the six sections with their tables, sectPr."""
    out = [_DOCUMENT_OPEN, title_xml(report, layout)]
    _paragraphs(out, report.preamble, spec.PREAMBLE.key)
    fmt = format_of(report)
    for section_spec in fmt.sections:
        key = section_spec.key
        section = getattr(report, key)
        _paragraph(out, _OPEN_HEADING, section_spec.heading, key)
        if isinstance(section, Section):
            _section(out, section, key)
            continue
        paragraphs = section.paragraphs
        last = len(paragraphs) - 1
        for i, text in enumerate(paragraphs):
            opening = _OPEN_KEEP if i == last else _OPEN_NORMAL
            _paragraph(out, opening, text, f"{key}.{spec.PARAGRAPHS.key}.{i}")
        table = fmt.table(key)
        out.append(table_xml(report, table.grid(shape_of(report, table)), layout))
    out.append(_sect_pr(layout))
    out.append("</w:body></w:document>")
    return "".join(out).encode("utf-8")


# --- tables ----------------------------------------------------------------------------------


class _Plan:
    """What a table's rendering needs that depends on the table alone, worked out once: its
    value cells in document order, one getter for all their values, its fitting plan, and the
    templates made for it (per profile and number widths)."""

    def __init__(self, table: spec.Table) -> None:
        self.table = table
        self.cells = tuple(cell for row in table.placed() for _, cell in row if cell.is_value)
        paths = [cell.path for cell in self.cells if cell.path is not None]
        self.getter = operator.attrgetter(*paths)
        self.fitting = _fit.plan(table)
        self.templates: dict[tuple[Layout, tuple[tuple[int, int, int], ...]], tuple[str, ...]] = {}

    def texts(self, report: Report) -> tuple[str, ...]:
        values = self.getter(report) if len(self.cells) > 1 else (self.getter(report),)
        return tuple(str(v) if type(v) is int else format_number(v) for v in values)

    def fit(self, numbers: tuple[tuple[int, int, int], ...], layout: Layout) -> _fit.TableFit:
        return self.fitting.fit(
            numbers,
            width=layout.text_width.twips,
            margin=layout.table_cell_margin.twips,
            size=layout.table_font_size.half_points,
            min_size=layout.table_min_font_size.half_points,
        )


_PLANS: dict[int, _Plan] = {}


def _plan(table: spec.Table) -> _Plan:
    """The plan of ``table``, by identity (as :func:`gov_disclosure.render._fit.plan`)."""
    plan = _PLANS.get(id(table))
    if plan is None or plan.table is not table:
        if len(_PLANS) > 64:  # pragma: no cover - only a program making tables anew gets here
            _PLANS.clear()
        plan = _PLANS[id(table)] = _Plan(table)
    return plan


def value_texts(report: Report, table: spec.Table) -> tuple[str, ...]:
    """The printed numbers of ``table``, in document order."""
    return _plan(table).texts(report)


def table_fit(table: spec.Table, texts: Sequence[str], layout: Layout) -> _fit.TableFit:
    """Type size, column widths and lines per row of ``table`` holding the numbers ``texts``."""
    plan = _plan(table)
    return plan.fit(plan.fitting.numbers(texts), layout)


def table_xml(report: Report, table: spec.Table, layout: Layout) -> str:
    """One ``w:tbl``: the grid of ``table`` with its merges, borders, repeated heading rows,
    rows that never split, columns sized from their content, and every value from ``report``."""
    plan = _plan(table)
    texts = plan.texts(report)
    numbers = plan.fitting.numbers(texts)
    key = (layout, numbers)
    chunks = plan.templates.get(key)
    if chunks is None:
        if len(plan.templates) > 128:
            plan.templates.clear()
        chunks = plan.templates[key] = _table_template(table, layout, plan.fit(numbers, layout))
    out = [chunks[0]]
    for text, chunk in zip(texts, chunks[1:], strict=True):
        out.append(text)
        out.append(chunk)
    return "".join(out)


#: Tables with at most this many rows are kept on one page (``w:keepNext`` on every row but
#: the last); longer ones keep their heading rows with the first body row, and each row that
#: takes more than one line with the row after it.
KEEP_TOGETHER_ROWS = 16

_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _tbl_pr(width: int, margin: int) -> str:
    return (
        f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )


def _slots(table: spec.Table) -> Iterator[list[tuple[int, spec.Cell, bool]]]:
    """Each row as ``(column, cell, continues)`` for every ``w:tc`` it needs: the cells that
    start in the row, and a continuation (``w:vMerge`` without ``restart``) below a cell that
    spans rows — both with the cell's ``w:gridSpan``."""
    above: dict[int, tuple[spec.Cell, int]] = {}  # column → (cell, rows still covered)
    for placed in table.placed():
        slots = [(col, cell, True) for col, (cell, _) in above.items()]
        slots.extend((col, cell, False) for col, cell in placed)
        slots.sort(key=lambda slot: slot[0])
        above = {col: (cell, left - 1) for col, (cell, left) in above.items() if left > 1}
        for col, cell in placed:
            if cell.rowspan > 1:
                above[col] = (cell, cell.rowspan - 1)
        yield slots


def _rpr(size: int, style_size: int, scale: int = 100) -> str:
    """Run properties setting a table's own size (and the numbers' condensing), if any."""
    props = f'<w:w w:val="{scale}"/>' if scale != 100 else ""
    if size != style_size:
        props += _size(size)
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _table_template(table: spec.Table, layout: Layout, fit: _fit.TableFit) -> tuple[str, ...]:
    """The table's XML split at its numbers: every label, merge and property written, the
    columns, type size and number condensing as ``fit`` says."""
    style_size = layout.table_font_size.half_points
    label_rpr = _rpr(fit.size, style_size)
    value_run = f"<w:r>{_rpr(fit.size, style_size, fit.scale)}<w:t>{_VALUE}</w:t></w:r>"
    n_rows = len(table.rows)
    line = table_line(layout)
    out = [
        "<w:tbl>",
        _tbl_pr(layout.text_width.twips, layout.table_cell_margin.twips),
        "<w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in fit.widths),
        "</w:tblGrid>",
    ]
    for r, slots in enumerate(_slots(table)):
        keep = r < n_rows - 1 if n_rows <= KEEP_TOGETHER_ROWS else r < table.header_rows
        # a number beside a label of several lines sits in a paragraph as tall as the label:
        # centred by w:vAlign anyway, and still centred in the one row LibreOffice leaves
        # unaligned (the last row on a page when a merged cell goes on to the next)
        pad = (fit.row_lines[r] - 1) * line // 2
        number_open = _p_open(STYLE_TABLE, keep_next=keep, spacing=pad)
        header = "<w:tblHeader/>" if r < table.header_rows else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        for col, cell, continues in slots:
            width = sum(fit.widths[col : col + cell.colspan])
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.colspan > 1:
                props += f'<w:gridSpan w:val="{cell.colspan}"/>'
            if continues:
                props += "<w:vMerge/>"
            elif cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>'
            props += '<w:vAlign w:val="center"/>'
            left = not continues and not cell.header and not cell.is_value and cell.rowspan == 1
            opening = _p_open(STYLE_TABLE, keep_next=keep, jc="left" if left else None)
            if continues:
                content = ""
            elif cell.is_value:
                opening = number_open
                content = value_run
            else:
                content = f"<w:r>{label_rpr}{_text(cell.text, table.key)}</w:r>" if cell.text else ""
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{opening}{content}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return tuple("".join(out).split(_VALUE))


@functools.lru_cache(maxsize=16)
def _sect_pr(layout: Layout) -> str:
    return sect_pr_xml(layout, namespaces=False)


def sect_pr_xml(layout: Layout, *, namespaces: bool = True) -> str:
    """The section properties: A4, margins, footers, line grid."""
    refs = f'<w:footerReference w:type="default" r:id="{FOOTER_RIDS[0]}"/>'
    if layout.page_number_position == "outside":
        refs += f'<w:footerReference w:type="even" r:id="{FOOTER_RIDS[1]}"/>'
    grid = f'<w:docGrid w:type="lines" w:linePitch="{layout.line_spacing.twips}"/>'
    xmlns = f' xmlns:w="{W_NS}" xmlns:r="{R_NS}"' if namespaces else ""
    return (
        f"<w:sectPr{xmlns}>{refs}"
        f'<w:pgSz w:w="{layout.page_width.twips}" w:h="{layout.page_height.twips}"/>'
        f'<w:pgMar w:top="{layout.margin_top.twips}" w:right="{layout.margin_right.twips}"'
        f' w:bottom="{layout.margin_bottom.twips}" w:left="{layout.margin_left.twips}"'
        f' w:header="{layout.header_distance.twips}" w:footer="{layout.footer_distance.twips}" w:gutter="0"/>'
        f'<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>{grid}</w:sectPr>'
    )
