"""PDFs made for the tests: hostile files written byte by byte, and scans and ruling-free
copies made from a real PDF with PDFium (pypdfium2), so that no other program is needed."""

from __future__ import annotations

import ctypes
import io
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def minimal_pdf(objects: Sequence[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def one_page(
    content: bytes = b"", stream_keys: bytes = b"", media_box: bytes = b"[0 0 595 842]"
) -> list[bytes]:
    """Catalog, page tree and one page whose content stream is ``content``."""
    stream = b"<< /Length %d %s>>\nstream\n" % (len(content), stream_keys) + content + b"\nendstream"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R >>" % media_box,
        stream,
    ]


def deflated_spaces(megabytes: int) -> bytes:
    """``megabytes`` MB of spaces, deflated (about a thousandth of that)."""
    deflate = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    return b"".join(deflate.compress(chunk) for _ in range(megabytes)) + deflate.flush()


def encrypted() -> bytes:
    """Standard security handler whose user password is not empty: PDFium asks for one."""
    objects = [
        *one_page(b"BT ET"),
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>" % (b"ab" * 32, b"cd" * 32),
    ]
    file_id = b"<00112233445566778899aabbccddeeff>"
    return minimal_pdf(objects, b"/Encrypt 5 0 R /ID [%s %s] " % (file_id, file_id))


def many_pages(levels: int = 5) -> bytes:
    """10**levels pages in under a kilobyte: each node of the page tree lists the next ten times."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        kid = 3 + level
        parent = b"" if level == 0 else b" /Parent %d 0 R" % (1 + level)
        kids = b" ".join([b"%d 0 R" % kid] * 10)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d%s >>" % (kids, 10 ** (levels - level), parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (1 + levels))
    return minimal_pdf(objects)


def deflate_bomb(megabytes: int = 64) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MB of spaces."""
    packed = deflated_spaces(megabytes)
    return minimal_pdf(one_page(packed, b"/Filter /FlateDecode "))


def object_stream_bomb(megabytes: int = 64) -> bytes:
    """An object stream that inflates to ``megabytes`` MB."""
    packed = deflated_spaces(megabytes)
    return minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
        ]
    )


def huge_page() -> bytes:
    """A page five million points wide."""
    return minimal_pdf(one_page(b"", media_box=b"[0 0 5000000 842]"))


def truncated(source: Path, keep: float) -> bytes:
    data = source.read_bytes()
    return data[: int(len(data) * keep)]


#: Hostile PDFs by name, each built on demand.
HOSTILE: dict[str, Callable[[], bytes]] = {
    "encrypted": encrypted,
    "100,000 pages": many_pages,
    "deflate bomb (64 MB content stream)": deflate_bomb,
    "object stream bomb (64 MB)": object_stream_bomb,
    "page 5,000,000 pt wide": huge_page,
    "header and nothing else": lambda: b"%PDF-1.7\n",
    "garbage after the header": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 64,
}


# --- made from a real PDF with PDFium -------------------------------------------------------


def _save(pdf: Any) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def scanned(source: Path, pages: int = 2, *, ocr_text: str | None = None) -> bytes:
    """The first ``pages`` pages of ``source`` as page-covering images (a scan); with
    ``ocr_text``, each page also carries that text drawn invisibly (an OCR layer)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    src = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    try:
        for index in range(min(pages, len(src))):
            page = src[index]
            width, height = page.get_size()
            bitmap = page.render(scale=1)
            new = out.new_page(width, height)
            image = pdfium.PdfImage.new(out)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            new.insert_obj(image)
            if ocr_text is not None:
                font = raw.FPDFText_LoadStandardFont(out, b"Helvetica")
                text = raw.FPDFPageObj_CreateTextObj(out, font, 10.0)
                encoded = (ocr_text + "\x00").encode("utf-16-le")
                raw.FPDFText_SetText(text, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
                raw.FPDFTextObj_SetTextRenderMode(text, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 60, height / 2)
                raw.FPDFPage_InsertObject(new, text)
            new.gen_content()
        return _save(out)
    finally:
        out.close()
        src.close()


def without_rules(source: Path) -> bytes:
    """``source`` with every path removed: its tables lose their ruling lines."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    pdf = pdfium.PdfDocument(source)
    try:
        for page in pdf:
            for obj in list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1)):
                page.remove_obj(obj)
                obj.close()
            page.gen_content()
        return _save(pdf)
    finally:
        pdf.close()


def blank() -> bytes:
    """One empty page: no text layer at all."""
    return minimal_pdf(one_page(b""))


def with_page_images(data: bytes) -> bytes:
    """``data`` with a page-sized image added to every page (as a scan under its OCR text)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            width, height = page.get_size()
            bitmap = pdfium.PdfBitmap.new_native(2, 2, pdfium.raw.FPDFBitmap_BGR)
            bitmap.fill_rect((255, 255, 255, 255), 0, 0, 2, 2)
            image = pdfium.PdfImage.new(pdf)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
        return _save(pdf)
    finally:
        pdf.close()


def disguised_bomb(how: str, megabytes: int = 64) -> bytes:
    """A deflate bomb as the page's content stream, its dictionary claiming it is an image;
    the page names it ``direct``ly, through an ``array`` object, or from a page dictionary
    packed in an object stream (``packed``)."""
    packed = deflated_spaces(megabytes)
    bomb = b"<< /Subtype /Image /Width 1 /Height 1 /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
    bomb += packed + b"\nendstream"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    tree = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s >>"
    if how == "direct":
        return minimal_pdf([catalog, tree, page % b"4 0 R", bomb])
    if how == "array":
        return minimal_pdf([catalog, tree, page % b"5 0 R", bomb, b"[4 0 R]"])
    inner = page % b"4 0 R"
    objects = b"3 0 " + inner
    packed_page = zlib.compress(objects)
    object_stream = b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n" % len(
        packed_page
    )
    return minimal_pdf([catalog, tree, b"null", bomb, object_stream + packed_page + b"\nendstream"])


# --- ruled tables drawn by hand ------------------------------------------------------------


def drawn(pages: Sequence[bytes]) -> bytes:
    """A PDF whose pages draw ``pages`` (content streams) with Helvetica as /F1."""
    count = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return minimal_pdf(objects)


def line(x0: float, y0: float, x1: float, y1: float, gray: float = 0.0) -> bytes:
    """A stroked line (PDF coordinates, y up)."""
    return b"%.2f G 0.5 w %.2f %.2f m %.2f %.2f l S\n" % (gray, x0, y0, x1, y1)


def bar(x: float, y: float, width: float, height: float) -> bytes:
    """A filled rectangle (a ruling line when thin, as browsers draw borders)."""
    return b"0 g %.2f %.2f %.2f %.2f re f\n" % (x, y, width, height)


def text(x: float, y: float, words: str, size: float = 10) -> bytes:
    return b"BT /F1 %.1f Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, words.encode("latin-1"))
