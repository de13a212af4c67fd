"""The argument parser of ``gov-disclosure`` and :func:`main`: Chinese usage errors, exit status
0/1/2/3, no traceback unless ``--debug``."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from gov_disclosure import spec
from gov_disclosure.exceptions import GovDisclosureError, InconsistentReportError

if TYPE_CHECKING:
    pass
from gov_disclosure.cli._common import (
    EXIT_ERRORS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    FORMAT_SUFFIX,
    PROG,
    WorkerError,
    error_lines,
    print_lines,
)
from gov_disclosure.cli.aggregate import cmd_aggregate
from gov_disclosure.cli.check import cmd_check
from gov_disclosure.cli.new import cmd_new
from gov_disclosure.cli.parse import cmd_parse
from gov_disclosure.cli.render import cmd_render
from gov_disclosure.cli.review import register as register_review
from gov_disclosure.cli.schema import cmd_schema

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


def _template_option(p: argparse.ArgumentParser) -> None:
    """``--template ID``: the report format (the official template) of a new report or schema."""
    known = "；".join(f"{f.id}（{f.name}）" for f in spec.formats())
    p.add_argument(
        "--template",
        default=None,
        metavar="ID",
        help=f"报告所用的官方格式，默认 {spec.DEFAULT_FORMAT}：{known}",
    )


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
        "生成新报告的 YAML 数据模板 (template) 或 Excel/WPS 工作簿",
        "生成一份 YAML 数据模板：每个键、每一行都在，每格为 0，注释中写明官方名称；六个部分的段落留空待填。\n"
        "-o 为 .xlsx 时生成工作簿：每张表一个工作表，格式同官方表格，总计为公式（锁定），"
        "正文每段一行；填好后用 check 检查、render 生成文档。\n"
        f"给出 --previous（上年的报告）时，把上年的“{carried_forward}”填入“{carried_over}”，"
        f"并带入上年的“{in_force}”（{spec.REGULATIONS.label}、{spec.NORMATIVE_DOCUMENTS.label}）。",
        "例：\n  gov-disclosure new --agency 上杭县工信科技局 --year 2025 -o 2025.yaml\n"
        "  gov-disclosure new --previous 2024.yaml -o 2025.yaml\n"
        "  gov-disclosure new --agency 上杭县工信科技局 --year 2025 --previous 2024.docx -o 2025.xlsx\n\n"
        + EXIT_HELP,
        common,
    )
    p.add_argument("--agency", help="报告机关 (agency)；给出 --previous 时默认沿用上年的")
    p.add_argument("--year", type=int, help="报告年度 (year)；给出 --previous 时默认为上年加一")
    p.add_argument("--previous", metavar="LAST_YEAR", help="上年的报告（数据文件或已发布的文档）")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="写入的 YAML 文件或 Excel 工作簿（.xlsx）；不给则 YAML 输出到屏幕 (stdout)",
    )
    p.add_argument("--force", action="store_true", help="替换已存在的输出文件")
    _template_option(p)
    p.set_defaults(handler=cmd_new)

    p = _sub(
        sub,
        "check",
        "检查 (check) 勾稽关系",
        "检查数据文件（.json/.yaml/.yml）、工作簿（.xlsx）或已发布的报告（.pdf/.docx/.html/.txt 等）"
        "的勾稽关系，"
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
        "生成 (render) 可发布的文档：text、markdown、html、docx，或工作簿 xlsx",
        "把报告生成为可发布的文档（或 Excel/WPS 工作簿）。格式由 -f 指定，不指定时按 -o 的文件后缀判断"
        "（.txt .md .html .docx .xlsx）；用 --out-dir 时默认 docx。\n"
        "不符合勾稽关系的报告不生成（退出码 1），除非加 --force。输出文件原子写入 (atomic)，"
        "绝不覆盖输入文件。",
        "例：\n  gov-disclosure render 2025.yaml -o 2025.docx\n"
        "  gov-disclosure render 2025.xlsx -o 2025.docx\n"
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
        "读取已发布的报告（.pdf/.docx/.html/.txt/.md）或工作簿（.xlsx），写成数据文件（JSON 或 YAML），"
        "并列出它的问题。\n"
        "不给 -o 与 --out-dir 时，JSON 输出到屏幕 (stdout)，问题清单输出到 stderr。",
        "例：\n  gov-disclosure parse 报告.html -o 报告.yaml\n"
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
        "例：\n  gov-disclosure aggregate 部门/*.yaml -o 县汇总.yaml --agency 上杭县人民政府\n"
        "  gov-disclosure aggregate 部门/*.xlsx -o 县汇总.xlsx --agency 上杭县人民政府\n\n" + EXIT_HELP,
        common,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="要相加的报告")
    p.add_argument(
        "-o", "--output", required=True, metavar="TOTAL", help="汇总结果（.json/.yaml/.yml/.xlsx）"
    )
    p.add_argument("--agency", required=True, help="汇总报告的报告机关 (agency)")
    p.add_argument("--title", help="汇总报告的标题 (title)；默认按报告机关和年度生成")
    p.set_defaults(handler=cmd_aggregate)

    register_review(sub, common, _sub, _jobs, EXIT_HELP)

    p = _sub(
        sub,
        "schema",
        "输出数据格式的 JSON Schema",
        "输出数据文件格式的 JSON Schema（draft 2020-12），标题为官方名称，可供编辑器提示。",
        "例：\n  gov-disclosure schema > report.schema.json\n"
        "  gov-disclosure schema --template 2019 > report-2019.schema.json",
        common,
    )
    _template_option(p)
    p.set_defaults(handler=cmd_schema)
    return parser


# --- main ---------------------------------------------------------------------------------


def _exit_code(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_INPUT


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.version:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            installed = version("gov_disclosure")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            installed = "0+unknown"
        print(f"{PROG} {installed}")
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
        print_lines(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_INTERNAL
    except BrokenPipeError:
        # the reader of stdout went away (``| head``): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERRORS
    except InconsistentReportError as exc:
        print_lines(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_ERRORS
    except (GovDisclosureError, OSError) as exc:
        print_lines(error_lines(exc), sys.stderr)
        _traceback(debug)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a raw traceback by default
        print(f"内部错误（{type(exc).__name__}）：请加 --debug 重新运行并报告此问题", file=sys.stderr)
        _traceback(debug)
        return EXIT_INTERNAL
