"""Reading DOCX: merged cells, tables split in two, and packages that must be refused."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.parse import ParseError, ParseResult, parse
from gov_disclosure.parse.docx import MAX_UNPACKED
from tests.strategies import distinct_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def report() -> gd.Report:
    return distinct_report()


@pytest.fixture(scope="module")
def docx(report: gd.Report) -> bytes:
    data = gd.render(report, "docx")
    assert isinstance(data, bytes)
    return data


def _rewrite(data: bytes, name: str, change: object) -> bytes:
    """The package with part ``name`` passed through ``change(bytes) -> bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == name:
                content = change(content)  # type: ignore[operator]
            dst.writestr(info.filename, content)
    return out.getvalue()


def _split_second_table(xml: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    table = root.findall(f".//{W}tbl")[1]
    rows = table.findall(f"{W}tr")
    second = etree.Element(f"{W}tbl")
    for child in table:
        if child.tag in (f"{W}tblPr", f"{W}tblGrid"):
            second.append(copy.deepcopy(child))
    for row in rows[14:]:
        second.append(row)
    gap = etree.Element(f"{W}p")
    table.addnext(gap)
    gap.addnext(second)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def test_renderer_docx_reads_back(report: gd.Report, docx: bytes) -> None:
    """The DOCX renderer's document (gridSpan/vMerge merges) reads back as the report."""
    assert report == parse(docx, "docx").report


def test_table_split_in_two(report: gd.Report, docx: bytes) -> None:
    """表三 split into two tables (a page break in Word) still reads as one table."""
    changed = _rewrite(docx, "word/document.xml", _split_second_table)
    assert report.applications == parse(changed, "docx").report.applications


def test_docx_from_a_path(report: gd.Report, docx: bytes, tmp_path: Path) -> None:
    """A .docx path is read as DOCX without naming the format."""
    path = tmp_path / "report.docx"
    path.write_bytes(docx)
    assert report == parse(path).report


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    """A package declaring more than the size limit unpacked is refused before it is opened."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
        with zf.open("word/media/big.bin", "w", force_zip64=True) as big:
            chunk = b"\0" * (1 << 20)
            for _ in range(MAX_UNPACKED // len(chunk) + 2):
                big.write(chunk)
    with pytest.raises(ParseError, match="zip 炸弹"):
        parse(out.getvalue(), "docx")


def test_not_a_zip_is_refused() -> None:
    """Bytes that start like a zip but are not one are refused with ParseError."""
    with pytest.raises(ParseError, match="DOCX"):
        parse(b"PK\x03\x04 not really a zip", "docx")


def test_zip_without_document_is_refused() -> None:
    """A zip with no word/document.xml is not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "你好")
    with pytest.raises(ParseError, match=r"word/document\.xml"):
        parse(out.getvalue(), "docx")


def test_external_entity_is_not_resolved(docx: bytes, tmp_path: Path) -> None:
    """A document.xml declaring an external entity never reads the file it names."""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容XYZ", encoding="utf-8")

    def inject(xml: bytes) -> bytes:
        head, _, body = xml.partition(b"?>")
        doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
        return head + b"?>" + doctype + body.replace("编制。".encode(), "编制。&xxe;".encode(), 1)

    changed = _rewrite(docx, "word/document.xml", inject)
    try:
        result = parse(changed, "docx")
    except ParseError:
        return
    assert "机密内容XYZ" not in repr(gd.to_dict(result.report))


def _word_document(text: str) -> bytes:
    """A document made in Word's way (python-docx's default template, ``Heading 1`` styles,
    tables with their own cells): each line of the text rendering becomes a paragraph, each
    block of tab-separated rows a table, and 三、本年度办理结果 one cell merged down its rows."""
    import docx as python_docx

    document = python_docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            if lines[i].strip():
                document.add_paragraph(lines[i])
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].strip() and ("\t" in lines[i] or block):
            block.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, fields in enumerate(block):
            for c, field in enumerate(fields):
                table.cell(r, c).text = field
        first = [r for r, fields in enumerate(block) if fields[0] == spec.RESULTS_LABEL]
        if first:
            top = first[0]
            bottom = top + sum(1 for fields in block[top + 1 :] if fields[0] == "")
            table.cell(top, 0).merge(table.cell(bottom, 0))
            table.cell(top, 0).text = spec.RESULTS_LABEL
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_document_made_in_word(report: gd.Report) -> None:
    """A Word-made document (default styles, plain tables, a vertical merge) reads as the report."""
    data = _word_document(str(gd.render(report, "text")))
    assert report == parse(data, "docx").report


@given(data=st.data())
def test_damaged_document_xml_gives_a_result_or_a_parse_error(docx: bytes, data: st.DataObject) -> None:
    """A package whose document.xml lost or repeated a stretch: ParseResult or ParseError."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        size = len(zf.read("word/document.xml"))
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, min(size, start + 2000)))
    repeat = data.draw(st.booleans())

    def damage(xml: bytes) -> bytes:
        return xml[:start] + (xml[start:end] * 2 if repeat else b"") + xml[end:]

    try:
        result = parse(_rewrite(docx, "word/document.xml", damage), "docx")
    except ParseError:
        return
    assert isinstance(result, ParseResult)


def _padded(docx: bytes, part: str, filler: bytes, where: bytes = b"<w:body>") -> bytes:
    """The package with ``filler`` inserted after ``where`` in ``part``."""
    return _rewrite(docx, part, lambda xml: xml.replace(where, where + filler, 1))


def _no_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    import docx as python_docx

    def refuse(*_: object, **__: object) -> None:
        msg = "python-docx opened a package that should have been refused"
        raise AssertionError(msg)

    monkeypatch.setattr(python_docx, "Document", refuse)


@pytest.mark.parametrize(
    ("what", "filler"),
    [
        ("段落超过 30000 个", b"<w:p/>" * 30_001),
        ("段落超过 30000 个", b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>\n" % i for i in range(30_001))),
        ("表格单元格超过 30000 个", b"<w:tbl><w:tr>" + b"<w:tc/>" * 30_001 + b"</w:tr></w:tbl>"),
    ],
)
def test_docx_far_beyond_a_report_is_refused_before_it_is_parsed(
    docx: bytes, what: str, filler: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DOCX with more paragraphs or table cells than a hundred reports is refused at once,
    from tags counted while its XML is unpacked — before python-docx builds a tree for it (a
    6 MB DOCX of 45 MB XML passed the zip-bomb guard and took 53 s and 1.15 GB)."""
    _no_python_docx(monkeypatch)
    with pytest.raises(ParseError) as info:
        parse(_padded(docx, "word/document.xml", filler))
    assert (info.value.reason, info.value.where) == (f"DOCX 的{what}，不像一份年度报告", "全文")


def test_docx_with_too_many_elements_in_any_part_is_refused(
    docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The element budget covers every XML part python-docx would parse (here styles.xml),
    whatever namespace prefix the elements use."""
    _no_python_docx(monkeypatch)
    filler = b"".join(b'<x:s x:v="%d"/>' % i for i in range(300_001))
    with pytest.raises(ParseError) as info:
        parse(_padded(docx, "word/styles.xml", filler, where=b"</w:styles>"))
    assert info.value.reason == "DOCX 的XML 元素超过 300000 个（word/styles.xml），不像一份年度报告"


def test_docx_just_within_the_limits_reads(report: gd.Report, docx: bytes) -> None:
    """Empty paragraphs up to the limit are still read (they hold nothing)."""
    result = parse(_padded(docx, "word/document.xml", b"<w:p/>" * 29_000))
    assert result.report == report
