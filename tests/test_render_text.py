"""The plain-text renderer: layout, the published example, and properties over random reports.

``tests/golden/shanghang_gxkj_2024.txt`` is the text of ``examples/shanghang_gxkj_2024.yaml``.
It differs from the page the agency published (``corpus/00_shanghang_gxkj_2024.txt``) only in:

1. ``本年度止件数`` (a typo in the published header of 表二) is the official ``本年废止件数``;
2. 表三 row labels use the official full-width brackets and comma and no space after the
   bracket or the item number: ``（一）予以公开``, ``1.属于国家秘密`` where the page has
   ``(一) 予以公开``, ``1. 属于国家秘密``;
3. the two sentences the page breaks across lines (``…主动政府信`` / ``息公开…`` and
   ``…对工作不`` / ``力、…``) are one paragraph each, and paragraphs are separated by one
   blank line each (the page leaves one out and has stray blank lines inside tables);
4. merged cells are written once, without the padding tabs the page adds after them
   (``申请人情况\\t\\t\\t\\t\\t\\t``), and without the stray tabs that shift ``二、上年结转…`` and
   ``2. 重复申请`` on the page.

:func:`normalise` removes exactly the differences of kind 3 and 4 from both texts and
:func:`correct_published` those of kind 1 and 2 from the published one; what is left must be
equal.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.model import Report, value_at
from gov_disclosure.render import UnknownFormatError, format_number, text
from tests.conftest import CORPUS, ROOT
from tests.strategies import one_line, reports

GOLDEN = ROOT / "tests" / "golden" / "shanghang_gxkj_2024.txt"
PUBLISHED = CORPUS / "00_shanghang_gxkj_2024.txt"

#: Published lines that end in the middle of a sentence, continued on the next line.
STRAY_BREAKS = ("2024年度主动政府信", "加强对本单位职责领域内政务情况的督查，对工作不")
#: Published typos, and the official text.
TYPOS = {"本年度止件数": "本年废止件数"}
_HALF_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，"})
_NUMBER_SPACE = re.compile(r"^(（[一二三四五六七]）|\d\.) ")


def normalise(document: str) -> list[tuple[str, ...]]:
    """Each non-blank line as its non-empty tab-separated fields; lines in STRAY_BREAKS
    joined with the next non-blank line."""
    lines = [tuple(f for f in line.split("\t") if f) for line in document.split("\n")]
    lines = [line for line in lines if line]
    out: list[tuple[str, ...]] = []
    joining = False
    for line in lines:
        if joining:
            out[-1] = (out[-1][0] + line[0], *line[1:])
        else:
            out.append(line)
        joining = len(line) == 1 and line[0].endswith(STRAY_BREAKS)
    return out


def _official_label(field: str) -> str:
    return _NUMBER_SPACE.sub(r"\1", field.translate(_HALF_WIDTH))


def correct_published(lines: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The published typos fixed, and 表三 labels (fields of table rows) in the official
    punctuation: full-width brackets and comma, no space after ``（一）`` or ``1.``."""
    out = []
    for line in lines:
        fields = tuple(TYPOS.get(f, f) for f in line)
        if len(fields) > 1:
            fields = tuple(_official_label(f) for f in fields)
        out.append(fields)
    return out


def blocks(document: str) -> list[str]:
    """The blocks of a rendered document (separated by one blank line)."""
    assert document.endswith("\n")
    return document[:-1].split("\n\n")


def expected_blocks(report: Report) -> list[str | None]:
    """The blocks the layout rules promise, ``None`` standing for a table."""
    out: list[str | None] = [report.title, *report.preamble]
    for section_spec, section in zip(spec.SECTIONS, report.sections(), strict=True):
        out.append(section_spec.heading)
        out.extend(section.paragraphs)
        for i, sub in enumerate(getattr(section, "subsections", ()), start=1):
            out.append(spec.subsection_heading(i, sub.title))
            out.extend(sub.paragraphs)
        if section_spec.has_table:
            out.append(None)
    return out


def tables_of(report: Report) -> list[spec.Table]:
    return [
        spec.active_disclosure_table(with_regulations=report.active_disclosure.regulations is not None),
        spec.applications_table(),
        spec.review_litigation_table(),
    ]


def slots(table: spec.Table) -> list[list[tuple[spec.Cell, bool]]]:
    """Per row, in column order: each cell starting there (True) or spanning down into it (False)."""
    placed = table.placed()
    out = []
    for r, row in enumerate(placed):
        here = [(col, cell, True) for col, cell in row]
        here += [
            (col, cell, False)
            for above in range(r)
            for col, cell in placed[above]
            if above < r < above + cell.rowspan
        ]
        out.append([(cell, starts) for _, cell, starts in sorted(here, key=lambda s: s[0])])
    return out


def test_example_matches_golden(example: gd.Report) -> None:
    """The bundled example renders to the golden file, byte for byte."""
    expected = GOLDEN.read_bytes()
    actual = text.render(example).encode("utf-8")
    assert expected == actual


def test_golden_differs_from_published_only_where_listed() -> None:
    """After the documented normalisation, the golden text is the published text with its
    typos and half-width labels corrected (module docstring, points 1–4)."""
    expected = correct_published(normalise(PUBLISHED.read_text(encoding="utf-8")))
    actual = normalise(GOLDEN.read_text(encoding="utf-8"))
    assert expected == actual


def test_example_paragraphs_verbatim_in_published(example: gd.Report) -> None:
    """Every paragraph of the example appears in the published page once its stray line
    breaks are joined: the text itself is untouched."""
    published = [line[0] for line in normalise(PUBLISHED.read_text(encoding="utf-8")) if len(line) == 1]
    paragraphs = [p for section in example.sections() for p in section.paragraphs]
    paragraphs += [
        p for s in (example.overview, example.problems) for sub in s.subsections for p in sub.paragraphs
    ]
    missing = [p for p in (*example.preamble, *paragraphs) if p not in published]
    assert not missing


def test_covered_position_writes_one_empty_field(example: gd.Report) -> None:
    """A row under a row-spanning label starts with one empty field per spanning cell:
    （三）2 sits under 三、本年度办理结果 and （三）不予公开."""
    row = example.applications.withheld.prohibited_by_law
    label = spec.GROUP_BY_KEY["withheld"].rows[1].label
    expected = "\t".join(["", "", label, *(format_number(n) for n in row.cells())])
    assert expected in text.render(example).split("\n")


def test_third_heading_row_of_applications(example: gd.Report) -> None:
    """表三's third heading row: empty fields for the note and 自然人 above, the five
    organisation columns, and an empty field for 总计 above."""
    labels = [c.label for c in spec.APPLICANT_COLUMNS[1:]]
    expected = "\t".join(["", "", *labels, ""])
    assert expected in text.render(example).split("\n")


def test_merged_cell_written_once(example: gd.Report) -> None:
    """A cell spanning columns is one field, not padded: 表三's first row has two fields."""
    expected = f"{spec.TABLE3_NOTE}\t{spec.APPLICANT_HEADER}"
    assert expected in text.render(example).split("\n")


def test_regulations_row_printed_when_given(example: gd.Report) -> None:
    """With 规章 given, 表二 has its row between the heading row and 行政规范性文件."""
    counts = gd.DocumentCounts(issued=2, repealed=1, in_force=7)
    report = attrs.evolve(
        example, active_disclosure=attrs.evolve(example.active_disclosure, regulations=counts)
    )
    lines = text.render(report).split("\n")
    start = lines.index(spec.NORMATIVE_DOCUMENTS.label + "\t0\t0\t1")
    expected = f"{spec.REGULATIONS.label}\t2\t1\t7"
    assert expected == lines[start - 1]


def test_empty_sections_keep_their_headings(example: gd.Report) -> None:
    """Sections without text still print their heading, followed by the next heading."""
    report = attrs.evolve(example, other_matters=gd.Section(), problems=gd.Section())
    out = blocks(text.render(report))
    expected = [spec.SECTIONS[4].heading, spec.SECTIONS[5].heading]
    assert expected == out[-2:]


def test_unknown_option_is_refused(example: gd.Report) -> None:
    """The text renderer takes no options; an unknown one is named in the error."""
    with pytest.raises(UnknownFormatError, match="colour"):
        text.render(example, colour="red")


def test_dispatcher_renders_text(example: gd.Report) -> None:
    """``gov_disclosure.render(report, "text")`` is this renderer."""
    assert text.render(example) == gd.render(example, "text")


@given(reports())
def test_deterministic(report: Report) -> None:
    """The same report renders to the same text, also when rebuilt as an equal copy."""
    assert text.render(report) == text.render(attrs.evolve(report))


@given(reports())
def test_blocks_in_document_order(report: Report) -> None:
    """Title, preamble, then per section its heading, paragraphs, subsections and table:
    every text block verbatim, in order, and each table as one block of lines."""
    actual = blocks(text.render(report))
    expected = expected_blocks(report)
    assert len(expected) == len(actual)
    assert expected == [None if e is None else a for e, a in zip(expected, actual, strict=True)]


@given(reports())
def test_every_number_in_its_cell(report: Report) -> None:
    """Reading each table row field by field (one field per starting cell or spanning cell
    above, in column order), every label and number is where the layout puts it."""
    actual = blocks(text.render(report))
    table_blocks = [a for e, a in zip(expected_blocks(report), actual, strict=True) if e is None]
    for table, block in zip(tables_of(report), table_blocks, strict=True):
        lines = block.split("\n")
        assert len(table.rows) == len(lines)
        for row_slots, line in zip(slots(table), lines, strict=True):
            fields = line.split("\t")
            expected = [
                (format_number(value_at(report, cell.path)) if cell.path else cell.text) if starts else ""
                for cell, starts in row_slots
            ]
            assert expected == fields


@given(one_line())
def test_paragraph_text_is_written_as_given(paragraph: str) -> None:
    """A paragraph with any characters (CJK Extension B, emoji, punctuation) is one line."""
    report = gd.Report(
        agency="某局",
        year=2024,
        preamble=(paragraph,),
        active_disclosure=_zero_active(),
        applications=_zero_applications(),
        review_litigation=_zero_review(),
    )
    assert paragraph == blocks(text.render(report))[1]


def _zero_active() -> gd.ActiveDisclosure:
    zero = gd.DocumentCounts(issued=0, repealed=0, in_force=0)
    return gd.ActiveDisclosure(normative_documents=zero, licensing=0, punishment=0, enforcement=0, fees=0)


def _zero_applications() -> gd.Applications:
    zero = gd.Row.of(0, 0, 0, 0, 0, 0)
    groups = {
        g.key: cls(**{sub.key: zero for sub in g.rows})
        for g, cls in zip(
            spec.APPLICATION_GROUPS,
            (gd.Withheld, gd.Unavailable, gd.NotProcessed, gd.OtherHandling),
            strict=True,
        )
    }
    return gd.Applications(
        new=zero, carried_over=zero, granted=zero, partially_granted=zero, carried_forward=zero, **groups
    )


def _zero_review() -> gd.ReviewLitigation:
    zero = gd.CaseCounts(upheld=0, corrected=0, other=0, pending=0)
    return gd.ReviewLitigation(review=zero, litigation_direct=zero, litigation_after_review=zero)


def test_write_by_suffix(example: gd.Report, tmp_path: Path) -> None:
    """``write()`` to a ``.txt`` path gives the golden file's bytes (UTF-8, no BOM)."""
    target = tmp_path / "report.txt"
    gd.write(example, target)
    assert GOLDEN.read_bytes() == target.read_bytes()


def test_import_does_not_load_jinja2() -> None:
    """``import gov_disclosure`` leaves jinja2 unloaded; the text renderer loads it."""
    code = (
        "import sys, gov_disclosure, gov_disclosure.render.text, gov_disclosure.render.markdown, "
        "gov_disclosure.render.html; print('jinja2' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    expected = "False"
    assert expected == result.stdout.strip()
