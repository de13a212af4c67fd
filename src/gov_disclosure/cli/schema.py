"""``schema``: the JSON Schema of the dict contract."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from gov_disclosure.cli._common import EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``schema``: the JSON Schema of the dict contract."""
    import json  # noqa: PLC0415

    from gov_disclosure.io.schema import json_schema  # noqa: PLC0415

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
