"""`status --area X --format json` names the area it shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.mark.parametrize("lang", ["en", "es"])
def test_status_json_for_one_area_names_it(roadmap: Path, invoke: Invoke, lang: str) -> None:
    result = invoke("--lang", lang, "status", "--area", "HUMAN-capital", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["area"] == {"id": "human-capital", "name": "Human capital"}
    assert [a["id"] for a in data["areas"]] == ["human-capital"]
    assert data["areas"][0]["name"] == data["area"]["name"]  # JSON names are the file's own
    everything = json.loads(invoke("--lang", lang, "status", "--format", "json").stdout)
    assert "area" not in everything


def test_status_json_for_one_area_names_it_without_indicators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    assert "[indicators" not in (tmp_path / "roadmap.toml").read_text(encoding="utf-8")
    data = json.loads(invoke("status", "-a", "innovation", "--format", "json").stdout)
    assert data["area"] == {"id": "innovation", "name": "Innovation"}
    assert "indicators" not in data
