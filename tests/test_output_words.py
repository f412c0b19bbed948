"""Words and numbers in English as people read them: percentages rounded half up, and a
trend headline that says what it counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.history_data import item, roadmap


def test_a_percentage_rounds_half_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    text = roadmap(
        item("INN-1", "One", "innovation", "in_progress", progress=85),
        item("INN-2", "Two", "innovation"),
    )
    (tmp_path / "roadmap.toml").write_text(text, encoding="utf-8")
    doc = json.loads(invoke("status", "--format", "json").stdout)
    assert doc["overall"]["percent"] == 43  # 42.5, which round() made 42
    assert "43% complete" in invoke("status").stdout


def test_the_trend_headline_says_what_it_counts(git_repo: GitRepo, invoke: Invoke) -> None:
    items = [
        item("INN-1", "One", "innovation", "done", completed="2023-11-20"),
        item("INN-2", "Two", "innovation", "dropped", reason="No"),
        item("INN-3", "Three", "innovation"),
        item("INN-4", "Four", "innovation"),
        item("INN-5", "Five", "innovation"),
    ]
    git_repo.commit_file("roadmap.toml", roadmap(*items), "Five items")
    english = invoke("trend").stdout
    assert "Innovation: 1 of 4 items done (25%); 1 dropped item not counted" in english
    spanish = invoke("--lang", "es", "trend").stdout
    assert (
        "Innovación: 1 de 4 acciones terminadas (25%); 1 acción descartada, que no cuenta"
        in spanish
    )


@pytest.mark.parametrize(
    "args",
    [
        ("show", "inn-2"),
        ("list", "--area", "INNOVATION"),
        ("list", "--country", "mx"),
        ("list", "--sector", "Academia"),
        ("list", "--owner", "SRE"),
        ("list", "--format", "JSON"),
        ("list", "--status", "In_Progress"),
        ("status", "--area", "Innovation"),
    ],
    ids=" ".join,
)
def test_ids_and_choices_in_any_letter_case(
    roadmap: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert "INN-2" in result.stdout or "Innovation" in result.stdout


def test_a_lower_case_id_changes_the_item_it_names(roadmap: Path, invoke: Invoke) -> None:
    assert invoke("done", "inn-3").exit_code == 0
    assert '"status": "done"' in invoke("list", "--all", "--format", "json").stdout
    assert "INN-3 is now done" not in invoke("done", "inn-33").stderr  # none such: refused
