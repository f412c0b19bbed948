"""What the group writes, in Spanish: `reason_es`, `notes_es` and `decisions_es`, declared in
ewg.shape, validated, and shown by `--lang es`; the bundled institutions have Spanish names."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.conftest import Invoke
from tests.helpers import ROOT

REASON_ES = "En espera de los datos de tráfico de carga transfronterizo"
REASON_EN = "Waiting for cross-border freight traffic data"
DECISION_ES = "Trabajar como triple hélice de gobierno, industria y academia"
DECISION_EN = "Work as a triple helix of government, industry and academia"


def test_status_shows_the_reason_in_the_language(roadmap: Path, invoke: Invoke) -> None:
    spanish = invoke("--lang", "es", "status").stdout
    assert REASON_ES in spanish and REASON_EN not in spanish
    english = invoke("status").stdout
    assert REASON_EN in english and REASON_ES not in english
    markdown = invoke("--lang", "es", "status", "--format", "markdown").stdout
    assert REASON_ES in markdown


def test_show_gives_the_spanish_notes_and_reason(roadmap: Path, invoke: Invoke) -> None:
    spanish = invoke("--lang", "es", "show", "HUM-4").stdout
    assert "Dos de las tres plantas ya designaron a sus instructores" in spanish
    assert "Two of the three plants" in invoke("show", "HUM-4").stdout
    assert REASON_ES in invoke("--lang", "es", "show", "INN-4").stdout


def test_meetings_and_the_report_give_the_spanish_decisions(roadmap: Path, invoke: Invoke) -> None:
    for args in (
        ("meeting", "list"),
        ("meeting", "list", "--format", "markdown"),
        ("report", "--format", "markdown"),
    ):
        spanish = invoke("--lang", "es", *args).stdout
        assert DECISION_ES in spanish and DECISION_EN not in spanish, args
        assert DECISION_EN in invoke(*args).stdout, args


def test_decisions_es_of_another_length_is_not_shown(roadmap: Path, invoke: Invoke) -> None:
    text = roadmap.read_text(encoding="utf-8")
    start = text.index("decisions_es = [")
    end = text.index("]\n", start) + 2
    roadmap.write_text(text[:start] + 'decisions_es = ["Solo una."]\n' + text[end:], "utf-8")
    spanish = invoke("--lang", "es", "meeting", "list").stdout
    assert DECISION_EN in spanish and "Solo una." not in spanish  # never a mix


def test_spanish_fields_are_validated(roadmap: Path, invoke: Invoke) -> None:
    text = roadmap.read_text(encoding="utf-8")
    roadmap.write_text(text.replace('reason_es = "En espera', 'reason_es = 3 # "', 1), "utf-8")
    result = invoke("validate")
    assert result.exit_code == 1 and "E005" in result.stdout and "reason_es" in result.stdout


def test_a_new_status_drops_the_old_spanish_reason(roadmap: Path, invoke: Invoke) -> None:
    assert invoke("block", "INN-4", "--reason", "New reason").exit_code == 0
    item = next(i for i in tomllib.loads(roadmap.read_text("utf-8"))["items"] if i["id"] == "INN-4")
    assert item["reason"] == "New reason" and "reason_es" not in item


def test_json_carries_the_spanish_fields_as_data(roadmap: Path, invoke: Invoke) -> None:
    doc = json.loads(invoke("--lang", "es", "list", "--all", "--format", "json").stdout)
    inn4 = next(i for i in doc["items"] if i["id"] == "INN-4")
    assert inn4["reason"].startswith(REASON_EN) and inn4["reason_es"].startswith(REASON_ES)


def test_the_bundled_us_institutions_have_spanish_names(invoke: Invoke) -> None:
    owners = tomllib.loads((ROOT / "roadmap.toml").read_text("utf-8"))["owners"]
    assert all(o.get("name_es") for o in owners.values() if o["country"] == "US")
    assert owners["doe"]["name_es"] == "Departamento de Energía de los Estados Unidos"


def test_the_schema_declares_the_spanish_fields() -> None:
    schema = json.loads((ROOT / "roadmap.schema.json").read_text("utf-8"))
    text = json.dumps(schema)
    for key in ("reason_es", "notes_es", "decisions_es"):
        assert f'"{key}"' in text
