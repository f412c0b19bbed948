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

__all__ = ["SCHEMA_ID", "json_schema", "render"]

SCHEMA_ID = "https://ewg.example/roadmap.schema.json"

LOOKUP_ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
ITEM_ID_PATTERN = "^[A-Z][A-Z0-9]*-[1-9][0-9]*$"
PREFIX_PATTERN = "^[A-Z][A-Z0-9]*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LINK_PATTERN = "^https?://"

STATUSES = ("planned", "in_progress", "blocked", "done", "dropped")
SECTORS = ("government", "industry", "academia", "civil-society")
COUNTRIES = ("MX", "US", "binational")


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "type": "string", **extra}


def _date(description: str) -> dict[str, Any]:
    return _string(
        description + " A TOML local date, unquoted: 2024-03-31.",
        format="date",
        pattern=DATE_PATTERN,
    )


def _string_list(description: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "type": "array",
        "items": {"type": "string", **(items or {})},
    }


def _enum(description: str, values: tuple[str, ...], docs: tuple[str, ...]) -> dict[str, Any]:
    return {
        "description": description,
        "type": "string",
        "enum": list(values),
        "x-taplo": {"docs": {"enumValues": list(docs)}},
    }


def _table(
    description: str,
    properties: dict[str, dict[str, Any]],
    required: list[str],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


def _lookup(description: str, entry: dict[str, Any]) -> dict[str, Any]:
    """A table of tables keyed by a lower-case id (areas, owners, milestones)."""
    return {
        "description": description,
        "type": "object",
        "propertyNames": {
            "pattern": LOOKUP_ID_PATTERN,
            "description": "Id: lower-case letters, digits, '-' and '_'.",
        },
        "additionalProperties": entry,
    }


def _roadmap() -> dict[str, Any]:
    return _table(
        "The roadmap itself.",
        {
            "title": _string("Title of the roadmap (English)."),
            "title_es": _string("Title of the roadmap in Spanish."),
        },
        ["title"],
    )


def _area() -> dict[str, Any]:
    return _table(
        "A thematic area of the working group.",
        {
            "name": _string("Name of the area (English)."),
            "name_es": _string("Name of the area in Spanish."),
            "prefix": _string(
                "Prefix of the ids of this area's items, e.g. INN for INN-12.",
                pattern=PREFIX_PATTERN,
            ),
        },
        ["name", "prefix"],
        **{"x-taplo": {"initKeys": ["name", "name_es", "prefix"]}},
    )


def _owner() -> dict[str, Any]:
    return _table(
        "An institution that owns action items.",
        {
            "name": _string("Name of the institution."),
            "name_es": _string("Name of the institution in Spanish."),
            "sector": _enum(
                "Sector of the triple helix the owner belongs to.",
                SECTORS,
                ("Government", "Industry", "Academia", "Civil society"),
            ),
            "country": _enum(
                "Country of the owner.",
                COUNTRIES,
                ("Mexico", "United States", "Both countries"),
            ),
        },
        ["name", "sector", "country"],
        **{"x-taplo": {"initKeys": ["name", "sector", "country"]}},
    )


def _milestone() -> dict[str, Any]:
    return _table(
        "A milestone of the roadmap.",
        {
            "title": _string("Title of the milestone (English)."),
            "title_es": _string("Title of the milestone in Spanish."),
            "due": _date("Date the milestone is due."),
        },
        ["title"],
        **{"x-taplo": {"initKeys": ["title", "due"]}},
    )


def _item() -> dict[str, Any]:
    return _table(
        "An action item of the roadmap.",
        {
            "id": _string(
                "Item id: the area prefix, a dash and a number (INN-12). Never changes.",
                pattern=ITEM_ID_PATTERN,
            ),
            "title": _string("Title of the item (English)."),
            "title_es": _string("Title of the item in Spanish."),
            "area": _string("Id of the item's area (a key of [areas]).", pattern=LOOKUP_ID_PATTERN),
            "owners": _string_list(
                "Ids of the owners responsible (keys of [owners]).",
                {"pattern": LOOKUP_ID_PATTERN},
            ),
            "status": _enum(
                "Status of the item.",
                STATUSES,
                (
                    "Not started yet",
                    "Being worked on",
                    "Stuck; say why in `reason`",
                    "Finished; `completed` records when",
                    "Abandoned; say why in `reason`",
                ),
            ),
            "milestone": _string(
                "Id of the milestone the item counts towards (a key of [milestones]).",
                pattern=LOOKUP_ID_PATTERN,
            ),
            "due": _date("Date the item is due."),
            "start": _date("Date work on the item starts."),
            "depends_on": _string_list(
                "Ids of the items this one depends on.", {"pattern": ITEM_ID_PATTERN}
            ),
            "tags": _string_list("Free-form tags."),
            "progress": {
                "description": "Progress in percent, 0 to 100.",
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
            },
            "notes": _string("Free-form notes."),
            "links": _string_list(
                "Related web pages (http or https URLs).", {"pattern": LINK_PATTERN}
            ),
            "reason": _string("Why the item is blocked or dropped."),
            "created": _date("Date the item was added (filled in by ewg)."),
            "completed": _date("Date the item was done (filled in by ewg)."),
        },
        ["id", "title", "area", "status"],
        **{"x-taplo": {"initKeys": ["id", "title", "area", "status"]}},
    )


def _meeting() -> dict[str, Any]:
    return _table(
        "A session of the working group.",
        {
            "date": _date("Date of the session."),
            "title": _string("Title of the session (English)."),
            "title_es": _string("Title of the session in Spanish."),
            "attendees": _string_list(
                "Ids of the owners who attended (keys of [owners]).",
                {"pattern": LOOKUP_ID_PATTERN},
            ),
            "decisions": _string_list("Decisions taken."),
            "items": _string_list("Ids of the items discussed.", {"pattern": ITEM_ID_PATTERN}),
        },
        ["date", "title"],
        **{"x-taplo": {"initKeys": ["date", "title"]}},
    )


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
        "properties": {
            "roadmap": _roadmap(),
            "areas": _lookup("Thematic areas, by area id.", _area()) | {"minProperties": 1},
            "owners": _lookup("Institutions that own items, by owner id.", _owner()),
            "milestones": _lookup("Milestones, by milestone id.", _milestone()),
            "items": {
                "description": "Action items of the roadmap ([[items]]).",
                "type": "array",
                "items": _item(),
            },
            "meetings": {
                "description": "Record of the group's sessions ([[meetings]]).",
                "type": "array",
                "items": _meeting(),
            },
        },
        "required": ["roadmap", "areas"],
        "additionalProperties": False,
    }


def render() -> str:
    """The schema as the text of roadmap.schema.json (what `ewg schema` prints)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
