"""`ewg meeting minutes DATE`, and the decisions about an item in `ewg show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.meeting_data import ROADMAP, TODAY, golden, with_history


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = with_history(git_repo, monkeypatch)
    done = path.read_text(encoding="utf-8").replace(
        'status = "in_progress"\nprogress = 40\n', 'status = "done"\ncompleted = 2023-11-17\n'
    )
    git_repo.commit_file("roadmap.toml", done, "INN-1 done")  # on 2023-11-17
    return path


@pytest.mark.parametrize(
    ("lang", "fmt", "name"),
    [
        ("en", "markdown", "minutes.md"),
        ("es", "markdown", "minutes.es.md"),
        ("en", "html", "minutes.html"),
        ("es", "html", "minutes.es.html"),
    ],
)
def test_minutes_golden(repo: Path, invoke: Invoke, lang: str, fmt: str, name: str) -> None:
    result = invoke("--lang", lang, "meeting", "minutes", "2023-11-16", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def test_minutes_say_who_came_what_was_decided_and_the_items_then_and_now(
    repo: Path, invoke: Invoke
) -> None:
    text = invoke("meeting", "minutes", "2023-11-16", "--format", "text").stdout
    assert text.startswith("Minutes: First session (2023-11-16)\n")
    assert "- SRE — government — MX\n- DOE — government — US\n" in text
    assert "- Publish the map by <December>.\n" in text
    assert (
        "- INN-1 Map <b>battery</b> R&D *now* — then: in progress, 40%; now: done, 100%\n" in text
    )
    changes = text.split("What changed since the session\n")[1]
    assert "2023-11-16 INN-1 Map <b>battery</b> R&D *now*: progress: — → 40% (Bo Lee)" in changes
    assert "2023-11-17 INN-1 Map <b>battery</b> R&D *now*: " in changes


def test_minutes_in_spanish_name_sectors_and_countries(repo: Path, invoke: Invoke) -> None:
    text = invoke("--lang", "es", "meeting", "minutes", "2023-11-16", "--format", "text").stdout
    assert text.startswith("Minuta: Primera sesión (2023-11-16)\n")
    assert "- Departamento de Energía — gobierno — EE. UU.\n" in text
    assert "— entonces: en curso, 40%; ahora: terminado, 100%\n" in text


def test_minutes_outside_git_still_list_the_session(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roadmap.toml").write_text(ROADMAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EWG_TODAY", TODAY)
    result = invoke("meeting", "minutes", "2023-11-16", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "then: unknown; now: in progress, 0%" in result.stdout
    assert (
        "History unavailable: this copy of roadmap.toml is not kept in a git repository"
        in result.stdout
    )


def test_minutes_of_an_unknown_day(repo: Path, invoke: Invoke) -> None:
    result = invoke("meeting", "minutes", "2023-11-17")
    assert result.exit_code == 1
    assert "no meeting on 2023-11-17" in result.stderr and "2023-11-16" in result.stderr


def test_a_decision_with_an_item_shows_in_show(roadmap: Path, invoke: Invoke) -> None:
    result = invoke(
        "meeting",
        "add",
        "--date",
        "2026-11-20",
        "--title",
        "Plenary",
        "--decision",
        "Move the standards comparison to March.",
        "--item",
        "INF-3",
    )
    assert result.exit_code == 0, result.stderr
    assert invoke("meeting", "set", "2026-11-20", "-d", "GOV-4 waits for INF-3.").exit_code == 0
    shown = invoke("show", "INF-3").stdout
    assert "Decision:    2026-11-20: Move the standards comparison to March.\n" in shown
    assert "Decision:    2026-11-20: GOV-4 waits for INF-3.\n" in shown
    # A decision that names an item shows there too, even if the item was not discussed.
    assert "2026-11-20: GOV-4 waits for INF-3." in invoke("show", "GOV-4").stdout
    assert "Move the standards" not in invoke("show", "GOV-4").stdout
    data = json.loads(invoke("show", "INF-3", "--format", "json").stdout)
    assert data["decisions"][0] == {
        "date": "2026-11-20",
        "meeting": "Plenary",
        "decision": "Move the standards comparison to March.",
    }
    es = invoke("--lang", "es", "show", "INF-3").stdout
    assert "Acuerdo:" in es
