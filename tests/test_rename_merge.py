"""The merge driver and renames: a rename on one side, an edit on the other, merge cleanly.

Both sides are written by ewg itself (`owner rename`, `owner set`, `add`…), from the
hand-written fixture with comments everywhere.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ewg.merge import merge
from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo, written_by
from tests.test_merge_git import commit_on, current, git

BASE = (ROOT / "tests" / "data" / "commented.toml").read_text(encoding="utf-8") + (
    '\n[[meetings]]\ndate = 2026-05-04\ntitle = "First session"\nattendees = ["sre", "doe"]\n'
)


def side(tmp_path: Path, name: str, invoke: Invoke, *commands: tuple[str, ...]) -> str:
    """The text ewg writes from BASE after these commands."""
    return written_by(invoke, BASE, tmp_path / name, *commands)


@pytest.mark.parametrize("renamer", ["ours", "theirs"])
def test_an_owner_renamed_on_one_side_and_edited_on_the_other(
    tmp_path: Path, invoke: Invoke, renamer: str
) -> None:
    renamed = side(tmp_path, "a", invoke, ("owner", "rename", "doe", "us-doe"))
    edited = side(
        tmp_path,
        "b",
        invoke,
        ("owner", "set", "doe", "--name", "Department of Energy"),
        ("add", "Charging pilots", "--area", "innovation", "--owner", "doe"),
        ("meeting", "add", "--date", "2026-12-10", "--title", "Second", "-a", "doe"),
    )
    ours, theirs = (renamed, edited) if renamer == "ours" else (edited, renamed)
    result = merge(BASE, ours, theirs)
    assert result.clean, result.conflicts
    assert result.notes == [
        f"owner doe was renamed us-doe ({renamer}): references in INN-3, meeting 2026-12-10 follow"
    ]
    # Exactly the edited side's text with the rename made on it: comments and layout kept.
    expected = (
        edited.replace("[owners.doe]", "[owners.us-doe]")
        .replace('  "doe",  # United States', '  "us-doe",  # United States')
        .replace('attendees = ["sre", "doe"]', 'attendees = ["sre", "us-doe"]')
        .replace('owners = ["doe"]', 'owners = ["us-doe"]')
        .replace('attendees = ["doe"]', 'attendees = ["us-doe"]')
    )
    assert result.text == expected
    data = tomllib.loads(result.text)
    assert data["owners"]["us-doe"]["name"] == "Department of Energy"
    assert "doe" not in data["owners"]


def test_a_milestone_renamed_on_one_side_and_its_due_date_moved_on_the_other(
    tmp_path: Path, invoke: Invoke
) -> None:
    ours = side(tmp_path, "a", invoke, ("milestone", "set", "draft", "--due", "2027-12-31"))
    theirs = side(tmp_path, "b", invoke, ("milestone", "rename", "draft", "roadmap-draft"))
    result = merge(BASE, ours, theirs)
    assert result.clean and result.notes == []
    assert result.text == BASE.replace("[milestones.draft]", "[milestones.roadmap-draft]").replace(
        "due = 2027-09-30", "due = 2027-12-31"
    ).replace('\tmilestone = "draft"', '\tmilestone = "roadmap-draft"')


def test_git_merge_of_a_rename_and_an_edit(
    git_repo: GitRepo, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # git runs this checkout's ewg
    git_repo.commit_file("roadmap.toml", BASE, "base")
    git_repo.tick()
    assert invoke("git", "setup", "--commit").exit_code == 0
    renamed = side(tmp_path, "a", invoke, ("owner", "rename", "doe", "us-doe"))
    edited = side(tmp_path, "b", invoke, ("owner", "set", "doe", "--country", "binational"))
    commit_on(git_repo, "feature", renamed, "rename doe")
    commit_on(git_repo, "main", edited, "doe is binational")
    done = git(git_repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(current(git_repo))
    assert data["owners"]["us-doe"]["country"] == "binational"
    assert data["items"][0]["owners"] == ["sre", "us-doe"]
    assert data["meetings"][0]["attendees"] == ["sre", "us-doe"]


def test_one_owner_renamed_two_ways_is_a_conflict(tmp_path: Path, invoke: Invoke) -> None:
    """One institution must not become two owners: the result keeps ours' id, and theirs'
    entry stands between conflict markers, with the reason in both languages."""
    from ewg.i18n import set_language

    ours = side(tmp_path, "a", invoke, ("owner", "rename", "doe", "us-doe"))
    theirs = side(tmp_path, "b", invoke, ("owner", "rename", "doe", "doe-energy"))
    result = merge(BASE, ours, theirs)
    assert not result.clean
    [conflict] = result.conflicts
    assert conflict.what == "owner doe-energy"
    assert conflict.reason == "renamed doe to us-doe on ours and to doe-energy on theirs"
    assert "[owners.us-doe]" in result.text
    marked = result.text.split("<<<<<<< ours\n", 1)[1].split(">>>>>>> theirs\n", 1)[0]
    assert marked.startswith("=======\n") and "[owners.doe-energy]" in marked
    set_language("es")
    try:
        [conflict] = merge(BASE, ours, theirs).conflicts
    finally:
        set_language("en")
    assert (
        conflict.reason == "doe se renombró como us-doe en esta rama y como doe-energy en la otra"
    )
