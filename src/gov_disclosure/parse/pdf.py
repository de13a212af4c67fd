"""PDF: reports as agencies publish them — typeset in WPS or Word, converted by LibreOffice,
printed by a browser.

Read with PDFium (:mod:`pypdfium2`, loaded only when a PDF is read). Before PDFium sees the
file its streams are measured, never kept (a deflate bomb is refused); a document that is
encrypted, damaged, scanned, or far beyond any report (pages, characters, objects, page size)
is refused with :class:`~gov_disclosure.exceptions.ParseError`. Then, page by page:

* the characters with their tight boxes; the spaces PDFium inserts between glyphs are not
  text, except where the gap is a word space in prose (``局 2024 年``), never between digits;
* the ruling lines — thin filled rectangles and stroked line segments — give each table's
  grid; cells are grid cells joined where their separating rule is missing (merged cells),
  each character belongs to the cell that holds its centre, and a row lists the cells that
  start in it (as a DOCX or HTML row does);
* the other characters are grouped into lines by vertical overlap, and the lines into
  paragraphs by the layout: a line that runs to the right margin is continued by a next line
  that is not indented; page numbers (``- 3 -``) and running headers are dropped.

A table continued on the next page keeps its number (and a row broken by the page is one
row). A page without ruled tables gives positional text lines — cells split where the gap is
wide — read like extracted text.
"""

# ruff: noqa: PLR1730 - the hot loops compare inline: min() and max() calls were a third of the time

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import re
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from gov_disclosure.exceptions import ParseError
from gov_disclosure.parse._blocks import Block, Doc, Para, TableRow
from gov_disclosure.parse.text import is_page_number

__all__ = [
    "MAX_CHARS",
    "MAX_CONTENT_BYTES",
    "MAX_FONT_BYTES",
    "MAX_OBJECTS",
    "MAX_PAGES",
    "MAX_PAGE_SIDE",
    "read",
]

#: Most pages read (a report has a handful; a bound, not a guess).
MAX_PAGES = 500
#: Most characters in all pages.
MAX_CHARS = 2_000_000
#: Most page objects (text runs, paths, images) in all pages, forms included.
MAX_OBJECTS = 1_000_000
#: Most bytes the non-image streams inflate to: content and object streams, and fonts.
MAX_CONTENT_BYTES = 16 * 1024 * 1024
MAX_FONT_BYTES = 64 * 1024 * 1024
#: Largest page side in points (the PDF format's own limit: 200 inches).
MAX_PAGE_SIDE = 14_400.0
#: A page whose image covers this share of it and that has fewer characters than
#: ``SCAN_CHARS`` (or whose text is invisible, as OCR layers are) is a scan.
SCAN_COVER = 0.5
SCAN_CHARS = 20

#: Geometry, in points or in ems of the line's text.
RULE_MAX = 3.0  # thickest filled rectangle taken as a ruling line
RULE_MIN = 2.0  # shortest ruling line
SNAP = 2.5  # positions closer than this are one grid line
MAX_GRID_CELLS = 20_000  # a "grid" with more cells is a drawing, not a table
SPACE_GAP = 0.2  # a gap of this many ems, where PDFium saw a space, is a word space
DIGIT_GAP = 1.0  # … between two digits it must be this wide (never inside one number)
CELL_GAP = 1.2  # a wider gap in a text line separates table cells
LINE_OVERLAP = 0.6  # glyphs overlapping this share of the smaller height are on one line
INDENT = 1.0  # a line starting this far right of the margin is indented (first lines: 2 ems)
REACH = 1.5  # a line ending this close to the right margin runs to it

_LOCK = threading.Lock()  # PDFium is not thread-safe
_WHITE = 235


def _limit(message: str, where: str = "全文") -> ParseError:
    return ParseError(message, where=where)


# --- before PDFium: the file and its streams -----------------------------------------------

_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_FILTER_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_FLATE = {b"FlateDecode", b"Fl"}
# worst expansion of the other filters (LZW: 12-bit codes of up to 4096 bytes)
_RATIO = {b"LZWDecode": 2731, b"LZW": 2731, b"RunLengthDecode": 128, b"RL": 128}
_FONT_KEYS = (b"/Length1", b"/Type1C", b"/CIDFontType0C", b"/OpenType")


def _check_file(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        msg = "不是 PDF 文件：文件开头没有“%PDF-”"
        raise ParseError(msg, where="文件开头")


class _Stream:
    """A stream of the file: its object number (None when it has no ``N 0 obj`` header), its
    dictionary's text, its filters and its encoded bytes."""

    def __init__(self, number: int | None, head: bytes, body: memoryview, start: int) -> None:
        self.number = number
        self.head = head
        self.body = body
        self.start = start
        found = _FILTER.search(head)
        self.filters = _FILTER_NAME.findall(found.group(1)) if found else []
        self.image = _IMAGE.search(head) is not None
        self.font = any(k in head for k in _FONT_KEYS)
        self.objects = b"/ObjStm" in head


_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\Z")
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+)\s+\d+\s+R|\[([^\]]{0,65536})\])")
_ARRAY = re.compile(rb"(\d+)\s+\d+\s+obj\s*\[([^\]]{0,65536})\]")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")


def _streams(data: bytes) -> list[_Stream]:
    """Every stream of the file, found by its ``stream`` keyword (a linear scan)."""
    view = memoryview(data)
    out: list[_Stream] = []
    at = data.find(b"stream")
    while at >= 0:
        keyword = at
        at = data.find(b"stream", at + 6)
        if data[keyword - 3 : keyword] == b"end":
            continue
        start = keyword + 6
        if data[start : start + 2] == b"\r\n":
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        else:
            continue
        head_at = data.rfind(b"obj", max(0, keyword - 4096), keyword)
        head = data[head_at if head_at >= 0 else max(0, keyword - 4096) : keyword]
        header = _HEADER.search(data[max(0, head_at - 24) : head_at + 3]) if head_at >= 0 else None
        end = data.find(b"endstream", start)
        if end >= 0:
            at = data.find(b"stream", end + 9)
        body = view[start : end if end >= 0 else len(data)]
        out.append(_Stream(int(header.group(1)) if header else None, head, body, start))
    return out


def _check_streams(data: bytes) -> None:
    """Measure what the streams inflate to, stopping at the limits: content and object streams
    and fonts. Images are never decoded (nothing is rendered), so a stream whose dictionary
    says it is an image is skipped — unless a page names it as its ``/Contents``."""
    used = {"content": 0, "font": 0}
    limits = {"content": MAX_CONTENT_BYTES, "font": MAX_FONT_BYTES}
    streams = _streams(data)
    decoded: list[tuple[bytes, bytes]] = []  # object streams, where page dictionaries may be

    def measure(stream: _Stream) -> None:
        kind = "font" if stream.font else "content"
        room = limits[kind] - used[kind]
        size, out = _inflated(stream.body, stream.filters, room)
        used[kind] += size
        if used[kind] > limits[kind]:
            what = "字体" if kind == "font" else "内容流"
            msg = f"PDF 的{what}解压后超过 {limits[kind]} 字节（疑似压缩炸弹），拒绝读取"
            raise _limit(msg, where=f"文件第 {stream.start} 字节处的数据流")
        if stream.objects and out is not None:
            decoded.append((stream.head, out))

    for stream in streams:
        if stream.filters and not stream.image:
            measure(stream)
    images = {s.number: s for s in streams if s.filters and s.image and s.number is not None}
    if images:
        for number in _contents(data, decoded) & set(images):
            measure(images[number])


def _contents(data: bytes, decoded: Sequence[tuple[bytes, bytes]]) -> set[int]:
    """The object numbers pages name as their ``/Contents``: directly, in an array, or in an
    array object — in the file or in an object stream (``decoded``: each object stream's
    dictionary and decoded bytes)."""
    numbers: set[int] = set()
    arrays: set[int] = set()
    for text in (data, *(body for _, body in decoded)):
        for match in _CONTENTS.finditer(text):
            if match.group(1) is not None:
                arrays.add(int(match.group(1)))
            else:
                numbers.update(int(n) for n in _REF.findall(match.group(2)))
    numbers |= arrays  # a reference is a stream or an array of them
    for match in _ARRAY.finditer(data):
        if int(match.group(1)) in arrays:
            numbers.update(int(n) for n in _REF.findall(match.group(2)))
    for head, body in decoded:
        for number, text in _packed_objects(head, body):
            if number in arrays and text.lstrip().startswith(b"["):
                numbers.update(int(n) for n in _REF.findall(text))
    return numbers


_FIRST = re.compile(rb"/First\s+(\d+)")
_PAIR = re.compile(rb"\s*(\d+)\s+(\d+)")


def _packed_objects(head: bytes, body: bytes) -> list[tuple[int, bytes]]:
    """The objects of an object stream: its ``number offset`` pairs, then the objects."""
    first = _FIRST.search(head)
    if first is None:
        return []
    start = int(first.group(1))
    pairs: list[tuple[int, int]] = []
    at = 0
    while at < start:
        match = _PAIR.match(body, at, start)
        if match is None:
            break
        pairs.append((int(match.group(1)), start + int(match.group(2))))
        at = match.end()
    ends = [offset for _, offset in pairs[1:]] + [len(body)]
    return [(number, body[offset:end]) for (number, offset), end in zip(pairs, ends, strict=True)]


def _inflated(body: bytes | memoryview, filters: Sequence[bytes], room: int) -> tuple[int, bytes | None]:
    """What ``body`` decodes to through ``filters``, measured up to ``room`` + 1 bytes, and the
    decoded bytes when every filter was decoded (a stream that does not decode is left to
    PDFium, which will report it)."""
    if len(filters) > 4:
        return room + 1, None
    data: bytes | memoryview = body
    for name in filters:
        if name in _FLATE:
            try:
                data = zlib.decompressobj().decompress(data, room + 1)
            except zlib.error:
                return 0, None
        elif name in _RATIO:
            return len(data) * _RATIO[name], None  # not decoded: its worst expansion counts
        if len(data) > room:
            return len(data), None
    return len(data), bytes(data)


# --- PDFium ---------------------------------------------------------------------------------


def _pdfium() -> tuple[Any, Any]:
    import pypdfium2  # noqa: PLC0415 - PDFium loads only when a PDF is read
    import pypdfium2.raw  # noqa: PLC0415

    return pypdfium2, pypdfium2.raw


class _Char:
    """A glyph in display coordinates (points, y down): its ink box (``x0`` … ``y1``) and the
    room it takes (``left``, ``right``, ``top``, ``bottom``: the font's box for punctuation
    whose ink sits in one corner of its square — ``》``, ``（``, ``”`` — else its ink). ``space``
    is 2 when the file has a space before it, 1 when PDFium inserted one, else 0."""

    __slots__ = ("bottom", "index", "left", "right", "space", "text", "top", "x0", "x1", "y0", "y1")

    def __init__(  # noqa: PLR0917 - made once for each glyph, in the hottest loop
        self, x0: float, y0: float, x1: float, y1: float, text: str, index: int, space: int
    ) -> None:
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.left, self.right = x0, x1
        self.top, self.bottom = y0, y1
        self.text = text
        self.index = index
        self.space = space


class _Page:
    """What one page holds: characters, ruling lines, and what tells a scan."""

    def __init__(self, number: int, width: float, height: float) -> None:
        self.number = number
        self.width = width
        self.height = height
        self.chars: list[_Char] = []
        self.hrules: list[tuple[float, float, float]] = []  # (y, x0, x1)
        self.vrules: list[tuple[float, float, float]] = []  # (x, y0, y1)
        self.covered = False  # an image covers most of the page
        self.text_objects = 0
        self.invisible = 0  # text objects drawn invisibly (OCR layers)

    @property
    def glyphs(self) -> int:
        return len(self.chars)


class _Budget:
    def __init__(self) -> None:
        self.chars = 0
        self.objects = 0

    def add_chars(self, n: int, page: int) -> None:
        self.chars += n
        if self.chars > MAX_CHARS:
            msg = f"PDF 的字符超过 {MAX_CHARS} 个，不像一份年度报告"
            raise _limit(msg, where=f"第 {page} 页")

    def add_objects(self, n: int, page: int) -> None:
        self.objects += n
        if self.objects > MAX_OBJECTS:
            msg = f"PDF 的页面对象超过 {MAX_OBJECTS} 个，不像一份年度报告"
            raise _limit(msg, where=f"第 {page} 页")


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer``."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _open(pdfium: Any, raw: Any, data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            msg = "PDF 已加密，需要密码才能打开；请取得未加密的文件"
            raise ParseError(msg, where="文件开头") from None
        msg = "PDF 文件已损坏，无法打开（PDFium 无法读出页面）"
        raise ParseError(msg, where="文件开头") from None


def _read_pages(data: bytes) -> list[_Page]:
    pdfium, raw = _pdfium()
    with _LOCK:
        pdf = _open(pdfium, raw, data)
        try:
            count = len(pdf)
            if count > MAX_PAGES:
                msg = f"PDF 有 {count} 页，超过上限 {MAX_PAGES} 页，不像一份年度报告"
                raise _limit(msg)
            if raw.FPDF_GetSecurityHandlerRevision(pdf) != -1:
                # encrypted, opened without a password (only its permissions are restricted):
                # its streams are measured in the decrypted copy PDFium writes
                copy = io.BytesIO()
                pdf.save(copy, flags=raw.FPDF_REMOVE_SECURITY)
                _check_streams(copy.getvalue())
            budget = _Budget()
            pages = []
            for index in range(count):
                width, height = pdf.get_page_size(index)
                if not (0 < width <= MAX_PAGE_SIDE and 0 < height <= MAX_PAGE_SIDE):
                    msg = f"页面大小为 {width:g} × {height:g} 点，超出 PDF 的上限 {MAX_PAGE_SIDE:g} 点"
                    raise _limit(msg, where=f"第 {index + 1} 页")
                page = pdf[index]
                try:
                    pages.append(_read_page(raw, page, index + 1, budget))
                finally:
                    page.close()
            return pages
        except pdfium.PdfiumError as exc:
            msg = f"PDF 文件已损坏，无法读取（{exc}）"
            raise ParseError(msg, where="全文") from None
        finally:
            pdf.close()


Affine = tuple[float, float, float, float, float, float]


def _display(page: Any) -> tuple[float, float, Affine]:
    """Width and height as displayed, and the map from PDF user space to display points
    (origin at the top left, y down) for the page's box and rotation, as ``(ax, bx, cx, ay,
    by, cy)``: ``X = ax·x + bx·y + cx``, ``Y = ay·x + by·y + cy``."""
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return height, width, (0.0, 1.0, -bottom, 1.0, 0.0, -left)
    if rotation == 180:
        return width, height, (-1.0, 0.0, right, 0.0, 1.0, -bottom)
    if rotation == 270:
        return height, width, (0.0, -1.0, top, -1.0, 0.0, right)
    return width, height, (1.0, 0.0, -left, 0.0, -1.0, top)


def _read_page(raw: Any, page: Any, number: int, budget: _Budget) -> _Page:
    width, height, affine = _display(page)
    out = _Page(number, width, height)
    _read_objects(raw, page.raw, out, affine, budget)
    textpage = page.get_textpage()
    try:
        _read_chars(raw, textpage.raw, out, affine, budget)
    finally:
        textpage.close()
    return out


def _read_chars(raw: Any, textpage: Any, out: _Page, affine: Affine, budget: _Budget) -> None:
    """The page's characters (``textpage``: PDFium's text page handle)."""
    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return
    budget.add_chars(n, out.number)
    get_unicode = raw.FPDFText_GetUnicode
    generated = raw.FPDFText_IsGenerated
    get_box = raw.FPDFText_GetCharBox
    get_loose = raw.FPDFText_GetLooseCharBox
    loose = raw.FS_RECTF()
    loose_ref = ctypes.byref(loose)
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    ax, bx, cx, ay, by, cy = affine
    upright = (ax, bx, ay, by) == (1.0, 0.0, 0.0, -1.0)
    space = 0
    chars = out.chars
    pending_high = 0
    # the page's text in one call (room for two UTF-16 units a character): one unit for each
    # character when its length says so, else character by character
    buffer = (ctypes.c_ushort * (2 * n + 1))()
    units = buffer[: raw.FPDFText_GetText(textpage, 0, n, buffer) - 1]
    codes: Sequence[int] = units if len(units) == n else [get_unicode(textpage, i) for i in range(n)]
    for i, unit in enumerate(codes):
        code = unit
        if 0xD800 <= code < 0xE000:  # a character beyond the BMP, in two halves
            if code < 0xDC00:
                pending_high = code
                continue
            if not pending_high:
                continue
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if code in (0x02, 0xFFFE):  # PDFium's marks for a "-" ending a line (in its character
            code = 0x2D  # list and in its text): in Chinese text, a real "-" (0597-3842930)
        if code <= 0x20 or code in _SPACES:
            if code in (0x09, 0x20) or code in _SPACES:
                space = max(space, 1 if generated(textpage, i) else 2)
            continue
        if (
            code in (0xFFFE, 0xFFFF)
            or code > 0x10FFFF
            or 0x7F <= code < 0xA0
            or not get_box(textpage, i, *refs)
        ):
            continue
        lo, hi, bo, to = left.value, right.value, bottom.value, top.value
        if upright:
            x0, y0, x1, y1 = lo + cx, cy - to, hi + cx, cy - bo
        else:
            x0, y0 = ax * lo + bx * to + cx, ay * lo + by * to + cy
            x1, y1 = ax * hi + bx * bo + cx, ay * hi + by * bo + cy
            if x0 > x1:
                x0, x1 = x1, x0
            if y0 > y1:
                y0, y1 = y1, y0
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        ch = _Char(x0, y0, x1, y1, chr(code), i, space)
        if (
            not 0x4E00 <= code <= 0x9FFF  # Chinese characters fill their square
            and not ch.text.isalnum()
            and unicodedata.category(ch.text)[0] in "PS"
            and get_loose(textpage, i, loose_ref)
        ):
            # the advance of a punctuation mark, unless the font gives an absurd one
            lx0, ly0 = ax * loose.left + bx * loose.top + cx, ay * loose.left + by * loose.top + cy
            lx1, ly1 = ax * loose.right + bx * loose.bottom + cx, ay * loose.right + by * loose.bottom + cy
            width, height = abs(lx1 - lx0), abs(ly1 - ly0)
            if 0 < width <= 1.2 * height and min(lx0, lx1) <= x0 + 0.1 and max(lx0, lx1) >= x1 - 0.1:
                ch.left, ch.right = min(lx0, lx1), max(lx0, lx1)
                ch.top, ch.bottom = min(ly0, ly1), max(ly0, ly1)
        chars.append(ch)
        space = 0


def _read_objects(raw: Any, page: Any, out: _Page, affine: Affine, budget: _Budget) -> None:
    """Ruling lines, images and text objects of the page (``page``: PDFium's page handle)."""
    matrix = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    px, py = ctypes.c_float(), ctypes.c_float()
    page_area = out.width * out.height
    ax, bx, cx, ay, by, cy = affine
    text_type, path_type = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH
    image_type, form_type = raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
    get_type = raw.FPDFPageObj_GetType
    texts: list[Any] = []

    def visible(get_color: Any, obj: Any) -> bool:
        if not get_color(obj, r, g, b, a):
            return True
        return a.value > 0 and not (r.value >= _WHITE and g.value >= _WHITE and b.value >= _WHITE)

    def path(obj: Any, m: Matrix) -> None:
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0:
            return
        budget.add_objects(n, out.number)
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            return
        filled = fill.value != 0 and visible(raw.FPDFPageObj_GetFillColor, obj)
        stroked = bool(stroke.value) and visible(raw.FPDFPageObj_GetStrokeColor, obj)
        if not (filled or stroked):
            return
        ma, mb, mc, md, me, mf = m
        subpaths: list[tuple[list[tuple[float, float]], bool]] = []
        points: list[tuple[float, float]] = []
        closed = curved = False
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            if not seg or not raw.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            kind = raw.FPDFPathSegment_GetType(seg)
            x, y = px.value, py.value
            ux, uy = ma * x + mc * y + me, mb * x + md * y + mf
            point = (ax * ux + bx * uy + cx, ay * ux + by * uy + cy)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                if points and not curved:
                    subpaths.append((points, closed))
                points, closed, curved = [point], False, False
            else:
                curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
                points.append(point)
            if raw.FPDFPathSegment_GetClose(seg):
                closed = True
        if points and not curved:
            subpaths.append((points, closed))
        for pts, is_closed in subpaths:
            _rules_of(pts, closed=is_closed, filled=filled, stroked=stroked, page=out)

    def image(m: Matrix) -> None:
        corners = []
        for u, v in _UNIT:
            ux, uy = m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]
            corners.append((ax * ux + bx * uy + cx, ay * ux + by * uy + cy))
        xs = [min(max(p[0], 0.0), out.width) for p in corners]
        ys = [min(max(p[1], 0.0), out.height) for p in corners]
        if page_area > 0 and (max(xs) - min(xs)) * (max(ys) - min(ys)) >= SCAN_COVER * page_area:
            out.covered = True

    drawn = frozenset((path_type, image_type, form_type))
    get_matrix = raw.FPDFPageObj_GetMatrix

    def walk(parent: Any, outer: Matrix, depth: int, *, form: bool) -> None:
        count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
        if count <= 0:
            return
        budget.add_objects(count, out.number)
        get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
        add_text = texts.append
        for k in range(count):
            obj = get(parent, k)
            kind = get_type(obj)
            if kind == text_type:
                add_text(obj)
                continue
            if kind not in drawn or not get_matrix(obj, matrix):
                continue
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == path_type:
                path(obj, m)
            elif kind == image_type:
                image(m)
            elif depth < 8:
                walk(obj, m, depth + 1, form=True)

    walk(page, _IDENTITY, 0, form=False)
    out.text_objects = len(texts)
    if out.covered:  # only then does it matter whether the text is an invisible OCR layer
        invisible = raw.FPDF_TEXTRENDERMODE_INVISIBLE
        out.invisible = sum(1 for obj in texts if raw.FPDFTextObj_GetTextRenderMode(obj) == invisible)


_SPACES = frozenset([0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
_UNIT = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


def _rules_of(
    pts: list[tuple[float, float]], *, closed: bool, filled: bool, stroked: bool, page: _Page
) -> None:
    """Ruling lines drawn by one subpath: a thin filled rectangle, or stroked straight
    horizontal and vertical segments."""
    if filled and 4 <= len(pts) <= 5:
        xs = {round(p[0], 1) for p in pts}
        ys = {round(p[1], 1) for p in pts}
        if len(xs) == 2 and len(ys) == 2:
            x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
            y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
            w, h = x1 - x0, y1 - y0
            if h <= RULE_MAX and w >= RULE_MIN and w > h:
                page.hrules.append(((y0 + y1) / 2, x0, x1))
            elif w <= RULE_MAX and h >= RULE_MIN and h > w:
                page.vrules.append(((x0 + x1) / 2, y0, y1))
    if not stroked:
        return
    pairs = list(itertools.pairwise(pts))
    if closed and len(pts) > 2:
        pairs.append((pts[-1], pts[0]))
    for (ax, ay), (bx, by) in pairs:
        dx, dy = abs(bx - ax), abs(by - ay)
        if dy < 0.5 and dx >= RULE_MIN:
            page.hrules.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
        elif dx < 0.5 and dy >= RULE_MIN:
            page.vrules.append(((ax + bx) / 2, min(ay, by), max(ay, by)))


# --- scans ------------------------------------------------------------------------------------


def _refuse_scans(pages: Sequence[_Page]) -> None:
    """A scanned PDF is refused, never half read: a page that is one image with no text layer
    (or only an invisible one, as OCR programs draw it); a PDF with no text at all; or every
    page an image and no ruled table anywhere (an OCR layer over a scan)."""
    scanned = [
        p.number
        for p in pages
        if p.covered and (p.glyphs < SCAN_CHARS or (p.text_objects and p.invisible * 2 > p.text_objects))
    ]
    if scanned:
        shown = "、".join(str(n) for n in scanned[:5]) + ("等" if len(scanned) > 5 else "")
        msg = f"PDF 是扫描件（第 {shown} 页是整页图像，没有可用的文字层），需要先做文字识别（OCR）才能读取"
        raise ParseError(msg, where=f"第 {scanned[0]} 页")
    if not any(p.glyphs for p in pages):
        msg = "PDF 没有文字层（文字是图像或曲线），需要先做文字识别（OCR）才能读取"
        raise ParseError(msg, where="全文")
    if all(p.covered for p in pages) and not any(p.hrules and p.vrules for p in pages):
        msg = (
            "PDF 是扫描件（每页是整页图像，文字层来自文字识别（OCR），表格没有框线），"
            "无法可靠读出表格；需要原始电子文档，或经人工核对的 OCR 文字"
        )
        raise ParseError(msg, where="全文")


# --- grids --------------------------------------------------------------------------------------


def _snap(values: Iterable[float]) -> list[float]:
    """Positions closer than ``SNAP`` become one (their mean)."""
    out: list[float] = []
    group: list[float] = []
    for value in sorted(values):
        if group and value - group[-1] > SNAP:
            out.append(sum(group) / len(group))
            group = []
        group.append(value)
    if group:
        out.append(sum(group) / len(group))
    return out


def _merge_collinear(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Segments on one line that touch or overlap become one (per-cell borders → a rule)."""
    out: list[list[float]] = []
    for pos, a, b in sorted(rules):
        for rule in reversed(out[-8:]):
            if abs(rule[0] - pos) <= SNAP / 2 and a <= rule[2] + SNAP and b >= rule[1] - SNAP:
                rule[1], rule[2] = min(rule[1], a), max(rule[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(r[0], r[1], r[2]) for r in out]


class _Grid:
    """A ruled table on a page: its grid lines and its cells (regions of grid cells)."""

    def __init__(
        self,
        xs: list[float],
        ys: list[float],
        hrules: list[tuple[float, float, float]],
        vrules: list[tuple[float, float, float]],
    ) -> None:
        self.xs, self.ys = xs, ys
        nr, nc = len(ys) - 1, len(xs) - 1
        parent = list(range(nr * nc))

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        def union(p: int, q: int) -> None:
            rp, rq = find(p), find(q)
            if rp != rq:
                parent[max(rp, rq)] = min(rp, rq)

        at_x = [_near(vrules, x) for x in xs]
        at_y = [_near(hrules, y) for y in ys]
        for i in range(nr):
            mid = (ys[i] + ys[i + 1]) / 2
            for j in range(1, nc):
                if not _spans(at_x[j], mid):
                    union(i * nc + j - 1, i * nc + j)
        for j in range(nc):
            mid = (xs[j] + xs[j + 1]) / 2
            for i in range(1, nr):
                if not _spans(at_y[i], mid):
                    union((i - 1) * nc + j, i * nc + j)
        self.region = [find(k) for k in range(nr * nc)]
        spans: dict[int, list[int]] = {}
        for k, root in enumerate(self.region):
            i, j = divmod(k, nc)
            span = spans.get(root)
            if span is None:
                spans[root] = [i, j, i, j]
            else:
                span[0], span[1] = min(span[0], i), min(span[1], j)
                span[2], span[3] = max(span[2], i), max(span[3], j)
        self.spans = spans  # region → [top row, left column, bottom row, right column]
        self.top_ruled = any(_spans(at_y[0], (xs[j] + xs[j + 1]) / 2) for j in range(nc))
        self.bottom_ruled = any(_spans(at_y[-1], (xs[j] + xs[j + 1]) / 2) for j in range(nc))

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]

    def cell_of(self, x: float, y: float) -> int | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        j = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        i = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.region[i * (len(self.xs) - 1) + j]


def _near(rules: list[tuple[float, float, float]], pos: float) -> list[tuple[float, float]]:
    """The extents of the rules lying on ``pos`` (within SNAP)."""
    return [(a, b) for p, a, b in rules if abs(p - pos) <= SNAP]


def _spans(extents: list[tuple[float, float]], at: float) -> bool:
    """Whether one of the rules' ``extents`` reaches across the point ``at``."""
    return any(a - 0.5 <= at <= b + 0.5 for a, b in extents)


def _grids(page: _Page) -> list[_Grid]:
    """The ruled tables of a page: connected sets of horizontal and vertical rules."""
    hs = _merge_collinear(page.hrules)
    vs = _merge_collinear(page.vrules)
    if not hs or not vs:
        return []
    n = len(hs) + len(vs)
    parent = list(range(n))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, (y, hx0, hx1) in enumerate(hs):
        for b, (x, vy0, vy1) in enumerate(vs):
            if hx0 - SNAP <= x <= hx1 + SNAP and vy0 - SNAP <= y <= vy1 + SNAP:
                ra, rb = find(a), find(len(hs) + b)
                if ra != rb:
                    parent[rb] = ra
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for a, rule in enumerate(hs):
        groups.setdefault(find(a), ([], []))[0].append(rule)
    for b, rule in enumerate(vs):
        groups.setdefault(find(len(hs) + b), ([], []))[1].append(rule)
    grids = []
    for group_h, group_v in groups.values():
        if not group_h or not group_v:
            continue
        xs = _snap([x for x, _, _ in group_v] + [v for _, a, b in group_h for v in (a, b)])
        ys = _snap([y for y, _, _ in group_h] + [v for _, a, b in group_v for v in (a, b)])
        if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) > MAX_GRID_CELLS:
            continue
        grid = _Grid(xs, ys, group_h, group_v)
        if len(grid.spans) >= 2:
            grids.append(grid)
    grids.sort(key=lambda g: (g.y0, g.x0))
    return grids


# --- lines ----------------------------------------------------------------------------------------


class _Line:
    """Characters on one line, left to right, and the pieces a wide gap separates."""

    def __init__(self, chars: list[_Char], *, real_spaces: bool) -> None:
        chars.sort(key=_left)
        first = chars[0]
        kept = [first]
        last = first
        x0, y0, x1, y1 = first.x0, first.y0, first.x1, first.y1
        em = y1 - y0
        for ch in chars[1:]:
            if ch.text == last.text and abs(last.x0 - ch.x0) < 0.3 * (
                ch.x1 - ch.x0 if ch.x1 - ch.x0 > 1.0 else 1.0
            ):
                continue  # the same glyph drawn twice (fake bold)
            kept.append(ch)
            last = ch
            if ch.x1 > x1:
                x1 = ch.x1
            if ch.y0 < y0:
                y0 = ch.y0
            if ch.y1 > y1:
                y1 = ch.y1
            if ch.y1 - ch.y0 > em:
                em = ch.y1 - ch.y0
        self.chars = kept
        self.x0, self.x1, self.y0, self.y1 = x0, x1, y0, y1
        self.left, self.right = kept[0].left, kept[-1].right  # where its first and last glyphs stand
        self.em = em if em > 1.0 else 1.0
        self.pieces = _pieces(kept, self.em, real_spaces=real_spaces)

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


def _left(ch: _Char) -> tuple[float, int]:
    return (ch.x0, ch.index)


def _top(ch: _Char) -> tuple[float, float]:
    return (ch.y0, ch.x0)


def _pieces(chars: Sequence[_Char], em: float, *, real_spaces: bool) -> list[str]:
    """The line's text, split where a gap is as wide as a table column's: word spaces as the
    file has them (``real_spaces``), else where PDFium saw a space in a gap a space wide —
    never between two Chinese characters or inside a number, and in a line stretched by
    justification only a gap a space wider than the stretch."""
    pairs = [(a, b, b.left - a.right) for a, b in itertools.pairwise(chars)]
    spaced = not real_spaces and sum(1 for ch in chars if ch.space == 1) >= 2
    stretch = _stretch(pairs) if spaced else None
    pieces: list[list[str]] = [[chars[0].text]]
    for a, b, gap in pairs:
        if gap >= CELL_GAP * em:
            pieces.append([b.text])
            continue
        if _space_between(a, b, gap, em, real_spaces=real_spaces, stretch=stretch):
            pieces[-1].append(" ")
        pieces[-1].append(b.text)
    return ["".join(p) for p in pieces]


def _stretch(pairs: Sequence[tuple[_Char, _Char, float]]) -> float | None:
    """The gap justification put between the characters of a line, when PDFium saw a space at
    most of the places next to a Chinese character (a line spread out, not one with spaces)."""
    cjk = [(b, gap) for a, b, gap in pairs if not (a.text.isascii() and b.text.isascii())]
    spaced = sorted(gap for b, gap in cjk if b.space == 1)
    if len(cjk) < 4 or len(spaced) * 2 <= len(cjk):
        return None
    return spaced[len(spaced) // 2]


def _space_between(
    a: _Char, b: _Char, gap: float, em: float, *, real_spaces: bool, stretch: float | None
) -> bool:
    """A word space between two neighbouring glyphs."""
    if not b.space or b.index < a.index:
        return False
    if real_spaces or b.space == 2:
        return b.space == 2 and gap > -0.1 * em
    if not (a.text.isascii() or b.text.isascii()):
        return False  # Chinese text has no spaces: the gap is layout
    if stretch is not None:
        gap -= stretch
    if a.text.isdigit() and b.text.isdigit():
        return gap >= DIGIT_GAP * em
    return gap >= SPACE_GAP * em


def _lines(chars: Iterable[_Char], *, real_spaces: bool) -> list[_Line]:
    """Characters grouped into lines by vertical overlap, top to bottom: a character joins the
    open line it overlaps most, by at least 60 % of the smaller height. A line's band is the
    ink of its tallest glyph (a band that grew with every glyph would run on through the
    staggered lines of a borderless table); a small mark hanging from a line of Latin letters
    belongs to it. A punctuation mark whose ink sits in a corner of its square (``“``, ``》``)
    founds no line: once the other glyphs have made the lines, it joins the one the room its
    font gives it overlaps most (its ink may sit wholly above or below its neighbours'); marks
    that join none make lines among themselves."""
    marks: list[_Char] = []
    others: list[_Char] = []
    for ch in sorted(chars, key=_top):  # by the top of the ink: letters found the lines
        (marks if ch.top != ch.y0 or ch.bottom != ch.y1 else others).append(ch)
    groups = _group(others)
    if marks:
        groups.extend(_group(_place_marks(groups, marks)))
    lines = [_Line(group[2], real_spaces=real_spaces) for group in groups]
    lines.sort(key=lambda line: (line.y0, line.x0))
    return lines


def _group(chars: Sequence[_Char]) -> list[list[Any]]:
    """Lines ``[top, bottom, chars]`` of ``chars`` (sorted by the top of their ink)."""
    groups: list[list[Any]] = []
    open_groups: list[list[Any]] = []
    for ch in chars:
        reach = ch.y0 - (ch.y1 - ch.y0)
        if open_groups and 2 * open_groups[0][1] - open_groups[0][0] < reach:
            # a line well above this character (and so above all later ones): closed
            open_groups = [g for g in open_groups if 2 * g[1] - g[0] >= reach]
        best = _best_line(open_groups, ch.top, ch.bottom)
        if best is None:
            best = [ch.y0, ch.y1, [ch]]
            groups.append(best)
            open_groups.append(best)
            continue
        best[2].append(ch)
        if ch.y1 - ch.y0 > best[1] - best[0]:
            best[0], best[1] = ch.y0, ch.y1
    return groups


def _best_line(candidates: Iterable[list[Any]], y0: float, y1: float) -> list[Any] | None:
    """Of the lines ``candidates``, the one a glyph from ``y0`` to ``y1`` belongs to, if any."""
    h = y1 - y0
    best: list[Any] | None = None
    best_share = 0.0
    for group in candidates:
        top, bottom = group[0], group[1]
        band = bottom - top
        overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
        smaller = h if h < band else band
        share = overlap / smaller if smaller > 0 else (1.0 if top <= y0 <= bottom else 0.0)
        if share < LINE_OVERLAP and overlap > 0 and h <= 0.6 * band and y1 <= bottom + 0.5 * band:
            share = LINE_OVERLAP  # a small mark hanging from the line (，。、 beside Latin letters)
        if share >= LINE_OVERLAP and share > best_share:
            best, best_share = group, share
    return best


def _place_marks(groups: list[list[Any]], marks: list[_Char]) -> list[_Char]:
    """Each mark onto the line its font's room overlaps most; the marks that join none. The
    lines are looked up by position (bisect), so that many marks cost no more than their
    number."""
    import bisect  # noqa: PLC0415 - only for pages with such marks

    ordered = sorted(groups, key=lambda g: g[0])
    tops = [g[0] for g in ordered]
    tallest = max((g[1] - g[0] for g in ordered), default=0.0)
    left: list[_Char] = []
    for ch in marks:
        start = bisect.bisect_left(tops, ch.top - tallest)
        end = bisect.bisect_right(tops, ch.bottom)
        best = _best_line(ordered[start:end], ch.top, ch.bottom)
        if best is None:
            left.append(ch)
        else:
            best[2].append(ch)
    return left


def _join(previous: str, text: str) -> str:
    """Two lines of one paragraph or cell: a space only between Latin letters or digits."""
    if not previous:
        return text
    if not text:
        return previous
    a, b = previous[-1], text[0]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return previous + " " + text
    return previous + text


def _cell_text(chars: list[_Char], left: float, right: float, *, real_spaces: bool) -> str:
    """The text of a table cell between ``left`` and ``right``: its lines joined. A number or
    a Latin word broken over two lines because the first was full (the next glyph would not
    have fitted) is one word; otherwise the lines are separate words (``8`` over ``9`` is two
    numbers, and reads as ``8 9``)."""
    text = ""
    previous: _Line | None = None
    for line in _lines(chars, real_spaces=real_spaces):
        if previous is not None and text and line.chars:
            first = line.chars[0]
            room = (right - left) - 2 * max(2.0, line.em)
            full = (previous.x1 - previous.x0) + (first.x1 - first.x0) >= room
            a, b = text[-1], line.text[:1]
            if full and a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
                text += line.text
                previous = line
                continue
        text = _join(text, line.text)
        previous = line
    return text.strip()


# --- pages → blocks -------------------------------------------------------------------------------


class _Table:
    """A ruled table on a page, read into rows of cells (with each cell's left and right)."""

    def __init__(self, grid: _Grid, chars: dict[int, list[_Char]], *, real_spaces: bool) -> None:
        self.grid = grid
        rows: dict[int, list[tuple[int, str, float, float]]] = {}
        for region, (top, left, _bottom, right) in grid.spans.items():
            x0, x1 = grid.xs[left], grid.xs[right + 1]
            text = _cell_text(chars[region], x0, x1, real_spaces=real_spaces) if region in chars else ""
            rows.setdefault(top, []).append((left, text, x0, x1))
        self.rows = [(i, sorted(cells)) for i, cells in sorted(rows.items())]


class _Item:
    """A line of text or a table, in page order."""

    def __init__(self, page: _Page, y: float, line: _Line | None = None, table: _Table | None = None) -> None:
        self.page = page
        self.y = y
        self.line = line
        self.table = table


def _page_items(page: _Page, *, real_spaces: bool) -> list[_Item]:
    grids = _grids(page)
    inside: list[dict[int, list[_Char]]] = [{} for _ in grids]
    loose: list[_Char] = [] if grids else page.chars
    bounds = [(g.x0, g.x1, g.y0, g.y1) for g in grids]
    for ch in page.chars if grids else ():
        cx, cy = (ch.x0 + ch.x1) * 0.5, (ch.y0 + ch.y1) * 0.5
        for k, (gx0, gx1, gy0, gy1) in enumerate(bounds):
            if gx0 <= cx <= gx1 and gy0 <= cy <= gy1:
                region = grids[k].cell_of(cx, cy)
                if region is not None:
                    inside[k].setdefault(region, []).append(ch)
                    break
        else:
            loose.append(ch)
    items = [
        _Item(page, g.y0, table=_Table(g, inside[k], real_spaces=real_spaces)) for k, g in enumerate(grids)
    ]
    items.extend(_Item(page, line.y0, line=line) for line in _lines(loose, real_spaces=real_spaces))
    items.sort(key=lambda item: item.y)
    return items


def _running(items_by_page: list[list[_Item]]) -> set[int]:
    """Lines that are page furniture: page numbers, and lines repeated at the top or bottom
    of several pages (digits aside). Returned as ``id`` of the items."""
    drop: set[int] = set()
    zones: Counter[tuple[str, str]] = Counter()
    keyed: list[tuple[int, tuple[str, str]]] = []
    for items in items_by_page:
        seen: set[tuple[str, str]] = set()
        for item in items:
            line = item.line
            if line is None:
                continue
            text = line.text
            if is_page_number(text):
                drop.add(id(item))
                continue
            height = item.page.height
            zone = "top" if line.y1 < 0.1 * height else "bottom" if line.y0 > 0.9 * height else ""
            if zone:
                key = (zone, re.sub(r"\d+", "#", "".join(text.split())))
                keyed.append((id(item), key))
                if key not in seen:
                    zones[key] += 1
                    seen.add(key)
    pages = len(items_by_page)
    for item_id, key in keyed:
        if zones[key] >= 2 and zones[key] * 2 >= pages:
            drop.add(item_id)
    return drop


class _Margins:
    """The document's text column: where lines start and end (the leftmost start and the
    rightmost end of its lines of prose and of its ruled tables, which span the column), and
    the size of its body text."""

    def __init__(self, lines: Sequence[_Line], grids: Sequence[_Grid]) -> None:
        prose = [ln for ln in lines if len(ln.pieces) == 1 and len(ln.chars) >= 4]
        lefts = [ln.left for ln in prose] + [g.x0 for g in grids]
        rights = [ln.right for ln in prose] + [g.x1 for g in grids]
        self.left = min(lefts) if lefts else 0.0
        self.right = max(rights) if rights else 0.0
        ems = sorted(ln.em for ln in prose)
        self.em = ems[len(ems) // 2] if ems else 0.0


def _same_size(prev: _Line, line: _Line) -> bool:
    """Whether two lines whose ink heights differ may still be set in one size: the shorter has
    no Chinese character (whose ink fills the em), only Latin letters, digits and marks whose
    ink is lower (``Y：`` after a line of Chinese, ``ox`` after capitals), down to 55 %."""
    small, large = (prev, line) if prev.em < line.em else (line, prev)
    if small.em < 0.55 * large.em:
        return False
    return not any(_IDEOGRAPH.match(ch.text) for ch in small.chars)


#: A Chinese character: its ink fills the em (full-width marks, ``：`` ``，``, do not)
_IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _continues(prev: _Line, line: _Line, margins: _Margins, *, same_page: bool) -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``prev``: ``prev`` runs to
    the right margin and ``line`` starts at the left one (a first-line indent starts a
    paragraph), in the same size of text; or both are lines of a large centred title."""
    if len(prev.pieces) != 1 or len(line.pieces) != 1 or not margins.right:
        return False
    if abs(prev.em - line.em) > 0.2 * max(prev.em, line.em) and not _same_size(prev, line):
        return False
    if same_page and line.y0 - prev.y1 > 1.5 * max(prev.em, line.em):
        return False
    big = line.em >= 1.15 * margins.em
    centred = abs((prev.x0 + prev.x1) - (line.x0 + line.x1)) < line.em
    if big and centred:
        return True  # a title broken over lines, between words (GB/T 9704), not at the margin
    if prev.right < margins.right - REACH * prev.em:
        return False  # the line ends before the margin: its paragraph ends
    return line.left <= margins.left + INDENT * line.em


def _blocks(pages: Sequence[_Page]) -> list[Block]:
    real_spaces = any(ch.space == 2 for page in pages for ch in page.chars)
    items_by_page = [_page_items(p, real_spaces=real_spaces) for p in pages]
    drop = _running(items_by_page)
    items_by_page = [[it for it in items if id(it) not in drop] for items in items_by_page]
    margins = _Margins(
        [it.line for items in items_by_page for it in items if it.line is not None],
        [it.table.grid for items in items_by_page for it in items if it.table is not None],
    )
    blocks: list[Block] = []
    paragraph = ""
    para_where = ""
    last_line: tuple[_Line, int] | None = None
    last_table: tuple[_Table, int] | None = None  # the table that ended the previous page
    row_cells: list[tuple[float, float]] = []  # left and right of the last row's cells
    tables = 0

    def flush() -> None:
        nonlocal paragraph
        text = paragraph.strip()
        if text:
            blocks.append(Para(text=text, where=para_where, gap=True))
        paragraph = ""

    for page, items in zip(pages, items_by_page, strict=True):
        line_no = 0
        table_no = 0
        for position, item in enumerate(items):
            if item.line is not None:
                line = item.line
                line_no += 1
                where = f"第 {page.number} 页第 {line_no} 行"
                if (
                    last_line is not None
                    and paragraph
                    and _continues(last_line[0], line, margins, same_page=last_line[1] == page.number)
                ):
                    paragraph = _join(paragraph, line.text)
                else:
                    flush()
                    if len(line.pieces) > 1:
                        blocks.append(Para(text=line.text, where=where, gap=True, cells=tuple(line.pieces)))
                        last_line = None
                        continue
                    paragraph = line.text
                    para_where = where
                last_line = (line, page.number)
                last_table = None
                continue
            table = item.table
            assert table is not None  # noqa: S101 - an item is a line or a table
            flush()
            last_line = None
            table_no += 1
            continued = (
                position == 0
                and last_table is not None
                and abs(last_table[0].grid.x0 - table.grid.x0) <= 4
                and abs(last_table[0].grid.x1 - table.grid.x1) <= 4
            )
            if continued and last_table is not None:
                index = last_table[1]
                split = not last_table[0].grid.bottom_ruled and not table.grid.top_ruled
            else:
                index = tables
                tables += 1
                split = False
            for n, (row, cells) in enumerate(table.rows):
                where = f"第 {page.number} 页第 {table_no} 个表格第 {row + 1} 行"
                texts = tuple(text for _, text, _, _ in cells)
                edges = [(x0, x1) for _, _, x0, x1 in cells]
                if (
                    n == 0
                    and split
                    and blocks
                    and isinstance(blocks[-1], TableRow)
                    and _same_edges(row_cells, edges)
                ):
                    previous = blocks[-1]
                    joined = tuple(_join(a, b) for a, b in zip(previous.cells, texts, strict=True))
                    blocks[-1] = TableRow(joined, previous.where, index)
                else:
                    blocks.append(TableRow(texts, where, index))
                row_cells = edges
            last_table = (table, index)
    flush()
    return blocks


def _same_edges(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> bool:
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) <= 4 and abs(p[1] - q[1]) <= 4 for p, q in zip(a, b, strict=True)
    )


# --- the reader -------------------------------------------------------------------------------------


def read(data: bytes) -> Doc:
    """A PDF document as blocks."""
    _check_file(data)
    _check_streams(data)
    pages = _read_pages(data)
    _refuse_scans(pages)
    return Doc(tuple(_blocks(pages)), "pdf")
