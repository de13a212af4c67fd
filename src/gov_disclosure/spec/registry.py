"""The report formats this library knows, by id (the dict contract's ``format``)."""

from __future__ import annotations

from gov_disclosure.spec._vocabulary import Format
from gov_disclosure.spec.format2019 import FORMAT_2019
from gov_disclosure.spec.format2021 import FORMAT_2021

__all__ = ["DEFAULT_FORMAT", "formats", "get_format", "register_format"]

#: The format of a report that does not name one.
DEFAULT_FORMAT = FORMAT_2021.id

_FORMATS: dict[str, Format] = {FORMAT_2021.id: FORMAT_2021, FORMAT_2019.id: FORMAT_2019}


def register_format(fmt: Format) -> None:
    """Make ``fmt`` known by its id (a format registered again replaces the old one)."""
    _FORMATS[fmt.id] = fmt


def get_format(format_id: str) -> Format:
    """The format ``format_id``; ``KeyError`` naming the known ones for any other id."""
    try:
        return _FORMATS[format_id]
    except KeyError:
        known = "、".join(_FORMATS)
        msg = f"不认识的报告格式 {format_id!r}（已知：{known}）"
        raise KeyError(msg) from None


def formats() -> tuple[Format, ...]:
    """Every known format, the default first."""
    return tuple(_FORMATS.values())
