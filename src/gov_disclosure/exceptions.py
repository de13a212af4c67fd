"""The library's errors: one root, each subclass keeping its structured data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gov_disclosure.findings import Finding

__all__ = [
    "GovDisclosureError",
    "InconsistentReportError",
    "InputError",
    "ParseError",
    "UnknownFormatError",
]


class GovDisclosureError(Exception):
    """Root of every error this library raises on purpose."""


class InputError(GovDisclosureError, ValueError):
    """A dict, JSON or YAML input that does not fit the dict contract.

    ``errors`` lists every problem found, as ``(path, message)`` pairs; the message names the
    official label of the place.
    """

    def __init__(self, errors: Sequence[tuple[str, str]], *, source: str | None = None) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}输入有 {len(self.errors)} 处问题："]
        lines.extend(f"  {path or '（顶层）'} — {message}" for path, message in self.errors)
        super().__init__("\n".join(lines))


class InconsistentReportError(GovDisclosureError, ValueError):
    """A report whose tables break a hard 勾稽 rule; ``findings`` lists every finding."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings: list[Finding] = list(findings)
        errors = [f for f in self.findings if f.severity == "error"]
        lines = [f"报告数据不符合勾稽关系，共 {len(errors)} 处错误："]
        lines.extend(f"  [{f.rule}] {f.path}: {f.message}" for f in errors)
        super().__init__("\n".join(lines))


class ParseError(GovDisclosureError, ValueError):
    """A document that cannot be read as a report; says where reading stopped and why."""

    def __init__(self, message: str, *, where: str | None = None, source: str | None = None) -> None:
        self.where = where
        self.source = source
        self.reason = message
        parts = [p for p in (source, where) if p]
        prefix = "，".join(parts)
        super().__init__(f"{prefix}：{message}" if prefix else message)


class UnknownFormatError(GovDisclosureError, ValueError):
    """A format name or file suffix no renderer or reader knows, or an option a renderer does
    not take."""
