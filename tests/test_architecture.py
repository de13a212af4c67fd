"""The architecture holds: layers import one way, labels are written only in spec, the public
API is one namespace, and a new format needs no renderer or reader code of its own."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure import spec

PACKAGE = Path(gd.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """Every module of the package that ``path`` imports, anywhere in it (functions and
    ``TYPE_CHECKING`` blocks included): ``from a.b import c`` names ``a.b.c`` when that is a
    module, else ``a.b``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("gov_disclosure"):
                    yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gov_disclosure"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                yield sub if sub in MODULES else node.module


def _graph() -> dict[str, set[str]]:
    return {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_no_import_cycle() -> None:
    """No chain of imports, lazy ones included, leads from a module back to itself."""
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for nxt in sorted(graph[name]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_no_module_imports_a_package_above_it() -> None:
    """A module never imports its own package (or one containing it): the packages import
    their modules, lazily or not, and a module importing back would close a cycle."""
    wrong = [
        (name, target)
        for name, targets in _graph().items()
        for target in targets
        if name.startswith(target + ".")
    ]
    assert wrong == []


#: Layers, bottom up; a module may import only from its own layer or below.
LAYERS = (
    ("gov_disclosure.spec",),
    ("gov_disclosure.findings",),
    ("gov_disclosure.exceptions",),
    ("gov_disclosure.model",),
    ("gov_disclosure.checks",),
    ("gov_disclosure.io",),
    ("gov_disclosure.render", "gov_disclosure.aggregate"),
    ("gov_disclosure.parse",),
    ("gov_disclosure.review",),
    ("gov_disclosure.cli",),
)


def _layer(name: str) -> int | None:
    for level, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return None


def test_layers_import_downwards() -> None:
    """spec ← findings ← exceptions ← model ← checks ← io ← render ← parse ← review ← cli
    (docs/architecture.md)."""
    upward = []
    for name, targets in _graph().items():
        here = _layer(name)
        for target in targets:
            there = _layer(target)
            if here is not None and there is not None and there > here:
                upward.append((name, target))
    assert upward == []


def _official_labels() -> tuple[set[str], set[str]]:
    """Every official label of every format, and the tables' names (表二 …)."""
    labels: set[str] = set()
    names: set[str] = set()
    for fmt in spec.formats():
        labels.update(s.heading for s in fmt.sections)
        for table in fmt.tables:
            names.add(table.name)
            labels.update(table.headings())
            for row in table.data_rows():
                labels.update(row.labels)
                labels.update(label for column in row.columns for label in column)
    return labels, names


def _strings(path: Path) -> Iterator[tuple[int, str]]:
    """String constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_official_label_outside_spec() -> None:
    """No string outside the spec package is an official label or holds one (labels of four
    characters or more, and the tables' names): each is written once, in spec."""
    labels, names = _official_labels()
    found = []
    for name, path in MODULES.items():
        if name == "gov_disclosure.spec" or name.startswith("gov_disclosure.spec."):
            continue
        for line, text in _strings(path):
            for label in labels | names:
                if text == label or ((len(label) >= 4 or label in names) and label in text):
                    found.append(f"{path.relative_to(PACKAGE)}:{line}: {label}")
    assert found == []


def test_parse_is_the_function_after_any_import() -> None:
    """``gd.parse`` and ``gd.render`` stay the functions whatever is imported later, and their
    modules are still imported by their dotted names (``import gov_disclosure.parse.pdf as pdf``)."""
    code = (
        "import importlib, pkgutil, gov_disclosure as gd\n"
        "for m in pkgutil.walk_packages(gd.__path__, 'gov_disclosure.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "import gov_disclosure.parse, gov_disclosure.render\n"
        "import gov_disclosure.parse.pdf as pdf, gov_disclosure.render.docx as docx\n"
        "assert (pdf.__name__, docx.__name__) == ('gov_disclosure.parse.pdf', 'gov_disclosure.render.docx')\n"
        "assert callable(gd.parse) and gd.parse.__module__ == 'gov_disclosure.parse', gd.parse\n"
        "assert gd.render.__module__ == 'gov_disclosure.render', gd.render\n"
        "import gov_disclosure.aggregate, gov_disclosure.review\n"
        "from gov_disclosure.aggregate import RunningSum\n"
        "total = gd.aggregate([gd.load('examples/shanghang_gxkj_2024.yaml')] * 2, agency='某县')\n"
        "assert total.agency == '某县' and callable(gd.review)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=ROOT)


def test_dir_lists_every_public_name() -> None:
    """``dir(gd)`` and ``help(gd)`` show the lazily loaded names too, and each resolves."""
    names = dir(gd)
    for name in gd.__all__:
        assert name in names
        assert getattr(gd, name) is not None


@pytest.mark.parametrize(
    "name", ["parse", "ParseResult", "aggregate", "ParseError", "UnknownFormatError", "Layout", "Rule"]
)
def test_top_level_names(name: str) -> None:
    """The names a user reaches for are at the top level."""
    assert name in gd.__all__
    assert getattr(gd, name) is not None


def test_import_loads_no_heavy_library() -> None:
    """``import gov_disclosure`` loads none of python-docx, lxml, jinja2, YAML, cattrs or openpyxl."""
    code = (
        "import sys, gov_disclosure\n"
        "heavy = [m for m in ('docx', 'lxml', 'jinja2', 'yaml', 'cattrs', 'openpyxl') if m in sys.modules]\n"
        "assert heavy == [], heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# --- a new format needs no renderer or reader code ---------------------------------------------------

from gov_disclosure.model import derive_classes  # noqa: E402 - the toy format's section

TOY = spec.Format(
    id="toy",
    name="示例格式（测试用）",
    title_template="{agency}{year}年度政府信息公开示例报告",
    sections=(
        spec.SectionSpec("summary", "一、概况", "一", has_table=False),
        spec.SectionSpec("counts", "二、数量情况", "二", has_table=True),
        spec.SectionSpec("cases", "三、案件情况", "三", has_table=True),
        spec.SectionSpec("notes", "四、其他事项", "四", has_table=False),
    ),
    tables=(
        spec.CrossTable(
            key="counts",
            name="表甲",
            caption="二、数量情况",
            corner="（每列：合计等于前两行之和）",
            columns=(spec.Node("男性", "men"), spec.Node("女性", "women"), spec.Node("合计", "total")),
            rows=(
                spec.Node("一、甲类", "first"),
                spec.Node("二、乙类", "second"),
                spec.Node("三、两类合计", "both"),
            ),
            sums=(
                spec.Balance("toy.both", left=("first", "second"), right=("both",)),
                spec.ColumnTotal("toy.row_total", total="total", parts=("men", "women")),
            ),
        ),
        spec.BlockTable(
            key="cases",
            name="表乙",
            caption="三、案件情况",
            blocks=(
                spec.Block(
                    "第一款",
                    "项目",
                    (spec.Node("收到件数", "received"), spec.Node("办结件数", "closed")),
                    (spec.Node("行政裁决", "rulings"), spec.Node("行政奖励", "awards", optional=True)),
                ),
                spec.Block(
                    "第二款",
                    "项目",
                    (spec.Node("金额（万元）", kind="fee"),),
                    (spec.Node("罚没收入", "fines"),),
                ),
            ),
        ),
    ),
    report_labels=spec.FORMAT_2021.report_labels,
)


@pytest.fixture
def toy_format() -> Iterator[type]:
    """The toy format registered for one test, with its classes derived from it."""
    from gov_disclosure.findings import RULE_BY_ID, Rule
    from gov_disclosure.model import _registry
    from gov_disclosure.spec import registry

    cls = derive_classes(TOY)
    rules = {r: Rule(r, "error", "示例格式的合计", "测试") for r in ("toy.both", "toy.row_total")}
    RULE_BY_ID.update(rules)
    gd.model.register_format(TOY, cls)
    try:
        yield cls
    finally:
        registry._FORMATS.pop(TOY.id, None)
        _registry._REPORT_CLASSES.pop(TOY.id, None)
        for r in rules:
            RULE_BY_ID.pop(r, None)


def _toy_dict() -> dict[str, object]:
    return {
        "format": "toy",
        "agency": "某县示例局",
        "year": 2024,
        "preamble": ["本报告依据示例格式编制。"],
        "summary": {
            "paragraphs": ["本年度工作平稳推进。"],
            "subsections": [{"title": "基本情况", "paragraphs": ["一切正常。"]}],
        },
        "counts": {
            "paragraphs": ["本年数量如下表。"],
            "first": [3, 4],
            "second": {"men": 1, "women": 2},
            "both": [4, 6],
        },
        "cases": {"rulings": {"received": 5, "closed": 4}, "fines": "12.50"},
        "notes": {"paragraphs": ["无。"]},
    }


def test_a_toy_format_is_checked_rendered_and_read_back_with_no_code_of_its_own(toy_format: type) -> None:
    """A format described only as data (two tables of other rows and columns, a row that may be
    left out, a fee cell), with its classes derived from it: the dict contract, the checks,
    every renderer and every reader work on it."""
    report = gd.from_dict(_toy_dict())
    assert type(report) is toy_format
    assert report.counts.first.total == 7  # a total left out is computed from its sum
    assert report.cases.awards is None
    assert gd.from_dict(gd.to_dict(report)) == report
    assert [f.rule for f in gd.check(report)] == ["format.missing_row"]
    for fmt in ("text", "markdown", "html", "docx", "xlsx"):
        out = gd.render(report, fmt)
        data = out if isinstance(out, bytes) else out.encode("utf-8")
        result = gd.parse(data, fmt)
        assert (fmt, result.report) == (fmt, report)
        assert [f.rule for f in result.findings] == ["format.missing_row"]


def test_a_toy_format_error_is_found_at_its_cell(toy_format: type) -> None:
    """The toy format's own sums are checked: a wrong total is an error naming its table."""
    data = _toy_dict()
    data["counts"]["both"] = [4, 7]  # type: ignore[index]
    report = gd.from_dict(data, strict=False)
    errors = [f for f in gd.check(report) if f.severity == "error"]
    assert [(f.rule, f.path) for f in errors] == [
        ("toy.both", "counts.*.women"),
        ("toy.both", "counts.*.total"),
    ]
    assert errors[0].message.startswith("表甲“女性”列：一、甲类 4 + 二、乙类 2 = 6，而三、两类合计 7 = 7")


RULE_ID = re.compile(r"(table\d|format|continuity|aggregate|narrative|parse|review)\.[a-z_0-9]+")


def test_every_rule_id_in_the_code_is_in_the_registry() -> None:
    """A string of the code that reads as a rule id names a rule of the one registry, and every
    rule of the registry is documented (docs/checks.md, or docs/parse.md for ``parse.*``), and
    every rule id the documentation heads is in the registry."""
    from gov_disclosure.findings import RULE_BY_ID, RULES

    used = {
        text
        for name, path in MODULES.items()
        if name != "gov_disclosure.findings"
        for _, text in _strings(path)
        if RULE_ID.fullmatch(text)
    }
    assert sorted(used - set(RULE_BY_ID)) == []
    docs = PACKAGE.parent.parent / "docs"
    checks = (docs / "checks.md").read_text(encoding="utf-8")
    reading = (docs / "parse.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.id}`" in (reading if rule.doc == "parse" else checks), rule.id
    headed = set(re.findall(r"^### `([a-z0-9_.]+)`", checks + reading, flags=re.MULTILINE))
    assert sorted(r for r in headed if RULE_ID.fullmatch(r) and r not in RULE_BY_ID) == []
