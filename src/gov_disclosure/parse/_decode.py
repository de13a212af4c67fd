"""Bytes → text for the text formats (text, Markdown, HTML), and the characters no report holds.

The encoding is decided from the bytes, in this order (``docs/parse.md``):

1. a byte order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (Windows Notepad saves UTF-16 so);
2. UTF-8, when the bytes are valid UTF-8 — whatever a page declares (a Chinese text in another
   encoding is almost never valid UTF-8, so valid UTF-8 is UTF-8);
3. UTF-16 without a byte order mark, when every other byte of ASCII text is NUL;
4. the charset a page declares (``<meta charset>``, ``<meta http-equiv … charset=…>``, the XML
   declaration), when the bytes decode in it into Chinese text;
5. GB18030 (a superset of GBK and GB2312, which many agency sites serve), when the bytes decode
   in it into Chinese text;
6. the declared charset, when the bytes decode in it at all;
7. a damaged file: the candidate that fails on the fewest bytes, when that is a small share of
   them; each byte sequence that is no character becomes U+FFFD.

Bytes that are none of these — random binary, NUL-riddled data that is not UTF-16, a PDF or a
legacy ``.doc`` — raise :class:`~gov_disclosure.exceptions.ParseError`. Every decision that is
not plain UTF-8 (another encoding, a declaration overridden, characters replaced) is a reading
finding, and :func:`clean` deletes, with a finding, the characters a report cannot hold
(control characters, U+2028/U+2029/U+0085, lone surrogates, U+FFFE/U+FFFF). All of it is
linear in the input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import attrs

from gov_disclosure.exceptions import ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.model.validators import FORBIDDEN_CHARS

__all__ = ["Decoded", "clean", "decode", "head", "lines_of"]

RULE_ENCODING = "parse.encoding"
RULE_DAMAGED = "parse.damaged_text"

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
)
_GB = ("gb18030", "GB18030")
_WESTERN = ("cp1252", "windows-1252")
_UTF8 = ("utf-8", "UTF-8")
#: Charset labels a page may declare → (Python codec, name shown). As browsers do, the GB
#: labels read as GB18030, the Latin-1 labels as windows-1252, and a UTF-16 label declared in
#: a page without a byte order mark as UTF-8 (``None``: the declaration is ignored).
_LABELS: dict[str, tuple[str, str] | None] = {
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"), _UTF8),
    **dict.fromkeys(
        (
            "gb18030", "gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936",
            "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280",
        ),
        _GB,
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), ("big5hkscs", "Big5")),
    **dict.fromkeys(
        (
            "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii", "us-ascii", "cp819",
            "ibm819", "csisolatin1", "windows-1252", "cp1252", "x-cp1252",
        ),
        _WESTERN,
    ),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "ms_kanji", "windows-31j", "x-sjis"), ("cp932", "Shift_JIS")
    ),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "windows-949", "cseuckr"), ("cp949", "EUC-KR")),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "utf-32"), None),
}  # fmt: skip
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([a-z0-9._:-]{1,40})""")
_XML_DECLARATION = re.compile(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9._:-]{1,40})["']""")
_PAGE_BREAK = "\x0c"
#: What a document may hold: the characters of XML 1.0 other than the line breaks a report
#: cannot hold (U+0085, U+2028, U+2029); tab, LF, CR and form feed (a page break) stay.
_NOT_TEXT = re.compile(f"[{FORBIDDEN_CHARS.replace(_PAGE_BREAK, '')}\x85\u2028\u2029]")
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2010-\u2027\u2030-\u205e]+")
_NON_ASCII = re.compile("[^\x00-\x7f]+")
#: A marker for a byte sequence that is no character while decoding: a lone surrogate, which
#: no decoder produces from valid input; replaced by U+FFFD once its lines are known.
_MARK = "\udcfe"
_ERRORS = "gov_disclosure.parse.mark"
#: At most this share of a damaged document's characters may be replaced (2 %): beyond it
#: the bytes are not text in that encoding.
MAX_DAMAGED = 0.02
#: Above this share of characters no report holds (10 %), the bytes are not text at all.
MAX_NOT_TEXT = 0.10
#: Bytes of a page's head searched for a declared charset.
HEAD = 64 * 1024
#: Characters looked at to tell whether a decoding reads as Chinese.
SAMPLE = 1024 * 1024


def _mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # pragma: no cover - registered for decoding only
        raise error
    return _MARK, error.end


codecs.register_error(_ERRORS, _mark)


@attrs.frozen
class Decoded:
    """Text decoded from bytes, the encoding used (its usual name) and the reading findings."""

    text: str
    encoding: str
    notes: tuple[Finding, ...] = ()


def _finding(rule: str, message: str, *, actual: str | None = None) -> Finding:
    return Finding(rule=rule, severity="warning", path="", message=message, actual=actual)


def _undetermined(why: str, where: str = "全文") -> ParseError:
    return ParseError(f"无法确定文档的字符编码：{why}", where=where)


def _declared(data: bytes) -> tuple[str, int] | None:
    """The charset label a page declares (lowercased) and its line, from its first bytes."""
    head = data[:HEAD].lower()
    m = _XML_DECLARATION.match(head)
    if m is not None:
        return m.group(1).decode("ascii"), head.count(b"\n", 0, m.start(1)) + 1
    at = head.find(b"<meta")
    while at >= 0:
        end = head.find(b">", at)
        tag = head[at : end if 0 <= end - at <= 2048 else at + 2048]
        found = _CHARSET.search(tag)
        if found is not None:
            return found.group(1).decode("ascii"), head.count(b"\n", 0, at) + 1
        at = head.find(b"<meta", at + 5)
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _chinese(text: str) -> bool:
    """Whether the non-ASCII characters of (the start of) ``text`` are mostly Chinese: CJK
    ideographs, CJK and general punctuation, full-width forms. Pure ASCII counts as Chinese
    (every candidate reads it alike)."""
    sample = text[:SAMPLE]
    other = sum(map(len, _NON_ASCII.findall(sample)))
    if not other:
        return True
    return sum(map(len, _CJK.findall(sample))) >= 0.5 * other


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte order mark: ASCII text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[: 2 * SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    units = len(sample) // 2
    if odd >= 0.3 * units and even <= 0.02 * units:
        return "utf-16-le", "UTF-16 LE"
    if even >= 0.3 * units and odd <= 0.02 * units:
        return "utf-16-be", "UTF-16 BE"
    return None


def head(data: bytes, size: int = 4096) -> str:
    """The start of a document as text, good enough to guess its format from (a byte order
    mark or UTF-16 without one honoured, anything undecodable dropped)."""
    for bom, codec, _ in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : len(bom) + size].decode(codec, "ignore")
    utf16 = _utf16_without_bom(data[: 2 * size])
    if utf16 is not None:
        return data[: 2 * size].decode(utf16[0], "ignore")
    return data[:size].decode("utf-8", "ignore")


def _not_text_share(text: str) -> float:
    sample = text[:SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(_NOT_TEXT.sub("", sample))) / len(sample)


Declared = tuple[str, int]  # a declared charset label (lowercased) and its line
Wanted = tuple[str, str] | None  # what the label names: (codec, name); ("", "") if unknown


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """The text of a document given as bytes (see the module docstring for the order)."""
    if data.startswith(b"%PDF-"):
        msg = '这是 PDF 文件，不是文本：请按 PDF 读取（不指定格式，或 fmt="pdf"）'
        raise _undetermined(msg, "文件开头")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        msg = "这是旧版 Word（.doc）或其他 OLE 文件，不是文本：请在 Word 中另存为 .docx"
        raise _undetermined(msg, "文件开头")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = _strict(body, codec)
            if text is None:
                return _damaged(body, [(codec, name)], _bommed)
            return _checked(Decoded(text, name, _bommed(name)))
    declared = _declared(data) if html else None
    wanted: Wanted = _LABELS.get(declared[0], ("", "")) if declared else None
    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(Decoded(text, _UTF8[1], () if data.isascii() else _notes(_UTF8[1], declared, wanted)))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16[0])
        if text is not None and _not_text_share(text) <= MAX_NOT_TEXT:
            why = f"文档是没有字节顺序标记（BOM）的 {utf16[1]} 编码"
            return _checked(Decoded(text, utf16[1], (_used(utf16[1], why),)))
    candidates: list[tuple[str, str]] = []
    if wanted and wanted[0] and wanted != _UTF8:
        candidates.append(wanted)
    if _GB not in candidates:
        candidates.append(_GB)
    readable: list[tuple[str, str]] = []
    for codec, name in candidates:
        text = _strict(data, codec)
        if text is None:
            continue
        if _chinese(text):
            return _checked(Decoded(text, name, _notes(name, declared, wanted)))
        readable.append((name, text))
    if readable and wanted and readable[0][0] == wanted[1]:
        name, text = readable[0]
        return _checked(Decoded(text, name, _notes(name, declared, wanted)))
    return _damaged(data, [_UTF8, *candidates], lambda name: _notes(name, declared, wanted))


def _bommed(name: str) -> tuple[Finding, ...]:
    return () if name == _UTF8[1] else (_used(name, "文档带有字节顺序标记（BOM）"),)


def _used(name: str, why: str) -> Finding:
    also = "（兼容 GBK、GB2312）" if name == _GB[1] else ""
    return _finding(RULE_ENCODING, f"{why}，按 {name} 编码读入{also}", actual=name)


def _notes(name: str, declared: Declared | None, wanted: Wanted) -> tuple[Finding, ...]:
    """What to say about reading the bytes as ``name``, given what the page declared."""
    if declared is None:
        if name == _UTF8[1]:
            return ()
        return (_used(name, "文档不是 UTF-8 编码"),)
    label, line = declared
    if wanted is not None and wanted[1] == name:
        if name == _UTF8[1]:
            return ()
        message = f"按页面声明的 {name} 编码读入（第 {line} 行声明为“{label}”；不是 UTF-8）"
        return (_finding(RULE_ENCODING, message, actual=label),)
    unknown = "" if label in _LABELS else "，这不是可识别的编码名称"
    message = f"页面声明的编码为“{label}”（第 {line} 行）{unknown}，但内容是 {name} 编码，按 {name} 读入"
    return (_finding(RULE_ENCODING, message, actual=label),)


Notes = Callable[[str], tuple[Finding, ...]]  # what to say about the encoding chosen


def _damaged(data: bytes, candidates: list[tuple[str, str]], notes: Notes) -> Decoded:
    """A damaged file: the first candidate (UTF-8 before the others) whose failures are few
    and whose text reads as Chinese; each failing byte sequence becomes U+FFFD."""
    for codec, name in candidates:
        text = data.decode(codec, _ERRORS)
        marks = text.count(_MARK)
        if marks > MAX_DAMAGED * max(1, len(text)) or _not_text_share(text) > MAX_NOT_TEXT:
            continue
        if not _chinese(text.replace(_MARK, "")):
            continue
        places = _places(text, _MARK)
        damaged = _finding(
            RULE_DAMAGED,
            f"文档有 {marks} 处字节不是有效的 {name} 字符（文件可能已损坏），已替换为“\ufffd”：{places}",
            actual="\ufffd",
        )
        return _checked(Decoded(text.replace(_MARK, "\ufffd"), name, (*notes(name), damaged)))
    msg = "内容不是 UTF-8、UTF-16、UTF-32 或 GB18030（GBK、GB2312）编码的文本"
    raise _undetermined(msg)


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text whose characters are largely ones no document holds (NULs, controls)."""
    if _not_text_share(decoded.text) > MAX_NOT_TEXT:
        msg = f"按 {decoded.encoding} 解码后大量字符是控制字符（如 NUL），不是文本文档"
        raise _undetermined(msg)
    return decoded


def lines_of(text: str, positions: list[int]) -> list[int]:
    """The line (from 1) of each of ``positions`` (ascending): ``\\r\\n``, ``\\r``, ``\\n`` and form
    feeds end lines, as the text reader counts them. One pass over the text."""
    out: list[int] = []
    line, previous = 1, 0
    for pos in positions:
        chunk = text[previous:pos]
        line += chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n") + chunk.count("\f")
        out.append(line)
        previous = pos
    return out


#: Places listed in a finding before the rest are counted.
PLACES = 5


def _places(text: str, char: str) -> str:
    """``第 3、17 行`` for where ``char`` occurs (the first few lines and how many more)."""
    positions: list[int] = []
    count = 0
    at = text.find(char)
    while at >= 0:
        count += 1
        if len(positions) < 10 * PLACES:
            positions.append(at)
        at = text.find(char, at + 1)
    return _line_list(lines_of(text, positions), count)


def _line_list(lines: list[int], count: int) -> str:
    unique = list(dict.fromkeys(lines))
    shown = "、".join(str(n) for n in unique[:PLACES])
    more = "等" if len(unique) > PLACES or count > len(lines) else ""
    return f"第 {shown} 行{more}"


def clean(text: str) -> tuple[str, tuple[Finding, ...]]:
    """``text`` without the characters no report holds, and a finding saying what went where."""
    if _NOT_TEXT.search(text) is None:
        return text, ()
    positions: list[int] = []
    codes: dict[str, None] = {}
    count = 0
    for m in _NOT_TEXT.finditer(text):
        count += 1
        if len(positions) < 10 * PLACES:
            positions.append(m.start())
        if len(codes) < PLACES:
            codes[f"U+{ord(m.group()):04X}"] = None
    places = _line_list(lines_of(text, positions), count)
    shown = "、".join(codes) + ("等" if count > len(codes) else "")
    message = f"删去了 {count} 个报告不能含有的字符（{shown}：控制字符或特殊分隔符）：{places}"
    return _NOT_TEXT.sub("", text), (_finding(RULE_DAMAGED, message, actual=shown),)
