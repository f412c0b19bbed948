"""`ewg changelog` reports measurements and changes to an indicator's target."""

from __future__ import annotations

import json

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

ORIGINAL = (ROOT / "tests" / "data" / "indicators.toml").read_text(encoding="utf-8")
LAST_MX = 'note = "Registry, Q2."\n'
RECORDED = (
    LAST_MX + '\n[[measurements]]\nindicator = "chargers-mx"\ndate = 2026-09-30\nvalue = 3600\n'
)
TARGET = "target   = { date = 2030-12-31, value = 10000 }"


def _history(git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", ORIGINAL, "start")
    git_repo.commit_file("roadmap.toml", ORIGINAL.replace(LAST_MX, RECORDED), "record")
    moved = ORIGINAL.replace(LAST_MX, RECORDED).replace(
        TARGET, "target   = { date = 2030-12-31, value = 12000 }"
    )
    git_repo.commit_file("roadmap.toml", moved, "target")


def test_changelog_reports_a_measurement_and_a_target(invoke: Invoke, git_repo: GitRepo) -> None:
    _history(git_repo)
    result = invoke("changelog", "--since", "2023-11-16")
    assert result.exit_code == 0, result.output
    assert "chargers-mx: 3,400 → 3,600 chargers" in result.stdout
    assert (
        "indicator chargers-mx target: 10,000 (2030-12-31) → 12,000 (2030-12-31)" in result.stdout
    )


def test_changelog_in_spanish(invoke: Invoke, git_repo: GitRepo) -> None:
    _history(git_repo)
    text = invoke("--lang", "es", "changelog", "--since", "2023-11-16").stdout
    assert "chargers-mx: 3\u00a0400 → 3\u00a0600 chargers" in text
    assert "indicador chargers-mx" in text


def test_changelog_json_and_a_removed_measurement(invoke: Invoke, git_repo: GitRepo) -> None:
    _history(git_repo)
    git_repo.commit_file("roadmap.toml", ORIGINAL, "undo")
    data = json.loads(invoke("changelog", "--format", "json", "--since", "2023-11-16").stdout)
    kinds = [(e["kind"], e.get("from"), e.get("to")) for e in data["events"]]
    assert ("measurement_added", 3400, 3600) in kinds
    assert ("measurement_removed", 3600, None) in kinds
    text = invoke("changelog", "--since", "2023-11-16").stdout
    assert "measurement removed: chargers-mx 3,600 chargers" in text


def test_the_first_measurement_follows_the_baseline() -> None:
    import tomllib

    from ewg.diff import diff

    old = tomllib.loads(ORIGINAL)
    new = tomllib.loads(
        ORIGINAL
        + '\n[[measurements]]\nindicator = "chargers-us"\ndate = 2024-01-01\nvalue = 50000\n'
    )
    [change] = diff(old, new)
    assert (change.kind, change.key, change.old, change.new, change.field) == (
        "measurement_added",
        "chargers-us",
        30000,
        50000,
        "chargers",
    )
