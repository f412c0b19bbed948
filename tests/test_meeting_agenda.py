"""`ewg meeting agenda`: the draft agenda of a session, in three formats and two languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.meeting_data import golden, with_history


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    return with_history(git_repo, monkeypatch)


@pytest.mark.parametrize(
    ("lang", "fmt", "name"),
    [
        ("en", "text", "agenda.txt"),
        ("es", "text", "agenda.es.txt"),
        ("en", "markdown", "agenda.md"),
        ("es", "markdown", "agenda.es.md"),
        ("en", "html", "agenda.html"),
        ("es", "html", "agenda.es.html"),
    ],
)
def test_agenda_golden(repo: Path, invoke: Invoke, lang: str, fmt: str, name: str) -> None:
    result = invoke("--lang", lang, "meeting", "agenda", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def test_agenda_names_what_the_session_must_see(repo: Path, invoke: Invoke) -> None:
    text = invoke("meeting", "agenda").stdout
    assert text.startswith("Agenda: Second session (2023-11-22)\n")
    sections = {block.split("\n", 1)[0]: block for block in text.split("\n\n")[1:] if "\n" in block}
    changes = sections["What changed since the last session (2023-11-16)"]
    assert changes.split("\n")[2:] == [
        "- 2023-11-16 INN-1 Map <b>battery</b> R&D *now*: progress: — → 40% (Bo Lee)"
    ]
    assert (
        "INN-1 Map <b>battery</b> R&D *now* — SRE — due 2023-11-18 (2 days late)"
        in (sections["Overdue items"])
    )
    assert "reason: Waiting for data from INN-1" in sections["Blocked items"]
    due = sections["Due before the session after next (2023-12-22)"]
    assert "INN-2 Recycling call" in due and "INN-3" not in due
    follow = sections["Follow-up of the last session's decisions"]
    assert "- Decision: Publish the map by <December>." in follow
    assert follow.endswith("— in progress")
    assert (
        "Draft (draft) — due 2023-12-01 — 0/1 items done, 40%"
        in (sections["Milestones coming due"])
    )
    assert "Innovation: no owner from industry" in sections["Areas lacking a sector or a country"]


def test_agenda_of_a_given_date_and_the_session_after_next(repo: Path, invoke: Invoke) -> None:
    text = invoke("meeting", "agenda", "2023-11-18").stdout
    assert text.startswith("Agenda of the session of 2023-11-18\n")
    # The session after next is the one recorded on 2023-11-22.
    assert "Due before the session after next (2023-11-22)" in text
    assert "Nothing falls due." in text


def test_html_escapes_the_data_and_loads_nothing(repo: Path, invoke: Invoke) -> None:
    page = invoke("meeting", "agenda", "--format", "html").stdout
    assert "<b>battery</b>" not in page and "&lt;b&gt;battery&lt;/b&gt;" in page
    assert "&lt;December&gt;" in page
    assert "default-src 'none'" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")


def test_agenda_to_a_file(repo: Path, invoke: Invoke) -> None:
    result = invoke("meeting", "agenda", "--format", "markdown", "-o", "agenda.md")
    assert result.exit_code == 0, result.stderr
    assert (repo.parent / "agenda.md").read_text(encoding="utf-8") == invoke(
        "meeting", "agenda", "--format", "markdown"
    ).stdout


def test_no_scheduled_session_is_refused_with_a_hint(
    repo: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EWG_TODAY", "2023-12-01")
    result = invoke("meeting", "agenda")
    assert result.exit_code == 1
    assert "no session is scheduled after 2023-12-01" in result.stderr
    es = invoke("--lang", "es", "meeting", "agenda")
    assert "no hay ninguna reunión programada después del 2023-12-01" in es.stderr


def test_agenda_outside_git_says_the_history_is_unavailable(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.meeting_data import ROADMAP, TODAY

    (tmp_path / "roadmap.toml").write_text(ROADMAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EWG_TODAY", TODAY)
    result = invoke("meeting", "agenda")
    assert result.exit_code == 0, result.stderr
    assert (
        "History unavailable: this copy of roadmap.toml is not kept in a git repository"
        in result.stdout
    )
