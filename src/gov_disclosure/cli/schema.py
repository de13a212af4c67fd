"""``schema``: the JSON Schema of the dict contract."""

from __future__ import annotations

import argparse

from gov_disclosure.cli._common import EXIT_OK, chosen_format


def cmd_schema(args: argparse.Namespace) -> int:
    """``schema``: the JSON Schema of the dict contract (of ``--template``, the 2021 format by
    default)."""
    import json  # noqa: PLC0415

    from gov_disclosure.io.schema import json_schema  # noqa: PLC0415

    fmt = chosen_format(args)
    print(json.dumps(json_schema(fmt.id), ensure_ascii=False, indent=2))
    return EXIT_OK
