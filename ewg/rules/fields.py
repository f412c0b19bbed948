"""Rules on single values: a table's keys and their types, enums; the words for types."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping

from ewg import shape
from ewg.diagnostics import BAD_VALUE, UNKNOWN_KEY, WRONG_TYPE, Diagnostic, Path, error
from ewg.errors import did_you_mean
from ewg.i18n import _

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

STRING, DATE, INTEGER, STRINGS = shape.STRING, shape.DATE, shape.INTEGER, shape.STRINGS
ROADMAP_TYPES = shape.ROADMAP.types()
# The key types of each section keyed by id: areas, owners, milestones, indicators.
LOOKUP_TYPES = {s.name: s.types() for s in shape.SECTIONS if s.form == "lookup"}
ITEM_TYPES = shape.ITEMS.types()
MEETING_TYPES = shape.MEETINGS.types()

PREFIX_RE = re.compile(shape.PREFIX)
LINK_RE = re.compile(shape.LINK + r"[^\s/$.?#][^\s]*\Z", re.IGNORECASE)


def type_ok(value: Any, kind: str) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == DATE:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == shape.NUMERIC:  # finite: nan and inf are no measurement
        if isinstance(value, float):
            return math.isfinite(value)
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, dict)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dt.datetime):
        return "date-time"
    for kind, name in (
        (str, "string"),
        (int, "integer"),
        (float, "float"),
        (dt.date, "date"),
        (dt.time, "time"),
        (list, "array"),
        (dict, "table"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def check_table(
    table: Mapping[str, Any], types: Mapping[str, str], path: Path, what: str
) -> list[Diagnostic]:
    """Unknown keys and wrong types in one table."""
    found: list[Diagnostic] = []
    for key, value in table.items():
        kind = types.get(key)
        if kind is None:
            found.append(
                error(
                    UNKNOWN_KEY,
                    _("unknown key {key} in {what}").format(key=f"'{key}'", what=what),
                    (*path, key),
                    did_you_mean(key, types),
                )
            )
        elif type_ok(value, kind):
            continue
        elif kind == STRINGS and isinstance(value, list):
            bad = next(i for i, v in enumerate(value) if not isinstance(v, str))
            found.append(
                error(
                    WRONG_TYPE,
                    _("{key} must be an array of strings, but element {n} is a {actual}").format(
                        key=f"'{key}'", n=bad + 1, actual=_(_type_name(value[bad]))
                    ),
                    (*path, key, bad),
                    _("put each value in quotes") if _is_scalar(value[bad]) else None,
                    at_value=True,
                )
            )
        elif kind == shape.NUMERIC and isinstance(value, float):  # inf or nan
            found.append(
                error(
                    WRONG_TYPE,
                    _("{key} must be a finite number, not {value}").format(
                        key=f"'{key}'", value=value
                    ),
                    (*path, key),
                    _("write the value measured, e.g. 1200 or 18.5"),
                    at_value=True,
                )
            )
        else:
            hint = None
            if kind == DATE and isinstance(value, str):
                hint = _("write dates as 2024-05-31, without quotes")
            elif kind == STRINGS and isinstance(value, str):
                hint = _("write a list: {key} = [{value}]").format(key=key, value=f'"{value}"')
            found.append(
                error(
                    WRONG_TYPE,
                    _("{key} must be a {kind}, not a {actual}").format(
                        key=f"'{key}'", kind=_(kind), actual=_(_type_name(value))
                    ),
                    (*path, key),
                    hint,
                    at_value=True,
                )
            )
    return found


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, list | dict)


def check_enum(value: Any, allowed: Iterable[str], path: Path, key: str) -> list[Diagnostic]:
    choices = [str(a) for a in allowed]
    if isinstance(value, str) and value not in choices:
        hint = did_you_mean(value, choices) or _("one of: {choices}").format(
            choices=", ".join(choices)
        )
        return [
            error(
                BAD_VALUE,
                _("invalid {key} {value}").format(key=key, value=f"'{value}'"),
                path,
                hint,
                at_value=True,
            )
        ]
    return []


def as_date(value: Any) -> dt.date | None:
    """A TOML local date, or None for anything else (date-times included)."""
    return value if type_ok(value, DATE) else None
