"""The text of a data file: UTF-8, or UTF-8, UTF-16 or UTF-32 after a byte-order mark."""

from __future__ import annotations

from gov_disclosure.exceptions import InputError

__all__ = ["decode"]


#: Byte-order marks a data file may start with (UTF-32 before UTF-16: FF FE 00 00 starts both).
_BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
)


def decode(raw: bytes, source: str | None = None) -> str:
    """The text of a data file: UTF-8, or UTF-8, UTF-16 or UTF-32 with a byte-order mark
    (Windows Notepad saves UTF-16 LE with one). Nothing is guessed."""
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                return raw[len(mark) :].decode(codec)
            except UnicodeDecodeError as exc:
                at = exc.start + len(mark) + 1
                msg = (
                    f"文件以 {name} 的字节顺序标记开头，但第 {at} 个字节起不是有效的 {name}（请另存为 UTF-8）"
                )
                raise InputError([("", msg)], source=source) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"不是 UTF-8 编码：第 {exc.start + 1} 个字节无法解读（可能是 GBK/GB18030 等编码）："
            "请在编辑器中“另存为”，编码选 UTF-8（Windows 记事本：文件 → 另存为 → 编码 → UTF-8）"
        )
        raise InputError([("", msg)], source=source) from None
