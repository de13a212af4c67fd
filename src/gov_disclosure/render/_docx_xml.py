"""The XML parts of the DOCX package.

Static parts (styles, settings, font table, footers, relationships, content types) depend only
on the :class:`~gov_disclosure.render.docx.Layout` and are built once per profile; the body
(``word/document.xml``) and the core properties depend on the report. Style ids are part of the
document's contract with its readers (``docs/docx.md``): ``Title``, ``Normal``, ``Heading1``,
``Heading2``, ``TableText``, ``Footer``.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from gov_disclosure import spec
from gov_disclosure.exceptions import InputError
from gov_disclosure.model import Report, Section
from gov_disclosure.render import cell_text

if TYPE_CHECKING:
    from gov_disclosure.render.docx import Layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STYLE_TITLE = "Title"
STYLE_BODY = "Normal"
STYLE_HEADING = "Heading1"
STYLE_SUBHEADING = "Heading2"
STYLE_TABLE = "TableText"
STYLE_FOOTER = "Footer"

#: Relative column widths of each table (scaled to the type area; 表三: a narrow vertical
#: 三、本年度办理结果 column, the group labels, the reasons, then seven number columns).
COLUMN_WEIGHTS: dict[str, tuple[int, ...]] = {
    "active_disclosure": (26, 20, 20, 20),
    # number columns wide enough for seven digits in 五号 (a 总计 of six 999999 cells)
    "applications": (380, 860, 1760, 940, 940, 940, 940, 940, 940, 940),
    "review_litigation": (1,) * 15,
}
#: Tables with at most this many rows are kept on one page (``w:keepNext`` on every row but
#: the last); longer ones keep their heading rows with the first body row.
KEEP_TOGETHER_ROWS = 16

_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'  # the XML declaration Word writes


def _xml(text: str) -> bytes:
    return (_HEADER + text).encode("utf-8")


# --- static parts ------------------------------------------------------------------------


def _fonts(face: str, latin: str | None) -> str:
    """``w:rFonts`` naming ``face`` for Chinese and ``latin`` (or ``face``) for Latin text."""
    east = quoteattr(face)
    west = quoteattr(latin if latin is not None else face)
    return f'<w:rFonts w:ascii={west} w:hAnsi={west} w:eastAsia={east} w:cs={west} w:hint="eastAsia"/>'


def _size(half_points: int) -> str:
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
    return math.floor(layout.text_width / layout.chars_per_line - layout.body_size * 10)


def styles_xml(layout: Layout) -> bytes:
    """``word/styles.xml``: docDefaults and the six styles the document uses, no theme fonts."""
    latin = layout.latin_font
    tight = character_spacing(layout)
    body_spacing = f'<w:spacing w:val="{tight}"/>' if tight else ""
    reset = '<w:spacing w:val="0"/>' if tight else ""
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    indent = f'<w:ind w:firstLine="{layout.first_line_indent}"/>'
    styles = [
        "<w:docDefaults>",
        f'<w:rPrDefault><w:rPr>{_fonts(layout.body_font, latin)}<w:kern w:val="2"/>'
        f"{_size(layout.body_size)}{lang}</w:rPr></w:rPrDefault>",
        f"<w:pPrDefault><w:pPr>{_exact(layout.line_spacing)}</w:pPr></w:pPrDefault>",
        "</w:docDefaults>",
        # Normal: the body text (and the preamble) — 仿宋 三号, indented two characters.
        f'<w:style w:type="paragraph" w:default="1" w:styleId="{STYLE_BODY}"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:widowControl/><w:kinsoku/><w:overflowPunct/><w:adjustRightInd w:val="0"/>'
        f'{_exact(layout.line_spacing)}{indent}<w:jc w:val="both"/></w:pPr>'
        f"<w:rPr>{_fonts(layout.body_font, latin)}{body_spacing}{_size(layout.body_size)}{lang}</w:rPr>"
        "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        f'<w:top w:w="0" w:type="dxa"/><w:left w:w="{layout.table_cell_margin}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{layout.table_cell_margin}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        # Title: 方正小标宋简体 二号, centred, one blank line after.
        f'<w:style w:type="paragraph" w:styleId="{STYLE_TITLE}"><w:name w:val="Title"/>'
        f'<w:basedOn w:val="{STYLE_BODY}"/><w:next w:val="{STYLE_BODY}"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{layout.line_spacing}"'
        f' w:line="{layout.title_line_spacing}" w:lineRule="exact"/><w:ind w:firstLine="0"/>'
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
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
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
    one_char = layout.page_number_size * 10  # 空一字: one character of the page-number size
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

_P, _PPR, _PSTYLE, _R, _T, _TAB = (f"{W}{n}" for n in ("p", "pPr", "pStyle", "r", "t", "tab"))
_VAL = f"{W}val"
_KEEP_NEXT = f"{W}keepNext"
_JC = f"{W}jc"


def _sub(parent: etree._Element, tag: str, **attrib: str) -> etree._Element:
    return etree.SubElement(parent, tag, {f"{W}{k}": v for k, v in attrib.items()})


def _paragraph(
    body: etree._Element,
    text: str,
    path: str,
    style: str | None = None,
    *,
    keep_next: bool = False,
    jc: str | None = None,
) -> etree._Element:
    """One paragraph of one run; a tab in ``text`` becomes ``w:tab``."""
    p = etree.SubElement(body, _P)
    if style is not None or keep_next or jc is not None:
        ppr = etree.SubElement(p, _PPR)
        if style is not None:
            etree.SubElement(ppr, _PSTYLE, {_VAL: style})
        if keep_next:
            etree.SubElement(ppr, _KEEP_NEXT)
        if jc is not None:
            etree.SubElement(ppr, _JC, {_VAL: jc})
    if text:
        run = etree.SubElement(p, _R)
        try:
            for i, piece in enumerate(text.split("\t")):
                if i:
                    etree.SubElement(run, _TAB)
                if piece:
                    t = etree.SubElement(run, _T)
                    t.text = piece
                    if piece[0].isspace() or piece[-1].isspace():
                        t.set(XML_SPACE, "preserve")
        except ValueError as exc:  # lxml refuses characters XML forbids
            raise InputError([(path, f"含有 XML 不允许的字符，无法写入 DOCX：{exc}")]) from None
    return p


def _paragraphs(body: etree._Element, paragraphs: Sequence[str], path: str) -> None:
    for i, text in enumerate(paragraphs):
        _paragraph(body, text, f"{path}.{i}")


def _section(body: etree._Element, section: Section, key: str) -> None:
    _paragraphs(body, section.paragraphs, f"{key}.{spec.PARAGRAPHS.key}")
    for i, sub in enumerate(section.subsections):
        where = f"{key}.{spec.SUBSECTIONS.key}.{i}"
        heading = spec.subsection_heading(i + 1, sub.title)
        _paragraph(body, heading, f"{where}.{spec.SUBSECTION_TITLE.key}", STYLE_SUBHEADING)
        _paragraphs(body, sub.paragraphs, f"{where}.{spec.PARAGRAPHS.key}")


def _tables(report: Report) -> dict[str, spec.Table]:
    return {
        "active_disclosure": spec.active_disclosure_table(
            with_regulations=report.active_disclosure.regulations is not None
        ),
        "applications": spec.applications_table(),
        "review_litigation": spec.review_litigation_table(),
    }


def document_xml(report: Report, layout: Layout) -> bytes:
    """``word/document.xml``: title, preamble, the six sections with their tables, sectPr."""
    document = etree.Element(f"{W}document", nsmap={"w": W_NS, "r": R_NS})
    body = etree.SubElement(document, f"{W}body")
    _paragraph(body, report.title, spec.TITLE.key, STYLE_TITLE)
    _paragraphs(body, report.preamble, spec.PREAMBLE.key)
    tables = _tables(report)
    for section_spec, section in zip(spec.SECTIONS, report.sections(), strict=True):
        key = section_spec.key
        _paragraph(body, section_spec.heading, key, STYLE_HEADING)
        if isinstance(section, Section):
            _section(body, section, key)
            continue
        paragraphs = section.paragraphs
        for i, text in enumerate(paragraphs):
            last = i == len(paragraphs) - 1
            _paragraph(body, text, f"{key}.{spec.PARAGRAPHS.key}.{i}", keep_next=last)
        table = tables[key]
        body.append(table_element(report, table, layout))
    body.append(etree.fromstring(sect_pr_xml(layout)))
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)


def column_widths(table: spec.Table, layout: Layout) -> tuple[int, ...]:
    """Grid column widths in twips, summing exactly to the type-area width."""
    weights = COLUMN_WEIGHTS.get(table.key)
    if weights is None or len(weights) != table.columns:
        weights = (1,) * table.columns
    total = sum(weights)
    width = layout.text_width
    widths = [weight * width // total for weight in weights]
    widths[-1] += width - sum(widths)
    return tuple(widths)


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _tbl_pr(width: int, margin: int) -> etree._Element:
    return etree.fromstring(
        f'<w:tblPr xmlns:w="{W_NS}"><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
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


_TR, _TRPR, _TC, _TCPR, _TCW = (f"{W}{n}" for n in ("tr", "trPr", "tc", "tcPr", "tcW"))
_GRID_SPAN, _VMERGE, _VALIGN = (f"{W}{n}" for n in ("gridSpan", "vMerge", "vAlign"))
_W_ATTR, _TYPE = f"{W}w", f"{W}type"


def table_element(report: Report, table: spec.Table, layout: Layout) -> etree._Element:
    """One ``w:tbl``: the grid of ``table`` with its merges, borders, repeated heading rows,
    rows that never split, and every value from ``report``.

    The labels, merges and properties depend on the layout only, so each table is built once
    per profile and copied; only the value cells are filled per report.
    """
    prototype, cells, widths = _table_prototype(table, layout)
    tbl = copy.deepcopy(prototype)
    slots = [t for t in tbl.iter(_T) if t.text is None]
    texts = [cell_text(report, cell) for cell in cells]
    for t, text in zip(slots, texts, strict=True):
        t.text = text
    size = _number_size(texts, widths, layout)
    if size < layout.table_font_size:
        for t in slots:
            run = t.getparent()
            if run is None:  # pragma: no cover - every w:t of the prototype sits in a w:r
                continue
            rpr = etree.Element(f"{W}rPr")
            etree.SubElement(rpr, f"{W}sz", {_VAL: str(size)})
            etree.SubElement(rpr, f"{W}szCs", {_VAL: str(size)})
            run.insert(0, rpr)
    return tbl


#: The smallest type size (half-points) numbers are shrunk to: 5 pt.
MIN_NUMBER_SIZE = 10


def _number_size(texts: list[str], widths: tuple[int, ...], layout: Layout) -> int:
    """The table's number size: 五号 unless a number would wrap in its cell, then the largest
    size at which every number fits on one line.

    A digit is taken as 0.64 em wide: 仿宋 digits are half an em, but a substitute Latin face
    (DejaVu Sans where the official fonts are not installed) is wider.
    """
    size = layout.table_font_size
    for text, width in zip(texts, widths, strict=True):
        room = width - 2 * layout.table_cell_margin - 20  # a point of slack
        # twips needed: characters × (size / 2) pt × 0.64 em × 20 twips/pt = × size × 6.4
        if len(text) * size * 32 > room * 5:
            size = max(MIN_NUMBER_SIZE, room * 5 // (len(text) * 32))
    return size


@functools.lru_cache(maxsize=32)
def _table_prototype(
    table: spec.Table, layout: Layout
) -> tuple[etree._Element, tuple[spec.Cell, ...], tuple[int, ...]]:
    """The table with every label written and an empty ``w:t`` in each value cell, the value
    cells in document order, and each value cell's width."""
    widths = column_widths(table, layout)
    tbl = etree.Element(f"{W}tbl", nsmap={"w": W_NS})
    tbl.append(_tbl_pr(layout.text_width, layout.table_cell_margin))
    grid = etree.SubElement(tbl, f"{W}tblGrid")
    for width in widths:
        etree.SubElement(grid, f"{W}gridCol", {_W_ATTR: str(width)})
    n_rows = len(table.rows)
    keep_rows = n_rows - 1 if n_rows <= KEEP_TOGETHER_ROWS else table.header_rows
    values: list[spec.Cell] = []
    value_widths: list[int] = []
    for r, slots in enumerate(_slots(table)):
        tr = etree.SubElement(tbl, _TR)
        trpr = etree.SubElement(tr, _TRPR)
        etree.SubElement(trpr, f"{W}cantSplit")
        if r < table.header_rows:
            etree.SubElement(trpr, f"{W}tblHeader")
        keep = r < keep_rows
        for col, cell, continues in slots:
            width = sum(widths[col : col + cell.colspan])
            _cell(tr, cell, width, continues=continues, keep=keep)
            if cell.is_value and not continues:
                values.append(cell)
                value_widths.append(width)
    return tbl, tuple(values), tuple(value_widths)


def _cell(tr: etree._Element, cell: spec.Cell, width: int, *, continues: bool, keep: bool) -> None:
    tc = etree.SubElement(tr, _TC)
    tcpr = etree.SubElement(tc, _TCPR)
    etree.SubElement(tcpr, _TCW, {_W_ATTR: str(width), _TYPE: "dxa"})
    if cell.colspan > 1:
        etree.SubElement(tcpr, _GRID_SPAN, {_VAL: str(cell.colspan)})
    if continues:
        etree.SubElement(tcpr, _VMERGE)
    elif cell.rowspan > 1:
        etree.SubElement(tcpr, _VMERGE, {_VAL: "restart"})
    etree.SubElement(tcpr, _VALIGN, {_VAL: "center"})
    left = not continues and not cell.header and not cell.is_value and cell.rowspan == 1
    p = _paragraph(
        tc, "" if continues else cell.text, "", STYLE_TABLE, keep_next=keep, jc="left" if left else None
    )
    if cell.is_value and not continues:
        etree.SubElement(etree.SubElement(p, _R), _T)  # filled per report


def sect_pr_xml(layout: Layout) -> str:
    """The section properties: A4, margins, footers, line and character grid."""
    refs = f'<w:footerReference w:type="default" r:id="{FOOTER_RIDS[0]}"/>'
    if layout.page_number_position == "outside":
        refs += f'<w:footerReference w:type="even" r:id="{FOOTER_RIDS[1]}"/>'
    grid = f'<w:docGrid w:type="lines" w:linePitch="{layout.line_spacing}"/>'
    return (
        f'<w:sectPr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{refs}'
        f'<w:pgSz w:w="{layout.page_width}" w:h="{layout.page_height}"/>'
        f'<w:pgMar w:top="{layout.margin_top}" w:right="{layout.margin_right}"'
        f' w:bottom="{layout.margin_bottom}" w:left="{layout.margin_left}"'
        f' w:header="{layout.header_distance}" w:footer="{layout.footer_distance}" w:gutter="0"/>'
        f'<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>{grid}</w:sectPr>'
    )
