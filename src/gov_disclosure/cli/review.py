"""``review``: a batch of reports into one folder a reviewer acts on — an index, a page per
report, a workbook and the findings as CSV and JSON lines (``docs/review.md``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from gov_disclosure.cli._common import say
from gov_disclosure.cli._jobs import run_jobs

__all__ = ["cmd_review", "register"]

EXAMPLES = (
    "例：\n  gov-disclosure review 下载/*.pdf 下载/*.html -o 审核/\n"
    "  gov-disclosure review 2024/* -o 审核/ --previous 2023/ --manifest 清单.csv \\\n"
    "      --profile 评分.yaml --jobs 2\n"
)


def _runner(workers: int) -> Callable[[Callable[[Any, Any], Any], Sequence[Any], Any], Iterator[Any]]:
    def run(function: Callable[[Any, Any], Any], jobs: Sequence[Any], context: Any) -> Iterator[Any]:
        return run_jobs(function, jobs, workers, context)

    return run


def cmd_review(args: argparse.Namespace) -> int:
    """``review``: review every file, write the folder, print one line per file that could not
    be read and a summary; exit 0, 1 (an error finding) or 2 (a file could not be read)."""
    from gov_disclosure.review import review  # noqa: PLC0415 - the readers load with the first document

    result = review(
        args.files,
        args.output,
        previous=args.previous,
        manifest=args.manifest,
        profile=args.profile,
        runner=_runner(args.jobs),
    )
    for report in result.reports:
        if report.error is not None:
            say(f"{report.source}：{report.error}", sys.stderr)
    reused = f"（{result.reused} 份未改动，沿用上次的结果）" if result.reused else ""
    say(f"{result.summary()}{reused}")
    say(f"已写出 {result.output}/index.html 等")
    return result.status


def register(
    sub: Any,
    common: argparse.ArgumentParser,
    make: Callable[..., argparse.ArgumentParser],
    jobs: Callable[[str], int],
    exit_help: str,
) -> None:
    """Add the ``review`` subcommand to the parser (``make`` is the parser's ``_sub``)."""
    p = make(
        sub,
        "review",
        "审核 (review) 一批已发布的报告：总表、逐份页面、Excel 汇总",
        "读取一批报告（已发布的文档或数据文件），做全部检查和审核人员的检查（年度、机关名称、六个部分、"
        "五和六的内容、与上年雷同、按时发布、格式、数字合理性），写出一个目录：\n"
        "  index.html（总表：每份报告一行，可排序、筛选）、每份报告一页（表格按官方样式，有问题的格标色）、\n"
        "  summary.xlsx（汇总、问题两张表）、findings.csv、findings.jsonl。\n"
        "再次运行到同一目录时，未改动的文件沿用上次的结果。",
        EXAMPLES + "\n" + exit_help,
        common,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="要审核的报告")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录（没有则新建）")
    p.add_argument(
        "--previous",
        metavar="DIR|CSV",
        help="上一年度的报告：目录（按机关名称对应），或 file,previous 两列的 CSV",
    )
    p.add_argument("--manifest", metavar="CSV", help="清单：file,url,published_on（可加 kind：部门/政府）")
    p.add_argument("--profile", metavar="YAML", help="评分方案：规则编号 → 每处扣分（见 examples/profiles/）")
    p.add_argument("--jobs", type=jobs, default=1, metavar="N", help="同时使用的进程数 (processes)，默认 1")
    p.set_defaults(handler=cmd_review)
