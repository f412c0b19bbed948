"""`ewg status` has an Indicators section: per area, groups side by side by country."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ewg.indicators import Indicator, Point, Standing
from ewg.render.indicators import format_number, format_percent, groups, with_unit
from tests.conftest import Invoke
from tests.helpers import ROOT
from tests.test_indicator_commands import copy_fixture

FIXTURE = ROOT / "tests" / "data" / "indicators.toml"


@pytest.fixture
def diagnosis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_fixture(tmp_path, monkeypatch)


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "en", "es"),
    [
        (10000, "10,000", f"10{NBSP}000"),
        (1234567, "1,234,567", f"1{NBSP}234{NBSP}567"),
        (999, "999", "999"),
        (62.5, "62.5", "62.5"),
        (1234.567, "1,234.57", f"1{NBSP}234.57"),
        (40.0, "40", "40"),
        (-1500, "-1,500", f"-1{NBSP}500"),
        (None, "—", "—"),
    ],
)
def test_numbers_in_each_language(value: float | None, en: str, es: str) -> None:
    assert (format_number(value, "en"), format_number(value, "es")) == (en, es)


def test_percents_in_each_language() -> None:
    assert (format_percent(0.254, "en"), format_percent(0.254, "es")) == ("25%", f"25{NBSP}%")
    assert format_percent(12.5, "en") == "1,250%"


def test_a_value_in_percent_is_written_as_a_percent_in_each_language() -> None:
    assert (with_unit("2.5", "%", "en"), with_unit("2.5", "%", "es")) == ("2.5%", f"2.5{NBSP}%")
    assert (with_unit("2,100", "chargers"), with_unit("2,100", "")) == ("2,100 chargers", "2,100")


def test_a_group_needs_two_countries() -> None:
    def standing(key: str, country: str, group: str | None) -> Standing:
        point = Point(__import__("datetime").date(2020, 1, 1), 1)
        indicator = Indicator(key, key, "a", country, "u", point, point, group=group)
        return Standing(indicator, None, None, 0, point.date)

    found = groups(
        [
            standing("a-mx", "MX", "a"),
            standing("b-mx", "MX", "b"),
            standing("a-us", "US", "a"),
            standing("c", "US", None),
        ]
    )
    assert [(g, sorted(m)) for g, m in found] == [("a", ["MX", "US"])]


def test_status_table_in_english(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("status")
    assert result.exit_code == 0, result.output
    text = result.stdout
    section = text[text.index("Indicators — Innovation") :]
    lines = section.splitlines()
    assert lines[1].split()[:3] == ["Indicator", "Country", "Latest"]
    assert "3,400 chargers (2026-06-30)" in lines[3]
    assert lines[3].rstrip().endswith("25%  behind")
    assert lines[4].rstrip().endswith("19%  behind, stale")
    side = section[section.index("Side by side — Innovation") :].splitlines()
    assert side[1].split() == ["Group", "MX", "US"]
    assert side[3].startswith("chargers  3,400 / 10,000 chargers · 25% · behind  120,000 / 500,000")
    assert "Indicators — Governance structures" in text


def test_status_table_in_spanish(invoke: Invoke, diagnosis: Path) -> None:
    text = invoke("--lang", "es", "status").stdout
    assert "Indicadores — Innovation" in text
    assert f"3{NBSP}400 cargadores (2026-06-30)" in text
    assert f"25{NBSP}%  rezagado" in text
    assert "Lado a lado — Innovation" in text
    assert f"120{NBSP}000 / 500{NBSP}000 chargers · 19{NBSP}% · rezagado, desactualizado" in text


def test_status_markdown_in_both_languages(invoke: Invoke, diagnosis: Path) -> None:
    en = invoke("status", "--format", "markdown").stdout
    section = en[en.index("## Indicators") :]
    assert section.startswith("## Indicators\n\n### Innovation\n\n| Indicator | Country |")
    assert "| Public fast chargers in Mexico | MX | 3,400 chargers (2026-06-30) |" in section
    assert "| Group | MX | US |" in section
    es = invoke("--lang", "es", "status", "--format", "markdown").stdout
    assert "## Indicadores\n\n### Innovation\n\n| Indicador | País |" in es
    assert "| Grupo | MX | EE. UU. |" in es


def test_status_json_lists_each_indicator(invoke: Invoke, diagnosis: Path) -> None:
    data = json.loads(invoke("status", "--format", "json").stdout)
    assert [i["id"] for i in data["indicators"]] == ["chargers-mx", "chargers-us", "import-share"]
    share = data["indicators"][2]
    assert (share["progress"], share["on_track"], share["direction"]) == (0.4375, False, "down")


def test_status_of_one_area_shows_its_indicators(invoke: Invoke, diagnosis: Path) -> None:
    text = invoke("status", "--area", "governance").stdout
    assert "Indicators — Governance structures" in text
    assert "Innovation" not in text[text.index("Indicators —") :]
    data = json.loads(invoke("status", "--area", "innovation", "--format", "json").stdout)
    assert [i["id"] for i in data["indicators"]] == ["chargers-mx", "chargers-us"]


def test_status_without_indicators_is_unchanged(invoke: Invoke, diagnosis: Path) -> None:
    diagnosis.write_bytes((ROOT / "tests" / "data" / "clean.toml").read_bytes())
    result = invoke("status", "--format", "json")
    assert "indicators" not in json.loads(result.stdout)
    assert "Indicators" not in invoke("status").stdout


def test_status_section_fits_a_narrow_terminal() -> None:
    import datetime as dt
    import tomllib

    from ewg.indicators import standings
    from ewg.model import Roadmap
    from ewg.render.indicators import status_table

    roadmap = Roadmap.from_doc(tomllib.loads(FIXTURE.read_text(encoding="utf-8")))
    found = standings(roadmap.indicators, roadmap.latest, dt.date(2026, 11, 27))
    areas = [(key, area.label()) for key, area in roadmap.areas.items()]
    wide = status_table(found, areas, "en", None, False)
    assert max(len(line) for line in wide.splitlines()) > 80
    narrow = status_table(found, areas, "en", 80, False)
    assert max(len(line) for line in narrow.splitlines()) <= 80


def test_the_quick_path_shows_the_section(diagnosis: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "EWG_LANG": "es"}
    done = subprocess.run(
        [sys.executable, "-m", "ewg", "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Lado a lado — Innovation" in done.stdout


@pytest.mark.parametrize("written", ["inf", "-inf", "nan", "1e400"])
def test_a_value_that_is_no_finite_number_is_an_error_and_no_measurement(
    invoke: Invoke, diagnosis: Path, written: str
) -> None:
    """inf and nan measure nothing: validation says so in each language, and every read
    (status, list, report, JSON) leaves the value out instead of failing on it."""
    diagnosis.write_text(
        diagnosis.read_text(encoding="utf-8")
        + f'\n[[measurements]]\nindicator = "chargers-mx"\ndate = 2026-11-01\nvalue = {written}\n',
        encoding="utf-8",
    )
    en, es = invoke("validate"), invoke("--lang", "es", "validate")
    assert (en.exit_code, es.exit_code) == (1, 1)
    assert "error E005 'value' must be a finite number, not " in en.stdout
    assert "error E005 'value' debe ser un número finito, no " in es.stdout
    for args in (("status",), ("indicator", "list"), ("report", "--format", "html")):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.stderr)
    shown = json.loads(invoke("indicator", "show", "chargers-mx", "--format", "json").stdout)
    assert shown["indicator"]["latest"]["value"] == 3400  # the one before it
