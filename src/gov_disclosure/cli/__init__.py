"""The command line ``gov-disclosure``: templates, checks, rendering, parsing, adding up.

Subcommands: ``new``, ``check``, ``render``, ``parse``, ``aggregate``, ``schema`` (see
``docs/cli.md``), one module each; :mod:`~gov_disclosure.cli.main` parses the arguments.
Exit status: 0 no errors (warnings allowed), 1 a hard 勾稽 rule fails, 2 an input cannot be
read or a command cannot be carried out, 3 an internal error. Heavy modules (YAML, the
converter, renderers, parsers) load inside the subcommand that needs them, so that
``gov-disclosure --help`` starts fast.
"""

from __future__ import annotations

from gov_disclosure.cli._common import EXIT_ERRORS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from gov_disclosure.cli.main import build_parser, main

__all__ = ["EXIT_ERRORS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "main"]
