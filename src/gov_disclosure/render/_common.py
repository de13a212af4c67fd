"""What every renderer shares: refusing options it does not know, and printing numbers."""

from __future__ import annotations

from decimal import Decimal

from gov_disclosure.exceptions import UnknownFormatError
from gov_disclosure.model import Report, value_at
from gov_disclosure.spec import Cell

__all__ = ["cell_text", "check_options", "format_number"]


def check_options(fmt: str, unknown: dict[str, object], allowed: tuple[str, ...]) -> None:
    """Refuse options a renderer does not know, naming them and the ones it knows."""
    if unknown:
        names = "、".join(sorted(unknown))
        known = "、".join(allowed) if allowed else "无"
        msg = f"{fmt} 渲染器不认识选项 {names}（可用选项：{known}）"
        raise UnknownFormatError(msg)


def format_number(value: int | Decimal) -> str:
    """Plain digits, as the official tables print them: no separators, fees as given."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def cell_text(report: Report, cell: Cell) -> str:
    """The printed text of a layout cell: its label, or its value from ``report``."""
    if cell.path is None:
        return cell.text
    return format_number(value_at(report, cell.path))
