"""The page and type of the printed report: :class:`Layout`, GB/T 9704-2012 by default, with
lengths in units (:func:`mm`, :func:`cm`, :func:`pt`, :func:`twips`) and type sizes by name
(``"三号"``). The DOCX renderer lays a report out by it, and the HTML page sizes its print
stylesheet by its defaults."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from gov_disclosure.exceptions import InputError
from gov_disclosure.model import validators as v

__all__ = [
    "DEFAULT_FALLBACKS",
    "FONT_SIZES",
    "PAGE_NUMBER_POSITIONS",
    "Layout",
    "Length",
    "cm",
    "mm",
    "pt",
    "twips",
]

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


# --- lengths and type sizes -----------------------------------------------------------------


@attrs.frozen(order=True)
class Length:
    """A length on the page, or a type size, held in twips (1/20 pt): the unit OOXML writes.

    Made by :func:`mm`, :func:`cm`, :func:`pt` or :func:`twips`; a type size also by its Chinese
    name (:data:`FONT_SIZES`, ``"三号"`` is ``pt(16)``). A :class:`Layout` takes only these, never
    a bare number, whose unit nobody could tell.
    """

    twips: int = attrs.field(validator=attrs.validators.instance_of(int))

    @property
    def mm(self) -> float:
        """The length in millimetres."""
        return self.twips * 25.4 / 1440

    @property
    def pt(self) -> float:
        """The length in points."""
        return self.twips / 20

    @property
    def half_points(self) -> int:
        """The length in half-points, as ``w:sz`` writes a type size (``pt(16)`` → 32)."""
        return self.twips // 10

    def __str__(self) -> str:
        return f"{self.twips} 缇（{self.mm:.1f} mm，{self.pt:g} pt）"


def _number(value: object, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = f"{unit}() 需要一个数，收到 {value!r}"
        raise TypeError(msg)
    return float(value)


def mm(value: float) -> Length:
    """Millimetres, rounded to the twip: ``mm(37).twips == 2098``."""
    return Length(round(_number(value, "mm") * 1440 / 25.4))


def cm(value: float) -> Length:
    """Centimetres, rounded to the twip: ``cm(3.7) == mm(37)``."""
    return mm(_number(value, "cm") * 10)


def pt(value: float) -> Length:
    """Points (1/72 inch), rounded to the twip: ``pt(16)`` is 三号, ``pt(10.5)`` 五号."""
    return Length(round(_number(value, "pt") * 20))


def twips(value: int) -> Length:
    """Twips (1/20 pt), OOXML's own unit: ``twips(2098) == mm(37)``."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"twips() 需要一个整数，收到 {value!r}"
        raise TypeError(msg)
    return Length(value)


#: The Chinese type sizes (字号) a :class:`Layout` size field also accepts by name.
FONT_SIZES: dict[str, Length] = {
    "初号": pt(42),
    "小初": pt(36),
    "一号": pt(26),
    "小一": pt(24),
    "二号": pt(22),
    "小二": pt(18),
    "三号": pt(16),
    "小三": pt(15),
    "四号": pt(14),
    "小四": pt(12),
    "五号": pt(10.5),
    "小五": pt(9),
    "六号": pt(7.5),
    "小六": pt(6.5),
    "七号": pt(5.5),
    "八号": pt(5),
}


def _named_size(value: Any) -> Any:
    """``"三号"`` → ``pt(16)``; anything else is left for the validator."""
    if isinstance(value, str) and value in FONT_SIZES:
        return FONT_SIZES[value]
    return value


def _length(default: Length, label: str, *, minimum: Length = Length(1)) -> Any:
    return attrs.field(default=default, metadata={"label": label, "kind": "length", "minimum": minimum})


def _size(default: str, label: str) -> Any:
    return attrs.field(
        default=FONT_SIZES[default],
        converter=_named_size,
        metadata={"label": label, "kind": "size", "minimum": pt(1)},
    )


def _font(default: str, label: str) -> Any:
    return attrs.field(default=default, metadata={"label": label, "font": True})


@attrs.frozen(kw_only=True, cache_hash=True)
class Layout:
    """The page and type of the DOCX; GB/T 9704-2012 values by default.

    Lengths are :class:`Length` values (``mm(30)``, ``cm(3)``, ``pt(28)``), type sizes too
    (``pt(16)`` or the name ``"三号"``); a bare number is refused, since its unit could be
    anything. An agency whose province prescribes other values passes its own:
    ``Layout(margin_top=mm(30), margin_bottom=mm(30))``. Every value is checked on
    construction; a bad one raises :class:`~gov_disclosure.InputError` naming the field.
    """

    page_width: Length = _length(mm(210), "纸张宽度", minimum=Length(1440))  # A4
    page_height: Length = _length(mm(297), "纸张高度", minimum=Length(1440))
    margin_top: Length = _length(mm(37), "上边距（天头）")
    margin_bottom: Length = _length(mm(35), "下边距")
    margin_left: Length = _length(twips(1588), "左边距（订口）")  # 28 mm, as GB/T 9704 tools write it
    margin_right: Length = _length(mm(26), "右边距")  # 版心 156 mm
    header_distance: Length = _length(
        twips(851), "页眉距边界", minimum=Length(0)
    )  # 15 mm; no header is printed
    footer_distance: Length = _length(mm(25), "页脚距边界", minimum=Length(0))  # 一字线 ~7 mm below 版心
    title_font: str = _font("方正小标宋简体", "标题字体")
    title_size: Length = _size("二号", "标题字号")
    title_line_spacing: Length = _length(pt(35), "标题行距")  # exact
    body_font: str = _font("仿宋_GB2312", "正文字体")
    body_size: Length = _size("三号", "正文字号")
    heading_font: str = _font("黑体", "一级标题字体")  # 一、
    subheading_font: str = _font("楷体_GB2312", "二级标题字体")  # （一）
    heading_size: Length = _size("三号", "标题层次字号")
    latin_font: str | None = attrs.field(default=None, metadata={"label": "西文字体", "font": True})
    line_spacing: Length = _length(pt(28), "行距（固定值）")  # 22 lines in 225 mm
    first_line_indent: Length = _length(pt(32), "首行缩进", minimum=Length(0))  # two 三号 characters
    chars_per_line: int | None = attrs.field(default=28, metadata={"label": "每行字数", "count": 1})
    table_font: str = _font("仿宋_GB2312", "表格字体")
    table_font_size: Length = _size("五号", "表格字号")
    table_min_font_size: Length = _size("小五", "表格最小字号")
    table_cell_margin: Length = _length(mm(1), "表格单元格左右边距", minimum=Length(0))
    page_number_font: str = _font("宋体", "页码字体")
    page_number_size: Length = _size("四号", "页码字号")
    page_number_position: PageNumberPosition = attrs.field(default="outside", metadata={"label": "页码位置"})
    font_fallbacks: tuple[tuple[str, str], ...] = attrs.field(
        default=DEFAULT_FALLBACKS, converter=_pairs, metadata={"label": "替代字体"}
    )

    def __attrs_post_init__(self) -> None:
        errors = _layout_errors(self)
        if errors:
            raise InputError(errors, source="DOCX 版式")

    @property
    def text_width(self) -> Length:
        """Width of the type area (版心): 8844 twips (156 mm) by default."""
        return Length(self.page_width.twips - self.margin_left.twips - self.margin_right.twips)

    @property
    def text_height(self) -> Length:
        """Height of the type area: 12756 twips (225 mm) by default."""
        return Length(self.page_height.twips - self.margin_top.twips - self.margin_bottom.twips)

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


_SIZE_NAMES = "、".join(FONT_SIZES)


def _unit_error(label: str, kind: str, value: object) -> str:
    """What is wrong with a length or size field that is not a :class:`Length`."""
    if kind == "size":
        if isinstance(value, str):
            return f"{label}不认识字号名称 {value!r}：可用 {_SIZE_NAMES}，或 pt(…)"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'{label}应写明单位，如 pt(16) 或字号名称 "三号"，收到没有单位的数 {value!r}'
        return f'{label}应为字号，如 pt(16) 或 "三号"，收到 {type(value).__name__}'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{label}应写明单位，如 mm(30)、cm(3) 或 pt(28)，收到没有单位的数 {value!r}"
    return f"{label}应为长度，如 mm(30)、cm(3) 或 pt(28)，收到 {type(value).__name__}"


def _layout_errors(layout: Layout) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for field in attrs.fields(Layout):
        value = getattr(layout, field.name)
        label = field.metadata["label"]
        where = f"profile.{field.name}"
        kind = field.metadata.get("kind")
        if kind is not None:
            minimum: Length = field.metadata["minimum"]
            if not isinstance(value, Length):
                errors.append((where, _unit_error(label, kind, value)))
            elif value < minimum:
                errors.append((where, f"{label}应不小于 {minimum}，收到 {value}"))
            elif kind == "size" and value.twips % 10:
                errors.append((where, f"{label}应为半磅的整数倍（如 pt(10.5)），收到 {value.pt:g} pt"))
        elif "count" in field.metadata:
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append((where, f"{label}应为整数，收到 {value!r}"))
            elif value < field.metadata["count"]:
                errors.append((where, f"{label}应不小于 {field.metadata['count']}，收到 {value}"))
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
        return [("profile.margin_left", f"左右边距之和过大：版心宽度只剩 {layout.text_width}")]
    if layout.text_height < mm(50):
        return [("profile.margin_top", f"上下边距之和过大：版心高度只剩 {layout.text_height}")]
    narrowest = layout.body_size.twips / 2  # half a character: any tighter and glyphs overlap
    if layout.chars_per_line is not None and layout.text_width.twips / layout.chars_per_line < narrowest:
        return [("profile.chars_per_line", f"每行 {layout.chars_per_line} 字在版心宽度内排不下：字会重叠")]
    if layout.table_min_font_size > layout.table_font_size:
        return [("profile.table_min_font_size", "表格最小字号不能大于表格字号")]
    return []
