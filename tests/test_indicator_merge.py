"""The merge driver and indicators: what each side added, corrected or removed merges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ewg.merge import merge
from tests.clones import Team
from tests.helpers import ROOT, written_by

BASE = (ROOT / "tests" / "data" / "indicators.toml").read_text(encoding="utf-8")
NEW_INDICATOR = """
[indicators.{key}]
name = "{key}"
area = "governance"
country = "MX"
unit = "u"
baseline = {{ date = 2024-01-01, value = 1 }}
target = {{ date = 2028-01-01, value = 2 }}
"""
LAST_INDICATOR = "target = { date = 2028-01-01, value = 40.0 }\n"


def _with_indicator(key: str) -> str:
    return BASE.replace(LAST_INDICATOR, LAST_INDICATOR + NEW_INDICATOR.format(key=key))


def test_an_indicator_added_on_each_side_merges() -> None:
    result = merge(BASE, _with_indicator("ours-x"), _with_indicator("theirs-x"))
    assert result.clean
    assert "[indicators.ours-x]" in result.text and "[indicators.theirs-x]" in result.text


def _record(text: str, after: str, indicator: str, day: str, value: str) -> str:
    """`text` with a measurement written right after the line `after`, as `indicator
    record` writes one after the last measurement of its indicator."""
    block = f'\n[[measurements]]\nindicator = "{indicator}"\ndate = {day}\nvalue = {value}\n'
    assert text.count(after) == 1
    return text.replace(after, after + block)


LAST_MX = 'note = "Registry, Q2."\n'


def _measurements(text: str) -> list[tuple[str, str, object]]:
    import tomllib

    return [
        (m["indicator"], m["date"].isoformat(), m["value"])
        for m in tomllib.loads(text)["measurements"]
    ]


def test_a_measurement_recorded_on_each_side_merges_cleanly() -> None:
    """Two members record the same indicator on their branches: both measurements are kept,
    each where `indicator record` puts it, and ours' lines stay as they were."""
    ours = _record(BASE, LAST_MX, "chargers-mx", "2026-09-30", "3_900")
    theirs = _record(BASE, LAST_MX, "chargers-mx", "2026-12-31", "4_200")
    result = merge(BASE, ours, theirs)
    assert result.clean, result.conflicts
    assert _measurements(result.text)[:5] == [
        ("chargers-mx", "2024-06-30", 2100),
        ("chargers-us", "2025-01-01", 120000),
        ("chargers-mx", "2026-06-30", 3400),
        ("chargers-mx", "2026-09-30", 3900),
        ("chargers-mx", "2026-12-31", 4200),
    ]
    added = '\n[[measurements]]\nindicator = "chargers-mx"\ndate = 2026-12-31\nvalue = 4_200\n'
    assert result.text == ours.replace("value = 3_900\n", "value = 3_900\n" + added)


def test_a_measurement_corrected_on_theirs_and_one_recorded_on_ours_merge() -> None:
    ours = _record(BASE, LAST_MX, "import-share", "2026-07-01", "58")
    theirs = BASE.replace("value = 2100\n", "value = 2150\n")
    result = merge(BASE, ours, theirs)
    assert result.clean
    found = _measurements(result.text)
    assert ("chargers-mx", "2024-06-30", 2150) in found
    assert ("import-share", "2026-07-01", 58) in found


def test_a_measurement_removed_on_theirs_is_removed() -> None:
    ours = _with_indicator("ours-x")
    theirs = BASE.replace(
        '[[measurements]]\nindicator = "chargers-mx"\ndate = 2024-06-30\nvalue = 2100\n\n', ""
    )
    result = merge(BASE, ours, theirs)
    assert result.clean
    assert ("chargers-mx", "2024-06-30", 2100) not in _measurements(result.text)
    assert "[indicators.ours-x]" in result.text


def test_one_measurement_corrected_two_ways_is_a_conflict_in_both_languages() -> None:
    from ewg.i18n import set_language

    ours = BASE.replace("value = 2100\n", "value = 2150\n")
    theirs = BASE.replace("value = 2100\n", "value = 2175\n")
    result = merge(BASE, ours, theirs)
    assert not result.clean
    [conflict] = result.conflicts
    assert conflict.what == "measurement of chargers-mx on 2024-06-30"
    assert "<<<<<<< ours\n" in result.text and "value = 2175" in result.text
    set_language("es")
    try:
        [conflict] = merge(BASE, ours, theirs).conflicts
    finally:
        set_language("en")
    assert conflict.what == "medición de chargers-mx del 2024-06-30"


def test_members_who_record_on_their_clones_pull_each_others_measurements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Any
) -> None:
    """Real git: a bare remote, two clones, `indicator record --commit` in each, `git pull`
    through the merge driver; the result holds both, and `status` shows the latest."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # git runs this checkout's ewg
    monkeypatch.setenv("GIT_EDITOR", "true")
    team = Team(tmp_path / "team", monkeypatch, invoke, "merge")
    coordinator = team.member("Coordinator", "coord@example.org")
    coordinator.write(BASE, "Start the diagnosis")
    coordinator.ewg(*team.setup("--commit"))
    coordinator.push()
    sre = team.member("Alicia", "alicia@example.org")
    doe = team.member("Bob", "bob@example.org")
    sre.ewg("indicator", "record", "chargers-mx", "3900", "--date", "2026-09-30", "--commit")
    doe.ewg("indicator", "record", "chargers-mx", "4200", "--date", "2026-12-31", "--commit")
    sre.push()
    doe.pull()  # the merge driver merges roadmap.toml measurement by measurement
    merged = (doe.path / "roadmap.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in merged
    # Theirs' measurement goes after the last of its indicator in ours, as `record` does.
    assert [m for m in _measurements(merged) if m[0] == "chargers-mx"] == [
        ("chargers-mx", "2024-06-30", 2100),
        ("chargers-mx", "2026-06-30", 3400),
        ("chargers-mx", "2026-12-31", 4200),
        ("chargers-mx", "2026-09-30", 3900),
    ]
    doe.ewg("validate")
    shown = doe.ewg("indicator", "show", "chargers-mx", "--format", "json")
    assert json.loads(shown.stdout)["indicator"]["latest"]["value"] == 4200


def _edited(tmp_path: Path, name: str, invoke: Any, *commands: tuple[str, ...]) -> str:
    """The text ewg writes from BASE after these commands."""
    return written_by(invoke, BASE, tmp_path / name, *commands)


@pytest.mark.parametrize("renamer", ["ours", "theirs"])
def test_an_indicator_renamed_on_one_side_takes_the_other_sides_measurements(
    tmp_path: Path, invoke: Any, renamer: str
) -> None:
    renamed = _edited(
        tmp_path, "a", invoke, ("indicator", "rename", "chargers-mx", "fast-chargers-mx")
    )
    recorded = _edited(
        tmp_path,
        "b",
        invoke,
        ("indicator", "record", "chargers-mx", "3900", "--date", "2026-09-30"),
    )
    ours, theirs = (renamed, recorded) if renamer == "ours" else (recorded, renamed)
    result = merge(BASE, ours, theirs)
    assert result.clean, (result.conflicts, result.errors)
    found = _measurements(result.text)
    assert ("fast-chargers-mx", "2026-09-30", 3900) in found
    assert not any(m[0] == "chargers-mx" for m in found)
    assert result.notes == [  # the measurement the other side recorded follows
        f"indicator chargers-mx was renamed fast-chargers-mx ({renamer}): references in"
        " measurement of chargers-mx on 2026-09-30 follow"
    ]


def test_an_owner_renamed_on_one_side_is_followed_by_the_others_new_indicator(
    tmp_path: Path, invoke: Any
) -> None:
    ours = _edited(tmp_path, "a", invoke, ("owner", "rename", "sre", "sre-mx"))
    theirs = _edited(
        tmp_path, "b", invoke,
        ("indicator", "add", "techs-mx", "--name", "Technicians trained", "--area", "innovation",
         "--country", "MX", "--unit", "people", "--baseline", "2024-01-01:10",
         "--target", "2030-12-31:5000", "--owner", "sre"),
    )  # fmt: skip
    result = merge(BASE, ours, theirs)
    assert result.clean, (result.conflicts, result.errors)
    import tomllib

    data = tomllib.loads(result.text)
    assert data["indicators"]["techs-mx"]["owners"] == ["sre-mx"]
    assert "sre" not in data["owners"]


def _count(reads: list[int], args: tuple[Any, ...]) -> None:
    """Count a reading of the whole file (not of one table's few lines)."""
    if len(args[0]) > 1000:
        reads.append(1)


def test_many_measurements_recorded_on_theirs_go_in_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A member's year of figures merges with one reading of the result, not one per
    measurement: each lands after the last of its indicator, in theirs' order and words
    (a comment above one is kept), and ours' lines stay as they were."""
    from ewg import source

    months = [f"2027-{m:02d}-01" for m in range(1, 13)]
    theirs = BASE
    for key, after in (("chargers-mx", LAST_MX), ("import-share", "value = 62.5\n")):
        block = "".join(
            f'\n[[measurements]]\nindicator = "{key}"\ndate = {day}\nvalue = {n}\n'
            for n, day in enumerate(months)
        )
        theirs = theirs.replace(after, after + block.replace("\n[[", "\n# monthly\n[[", 1), 1)
    ours = _with_indicator("ours-x")
    reads = []
    real = source.parse_located
    monkeypatch.setattr(source, "parse_located", lambda *a: _count(reads, a) or real(*a))
    result = merge(BASE, ours, theirs)
    assert result.clean, (result.conflicts, result.errors)
    assert len(reads) < 8  # 24 measurements: one by one, the merge read the file 25 times
    found = _measurements(result.text)
    assert [m for m in found if m[0] == "chargers-mx"][2:] == [
        ("chargers-mx", day, n) for n, day in enumerate(months)
    ]
    assert result.text.count("# monthly\n[[measurements]]") == 2
    assert "[indicators.ours-x]" in result.text


def test_measurements_removed_on_theirs_go_together_and_ours_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ewg import source

    extra = "".join(
        f'\n[[measurements]]\nindicator = "chargers-us"\ndate = 2027-{n:02d}-01\nvalue = {n}\n'
        for n in range(1, 13)
    )
    base = BASE + extra
    theirs = BASE  # a member removed the year of figures recorded by mistake
    ours = _record(base, LAST_MX, "chargers-mx", "2026-09-30", "3_900")
    reads = []
    real = source.parse_located
    monkeypatch.setattr(source, "parse_located", lambda *a: _count(reads, a) or real(*a))
    result = merge(base, ours, theirs)
    assert result.clean, (result.conflicts, result.errors)
    assert len(reads) < 8  # one by one, each of the 12 removals read the file again
    assert result.text == _record(BASE, LAST_MX, "chargers-mx", "2026-09-30", "3_900")


def test_a_diagnosis_drafted_on_theirs_goes_in_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many indicators added on a branch (one with a comment above it, one with its baseline
    as a table of its own) merge with one reading of the result, each as theirs wrote it,
    after the last indicator of ours."""
    from ewg import source

    drafted = "".join(
        ("# from the 2024 census\n" if n == 3 else "")
        + f'[indicators.new-{n}]\nname = "New {n}"\narea = "innovation"\ncountry = "MX"\n'
        + 'unit = "u"\ntarget = { date = 2030-01-01, value = 9 }\n'
        + (
            f"\n[indicators.new-{n}.baseline]\ndate = 2024-01-01\nvalue = 1\n\n"
            if n == 5
            else "baseline = { date = 2024-01-01, value = 1 }\n\n"
        )
        for n in range(12)
    )
    theirs = BASE.replace(LAST_INDICATOR, LAST_INDICATOR + "\n" + drafted.rstrip("\n") + "\n", 1)
    ours = BASE.replace("value = 2100\n", "value = 2150\n")
    reads = []
    real = source.parse_located
    monkeypatch.setattr(source, "parse_located", lambda *a: _count(reads, a) or real(*a))
    result = merge(BASE, ours, theirs)
    assert result.clean, (result.conflicts, result.errors)
    assert len(reads) < 8  # one by one, the merge read the file again for each indicator
    assert result.text == theirs.replace("value = 2100\n", "value = 2150\n")
