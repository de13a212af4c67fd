"""A batch review: what to read (and what an earlier run already read), the job each file is,
last year's reports, and the files written into the output folder.

The jobs run through a *runner* — ``runner(function, jobs, context)`` giving each
``function(context, job)`` in input order — so that the command line runs them in its worker
processes (:mod:`gov_disclosure.cli._jobs`) and :func:`gov_disclosure.review.review` in this
process. A job and its context are plain picklable values; a job reads its file, checks it,
writes its page and returns a :class:`~gov_disclosure.review.ReviewedReport`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import attrs

from gov_disclosure import spec
from gov_disclosure.exceptions import GovDisclosureError, InputError, ParseError
from gov_disclosure.findings import Finding
from gov_disclosure.io import filetypes
from gov_disclosure.io.files import OutputError, atomic_write
from gov_disclosure.model import Report, format_of, shape_of
from gov_disclosure.review._manifest import Manifest, ManifestRow, read_manifest, read_previous_map
from gov_disclosure.review._profile import Profile, load_profile, os_reason
from gov_disclosure.review._result import Review, ReviewedReport

__all__ = [
    "CACHE_NAME",
    "OUTPUT_NAMES",
    "PreviousJob",
    "ReviewContext",
    "ReviewError",
    "ReviewJob",
    "Runner",
    "page_names",
    "previous_job",
    "review_job",
    "run",
    "serial",
]

#: The cache of an output folder: the results of the files read, by content.
CACHE_NAME = ".gov-disclosure-review.json"
INDEX, XLSX, CSV, JSONL = "index.html", "summary.xlsx", "findings.csv", "findings.jsonl"
#: The batch's own files in the output folder (no page takes these names).
OUTPUT_NAMES = (INDEX, XLSX, CSV, JSONL, CACHE_NAME)
CACHE_VERSION = 1
#: A page's name is cut to this many bytes before ``.html`` (file systems allow 255).
MAX_NAME_BYTES = 200


class ReviewError(GovDisclosureError):
    """A review that cannot be carried out as given (an output folder that is a file, an output
    that would replace an input …): one line saying why."""


_J = TypeVar("_J")
_C = TypeVar("_C")
_O = TypeVar("_O")

#: Runs ``function(context, job)`` for every job and gives the outcomes in input order (an
#: iterator that is closed when the batch stops early).
Runner = Callable[[Callable[[Any, Any], Any], Sequence[Any], Any], Iterator[Any]]


@contextlib.contextmanager
def _closing(outcomes: Iterator[_O]) -> Iterator[Iterator[_O]]:
    """``outcomes``, closed however the batch ends (a runner's generator stops its workers)."""
    try:
        yield outcomes
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


def serial(function: Callable[[_C, _J], _O], jobs: Sequence[_J], context: _C) -> Iterator[_O]:
    """The runner of :func:`gov_disclosure.review.review`: each job in turn, in this process."""
    for job in jobs:
        yield function(context, job)


# --- jobs ----------------------------------------------------------------------------------------


class ReviewJob(NamedTuple):
    """One report to review (picklable): its file, its content's digest, the page to write
    (``None``: no output), the file of last year's report given for it by a ``file,previous``
    CSV, and its manifest row."""

    source: str
    digest: str
    page: str | None = None
    previous: str | None = None
    manifest: ManifestRow | None = None


class PreviousJob(NamedTuple):
    """One of last year's reports to read."""

    source: str
    digest: str


@attrs.frozen
class Previous:
    """Last year's report as the jobs get it: its data (the dict contract) rather than the
    object, so that any format's report crosses to a worker process."""

    source: str
    digest: str
    agency: str | None = None
    year: int | None = None
    data: Mapping[str, Any] | None = None
    error: str | None = None

    def to_plain(self) -> dict[str, Any]:
        return attrs.asdict(self)


class ReviewContext(NamedTuple):
    """What every job of a batch shares (sent once to each worker): the output folder, last
    year's reports by file, and by agency when they are matched by name."""

    output: str | None
    previous: Mapping[str, Previous]
    by_agency: Mapping[str, tuple[str, ...]]


def _agency_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def choose_previous(
    context: ReviewContext, job_previous: str | None, agency: str, year: int
) -> Previous | None:
    """Last year's report for a report of ``agency`` and ``year``: the file given for it, else
    the one of that agency's name whose year is the year before (else its latest earlier one)."""
    if job_previous is not None:
        return context.previous.get(job_previous)
    candidates = [context.previous[p] for p in context.by_agency.get(_agency_key(agency), ())]
    readable = [c for c in candidates if c.year is not None and c.data is not None and c.year < year]
    if not readable:
        return None
    exact = [c for c in readable if c.year == year - 1]
    return exact[0] if exact else max(readable, key=lambda c: c.year or 0)


#: Problems of an unreadable data file named in its row, at most.
_SHOWN_PROBLEMS = 3


def _error_text(exc: BaseException, source: str) -> str:
    if isinstance(exc, InputError):
        shown = [f"{path}：{message}" if path else message for path, message in exc.errors[:_SHOWN_PROBLEMS]]
        more = len(exc.errors) - len(shown)
        return "；".join(shown) + (f"；等共 {len(exc.errors)} 处问题" if more > 0 else "")
    if isinstance(exc, ParseError):
        return "：".join(p for p in (exc.where, exc.reason) if p)
    if isinstance(exc, OSError):
        return os_reason(exc)
    return str(exc) or type(exc).__name__


def _is_data_file(path: str) -> bool:
    return Path(path).suffix.lower() in filetypes.data_suffixes()


@attrs.frozen
class _Read:
    report: Report
    findings: tuple[Finding, ...]
    doc: Any = None
    text: str | None = None


def _read(source: str) -> _Read:
    """The report in a file, what reading it found, its blocks and (a web page or text) its
    text, for the date of publication."""
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), source)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), source)
    if _is_data_file(source):
        from gov_disclosure.io.data import load  # noqa: PLC0415 - cattrs and YAML with the first data file

        return _Read(load(path, strict=False), ())
    from gov_disclosure.parse import _decode, parse  # noqa: PLC0415 - the readers with the first document

    result = parse(path)
    text = None
    if result.format in ("html", "text", "markdown"):
        text = _decode.decode(path.read_bytes(), html=result.format == "html").text
    return _Read(result.report, result.findings, result.doc, text)


#: Last year's reports built in this process, by digest (a worker builds each once).
_BUILT: dict[str, Report] = {}
_BUILT_MAX = 256


def _previous_report(previous: Previous) -> Report | None:
    if previous.data is None:
        return None
    found = _BUILT.get(previous.digest)
    if found is None:
        from gov_disclosure.io._convert import from_dict  # noqa: PLC0415

        if len(_BUILT) >= _BUILT_MAX:
            _BUILT.clear()
        found = _BUILT[previous.digest] = from_dict(dict(previous.data), strict=False)
    return found


def previous_job(context: object, job: PreviousJob) -> Previous:
    """Read one of last year's reports (for the worker processes)."""
    try:
        read = _read(job.source)
    except (GovDisclosureError, OSError) as exc:
        return Previous(job.source, job.digest, error=_error_text(exc, job.source))
    from gov_disclosure.io._convert import to_dict  # noqa: PLC0415

    report = read.report
    return Previous(job.source, job.digest, report.agency, report.year, to_dict(report))


def _template_label(report: Report) -> str:
    """The report's format as the index shows it: its id, and whether it mixes in another
    format's rows (format.collapsed_row) or is the template of other years (format.template_year)."""
    fmt = format_of(report)
    mixed = any(shape_of(report, t).collapsed for t in fmt.tables)
    label = fmt.id
    if mixed:
        label += "（混用 2019 年格式）"
    elif not fmt.prescribed_for(report.year) and any(f.prescribed_for(report.year) for f in spec.formats()):
        label += "（非本年度格式）"
    return label


def review_job(context: ReviewContext, job: ReviewJob) -> ReviewedReport:
    """Review one file: read it, run every check (with last year's report when there is one),
    write its page, and return the result. A file that cannot be read gives a result with its
    ``error``."""
    from gov_disclosure.checks import check  # noqa: PLC0415
    from gov_disclosure.checks.reviewer import reviewer_findings  # noqa: PLC0415
    from gov_disclosure.review import _document, _groups, _page  # noqa: PLC0415

    manifest = job.manifest
    source, url = _shown(job.source), manifest.url if manifest else None
    try:
        read = _read(job.source)
    except (GovDisclosureError, OSError) as exc:
        return ReviewedReport(source=source, digest=job.digest, url=url, error=_error_text(exc, job.source))
    report = read.report
    previous = choose_previous(context, job.previous, report.agency, report.year)
    last = _previous_report(previous) if previous is not None else None
    fmt = format_of(report)
    found: list[Finding] = [*read.findings, *check(report, previous=last), *reviewer_findings(report, last)]
    if read.doc is not None:
        found.extend(_document.structure_findings(read.doc, fmt))
    day, where = None, ""
    if manifest is not None and manifest.published_on is not None:
        day, where = manifest.published_on, f"清单 {manifest.where}"
    elif read.text is not None:
        said = _document.published_date(read.text)
        if said is not None:
            day, where = said
    found.extend(
        _document.published_findings(
            report.agency, report.year, day, where, manifest.kind if manifest else None
        )
    )
    findings = tuple(dict.fromkeys(found))
    groups = _groups.group_findings(report, findings)
    labels = tuple(_labels(fmt, f.path) for f in findings)
    template = _template_label(report)
    if job.page is not None and context.output is not None:
        html = _page.render_page(report, findings, groups, source=source, template_label=template)
        atomic_write(Path(context.output) / job.page, html)
    return ReviewedReport(
        source=source,
        digest=job.digest,
        url=url,
        page=job.page,
        agency=report.agency,
        year=report.year,
        format=fmt.id,
        template=template,
        findings=findings,
        labels=labels,
        groups=groups,
        published_on=day.isoformat() if day else None,
        previous=previous.source if previous is not None and previous.data is not None else None,
    )


def _labels(fmt: Any, path: str) -> str:
    from gov_disclosure import spec  # noqa: PLC0415

    if not path:
        return ""
    try:
        return spec.join_labels(fmt.label_path(path))
    except (KeyError, ValueError):  # pragma: no cover - every path of a finding has labels
        return path


def _shown(text: str) -> str:
    """``text`` as valid UTF-8 (a file name's undecodable bytes as ``\\xNN``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


# --- the batch -------------------------------------------------------------------------------------


def page_names(sources: Sequence[str]) -> list[str]:
    """Each source's page: its file name and ``.html`` (``报告.pdf`` → ``报告.pdf.html``), made
    unique in input order (``报告.pdf-2.html``) and never one of the batch's own files."""
    taken = {n.casefold() for n in OUTPUT_NAMES}
    out = []
    for source in sources:
        name = _shown(Path(source).name) or "report"
        raw = name.encode("utf-8")
        if len(raw) > MAX_NAME_BYTES:
            name = raw[:MAX_NAME_BYTES].decode("utf-8", "ignore")
        candidate, n = f"{name}.html", 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{name}-{n}.html"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _digest(path: str) -> str:
    """The SHA-256 of a file's content ("" when it cannot be read: the job says why)."""
    h = hashlib.sha256()
    try:
        with Path(path).open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                h.update(block)
    except (OSError, ValueError):
        return ""
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """A digest of this library's code and templates: a result computed by other code is never
    reused."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".html", ".css", ".md", ".txt"}
    ):
        h.update(path.relative_to(root).as_posix().encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()


def _previous_files(previous: str) -> tuple[list[str], dict[str, str] | None]:
    """Last year's files, and (for a ``file,previous`` CSV) the file given for each report."""
    path = Path(previous)
    if path.is_dir():
        suffixes = {s for t in filetypes.readable() for s in t.suffixes}
        files = sorted(
            os.fspath(p)
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in suffixes
        )
        return files, None
    if path.is_file():
        mapping = read_previous_map(path)
        return sorted(set(mapping.values())), mapping
    msg = f"{previous}：找不到上一年度报告的目录或清单（--previous 应为目录或 file,previous 两列的 CSV）"
    raise ReviewError(msg)


def _check_output(output: Path, sources: Sequence[str], names: Sequence[str]) -> None:
    if output.exists() and not output.is_dir():
        msg = f"{output}：已存在且不是目录：输出应为一个目录（如 review/）"
        raise ReviewError(msg)
    outputs = {os.path.realpath(output / n) for n in (*OUTPUT_NAMES, *names)}
    for source in sources:
        if os.path.realpath(source) in outputs:
            msg = f"{source}：输入文件在输出目录中且会被覆盖，请换一个输出目录"
            raise ReviewError(msg)


def _load_cache(output: Path | None) -> dict[str, Any]:
    empty: dict[str, Any] = {"version": CACHE_VERSION, "code": code_digest(), "reports": {}, "previous": {}}
    if output is None:
        return empty
    try:
        data = json.loads((output / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty
    if (
        not isinstance(data, dict)
        or data.get("version") != CACHE_VERSION
        or data.get("code") != code_digest()
        or not isinstance(data.get("reports"), dict)
        or not isinstance(data.get("previous"), dict)
    ):
        return empty
    return data


def _save_cache(output: Path | None, cache: dict[str, Any]) -> None:
    if output is not None:
        # ASCII: a file name that is not UTF-8 is kept as its escapes
        atomic_write(output / CACHE_NAME, json.dumps(cache, separators=(",", ":")))


def _manifest_key(row: ManifestRow | None) -> list[Any] | None:
    return (
        None
        if row is None
        else [row.url, row.published_on.isoformat() if row.published_on else None, row.kind]
    )


def _reusable(
    entry: Any, job: ReviewJob, output: Path | None, context: ReviewContext
) -> ReviewedReport | None:
    """The cached result of ``job`` when the file, its manifest row and last year's report it
    would be compared with are those it was computed with, and its page is still there."""
    if not isinstance(entry, dict) or not job.digest or entry.get("digest") != job.digest:
        return None
    if entry.get("manifest") != _manifest_key(job.manifest) or entry.get("page") != job.page:
        return None
    try:
        result = ReviewedReport.from_plain(entry["result"])
    except (KeyError, TypeError, ValueError):
        return None
    if result.error is not None:
        return None  # an unreadable file is tried again
    chosen = (
        choose_previous(context, job.previous, result.agency, result.year)
        if result.agency is not None and result.year is not None
        else None
    )
    chosen_digest = chosen.digest if chosen is not None and chosen.data is not None else None
    if entry.get("previous") != chosen_digest:
        return None
    if output is not None and job.page is not None and not (output / job.page).is_file():
        return None
    return attrs.evolve(result, source=_shown(job.source), url=job.manifest.url if job.manifest else None)


def _read_previous(
    previous: str | None, runner: Runner, cache: dict[str, Any]
) -> tuple[dict[str, Previous], dict[str, tuple[str, ...]], dict[str, str] | None]:
    if previous is None:
        return {}, {}, None
    files, mapping = _previous_files(previous)
    known: dict[str, Previous] = {}
    jobs: list[PreviousJob] = []
    kept = cache.get("previous", {})
    for file in files:
        digest = _digest(file)
        entry = kept.get(os.path.realpath(file))
        if (
            digest
            and isinstance(entry, dict)
            and entry.get("digest") == digest
            and entry.get("error") is None
        ):
            known[file] = Previous(**{**entry, "source": file})
        else:
            jobs.append(PreviousJob(file, digest))
    with _closing(runner(previous_job, jobs, None)) as outcomes:
        for outcome in outcomes:
            known[outcome.source] = outcome
    cache["previous"] = {os.path.realpath(p): v.to_plain() for p, v in known.items() if v.error is None}
    by_agency: dict[str, list[str]] = {}
    for file in files:
        found = known.get(file)
        if found is not None and found.agency is not None:
            by_agency.setdefault(_agency_key(found.agency), []).append(file)
    return known, {k: tuple(v) for k, v in by_agency.items()}, mapping


def _given_previous(mapping: dict[str, str] | None, source: str) -> str | None:
    if mapping is None:
        return None
    return mapping.get(os.path.realpath(source)) or mapping.get(f"name:{Path(source).name}")


def run(
    files: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None = None,
    *,
    previous: str | os.PathLike[str] | None = None,
    manifest: str | os.PathLike[str] | None = None,
    profile: str | os.PathLike[str] | Mapping[str, Any] | Profile | None = None,
    runner: Runner = serial,
) -> Review:
    """Review ``files`` (see :func:`gov_disclosure.review.review`)."""
    sources = [os.fspath(f) for f in files]
    chosen_profile = load_profile(profile) if profile is not None else None
    listing: Manifest | None = read_manifest(manifest) if manifest is not None else None
    out = Path(output) if output is not None else None
    names = page_names(sources) if out is not None else [None] * len(sources)
    if out is not None:
        _check_output(out, sources, [n for n in names if n is not None])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                exc.errno or 0, f"无法创建输出目录（{os_reason(exc)}）", os.fspath(out)
            ) from None
    cache = _load_cache(out)
    known, by_agency, mapping = _read_previous(os.fspath(previous) if previous else None, runner, cache)
    context = ReviewContext(os.fspath(out) if out is not None else None, known, by_agency)
    jobs = [
        ReviewJob(
            source,
            _digest(source),
            page,
            _given_previous(mapping, source),
            listing.find(source) if listing is not None else None,
        )
        for source, page in zip(sources, names, strict=True)
    ]
    old = cache.get("reports", {})
    results: list[ReviewedReport | None] = []
    todo: list[int] = []
    for n, job in enumerate(jobs):
        entry = old.get(os.path.realpath(job.source))
        reused = _reusable(entry, job, out, context)
        results.append(reused)
        if reused is None:
            todo.append(n)
    fresh: dict[str, Any] = {}
    try:
        with _closing(runner(review_job, [jobs[n] for n in todo], context)) as outcomes:
            for n, outcome in zip(todo, outcomes, strict=False):
                results[n] = outcome
    finally:
        for job, result in zip(jobs, results, strict=True):
            if result is not None and result.error is None:
                chosen = choose_previous(context, job.previous, result.agency or "", result.year or 0)
                fresh[os.path.realpath(job.source)] = {
                    "digest": job.digest,
                    "manifest": _manifest_key(job.manifest),
                    "page": job.page,
                    "previous": chosen.digest if chosen is not None and chosen.data is not None else None,
                    "result": result.to_plain(),
                }
        if out is not None:
            kept = {**{k: v for k, v in old.items() if k not in fresh and _still_there(k)}, **fresh}
            if kept != old:
                cache["reports"] = kept
                cache.pop("outputs", None)
                _save_cache(out, cache)
    done = [r for r in results if r is not None]
    if chosen_profile is not None:
        done = [
            attrs.evolve(r, score=chosen_profile.score(r.findings)) if r.error is None else r for r in done
        ]
    review = Review(reports=tuple(done), output=out, profile=chosen_profile)
    if out is not None:
        digest = _outputs_digest(review)
        if digest != cache.get("outputs") or not all((out / n).is_file() for n in (INDEX, XLSX, CSV, JSONL)):
            _write_outputs(review, out)
            cache["outputs"] = digest
            _save_cache(out, cache)
    return review


def _outputs_digest(review: Review) -> str:
    """What the batch's files are made of: the results in order and the profile; the same
    digest as last time, with the files there, means nothing to write again."""
    h = hashlib.sha256()
    for r in review.reports:
        h.update(json.dumps(r.to_plain(), sort_keys=True, separators=(",", ":")).encode("utf-8"))
    h.update(repr(review.profile).encode("utf-8"))
    return h.hexdigest()


def _still_there(path: str) -> bool:
    return Path(path).is_file()


def _write_outputs(review: Review, output: Path) -> None:
    from gov_disclosure.review import _outputs, _xlsx  # noqa: PLC0415

    atomic_write(output / CSV, _outputs.findings_csv(review))
    atomic_write(output / JSONL, _outputs.findings_jsonl(review))
    atomic_write(output / XLSX, _xlsx.summary_xlsx(review))
    atomic_write(output / INDEX, _outputs.index_html(review))
