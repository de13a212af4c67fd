"""DOCX: the document an agency prints, stamps and publishes, laid out as GB/T 9704-2012.

``render(report, profile=None) -> bytes`` writes the whole OOXML package itself — no template
file, no python-docx: the static parts (styles, settings, font table, footers) are built once
per :class:`Layout` and cached, and the body is one lxml tree (each table one ``w:tbl`` with its
``w:gridSpan`` / ``w:vMerge`` merges taken from the layouts in :mod:`gov_disclosure.spec`).
The output is deterministic: the same report and profile give the same bytes.

Structure of the document (``docs/docx.md``): a ``Title`` paragraph; the preamble as ``Normal``
paragraphs; for each of the six sections a ``Heading1`` paragraph, its ``Normal`` paragraphs,
then either its subsections (``Heading2`` + ``Normal`` paragraphs) or its table.
"""

from __future__ import annotations

import functools
import zipfile
from io import BytesIO
from typing import Any, Literal

import attrs

from gov_disclosure.exceptions import InputError
from gov_disclosure.model import Report
from gov_disclosure.model import validators as v
from gov_disclosure.render import _docx_xml as x
from gov_disclosure.render import check_options

__all__ = ["DEFAULT_FALLBACKS", "Layout", "mm", "render"]

#: Font → the face a word processor should use where it is missing (``w:altName``).
DEFAULT_FALLBACKS: tuple[tuple[str, str], ...] = (
    ("方正小标宋简体", "华文中宋"),
    ("仿宋_GB2312", "仿宋"),
    ("楷体_GB2312", "楷体"),
    ("黑体", "SimHei"),
    ("宋体", "SimSun"),
)

PageNumberPosition = Literal["outside", "center"]
PAGE_NUMBER_POSITIONS: tuple[str, ...] = ("outside", "center")


def _pairs(value: Any) -> Any:
    """A mapping or a sequence of pairs → a tuple of pairs (hashable, so a profile can be cached)."""
    if isinstance(value, dict):
        value = value.items()
    try:
        return tuple(tuple(pair) for pair in value)
    except TypeError:
        return value  # the validator names it


def mm(value: float) -> int:
    """Millimetres → twips (1/20 pt), rounded: ``mm(37) == 2098``."""
    return round(value * 1440 / 25.4)


def _twips(default: int, label: str, *, minimum: int = 1) -> Any:
    return attrs.field(default=default, metadata={"label": label, "minimum": minimum})


def _font(default: str, label: str) -> Any:
    return attrs.field(default=default, metadata={"label": label, "font": True})


@attrs.frozen(kw_only=True)
class Layout:
    """The page and type of the DOCX; GB/T 9704-2012 values by default.

    Lengths are twips (1/20 pt; :func:`mm` converts), font sizes half-points (``32`` = 16 pt
    = 三号), as OOXML writes them. An agency whose province prescribes other values passes
    its own: ``Layout(margin_top=mm(30), margin_bottom=mm(30))``. Every value is checked on
    construction; a bad one raises :class:`~gov_disclosure.InputError` naming the field.
    """

    page_width: int = _twips(11906, "纸张宽度", minimum=1440)  # A4 210 mm
    page_height: int = _twips(16838, "纸张高度", minimum=1440)  # A4 297 mm
    margin_top: int = _twips(2098, "上边距（天头）")  # 37 mm
    margin_bottom: int = _twips(1984, "下边距")  # 35 mm
    margin_left: int = _twips(1588, "左边距（订口）")  # 28 mm
    margin_right: int = _twips(1474, "右边距")  # 26 mm: 版心 156 mm
    header_distance: int = _twips(851, "页眉距边界", minimum=0)  # 15 mm (no header is printed)
    footer_distance: int = _twips(1417, "页脚距边界", minimum=0)  # 25 mm: 一字线 about 7 mm below 版心
    title_font: str = _font("方正小标宋简体", "标题字体")
    title_size: int = _twips(44, "标题字号", minimum=2)  # 二号
    title_line_spacing: int = _twips(700, "标题行距")  # 35 pt exact
    body_font: str = _font("仿宋_GB2312", "正文字体")
    body_size: int = _twips(32, "正文字号", minimum=2)  # 三号
    heading_font: str = _font("黑体", "一级标题字体")  # 一、
    subheading_font: str = _font("楷体_GB2312", "二级标题字体")  # （一）
    heading_size: int = _twips(32, "标题层次字号", minimum=2)  # 三号
    latin_font: str | None = attrs.field(default=None, metadata={"label": "西文字体", "font": True})
    line_spacing: int = _twips(560, "行距（固定值）")  # 28 pt exact: 22 lines in 225 mm
    first_line_indent: int = _twips(640, "首行缩进", minimum=0)  # two 三号 characters
    chars_per_line: int | None = attrs.field(default=28, metadata={"label": "每行字数", "minimum": 1})
    table_font: str = _font("仿宋_GB2312", "表格字体")
    table_font_size: int = _twips(21, "表格字号", minimum=2)  # 五号
    table_cell_margin: int = _twips(57, "表格单元格左右边距", minimum=0)  # 1 mm
    page_number_font: str = _font("宋体", "页码字体")
    page_number_size: int = _twips(28, "页码字号", minimum=2)  # 四号
    page_number_position: PageNumberPosition = attrs.field(default="outside", metadata={"label": "页码位置"})
    font_fallbacks: tuple[tuple[str, str], ...] = attrs.field(
        default=DEFAULT_FALLBACKS, converter=_pairs, metadata={"label": "替代字体"}
    )

    def __attrs_post_init__(self) -> None:
        errors = _layout_errors(self)
        if errors:
            raise InputError(errors, source="DOCX 版式")

    @property
    def text_width(self) -> int:
        """Width of the type area (版心) in twips: 8844 (156 mm) by default."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> int:
        """Height of the type area in twips: 12756 (225 mm) by default."""
        return self.page_height - self.margin_top - self.margin_bottom

    def fonts(self) -> tuple[str, ...]:
        """Every face the document names, in first-use order (for the font table)."""
        faces = (
            self.body_font,
            self.title_font,
            self.heading_font,
            self.subheading_font,
            self.table_font,
            self.page_number_font,
            self.latin_font,
        )
        return tuple(dict.fromkeys(f for f in faces if f is not None))

    def fallback(self, font: str) -> str | None:
        """The ``w:altName`` written for ``font``, if any."""
        return dict(self.font_fallbacks).get(font)


def _layout_errors(layout: Layout) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for field in attrs.fields(Layout):
        value = getattr(layout, field.name)
        label = field.metadata["label"]
        where = f"profile.{field.name}"
        if "minimum" in field.metadata:
            if value is None and field.name == "chars_per_line":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append((where, f"{label}应为整数，收到 {value!r}"))
            elif value < field.metadata["minimum"]:
                errors.append((where, f"{label}应不小于 {field.metadata['minimum']}，收到 {value}"))
        elif field.metadata.get("font"):
            if value is None and field.name == "latin_font":
                continue
            message = v.check_text(value, required=True)
            if message is not None:
                errors.append((where, f"{label}{message}"))
    if layout.page_number_position not in PAGE_NUMBER_POSITIONS:
        errors.append(
            (
                "profile.page_number_position",
                f"页码位置应为 {' 或 '.join(PAGE_NUMBER_POSITIONS)}，收到 {layout.page_number_position!r}",
            )
        )
    errors.extend(_fallback_errors(layout.font_fallbacks))
    if not errors:
        errors.extend(_geometry_errors(layout))
    return errors


def _fallback_errors(pairs: object) -> list[tuple[str, str]]:
    if not isinstance(pairs, tuple):
        return [("profile.font_fallbacks", f"替代字体应为（字体, 替代字体）对的列表或映射，收到 {pairs!r}")]
    errors: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        if len(pair) != 2 or any(v.check_text(name, required=True) for name in pair):
            errors.append(
                (f"profile.font_fallbacks.{i}", f"替代字体应为（字体, 替代字体）两个名称，收到 {pair!r}")
            )
    return errors


def _geometry_errors(layout: Layout) -> list[tuple[str, str]]:
    if layout.text_width < mm(50):
        return [("profile.margin_left", f"左右边距之和过大：版心宽度只剩 {layout.text_width} 缇")]
    if layout.text_height < mm(50):
        return [("profile.margin_top", f"上下边距之和过大：版心高度只剩 {layout.text_height} 缇")]
    narrowest = layout.body_size * 5  # half a character: any tighter and glyphs overlap
    if layout.chars_per_line is not None and layout.text_width / layout.chars_per_line < narrowest:
        return [("profile.chars_per_line", f"每行 {layout.chars_per_line} 字在版心宽度内排不下：字会重叠")]
    return []


def render(report: Report, *, profile: Layout | None = None, **unknown: object) -> bytes:
    """The report as a DOCX package (bytes), laid out by ``profile`` (GB/T 9704 by default)."""
    check_options("docx", unknown, ("profile",))
    if not isinstance(report, Report):
        msg = f"render 需要 Report 对象，收到 {type(report).__name__}"
        raise TypeError(msg)
    if profile is None:
        profile = _default_layout()
    elif not isinstance(profile, Layout):
        msg = f"profile 应为 gov_disclosure.render.docx.Layout，收到 {type(profile).__name__}"
        raise TypeError(msg)
    static = _static_parts(profile)
    parts = {
        **static,
        "docProps/core.xml": x.core_xml(report),
        "word/document.xml": x.document_xml(report, profile),
    }
    return _zip(parts)


@functools.cache
def _default_layout() -> Layout:
    return Layout()


@functools.lru_cache(maxsize=16)
def _static_parts(layout: Layout) -> dict[str, bytes]:
    return x.static_parts(layout)


_ORDER = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/footer1.xml",
    "word/footer2.xml",
)
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _zip(parts: dict[str, bytes]) -> bytes:
    """A zip with fixed timestamps and attributes, parts in a fixed order."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in _ORDER:
            if name not in parts:
                continue
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()
