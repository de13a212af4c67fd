"""The command line ``gov-disclosure``: templates, checks, rendering, parsing, adding up.

Subcommands: ``new``, ``check``, ``render``, ``parse``, ``aggregate``, ``schema`` (see
``docs/cli.md``). Exit status: 0 no errors (warnings allowed), 1 a hard 勾稽 rule fails, 2 an
input cannot be read or a command cannot be carried out, 3 an internal error. Heavy modules
(YAML, the converter, renderers, parsers) load inside the subcommand that needs them, so that
``gov-disclosure --help`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, NoReturn, Protocol, TypeVar

from gov_disclosure import spec
from gov_disclosure._files import OutputError
from gov_disclosure.exceptions import GovDisclosureError, InconsistentReportError, InputError, ParseError

if TYPE_CHECKING:
    from gov_disclosure.checks import Finding
    from gov_disclosure.model import Report

__all__ = ["EXIT_ERRORS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "main", "template"]

PROG = "gov-disclosure"

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Suffixes read as data files (the dict contract); anything else is a published document.
DATA_SUFFIXES = (".json", ".yaml", ".yml")
#: Suffix written for each render format with ``--out-dir``.
FORMAT_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "docx": ".docx"}
SEVERITY_WORDS = {"error": "错误", "warning": "警告"}


class UsageError(GovDisclosureError):
    """A command that cannot be carried out as given (one line, exit 2)."""


class WorkerError(GovDisclosureError):
    """A worker process of ``--jobs`` died: the batch is stopped (one line, exit 3)."""


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


def _parse_function(path: str) -> Callable[[str], Any]:
    import importlib  # noqa: PLC0415 - the parser loads only for published documents

    msg = f"不是数据文件（{'、'.join(DATA_SUFFIXES)}），而本版本不能读取已发布的文档"
    try:
        module = importlib.import_module("gov_disclosure.parse")
    except ModuleNotFoundError as exc:
        if exc.name != "gov_disclosure.parse":
            raise
        raise ParseError(msg, source=path) from None
    parse: Callable[[str], Any] | None = getattr(module, "parse", None)
    if parse is None:
        raise ParseError(msg, source=path)
    return parse


def read_report(path: str) -> tuple[Report, list[Finding]]:
    """The report in ``path`` and the findings made while reading it.

    Data files (.json/.yaml/.yml) load with ``strict=False`` (an inconsistent report is read,
    and :func:`gov_disclosure.check` names its errors); anything else goes to the parser.
    """
    _require_file(path)
    if is_data_file(path):
        from gov_disclosure._io import load  # noqa: PLC0415 - cattrs and YAML load on first use

        return load(path, strict=False), []
    result = _parse_function(path)(path)
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


def _print(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    """Print each line (file names in it :func:`shown`) on ``stream`` (default stdout)."""
    out = stream if stream is not None else sys.stdout
    for line in lines:
        print(shown(line), file=out)


def _say(line: str, stream: IO[str] | None = None) -> None:
    _print((line,), stream)


def _unique(findings: Iterable[Finding]) -> list[Finding]:
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


def _same_file(a: Path, b: Path) -> bool:
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


# --- new ----------------------------------------------------------------------------------


#: Characters a YAML stream may not contain as they are (PyYAML's reader refuses them even in
#: comments): C0/C1 controls but tab and line breaks, DEL, U+FFFE, U+FFFF.
_YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _printable(text: str) -> str:
    """``text`` with every character YAML cannot hold written as a ``\\uXXXX`` escape."""
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar of ``text`` (a JSON string is one; escapes are shared)."""
    import json  # noqa: PLC0415

    return _printable(json.dumps(text, ensure_ascii=False))


def _counts(keys: Sequence[str], values: Sequence[int]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"


def _key_labels(labels: Sequence[spec.Label]) -> str:
    return "，".join(f"{c.key} {c.label}" for c in labels)


def _row(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def template(agency: str, year: int, previous: Report | None = None) -> str:
    """The YAML template of a new report: every key, every row, zeros in every cell, and the
    official label of each as a comment. With ``previous`` (last year's report), 上年结转 and
    现行有效件数 are carried forward from it."""
    lines: list[str] = []
    add = lines.append
    columns = "，".join(c.label for c in spec.APPLICANT_COLUMNS)
    default_title = _printable(spec.TITLE_TEMPLATE.format(agency=agency, year=year))
    add(f"# {default_title}（{spec.FORMAT_NAME}）")
    add(f"# 表三每行 6 个数，依次为：{columns}；各行和各组的{spec.TOTAL_COLUMN.label}由程序计算，不必填写。")
    add("# 空段落 '' 会被忽略：把 '' 换成文字即可，段落可以增加多条。")
    if previous is not None:
        add(
            f"# 已从 {previous.year} 年度报告带入：“{spec.CARRIED_OVER.label}”（取其"
            f"“{spec.CARRIED_FORWARD.label}”）和表二的“{spec.DOCUMENT_COLUMNS[2].label}”。"
        )
    add(f"{spec.AGENCY.key}: {_scalar(agency)}  # {spec.AGENCY.label}")
    add(f"{spec.YEAR.key}: {year}  # {spec.YEAR.label}")
    add(f"{spec.TITLE.key}: null  # {spec.TITLE.label}：留空为“{default_title}”")
    add(f"{spec.PREAMBLE.key}:  # {spec.PREAMBLE.label}")
    add("- ''")
    for section in spec.SECTIONS:
        add(f"{section.key}:  # {section.heading}")
        add(f"  {spec.PARAGRAPHS.key}:  # {spec.PARAGRAPHS.label}")
        add("  - ''")
        if section.key in spec.NARRATIVE_KEYS:
            add(
                f"  {spec.SUBSECTIONS.key}: []  # {spec.SUBSECTIONS.label}，编号（一）（二）…自动加上："
                f"- {{{spec.SUBSECTION_TITLE.key}: …, {spec.PARAGRAPHS.key}: ['…']}}"
            )
        elif section.key == "active_disclosure":
            lines.extend(_active_disclosure_lines(previous))
        elif section.key == "applications":
            lines.extend(_applications_lines(previous))
        else:
            lines.extend(_review_lines())
    return "\n".join(lines) + "\n"


def _active_disclosure_lines(previous: Report | None) -> list[str]:
    lines: list[str] = []
    doc_keys = [c.key for c in spec.DOCUMENT_COLUMNS]
    for doc in (spec.REGULATIONS, spec.NORMATIVE_DOCUMENTS):
        in_force = 0
        carried = ""
        if previous is not None:
            old = getattr(previous.active_disclosure, doc.key)
            in_force = old.in_force if old is not None else 0
            carried = f"；{spec.DOCUMENT_COLUMNS[2].label}取自 {previous.year} 年度报告"
        values = _counts(doc_keys, [0, 0, in_force])
        lines.append(f"  {doc.key}: {values}  # {doc.label}：{_key_labels(spec.DOCUMENT_COLUMNS)}{carried}")
    for field in (spec.LICENSING, spec.PUNISHMENT, spec.ENFORCEMENT):
        lines.append(f"  {field.key}: 0  # {field.label} / {spec.DECISIONS_HEADER}")
    lines.append(f"  {spec.FEES.key}: '0'  # {spec.FEES.label} / {spec.FEES_HEADER}")
    return lines


def _applications_lines(previous: Report | None) -> list[str]:
    lines: list[str] = []
    zeros = [0] * len(spec.APPLICANT_COLUMNS)
    open_group = ""
    for row in spec.APPLICATION_ROWS:
        if row.kind == "total":
            lines.append(f"  # {row.keys[0]}: {_row(zeros)}  # {row.labels[-1]}：由程序计算，不必填写")
            continue
        values = zeros
        note = ""
        if row.keys == (spec.CARRIED_OVER.key,) and previous is not None:
            values = list(previous.applications.carried_forward.cells()[: len(zeros)])
            note = f"；取自 {previous.year} 年度报告的“{spec.CARRIED_FORWARD.label}”"
        if len(row.keys) == 2:
            group = spec.GROUP_BY_KEY[row.keys[0]]
            if open_group != group.key:
                open_group = group.key
                lines.append(f"  {group.key}:  # {group.label}")
            lines.append(f"    {row.keys[1]}: {_row(values)}  # {row.labels[-1]}{note}")
        else:
            lines.append(f"  {row.keys[0]}: {_row(values)}  # {row.labels[-1]}{note}")
    return lines


def _review_lines() -> list[str]:
    parts = [f for f in spec.REVIEW_FIELDS if f.key in spec.REVIEW_PARTS]
    keys = [f.key for f in parts]
    return [
        f"  {group.key}: {_counts(keys, [0] * len(keys))}  # {spec.join_labels(group.labels)}："
        f"{_key_labels(parts)}（{spec.REVIEW_FIELDS[-1].label}由程序计算）"
        for group in spec.REVIEW_GROUPS
    ]


def cmd_new(args: argparse.Namespace) -> int:
    """``new``: write a YAML template (to stdout without ``-o``)."""
    from gov_disclosure import validators as v  # noqa: PLC0415

    previous: Report | None = None
    if args.previous is not None:
        if args.output is not None and _same_file(Path(args.output), Path(args.previous)):
            msg = f"{args.output}：输出文件就是 --previous 的上年报告，拒绝覆盖"
            raise UsageError(msg)
        previous, _ = read_report(args.previous)
    agency = args.agency if args.agency is not None else (previous.agency if previous else None)
    year = args.year if args.year is not None else (previous.year + 1 if previous else None)
    if agency is None or year is None:
        msg = "请用 --agency 给出报告机关、--year 给出报告年度（或用 --previous 给出上年报告）"
        raise UsageError(msg)
    problems = [
        (key, message)
        for key, message in (
            (spec.AGENCY.key, v.check_text(agency, required=True)),
            (spec.YEAR.key, v.check_year(year)),
        )
        if message is not None
    ]
    if problems:
        raise InputError(problems)
    if previous is not None and previous.year != year - 1:
        _say(f"注意：--previous 是 {previous.year} 年度报告，不是 {year - 1} 年度", sys.stderr)
    text = template(agency.strip(), year, previous)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.output)
    if out.suffix.lower() not in (".yaml", ".yml"):
        msg = f"{out}：模板是 YAML 文件，请用 .yaml 或 .yml 作文件名后缀"
        raise UsageError(msg)
    if out.exists() and not args.force:
        msg = f"{out}：文件已存在；要替换它请加 --force"
        raise UsageError(msg)
    from gov_disclosure._files import atomic_write, force_write  # noqa: PLC0415

    # --force replaces an existing file, a read-only one too (it stays read-only)
    (force_write if args.force else atomic_write)(out, text)
    _say(f"已写出 {out}", sys.stderr)
    return EXIT_OK


# --- running many jobs: in this process or in worker processes ------------------------------


class _Job(Protocol):
    """A job names the file it is about."""

    @property
    def source(self) -> str: ...


_J = TypeVar("_J", bound=_Job)
_C = TypeVar("_C")
_O = TypeVar("_O")

#: Each task sent to a worker holds at most this many jobs: results (and the progress bar) come
#: back every few files, whatever the size of the batch.
MAX_CHUNK = 8
#: At most this many tasks per worker are submitted ahead of the results read: memory stays flat
#: and Ctrl-C has little to cancel.
TASKS_PER_WORKER = 4
#: Seconds a stopped worker has to remove its temporary file and exit before it is killed.
STOP_GRACE = 5.0


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    counter: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)
    if counter is not None:
        count = counter()
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count()
    return max(1, count or 1)


def worker_count(requested: int, jobs: int) -> int:
    """The number of worker processes for ``jobs`` jobs: ``--jobs``, but never more than the
    jobs nor than the available CPUs."""
    return max(1, min(requested, jobs, available_cpus()))


def chunk_size(jobs: int, workers: int) -> int:
    """Jobs per task: about 16 tasks per worker for a small batch, :data:`MAX_CHUNK` at most."""
    return max(1, min(MAX_CHUNK, jobs // (workers * 16)))


class _WorkerState:
    """What a worker process holds: the batch's shared context, and whether it is stopping."""

    context: Any = None
    stopping = False


_WORKER = _WorkerState()


class _Stopped(SystemExit):
    """Raised in a worker by SIGTERM: it unwinds the job, so that ``atomic_write`` removes its
    temporary file, and the worker exits."""


def _stop_worker(signum: int, frame: object) -> None:
    _WORKER.stopping = True
    raise _Stopped(EXIT_INTERRUPTED)


def _worker_start(context: object) -> None:
    """Set up a worker process: Ctrl-C (SIGINT, sent by the terminal to every process of the
    command) is left to the parent, which stops the workers with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _WORKER.context = context


def _run_chunk(function: Callable[[Any, _J], _O], chunk: Sequence[_J]) -> list[_O]:
    """Run one task in a worker; once told to stop, never start another job."""
    if _WORKER.stopping:
        os._exit(EXIT_INTERRUPTED)
    try:
        return [function(_WORKER.context, job) for job in chunk]
    except _Stopped:
        os._exit(EXIT_INTERRUPTED)


def run_jobs(
    function: Callable[[_C, _J], _O], jobs: Sequence[_J], workers: int, context: _C
) -> Generator[_O, None, None]:
    """``function(context, job)`` for every job, in input order: in this process, or in at most
    ``workers`` worker processes (never more than the jobs nor than the available CPUs), which
    get ``context`` once each. A progress bar on stderr when it is a terminal.

    Close the iterator (``contextlib.closing``) to stop early: pending jobs are cancelled and the
    workers stopped (each removes the temporary file it was writing). A worker that dies makes
    the iterator raise :class:`WorkerError`.
    """
    progress = Progress(len(jobs), sys.stderr)
    count = worker_count(workers, len(jobs))
    try:
        if count <= 1:
            for job in jobs:
                outcome = function(context, job)
                progress.step()
                yield outcome
            return
        with contextlib.closing(_pooled(function, jobs, count, context)) as outcomes:
            for outcome in outcomes:
                progress.step()
                yield outcome
    finally:
        progress.close()


def _pooled(
    function: Callable[[_C, _J], _O], jobs: Sequence[_J], workers: int, context: _C
) -> Generator[_O, None, None]:
    from collections import deque  # noqa: PLC0415
    from concurrent.futures import Future, ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    size = chunk_size(len(jobs), workers)
    starts = iter(range(0, len(jobs), size))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(context,))
    processes: dict[int, Any] = {}
    pending: deque[Future[list[_O]]] = deque()
    done = 0
    broken = False
    early: list[int | None] = []

    def submit_more() -> None:
        while len(pending) < workers * TASKS_PER_WORKER:
            start = next(starts, None)
            if start is None:
                return
            pending.append(pool.submit(_run_chunk, function, jobs[start : start + size]))
            processes.update(pool._processes or {})

    try:
        submit_more()
        while pending:
            try:
                outcomes = pending[0].result()
            except BrokenProcessPool:
                broken = True
                # the exit codes now, before the other workers are stopped: the dead one shows
                early = [process.exitcode for process in processes.values()]
                break
            pending.popleft()
            submit_more()
            for outcome in outcomes:
                done += 1
                yield outcome
    finally:
        _stop_pool(pool, pending, processes, terminate=broken or bool(pending))
    if broken:
        codes = [*early, *(process.exitcode for process in processes.values())]
        raise WorkerError(_died(codes, jobs[done].source, done, len(jobs)))


def _stop_pool(pool: Any, pending: Iterable[Any], processes: dict[int, Any], *, terminate: bool) -> None:
    """Cancel what has not started; with ``terminate``, send SIGTERM to every worker, give them
    :data:`STOP_GRACE` seconds to clean up and kill the rest; then shut the pool down."""
    from multiprocessing.connection import wait  # noqa: PLC0415

    in_main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        for future in pending:
            future.cancel()
        if terminate:
            processes.update(pool._processes or {})
            for process in processes.values():
                process.terminate()
            running = {process.sentinel: process for process in processes.values()}
            deadline = time.monotonic() + STOP_GRACE
            while running and (left := deadline - time.monotonic()) > 0:
                for sentinel in wait(list(running), left):
                    running.pop(sentinel)
            for process in running.values():
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if handler is not None:
            signal.signal(signal.SIGINT, handler)


def _died(codes: Iterable[int | None], first_unfinished: str, done: int, total: int) -> str:
    """The line saying that a worker died, how (from the workers' exit ``codes``), and where the
    batch stopped."""
    return (
        f"工作进程意外退出（{_how_it_ended(list(codes))}），已中止：完成 {done}/{total} 个文件，"
        f"从 {first_unfinished} 起未处理"
    )


def _how_it_ended(codes: list[int | None]) -> str:
    """How the worker that died ended. Workers stopped on purpose end with 130 (our SIGTERM
    handler) or by SIGTERM; one hit by SIGTERM while already exiting ends with 1, so 1 is named
    only when nothing else is."""
    stopped = {None, 0, EXIT_INTERRUPTED, -signal.SIGTERM}
    dead = [code for code in codes if code not in stopped]
    code = next((c for c in dead if c != 1), dead[0] if dead else None)
    if code is None:
        return "原因不明"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"被信号 {name} 终止"
    return f"退出码 {code}"


class Progress:
    """A one-line progress bar on ``stream``, drawn only when it is a terminal."""

    WIDTH = 30

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = total > 1 and stream.isatty()

    def step(self) -> None:
        """One more job done."""
        self.done += 1
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        end = "\n" if self.done == self.total else ""
        self.stream.write(f"\r{bar} {self.done}/{self.total}{end}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line if the batch stopped before the end."""
        if self.enabled and 0 < self.done < self.total:
            self.stream.write("\n")
            self.stream.flush()


# --- check ----------------------------------------------------------------------------------


def _read_one(path: str, what: str) -> Report:
    try:
        report, _ = read_report(path)
    except (GovDisclosureError, OSError) as exc:
        lines = error_lines(exc, path)
        lines[0] = f"{what}：{lines[0]}"
        raise UsageError("\n".join(lines)) from exc
    return report


class CheckContext(NamedTuple):
    """What every file of one ``check`` is compared with (sent once to each worker process)."""

    previous: Report | None = None
    children: tuple[Report, ...] | None = None


class CheckJob(NamedTuple):
    """One file to check (picklable, for workers)."""

    source: str
    debug: bool = False


class CheckOutcome(NamedTuple):
    """The findings of one file, or the lines saying why it could not be read."""

    source: str
    findings: tuple[Finding, ...] | None
    err: tuple[str, ...]


def check_job(context: CheckContext, job: CheckJob) -> CheckOutcome:
    """Read and check one file; an unreadable file gives its error lines instead of findings."""
    from gov_disclosure.checks import check  # noqa: PLC0415

    try:
        report, read_findings = read_report(job.source)
    except (GovDisclosureError, OSError) as exc:
        return CheckOutcome(job.source, None, (*error_lines(exc, job.source), *_trace(job.debug)))
    findings = _unique([*read_findings, *check(report, previous=context.previous)])
    if context.children is not None:
        from gov_disclosure.aggregate import children_findings  # noqa: PLC0415

        findings.extend(children_findings(report, context.children))
    return CheckOutcome(job.source, tuple(findings), ())


class JsonList:
    """A JSON list written item by item, exactly as ``json.dumps(items, ensure_ascii=False,
    indent=2)`` prints it, so that nothing is held until the end."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def add(self, item: object) -> None:
        """Write one more item."""
        import json  # noqa: PLC0415

        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        """End the list."""
        self.stream.write("\n]\n" if self.count else "[]\n")


def json_item(file: str, finding: Finding) -> dict[str, object]:
    """One item of ``check --json``: ``Finding.to_dict()`` with the file (:func:`shown`) and the
    official labels of its path."""
    item: dict[str, object] = {"file": shown(file), **finding.to_dict()}
    item["message"] = shown(finding.message)
    item["labels"] = list(spec.label_path(finding.path))
    return item


def cmd_check(args: argparse.Namespace) -> int:
    """``check``: findings of every file, grouped by file and printed as each file is done, with
    a summary line."""
    tally = Tally()
    previous = _read_one(args.previous, "--previous") if args.previous else None
    children = tuple(_read_one(p, "--children") for p in args.children) if args.children else None
    debug = bool(getattr(args, "debug", False))
    jobs = [CheckJob(path, debug) for path in args.files]
    listing = JsonList(sys.stdout) if args.json else None
    with contextlib.closing(
        run_jobs(check_job, jobs, args.jobs, CheckContext(previous, children))
    ) as outcomes:
        try:
            for outcome in outcomes:
                if outcome.findings is None:
                    _print(outcome.err, sys.stderr)
                    tally.cannot_read()
                    continue
                tally.add(outcome.findings)
                if listing is not None:
                    for finding in outcome.findings:
                        listing.add(json_item(outcome.source, finding))
                else:
                    _print(findings_block(outcome.source, outcome.findings))
        except WorkerError:
            if listing is not None:
                listing.close()
            raise
    if listing is not None:
        listing.close()
    else:
        _say(summary_line(tally, len(args.files)))
    return tally.status


# --- render ---------------------------------------------------------------------------------


class RenderJob(NamedTuple):
    """One input to render into one output (picklable, for worker processes)."""

    source: str
    output: str
    fmt: str
    force: bool
    debug: bool


class Outcome(NamedTuple):
    """What a job did: its exit status and the lines to print (stdout, stderr)."""

    status: int
    out: tuple[str, ...]
    err: tuple[str, ...]


def render_job(context: object, job: RenderJob) -> Outcome:
    """Read, check and render one file; never raises (a worker process returns its outcome).
    ``context`` is unused (every render job carries all it needs)."""
    from gov_disclosure.render import write  # noqa: PLC0415

    try:
        report, _ = read_report(job.source)
        write(report, job.output, job.fmt, force=job.force)
        notes = _forced_note(job, report) if job.force else ()
    except InconsistentReportError as exc:
        lines = (f"{job.source}：报告不符合勾稽关系，未生成（确需生成请加 --force）：",)
        return Outcome(EXIT_ERRORS, lines + tuple(finding_line(f) for f in exc.findings), ())
    except (GovDisclosureError, OSError) as exc:
        return Outcome(EXIT_INPUT, (), tuple(error_lines(exc, job.source)) + _trace(job.debug))
    except Exception as exc:  # noqa: BLE001 - a worker reports, the parent prints
        return Outcome(
            EXIT_INTERNAL, (), (f"{job.source}：内部错误（{type(exc).__name__}）", *_trace(job.debug))
        )
    return Outcome(EXIT_OK, (), notes)


def _forced_note(job: RenderJob, report: Report) -> tuple[str, ...]:
    from gov_disclosure.checks import hard_findings  # noqa: PLC0415

    errors = hard_findings(report)
    if not errors:
        return ()
    return (f"{job.source}：注意：报告有 {len(errors)} 处勾稽错误，已按 --force 生成 {job.output}",)


def _trace(debug: bool) -> tuple[str, ...]:  # noqa: FBT001 - internal helper
    if not debug:
        return ()
    import traceback  # noqa: PLC0415

    return (traceback.format_exc().rstrip(),)


def _render_jobs(args: argparse.Namespace) -> list[RenderJob]:
    from gov_disclosure.render import format_for  # noqa: PLC0415

    if args.output is not None and args.out_dir is not None:
        msg = "-o 与 --out-dir 只能选一个"
        raise UsageError(msg)
    if args.output is not None:
        if len(args.files) > 1:
            msg = "多个输入文件请用 --out-dir DIR 指定输出目录，而不是 -o"
            raise UsageError(msg)
        outputs = [Path(args.output)]
        fmt = format_for(args.output, args.format)
    elif args.out_dir is not None:
        fmt = format_for("", args.format or "docx")
        out_dir = Path(args.out_dir)
        outputs = [out_dir / (Path(f).stem + FORMAT_SUFFIX[fmt]) for f in args.files]
    else:
        msg = "请用 -o OUT 指定输出文件，或用 --out-dir DIR 指定输出目录"
        raise UsageError(msg)
    refuse_inputs(outputs, args.files)
    if args.out_dir is not None:
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    debug = bool(getattr(args, "debug", False))
    return [
        RenderJob(src, str(out), fmt, args.force, debug) for src, out in zip(args.files, outputs, strict=True)
    ]


def cmd_render(args: argparse.Namespace) -> int:
    """``render``: each input to a publishable document; several at once with ``--jobs``."""
    jobs = _render_jobs(args)
    tally = Tally()
    written = 0
    with contextlib.closing(run_jobs(render_job, jobs, args.jobs, None)) as outcomes:
        for job, outcome in zip(jobs, outcomes, strict=True):
            _print(outcome.out)
            _print(outcome.err, sys.stderr)
            tally.raise_to(outcome.status)
            if outcome.status == EXIT_OK:
                written += 1
                if len(jobs) == 1:
                    _say(f"已写出 {job.output}")
    if len(jobs) > 1:
        _say(f"已写出 {written} 个文件（{jobs[0].fmt}），共 {len(jobs)} 个输入")
    return tally.status


# --- parse ----------------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace) -> int:
    """``parse``: published documents to the dict contract, with their findings."""
    from gov_disclosure._io import dump, dumps  # noqa: PLC0415
    from gov_disclosure.checks import check  # noqa: PLC0415

    if args.output is not None and args.out_dir is not None:
        msg = "-o 与 --out-dir 只能选一个"
        raise UsageError(msg)
    if len(args.files) > 1 and args.out_dir is None:
        msg = "多个输入文件请用 --out-dir DIR 指定输出目录"
        raise UsageError(msg)
    suffix = "." + args.format
    outputs: list[Path | None]
    if args.out_dir is not None:
        outputs = [Path(args.out_dir) / (Path(f).stem + suffix) for f in args.files]
    else:
        outputs = [Path(args.output) if args.output is not None else None]
        if args.output is not None and not is_data_file(args.output):
            msg = f"{args.output}：数据文件请用 {'、'.join(DATA_SUFFIXES)} 作文件名后缀"
            raise UsageError(msg)
    refuse_inputs([o for o in outputs if o is not None], args.files)
    if args.out_dir is not None:
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    tally = Tally()
    to_stdout = outputs[0] is None
    findings_stream = sys.stderr if to_stdout else sys.stdout
    for path, out in zip(args.files, outputs, strict=True):
        try:
            report, read_findings = read_report(path)
            if out is not None:
                dump(report, out)
            else:
                sys.stdout.write(dumps(report))
        except (GovDisclosureError, OSError) as exc:
            _print([*error_lines(exc, path), *_trace(bool(getattr(args, "debug", False)))], sys.stderr)
            tally.cannot_read()
            continue
        findings = _unique([*read_findings, *check(report)])
        tally.add(findings)
        _print(findings_block(path, findings), findings_stream)
        if out is not None:
            _say(f"已写出 {out}", findings_stream)
    _say(summary_line(tally, len(args.files)), findings_stream)
    return tally.status


# --- aggregate ----------------------------------------------------------------------------

#: At most this many file names of one year are named when ``aggregate`` refuses mixed years.
YEAR_NAMES = 3


class _Years:
    """The years of the reports read, each with its count and its first few file names."""

    def __init__(self) -> None:
        self.count: dict[int, int] = {}
        self.names: dict[int, list[str]] = {}

    def add(self, year: int, path: str) -> None:
        self.count[year] = self.count.get(year, 0) + 1
        names = self.names.setdefault(year, [])
        if len(names) < YEAR_NAMES:
            names.append(path)

    def refusal(self) -> str:
        parts = []
        for year, names in self.names.items():
            listed = "、".join(names)
            more = self.count[year] - len(names)
            parts.append(
                f"{listed} 等 {self.count[year]} 份为 {year} 年度" if more else f"{listed} 为 {year} 年度"
            )
        return f"只能汇总同一年度的报告：{'，'.join(parts)}"


def cmd_aggregate(args: argparse.Namespace) -> int:
    """``aggregate``: add up several reports of one year into one report, reading one file at a
    time (each is added to a running sum and dropped, so memory stays flat)."""
    from collections import Counter  # noqa: PLC0415

    from gov_disclosure._io import dump  # noqa: PLC0415
    from gov_disclosure.aggregate import RunningSum  # noqa: PLC0415
    from gov_disclosure.checks import check  # noqa: PLC0415

    out = Path(args.output)
    if out.suffix.lower() not in DATA_SUFFIXES:
        msg = f"{out}：汇总结果是数据文件，请用 {'、'.join(DATA_SUFFIXES)} 作文件名后缀"
        raise UsageError(msg)
    refuse_inputs([out], args.files)
    tally = Tally()
    debug = bool(getattr(args, "debug", False))
    running = RunningSum()
    years = _Years()
    agencies: Counter[str] = Counter()
    for path in args.files:
        try:
            report, _ = read_report(path)
        except (GovDisclosureError, OSError) as exc:
            _print([*error_lines(exc, path), *_trace(debug)], sys.stderr)
            tally.cannot_read()
            continue
        running.add(report)
        years.add(report.year, path)
        agencies[report.agency] += 1
        del report
    if tally.status != EXIT_OK:
        _say("有文件无法读取，未汇总", sys.stderr)
        return tally.status
    if len(years.count) > 1:
        raise UsageError(years.refusal())
    for name in sorted(name for name, n in agencies.items() if n > 1):
        _say(f"注意：“{name}”出现了 {agencies[name]} 次，会被重复相加", sys.stderr)
    total = running.report(agency=args.agency, title=args.title)
    dump(total, out)
    # the text of the sum is empty by design: format.empty_section would only say so again
    findings = [f for f in check(total) if f.rule != "format.empty_section"]
    tally.add(findings)
    _print(findings_block(str(out), findings))
    _say(f"已汇总 {running.count} 份 {total.year} 年度报告，写出 {out}")
    _say(summary_line(tally))
    return tally.status


# --- schema --------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    """``schema``: the JSON Schema of the dict contract."""
    import json  # noqa: PLC0415

    from gov_disclosure.schema import json_schema  # noqa: PLC0415

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------

_ARGPARSE_MESSAGES = (
    ("the following arguments are required", "缺少必需的参数"),
    ("unrecognized arguments", "不认识的参数"),
    ("invalid choice", "无效的选择"),
    ("expected one argument", "需要一个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("invalid int value", "不是整数"),
    ("not allowed with argument", "不能与此参数同时使用"),
    ("choose from", "可选"),
    ("argument ", "参数 "),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error lines (exit 2, as every usage error)."""

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}：错误：{message}\n")


def _jobs(text: str) -> int:
    """``--jobs N``: a positive whole number written in ASCII digits (not ``0``, ``-1``,
    ``1.5``, ``1_0`` or ``٣``); more than the CPUs or the inputs is accepted and capped."""
    value = 0
    if text.isascii() and text.isdigit():
        with contextlib.suppress(ValueError):  # more digits than int() reads: not a number of processes
            value = int(text)
    if value < 1:
        msg = f"应为正整数（同时使用的进程数，如 2），收到 {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _chinese_sections(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "参数 (arguments)"
    parser._optionals.title = "选项 (options)"


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="出错时显示完整的回溯 (traceback)"
    )
    return common


def _sub(  # noqa: PLR0917 - one call per subcommand, read like a table
    subparsers: Any,
    name: str,
    summary: str,
    description: str,
    epilog: str,
    common: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        parents=[common],
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助 (help) 并退出")
    _chinese_sections(parser)
    return parser


EXIT_HELP = (
    "退出码 (exit status)：0 没有错误（可以有警告）；1 有勾稽错误 (error)；"
    "2 输入无法读取或命令无法执行；3 内部错误。"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gov-disclosure`` and its subcommands."""
    carried_over, carried_forward = spec.CARRIED_OVER.label, spec.CARRIED_FORWARD.label
    in_force = spec.DOCUMENT_COLUMNS[2].label
    parser = _Parser(
        prog=PROG,
        description=f"政府信息公开工作年度报告（{spec.FORMAT_NAME}）：生成模板、检查勾稽关系、生成文档、读取、汇总。",
        epilog=EXIT_HELP + "\n各子命令的说明：gov-disclosure 子命令 --help",
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助 (help) 并退出")
    parser.add_argument("--version", action="store_true", help="显示版本 (version) 并退出")
    parser.add_argument(
        "--debug", action="store_true", default=False, help="出错时显示完整的回溯 (traceback)"
    )
    _chinese_sections(parser)
    common = _common()
    sub = parser.add_subparsers(
        title="子命令 (subcommands)", dest="command", metavar="子命令", parser_class=_Parser
    )

    p = _sub(
        sub,
        "new",
        "生成新报告的 YAML 数据模板 (template)",
        "生成一份 YAML 数据模板：每个键、每一行都在，每格为 0，注释中写明官方名称；六个部分的段落留空待填。\n"
        f"给出 --previous（上年的报告）时，把上年的“{carried_forward}”填入“{carried_over}”，"
        f"并带入上年的“{in_force}”（{spec.REGULATIONS.label}、{spec.NORMATIVE_DOCUMENTS.label}）。",
        "例：\n  gov-disclosure new --agency 上杭县工信科技局 --year 2025 -o 2025.yaml\n"
        "  gov-disclosure new --previous 2024.yaml -o 2025.yaml\n\n" + EXIT_HELP,
        common,
    )
    p.add_argument("--agency", help="报告机关 (agency)；给出 --previous 时默认沿用上年的")
    p.add_argument("--year", type=int, help="报告年度 (year)；给出 --previous 时默认为上年加一")
    p.add_argument("--previous", metavar="LAST_YEAR", help="上年的报告（数据文件或已发布的文档）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入的 YAML 文件；不给则输出到屏幕 (stdout)")
    p.add_argument("--force", action="store_true", help="替换已存在的输出文件")
    p.set_defaults(handler=cmd_new)

    p = _sub(
        sub,
        "check",
        "检查 (check) 勾稽关系",
        "检查数据文件（.json/.yaml/.yml）或已发布的报告（.pdf/.docx/.html/.txt 等）的勾稽关系，"
        "每个问题一行：严重程度、规则编号 (rule id)、官方名称、说明。",
        "例：\n  gov-disclosure check 2025.yaml\n  gov-disclosure check 2025.yaml --previous 2024.yaml\n"
        "  gov-disclosure check 县汇总.yaml --children 部门/*.yaml\n  gov-disclosure check *.docx --json\n\n"
        + EXIT_HELP,
        common,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="要检查的文件")
    p.add_argument("--previous", metavar="FILE", help=f"上年的报告：核对“{carried_over}”和“{in_force}”的衔接")
    p.add_argument(
        "--children",
        nargs="+",
        metavar="FILE",
        help="下级单位的报告：核对每一格是否等于下级之和 (aggregate.children)",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出问题清单，供其他程序使用")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="同时使用的进程数 (processes)，默认 1")
    p.set_defaults(handler=cmd_check)

    p = _sub(
        sub,
        "render",
        "生成 (render) 可发布的文档：text、markdown、html、docx",
        "把报告生成为可发布的文档。格式由 -f 指定，不指定时按 -o 的文件后缀判断"
        "（.txt .md .html .docx）；用 --out-dir 时默认 docx。\n"
        "不符合勾稽关系的报告不生成（退出码 1），除非加 --force。输出文件原子写入 (atomic)，"
        "绝不覆盖输入文件。",
        "例：\n  gov-disclosure render 2025.yaml -o 2025.docx\n"
        "  gov-disclosure render 部门/*.yaml --out-dir 文档 -f docx --jobs 2\n\n" + EXIT_HELP,
        common,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="报告（数据文件或已发布的文档）")
    p.add_argument("-o", "--output", metavar="OUT", help="输出文件（只有一个输入时）")
    p.add_argument("--out-dir", metavar="DIR", help="输出目录（多个输入时）：每个输入写成 同名.后缀")
    p.add_argument("-f", "--format", choices=tuple(FORMAT_SUFFIX), help="输出格式 (format)")
    p.add_argument("--force", action="store_true", help="报告不符合勾稽关系也生成")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="同时使用的进程数 (processes)，默认 1")
    p.set_defaults(handler=cmd_render)

    p = _sub(
        sub,
        "parse",
        "读取 (parse) 已发布的报告，存为数据文件",
        "读取已发布的报告（.pdf/.docx/.html/.txt/.md），写成数据文件（JSON 或 YAML），并列出它的问题。\n"
        "不给 -o 与 --out-dir 时，JSON 输出到屏幕 (stdout)，问题清单输出到 stderr。",
        "例：\n  gov-disclosure parse 报告.pdf -o 报告.yaml\n"
        "  gov-disclosure parse 下载/*.docx --out-dir 数据 -f json\n\n" + EXIT_HELP,
        common,
    )
    p.add_argument("files", nargs="+", metavar="DOC", help="已发布的报告")
    p.add_argument("-o", "--output", metavar="OUT", help="输出的数据文件（.json/.yaml/.yml）")
    p.add_argument("--out-dir", metavar="DIR", help="输出目录（多个输入时）")
    p.add_argument(
        "-f", "--format", choices=("yaml", "json"), default="yaml", help="--out-dir 时的数据格式，默认 yaml"
    )
    p.set_defaults(handler=cmd_parse)

    p = _sub(
        sub,
        "aggregate",
        "汇总 (aggregate) 同一年度的多份报告",
        "把同一年度的多份报告（如一个县的各部门）的表格逐格相加，得到一份汇总报告："
        "叶子格和各总计格都逐格相加，收费按十进制相加；正文留空。不同年度的报告拒绝汇总。",
        "例：\n  gov-disclosure aggregate 部门/*.yaml -o 县汇总.yaml --agency 上杭县人民政府\n\n" + EXIT_HELP,
        common,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="要相加的报告")
    p.add_argument("-o", "--output", required=True, metavar="TOTAL", help="汇总结果（.json/.yaml/.yml）")
    p.add_argument("--agency", required=True, help="汇总报告的报告机关 (agency)")
    p.add_argument("--title", help="汇总报告的标题 (title)；默认按报告机关和年度生成")
    p.set_defaults(handler=cmd_aggregate)

    p = _sub(
        sub,
        "schema",
        "输出数据格式的 JSON Schema",
        "输出数据文件格式的 JSON Schema（draft 2020-12），标题为官方名称，可供编辑器提示。",
        "例：\n  gov-disclosure schema > report.schema.json",
        common,
    )
    p.set_defaults(handler=cmd_schema)
    return parser


# --- main ---------------------------------------------------------------------------------


def _exit_code(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_INPUT


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.version:
        import gov_disclosure  # noqa: PLC0415

        print(f"{PROG} {gov_disclosure.__version__}")
        return EXIT_OK
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    return handler(args)


def _traceback(debug: bool) -> None:  # noqa: FBT001 - internal helper
    if debug:
        import traceback  # noqa: PLC0415

        traceback.print_exc()


def main(argv: list[str] | None = None) -> int:
    """Run ``gov-disclosure`` with ``argv`` (default: the process arguments); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return _exit_code(exc.code)
    debug = bool(getattr(args, "debug", False))
    try:
        return _run(args, parser)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
    except WorkerError as exc:
        _print(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_INTERNAL
    except BrokenPipeError:
        # the reader of stdout went away (``| head``): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERRORS
    except InconsistentReportError as exc:
        _print(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_ERRORS
    except (GovDisclosureError, OSError) as exc:
        _print(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a raw traceback by default
        print(f"内部错误（{type(exc).__name__}）：请加 --debug 重新运行并报告此问题", file=sys.stderr)
        _traceback(debug)
        return EXIT_INTERNAL
