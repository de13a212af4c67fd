"""The CSV files a reviewer gives beside the reports: the manifest (``file,url,published_on``
and optionally ``kind``), and a mapping of this year's reports to last year's
(``file,previous``)."""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from gov_disclosure.exceptions import InputError
from gov_disclosure.io._decode import decode
from gov_disclosure.review._document import parse_date
from gov_disclosure.review._profile import os_reason

__all__ = ["KINDS", "Manifest", "ManifestRow", "read_csv", "read_manifest", "read_previous_map"]

#: The ``kind`` column's words → the agency kinds of 条例 第四十九条.
KINDS: Mapping[str, str] = {
    "部门": "department",
    "department": "department",
    "政府": "government",
    "人民政府": "government",
    "government": "government",
}
#: The largest manifest read (a row per report: a few hundred bytes each).
MAX_BYTES = 64 * 1024 * 1024


@attrs.frozen
class ManifestRow:
    """What the manifest says of one file: where it was published, when, and (overriding what
    its name says) the agency's kind; ``where`` names the manifest and its line."""

    file: str
    url: str | None
    published_on: datetime.date | None
    kind: str | None
    where: str


def read_csv(path: str | os.PathLike[str], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as ``(line, {column: value})``, its header naming the columns
    (``required`` ones must be there). UTF-8 (with or without a byte order mark), or GB18030 as
    Excel saves a CSV on a Chinese Windows."""
    name = os.fspath(path)
    try:
        p = Path(path)
        if p.stat().st_size > MAX_BYTES:
            raise InputError([("", f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）")], source=name)
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError([("", f"无法读取：{os_reason(exc)}")], source=name) from None
    try:
        text = decode(raw, name)
    except InputError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                [("", "既不是 UTF-8 也不是 GB18030 编码：请另存为 UTF-8 的 CSV")], source=name
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError([("", f"是空文件：第一行应为列名（{','.join(required)}）")], source=name) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            [("", f"第 1 行缺少列 {'、'.join(missing)}：第一行应为列名，如 {','.join(required)}")],
            source=name,
        )
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        rows.append(
            (reader.line_num, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)})
        )
    return rows


@attrs.frozen
class Manifest:
    """The manifest's rows, found by a file's path or name."""

    by_path: Mapping[str, ManifestRow]
    by_name: Mapping[str, ManifestRow | None]

    def find(self, source: str) -> ManifestRow | None:
        """The row of ``source``: the same file (the manifest's ``file`` read from the manifest's
        folder), else the one row naming a file of the same name."""
        found = self.by_path.get(os.path.realpath(source))
        if found is not None:
            return found
        return self.by_name.get(Path(source).name)


def read_manifest(path: str | os.PathLike[str]) -> Manifest:
    """The manifest at ``path``: columns ``file``, ``url``, ``published_on`` (``2024-01-17``,
    ``2024/1/17``, ``2024年1月17日``), optionally ``kind`` (部门 / 政府). Every bad row is named
    at once (:class:`InputError`)."""
    name = os.fspath(path)
    base = Path(path).parent
    errors: list[tuple[str, str]] = []
    by_path: dict[str, ManifestRow] = {}
    by_name: dict[str, ManifestRow | None] = {}
    for line, row in read_csv(path, ("file", "url", "published_on")):
        file = row["file"]
        where = f"{Path(name).name} 第 {line} 行"
        if not file:
            errors.append((f"第 {line} 行", "file 列为空"))
            continue
        day = None
        if row["published_on"]:
            day = parse_date(row["published_on"])
            if day is None:
                errors.append(
                    (f"第 {line} 行", f"published_on 不是日期：{row['published_on']!r}（应如 2024-01-17）")
                )
        kind = None
        if row.get("kind"):
            kind = KINDS.get(row["kind"].strip().lower())
            if kind is None:
                errors.append((f"第 {line} 行", f"kind 应为“部门”或“政府”，收到 {row['kind']!r}"))
        entry = ManifestRow(file, row["url"] or None, day, kind, where)
        by_path[os.path.realpath(base / file)] = entry
        short = Path(file).name
        by_name[short] = None if short in by_name else entry  # a name given twice finds nothing
    if errors:
        raise InputError(errors, source=name)
    return Manifest(by_path, by_name)


def read_previous_map(path: str | os.PathLike[str]) -> dict[str, str]:
    """A CSV ``file,previous``: this year's report (as in the manifest) → last year's file
    (read from the CSV's folder). Keys are real paths and, for names given once, names."""
    base = Path(path).parent
    out: dict[str, str] = {}
    names: dict[str, str | None] = {}
    for _, row in read_csv(path, ("file", "previous")):
        if not row["file"] or not row["previous"]:
            continue
        previous = os.fspath(base / row["previous"])
        out[os.path.realpath(base / row["file"])] = previous
        short = Path(row["file"]).name
        names[short] = None if short in names else previous
    out.update({f"name:{k}": v for k, v in names.items() if v is not None})
    return out
