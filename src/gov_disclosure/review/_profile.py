"""Scores: a profile of points deducted per rule (with a cap per rule) from a total.

A profile is a YAML (or a mapping) like::

    name: 十分制示例
    total: 10
    rules:
      table3.balance: {points: 1, cap: 2}
      review.copied: 2            # points per finding, no cap

A report's score is ``total`` less, for each rule, ``points`` × its findings (at most ``cap``),
never below 0. Evaluators score differently; the profiles shipped in ``examples/profiles/`` are
examples, not an official standard.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from gov_disclosure.exceptions import InputError
from gov_disclosure.findings import RULE_BY_ID, Finding

__all__ = ["Deduction", "Profile", "Score", "load_profile", "os_reason"]

_TOP_KEYS = ("name", "total", "rules")
_RULE_KEYS = ("points", "cap")
#: The largest profile file read (a profile is a few hundred bytes).
MAX_BYTES = 1024 * 1024


@attrs.frozen
class Deduction:
    """Points deducted per finding of a rule, and the most a rule may deduct (``None``: no cap)."""

    points: Decimal
    cap: Decimal | None = None


@attrs.frozen
class Score:
    """A report's score: the points left, and per rule ``(rule, findings, points deducted)``."""

    points: Decimal
    total: Decimal
    deductions: tuple[tuple[str, int, Decimal], ...] = ()


@attrs.frozen
class Profile:
    """How a report is scored: ``total`` points, less each rule's deduction."""

    name: str
    total: Decimal
    rules: Mapping[str, Deduction] = attrs.field(factory=dict)

    def score(self, findings: Iterable[Finding]) -> Score:
        """The score of a report with these findings."""
        counts = Counter(f.rule for f in findings)
        deductions: list[tuple[str, int, Decimal]] = []
        lost = Decimal(0)
        for rule, rate in self.rules.items():
            n = counts.get(rule, 0)
            if not n:
                continue
            taken = rate.points * n
            if rate.cap is not None:
                taken = min(taken, rate.cap)
            if taken:
                deductions.append((rule, n, taken))
                lost += taken
        return Score(max(Decimal(0), self.total - lost), self.total, tuple(deductions))


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, in Chinese."""
    if isinstance(exc, FileNotFoundError):
        return "找不到文件"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return f"{exc.strerror or exc}"


def _number(value: Any, path: str, what: str, errors: list[tuple[str, str]]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value < 0:
        errors.append((path, f"应为非负数（{what}），收到 {value!r}"))
        return None
    return Decimal(value)


def _unknown(key: object, known: Iterable[str]) -> str:
    names = "、".join(known)
    return f"未知的键 {key!r}（可用：{names}）"


def from_mapping(data: Any, source: str | None = None) -> Profile:
    """A profile from plain data; every problem found is reported at once (:class:`InputError`,
    each with its path)."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, Mapping):
        raise InputError(
            [("", f"评分方案应为键值映射（name、total、rules），收到 {type(data).__name__}")], source=source
        )
    for key in data:
        if key not in _TOP_KEYS:
            errors.append((str(key), _unknown(key, _TOP_KEYS)))
    name = data.get("name", "")
    if not isinstance(name, str):
        errors.append(("name", f"应为文字（评分方案的名称），收到 {name!r}"))
        name = ""
    if "total" not in data:
        errors.append(("total", "缺少满分 total（如 total: 10）"))
        total = None
    else:
        total = _number(data["total"], "total", "满分", errors)
    rules: dict[str, Deduction] = {}
    given = data.get("rules", {})
    if not isinstance(given, Mapping):
        errors.append(("rules", "应为“规则编号: 每处扣分”的键值映射"))
        given = {}
    for rule, value in given.items():
        path = f"rules.{rule}"
        if rule not in RULE_BY_ID:
            close = difflib.get_close_matches(str(rule), list(RULE_BY_ID), n=1)
            hint = f"，是否应为 {close[0]!r}？" if close else "（规则编号见 docs/checks.md）"
            errors.append((path, f"不认识的规则编号 {rule!r}{hint}"))
            continue
        cap: Decimal | None = None
        if isinstance(value, Mapping):
            for key in value:
                if key not in _RULE_KEYS:
                    errors.append((f"{path}.{key}", _unknown(key, _RULE_KEYS)))
            points = _number(value.get("points"), f"{path}.points", "每处扣分", errors)
            if value.get("cap") is not None:
                cap = _number(value["cap"], f"{path}.cap", "本规则最多扣分", errors)
        else:
            points = _number(value, path, "每处扣分", errors)
        if points is not None:
            rules[str(rule)] = Deduction(points, cap)
    if errors or total is None:
        raise InputError(errors, source=source)
    return Profile(name=name, total=total, rules=rules)


def load_profile(source: str | os.PathLike[str] | Mapping[str, Any] | Profile) -> Profile:
    """A profile from a YAML file (``.yaml``/``.yml``), a mapping, or a profile."""
    if isinstance(source, Profile):
        return source
    if not isinstance(source, str | os.PathLike):
        return from_mapping(source)  # a mapping, or a value that says it is none
    from gov_disclosure.io.yaml import yaml_loads  # noqa: PLC0415 - YAML loads with the first profile

    path = Path(source)
    name = os.fspath(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError([("", f"文件过大（超过 {MAX_BYTES // 1024} KB），不像评分方案")], source=name)
        data = yaml_loads(path.read_bytes(), source=name)
    except OSError as exc:
        raise InputError([("", f"无法读取评分方案：{os_reason(exc)}")], source=name) from None
    return from_mapping(data, source=name)
