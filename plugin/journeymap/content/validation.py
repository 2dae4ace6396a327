"""Structural validation: a `Document` checked against a schema model.

pydantic finds the errors; this module words them for CX authors (not Python
programmers) and points each at the line it came from.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from journeymap.content import hints, limits
from journeymap.content.documents import Document, Loc
from journeymap.content.problems import Problems, did_you_mean, out_of_range
from journeymap.content.schema import UNION_TAGS
from journeymap.formatting import number

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, model: type[M], problems: Problems) -> M | None:
    """The document as a `model` instance, or None with every structural problem reported."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = _loc(item)
            if any(loc[: len(bad)] == bad for bad in document.broken):
                continue  # already reported, in better words, while reading the file
            document.report(problems, loc, _wording(model, loc, item, document))
        return None


def _loc(item: Any) -> Loc:
    # Union tags name which form of a value pydantic tried; they are not in the file.
    return tuple(
        part for part in item["loc"] if isinstance(part, (str, int)) and part not in UNION_TAGS
    )


_KEEP_TOP = frozenset({"personas", "phases", "stages", "metrics", "evidence"})
"""Top-level fields (the lists of ids) whose loss would make the checks between values
report what is not wrong (a persona score with no personas); and every `id`."""
_STAND_IN = {"title": "-", "summary": "-", "effective": dt.date(2000, 1, 1)}
"""Values for required fields that are missing or wrong, which no check between values reads."""


def checkable(document: Document, model: type[M], stand_ins: dict[str, Any]) -> M | None:
    """The document as a `model` without the values that failed `validate`, for the checks
    between values (references to personas, stages, phases, metrics) to run on the rest in
    the same run; None when that cannot be done without false alarms.

    A wrong field is left out (an optional one; its enclosing field when it is required),
    a wrong required text gets a stand-in; ids, and the lists that hold ids, are kept or
    nothing is checked. `stand_ins` adds top-level ones (the journey's id, its version).
    Nothing is reported: `validate` has said what is wrong.
    """
    data = copy.deepcopy(document.data)
    fill = {**_STAND_IN, **stand_ins}
    stood_in: set[Loc] = set()
    for _ in range(limits.MAX_REPAIRS):
        try:
            return model.model_validate(data)
        except ValidationError as error:
            items = error.errors(include_url=False)
        # One repair a round: after it, the errors' places may have changed.
        if not _repair(data, _loc(items[0]), items[0]["type"], fill, stood_in):
            return None
    return None


def _repair(data: Any, loc: Loc, kind: str, fill: dict[str, Any], stood_in: set[Loc]) -> bool:
    """Leave out, or stand in for, the value at `loc`; False when that is not safe.

    `stood_in` holds the places given a stand-in before: one refused is not tried again.
    """
    while loc:
        *above, key = loc
        parent = _at(data, tuple(above))
        if isinstance(key, str) and isinstance(parent, dict):
            if kind == "extra_forbidden":
                del parent[key]
                return True
            if loc not in stood_in and (kind == "missing" or key in fill):
                # A required text (`title`, a persona's `name`) most often; else the next
                # round finds the stand-in wrong too, and leaves out what holds it.
                stood_in.add(loc)
                parent[key] = fill.get(key, "-") if not above or key in _STAND_IN else "-"
                return True
            if key == "id" or (not above and key in _KEEP_TOP):
                return False
            if kind != "missing" and key in parent:
                del parent[key]  # if it is required, the next round leaves out what holds it
                return True
        # A required field is missing, or an item of a list is wrong: the field holding
        # it is left out instead.
        loc, kind = tuple(above), "wrong"
    return False


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def describe(value: Any) -> str:
    """A short, YAML-flavoured description of a value for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    return f"'{value}'"


_EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "string": "text",
    "date": "a date (YYYY-MM-DD)",
    "list": "a list",
    "dict": "a mapping of fields",
    "model": "a mapping of fields",
    "model_attributes": "a mapping of fields",
    "bool": "true or false",
}


def _wording(model: type[BaseModel], loc: Loc, item: Any, document: Document) -> str:
    kind: str = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    line = document.source_line(document.line_of(loc))
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc, document, line)
    if kind.startswith("string_") and (hint := hints.text_as_mapping(value, line)):
        return f"expected text, got a mapping: {hint}"
    if kind in ("less_than_equal", "greater_than_equal") and isinstance(value, (int, float)):
        limit = ctx.get("le", ctx.get("ge"))
        bound = "maximum" if kind == "less_than_equal" else "minimum"
        return out_of_range(value, **{bound: limit})
    if kind == "greater_than":
        return f"{describe(value)} must be more than {ctx.get('gt')}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{describe(value)} is not allowed: use {ctx.get('expected')}" + did_you_mean(
            str(value), allowed
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{describe(value)} is not a valid id: use lowercase letters, digits and "
            "single hyphens (like 'free-trial')"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return "needs at least one item"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    for prefix, expected in _EXPECTED.items():
        if kind.startswith(prefix + "_"):
            if prefix in ("int", "float"):
                expected += _range(*_bounds_at(model, loc))
            return f"expected {expected}, got {describe(value)}" + _bare_value_hint(
                model, loc, value
            )
    return str(item["msg"])


def _range(low: float | None, high: float | None) -> str:
    """` from 1 to 5`, ` of at least 1`, ` of at most 5`, or nothing."""
    if low is not None and high is not None:
        return f" from {number(low)} to {number(high)}"
    if low is not None:
        return f" of at least {number(low)}"
    return f" of at most {number(high)}" if high is not None else ""


def _bounds_at(model: type[BaseModel], loc: Loc) -> tuple[float | None, float | None]:
    """The lowest and highest value the field at `loc` allows (an emotion score: 1 and 5)."""
    if not loc:
        return None, None
    parent = _unwrap(_annotation_at(model, loc[:-1]))
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        field = parent.model_fields.get(str(loc[-1]))
        metadata = list(field.metadata) if field else []
    else:  # a dict's value or a list's item: its type may carry the bounds
        args = typing.get_args(parent)
        annotated = args[-1] if args else None
        metadata = list(typing.get_args(annotated)[1:]) if annotated is not None else []
    metadata += [inner for m in metadata for inner in getattr(m, "metadata", [])]  # Field(...)
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    return low, high


def _bare_value_hint(model: type[BaseModel], loc: Loc, value: Any) -> str:
    """`: what to write` when one plain value stands where a list or a mapping belongs.

    `next: checkout` (a list of ids) and `emotion: 4` (a mapping whose only required
    field is `score`) are read by YAML without complaint, as text and a number.
    """
    key = loc[-1] if loc else None
    if not isinstance(key, str) or value is None or isinstance(value, (bool, dict, list)):
        return ""
    annotation = _unwrap(_annotation_at(model, loc))
    in_list = typing.get_origin(annotation) is list
    if in_list and _accepts_text(typing.get_args(annotation)[0]):
        return ": " + hints.bare_value_in_list(key, value)
    found = _as_model(typing.get_args(annotation)[0] if in_list else annotation)
    required = [
        (name, field)
        for name, field in (found.model_fields.items() if found else [])
        if field.is_required()
    ]
    if len(required) == 1 and _has_type(value, required[0][1].annotation):
        # `support: Scheduling system` is one item of a list of mappings with a `title`.
        advice = hints.bare_value_in_list_of_mappings if in_list else hints.bare_value_in_mapping
        return ": " + advice(key, required[0][0], value)
    return ""


def _has_type(value: Any, annotation: Any) -> bool:
    """Whether `value` is of the annotation's type (a number for a score, not the word 'high')."""
    try:
        TypeAdapter(annotation).validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _accepts_text(annotation: Any) -> bool:
    """Whether a value of this type may be written as text (an id, a title, an evidence id)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _accepts_text(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return any(_accepts_text(option) for option in typing.get_args(annotation))
    return annotation is str


def _unknown_field(model: type[BaseModel], loc: Loc, document: Document, line: str) -> str:
    key = str(loc[-1])
    what = f"'{key}' is not a known field"
    mapping = _value_at(document.data, loc[:-1])
    hint = hints.split_flow_mapping(mapping, key, line)
    if hint is None:
        parent = _model_at(model, loc[:-1])
        homes = {
            name: list(held.model_fields)
            for name, field in (parent.model_fields.items() if parent else [])
            if (held := _as_model(field.annotation)) is not None
        }
        hint = hints.belongs_deeper(mapping, key, homes)
    if hint is not None:
        return f"{what}: {hint}"
    return what + did_you_mean(key, _field_names(model, loc[:-1]))


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _as_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at `loc` inside `model` (for did-you-mean)."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model found at `loc` inside `model`, if any."""
    return _as_model(_annotation_at(model, loc))


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type annotation of the value at `loc` inside `model`, or None if not found."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        else:
            return None
    return annotation


def _unwrap(annotation: Any) -> Any:
    """`Stage | None` -> `Stage`; lists are kept so that an index can step into them.

    Of a union of a model and plain values (an evidence entry or an id), the model.
    """
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [_unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(options) == 1:
            return options[0]
        return models[0] if len(models) == 1 else annotation
    return annotation
