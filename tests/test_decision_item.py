"""`ewg add … --decision DATE`: a meeting's decision creates an item in one step.

The new item is added and listed in that meeting's items in one write (one lock,
one validation, one commit with --commit). Every test starts from the hand-written
fixture with comments everywhere and compares the whole file, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

BASE = (ROOT / "tests" / "data" / "commented.toml").read_text(encoding="utf-8")
MEETINGS = """
# The first session.
[[meetings]]   # header comment
date = 2026-05-04   # first
title = "First session"
decisions = ["Study public chargers in both countries."]
items = [
  "INN-1",  # batteries
]   # discussed

[[meetings]]
date = 2026-12-10
title = "Second session"
"""
TEXT = BASE + MEETINGS
ARGS = ("add", "Public charger study", "--area", "innovation", "--owner", "sre")


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def added_alone(invoke: Invoke, path: Path) -> str:
    """The file as a plain `ewg add` with the same arguments leaves it (then put back)."""
    result = invoke(*ARGS)
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    path.write_text(TEXT, encoding="utf-8")
    return text


def test_add_with_decision_adds_the_item_and_lists_it_in_the_meeting(
    sessions: Path, invoke: Invoke
) -> None:
    alone = added_alone(invoke, sessions)
    result = invoke(*ARGS, "--decision", "2026-05-04")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "INN-3\n"
    # The item as `add` writes it, and the meeting's multi-line list gains one line, its
    # comments kept; nothing else changes.
    expected = alone.replace('  "INN-1",  # batteries\n', '  "INN-1",  # batteries\n  "INN-3",\n')
    assert expected != alone
    assert sessions.read_text(encoding="utf-8") == expected
    shown = invoke("show", "INN-3")
    assert "Decision:   2026-05-04: Study public chargers in both countries." in shown.stdout


def test_add_with_decision_in_spanish(sessions: Path, invoke: Invoke) -> None:
    result = invoke(*ARGS, "--decision", "2026-12-10", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    text = sessions.read_text(encoding="utf-8")
    assert text.endswith('date = 2026-12-10\ntitle = "Second session"\nitems = ["INN-3"]\n')
    help_es = invoke("add", "--help", "--lang", "es").stdout
    assert "Fecha de la reunión cuyo acuerdo creó la acción" in " ".join(help_es.split())
    missing = invoke(*ARGS, "--decision", "2026-05-05", "--lang", "es")
    assert missing.exit_code == 1
    assert "no hay" in missing.stderr.lower() and "2026-05-05" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_add_with_decision_refuses_a_date_with_no_meeting(sessions: Path, invoke: Invoke) -> None:
    result = invoke(*ARGS, "--decision", "2026-05-05")
    assert result.exit_code == 1
    assert "no meeting on 2026-05-05" in result.stderr
    assert "2026-05-04, 2026-12-10" in result.stderr
    bad = invoke(*ARGS, "--decision", "2026-13-01")
    assert bad.exit_code == 2
    assert "--decision" in bad.stderr
    assert sessions.read_text(encoding="utf-8") == TEXT


def test_add_with_decision_and_commit_is_one_commit(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", TEXT, "start")
    git_repo.tick()
    result = invoke(*ARGS, "--decision", "2026-05-04", "--commit")
    assert result.exit_code == 0, result.stderr
    assert git_repo.git("rev-list", "--count", "HEAD").strip() == "2"
    assert git_repo.git("status", "--porcelain").strip() == ""
    committed = git_repo.git("show", "HEAD:roadmap.toml")
    assert '  "INN-3",\n' in committed and 'title = "Public charger study"' in committed
    assert git_repo.git("log", "-1", "--format=%s").strip() == 'add INN-3: "Public charger study"'
