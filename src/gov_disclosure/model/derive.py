"""The classes of a format described only as data.

:func:`derive_classes` builds frozen attrs classes in the shape of a format's dict contract,
from its description alone: a class per table section (its paragraphs and its rows), a class per
row group, a row class per table with a field per leaf column, one value field per cell of a
block table; every field checked on construction by its kind (count, fee, signed integer) and
labelled with its official label. A total that a sum of the format defines and a report leaves
out is computed from its parts, as in the hand-written classes of the 2021 format. Narrative
sections are :class:`~gov_disclosure.model.Section`.

So a new format needs only its description: ``register_format(fmt, derive_classes(fmt))``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure import spec
from gov_disclosure.model import validators as v
from gov_disclosure.model._classes import Section, _fee, _sum, _title

__all__ = ["derive_classes"]


def _camel(*keys: str) -> str:
    return "".join(part.capitalize() for key in keys for part in key.split("_"))


def _value_field(kind: spec.ValueKind, label: str, *, default: Any = attrs.NOTHING) -> Any:
    meta = {"label": label, "kind": kind}
    if kind == "fee":
        return attrs.field(type=Decimal, converter=_fee, validator=v.fee(), metadata=meta, default=default)
    if kind == "signed":
        return attrs.field(type=int, validator=v.signed(), metadata=meta, default=default)
    if kind == "amount":
        return attrs.field(
            type=str, converter=v.strip_text, validator=v.amount(), metadata=meta, default=default
        )
    return attrs.field(type=int, validator=v.count(), metadata=meta, default=default)


def _class_field(cls: type, label: str, *, optional: bool = False) -> Any:
    if optional:
        return attrs.field(
            type=cls | None,  # type: ignore[arg-type]
            default=None,
            validator=attrs.validators.optional(attrs.validators.instance_of(cls)),
            metadata={"label": label},
        )
    return attrs.field(type=cls, validator=attrs.validators.instance_of(cls), metadata={"label": label})


def _text_list(label: str) -> Any:
    return attrs.field(
        type=tuple[str, ...],
        factory=tuple,
        converter=v.clean_paragraphs,
        validator=v.paragraphs(),
        metadata={"label": label},
    )


def _total_of(parts: tuple[str, ...]) -> Callable[[Any], Any]:
    def total(self: Any) -> Any:
        return _sum(getattr(self, p) for p in parts)

    return total


def _make(name: str, fields: dict[str, Any]) -> type:
    return attrs.make_class(name, fields, frozen=True, kw_only=True)


class _Builder:
    """Builds the classes of one table."""

    def __init__(self, fmt: spec.Format, table: spec.TableSpec) -> None:
        self.fmt = fmt
        self.table = table
        self.prefix = _camel(_ident(fmt.id), table.key)
        totals = [s for s in table.sums if isinstance(s, spec.ColumnTotal)]
        self.column_total = totals[0] if totals else None

    def _columns_class(self, name: str, columns: tuple[spec.Node, ...], above: tuple[str, ...] = ()) -> type:
        """A class with a field per column (nested column groups become nested classes; the
        labels of groups without a key of their own prefix the labels of the groups below)."""
        fields: dict[str, Any] = {}
        for column in columns:
            if column.key is None:
                if not column.children:
                    continue
                if any(c.children for c in column.children):
                    nested = self._columns_class(name, column.children, (*above, column.label))
                    for field in attrs.fields(nested):
                        fields[field.name] = _copy(field)
                else:
                    for leaf in column.children:
                        if leaf.key is not None:
                            fields[leaf.key] = _value_field(leaf.kind, leaf.label)
                continue
            if column.children:
                label = " / ".join((*above, column.label))
                sub = self._columns_class(name + _camel(column.key), column.children)
                fields[column.key] = _class_field(sub, label)
            else:
                fields[column.key] = _value_field(column.kind, column.label)
        total = self.column_total
        if total is not None and total.total in fields and all(p in fields for p in total.parts):
            label = fields[total.total].metadata["label"]
            kind: spec.ValueKind = next((c.kind for c in _leaves(columns) if c.key == total.total), "count")
            fields[total.total] = _value_field(
                kind, label, default=attrs.Factory(_total_of(total.parts), takes_self=True)
            )
        return _make(name, fields)

    def section_class(self) -> type:
        """The class of the table's section: its paragraphs, then its rows or cells."""
        fields: dict[str, Any] = {"paragraphs": _text_list(_label(self.fmt, "paragraphs"))}
        table = self.table
        if isinstance(table, spec.CrossTable) and not table.rows:
            cells = self._columns_class(self.prefix + "Cells", table.columns)
            for field in attrs.fields(cells):
                fields[field.name] = _copy(field)
            return _make(self.prefix, fields)
        if isinstance(table, spec.CrossTable):
            row = self._columns_class(self.prefix + "Row", table.columns)
            row.LIST_FORM = True  # type: ignore[attr-defined]
            fields.update(self._rows(table.rows, row, self.prefix))
            return _make(self.prefix, self._row_totals(fields, row))
        assert isinstance(table, spec.BlockTable)  # noqa: S101 - the two kinds of table
        for block in table.blocks:
            single = len(block.columns) == 1 and block.columns[0].key is None
            for node in block.rows:
                key = node.key or ""
                if single:
                    default: Any = None if node.optional else attrs.NOTHING
                    fields[key] = _value_field(block.columns[0].kind, node.label, default=default)
                    continue
                cls = self._columns_class(self.prefix + _camel(key), block.columns)
                fields[key] = _class_field(cls, node.label, optional=node.optional)
        return _make(self.prefix, fields)

    def _rows(self, nodes: tuple[spec.Node, ...], row: type, prefix: str) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for node in nodes:
            if node.key is None:
                fields.update(self._rows(node.children, row, prefix))
                continue
            if node.children:
                name = prefix + _camel(node.key)
                cls = _make(name, self._rows(node.children, row, name))
            else:
                cls = row
            fields[node.key] = _class_field(cls, node.label, optional=node.optional)
        return fields

    def _row_totals(self, fields: dict[str, Any], row: type) -> dict[str, Any]:
        """A total row a :class:`~gov_disclosure.spec.RowTotal` defines is computed from its
        parts when left out."""
        assert isinstance(self.table, spec.CrossTable)  # noqa: S101
        for rule in self.table.sums:
            if not isinstance(rule, spec.RowTotal):
                continue
            data = self.table.data_rows()
            total = next((r for r in data if r.name == rule.total), None)
            if total is None:
                continue
            equations = [e for e in self.table.equations() if e.rule == rule.rule]
            parts = tuple(tuple(c.split(".")[1:-1]) for c in equations[0].left) if equations else ()
            key = total.path.split(".", 1)[1]
            if "." in key or key not in fields:
                continue
            fields[key] = attrs.field(
                type=row,
                default=attrs.Factory(_row_sum(row, parts), takes_self=True),
                validator=attrs.validators.instance_of(row),
                metadata=fields[key].metadata,
            )
        return fields


def _row_sum(row: type, parts: tuple[tuple[str, ...], ...]) -> Callable[[Any], Any]:
    names = [f.name for f in attrs.fields(row)]

    def total(self: Any) -> Any:
        rows = []
        for keys in parts:
            value: Any = self
            for key in keys:
                value = getattr(value, key, None)
            if isinstance(value, row):
                rows.append(value)
        kwargs = {n: _sum(getattr(r, n) for r in rows) for n in names}
        # a derived total of the row's own total column is left to the row class
        return row(**{k: x for k, x in kwargs.items() if attrs.fields_dict(row)[k].default is attrs.NOTHING})

    return total


def _copy(field: attrs.Attribute[Any]) -> Any:
    """A field like ``field``, for another class."""
    return attrs.field(
        type=field.type,
        default=field.default,
        validator=field.validator,
        converter=field.converter,
        metadata=field.metadata,
    )


def _leaves(nodes: tuple[spec.Node, ...]) -> list[spec.Node]:
    out: list[spec.Node] = []
    for node in nodes:
        out.extend(_leaves(node.children) if node.children else [node])
    return out


def derive_classes(fmt: spec.Format) -> type:
    """The report class of ``fmt``, built from its description (``FORMAT`` is ``fmt.id``)."""
    fields: dict[str, Any] = {
        "agency": attrs.field(
            type=str,
            converter=v.strip_text,
            validator=v.text(required=True),
            metadata={"label": _label(fmt, "agency")},
        ),
        "year": attrs.field(type=int, validator=v.year(), metadata={"label": _label(fmt, "year")}),
        "title": attrs.field(
            type=str, default=None, converter=_title, metadata={"label": _label(fmt, "title")}
        ),
        "preamble": _text_list(_label(fmt, "preamble")),
    }
    for section in fmt.sections:
        if section.has_table:
            cls = _Builder(fmt, fmt.table(section.key)).section_class()
            fields[section.key] = _class_field(cls, section.heading)
        else:
            fields[section.key] = attrs.field(
                type=Section,
                factory=Section,
                validator=attrs.validators.instance_of(Section),
                metadata={"label": section.heading},
            )
    template = fmt.title_template

    def post_init(self: Any) -> None:
        if self.title is None:
            object.__setattr__(self, "title", template.format(agency=self.agency, year=self.year))
        message = v.check_text(self.title, required=True)
        if message is not None:
            raise v.InputError([("title", message)])

    base = type("_DerivedReport", (), {"__attrs_post_init__": post_init})
    report = attrs.make_class(
        _camel(_ident(fmt.id)) + "Report", fields, bases=(base,), frozen=True, kw_only=True
    )
    report.FORMAT = fmt.id  # type: ignore[attr-defined]
    report.sections = lambda self: tuple(getattr(self, s.key) for s in fmt.sections)  # type: ignore[attr-defined]
    return report


def _label(fmt: spec.Format, key: str) -> str:
    return fmt.label_path(key)[0]


def _ident(format_id: str) -> str:
    """A format id as a piece of a class name: ``2019`` → ``F2019``, ``toy-1`` → ``toy_1``."""
    name = "".join(c if c.isalnum() else "_" for c in format_id)
    return f"f{name}" if name[:1].isdigit() else name
