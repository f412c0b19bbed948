"""The history understands a rename: `changelog` and `history` show `owner|milestone rename`
as one event, not as an entry added, one removed and a change to everything that named it.

Every test commits the hand-written fixture with comments everywhere (plus a meeting, for
attendees) in a real git repository, renames, commits again, and reads the history back.
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.test_rename_tables import COMMENTED


def start(git_repo: GitRepo) -> str:
    """The fixture committed; the commit id."""
    first = git_repo.commit_file("roadmap.toml", COMMENTED, "start")
    git_repo.tick()
    return first


def events(invoke: Invoke, *args: str) -> list[dict[str, Any]]:
    result = invoke("changelog", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["events"]
    return found


def kinds(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["kind"], e["item"], e["from"], e["to"]) for e in found]


def test_owner_rename_is_one_event_in_text_markdown_and_json(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    first = start(git_repo)
    result = invoke("owner", "rename", "sre", "sre-mx", "--commit")
    assert result.exit_code == 0, result.stderr
    # Not "owner added", "owner removed", owners of INN-1 and GOV-1, the meeting again.
    found = events(invoke, "--since", first)
    assert kinds(found) == [("owner_renamed", None, "sre", "sre-mx")]
    assert found[0]["key"] == "sre-mx"
    text = invoke("changelog", "--since", first).stdout
    assert "owner renamed: sre → sre-mx" in text
    assert "owners" not in text and "meeting" not in text
    markdown = invoke("changelog", "--format", "markdown", "--since", first).stdout
    assert "- owner renamed: sre → sre-mx (Ana Ruiz, `" in markdown
    # An item's own history has no change the rename made to it.
    history = invoke("history", "GOV-1").stdout
    assert "sre-mx" not in history and "owners: sre →" not in history


def test_rename_event_in_spanish(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    assert invoke("milestone", "rename", "draft", "draft-2027", "--commit").exit_code == 0
    text = invoke("changelog", "--since", first, "--lang", "es").stdout
    assert "hito renombrado: draft → draft-2027" in text
    markdown = invoke("changelog", "--format", "markdown", "--since", first, "--lang", "es")
    assert "hito renombrado: draft → draft-2027" in markdown.stdout
    assert invoke("owner", "rename", "doe", "us-doe", "--commit").exit_code == 0
    text = invoke("changelog", "--lang", "es", "--since", first).stdout
    assert "responsable renombrado: doe → us-doe" in text
    assert "agregado" not in text and "eliminado" not in text


def test_milestone_rename_is_one_event(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    assert invoke("milestone", "rename", "draft", "draft-2027", "--commit").exit_code == 0
    assert kinds(events(invoke, "--since", first)) == [
        ("milestone_renamed", None, "draft", "draft-2027")
    ]
    assert "milestone renamed: draft → draft-2027" in invoke("changelog").stdout


def test_a_real_change_in_the_same_commit_still_shows(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    assert invoke("owner", "rename", "sre", "sre-mx").exit_code == 0
    path = git_repo.path / "roadmap.toml"
    text = path.read_text(encoding="utf-8")
    # In the same commit: GOV-1 gains an owner, INN-1 starts being done, the meeting a decision.
    text = text.replace('\towners = ["sre-mx"]', '\towners = ["sre-mx", "doe"]')
    text = text.replace(
        'status = "in_progress"\nprogress = 40', 'status = "in_progress"\nprogress = 60'
    )
    text = text.replace('items = ["INN-1"]\n', 'items = ["INN-1"]\ndecisions = ["Go"]\n')
    git_repo.commit_file("roadmap.toml", text, "rename and more")
    found = kinds(events(invoke, "--since", first))
    assert found[0] == ("owner_renamed", None, "sre", "sre-mx")
    # GOV-1's owners change from what the rename made them, to the real change.
    assert ("owners", "GOV-1", ["sre-mx"], ["sre-mx", "doe"]) in found
    assert ("progress", "INN-1", 40, 60) in found
    assert [k for k, *_ in found].count("meeting_added") == 1
    assert [k for k, *_ in found].count("meeting_removed") == 1
    assert not any(k == "owners" and item == "INN-1" for k, item, *_ in found)
    assert not any(k in ("owner_added", "owner_removed") for k, *_ in found)


def test_owner_filter_finds_the_rename_by_either_name(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    assert invoke("owner", "rename", "sre", "sre-mx", "--commit").exit_code == 0
    for owner in ("sre-mx", "sre"):
        found = events(invoke, "--since", first, "--owner", owner)
        assert kinds(found) == [("owner_renamed", None, "sre", "sre-mx")], owner
        result = invoke("changelog", "--since", first, "--owner", owner, "--lang", "es")
        assert result.exit_code == 0, result.stderr
        assert "responsable renombrado: sre → sre-mx" in result.stdout
    assert events(invoke, "--since", first, "--owner", "doe") == []


def test_an_owner_replaced_by_another_is_not_a_rename(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    # sre-mx comes in with other fields: a new owner, not sre renamed.
    text = COMMENTED.replace('sre = { name = "SRE"', 'sre-mx = { name = "SRE MX"')
    text = text.replace('"sre"', '"sre-mx"').replace("'sre'", "'sre-mx'")
    git_repo.commit_file("roadmap.toml", text, "replace sre")
    found = kinds(events(invoke, "--since", first))
    assert (
        "owner_added",
        None,
        None,
        {"name": "SRE MX", "sector": "government", "country": "MX"},
    ) in found
    assert (
        "owner_removed",
        None,
        {"name": "SRE", "sector": "government", "country": "MX"},
        None,
    ) in found
    assert ("owners", "GOV-1", ["sre"], ["sre-mx"]) in found
    assert not any(k == "owner_renamed" for k, *_ in found)


def test_an_old_name_still_in_use_is_not_a_rename(git_repo: GitRepo, invoke: Invoke) -> None:
    first = start(git_repo)
    # The entry renamed, but the meeting still names sre: not every reference followed.
    text = COMMENTED.replace('sre = { name = "SRE"', 'sre-mx = { name = "SRE"')
    text = text.replace('"sre"', '"sre-mx"')
    git_repo.commit_file("roadmap.toml", text, "half a rename")
    found = kinds(events(invoke, "--since", first))
    assert not any(k == "owner_renamed" for k, *_ in found)
    assert ("owners", "GOV-1", ["sre"], ["sre-mx"]) in found


def test_a_rename_merged_from_a_branch_is_one_event_by_its_author(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    first = start(git_repo)
    git_repo.git("checkout", "-q", "-b", "side")
    git_repo.tick("Bob Lee")
    assert invoke("owner", "rename", "sre", "sre-mx", "--commit").exit_code == 0
    git_repo.git("checkout", "-q", "main")
    text = COMMENTED.replace("due = 2027-01-31", "due = 2027-02-28")
    git_repo.commit_file("roadmap.toml", text, "INN-2 later", author="Ana Ruiz")
    git_repo.tick()
    git_repo.git("merge", "-q", "--no-ff", "side", "-m", "merge side")
    found = events(invoke, "--since", first)
    assert kinds(found) == [
        ("due", "INN-2", "2027-01-31", "2027-02-28"),
        ("owner_renamed", None, "sre", "sre-mx"),
    ]
    assert found[1]["author"] == "Bob Lee" and "merge" in found[1]
