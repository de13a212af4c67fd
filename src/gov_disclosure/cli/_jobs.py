"""Running many jobs (``--jobs``): in this process, or in worker processes that stop cleanly on
Ctrl-C and fail the batch with a message when one dies; a progress bar on a terminal."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    pass
from gov_disclosure.cli._common import EXIT_INTERRUPTED, WorkerError


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
