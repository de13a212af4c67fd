"""``schema``: the JSON Schema of the dict contract."""

from __future__ import annotations

import argparse
import sys

from gov_disclosure import spec
from gov_disclosure.cli._common import EXIT_INPUT, EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``schema``: the JSON Schema of the dict contract (of ``--format``, the 2021 format by
    default)."""
    import json  # noqa: PLC0415

    from gov_disclosure.io.schema import json_schema  # noqa: PLC0415

    format_id = args.report_format or spec.DEFAULT_FORMAT
    try:
        spec.get_format(format_id)
    except KeyError as exc:
        print(f"错误：{exc.args[0]}", file=sys.stderr)
        return EXIT_INPUT
    print(json.dumps(json_schema(format_id), ensure_ascii=False, indent=2))
    return EXIT_OK
