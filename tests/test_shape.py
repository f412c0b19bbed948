"""Everything that knows the file's shape says what ewg.shape declares."""

from __future__ import annotations

import re

import pytest

from ewg import model, shape
from ewg.rules import fields


def test_the_model_keys_are_the_declared_keys_in_order() -> None:
    assert model.ROADMAP_KEYS == ("title", "title_es")
    assert model.AREA_KEYS == ("name", "name_es", "prefix")
    assert model.OWNER_KEYS == ("name", "name_es", "sector", "country")
    assert model.MILESTONE_KEYS == ("title", "title_es", "due")
    assert tuple(key.name for key in shape.ITEMS.keys) == model.ITEM_KEYS
    assert tuple(key.name for key in shape.MEETINGS.keys) == model.MEETING_KEYS
    assert model.ITEM_REQUIRED == shape.ITEMS.required == ("id", "title", "area", "status")
    assert model.TOP_LEVEL_KEYS == (
        "roadmap",
        "areas",
        "owners",
        "milestones",
        "items",
        "meetings",
        "indicators",
        "measurements",
    )


def test_the_item_class_holds_every_declared_item_key() -> None:
    # Its own order is its constructor's (cached rows and JSON follow it).
    assert sorted(model.ITEM_FIELDS) == sorted(model.ITEM_KEYS)
    assert model.Item.__slots__ == model.ITEM_FIELDS


@pytest.mark.parametrize(
    ("enum", "declared"),
    [
        (model.Status, shape.STATUSES),
        (model.Sector, shape.SECTORS),
        (model.Country, shape.COUNTRIES),
    ],
)
def test_the_enums_hold_the_declared_values_in_order(
    enum: type, declared: tuple[tuple[str, str], ...]
) -> None:
    assert [member.value for member in enum] == [value for value, _help in declared]


def test_validation_checks_the_declared_types() -> None:
    for section, types in (
        (shape.ROADMAP, fields.ROADMAP_TYPES),
        (shape.AREAS, fields.LOOKUP_TYPES["areas"]),
        (shape.OWNERS, fields.LOOKUP_TYPES["owners"]),
        (shape.MILESTONES, fields.LOOKUP_TYPES["milestones"]),
        (shape.INDICATORS, fields.LOOKUP_TYPES["indicators"]),
        (shape.ITEMS, fields.ITEM_TYPES),
        (shape.MEETINGS, fields.MEETING_TYPES),
    ):
        assert types == {key.name: key.type for key in section.keys}, section.name
    assert fields.ITEM_TYPES["progress"] == "integer"
    assert fields.ITEM_TYPES["depends_on"] == "array of strings"
    assert fields.LOOKUP_TYPES["milestones"]["due"] == "date"


@pytest.mark.parametrize(
    ("value", "item", "lookup"),
    [
        ("INN-12", True, False),
        ("INN-0", False, False),
        ("inn-1", False, True),
        ("gov_x-1", False, True),
        ("Gov", False, False),
    ],
)
def test_the_id_patterns_are_the_declared_ones(value: str, item: bool, lookup: bool) -> None:
    assert bool(model.ITEM_ID_RE.match(value)) is item is bool(re.fullmatch(shape.ITEM_ID, value))
    assert (
        bool(model.TABLE_ID_RE.match(value)) is lookup is bool(re.fullmatch(shape.LOOKUP_ID, value))
    )


def test_every_key_has_help_and_a_known_type() -> None:
    for section in shape.SECTIONS:
        assert set(section.required) <= set(section.key_names), section.name
        assert set(section.init_keys) <= set(section.key_names), section.name
        for key in section.keys:
            assert key.help.endswith("."), (section.name, key.name)
            assert key.type in (
                shape.STRING,
                shape.DATE,
                shape.INTEGER,
                shape.STRINGS,
                shape.NUMERIC,
                shape.POINT,
            )


def test_a_new_entry_is_ordered_as_declared() -> None:
    table = {
        "created": 1,
        "status": "planned",
        "title_es": "t",
        "area": "a",
        "id": "X-1",
        "title": "t",
        "x": 0,
    }
    assert list(shape.ordered(shape.ITEMS, table)) == [
        "id",
        "title",
        "title_es",
        "area",
        "status",
        "created",
        "x",
    ]


def test_the_json_schema_says_what_the_shape_declares() -> None:
    from ewg.schema import json_schema

    schema = json_schema()
    assert list(schema["properties"]) == [section.name for section in shape.SECTIONS]
    assert schema["required"] == ["roadmap", "areas"]
    for section in shape.SECTIONS:
        node = schema["properties"][section.name]
        entry = {
            "table": node,
            "array": node.get("items"),
            "lookup": node.get("additionalProperties"),
        }[section.form]
        assert list(entry["properties"]) == list(section.key_names), section.name
        assert entry["required"] == list(section.required), section.name
        for key in section.keys:
            prop = entry["properties"][key.name]
            assert prop["description"].startswith(key.help)
            kind = {
                "string": "string",
                "date": "string",
                "integer": "integer",
                "array of strings": "array",
                "number": "number",
                "date and value": "object",
            }
            assert prop["type"] == kind[key.type], (section.name, key.name)
            if key.enum:
                assert prop["enum"] == [value for value, _help in key.enum]
    status = schema["properties"]["items"]["items"]["properties"]["status"]
    assert status["enum"] == [member.value for member in model.Status]
    assert status["x-taplo"]["docs"]["enumValues"][0] == "Not started yet"
    assert schema["properties"]["items"]["items"]["properties"]["id"]["pattern"] == (
        "^[A-Z][A-Z0-9]*-[1-9][0-9]*$"
    )


def test_the_catalog_words_come_from_the_shape() -> None:
    from ewg import terms

    assert tuple(member.value for member in model.Status) == terms.STATUSES
    assert tuple(member.value for member in model.Sector) == terms.SECTORS
    assert tuple(member.value for member in model.Country) == terms.COUNTRIES
    assert set(terms.FIELDS) == set(model.ITEM_KEYS) - {"id", "area"}


def test_the_export_columns_are_every_declared_key() -> None:
    from ewg.render import export, items

    assert sorted(export.CSV_FIELDS) == sorted(model.ITEM_KEYS)
    assert [k for k in export.CSV_FIELDS if k not in ("status", "owners")] == [
        k for k in model.ITEM_KEYS if k not in ("status", "owners")
    ]
    assert set(items.CSV_COLUMNS) <= set(model.ITEM_KEYS)


def _doc_tables() -> dict[str, list[tuple[str, str, str]]]:
    """The key tables of docs/format.md: (key, type, required) rows by section heading."""
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    tables: dict[str, list[tuple[str, str, str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        match = re.match(r"\| `(\w+)` \| ([a-z ]+) \| (yes|no) \|", line)
        if match:
            tables.setdefault(heading, []).append(match.groups())  # type: ignore[arg-type]
    return tables


def test_the_format_page_documents_each_declared_key_in_order() -> None:
    headings = {
        "roadmap": "[roadmap]",
        "areas": "[areas.ID]",
        "owners": "[owners.ID]",
        "milestones": "[milestones.ID]",
        "items": "[[items]]",
        "meetings": "[[meetings]]",
        "indicators": "[indicators.ID]",
        "measurements": "[[measurements]]",
    }
    tables = _doc_tables()
    for section in shape.SECTIONS:
        expected = [
            (key.name, key.type, "yes" if key.name in section.required else "no")
            for key in section.keys
        ]
        assert tables[headings[section.name]] == expected, section.name
