"""Histories that follow each item through merges, on scripted clones (tests/clones.py).

Alice, Bob and a coordinator share a bare remote; each case is played with `git pull`
merging and with `git pull` rebasing. The changelog (table and JSON) and the histories
of the items involved are compared with golden files in tests/golden/history_merges/
(EWG_UPDATE_GOLDEN=1 writes them), and each case asserts what the issue asks of it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.clones import Member, Team, start
from tests.history_data import HEAD, item, roadmap
from tests.test_history_cli import golden


def _reached(event: dict[str, Any]) -> dict[str, str]:
    """Where and when an event's change reached the branch: `reached`, else its own."""
    return event.get("reached") or {"commit": event["commit"], "date": event["date"]}


@pytest.fixture(params=["merge", "rebase"])
def team(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Any
) -> Team:
    monkeypatch.setenv("GIT_EDITOR", "true")
    return Team(tmp_path / "team", monkeypatch, invoke, request.param)


def trio(team: Team) -> tuple[Member, str, Member, Member]:
    """The coordinator (with the first roadmap pushed), where the story starts, Alice, Bob."""
    coordinator = start(team)
    since = coordinator.head()
    return (
        coordinator,
        since,
        team.member("Alice", "alice@example.org"),
        team.member("Bob", "bob@example.org"),
    )


def events(member: Member, *args: str) -> list[dict[str, Any]]:
    doc = json.loads(member.ewg(*args, "--format", "json").stdout)
    rows: list[dict[str, Any]] = doc["events"]
    return rows


def told(member: Member, item_id: str) -> list[tuple[str, str | None, str, Any, Any]]:
    """An item's history as (author, item as changed, kind, from, to)."""
    return [
        (e["author"], e["item"], e["kind"], e["from"], e["to"])
        for e in events(member, "history", item_id)
    ]


def commit_labels(member: Member) -> dict[str, str]:
    """Each commit of the clone by a label of 8 characters, its place and author ("03-bob.."), so the
    golden files say which commit did what without depending on the bytes of commits."""
    log = member.git("log", "--reverse", "--topo-order", "--all", "--format=%H %an")
    return {
        commit: f"{n:02d}-{author.lower()[:5]}".ljust(8, ".")
        for n, (commit, author) in enumerate(
            (line.split(" ", 1) for line in log.splitlines()), start=1
        )
    }


def labelled(text: str, labels: dict[str, str]) -> str:
    """`text` with every commit id, full or abbreviated to 8, replaced by its label."""
    for commit, label in labels.items():
        text = text.replace(commit, label).replace(commit[:8], label)
    return text


def check(team: Team, case: str, member: Member, since: str, items: list[str]) -> None:
    """Golden files for a case; and what holds for every case: each change once, every
    item event in its item's history, events in the order they reached the branch."""
    name = f"{case}-{team.pull_mode}"
    text = member.ewg("changelog", "--since", since).stdout
    for item_id in items:
        text += f"\n$ ewg history {item_id}\n" + member.ewg("history", item_id).stdout
    document = member.ewg("changelog", "--since", since, "--format", "json").stdout
    labels = commit_labels(member)
    golden(f"../history_merges/{name}.txt", labelled(text, labels))
    golden(f"../history_merges/{name}.json", labelled(document, labels))
    rows = json.loads(document)["events"]
    seen = Counter(
        (e["commit"], e["item"], e.get("key"), e["kind"], e.get("field"), json.dumps(e["to"]))
        for e in rows
    )
    assert [k for k, n in seen.items() if n > 1] == []
    for row in rows:
        if row["item"] is not None:
            item_id = row.get("current_id", row["item"])
            assert row in events(member, "history", item_id)
    reached = [_reached(row)["date"] for row in rows]
    assert reached == sorted(reached)


def test_alice_and_bob_both_add_gov_6(team: Team) -> None:
    """The issue's case: both add GOV-6; Bob pulls, the driver renumbers his item to GOV-7."""
    coordinator, since, alice, bob = trio(team)
    alice.ewg("add", "Alice's item", "--area", "governance", "--owner", "sre", "--commit")
    alice.push()
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob.pull()
    bob.push()
    coordinator.pull()
    assert told(coordinator, "GOV-6") == [("Alice", "GOV-6", "added", None, _added(alice))]
    gov7 = told(coordinator, "GOV-7")
    if team.pull_mode == "merge":  # Bob added it as GOV-6; one event for the renumbering
        assert gov7[0][:3] == ("Bob", "GOV-6", "added")
        assert gov7[1:] == [("Bob", "GOV-7", "renumbered", "GOV-6", "GOV-7")]
    else:  # rebased: Bob's commit adds GOV-7 itself, and reached the branch when rebased
        assert gov7 == [("Bob", "GOV-7", "added", None, gov7[0][4])]
        row = events(coordinator, "history", "GOV-7")[0]
        assert _reached(row)["date"] > row["date"]
        table = coordinator.ewg("history", "GOV-7").stdout
        assert _reached(row)["date"][:10] in table and row["date"][:10] not in table
    assert gov7[0][4]["title"] == "Bob's item"
    check(team, "alice-bob", coordinator, since, ["GOV-6", "GOV-7"])
    if team.pull_mode == "merge":
        spanish = coordinator.ewg("--lang", "es", "history", "GOV-7").stdout
        assert "renumerado: GOV-6 → GOV-7" in spanish
    # Alice's clone tells the same story.
    alice.pull()
    assert told(alice, "GOV-6") == told(coordinator, "GOV-6")
    assert told(alice, "GOV-7") == gov7


def _added(member: Member) -> Any:
    """The item GOV-6 as `member`'s file has it now, as an `added` event carries it."""
    rows = events(member, "history", "GOV-6")
    return rows[0]["to"]


def test_a_pull_merge_with_its_own_message_tells_no_false_change(team: Team) -> None:
    """A merge of the shared branch that does not say so: the first parent is Bob's, so the
    order is his, but no change exists only because of the parent order."""
    coordinator, since, alice, bob = trio(team)
    alice.ewg("add", "Alice's item", "--area", "governance", "--owner", "sre", "--commit")
    alice.push()
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob.git("fetch", "-q")
    bob.git("merge", "-q", "--no-ff", "-m", "Sync", "origin/main")
    bob.push()
    coordinator.pull()
    assert [r[:3] for r in told(coordinator, "GOV-6")] == [("Alice", "GOV-6", "added")]
    assert [r[:3] for r in told(coordinator, "GOV-7")] == [
        ("Bob", "GOV-6", "added"),
        ("Bob", "GOV-7", "renumbered"),
    ]
    kinds = [(e["item"], e["kind"]) for e in events(coordinator, "changelog", "--since", since)]
    assert ("GOV-6", "title") not in kinds and ("GOV-6", "owners") not in kinds
    check(team, "own-message", coordinator, since, ["GOV-6", "GOV-7"])


def test_shared_branch_first(team: Team) -> None:
    """Bob merges his branch into an up-to-date main: the shared branch is the first parent."""
    coordinator, since, alice, bob = trio(team)
    alice.ewg("add", "Alice's item", "--area", "governance", "--owner", "sre", "--commit")
    alice.push()
    bob.git("checkout", "-q", "-b", "bob")
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob.ewg("set", "GOV-6", "--progress", "10", "--commit")
    bob.git("checkout", "-q", "main")
    bob.pull()
    bob.git("merge", "-q", "--no-ff", "--no-edit", "bob")
    bob.push()
    coordinator.pull()
    assert [r[:3] for r in told(coordinator, "GOV-6")] == [("Alice", "GOV-6", "added")]
    assert [r[:3] for r in told(coordinator, "GOV-7")] == [
        ("Bob", "GOV-6", "added"),
        ("Bob", "GOV-6", "progress"),
        ("Bob", "GOV-7", "renumbered"),
    ]
    check(team, "shared-first", coordinator, since, ["GOV-6", "GOV-7"])


def test_cherry_pick(team: Team) -> None:
    """The coordinator cherry-picks Bob's commit from his branch; the driver renumbers it."""
    coordinator, since, alice, bob = trio(team)
    bob.git("checkout", "-q", "-b", "bob")
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob.git("push", "-q", "origin", "bob")
    alice.ewg("add", "Alice's item", "--area", "governance", "--owner", "sre", "--commit")
    alice.push()
    coordinator.pull()
    coordinator.git("fetch", "-q")
    coordinator.git("cherry-pick", "origin/bob")
    coordinator.push()
    assert [r[:3] for r in told(coordinator, "GOV-6")] == [("Alice", "GOV-6", "added")]
    assert [r[:3] for r in told(coordinator, "GOV-7")] == [("Bob", "GOV-7", "added")]
    check(team, "cherry-pick", coordinator, since, ["GOV-6", "GOV-7"])


def _resolve(member: Member, edit: Callable[[str], str]) -> None:
    """Finish a pull that stopped on a conflict, with the file written by hand."""
    upstream = member.git("show", "origin/main:roadmap.toml")
    (member.path / "roadmap.toml").write_text(edit(upstream), encoding="utf-8")
    member.git("add", "roadmap.toml")
    if member.team.pull_mode == "rebase":
        member.git("rebase", "--continue")
    else:
        member.git("commit", "-q", "--no-edit")


def test_conflict_resolved_by_hand(team: Team) -> None:
    """Both move GOV-1's due date; Bob resolves the conflict with a third date."""
    coordinator, since, alice, bob = trio(team)
    alice.ewg("set", "GOV-1", "--due", "2026-03-01", "--commit")
    alice.push()
    bob.ewg("set", "GOV-1", "--due", "2026-04-01", "--commit")
    bob.git("pull", "-q", "--no-edit", check=False)
    assert "<<<<<<<" in (bob.path / "roadmap.toml").read_text()
    _resolve(bob, lambda text: text.replace("due = 2026-03-01", "due = 2026-05-01"))
    bob.push()
    coordinator.pull()
    dues = [(r[0], r[3], r[4]) for r in told(coordinator, "GOV-1") if r[2] == "due"]
    assert dues[0] == ("Alice", None, "2026-03-01")
    assert dues[-1][0] == "Bob" and dues[-1][2] == "2026-05-01"
    check(team, "conflict", coordinator, since, ["GOV-1"])


def test_both_sides_change_different_fields_of_one_item(team: Team) -> None:
    coordinator, since, alice, bob = trio(team)
    alice.ewg("set", "GOV-1", "--progress", "50", "--commit")
    alice.push()
    bob.ewg("set", "GOV-1", "--owner", "doe", "--commit")
    bob.pull()
    bob.push()
    coordinator.pull()
    assert sorted(r[:3] for r in told(coordinator, "GOV-1")) == [
        ("Alice", "GOV-1", "progress"),
        ("Bob", "GOV-1", "owners"),
        ("Coordinator", "GOV-1", "added"),
    ]
    check(team, "fields", coordinator, since, ["GOV-1"])


def test_revert(team: Team) -> None:
    """Bob pulls Alice's change, then reverts it."""
    coordinator, since, alice, bob = trio(team)
    alice.ewg("set", "GOV-2", "--progress", "40", "--commit")
    change = alice.head()
    alice.push()
    bob.ewg("set", "GOV-3", "--progress", "10", "--commit")
    bob.pull()
    bob.git("revert", "--no-edit", change)
    bob.push()
    coordinator.pull()
    assert [(r[0], r[2], r[3], r[4]) for r in told(coordinator, "GOV-2")][1:] == [
        ("Alice", "progress", None, 40),
        ("Bob", "progress", 40, None),
    ]
    assert [r[:3] for r in told(coordinator, "GOV-3")][1:] == [("Bob", "GOV-3", "progress")]
    check(team, "revert", coordinator, since, ["GOV-2", "GOV-3"])


def test_octopus_merge(team: Team) -> None:
    """The coordinator merges Alice's and Bob's branches at once."""
    coordinator, since, alice, bob = trio(team)
    alice.git("checkout", "-q", "-b", "alice")
    alice.ewg("set", "GOV-1", "--progress", "30", "--commit")
    alice.git("push", "-q", "origin", "alice")
    bob.git("checkout", "-q", "-b", "bob")
    bob.ewg("set", "GOV-5", "--progress", "60", "--commit")
    bob.git("push", "-q", "origin", "bob")
    coordinator.ewg("set", "GOV-3", "--progress", "5", "--commit")
    coordinator.git("fetch", "-q")
    coordinator.git("merge", "-q", "--no-edit", "origin/alice", "origin/bob")
    assert len(coordinator.git("show", "-s", "--format=%P").split()) == 3
    coordinator.push()
    assert [r[:3] for r in told(coordinator, "GOV-1")][1:] == [("Alice", "GOV-1", "progress")]
    assert [r[:3] for r in told(coordinator, "GOV-5")][1:] == [("Bob", "GOV-5", "progress")]
    check(team, "octopus", coordinator, since, ["GOV-1", "GOV-3", "GOV-5"])


def test_status_as_of_and_trend_follow_the_shared_branch(team: Team) -> None:
    """Between Bob's local commit and his pull merge, the shared branch had Alice's work
    and not Bob's: `status --as-of` and `trend` say so, as the changelog does."""
    coordinator, _since, alice, bob = trio(team)
    alice.ewg("done", "GOV-1", "--commit")
    alice.push()
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob_day = bob.git("show", "-s", "--format=%cs").strip()
    bob.pull()
    bob.push()
    coordinator.pull()
    then = coordinator.ewg("status", "--as-of", bob_day, "--format", "json").stdout
    assert "Bob's item" not in then
    overall = json.loads(then)["overall"]
    assert (overall["total"], overall["by_status"]["done"]) == (5, 1)
    trend = json.loads(coordinator.ewg("trend", "--format", "json").stdout)
    series = trend["overall"]["series"]
    assert [p["done"] for p in series] == sorted(p["done"] for p in series)
    assert [p["total"] for p in series][-1] == 6
    changes = events(coordinator, "changelog")
    reached = [_reached(e)["date"][:10] for e in changes if e["item"] == "GOV-1"]
    assert max(reached) <= bob_day


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "git config pull.rebase: true (git pull rebases your commits)"),
        ("es", "git config pull.rebase: true (git pull reaplica sus commits)"),
    ],
)
def test_git_setup_pull_rebase_is_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Any, lang: str, said: str
) -> None:
    team = Team(tmp_path / "team", monkeypatch, invoke, "merge")
    coordinator = start(team)
    assert coordinator.git("config", "--get", "pull.rebase").strip() == "false"  # not a default
    result = coordinator.ewg("--lang", lang, "git", "setup", "--pull-rebase")
    assert said in result.stderr
    assert coordinator.git("config", "--get", "pull.rebase").strip() == "true"
    again = coordinator.ewg("--lang", lang, "git", "setup", "--pull-rebase")
    assert said not in again.stderr  # already set: nothing to say


def test_a_pull_merge_that_keeps_the_pullers_file(team: Team) -> None:
    """Alice pushed a change to another file; Bob's local change to the roadmap is the
    merge's version: it reached the branch with the merge, not with his local commit."""
    coordinator, since, alice, bob = trio(team)
    (alice.path / "NOTES").write_text("minutes\n", encoding="utf-8")
    alice.git("add", "NOTES")
    alice.git("commit", "-q", "-m", "Notes")
    alice.push()
    bob.ewg("set", "GOV-4", "--progress", "20", "--commit")
    local = bob.head()
    local_day = bob.git("show", "-s", "--format=%cs").strip()
    bob.pull()
    bob.push()
    coordinator.pull()
    tip = coordinator.head()
    (row,) = events(coordinator, "changelog", "--since", since)
    made = local if team.pull_mode == "merge" else tip  # rebased: a new commit
    assert (row["commit"], row["author"], row["kind"]) == (made, "Bob", "progress")
    assert _reached(row)["commit"] == tip
    assert _reached(row)["date"][:10] > local_day
    then = coordinator.ewg("status", "--as-of", local_day, "--format", "json").stdout
    assert json.loads(then)["overall"]["percent"] == 0


def test_a_change_made_in_a_merge_on_a_side_branch_is_kept(team: Team) -> None:
    """Bob retitles GOV-2 while merging a branch into his own: no plain commit made that
    change, yet it reached main with his branch, so it is reported (once)."""
    _coordinator, since, _alice, bob = trio(team)
    bob.git("checkout", "-q", "-b", "extra")
    bob.ewg("set", "GOV-3", "--progress", "5", "--commit")
    bob.git("checkout", "-q", "-b", "bob", "main")
    bob.ewg("set", "GOV-1", "--progress", "15", "--commit")
    bob.git("merge", "-q", "--no-ff", "--no-commit", "extra")
    text = (bob.path / "roadmap.toml").read_text(encoding="utf-8")
    retitled = text.replace('"Governance task 2"', '"Governance task two"')
    (bob.path / "roadmap.toml").write_text(retitled, encoding="utf-8")
    bob.git("add", "roadmap.toml")
    bob.git("commit", "-q", "-m", "Merge extra, and retitle GOV-2")
    bob.git("checkout", "-q", "main")
    bob.git("merge", "-q", "--no-ff", "--no-edit", "bob")
    bob.push()
    rows = events(bob, "changelog", "--since", since)
    assert [(r["item"], r["kind"]) for r in rows] == [
        ("GOV-1", "progress"),
        ("GOV-3", "progress"),
        ("GOV-2", "title"),
    ]


def test_a_renamed_file_is_followed_through_pull_merges(team: Team) -> None:
    """The roadmap was plan.toml at first; a pull merge later does not cut that off."""
    coordinator = team.member("Coordinator", "coord@example.org")
    first = roadmap(item("GOV-1", "Governance task 1", "governance", owners=["sre"]), head=HEAD)
    (coordinator.path / "plan.toml").write_text(first, encoding="utf-8")
    coordinator.git("add", "plan.toml")
    coordinator.git("commit", "-q", "-m", "Start the plan")
    start_commit = coordinator.head()
    coordinator.git("mv", "plan.toml", "roadmap.toml")
    coordinator.git("commit", "-q", "-m", "Rename the plan")
    coordinator.ewg(*team.setup("--commit"))
    coordinator.push()
    alice = team.member("Alice", "alice@example.org")
    bob = team.member("Bob", "bob@example.org")
    alice.ewg("set", "GOV-1", "--progress", "10", "--commit")
    alice.push()
    bob.ewg("add", "Bob's item", "--area", "governance", "--owner", "doe", "--commit")
    bob.pull()
    bob.push()
    coordinator.pull()
    rows = events(coordinator, "history", "GOV-1")
    assert (rows[0]["commit"], rows[0]["kind"]) == (start_commit, "added")
    assert [(r["author"], r["kind"]) for r in rows][1:] == [("Alice", "progress")]
