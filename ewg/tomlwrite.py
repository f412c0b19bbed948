"""Write TOML values and keys the way a person would, one line each."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
# Control characters must be escaped; bidi controls are escaped too, so that a
# title cannot make the file read differently from what it holds (CVE-2021-42574).
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]')
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT.get(char) or f"\\u{ord(char):04X}"


def format_string(value: str) -> str:
    """A TOML basic string holding exactly `value`."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def format_key(key: str) -> str:
    """A key, bare where it can be."""
    return key if _BARE_KEY.match(key) else format_string(key)


def format_value(value: Any) -> str:
    """A TOML value on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return format_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{format_key(k)} = {format_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def format_table(header: str, table: Mapping[str, Any], newline: str = "\n") -> str:
    """A `[header]` or `[[header]]` followed by one `key = value` line per key."""
    lines = [header] + [f"{format_key(k)} = {format_value(v)}" for k, v in table.items()]
    return newline.join(lines) + newline
