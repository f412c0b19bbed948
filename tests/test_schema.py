"""The JSON Schema of roadmap.toml: committed copy, metaschema, real check-jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ewg.schema import json_schema, render

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "roadmap.schema.json"

VALID = """\
#:schema ./roadmap.schema.json
# A small but complete roadmap.

[roadmap]
title = "Mexico–United States Electric Vehicle Working Group"
title_es = "Grupo de Trabajo México–Estados Unidos de Vehículos Eléctricos"

[areas.innovation]
name = "Innovation"
name_es = "Innovación"
prefix = "INN"

[areas.governance]
name = "Governance structures"
name_es = "Estructuras de gobernanza"
prefix = "GOV"

[owners.sre]
name = "Secretaría de Relaciones Exteriores"
sector = "government"
country = "MX"

[owners.uc]
name = "University of California"
name_es = "Universidad de California"
sector = "academia"
country = "US"

[milestones.roadmap-draft]
title = "Binational roadmap drafted"
title_es = "Hoja de ruta binacional redactada"
due = 2023-12-15

[[items]]
id = "GOV-2"
title = "Agree on a charter"
area = "governance"
owners = ["sre"]
status = "done"
created = 2023-01-10
completed = 2023-03-01

[[items]]
id = "INN-1"
title = "Map battery R&D capacity in both countries"
title_es = "Mapear la capacidad de I+D en baterías de ambos países"
area = "innovation"
owners = ["uc", "sre"]
status = "in_progress"
milestone = "roadmap-draft"
start = 2023-04-01
due = 2023-09-30
depends_on = ["GOV-2"]
tags = ["batteries"]
progress = 40
notes = "First survey sent."
links = ["https://example.org/survey", "http://example.org/old"]

[[items]]
id = "INN-2"
title = "Pilot a cross-border charging corridor"
area = "innovation"
status = "blocked"
reason = "Waiting for permits."

[[meetings]]
date = 2023-05-04
title = "Second session"
title_es = "Segunda sesión"
attendees = ["sre", "uc"]
decisions = ["Adopt the charter."]
items = ["GOV-2", "INN-1"]
"""


# --- the schema itself ------------------------------------------------------------


def test_committed_schema_is_render_output() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == render(), (
        "roadmap.schema.json is stale; regenerate it with "
        "`python -c 'from ewg.schema import render; print(render(), end=\"\")' "
        "> roadmap.schema.json`"
    )


def test_render_is_json_of_json_schema() -> None:
    text = render()
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()
    assert "Mexico–United States" in text  # ensure_ascii=False keeps the en dash


def test_json_schema_returns_a_fresh_dict() -> None:
    first = json_schema()
    first["properties"].clear()
    assert json_schema()["properties"]


def test_schema_header() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["title"]
    assert schema["description"]
    assert schema["required"] == ["roadmap", "areas"]


def _subschemas(schema: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(schema, dict):
        return
    yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _subschemas(sub, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _subschemas(schema[key], f"{where}.<{key}>")


def test_every_property_has_a_description() -> None:
    missing = [
        f"{where}.{name}"
        for where, sub in _subschemas(json_schema())
        for name, prop in sub.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_every_object_forbids_unknown_keys() -> None:
    open_objects = [
        where
        for where, sub in _subschemas(json_schema())
        if sub.get("type") == "object" and "additionalProperties" not in sub
    ]
    assert open_objects == []


def test_schema_is_valid_under_its_metaschema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    jsonschema.Draft202012Validator.check_schema(json_schema())


# --- the real check-jsonschema CLI ---------------------------------------------------


@pytest.fixture(scope="module")
def check_jsonschema() -> list[str]:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed")
    return [sys.executable, "-m", "check_jsonschema"]


def _run(command: list[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


def _check(check_jsonschema: list[str], tmp_path: Path, text: str) -> list[dict[str, Any]]:
    """Validate `text` as roadmap.toml against the committed schema; return the errors."""
    instance = tmp_path / "roadmap.toml"
    instance.write_text(text, encoding="utf-8")
    done = _run(check_jsonschema, "-o", "json", "--schemafile", SCHEMA_FILE, instance)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report
    assert (done.returncode == 0) == (report["status"] == "ok"), report
    errors: list[dict[str, Any]] = report.get("errors", [])
    return errors


def test_cli_accepts_committed_schema_as_schema(check_jsonschema: list[str]) -> None:
    done = _run(check_jsonschema, "--check-metaschema", SCHEMA_FILE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_cli_accepts_valid_roadmap(check_jsonschema: list[str], tmp_path: Path) -> None:
    assert _check(check_jsonschema, tmp_path, VALID) == []


def test_cli_accepts_minimal_roadmap(check_jsonschema: list[str], tmp_path: Path) -> None:
    minimal = '[roadmap]\ntitle = "T"\n[areas.a]\nname = "A"\nname_es = "A"\nprefix = "A"\n'
    assert _check(check_jsonschema, tmp_path, minimal) == []


def _replace(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


INN_1 = 'id = "INN-1"\n'
INN_1_AT = "$.items[1]"

# name -> (roadmap text, JSON path of the error, a piece of its message)
INVALID: dict[str, tuple[str, str, str]] = {
    "unknown key on an item": (
        _replace(INN_1, INN_1 + 'colour = "red"\n'),
        INN_1_AT,
        "'colour' was unexpected",
    ),
    "wrong status": (
        _replace('status = "in_progress"', 'status = "ongoing"'),
        f"{INN_1_AT}.status",
        "is not one of",
    ),
    "progress 150": (
        _replace("progress = 40", "progress = 150"),
        f"{INN_1_AT}.progress",
        "greater than the maximum of 100",
    ),
    "negative progress": (
        _replace("progress = 40", "progress = -1"),
        f"{INN_1_AT}.progress",
        "less than the minimum of 0",
    ),
    "fractional progress": (
        _replace("progress = 40", "progress = 40.5"),
        f"{INN_1_AT}.progress",
        "is not of type 'integer'",
    ),
    "missing item title": (
        _replace('title = "Map battery R&D capacity in both countries"\n', ""),
        INN_1_AT,
        "'title' is a required property",
    ),
    "non-http link": (
        _replace('"http://example.org/old"', '"ftp://example.org/old"'),
        f"{INN_1_AT}.links[1]",
        "does not match",
    ),
    "string that is not a date": (
        _replace("due = 2023-09-30", 'due = "end of September"'),
        f"{INN_1_AT}.due",
        "is not a 'date'",
    ),
    "date-time where a date belongs": (
        _replace("due = 2023-09-30", "due = 2023-09-30T12:00:00"),
        f"{INN_1_AT}.due",
        "is not a 'date'",
    ),
    "offset date-time where a date belongs": (
        _replace("due = 2023-12-15", "due = 2023-12-15T12:00:00-06:00"),
        "$.milestones['roadmap-draft'].due",
        "is not a 'date'",
    ),
    "time where a date belongs": (
        _replace("date = 2023-05-04", "date = 10:30:00"),
        "$.meetings[0].date",
        "is not a 'date'",
    ),
    "integer where a string belongs": (
        _replace('notes = "First survey sent."', "notes = 7"),
        f"{INN_1_AT}.notes",
        "is not of type 'string'",
    ),
    "bad item id": (
        _replace(INN_1, 'id = "inn-1"\n'),
        f"{INN_1_AT}.id",
        "does not match",
    ),
    "item number zero": (
        _replace(INN_1, 'id = "INN-0"\n'),
        f"{INN_1_AT}.id",
        "does not match",
    ),
    "bad area prefix": (
        _replace('prefix = "INN"', 'prefix = "inn"'),
        "$.areas.innovation.prefix",
        "does not match",
    ),
    "bad owner id": (
        _replace("[owners.uc]", "[owners.UC]"),
        "$.owners",
        "does not match",
    ),
    "wrong sector": (
        _replace('sector = "academia"', 'sector = "university"'),
        "$.owners.uc.sector",
        "is not one of",
    ),
    "wrong country": (
        _replace('country = "MX"', 'country = "CA"'),
        "$.owners.sre.country",
        "is not one of",
    ),
    "unknown top-level table": (
        VALID + '\n[settings]\ncolor = "auto"\n',
        "$",
        "'settings' was unexpected",
    ),
    "unknown key in [roadmap]": (
        _replace("[roadmap]\n", "[roadmap]\nversion = 2\n"),
        "$.roadmap",
        "'version' was unexpected",
    ),
    "missing roadmap title": (
        _replace('title = "Mexico–United States Electric Vehicle Working Group"\n', ""),
        "$.roadmap",
        "'title' is a required property",
    ),
    "meeting without date": (
        _replace("date = 2023-05-04\n", ""),
        "$.meetings[0]",
        "'date' is a required property",
    ),
    "unknown key on a meeting": (
        _replace('decisions = ["Adopt the charter."]', 'decision = "Adopt the charter."'),
        "$.meetings[0]",
        "'decision' was unexpected",
    ),
    "owners not an array": (
        _replace('owners = ["uc", "sre"]', 'owners = "uc"'),
        f"{INN_1_AT}.owners",
        "is not of type 'array'",
    ),
    "no areas table": (
        '[roadmap]\ntitle = "T"\n',
        "$",
        "'areas' is a required property",
    ),
    "empty areas table": (
        '[roadmap]\ntitle = "T"\n[areas]\n',
        "$.areas",
        "should be non-empty",
    ),
}


@pytest.mark.parametrize(("text", "path", "message"), INVALID.values(), ids=INVALID.keys())
def test_cli_rejects_shape_error(
    check_jsonschema: list[str], tmp_path: Path, text: str, path: str, message: str
) -> None:
    errors = _check(check_jsonschema, tmp_path, text)
    assert errors, "check-jsonschema accepted an invalid roadmap"
    found = [(e["path"], e["message"]) for e in errors]
    assert any(p == path and message in m for p, m in found), found


def test_cli_cannot_tell_a_quoted_date(check_jsonschema: list[str], tmp_path: Path) -> None:
    """check-jsonschema turns TOML dates into ISO strings before validating, so a
    quoted "2023-09-30" looks exactly like 2023-09-30: `ewg validate` has to catch
    it. If this starts failing, check-jsonschema changed and the schema can do better."""
    quoted = _replace("due = 2023-09-30", 'due = "2023-09-30"')
    assert _check(check_jsonschema, tmp_path, quoted) == []


def test_cli_accepts_bundled_roadmap(check_jsonschema: list[str]) -> None:
    done = _run(check_jsonschema, "--schemafile", SCHEMA_FILE, ROOT / "roadmap.toml")
    assert done.returncode == 0, done.stdout + done.stderr


# The broken roadmaps of tests/data/broken whose rule is about shape (types, keys,
# required fields, enums, patterns, ranges): the schema must reject each, as
# `ewg validate` does. The other rules need the whole file (references, cycles,
# dates compared), which JSON Schema cannot say.
SHAPE_CODES = ("E002", "E003", "E004", "E005", "E006", "E007", "E013", "E015")
SHAPE_EXTRA = ("E009-id-form", "E009-owner-id")
# check-jsonschema reads TOML dates as strings: see test_cli_cannot_tell_a_quoted_date.
SHAPE_BLIND = ("E005-date-in-quotes",)
BROKEN = ROOT / "tests" / "data" / "broken"


def _shape_cases() -> list[Path]:
    return sorted(
        path
        for path in BROKEN.glob("*.toml")
        if (path.stem[:4] in SHAPE_CODES or path.stem in SHAPE_EXTRA)
        and path.stem not in SHAPE_BLIND
    )


def test_cli_rejects_every_shape_error_ewg_rejects(check_jsonschema: list[str]) -> None:
    cases = _shape_cases()
    assert len(cases) >= 19  # new broken roadmaps of these rules join automatically
    done = _run(check_jsonschema, "-o", "json", "--schemafile", SCHEMA_FILE, *cases)
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report
    rejected = {Path(error["filename"]).name for error in report["errors"]}
    assert sorted(p.name for p in cases if p.name not in rejected) == []


def test_cli_accepts_the_corpus_base(check_jsonschema: list[str]) -> None:
    clean = ROOT / "tests" / "data" / "clean.toml"
    done = _run(check_jsonschema, "--schemafile", SCHEMA_FILE, clean)
    assert done.returncode == 0, done.stdout + done.stderr
