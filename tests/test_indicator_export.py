"""`ewg export` carries the indicators: JSON holds them, CSV exports the measurements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT
from tests.test_indicator_commands import copy_fixture

FIXTURE = ROOT / "tests" / "data" / "indicators.toml"


@pytest.fixture
def diagnosis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_fixture(tmp_path, monkeypatch)


def test_json_export_holds_indicators_and_measurements(invoke: Invoke, diagnosis: Path) -> None:
    data = json.loads(invoke("export", "--format", "json").stdout)
    mx = data["indicators"][0]
    assert mx == {
        "id": "chargers-mx",
        "name": "Public fast chargers in Mexico",
        "name_es": "Cargadores rápidos públicos en México",
        "area": "innovation",
        "country": "MX",
        "unit": "chargers",
        "unit_es": "cargadores",
        "direction": "up",
        "owners": ["sre"],
        "group": "chargers",
        "baseline": {"date": "2023-02-15", "value": 1200},
        "target": {"date": "2030-12-31", "value": 10000},
        "source": None,
    }
    assert data["measurements"][1] == {
        "indicator": "chargers-us",
        "date": "2025-01-01",
        "value": 120000,
        "source": "https://example.org/afdc",
        "note": None,
    }
    assert len(data["measurements"]) == 4


def test_json_export_without_indicators_has_no_such_keys(invoke: Invoke, diagnosis: Path) -> None:
    diagnosis.write_bytes((ROOT / "tests" / "data" / "clean.toml").read_bytes())
    data = json.loads(invoke("export", "--format", "json").stdout)
    assert "indicators" not in data and "measurements" not in data


def test_csv_export_of_the_measurements(invoke: Invoke, diagnosis: Path, tmp_path: Path) -> None:
    diagnosis.write_text(
        FIXTURE.read_text(encoding="utf-8").replace('"Registry, Q2."', '"=HYPERLINK(1)"'),
        encoding="utf-8",
    )
    out = tmp_path / "m.csv"
    result = invoke("export", "--format", "csv", "--what", "measurements", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (
        b"indicator,date,value,source,note\r\n"
        b"chargers-mx,2024-06-30,2100,,\r\n"
        b"chargers-us,2025-01-01,120000,https://example.org/afdc,\r\n"
        b"chargers-mx,2026-06-30,3400,,'=HYPERLINK(1)\r\n"
        b"import-share,2026-01-01,62.5,,\r\n"
    )


def test_measurements_need_the_csv_format(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("export", "--format", "json", "--what", "measurements")
    assert result.exit_code == 2
    assert "--what measurements is a CSV table" in result.stderr
    es = invoke("--lang", "es", "export", "--format", "json", "--what", "measurements")
    assert "--what measurements es una tabla CSV" in es.stderr
