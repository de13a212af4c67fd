"""What every subcommand shares: exit codes, reading an input (data file or published document),
printing findings and errors, and the checks on output paths."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from gov_disclosure import spec
from gov_disclosure.exceptions import GovDisclosureError, InconsistentReportError, InputError, ParseError
from gov_disclosure.io import filetypes
from gov_disclosure.io.files import OutputError

if TYPE_CHECKING:
    from gov_disclosure.findings import Finding
    from gov_disclosure.model import Report


PROG = "gov-disclosure"

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Suffixes read as data files (the dict contract); anything else is a published document.
DATA_SUFFIXES = filetypes.data_suffixes()
#: Suffix written for each render format with ``--out-dir``.
FORMAT_SUFFIX = {t.name: t.suffix for t in filetypes.writable("document")}
SEVERITY_WORDS = {"error": "错误", "warning": "警告"}


class UsageError(GovDisclosureError):
    """A command that cannot be carried out as given (one line, exit 2)."""


class WorkerError(GovDisclosureError):
    """A worker process of ``--jobs`` died: the batch is stopped (one line, exit 3)."""


def chosen_format(args: object) -> spec.Format:
    """The report format ``--template`` names (the default format without it)."""
    format_id = getattr(args, "template", None) or spec.DEFAULT_FORMAT
    try:
        return spec.get_format(format_id)
    except KeyError as exc:
        msg = f"--template：{exc.args[0]}"
        raise UsageError(msg) from None


def shown(text: str) -> str:
    """``text`` (a file name, or a line naming one) as printed: valid UTF-8 whatever the name.

    A POSIX file name that is not UTF-8 reaches Python with each undecodable byte as a
    surrogate escape (``b'\\xff.yaml'`` is ``'\\udcff.yaml'``); it is shown with that byte
    written as ``\\xff``. Any other lone surrogate is shown as ``\\udXXX``.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return text


# --- reading inputs ---------------------------------------------------------------------


def is_data_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is read as a data file (JSON/YAML) rather than a published document."""
    return Path(path).suffix.lower() in DATA_SUFFIXES


def _require_file(path: str) -> None:
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
    if p.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)


def read_report(path: str) -> tuple[Report, list[Finding]]:
    """The report in ``path`` and the findings made while reading it.

    Data files (.json/.yaml/.yml) load with ``strict=False`` (an inconsistent report is read,
    and :func:`gov_disclosure.check` names its errors); anything else goes to the parser.
    """
    _require_file(path)
    if is_data_file(path):
        from gov_disclosure.io.data import load  # noqa: PLC0415 - cattrs and YAML load on first use

        return load(path, strict=False), []
    try:
        from gov_disclosure.parse import parse  # noqa: PLC0415 - the readers load only for documents
    except ImportError:
        msg = f"不是数据文件（{'、'.join(DATA_SUFFIXES)}），而本版本不能读取已发布的文档"
        raise ParseError(msg, source=path) from None
    result = parse(path)
    return result.report, list(result.findings)


def error_lines(exc: BaseException, file: str | None = None) -> list[str]:
    """One clear line per problem of an input that cannot be read: file, place, what is wrong."""
    if isinstance(exc, InputError):
        source = exc.source or file
        head = f"{source}：" if source else ""
        return [f"{head}{path}：{message}" if path else f"{head}{message}" for path, message in exc.errors]
    if isinstance(exc, ParseError):
        parts = [p for p in (exc.source or file, exc.where) if p]
        return ["：".join([*parts, exc.reason])]
    if isinstance(exc, InconsistentReportError):
        return [finding_line(f) for f in exc.findings]
    if isinstance(exc, OutputError):
        return [f"{exc.filename}：{exc.strerror}"]
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else file
        head = f"{name}：" if name else ""
        return [f"{head}{_os_reason(exc)}"]
    return [f"{file}：{exc}" if file else str(exc)]


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读写权限"
    return f"无法读写（{exc.strerror or exc}）"


# --- printing findings --------------------------------------------------------------------


def labels_of(path: str) -> str:
    """The official label path of a finding's ``path``; a column rule (``applications.*.commercial``)
    reads as the section heading and the column label."""
    if ".*." in path:
        head, column = path.split(".*.", 1)
        columns = {c.key: c.label for c in spec.ROW_COLUMNS}
        return spec.join_labels((*spec.label_path(head), columns.get(column, column)))
    return spec.join_labels(spec.label_path(path)) or path


def finding_line(finding: Finding) -> str:
    """``  错误 [table3.balance] 三、… / 商业企业：表三“商业企业”列：…，差额 -2``."""
    word = SEVERITY_WORDS.get(finding.severity, finding.severity)
    return f"  {word} [{finding.rule}] {labels_of(finding.path)}：{finding.message}"


def findings_block(file: str, findings: Sequence[Finding]) -> list[str]:
    """The lines printed for one file: a heading and one line per finding."""
    if not findings:
        return [f"{file}：没有发现问题"]
    return [f"{file}：", *(finding_line(f) for f in findings)]


def summary_line(tally: Tally, files: int | None = None) -> str:
    """``共 2 个错误，1 个警告`` (with the number of files when there are several, and of the
    files that could not be read)."""
    head = f"{files} 个文件，" if files is not None and files > 1 else ""
    tail = f"，{tally.unreadable} 个文件无法读取" if tally.unreadable else ""
    return f"{head}共 {tally.errors} 个错误，{tally.warnings} 个警告{tail}"


class Tally:
    """Counts of errors, warnings and the worst exit status seen so far."""

    def __init__(self) -> None:
        self.errors = 0
        self.warnings = 0
        self.unreadable = 0
        self.status = EXIT_OK

    def add(self, findings: Iterable[Finding]) -> None:
        """Count ``findings``; any error makes the status at least 1."""
        for f in findings:
            if f.severity == "error":
                self.errors += 1
                self.raise_to(EXIT_ERRORS)
            else:
                self.warnings += 1

    def cannot_read(self) -> None:
        """One more input that could not be read (status 2)."""
        self.unreadable += 1
        self.raise_to(EXIT_INPUT)

    def raise_to(self, status: int) -> None:
        """Keep the worse of the current status and ``status``."""
        self.status = max(self.status, status)


def print_lines(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    """Print each line (file names in it :func:`shown`) on ``stream`` (default stdout)."""
    out = stream if stream is not None else sys.stdout
    for line in lines:
        print(shown(line), file=out)


def say(line: str, stream: IO[str] | None = None) -> None:
    print_lines((line,), stream)


def unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[Finding] = set()
    out: list[Finding] = []
    for f in findings:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


# --- output paths -----------------------------------------------------------------------


def _identity(path: Path) -> tuple[object, ...]:
    """What makes two paths the same file: device and inode when it exists, else the full path."""
    try:
        st = path.stat()
    except OSError:
        return ("path", path.resolve())
    return ("inode", st.st_dev, st.st_ino)


def same_file(a: Path, b: Path) -> bool:
    return _identity(a) == _identity(b)


def refuse_inputs(outputs: Sequence[Path], inputs: Iterable[str]) -> None:
    """Refuse (exit 2) an output that is one of the inputs, or two outputs of the same name.

    The outputs are indexed and the inputs looked up one by one, so the memory is that of the
    outputs (one for ``aggregate``), whatever the number of inputs.
    """
    keys: dict[object, int] = {}
    resolved_seen: set[Path] = set()
    first_twice: int | None = None
    for index, out in enumerate(outputs):
        resolved = out.resolve()
        if resolved in resolved_seen and first_twice is None:
            first_twice = index
        resolved_seen.add(resolved)
        keys.setdefault(_identity(out), index)
        keys.setdefault(("path", resolved), index)
    first_input: int | None = None
    for name in inputs:
        path = Path(name)
        for key in (_identity(path), ("path", path.resolve())):
            hit = keys.get(key)
            if hit is not None and (first_input is None or hit < first_input):
                first_input = hit
    if first_input is not None and (first_twice is None or first_input <= first_twice):
        msg = f"{outputs[first_input]}：输出文件与输入文件相同，拒绝覆盖输入"
        raise UsageError(msg)
    if first_twice is not None:
        msg = f"{outputs[first_twice]}：多个输入会写到同一个输出文件，请改用不同的文件名"
        raise UsageError(msg)


def trace(debug: bool) -> tuple[str, ...]:  # noqa: FBT001 - internal helper
    if not debug:
        return ()
    import traceback  # noqa: PLC0415

    return (traceback.format_exc().rstrip(),)
