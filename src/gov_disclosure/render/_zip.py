"""A small deterministic zip writer for the DOCX package.

:mod:`zipfile` deflates every member on every write and cannot take data compressed before.
A DOCX has ten parts that never change for a profile, so each is deflated once
(:func:`member`) and only the report's own parts are deflated per document. The archive is
plain PKZIP 2.0: no zip64, no data descriptors, no extra fields, every member deflated, dated
1980-01-01 00:00 (the DOS epoch), Unix mode 0644 — the same bytes for the same parts.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

import attrs

__all__ = ["LEVEL", "Member", "archive", "member"]

#: Deflate level of every member (zipfile's default level for ZIP_DEFLATED is 6 as well).
LEVEL = 6

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix
_DEFLATE = 8
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_MODE = 0o100644 << 16  # regular file, rw-r--r--
_LIMIT = 0xFFFFFFFF  # beyond this a member would need zip64


@attrs.frozen
class Member:
    """One member, compressed: its local header and data, and its central-directory fields."""

    name: bytes
    local: bytes  #: local file header followed by the compressed data
    crc: int
    compressed: int
    size: int


def member(name: str, data: bytes) -> Member:
    """``data`` deflated as the member ``name`` (ASCII part names only)."""
    if len(data) >= _LIMIT:
        msg = f"zip member {name} too large: {len(data)} bytes"
        raise ValueError(msg)
    encoded = name.encode("ascii")
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(data) + packer.flush()
    crc = zlib.crc32(data)
    header = _LOCAL.pack(
        0x04034B50, _VERSION, 0, _DEFLATE, _DOS_TIME, _DOS_DATE, crc, len(body), len(data), len(encoded), 0
    )
    return Member(encoded, header + encoded + body, crc, len(body), len(data))


def archive(members: Iterable[Member]) -> bytes:
    """The zip of ``members``, in the order given."""
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    count = 0
    for m in members:
        out.append(m.local)
        directory.append(
            _CENTRAL.pack(
                0x02014B50,
                _MADE_BY,
                _VERSION,
                0,
                _DEFLATE,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                m.compressed,
                m.size,
                len(m.name),
                0,
                0,
                0,
                0,
                _MODE,
                offset,
            )
            + m.name
        )
        offset += len(m.local)
        count += 1
    central = b"".join(directory)
    if offset >= _LIMIT or count > 0xFFFF:  # pragma: no cover - a DOCX has 11 small parts
        msg = "zip too large without zip64"
        raise ValueError(msg)
    end = _END.pack(0x06054B50, 0, 0, count, count, len(central), offset, 0)
    return b"".join(out) + central + end
