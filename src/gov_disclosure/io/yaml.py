"""YAML for data files: read from the parser's events straight into plain values, and written
by a small emitter for the plain data of the dict contract.

Reading. libyaml (or PyYAML's own parser where libyaml is missing) scans and parses the text;
the values are built here, one event at a time, without PyYAML's node graph and constructor,
which keeps every check ours and cheap:

* an alias is the same object as its anchor's value (as PyYAML gives it), and every node is
  counted as if each alias were a copy: the document is refused as soon as that count passes
  :data:`MAX_NODES`, so the "billion laughs" stops at its first few aliases;
* an alias to a node that is still being read (a recursive alias) is refused, and so is an
  alias before its anchor, and an anchor defined twice;
* nesting is counted through aliases too, and stops at :data:`MAX_DEPTH`;
* a key given twice in one mapping is refused (``<<`` too); the merge key ``<<`` works as the
  YAML merge type says: the mapping's own keys override merged ones, and in a list of mappings
  the first one holding a key gives it;
* tags: only those of texts, numbers, null, lists and mappings; numbers in one plain form each.

Plain scalars are resolved as PyYAML's SafeLoader does (YAML 1.1: ``no`` is ``False``,
``2024-01-01`` a date), except that numbers are read exactly (``Decimal``, never ``float``).

Where a scalar looks like a Chinese-keyboard mistake (full-width digits, commas or colons), the
loader notes where it is (a :class:`Hint`), so that an error found later at that place can say
which line to change and what to type instead.

Writing. :func:`dumps` writes plain dicts, lists, texts, integers, booleans and ``None`` in
block style, every text on one line (quoted when YAML would read it as something else), and
returns ``None`` for anything else, which is left to PyYAML's SafeDumper.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, cast

from gov_disclosure import spec
from gov_disclosure.exceptions import InputError

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "Hint",
    "YamlProblem",
    "dumps",
    "hinted",
    "loads",
    "yaml_data",
    "yaml_dumps",
    "yaml_loads",
]

#: The deepest nesting of lists and mappings a YAML file may have (a report needs 5 levels),
#: counted through aliases too.
MAX_DEPTH = 64

#: The most nodes (scalars, lists and mappings, keys included) a YAML file may hold, counted as
#: if every alias were a copy of its anchor's node. A full report has about 2,000.
MAX_NODES = 300_000

#: The longest integer a JSON or YAML file may write (a count needs 7 digits).
MAX_INT_DIGITS = 100


class YamlProblem(Exception):
    """Why a YAML text cannot be read, in Chinese, and where (lines and columns from 1)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = f"第 {self.line} 行第 {self.column} 列：" if self.line is not None else ""
        return f"不是有效的 YAML：{where}{self.message}"


class Hint(NamedTuple):
    """A scalar that looks like a keyboard mistake: where it is, and what to type instead."""

    path: str
    line: int
    column: int
    kind: str  # "digits", "comma", "colon", "colon-space", "indent"
    text: str
    instead: str

    def message(self, *, whole: bool = True) -> str:
        """The message; ``whole`` for a comma hint when the text stands for the whole list (a
        row of one text), not for some cells of it."""
        where = f"第 {self.line} 行第 {self.column} 列："
        if self.kind == "digits":
            return f"{where}“{self.text}”是全角数字，请改用半角数字 {self.instead}"
        if self.kind == "comma":
            comma = "顿号“、”" if "、" in self.text else "全角逗号“，”"
            read = f"YAML 把“{self.text}”读成了一段文字"
            instead = f"[{self.instead}]" if whole else self.instead
            return f"{where}数字之间用了{comma}，{read}：请改用半角逗号，写成 {instead}"
        if self.kind == "colon":
            return _full_width_colon(where, self.instead)
        if self.kind == "colon-space":
            read = f"YAML 把“{self.text}”读成了一段文字"
            return f"{where}键 {self.instead} 的冒号后面缺少空格，{read}：请写成“{self.instead}: 值”"
        return f"{where}键“{self.text}”前面用了全角空格“　”缩进：请改用半角空格"


def _full_width_colon(where: str, key: str) -> str:
    return f"{where}键 {key} 后面用了全角冒号“：”：请改用半角冒号“:”，并在冒号后加一个空格"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:20] + "…"


def _too_deep() -> str:
    return f"嵌套层数过多（超过 {MAX_DEPTH} 层）"


def _too_long(digits: str) -> str:
    return f"数字过长（{len(digits)} 位，最多 {MAX_INT_DIGITS} 位）：{digits[:20]}…"


def _too_many(mark: Any) -> YamlProblem:
    message = f"内容过多：展开别名后超过 {MAX_NODES:,} 个节点（一份报告约 2,000 个），不像一份年度报告"
    return _at(message, mark)


def _at(message: str, mark: Any) -> YamlProblem:
    return YamlProblem(message, mark.line + 1, mark.column + 1)


# --- reading --------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_EXACT_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_NUMBERS = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


class _Merge:
    """The merge key ``<<`` (a text ``"<<"`` anywhere but in a key)."""


_MERGE = _Merge()
_MISSING = object()


def _int(text: str, mark: Any) -> int:
    if not _DECIMAL_INT.fullmatch(text):
        msg = f"整数 {_short(text)!r} 应写成普通的十进制数字（如 10）"
        raise _at(msg, mark)
    if len(text.lstrip("+-")) > MAX_INT_DIGITS:
        raise _at(_too_long(text), mark)
    return int(text)


def _number(text: str, mark: Any) -> Decimal:
    special = _SPECIAL_NUMBERS.get(text.lower())
    if special is not None:
        return Decimal(special)
    if _EXACT_NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # an exponent beyond what Decimal holds
            pass
    msg = f"{_short(text)!r} 不是有效的数字"
    raise _at(msg, mark)


class _Machinery(NamedTuple):
    parser: Callable[[str], Any]
    events: tuple[type, ...]
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]]
    timestamp: Callable[[str], Any]
    errors: tuple[type[BaseException], ...]


@functools.cache
def _machinery(*, c_parser: bool = True) -> _Machinery:
    import yaml  # noqa: PLC0415 - YAML loads only when a YAML file is read

    parser: Callable[[str], Any] = yaml.SafeLoader
    if c_parser and getattr(yaml, "__with_libyaml__", False):
        from yaml._yaml import CParser  # noqa: PLC0415

        parser = CParser
    ev = yaml.events
    events = (
        ev.ScalarEvent,
        ev.SequenceStartEvent,
        ev.SequenceEndEvent,
        ev.MappingStartEvent,
        ev.MappingEndEvent,
        ev.AliasEvent,
        ev.DocumentEndEvent,
        ev.StreamEndEvent,
    )
    constructor = yaml.constructor.SafeConstructor()

    def timestamp(text: str) -> Any:
        node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", text)
        try:
            return constructor.construct_yaml_timestamp(node)
        except (ValueError, AttributeError):  # 2024-13-45: not a date, so the text it is
            return text

    return _Machinery(
        parser, events, yaml.resolver.Resolver.yaml_implicit_resolvers, timestamp, (yaml.YAMLError,)
    )


class _Frame:
    """A list or mapping being read."""

    __slots__ = ("anchor", "deep", "has_key", "items", "key", "key_mark", "level", "mark", "merged", "start")

    def __init__(self, items: Any, level: int, start: int, anchor: str | None, mark: Any) -> None:
        self.items = items
        self.level = level
        self.deep = level  # the deepest level reached inside
        self.start = start  # nodes counted before this one
        self.anchor = anchor
        self.mark = mark
        self.has_key = False
        self.key: Any = None
        self.key_mark: Any = None
        self.merged: dict[Any, Any] | None = None


_HINT_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789０１２３４５６７８９")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_HINT_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_HINT_LIST = re.compile(r"[0-9０-９]+(?:[ \t]*[，、,][ \t]*[0-9０-９]+)+")
_HINT_COLON = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*：")
_HINT_NO_SPACE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?=[^ \t])")


def _hint(text: str, keys: Collection[str]) -> tuple[str, str] | None:
    """``(kind, what to type instead)`` when ``text`` looks like a keyboard mistake."""
    if _HINT_NUMBER.fullmatch(text):
        ascii_text = text.translate(_FULL_WIDTH_DIGITS)
        return ("digits", ascii_text) if ascii_text != text else None
    if _HINT_LIST.fullmatch(text):
        if "，" not in text and "、" not in text:
            return None
        numbers = re.split(r"[ \t]*[，、,][ \t]*", text.translate(_FULL_WIDTH_DIGITS))
        return ("comma", ", ".join(numbers))
    match = _HINT_COLON.match(text)
    if match and match.group(1) in keys:
        return ("colon", match.group(1))
    match = _HINT_NO_SPACE.match(text)
    if match and match.group(1) in keys:
        return ("colon-space", match.group(1))
    return None


def _path(stack: list[_Frame]) -> str | None:
    """The dotted path of the value about to be added (``None`` inside a key)."""
    parts = []
    for frame in stack:
        if isinstance(frame.items, dict):
            if not frame.has_key:
                return None
            parts.append(str(frame.key))
        else:
            parts.append(str(len(frame.items)))
    return ".".join(parts)


def loads(text: str, keys: Collection[str] = (), *, c_parser: bool = True) -> tuple[Any, list[Hint]]:
    """The plain data of a YAML text, and the :class:`Hint` s found on the way.

    Raises :class:`YamlProblem` for a text that is not YAML, or not one we read (see the
    module's docstring); ``keys`` are the keys a report may have, for the hints.
    """
    m = _machinery(c_parser=c_parser)
    try:
        parser = m.parser(text)
        try:
            return _build(parser.get_event, m, keys)
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
    except YamlProblem:
        raise
    except m.errors as exc:
        raise _translate(exc, text, keys) from None
    except UnicodeEncodeError as exc:  # a lone surrogate in a str: it has no UTF-8 form
        line = text.count("\n", 0, exc.start) + 1
        column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        message = f"含有 YAML 不允许直接写出的字符 U+{ord(text[exc.start]):04X}"
        raise YamlProblem(message, line, column) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting long before
        msg = "嵌套层数过多"
        raise YamlProblem(msg) from None


def _build(get_event: Callable[[], Any], m: _Machinery, keys: Collection[str]) -> tuple[Any, list[Hint]]:
    scalar_event, seq_start, seq_end, map_start, map_end, alias_event, doc_end, stream_end = m.events
    resolvers = m.resolvers
    hints: list[Hint] = []
    get_event()  # the stream's start
    event = get_event()
    if type(event) is stream_end:
        return None, hints
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int, int] | None] = {}  # value, nodes, height; None while open
    plain: dict[str, Any] = {}  # plain scalars already resolved
    total = 0
    root: Any = None
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event:
            total += 1
            level = len(stack) + 1
            if total > MAX_NODES:
                raise _too_many(event.start_mark)
            if level > MAX_DEPTH:
                raise _at(_too_deep(), event.start_mark)
            text = event.value
            tag = event.tag
            if tag is None or tag == "!":
                if event.implicit[0]:
                    value = plain.get(text, _MISSING)
                    if value is _MISSING:
                        value = _resolve(text, event.start_mark, resolvers, m.timestamp)
                        plain[text] = value
                    if type(value) is str:
                        if value and value[0] in _HINT_FIRST:
                            _note(hints, stack, text, event.start_mark, keys)
                    elif value is _MERGE and not (
                        stack and type(stack[-1].items) is dict and not stack[-1].has_key
                    ):
                        value = text  # "<<" anywhere but in a key is a text
                else:
                    value = text
            elif tag == _STR:
                value = text
            elif tag == _INT:
                value = _int(text, event.start_mark)
            elif tag == _FLOAT:
                value = _number(text, event.start_mark)
            elif tag == _NULL:
                value = None
            else:
                raise _tag(tag, event.start_mark)
            mark = event.start_mark
            deep = level
            if event.anchor is not None:
                _define(anchors, event.anchor, mark)
                anchors[event.anchor] = (value, 1, 1)
        elif kind is map_start or kind is seq_start:
            total += 1
            level = len(stack) + 1
            if total > MAX_NODES:
                raise _too_many(event.start_mark)
            if level > MAX_DEPTH:
                raise _at(_too_deep(), event.start_mark)
            tag = event.tag
            if tag is not None and tag not in ("!", _MAP if kind is map_start else _SEQ):
                raise _tag(tag, event.start_mark)
            if event.anchor is not None:
                _define(anchors, event.anchor, event.start_mark)
            stack.append(
                _Frame({} if kind is map_start else [], level, total - 1, event.anchor, event.start_mark)
            )
            continue
        elif kind is map_end or kind is seq_end:
            frame = stack.pop()
            value = frame.items
            if frame.merged:
                value = {**frame.merged, **value}
            level = frame.level
            deep = frame.deep
            mark = frame.mark
            if frame.anchor is not None:
                anchors[frame.anchor] = (value, total - frame.start, deep - level + 1)
        elif kind is alias_event:
            entry = anchors.get(event.anchor, _MISSING)
            if entry is _MISSING:
                message = f"别名 *{event.anchor} 之前没有定义锚点 &{event.anchor}（锚点须写在别名之前）"
                raise _at(message, event.start_mark)
            if entry is None:
                message = f"别名 *{event.anchor} 指向包含它自己的内容（递归的别名），无法展开"
                raise _at(message, event.start_mark)
            value, size, height = cast("tuple[Any, int, int]", entry)
            total += size
            level = len(stack) + 1
            deep = level + height - 1
            mark = event.start_mark
            if total > MAX_NODES:
                raise _too_many(mark)
            if deep > MAX_DEPTH:
                raise _at(_too_deep(), mark)
        elif kind is doc_end:
            break
        else:  # pragma: no cover - the parser gives no other event inside a document
            msg = f"unexpected {event!r}"
            raise YamlProblem(msg)

        if not stack:
            root = value
            continue
        parent = stack[-1]
        parent.deep = max(parent.deep, deep)
        items = parent.items
        if type(items) is list:
            items.append(value)
        elif parent.has_key:
            parent.has_key = False
            key = parent.key
            if key is _MERGE:
                if parent.merged is not None:
                    msg = "键 '<<' 出现了两次"
                    raise _at(msg, parent.key_mark)
                parent.merged = _merge(value, mark)
            elif key in items:
                msg = f"键 {_short(str(key))!r} 出现了两次"
                raise _at(msg, parent.key_mark)
            else:
                items[key] = value
        else:
            if isinstance(value, (list, dict)):
                msg = "映射的键只能是文本或数字，不能是列表或映射"
                raise _at(msg, mark)
            if type(value) is str and value[:1] == "\u3000" and value.strip("\u3000 ") in keys:
                where = _path(stack[:-1])  # the mapping's own path
                path = f"{where}.{value}" if where else value
                hints.append(
                    Hint(path, mark.line + 1, mark.column + 1, "indent", value, value.strip("\u3000 "))
                )
            parent.key = value
            parent.key_mark = mark
            parent.has_key = True

    event = get_event()
    if type(event) is not stream_end:
        msg = "文件中有不止一份 YAML 文档（以 --- 分隔）：一个文件只应含一份报告"
        raise _at(msg, event.start_mark)
    return root, hints


def _resolve(
    text: str,
    mark: Any,
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]],
    timestamp: Callable[[str], Any],
) -> Any:
    """A plain scalar's value, as PyYAML's SafeLoader resolves it, numbers exactly."""
    if not text:
        return None
    for tag, regexp in resolvers.get(text[0], ()):
        if regexp.match(text):
            name = tag.rsplit(":", 1)[-1]
            if name == "int":
                return _int(text, mark)
            if name == "float":
                return _number(text, mark)
            if name == "bool":
                return _BOOLS[text.lower()]
            if name == "null":
                return None
            if name == "timestamp":
                return timestamp(text)
            if name == "merge":
                return _MERGE
            return text  # "=", the "value" key of YAML 1.1, and the like: a text
    return text


def _note(hints: list[Hint], stack: list[_Frame], text: str, mark: Any, keys: Collection[str]) -> None:
    found = _hint(text, keys)
    if found is not None:
        path = _path(stack)
        if path is not None:
            hints.append(Hint(path, mark.line + 1, mark.column + 1, found[0], text, found[1]))


def _define(anchors: dict[str, Any], anchor: str, mark: Any) -> None:
    if anchor in anchors:
        msg = f"锚点 &{anchor} 定义了两次：每个锚点的名字只能用一次"
        raise _at(msg, mark)
    anchors[anchor] = None


def _tag(tag: str, mark: Any) -> YamlProblem:
    return _at(f"不支持 YAML 标签 {tag!r}：数据文件只应含文本、数字、列表和映射", mark)


def _merge(value: Any, mark: Any) -> dict[Any, Any]:
    """The keys a merge ``<<: value`` brings; in a list of mappings the first one holding a key
    gives its value, as the YAML merge type says (https://yaml.org/type/merge.html)."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        out: dict[Any, Any] = {}
        for item in reversed(value):
            out.update(item)
        return out
    msg = "合并键 << 的值应为映射（如 *anchor）或映射的列表"
    raise _at(msg, mark)


# --- what the parser says, in Chinese --------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


_TAB = "这一行用了 TAB 键缩进：YAML 只能用空格缩进，请把 TAB 换成空格"
_KEY_FULL_WIDTH_COLON = re.compile(r"[ \u3000]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*：")
_KEY_NO_SPACE = re.compile(r"[ \u3000]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*):(?=[^ \t\r\n])")

#: The scanner's and parser's problems (libyaml's words, then PyYAML's), and what to say.
_PROBLEMS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern), message, at_context)
    for pattern, message, at_context in (
        (
            r"mapping values are not allowed (here|in this context)",
            "这里不能出现“冒号加空格”：若它是文字的一部分，请给整段文字加引号；"
            "若它是一个键，请检查这一行的缩进是否与同一层的键对齐",
            False,
        ),
        (
            r"could not find expected ':'",
            "这一行的键后面找不到冒号“:”：请在键后面写半角冒号，冒号后加一个空格",
            True,
        ),
        (
            r"did not find expected key|expected <block end>, but found '<block mapping start>'"
            r"|expected <block end>, but found '<scalar>'",
            "缩进不对，或引号结束后同一行还有文字：同一层的键要用空格左对齐；"
            "若文字里有引号，请给整段文字另加引号",
            False,
        ),
        (
            r"did not find expected '-' indicator|expected <block end>, but found '\?'",
            "列表项应以“- ”开头，并与同一列表的其他项对齐",
            False,
        ),
        (
            r"block sequence entries are not allowed in this context|expected <block end>, but found '-'",
            "这里不能开始“- ”列表项：请检查缩进（列表要写在键的下一行），或给以“-”开头的文字加引号",
            False,
        ),
        (
            r"found unexpected end of stream",
            "这里开始的引号没有结束：请补上配对的引号",
            True,
        ),
        (
            r"did not find expected ',' or '\]'|expected ',' or '\]', but got",
            "这里开始的方括号“[”没有配对的“]”，或列表项之间缺少半角逗号“,”",
            True,
        ),
        (
            r"did not find expected ',' or '\}'|expected ',' or '\}', but got",
            "这里开始的花括号没有配对，或项之间缺少半角逗号“,”",
            True,
        ),
        (
            r"did not find expected node content|expected the node content, but found",
            "这里缺少一个值（例如两个逗号之间什么也没有）",
            False,
        ),
        (
            r"found unknown escape character",
            "双引号里的反斜杠“\\”后面不是有效的转义：要写反斜杠本身请写两个“\\\\”，或改用单引号",
            False,
        ),
        (
            r"did not find expected alphabetic or numeric character|expected alphabetic or numeric character",
            "“&”或“*”后面应紧跟锚点的名字：若它们是文字的一部分，请给整段文字加引号",
            True,
        ),
        (
            r"did not find expected <document start>|expected '<document start>', but found",
            "文档结束的标记（--- 或 ...）后面还有内容：一个文件只应含一份报告",
            False,
        ),
    )
)


def _translate(exc: BaseException, text: str, keys: Collection[str]) -> YamlProblem:
    """A parser's or reader's error as a :class:`YamlProblem`, in Chinese where we know it."""
    import yaml  # noqa: PLC0415

    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(text, exc)
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return YamlProblem(str(exc))
    problem = str(exc.problem)
    mark = exc.problem_mark
    line, column = mark.line + 1, mark.column + 1
    lines = _lines(text)
    if problem == "exceeded maximum nesting depth":  # libyaml's own limit, above ours
        return YamlProblem(_too_deep(), line, column)
    if "tab character" in problem or _char_at(lines, mark.line, mark.column) == "\t":
        return YamlProblem(_TAB, line, column)
    context = exc.context_mark
    # a key typed with a full-width colon, on the line of the problem or of its context, or the one before
    candidates = {mark.line, mark.line - 1} | ({context.line} if context is not None else set())
    for number in sorted(candidates, reverse=True):
        if not 0 <= number < len(lines):
            continue
        found = _KEY_FULL_WIDTH_COLON.match(lines[number])
        if found and found.group(1) in keys:
            return YamlProblem(_full_width_colon("", found.group(1)), number + 1, found.start(1) + 1)
        found = _KEY_NO_SPACE.match(lines[number])
        if found and found.group(1) in keys:
            message = f"键 {found.group(1)} 的冒号后面缺少空格：请写成“{found.group(1)}: 值”"
            return YamlProblem(message, number + 1, found.start(1) + 1)
    for number in (mark.line, mark.line - 1):  # a line set off by full-width spaces ends what came before
        if 0 <= number < len(lines) and lines[number].startswith("\u3000"):
            return YamlProblem("这一行开头用了全角空格“　”缩进：请改用半角空格", number + 1, 1)
    if re.search(r"found character (.+ )?that cannot start any token", problem):
        char = _char_at(lines, mark.line, mark.column)
        message = f"字符“{char}”不能作为一个值的开头：以 @ 或反引号等字符开头的文字请加引号"
        return YamlProblem(message, line, column)
    for pattern, message, at_context in _PROBLEMS:
        if pattern.search(problem):
            if at_context and context is not None:
                return YamlProblem(message, context.line + 1, context.column + 1)
            return YamlProblem(message, line, column)
    return YamlProblem(problem, line, column)


def _char_at(lines: list[str], line: int, column: int) -> str:
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _reader_problem(text: str, exc: Any) -> YamlProblem:
    """Where a character YAML cannot read sits, and which one it is."""
    if isinstance(exc.position, int) and isinstance(exc.character, int):
        position = exc.position
        if not (0 <= position < len(text) and ord(text[position]) == exc.character):
            # libyaml counts bytes of the UTF-8 text, not characters
            position = len(
                text.encode("utf-8", errors="surrogatepass")[: exc.position].decode("utf-8", errors="ignore")
            )
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return YamlProblem(f"含有 YAML 不允许直接写出的字符 U+{exc.character:04X}", line, column)
    return YamlProblem(str(exc.reason))  # pragma: no cover - readers always give the character


# --- writing --------------------------------------------------------------------------------


class _Unsupported(Exception):
    pass


#: Characters YAML can hold as they are (printable, not a line break, not a byte-order mark).
_NOT_AS_IS = "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
_NEEDS_ESCAPE = re.compile(_NOT_AS_IS + '|["\\\\]')
_NOT_SINGLE_QUOTED = re.compile(_NOT_AS_IS)
#: What keeps a text from being written plain (to be read back as the same text).
_NOT_PLAIN = re.compile(_NOT_AS_IS + r"|^[-?:,\[\]{}#&*!|>'\"%@`\s]|:\s|:$|\s#|\s$|^\.\.\.")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
_ESCAPES = {
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    known = _ESCAPES.get(char)
    if known is not None:
        return known
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"  # pragma: no cover - every character above U+FFFF is written as it is


@functools.cache
def _plain_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    return _machinery().resolvers


def _text(value: str) -> str:
    """``value`` as a YAML scalar on one line: plain when it reads back as this text."""
    if value and not _NOT_PLAIN.search(value):
        for _, regexp in _plain_resolvers().get(value[0], ()):
            if regexp.match(value):
                break
        else:
            return value
    if not _NOT_SINGLE_QUOTED.search(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, (list, tuple)) and not value:
        return "[]"
    raise _Unsupported


def _key(key: object) -> str:
    if isinstance(key, str) and _KEY.fullmatch(key) and _text(key) == key:
        return key
    raise _Unsupported


def _mapping(data: dict[Any, Any], indent: int, out: list[str], lead: str | None, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _Unsupported
    pad = " " * indent
    for key, value in data.items():
        head = (pad if lead is None else lead) + _key(key) + ":"
        lead = None
        if isinstance(value, dict) and value:
            out.append(head + "\n")
            _mapping(value, indent + 2, out, None, depth + 1)
        elif isinstance(value, (list, tuple)) and value:
            out.append(head + "\n")
            _sequence(value, indent, out, None, depth + 1)
        else:
            out.append(f"{head} {_scalar(value)}\n")


def _sequence(
    data: list[Any] | tuple[Any, ...], indent: int, out: list[str], lead: str | None, depth: int
) -> None:
    if depth > MAX_DEPTH:
        raise _Unsupported
    pad = " " * indent
    for item in data:
        head = (pad if lead is None else lead) + "- "
        lead = None
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, out, head, depth + 1)
        elif isinstance(item, (list, tuple)) and item:
            _sequence(item, indent + 2, out, head, depth + 1)
        else:
            out.append(head + _scalar(item) + "\n")


def dumps(data: Any) -> str | None:
    """Block-style YAML of a non-empty dict or list of plain values, or ``None`` when ``data``
    holds anything else (a float, a ``Decimal``, a key that is not a plain name, …)."""
    out: list[str] = []
    try:
        if isinstance(data, dict) and data:
            _mapping(data, 0, out, None, 1)
        elif isinstance(data, (list, tuple)) and data:
            _sequence(data, 0, out, None, 1)
        else:
            return None
    except _Unsupported:
        return None
    return "".join(out)


# --- reports' data files ------------------------------------------------------------------------


def yaml_data(text: str | bytes, source: str | None = None) -> tuple[Any, list[Hint]]:
    """Plain data from YAML text or bytes, and the hints about keyboard mistakes in it; a text
    that is no YAML raises :class:`~gov_disclosure.InputError`."""
    from gov_disclosure.io._convert import report_keys  # noqa: PLC0415 - cattrs only for reports
    from gov_disclosure.io._decode import decode  # noqa: PLC0415

    if isinstance(text, bytes):
        text = decode(text, source)
    try:
        return loads(text, report_keys())
    except YamlProblem as exc:
        raise InputError([("", str(exc))], source=source) from None


def yaml_loads(text: str | bytes, *, source: str | None = None) -> Any:
    """Parse YAML safely: only texts, numbers, lists and mappings; aliases expanded within a
    budget; no duplicate keys."""
    return yaml_data(text, source)[0]


def yaml_dumps(data: Any) -> str:
    """YAML text of plain data, keys in the order given, Chinese as it is.

    Never writes an alias (PyYAML would for a list or mapping that occurs twice): every value
    is written out in full.
    """
    text = dumps(data)
    if text is not None:
        return text
    import yaml  # noqa: PLC0415 - only for data the emitter above does not write

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )


def hinted(error: InputError, hints: list[Hint]) -> InputError:
    """``error`` with each problem at a place the YAML loader found a keyboard mistake told
    as that mistake: its line, and what to type instead."""
    errors = []
    from gov_disclosure.io._convert import message  # noqa: PLC0415 - cattrs only for reports

    for path, text in error.errors:
        for hint in hints:
            how = _hint_explains(hint, path)
            if how is not None:
                errors.append(message(path, hint.message(whole=how != "cell")))
                break
        else:
            errors.append((path, text))
    return InputError(errors, source=error.source)


def _hint_explains(hint: Hint, path: str) -> str | None:
    """How ``hint`` explains a problem at ``path``: as the value there, as a cell of a row
    given as a list there, as the one item of a row given as a list; or ``None``."""
    if hint.path == path:
        return "value"
    parent, _, last = path.rpartition(".")
    if last in spec.ROW_KEYS and hint.path == f"{parent}.{spec.ROW_KEYS.index(last)}":
        return "cell"
    if hint.kind == "comma" and hint.path.rpartition(".")[0] == path:
        return "row"
    return None
