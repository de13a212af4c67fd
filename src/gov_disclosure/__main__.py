"""``python -m gov_disclosure``: the ``gov-disclosure`` command line."""

from __future__ import annotations

from gov_disclosure.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
