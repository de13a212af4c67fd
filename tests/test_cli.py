"""The command line, driven as a user would: every subcommand and every exit status."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import spec
from gov_disclosure.aggregate import aggregate
from gov_disclosure.cli import _common, _jobs, main
from gov_disclosure.cli import aggregate as cli_aggregate
from gov_disclosure.cli import check as cli_check
from gov_disclosure.cli._common import labels_of
from gov_disclosure.cli._jobs import Progress, run_jobs
from gov_disclosure.io.files import atomic_write
from gov_disclosure.io.template import template
from gov_disclosure.model import Report, value_at
from gov_disclosure.render import FORMATS
from tests.conftest import EXAMPLE_YAML, ROOT
from tests.strategies import one_line, reports

Run = Callable[..., tuple[int, str, str]]
needs_posix_signals = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``main(argv)`` in-process; give back (exit status, stdout, stderr)."""

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_module(*argv: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m gov_disclosure ARGV`` in a subprocess, as a user types it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def needs_renderer(fmt: str) -> None:
    """Skip when the renderer of ``fmt`` is not in the tree yet."""
    if importlib.util.find_spec(FORMATS[fmt]) is None:
        pytest.skip(f"{FORMATS[fmt]} does not exist yet")


def needs_parser() -> None:
    """Skip when gov_disclosure.parse (reading published documents) is not in the tree yet."""
    try:
        module = importlib.import_module("gov_disclosure.parse")
    except ModuleNotFoundError:
        pytest.skip("gov_disclosure.parse does not exist yet")
    if not hasattr(module, "parse"):
        pytest.skip("gov_disclosure.parse has no parse() yet")


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two CPUs available, whatever the machine: ``--jobs 2`` really starts two workers."""
    monkeypatch.setattr(_jobs, "available_cpus", lambda: 2)


@pytest.fixture
def no_workers_left() -> Iterator[None]:
    """After the test, no worker process of this process is alive (any left is killed, and the
    test fails)."""
    yield
    left = multiprocessing.active_children()
    for process in left:
        process.kill()
        process.join()
    assert left == []


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    """A copy of the bundled example in a temporary directory."""
    target = tmp_path / "shanghang_gxkj_2024.yaml"
    shutil.copy(EXAMPLE_YAML, target)
    return target


def write_data(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def inconsistent_file(tmp_path: Path, example: Report) -> Path:
    """The example with one cell changed and its totals kept: two hard rules fail."""
    data = gd.to_dict(example)
    data["applications"]["granted"]["commercial"] += 1
    return write_data(tmp_path / "inconsistent.json", data)


def errors_of(report: Report) -> list[gd.Finding]:
    return [f for f in gd.check(report) if f.severity == "error"]


# --- general -----------------------------------------------------------------------------


def test_help_is_in_chinese_with_english_terms(cli: Run) -> None:
    """``--help`` exits 0 and names the subcommands in Chinese with the English term."""
    code, out, _ = cli("--help")
    assert (code, "检查 (check)" in out, "退出码 (exit status)" in out) == (0, True, True)


@pytest.mark.parametrize("command", ["new", "check", "render", "parse", "aggregate", "schema"])
def test_every_subcommand_has_help_with_an_example(cli: Run, command: str) -> None:
    """Each subcommand's ``--help`` exits 0 and shows an example of its use."""
    code, out, _ = cli(command, "--help")
    assert (code, f"gov-disclosure {command}" in out.split("例：", 1)[-1]) == (0, True)


def test_no_subcommand_is_a_usage_error(cli: Run) -> None:
    """Without a subcommand the help goes to stderr and the status is 2."""
    code, _, err = cli()
    assert (code, "子命令" in err) == (2, True)


def test_unknown_option_is_a_usage_error_in_chinese(cli: Run, example_file: Path) -> None:
    """An unknown option exits 2 with a Chinese error line."""
    code, _, err = cli("check", example_file, "--frobnicate")
    assert (code, "错误：不认识的参数" in err) == (2, True)


def test_version_is_printed(cli: Run) -> None:
    """``--version`` prints the program name and version."""
    code, out, _ = cli("--version")
    assert (0, f"gov-disclosure {gd.__version__}\n") == (code, out)


def test_unexpected_failure_is_one_line_and_status_3(
    cli: Run, example_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside the library prints "内部错误" without a traceback, exit 3."""

    def broken(*_: object, **__: object) -> list[gd.Finding]:
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setattr("gov_disclosure.checks.check", broken)
    code, _, err = cli("check", example_file)
    assert (code, err.startswith("内部错误"), "Traceback" in err) == (3, True, False)


def test_debug_shows_the_traceback(cli: Run, example_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``--debug`` the same failure also shows its traceback."""

    def broken(*_: object, **__: object) -> list[gd.Finding]:
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setattr("gov_disclosure.checks.check", broken)
    code, _, err = cli("check", example_file, "--debug")
    assert (code, "Traceback" in err) == (3, True)


def test_debug_shows_the_traceback_of_an_unreadable_input(cli: Run, tmp_path: Path) -> None:
    """``--debug`` adds the traceback to the one line about a missing file; the status stays 2."""
    missing = tmp_path / "missing.yaml"
    code, _, err = cli("check", missing, "--debug")
    assert (code, err.startswith(f"{missing}：文件不存在\n"), "Traceback" in err) == (2, True, True)


def test_column_rule_path_reads_as_section_and_column() -> None:
    """A whole-column path (applications.*.commercial) reads as the section and the column label."""
    expected = spec.join_labels(
        (spec.SECTION_BY_KEY["applications"].heading, spec.APPLICANT_COLUMNS[1].label)
    )
    assert expected == labels_of("applications.*.commercial")


# --- python -m gov_disclosure ------------------------------------------------------------------


def test_module_runs_check_with_status_0(tmp_path: Path, example_file: Path) -> None:
    """``python -m gov_disclosure check`` on the example exits 0 and prints its one warning."""
    result = run_module("check", example_file.name, cwd=tmp_path)
    assert (result.returncode, "[format.regulations_row]" in result.stdout) == (0, True)


def test_module_reports_inconsistent_file_with_status_1(tmp_path: Path, inconsistent_file: Path) -> None:
    """A report that breaks a hard rule: exit 1."""
    result = run_module("check", inconsistent_file.name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")


def test_module_reports_missing_file_with_status_2_and_no_traceback(tmp_path: Path) -> None:
    """A missing file: one line naming it, exit 2, no traceback."""
    result = run_module("check", "missing.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "missing.yaml：文件不存在\n")


def test_module_render_prints_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, example_file: Path
) -> None:
    """Rendering several files with stderr redirected writes nothing on stderr."""
    needs_renderer("text")
    second = tmp_path / "second.yaml"
    shutil.copy(example_file, second)
    result = run_module(
        "render", example_file.name, second.name, "--out-dir", "out", "-f", "text", cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (0, "")


# --- new -----------------------------------------------------------------------------------


def test_new_template_loads_as_a_consistent_report(cli: Run, tmp_path: Path) -> None:
    """The template printed by ``new`` loads (strict); its only findings say that the text of
    一、五、六 is still to be written."""
    code, out, _ = cli("new", "--agency", "上杭县工信科技局", "--year", "2025")
    path = tmp_path / "t.yaml"
    path.write_text(out, encoding="utf-8")
    report = gd.load(path)
    assert (code, report.agency, report.year) == (0, "上杭县工信科技局", 2025)
    empty = [("format.empty_section", key) for key in spec.NARRATIVE_KEYS]
    assert empty == [(f.rule, f.path) for f in gd.check(report)]


def test_new_template_has_a_zero_in_every_cell(cli: Run, tmp_path: Path) -> None:
    """Every number of every table (规章 included) is present and 0."""
    path = tmp_path / "t.yaml"
    cli("new", "--agency", "某局", "--year", "2025", "-o", path)
    report = gd.load(path)
    from gov_disclosure.aggregate import table_paths

    assert {0} == {value_at(report, p) for p in table_paths(with_regulations=True)}


def test_new_template_names_every_row_with_its_official_label(cli: Run) -> None:
    """Each section heading, row label, group label and column label appears as a comment."""
    _, out, _ = cli("new", "--agency", "某局", "--year", "2025")
    comments = "\n".join(line.split("#", 1)[1] for line in out.splitlines() if "#" in line)
    labels = [
        *(s.heading for s in spec.SECTIONS),
        *(r.labels[-1] for r in spec.APPLICATION_ROWS),
        *(g.label for g in spec.APPLICATION_GROUPS),
        *(c.label for c in spec.APPLICANT_COLUMNS),
        *(c.label for c in spec.DOCUMENT_COLUMNS),
        *(f.label for f in spec.REVIEW_FIELDS),
        spec.REGULATIONS.label,
        spec.FEES_HEADER,
    ]
    assert [label for label in labels if label not in comments] == []


def test_new_template_has_the_six_sections_with_empty_paragraphs(cli: Run, tmp_path: Path) -> None:
    """The six sections are there with a paragraph to fill, which loads as no text."""
    _, out, _ = cli("new", "--agency", "某局", "--year", "2025")
    from gov_disclosure.io.yaml import yaml_loads

    data = yaml_loads(out)
    assert [data[s.key]["paragraphs"] for s in spec.SECTIONS] == [[""]] * 6


def test_new_with_previous_carries_last_years_numbers(cli: Run, tmp_path: Path, example: Report) -> None:
    """--previous fills 上年结转 from last year's 结转下年度 and carries 现行有效件数 forward."""
    apps = attrs.evolve(
        example.applications,
        new=gd.Row.of(3, 2, 0, 0, 0, 0),
        granted=gd.Row.of(1, 0, 0, 0, 0, 0),
        carried_forward=gd.Row.of(2, 2, 0, 0, 0, 0),
        total=gd.Row.of(1, 0, 0, 0, 0, 0),
    )
    last = attrs.evolve(example, applications=apps)
    assert errors_of(last) == []
    previous = tmp_path / "2024.json"
    gd.dump(last, previous)
    out = tmp_path / "2025.yaml"
    code, _, _ = cli("new", "--previous", previous, "-o", out)
    report = gd.load(out, strict=False)
    expected = (0, "上杭县工信科技局", 2025, last.applications.carried_forward, 1)
    actual = (
        code,
        report.agency,
        report.year,
        report.applications.carried_over,
        report.active_disclosure.normative_documents.in_force,
    )
    assert expected == actual
    assert [f for f in gd.check(report, previous=last) if f.rule.startswith("continuity")] == []
    assert "已从 2024 年度报告带入" in out.read_text(encoding="utf-8")


def test_new_refuses_to_overwrite_previous(cli: Run, example_file: Path) -> None:
    """``-o`` naming the --previous file is refused (exit 2); the file is untouched."""
    before = example_file.read_bytes()
    code, _, err = cli("new", "--previous", example_file, "-o", example_file, "--force")
    assert (2, before, True) == (code, example_file.read_bytes(), "拒绝覆盖" in err)


def test_new_refuses_to_replace_an_existing_file_without_force(cli: Run, tmp_path: Path) -> None:
    """An existing output is kept unless --force is given."""
    out = tmp_path / "2025.yaml"
    out.write_text("已填写的内容", encoding="utf-8")
    code, _, _ = cli("new", "--agency", "某局", "--year", "2025", "-o", out)
    kept = out.read_text(encoding="utf-8")
    forced, _, _ = cli("new", "--agency", "某局", "--year", "2025", "-o", out, "--force")
    assert (code, kept, forced, gd.load(out).agency) == (2, "已填写的内容", 0, "某局")


def test_new_force_replaces_a_read_only_file(cli: Run, tmp_path: Path) -> None:
    """--force replaces an existing file even when it is read-only (it stays read-only); other
    commands refuse a read-only output."""
    out = tmp_path / "2025.yaml"
    out.write_text("旧", encoding="utf-8")
    out.chmod(0o444)
    code, _, _ = cli("new", "--agency", "某局", "--year", "2025", "-o", out, "--force")
    assert (code, gd.load(out).agency, out.stat().st_mode & 0o777) == (0, "某局", 0o444)


def test_new_rejects_a_year_out_of_range(cli: Run) -> None:
    """A year outside 2008–2100 is an input error naming 报告年度's key."""
    code, out, err = cli("new", "--agency", "某局", "--year", "1999")
    assert (code, out, err.startswith("year：")) == (2, "", True)


def test_new_needs_agency_and_year_without_previous(cli: Run) -> None:
    """Without --previous, --agency and --year are both needed."""
    code, _, err = cli("new", "--agency", "某局")
    assert (code, "--year" in err) == (2, True)


@given(agency=one_line(max_size=20), year=st.integers(2008, 2100))
@example(agency="某\x7f局\x80\x9f\t“#: &*”", year=2025)
def test_template_loads_for_any_agency_name(agency: str, year: int) -> None:
    """Whatever characters the agency's name has, the template loads back with that name."""
    from gov_disclosure.io.yaml import yaml_loads

    report = gd.from_dict(yaml_loads(template(agency, year)))
    assert (report.agency, report.year) == (agency, year)


def test_template_function_matches_the_command(cli: Run) -> None:
    """``new`` prints exactly :func:`template`."""
    _, out, _ = cli("new", "--agency", "某局", "--year", "2025")
    assert template("某局", 2025) == out


# --- check -------------------------------------------------------------------------------


def test_check_prints_one_line_per_finding_and_a_summary(
    cli: Run, example_file: Path, example: Report
) -> None:
    """Each finding: severity, rule id, label path, message; then the summary line."""
    code, out, _ = cli("check", example_file)
    (finding,) = gd.check(example)
    line = f"  警告 [{finding.rule}] {spec.join_labels(spec.label_path(finding.path))}：{finding.message}"
    assert (0, [f"{example_file}：", line, "共 0 个错误，1 个警告"]) == (code, out.splitlines())


def test_check_exits_1_on_a_hard_rule(cli: Run, inconsistent_file: Path) -> None:
    """Errors give status 1 and each error names its rule."""
    code, out, _ = cli("check", inconsistent_file)
    report = gd.load(inconsistent_file, strict=False)
    rules = [f"[{f.rule}]" for f in errors_of(report)]
    assert (code, all(r in out for r in rules) and bool(rules)) == (1, True)


def test_check_json_gives_the_findings_of_each_file(
    cli: Run, example_file: Path, inconsistent_file: Path
) -> None:
    """--json prints Finding.to_dict() of every finding, with its file and labels."""
    code, out, _ = cli("check", example_file, inconsistent_file, "--json")
    expected = [
        {"file": str(path), **f.to_dict(), "labels": list(spec.label_path(f.path))}
        for path in (example_file, inconsistent_file)
        for f in gd.check(gd.load(path, strict=False))
    ]
    assert (1, expected) == (code, json.loads(out))


@pytest.mark.usefixtures("two_cpus", "no_workers_left")
def test_check_in_parallel_prints_the_same(
    cli: Run, example_file: Path, inconsistent_file: Path, tmp_path: Path
) -> None:
    """--jobs 2 gives the same output, in the same order, as one process."""
    files = [example_file, inconsistent_file, tmp_path / "missing.yaml"]
    assert cli("check", *files, "--jobs", "2") == cli("check", *files)


def test_check_json_is_printed_as_json_dumps_would(
    cli: Run, example_file: Path, inconsistent_file: Path
) -> None:
    """The JSON list, written item by item, is byte for byte ``json.dumps(…, indent=2)``."""
    code, out, _ = cli("check", example_file, inconsistent_file, "--json")
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    code, out, _ = cli("check", example_file, "--json")
    assert (code, out[:16]) == (0, '[\n  {\n    "file"')


def test_check_json_of_no_findings_is_an_empty_list(cli: Run, tmp_path: Path, example: Report) -> None:
    path = tmp_path / "r.json"
    gd.dump(
        attrs.evolve(
            example,
            active_disclosure=attrs.evolve(
                example.active_disclosure, regulations=gd.DocumentCounts(issued=0, repealed=0, in_force=0)
            ),
        ),
        path,
    )
    assert cli("check", path, "--json") == (0, "[]\n", "")


def test_check_prints_each_file_as_soon_as_it_is_checked(
    example_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch does not sit silent until its end: a file's findings are on stdout before the
    next file is read."""
    second = tmp_path / "second.yaml"
    shutil.copy(example_file, second)
    seen_before_second: list[str] = []
    real = cli_check.read_report

    def reading(path: str) -> Any:
        if path == str(second):
            seen_before_second.append(capsys.readouterr().out)
        return real(path)

    monkeypatch.setattr(cli_check, "read_report", reading)
    assert main(["check", str(example_file), str(second)]) == 0
    assert seen_before_second[0].startswith(f"{example_file}：\n  警告 [format.regulations_row]")


def test_check_with_a_non_utf8_file_name_writes_valid_json(tmp_path: Path, example_file: Path) -> None:
    """A POSIX name that is not UTF-8 (``b'\\xff.yaml'``) is shown with ``\\xff``: stdout stays
    valid UTF-8 and valid JSON, in both outputs."""
    if os.name != "posix" or sys.platform == "darwin":
        pytest.skip("needs a file system that takes any bytes as a name")
    name = b"\xff\xfe\xe6\x8a.yaml"
    try:
        shutil.copy(example_file, os.path.join(os.fsencode(tmp_path), name))
    except OSError:
        pytest.skip("the file system refuses a name that is not UTF-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    results = [
        subprocess.run(
            [sys.executable, "-m", "gov_disclosure", "check", name, *extra],
            capture_output=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        for extra in (["--json"], [])
    ]
    items = json.loads(results[0].stdout.decode("utf-8"))
    human = results[1].stdout.decode("utf-8")
    shown = "\\xff\\xfe\\xe6\\x8a.yaml"
    assert (
        results[0].returncode,
        results[1].returncode,
        results[0].stderr,
        results[1].stderr,
    ) == (0, 0, b"", b"")
    assert ([shown], human.startswith(f"{shown}：\n")) == ([i["file"] for i in items], True)


def test_shown_names() -> None:
    """UTF-8 names print as they are; undecodable bytes as \\xNN; other surrogates as \\udXXX."""
    assert [_common.shown(n) for n in ("报告.yaml", os.fsdecode(b"\xff.yaml"), "a\ud800")] == [
        "报告.yaml",
        "\\xff.yaml",
        "a\\ud800",
    ]


def test_check_reports_a_missing_file_and_goes_on(cli: Run, example_file: Path, tmp_path: Path) -> None:
    """A missing file is one line on stderr; the other files are still checked; exit 2."""
    missing = tmp_path / "missing.yaml"
    code, out, err = cli("check", missing, example_file)
    assert (2, f"{missing}：文件不存在\n", True) == (code, err, "1 个文件无法读取" in out)


def test_check_reports_bad_yaml_with_its_line(cli: Run, tmp_path: Path) -> None:
    """Unreadable YAML: one line with the file and the place, exit 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: 某局\nyear: [\n", encoding="utf-8")
    code, _, err = cli("check", bad)
    assert (code, len(err.splitlines()), err.startswith(f"{bad}：不是有效的 YAML：第 3 行")) == (2, 1, True)


def test_check_lists_every_wrong_key(cli: Run, tmp_path: Path, example: Report) -> None:
    """An InputError prints each (path, message): a misspelt key and the missing one."""
    data = gd.to_dict(example)
    data["active_disclosure"]["punishmnt"] = data["active_disclosure"].pop("punishment")
    path = write_data(tmp_path / "typo.json", data)
    code, _, err = cli("check", path)
    lines = err.splitlines()
    expected = (2, 2, True, True)
    actual = (
        code,
        len(lines),
        any(x.startswith(f"{path}：active_disclosure.punishment：") for x in lines),
        any("'punishment'" in x and "punishmnt" in x for x in lines),
    )
    assert expected == actual


def test_check_with_previous_warns_about_carry_over(
    cli: Run, example_file: Path, tmp_path: Path, example: Report
) -> None:
    """--previous adds the continuity warnings; warnings alone still exit 0."""
    apps = attrs.evolve(example.applications, carried_forward=gd.Row.of(0, 1, 0, 0, 0, 0))
    last = attrs.evolve(example, year=2023, applications=apps)
    previous = tmp_path / "2023.json"
    gd.dump(last, previous)
    code, out, _ = cli("check", example_file, "--previous", previous)
    assert (code, "[continuity.carry_over]" in out) == (0, True)


def test_check_with_unreadable_previous_exits_2(cli: Run, example_file: Path, tmp_path: Path) -> None:
    """A --previous that cannot be read stops the check with exit 2."""
    code, _, err = cli("check", example_file, "--previous", tmp_path / "none.yaml")
    assert (code, err.startswith("--previous：")) == (2, True)


def test_check_with_children_warns_where_the_sum_differs(
    cli: Run, example_file: Path, tmp_path: Path, example: Report
) -> None:
    """--children adds aggregate.children warnings for cells that differ from the children's sum."""
    parent = tmp_path / "county.json"
    gd.dump(aggregate([example, example], agency="上杭县"), parent)
    code_same, out_same, _ = cli("check", parent, "--children", example_file, example_file)
    code, out, _ = cli("check", parent, "--children", example_file)
    assert (
        code_same,
        "aggregate.children" in out_same,
        code,
        "[aggregate.children]" in out,
    ) == (0, False, 0, True)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=reports())
def test_check_passes_any_consistent_generated_report(
    report: Report, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every generated consistent report, written as JSON, checks without errors."""
    path = tmp_path_factory.mktemp("gen") / "r.json"
    gd.dump(report, path)
    assert main(["check", str(path), "--json"]) == 0


def test_check_reads_a_published_document(cli: Run, tmp_path: Path, example: Report) -> None:
    """A rendered text document is read back by the parser and checked."""
    needs_parser()
    needs_renderer("text")
    doc = tmp_path / "report.txt"
    gd.write(example, doc)
    code, out, _ = cli("check", doc)
    assert (code, out.startswith(f"{doc}：")) == (0, True)


def test_check_refuses_a_document_that_is_not_a_report(cli: Run, tmp_path: Path) -> None:
    """A text that is not a report: one line saying so, exit 2."""
    doc = tmp_path / "notes.txt"
    doc.write_text("会议纪要\n今天天气很好。\n", encoding="utf-8")
    code, _, err = cli("check", doc)
    assert (code, len(err.splitlines()), err.startswith(f"{doc}：")) == (2, 1, True)


def test_check_says_documents_cannot_be_read_without_the_parser(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without gov_disclosure.parse, a document is one clear line and exit 2."""
    monkeypatch.setitem(sys.modules, "gov_disclosure.parse", None)
    doc = tmp_path / "report.html"
    doc.write_text("<p>报告</p>", encoding="utf-8")
    code, _, err = cli("check", doc)
    assert (code, err.startswith(f"{doc}：不是数据文件")) == (2, True)


# --- render --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_chooses_the_format_from_the_suffix(
    cli: Run, example_file: Path, example: Report, fmt: str
) -> None:
    """-o report.<suffix> writes what gov_disclosure.render gives for that format."""
    needs_renderer(fmt)
    from gov_disclosure.cli._common import FORMAT_SUFFIX

    out = example_file.with_name("out" + FORMAT_SUFFIX[fmt])
    code, _, _ = cli("render", example_file, "-o", out)
    assert (0, gd.render(example, fmt)) == (code, out.read_text(encoding="utf-8"))


def test_render_format_option_overrides_the_suffix(cli: Run, example_file: Path, example: Report) -> None:
    """-f text writes text whatever the suffix."""
    needs_renderer("text")
    out = example_file.with_name("out.html")
    code, _, _ = cli("render", example_file, "-o", out, "-f", "text")
    assert (0, gd.render(example, "text")) == (code, out.read_text(encoding="utf-8"))


def test_render_writes_docx(cli: Run, example_file: Path) -> None:
    """A .docx output is a zip with a main document part."""
    needs_renderer("docx")
    import zipfile

    out = example_file.with_name("out.docx")
    code, _, _ = cli("render", example_file, "-o", out)
    with zipfile.ZipFile(out) as z:
        assert (code, "word/document.xml" in z.namelist()) == (0, True)


def test_render_refuses_an_inconsistent_report(cli: Run, inconsistent_file: Path) -> None:
    """Without --force: exit 1, the errors printed, no file written."""
    out = inconsistent_file.with_name("out.txt")
    code, stdout, _ = cli("render", inconsistent_file, "-o", out, "-f", "text")
    assert (code, "[table3.row_total]" in stdout, out.exists()) == (1, True, False)


def test_render_force_writes_an_inconsistent_report(cli: Run, inconsistent_file: Path) -> None:
    """With --force the file is written, with a note on stderr; exit 0."""
    needs_renderer("text")
    out = inconsistent_file.with_name("out.txt")
    code, _, err = cli("render", inconsistent_file, "-o", out, "--force")
    assert (code, out.exists(), "--force" in err) == (0, True, True)


def test_render_never_overwrites_its_input(cli: Run, tmp_path: Path, example: Report) -> None:
    """An output path equal to the input is refused with exit 2 and the input is unchanged."""
    source = tmp_path / "report.txt"
    source.write_text("原文件", encoding="utf-8")
    code, _, err = cli("render", source, "-o", source, "-f", "text")
    assert (code, source.read_text(encoding="utf-8"), "拒绝覆盖" in err) == (2, "原文件", True)


@pytest.mark.usefixtures("two_cpus", "no_workers_left")
def test_render_several_files_in_parallel(cli: Run, tmp_path: Path, example: Report) -> None:
    """--out-dir with --jobs 2 renders each input to DIR/<stem>.<suffix>, as one by one."""
    needs_renderer("text")
    sources = []
    for i in range(4):
        report = attrs.evolve(example, agency=f"第{i}局", title=None)
        sources.append(tmp_path / f"r{i}.json")
        gd.dump(report, sources[-1])
    code, out, _ = cli("render", *sources, "--out-dir", tmp_path / "docs", "-f", "text", "--jobs", "2")
    expected = [gd.render(gd.load(s), "text") for s in sources]
    actual = [(tmp_path / "docs" / f"{s.stem}.txt").read_text(encoding="utf-8") for s in sources]
    assert (0, expected, True) == (code, actual, "已写出 4 个文件" in out)


def test_render_several_files_need_out_dir(cli: Run, example_file: Path) -> None:
    """Several inputs with -o is a usage error (exit 2)."""
    code, _, err = cli("render", example_file, example_file, "-o", "x.txt")
    assert (code, "--out-dir" in err) == (2, True)


def test_render_refuses_two_inputs_with_one_output_name(cli: Run, tmp_path: Path, example_file: Path) -> None:
    """Two inputs named alike would write one output: refused with exit 2."""
    other = tmp_path / "b" / example_file.name
    other.parent.mkdir()
    shutil.copy(example_file, other)
    code, _, err = cli("render", example_file, other, "--out-dir", tmp_path / "out", "-f", "text")
    assert (code, "同一个输出文件" in err) == (2, True)


def test_render_unknown_suffix_exits_2(cli: Run, example_file: Path) -> None:
    """An output suffix no renderer knows, without -f: exit 2 with one line."""
    code, _, err = cli("render", example_file, "-o", example_file.with_suffix(".pdf"))
    assert (code, len(err.splitlines())) == (2, 1)


def test_render_missing_input_exits_2(cli: Run, tmp_path: Path) -> None:
    """A missing input file: exit 2 and one line naming it."""
    missing = tmp_path / "none.yaml"
    code, _, err = cli("render", missing, "-o", tmp_path / "x.txt")
    assert (2, f"{missing}：文件不存在\n") == (code, err)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal() -> None:
    """On a terminal the bar redraws one line and ends with a newline."""
    stream = _Terminal()
    progress = Progress(2, stream)
    progress.step()
    progress.step()
    text = stream.getvalue()
    assert (text.count("\r"), text.endswith("2/2\n"), "1/2" in text) == (2, True, True)


def test_progress_bar_is_silent_elsewhere() -> None:
    """Not a terminal: nothing is written."""
    stream = io.StringIO()
    progress = Progress(2, stream)
    progress.step()
    progress.step()
    assert stream.getvalue() == ""


def test_progress_bar_ends_its_line_when_stopped_early() -> None:
    """A batch stopped half-way (Ctrl-C) leaves the terminal on a new line."""
    stream = _Terminal()
    progress = Progress(3, stream)
    progress.step()
    progress.close()
    assert stream.getvalue().endswith("1/3\n")


# --- worker processes (--jobs) ------------------------------------------------------------------


class _Named(NamedTuple):
    """A job for run_jobs in these tests (a job names its file)."""

    source: str


def _pool_size(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the ``max_workers`` of every process pool the command line starts."""
    from concurrent import futures

    sizes: list[int] = []

    class Recording(futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None, *args: Any, **kwargs: Any) -> None:
            sizes.append(max_workers or 0)
            super().__init__(min(max_workers or 1, 2), *args, **kwargs)

    monkeypatch.setattr(futures, "ProcessPoolExecutor", Recording)
    return sizes


@pytest.mark.usefixtures("no_workers_left")
@pytest.mark.parametrize(
    "case", [(2, "200", 8, [2]), (3, "100000", 2, [2]), (3, "2", 1, [])], ids=["inputs", "cpus", "one-cpu"]
)
def test_workers_are_capped_at_the_inputs_and_the_cpus(
    cli: Run, example_file: Path, monkeypatch: pytest.MonkeyPatch, case: tuple[int, str, int, list[int]]
) -> None:
    """``--jobs 200`` for 2 files starts 2 workers; ``--jobs 100000`` on 2 CPUs starts 2; on one
    CPU the files are checked in this process."""
    files, jobs, cpus, expected = case
    monkeypatch.setattr(_jobs, "available_cpus", lambda: cpus)
    sizes = _pool_size(monkeypatch)
    code, out, _ = cli("check", *[example_file] * files, "--jobs", jobs)
    assert (code, sizes, f"{files} 个文件，" in out) == (0, expected, True)


def test_available_cpus_follow_the_affinity_mask(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process pinned to one CPU (``taskset``) counts one, whatever the machine has."""
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    one = _jobs.available_cpus()
    monkeypatch.delattr(os, "sched_getaffinity")
    assert (one, _jobs.available_cpus()) == (1, 64)


def test_tasks_stay_small_in_a_big_batch() -> None:
    """10,000 files are sent to 2 workers a few at a time (the old chunk was 312 files, so results
    and the progress bar moved every 312 files)."""
    assert [_jobs.chunk_size(n, 2) for n in (2, 100, 1_000, 10_000, 1_000_000)] == [1, 3, 8, 8, 8]


def _hold_while_writing(context: Path, job: _Named) -> str:
    """A job that, for ``slow``, stops inside atomic_write with its temporary file written."""
    if job.source == "quick":
        return "quick"
    real = os.replace

    def wait_then_replace(src: Any, dst: Any) -> None:
        (context / "writing").write_text(str(src), encoding="utf-8")
        time.sleep(120)
        real(src, dst)

    os.replace = wait_then_replace  # in this worker only
    atomic_write(context / "out.txt", "报告")
    return "written"


@needs_posix_signals
@pytest.mark.usefixtures("two_cpus", "no_workers_left")
def test_stopping_a_batch_stops_a_worker_while_it_writes(tmp_path: Path) -> None:
    """Closing run_jobs (what Ctrl-C does) stops a worker in the middle of writing: it removes its
    temporary file, writes nothing, and exits."""
    marker = tmp_path / "writing"
    with contextlib.closing(
        run_jobs(_hold_while_writing, [_Named("quick"), _Named("slow")], 2, tmp_path)
    ) as out:
        first = next(out)
        for _ in range(1200):
            if marker.exists():
                break
            time.sleep(0.05)
        temporary = Path(marker.read_text(encoding="utf-8"))
        was_there = temporary.exists()
    assert (first, was_there, temporary.exists(), (tmp_path / "out.txt").exists()) == (
        "quick",
        True,
        False,
        False,
    )


def _crash(context: object, job: _Named) -> str:
    if job.source == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    return job.source


@needs_posix_signals
@pytest.mark.usefixtures("two_cpus", "no_workers_left")
def test_a_killed_worker_fails_the_batch_with_a_message() -> None:
    """A worker killed by a signal (the out-of-memory killer) ends the batch at once with a
    WorkerError naming the signal; it never hangs."""
    jobs = [_Named("a"), _Named("kill"), _Named("b"), _Named("c")]
    with (
        pytest.raises(_common.WorkerError) as info,
        contextlib.closing(run_jobs(_crash, jobs, 2, None)) as out,
    ):
        list(out)
    assert "工作进程意外退出（被信号 SIGKILL 终止），已中止：完成 " in str(info.value)


_CHECK_JOB = cli_check.check_job  # the real one, for the stand-ins below


def _dies_on_the_second(context: object, job: Any) -> object:
    if job.source.endswith("b.yaml"):
        os._exit(7)
    return _CHECK_JOB(context, job)  # type: ignore[arg-type]


@pytest.mark.usefixtures("two_cpus", "no_workers_left")
def test_check_json_stays_valid_json_when_a_worker_dies(
    tmp_path: Path, example_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list printed so far is closed: stdout is valid JSON; exit 3 and the reason on stderr."""
    files = [shutil.copy(example_file, tmp_path / f"{name}.yaml") for name in "abcd"]
    monkeypatch.setattr(cli_check, "check_job", _dies_on_the_second)
    code = main(["check", *map(str, files), "--json", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert (code, isinstance(json.loads(out), list), "工作进程意外退出（退出码 7）" in err) == (3, True, True)


def test_how_a_worker_ended_is_told_from_the_exit_codes() -> None:
    """The dead worker is named by its signal or exit code; workers stopped on purpose (130,
    SIGTERM, or 1 when stopped while exiting) are not taken for it."""
    cases = [[130, 7], [1, -signal.SIGKILL], [1, 130], [None, 130, -signal.SIGTERM]]
    assert [_jobs._how_it_ended(c) for c in cases] == [
        "退出码 7",
        "被信号 SIGKILL 终止",
        "退出码 1",
        "原因不明",
    ]


_SLOW_WRITES = """
import os, sys, time
real = os.replace
def slow(src, dst):
    time.sleep(0.2)
    real(src, dst)
os.replace = slow
from gov_disclosure.cli import main
sys.exit(main(sys.argv[1:]))
"""


@needs_posix_signals
def test_ctrl_c_stops_a_batch_promptly_and_leaves_no_partial_file(tmp_path: Path, example: Report) -> None:
    """Ctrl-C (SIGINT to the command's process group, as a terminal sends it) during
    ``render --jobs 2``: exit 130, at most the two files being renamed are finished after it,
    every file written is complete, no temporary file is left, and no process either."""
    needs_renderer("text")
    sources = [write_data(tmp_path / f"r{i:03d}.json", gd.to_dict(example)) for i in range(200)]
    runner = tmp_path / "runner.py"
    runner.write_text(_SLOW_WRITES, encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    args = [
        sys.executable,
        str(runner),
        "render",
        *(s.name for s in sources),
        "--out-dir",
        "out",
        "-f",
        "text",
        "--jobs",
        "2",
    ]
    process = subprocess.Popen(
        args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        for _ in range(1200):
            if out.is_dir() and any(p.suffix == ".txt" for p in out.iterdir()):
                break
            time.sleep(0.05)
        before = sum(1 for p in out.iterdir() if p.suffix == ".txt")
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
        for _ in range(600):  # the workers are gone too (the group is empty)
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("worker processes outlived the command")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    names = sorted(p.name for p in out.iterdir())
    written = [n for n in names if n.endswith(".txt") and not n.startswith(".")]
    text = gd.render(example, "text")
    assert (process.returncode, "已中断" in err.decode("utf-8")) == (130, True)
    assert (names, len(written) - before <= 2, len(written) < 200) == (written, True, True)
    assert all((out / n).read_text(encoding="utf-8") == text for n in written)


# --- parse -------------------------------------------------------------------------------------


def test_parse_data_file_to_json(cli: Run, example_file: Path, example: Report) -> None:
    """parse writes the report in the dict contract; a data file reads as itself."""
    out = example_file.with_name("out.json")
    code, stdout, _ = cli("parse", example_file, "-o", out)
    assert (0, example, True) == (code, gd.load(out), stdout.startswith(f"{example_file}："))


def test_parse_without_output_prints_json(cli: Run, example_file: Path, example: Report) -> None:
    """Without -o the JSON goes to stdout and the findings to stderr."""
    code, out, err = cli("parse", example_file)
    assert (0, gd.to_dict(example), True) == (code, json.loads(out), "[format.regulations_row]" in err)


def test_parse_refuses_to_overwrite_its_input(cli: Run, example_file: Path) -> None:
    """-o equal to the input: exit 2, input unchanged."""
    before = example_file.read_bytes()
    code, _, _ = cli("parse", example_file, "-o", example_file)
    assert (2, before) == (code, example_file.read_bytes())


def test_parse_a_published_document_reads_its_tables(cli: Run, tmp_path: Path, example: Report) -> None:
    """A rendered document parses back to the same tables."""
    needs_parser()
    needs_renderer("html")
    doc = tmp_path / "report.html"
    gd.write(example, doc)
    code, _, _ = cli("parse", doc, "--out-dir", tmp_path / "data")
    back = gd.load(tmp_path / "data" / "report.yaml", strict=False)
    assert (0, example.applications.rows()) == (code, back.applications.rows())


def test_parse_of_a_non_report_exits_2(cli: Run, tmp_path: Path) -> None:
    """A document that is not a report: exit 2, one line, no data file."""
    needs_parser()
    doc = tmp_path / "notes.html"
    doc.write_text("<html><body><p>通知</p></body></html>", encoding="utf-8")
    code, _, err = cli("parse", doc, "-o", tmp_path / "notes.yaml")
    assert (code, (tmp_path / "notes.yaml").exists(), err.startswith(f"{doc}：")) == (2, False, True)


# --- aggregate -----------------------------------------------------------------------------


def test_aggregate_writes_the_sum(cli: Run, tmp_path: Path, example_file: Path, example: Report) -> None:
    """The written total is aggregate() of the inputs, with the agency given."""
    other = attrs.evolve(example, agency="另一局")
    other_file = tmp_path / "other.json"
    gd.dump(other, other_file)
    out = tmp_path / "total.yaml"
    code, _, _ = cli(
        "aggregate", example_file, other_file, "-o", out, "--agency", "上杭县", "--title", "汇总"
    )
    assert (0, aggregate([example, other], agency="上杭县", title="汇总")) == (code, gd.load(out))


def test_aggregate_refuses_mixed_years(cli: Run, tmp_path: Path, example_file: Path, example: Report) -> None:
    """Reports of different years: one line naming each file's year, exit 2, nothing written."""
    older = tmp_path / "2023.json"
    gd.dump(attrs.evolve(example, year=2023), older)
    out = tmp_path / "total.yaml"
    code, _, err = cli("aggregate", example_file, older, "-o", out, "--agency", "上杭县")
    assert (code, len(err.splitlines()), out.exists(), "2023 年度" in err) == (2, 1, False, True)


def test_aggregate_of_inconsistent_inputs_exits_1(cli: Run, tmp_path: Path, inconsistent_file: Path) -> None:
    """An error carried into the sum is reported: exit 1."""
    code, out, _ = cli("aggregate", inconsistent_file, "-o", tmp_path / "t.json", "--agency", "上杭县")
    assert (code, "[table3.row_total]" in out) == (1, True)


def test_aggregate_never_overwrites_an_input(cli: Run, example_file: Path) -> None:
    """-o naming an input: exit 2, input unchanged."""
    before = example_file.read_bytes()
    code, _, _ = cli("aggregate", example_file, "-o", example_file, "--agency", "上杭县")
    assert (2, before) == (code, example_file.read_bytes())


def test_aggregate_with_unreadable_input_exits_2(cli: Run, tmp_path: Path, example_file: Path) -> None:
    """A missing input: exit 2 and no output."""
    out = tmp_path / "t.yaml"
    code, _, _ = cli("aggregate", example_file, tmp_path / "none.yaml", "-o", out, "--agency", "上杭县")
    assert (code, out.exists()) == (2, False)


def test_aggregate_output_must_be_a_data_file(cli: Run, tmp_path: Path, example_file: Path) -> None:
    """-o with a suffix that is not .json/.yaml/.yml: exit 2."""
    code, _, _ = cli("aggregate", example_file, "-o", tmp_path / "t.docx", "--agency", "上杭县")
    assert code == 2


def test_aggregate_reads_one_file_at_a_time(
    tmp_path: Path, example: Report, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each report is added to the running sum and dropped before the next file is read (memory
    stays flat however many files), and the sum is the same."""
    files = []
    for i in range(5):
        files.append(tmp_path / f"r{i}.json")
        gd.dump(attrs.evolve(example, agency=f"第{i}局"), files[-1])
    refs: list[weakref.ref[Report]] = []
    alive: list[int] = []
    real = cli_aggregate.read_report

    def reading(path: str) -> Any:
        alive.append(sum(r() is not None for r in refs))
        report, findings = real(path)
        refs.append(weakref.ref(report))
        return report, findings

    monkeypatch.setattr(cli_aggregate, "read_report", reading)
    out = tmp_path / "sum.yaml"
    code = main(["aggregate", *map(str, files), "-o", str(out), "--agency", "汇总"])
    capsys.readouterr()
    expected = aggregate([gd.load(f) for f in files], agency="汇总")
    assert (code, alive, gd.load(out)) == (0, [0] * 5, expected)


def test_aggregate_notes_an_agency_given_twice(cli: Run, tmp_path: Path, example_file: Path) -> None:
    """The same agency twice is added twice, with a note on stderr saying so."""
    code, _, err = cli("aggregate", example_file, example_file, "-o", tmp_path / "t.yaml", "--agency", "县")
    assert (code, err) == (0, "注意：“上杭县工信科技局”出现了 2 次，会被重复相加\n")


def test_aggregate_does_not_warn_that_the_text_of_the_sum_is_empty(
    cli: Run, tmp_path: Path, example_file: Path
) -> None:
    """The sum has no text by design; format.empty_section is not reported for it (check of the
    written sum does)."""
    out = tmp_path / "t.yaml"
    _, printed, _ = cli("aggregate", example_file, "-o", out, "--agency", "县")
    _, checked, _ = cli("check", out)
    assert ("format.empty_section" in printed, "format.empty_section" in checked) == (False, True)


def test_aggregate_of_mixed_years_names_a_few_files_of_each_year(
    cli: Run, tmp_path: Path, example: Report
) -> None:
    """Many files of mixed years: one line with each year, its count and its first files."""
    files = []
    for i in range(6):
        files.append(tmp_path / f"r{i}.json")
        gd.dump(attrs.evolve(example, year=2024 if i < 5 else 2023), files[-1])
    code, _, err = cli("aggregate", *files, "-o", tmp_path / "t.yaml", "--agency", "县")
    first = "、".join(str(f) for f in files[:3])
    expected = f"只能汇总同一年度的报告：{first} 等 5 份为 2024 年度，{files[5]} 为 2023 年度\n"
    assert (code, err) == (2, expected)


# --- schema --------------------------------------------------------------------------------


def test_schema_prints_the_json_schema(cli: Run) -> None:
    """``schema`` prints gov_disclosure.json_schema() as JSON."""
    code, out, _ = cli("schema")
    assert (0, gd.json_schema()) == (code, json.loads(out))


# --- more usage errors ------------------------------------------------------------------------


def test_check_a_directory_is_one_line_and_status_2(cli: Run, tmp_path: Path) -> None:
    """A directory given as a file: one line saying so, exit 2."""
    code, _, err = cli("check", tmp_path)
    assert (code, err) == (2, f"{tmp_path}：这是一个目录，不是文件\n")


def test_new_output_must_be_yaml(cli: Run, tmp_path: Path) -> None:
    """The template is YAML: -o with another suffix is refused, nothing written."""
    out = tmp_path / "t.json"
    code, _, _ = cli("new", "--agency", "某局", "--year", "2025", "-o", out)
    assert (code, out.exists()) == (2, False)


def test_new_notes_a_previous_report_of_another_year(cli: Run, example_file: Path) -> None:
    """--previous that is not last year's report: a note on stderr, the template still printed."""
    code, out, err = cli("new", "--previous", example_file, "--year", "2030")
    assert (code, "year: 2030" in out, "不是 2029 年度" in err) == (0, True, True)


@pytest.mark.parametrize(
    "extra",
    [["-o", "a.txt", "--out-dir", "d"], []],
    ids=["both -o and --out-dir", "neither"],
)
def test_render_needs_exactly_one_output_option(cli: Run, example_file: Path, extra: list[str]) -> None:
    """render needs -o or --out-dir, not both: exit 2 otherwise."""
    code, _, err = cli("render", example_file, *extra)
    assert (code, len(err.splitlines())) == (2, 1)


def test_render_reports_an_internal_error_of_one_file(
    cli: Run, example_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while rendering one file: one line with the file and 内部错误, exit 3."""

    def broken(*_: object, **__: object) -> None:
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setattr(sys.modules["gov_disclosure.render"], "write", broken)
    code, _, err = cli("render", example_file, "-o", example_file.with_suffix(".txt"))
    assert (code, err) == (3, f"{example_file}：内部错误（RuntimeError）\n")


def test_parse_several_documents_need_out_dir(cli: Run, example_file: Path) -> None:
    """parse of several inputs without --out-dir: exit 2."""
    code, _, err = cli("parse", example_file, example_file)
    assert (code, "--out-dir" in err) == (2, True)


def test_parse_output_must_be_a_data_file(cli: Run, example_file: Path) -> None:
    """parse -o with a suffix that is not .json/.yaml/.yml: one line, exit 2."""
    code, _, err = cli("parse", example_file, "-o", example_file.with_suffix(".txt"))
    assert (code, len(err.splitlines())) == (2, 1)
