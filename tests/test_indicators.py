"""Indicators: the format, their rules, the cache codec, and where each one stands."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ewg.indicators import (
    Indicator,
    Measurement,
    Point,
    expected,
    latest,
    progress,
    standings,
)
from ewg.model import Roadmap
from ewg.rows import from_rows, to_rows
from ewg.validate import check_text
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data"
FIXTURE = DATA / "indicators.toml"
TODAY = dt.date(2026, 11, 27)
D = dt.date


def _indicator(direction: str = "up", base: float = 100, target: float = 200) -> Indicator:
    return Indicator(
        "x",
        "X",
        "innovation",
        "MX",
        "units",
        Point(D(2020, 1, 1), base),
        Point(D(2030, 1, 1), target),
        direction=direction,
    )


def _standing(indicator: Indicator, *points: tuple[dt.date, float], today: dt.date = TODAY):
    measured = [Measurement("x", day, value) for day, value in points]
    [found] = standings({"x": indicator}, latest(measured), today)
    return found


# --- the model and the cache codec ------------------------------------------------------


def test_the_fixture_is_read_into_the_model() -> None:
    roadmap = Roadmap.from_doc(tomllib.loads(FIXTURE.read_text(encoding="utf-8")))
    assert list(roadmap.indicators) == ["chargers-mx", "chargers-us", "import-share"]
    mx = roadmap.indicators["chargers-mx"]
    assert mx.baseline == Point(D(2023, 2, 15), 1200)
    assert mx.target == Point(D(2030, 12, 31), 10000)
    assert (mx.label("es"), mx.unit_in("es"), mx.owners) == (
        "Cargadores rápidos públicos en México",
        "cargadores",
        ("sre",),
    )
    assert roadmap.indicators["import-share"].direction == "down"
    assert roadmap.indicators["chargers-us"].direction == "up"  # the default
    assert [(m.indicator, m.value) for m in roadmap.measurements] == [
        ("chargers-mx", 2100),
        ("chargers-us", 120000),
        ("chargers-mx", 3400),
        ("import-share", 62.5),
    ]


def test_indicators_round_trip_through_the_cache_rows() -> None:
    roadmap = Roadmap.from_doc(tomllib.loads(FIXTURE.read_text(encoding="utf-8")))
    again = from_rows(marshal.loads(marshal.dumps(to_rows(roadmap))), list)
    assert again.latest == latest(roadmap.measurements)  # kept, not computed again
    assert again == roadmap
    assert again.indicators["import-share"].target == Point(D(2028, 1, 1), 40.0)


def test_measurements_that_do_not_decode_are_read_from_the_file() -> None:
    roadmap = Roadmap.from_doc(tomllib.loads(FIXTURE.read_text(encoding="utf-8")))
    rows = list(to_rows(roadmap))
    rows[-2] = b"\xff not marshal"  # the measurements, as a damaged entry would hold them
    again = from_rows(tuple(rows), lambda: roadmap.measurements)
    assert again.measurements == roadmap.measurements


def test_a_cached_read_gives_the_same_indicators(tmp_path: Path) -> None:
    from ewg import store

    path = tmp_path / "roadmap.toml"
    path.write_bytes(FIXTURE.read_bytes())
    cold = store.load(path)
    store.read(path).remember()
    warm = store.load(path)
    assert warm == cold
    assert warm.measurements[-1] == Measurement("import-share", D(2026, 1, 1), 62.5)


# --- validation ------------------------------------------------------------------------


def test_the_fixture_is_clean() -> None:
    assert check_text(FIXTURE.read_text(encoding="utf-8"), "indicators.toml", TODAY) == []


def _codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in check_text(text, "r.toml", TODAY)]


def _fixture(old: str, new: str) -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        ("value = 62.5", "value = nan", "E005", "'value' must be a finite number, not nan"),
        ("value = 62.5", "value = true", "E005", "'value' must be a number, not a boolean"),
        ('direction = "down"', 'direction = "sideways"', "E007", "invalid direction 'sideways'"),
        (
            "{ date = 2028-01-01, value = 40.0 }",
            "{ date = 2028-01-01 }",
            "E006",
            "the target of indicator import-share has no value",
        ),
        (
            "{date = 2023-02-15, value = 1_200}",
            "{date = 2023-02-15, value = 1_200, unit = 1}",
            "E004",
            "unknown key 'unit' in the baseline of indicator chargers-mx",
        ),
        (
            'source = "https://example.org/afdc"',
            'source = "afdc.gov"',
            "E015",
            "source 'afdc.gov' is not an http or https URL",
        ),
    ],
)
def test_indicator_rules(old: str, new: str, code: str, message: str) -> None:
    found = check_text(_fixture(old, new), "r.toml", TODAY)
    assert [(d.code, d.message) for d in found] == [(code, message)]
    assert found[0].line > 0


def test_findings_are_in_spanish_too() -> None:
    from ewg.i18n import set_language

    set_language("es")
    try:
        text = _fixture(
            "{ date = 2030-12-31, value = 10000 }", "{ date = 2022-12-31, value = 10000 }"
        )
        [found] = check_text(text, "r.toml", TODAY)
    finally:
        set_language("en")
    assert found.message == (
        "el indicador chargers-mx tiene su meta (2022-12-31) antes de su línea base (2023-02-15)"
    )


# --- JSON Schema agrees with ewg validate ------------------------------------------------


@pytest.fixture(scope="module")
def check_jsonschema() -> list[str]:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed")
    return [sys.executable, "-m", "check_jsonschema"]


def _schema_errors(command: list[str], path: Path) -> list[tuple[str, str]]:
    done = subprocess.run(
        [*command, "-o", "json", "--schemafile", str(ROOT / "roadmap.schema.json"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report
    return [(e["path"], e["message"]) for e in report.get("errors", [])]


def test_the_schema_accepts_the_fixture(check_jsonschema: list[str]) -> None:
    assert _schema_errors(check_jsonschema, FIXTURE) == []


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('direction = "down"', 'direction = "sideways"', "$.indicators['import-share'].direction"),
        ("{ date = 2028-01-01, value = 40.0 }", "{ date = 2028-01-01 }", None),
        ("value = 62.5", 'value = "62.5"', "$.measurements[3].value"),
        ('unit = "percent"\n', "", "$.indicators['import-share']"),
        ('country = "binational"', 'country = "CA"', "$.indicators['import-share'].country"),
    ],
)
def test_the_schema_rejects_what_ewg_rejects(
    check_jsonschema: list[str], tmp_path: Path, old: str, new: str, where: str | None
) -> None:
    text = _fixture(old, new)
    assert any(d.is_error for d in check_text(text, "r.toml", TODAY))
    path = tmp_path / "roadmap.toml"
    path.write_text(text, encoding="utf-8")
    errors = _schema_errors(check_jsonschema, path)
    assert errors
    if where is not None:
        assert where in [p for p, _m in errors], errors


# --- where an indicator stands ---------------------------------------------------------


def test_progress_up_and_down() -> None:
    assert progress(_indicator("up", 100, 200), 150) == 0.5
    assert progress(_indicator("down", 80, 40), 60) == 0.5
    assert progress(_indicator("up", 100, 200), 90) == -0.1  # went the wrong way
    assert progress(_indicator("down", 80, 40), 30) == 1.25  # past the target


def test_progress_of_a_target_the_wrong_way_or_equal() -> None:
    assert progress(_indicator("up", 100, 50), 75) is None
    assert progress(_indicator("down", 10, 10), 9) == 1.0
    assert progress(_indicator("down", 10, 10), 11) == 0.0


def test_expected_share_is_the_straight_line() -> None:
    indicator = _indicator()  # 2020-01-01 .. 2030-01-01: 3653 days
    assert expected(indicator, D(2020, 1, 1)) == 0.0
    assert expected(indicator, D(2025, 1, 1)) == pytest.approx(1827 / 3653)
    assert expected(indicator, D(2019, 1, 1)) == 0.0
    assert expected(indicator, D(2031, 1, 1)) == 1.0


def test_on_track_going_up() -> None:
    ahead = _standing(_indicator("up"), (D(2025, 1, 1), 160))
    behind = _standing(_indicator("up"), (D(2025, 1, 1), 140))
    assert (ahead.on_track, behind.on_track) == (True, False)
    assert ahead.progress == pytest.approx(0.6)


def test_on_track_going_down() -> None:
    ahead = _standing(_indicator("down", 80, 40), (D(2025, 1, 1), 55))
    behind = _standing(_indicator("down", 80, 40), (D(2025, 1, 1), 70))
    assert (ahead.on_track, behind.on_track) == (True, False)


def test_exactly_on_the_line_is_on_track() -> None:
    indicator = Indicator(
        "x", "X", "a", "MX", "u", Point(D(2020, 1, 1), 0), Point(D(2020, 1, 11), 10)
    )
    assert _standing(indicator, (D(2020, 1, 4), 3), today=D(2020, 2, 1)).on_track is True


def test_before_the_baseline() -> None:
    found = _standing(_indicator(), (D(2019, 6, 1), 100))
    assert found.before_baseline and not found.after_target
    assert (found.expected, found.progress, found.on_track) == (0.0, 0.0, True)


def test_after_the_target_date() -> None:
    missed = _standing(_indicator(), (D(2031, 1, 1), 190), today=D(2031, 2, 1))
    reached = _standing(_indicator(), (D(2031, 1, 1), 200), today=D(2031, 2, 1))
    assert missed.after_target and missed.expected == 1.0
    assert (missed.on_track, reached.on_track) == (False, True)


def test_a_single_measurement_is_measured_from_the_baseline() -> None:
    found = _standing(_indicator(), (D(2025, 1, 1), 200))
    assert (found.measured, found.previous, found.progress, found.on_track) == (1, None, 1.0, True)


def test_the_latest_measurement_is_by_date_not_file_order() -> None:
    found = _standing(_indicator(), (D(2026, 1, 1), 170), (D(2024, 1, 1), 120))
    assert found.value == 170
    assert found.previous is not None and found.previous.value == 120


def test_stale_after_a_year_without_measurement() -> None:
    fresh = _standing(_indicator(), (D(2026, 1, 1), 170), today=D(2027, 1, 1))
    stale = _standing(_indicator(), (D(2026, 1, 1), 170), today=D(2027, 1, 2))
    assert (fresh.stale, stale.stale) == (False, True)


def test_never_measured_is_stale_and_cannot_tell() -> None:
    found = _standing(_indicator())
    assert (found.stale, found.on_track, found.progress, found.value) == (True, None, None, None)


def test_the_bundled_roadmap_has_marked_example_indicators() -> None:
    roadmap = Roadmap.from_doc(tomllib.loads((ROOT / "roadmap.toml").read_text(encoding="utf-8")))
    indicators = roadmap.indicators.values()
    assert {i.area for i in indicators} == set(roadmap.areas)  # one per area at least
    assert all(i.name.endswith("(example)") and i.name_es for i in indicators)
    assert all((i.name_es or "").endswith("(ejemplo)") for i in indicators)
    countries: dict[str, set[str]] = {}
    for i in indicators:
        if i.group:
            countries.setdefault(i.group, set()).add(i.country)
    assert countries and all(found == {"MX", "US"} for found in countries.values())
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    assert "EXAMPLES ONLY" in text
    found = check_text(text, "roadmap.toml", TODAY)
    assert [d for d in found if d.code in ("W107", "W108", "W109") or d.is_error] == []
