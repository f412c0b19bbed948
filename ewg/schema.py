"""The JSON Schema of roadmap.toml, for editors (Taplo) and generic checkers.

The schema describes the *shape* of the file: tables, keys, types, enums,
patterns, ranges. The rules that need the whole file (references to unknown
areas, owners, milestones or items; duplicate ids; id prefix against area;
dependency cycles; `due` before `start`; `done` without `completed`) are
``ewg validate``'s job and cannot be said in JSON Schema.

How TOML dates reach a JSON Schema validator
--------------------------------------------
JSON has no date type, so every TOML-aware schema checker turns TOML dates
into strings before validating:

* check-jsonschema (0.39, ``parsers/toml.py``) parses TOML with ``tomllib``
  and replaces each ``datetime.date`` with ``date.isoformat()``
  (``2023-09-30``); naive datetimes and times become ``isoformat() + "Z"``
  (``2023-09-30T10:00:00Z``, ``10:00:00Z``); offset datetimes their
  ``isoformat()``.
* Taplo serialises a TOML date node as its string form, the same text.

So a date field is ``{"type": "string", "format": "date"}`` plus a
``YYYY-MM-DD`` pattern. check-jsonschema asserts ``format`` by default; the
pattern makes validators that treat ``format`` as an annotation only (the
draft 2020-12 default) reject the same values. What this catches: a
datetime or time where a local date belongs, and a string that is not a
date (``due = "next week"``, ``due = "2023-9-30"``). What it cannot catch:
a *quoted* date (``due = "2023-09-30"``) -- after conversion it is the very
same JSON string as ``due = 2023-09-30``. ``ewg validate`` reports that one
as a wrong type.

Likewise a TOML float with no fraction (``progress = 50.0``) arrives as the
JSON number 50.0, which JSON Schema counts as an integer.

Compatibility: only keywords that mean the same from draft 6 to 2020-12 are
used, and everything is inlined (no ``$ref``/``$defs``), so that editors
which resolve an older draft, or ignore keywords next to ``$ref``, still get
every description and constraint.
"""

from __future__ import annotations

import json
from typing import Any

from ewg import shape

__all__ = ["SCHEMA_ID", "json_schema", "render"]

SCHEMA_ID = "https://ewg.example/roadmap.schema.json"

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ID_HELP = "Id: lower-case letters, digits, '-' and '_'."
_DATE_HELP = " A TOML local date, unquoted: 2024-03-31."


def _pattern(pattern: str) -> str:
    """A pattern of ewg.shape, anchored; a link's says only how it starts."""
    return f"^{pattern}" if pattern == shape.LINK else f"^{pattern}$"


def _key(key: shape.Key) -> dict[str, Any]:
    """The schema of one key."""
    if key.type == shape.DATE:
        return {
            "description": key.help + _DATE_HELP,
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
        }
    if key.type == shape.NUMERIC:
        return {"description": key.help, "type": "number"}
    if key.type == shape.POINT:
        return {
            "description": key.help,
            "type": "object",
            "properties": {part.name: _key(part) for part in shape.POINT_KEYS},
            "required": [part.name for part in shape.POINT_KEYS],
            "additionalProperties": False,
        }
    if key.type == shape.INTEGER:
        found: dict[str, Any] = {"description": key.help, "type": "integer"}
        if key.bounds is not None:
            found["minimum"], found["maximum"] = key.bounds
        return found
    string: dict[str, Any] = {"type": "string"}
    if key.pattern is not None:
        string["pattern"] = _pattern(key.pattern)
    if key.enum:
        string["enum"] = [value for value, _help in key.enum]
        string["x-taplo"] = {"docs": {"enumValues": [help for _value, help in key.enum]}}
    if key.type == shape.STRINGS:
        return {"description": key.help, "type": "array", "items": string}
    return {"description": key.help, **string}


def _entry(section: shape.Section) -> dict[str, Any]:
    """The schema of one table of a section (the section itself for [roadmap])."""
    found: dict[str, Any] = {
        "description": section.entry_help,
        "type": "object",
        "properties": {key.name: _key(key) for key in section.keys},
        "required": list(section.required),
        "additionalProperties": False,
    }
    if section.init_keys:
        found["x-taplo"] = {"initKeys": list(section.init_keys)}
    return found


def _section(section: shape.Section) -> dict[str, Any]:
    """The schema of a top-level section."""
    if section.form == "table":
        return _entry(section)
    if section.form == "array":
        return {"description": section.help, "type": "array", "items": _entry(section)}
    found: dict[str, Any] = {
        "description": section.help,
        "type": "object",
        "propertyNames": {"pattern": _pattern(shape.LOOKUP_ID), "description": _ID_HELP},
        "additionalProperties": _entry(section),
    }
    if section.name in shape.REQUIRED_SECTIONS:
        found["minProperties"] = 1  # a required table of tables needs an entry (E003)
    return found


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of roadmap.toml as a fresh dict."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "roadmap.toml",
        "description": (
            "Binational roadmap of the Mexico–United States Electric Vehicle Working Group, "
            "read and written by ewg."
        ),
        "type": "object",
        "properties": {section.name: _section(section) for section in shape.SECTIONS},
        "required": list(shape.REQUIRED_SECTIONS),
        "additionalProperties": False,
    }


def render() -> str:
    """The schema as the text of roadmap.schema.json (what `ewg schema` prints)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
