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


def _params() -> list[tuple[str, object]]:
    import typer

    from ewg.cli.app import register

    found: list[tuple[str, object]] = []

    def walk(command: object, path: str) -> None:
        found.extend((path, p) for p in getattr(command, "params", []))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(register()), "ewg")
    return found


def test_every_argument_and_option_has_a_description() -> None:
    missing = [f"{path} {p.name}" for path, p in _params() if not getattr(p, "help", None)]  # type: ignore[attr-defined]
    assert not missing, missing


@pytest.mark.parametrize("command", ["list", "add", "set", "changelog", "status", "report"])
def test_help_names_values_in_words_and_lists_choices(invoke: Invoke, command: str) -> None:
    shown = invoke(command, "--help").stdout
    assert "<str>" not in shown and "<path>" not in shown and "<int range>" not in shown
    if command == "list":
        assert "--country <MX|US|binational>" in shown and "--due-before DATE" in shown
        assert "--sector <government|industry|academia" in shown
    if command == "set":
        assert "--progress 0-100" in shown and "--owner OWNER" in shown
