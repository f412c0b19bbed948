"""The merge driver under real `git merge`, `rebase` and `cherry-pick`; and `ewg git setup`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ewg import store
from ewg.gitsetup import add_attribute, attribute_pattern
from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo
from tests.test_merge import BASE, drop_item, edit, errors, items_of, new_item, set_item

DRIVER = f"{sys.executable} -m ewg merge-driver %O %A %B %P"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git; the caller looks at the exit code."""
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def commit_on(repo: GitRepo, branch: str, text: str, message: str) -> None:
    """Commit a version of roadmap.toml on a branch (created from the current one if new)."""
    if git(repo.path, "switch", "-q", branch).returncode != 0:
        repo.git("switch", "-q", "-c", branch)
    (repo.path / "roadmap.toml").write_text(text, encoding="utf-8")
    repo.tick()
    repo.git("commit", "-q", "--allow-empty", "-am", message)


def current(repo: GitRepo) -> str:
    return (repo.path / "roadmap.toml").read_text(encoding="utf-8")


@pytest.fixture
def repo(git_repo: GitRepo, invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository holding BASE, with the merge driver installed and committed."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # git runs this checkout's ewg
    git_repo.commit_file("roadmap.toml", BASE, "base")
    git_repo.tick()
    result = invoke("git", "setup", "--commit")
    assert result.exit_code == 0, result.stderr
    return git_repo


# --- ewg git setup -------------------------------------------------------------------------------


def test_setup_installs_the_driver_once(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    result = invoke("git", "setup")
    assert result.exit_code == 0, result.stderr
    assert (git_repo.path / ".gitattributes").read_text() == "roadmap.toml merge=ewg\n"
    assert git_repo.git("config", "merge.ewg.driver").strip() == DRIVER
    assert "ewg" in git_repo.git("config", "merge.ewg.name")
    exclude = git_repo.path / ".git" / "info" / "exclude"
    assert exclude.read_text().splitlines()[-1] == ".roadmap.toml.lock"
    assert "git now merges roadmap.toml item by item" in result.stderr
    config = (git_repo.path / ".git" / "config").read_text()
    again = invoke("git", "setup")
    assert again.exit_code == 0
    assert "already set up" in again.stderr
    assert (git_repo.path / ".gitattributes").read_text() == "roadmap.toml merge=ewg\n"
    assert (git_repo.path / ".git" / "config").read_text() == config
    assert exclude.read_text().count(".roadmap.toml.lock") == 1
    assert git_repo.git("status", "--porcelain").split() == ["??", ".gitattributes"]


def test_setup_commits_gitattributes_with_commit(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    assert invoke("git", "setup", "--commit").exit_code == 0
    assert git_repo.git("show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Merge roadmap.toml with ewg's merge driver",
        "",
        ".gitattributes",
    ]
    assert invoke("git", "setup", "--commit").exit_code == 0
    assert git_repo.git("rev-list", "--count", "HEAD").strip() == "2"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_setup_commit_refuses_edits_of_gitattributes_it_did_not_make(
    git_repo: GitRepo, invoke: Invoke, lang: str
) -> None:
    """Someone's own uncommitted line in .gitattributes must not be committed as ewg's."""
    attributes = git_repo.path / ".gitattributes"
    attributes.write_text("*.png binary\n")
    git_repo.commit_file("roadmap.toml", BASE, "base")  # .gitattributes stays untracked
    head = git_repo.git("rev-parse", "HEAD")
    result = invoke("--lang", lang, "git", "setup", "--commit")
    assert result.exit_code == 1, result.stderr
    assert (
        ".gitattributes has edits that are not committed"
        if lang == "en"
        else ".gitattributes tiene cambios sin confirmar"
    ) in result.stderr
    assert attributes.read_text() == "*.png binary\n"  # nothing written
    assert git_repo.git("rev-parse", "HEAD") == head
    # Once committed by its author, setup --commit records ewg's line alone.
    git_repo.git("add", ".gitattributes")
    git_repo.git("commit", "-q", "-m", "binary pictures")
    assert invoke("git", "setup", "--commit").exit_code == 0
    shown = git_repo.git("show", "--format=", "HEAD", "--", ".gitattributes")
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == ["+roadmap.toml merge=ewg"]


def test_setup_updates_a_line_for_the_same_file(git_repo: GitRepo, invoke: Invoke) -> None:
    (git_repo.path / ".gitattributes").write_text("*.png binary\nroadmap.toml merge=union text")
    git_repo.commit_file("roadmap.toml", BASE, "base")
    assert invoke("git", "setup").exit_code == 0
    assert (git_repo.path / ".gitattributes").read_text() == (
        "*.png binary\nroadmap.toml text merge=ewg\n"
    )


def test_setup_for_a_roadmap_in_a_subfolder(git_repo: GitRepo, invoke: Invoke) -> None:
    (git_repo.path / "plan").mkdir()
    git_repo.commit_file("plan/roadmap.toml", BASE, "base")
    result = invoke("git", "setup", "--file", "plan/roadmap.toml", "--command", "ewg")
    assert result.exit_code == 0, result.stderr
    assert (git_repo.path / ".gitattributes").read_text() == "plan/roadmap.toml merge=ewg\n"
    assert git_repo.git("config", "merge.ewg.driver").strip() == "ewg merge-driver %O %A %B %P"


def test_setup_outside_git_is_a_git_error(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("git", "setup")
    assert result.exit_code == 3
    assert "not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (roadmap.parent / ".gitattributes").exists()


def test_attribute_patterns_match_only_that_path() -> None:
    assert attribute_pattern("roadmap.toml") == "roadmap.toml"
    assert attribute_pattern("plans/2027 [draft]/roadmap.toml") == (
        '"plans/2027 \\[draft]/roadmap.toml"'
    )
    assert add_attribute("", "roadmap.toml") == "roadmap.toml merge=ewg\n"
    assert add_attribute("roadmap.toml -merge\n", "roadmap.toml") == "roadmap.toml merge=ewg\n"


# --- git merge -----------------------------------------------------------------------------------


def test_both_add_an_item_to_one_area(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, new_item("INN-3", "Charging pilots")), "theirs")
    commit_on(repo, "main", edit(BASE, new_item("INN-3", "Battery passport")), "ours")
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 0, done.stderr
    assert "roadmap.toml: renumbered INN-3 (theirs) to INN-4" in done.stderr
    items = items_of(current(repo))
    assert (items["INN-3"]["title"], items["INN-4"]["title"]) == (
        "Battery passport",
        "Charging pilots",
    )
    assert errors(current(repo)) == []
    assert repo.git("log", "-1", "--format=%s").strip() == "Merge branch 'feature'"


def test_edits_of_different_fields_merge_cleanly(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, set_item("INN-1", progress=60)), "progress")
    commit_on(repo, "main", edit(BASE, set_item("INN-1", due=dt.date(2027, 6, 30))), "due")
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 0, done.stderr
    item = items_of(current(repo))["INN-1"]
    assert (item["progress"], item["due"]) == (60, dt.date(2027, 6, 30))


def test_the_same_field_edited_two_ways_stops_the_merge(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, set_item("INN-2", status="in_progress")), "start")
    commit_on(
        repo, "main", edit(BASE, set_item("INN-2", status="dropped", reason="Merged.")), "drop"
    )
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 1
    assert "roadmap.toml:" in done.stderr and "conflict in item INN-2" in done.stderr
    assert repo.git("diff", "--name-only", "--diff-filter=U").split() == ["roadmap.toml"]
    text = current(repo)
    assert text.count("<<<<<<< ours") == 1 and text.count(">>>>>>> theirs") == 1
    between = text[text.index("<<<<<<<") : text.index(">>>>>>>")]
    assert 'id = "INN-2"' in between and 'id = "INN-1"' not in between


def test_a_merge_that_would_be_invalid_stops_with_the_reason(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, drop_item("INN-2")), "drop INN-2")
    needs = new_item("PRV-2", "Needs INN-2", "providers", depends_on=["INN-2"])
    commit_on(repo, "main", edit(BASE, needs), "needs INN-2")
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 1
    line = current(repo).splitlines().index('depends_on = ["INN-2"]') + 1
    assert (
        f"roadmap.toml:{line}:15: error E010 item PRV-2 depends on unknown item INN-2"
        in done.stderr
    )
    assert "the merged roadmap would not be valid" in done.stderr
    assert repo.git("diff", "--name-only", "--diff-filter=U").split() == ["roadmap.toml"]


def test_both_sides_added_the_file(repo: GitRepo) -> None:
    repo.git("switch", "-q", "--orphan", "other")
    (repo.path / ".gitattributes").write_text("roadmap.toml merge=ewg\n")
    repo.git("add", ".gitattributes")
    repo.commit_file("roadmap.toml", edit(BASE, new_item("INN-3", "Other history")), "other")
    commit_on(repo, "main", edit(BASE, new_item("INN-3", "Main history")), "main")
    done = git(repo.path, "merge", "--no-edit", "--allow-unrelated-histories", "other")
    assert done.returncode == 0, done.stderr
    assert "renumbered INN-3 (theirs) to INN-4" in done.stderr
    assert items_of(current(repo))["INN-4"]["title"] == "Other history"


def test_a_version_that_is_not_toml_falls_back_to_the_line_merge(repo: GitRepo) -> None:
    broken = BASE.replace('title = "Map suppliers"', 'title = "Map suppliers')
    commit_on(repo, "feature", broken, "broken")
    commit_on(repo, "main", edit(BASE, set_item("INN-1", progress=5)), "ours")
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 1
    assert "cannot merge item by item: theirs is not valid TOML (line" in done.stderr
    assert "merged line by line instead" in done.stderr
    assert "Traceback" not in done.stderr
    assert 'title = "Map suppliers\n' in current(repo)


# --- git rebase and git cherry-pick --------------------------------------------------------------


def test_rebase_renumbers_the_replayed_items_and_follows_them(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, new_item("INN-3", "Branch item")), "add INN-3")
    repo.tick()
    commit_on(
        repo, "feature", edit(current(repo), set_item("INN-3", status="in_progress")), "start"
    )
    commit_on(repo, "main", edit(BASE, new_item("INN-3", "Main item")), "main adds INN-3")
    repo.git("switch", "-q", "feature")
    done = git(repo.path, "rebase", "main")
    assert done.returncode == 0, done.stderr
    assert "renumbered INN-3 (theirs) to INN-4" in done.stderr
    items = items_of(current(repo))
    assert (items["INN-3"]["title"], items["INN-3"]["status"]) == ("Main item", "planned")
    assert (items["INN-4"]["title"], items["INN-4"]["status"]) == ("Branch item", "in_progress")
    assert repo.git("log", "--format=%s", "-3").split("\n")[:3] == [
        "start",
        "add INN-3",
        "main adds INN-3",
    ]


def test_cherry_pick_then_merge_keeps_one_copy(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, new_item("INN-3", "Branch item")), "add INN-3")
    commit_on(repo, "main", edit(BASE, new_item("INN-3", "Main item")), "main adds INN-3")
    done = git(repo.path, "cherry-pick", "feature")
    assert done.returncode == 0, done.stderr
    assert "renumbered INN-3 (theirs) to INN-4" in done.stderr
    done = git(repo.path, "merge", "--no-edit", "feature")
    assert done.returncode == 0, done.stderr
    items = items_of(current(repo))
    assert [(i, t["title"]) for i, t in items.items() if i.startswith("INN-")][2:] == [
        ("INN-3", "Main item"),
        ("INN-4", "Branch item"),
    ]


def test_merging_main_in_and_back_keeps_mains_ids(repo: GitRepo) -> None:
    commit_on(repo, "feature", edit(BASE, new_item("INN-3", "Branch item")), "branch")
    commit_on(repo, "main", edit(BASE, new_item("INN-3", "Main item")), "main")
    repo.git("switch", "-q", "feature")
    done = git(repo.path, "merge", "--no-edit", "main")
    assert done.returncode == 0, done.stderr
    assert "renumbered INN-3 (ours) to INN-4: theirs' INN-3 is on the main line" in done.stderr
    items = items_of(current(repo))
    assert (items["INN-3"]["title"], items["INN-4"]["title"]) == ("Main item", "Branch item")
    repo.git("switch", "-q", "main")
    done = git(repo.path, "merge", "--no-edit", "feature")  # a fast-forward: no driver
    assert done.returncode == 0, done.stderr
    assert items_of(current(repo)) == items


def test_pull_keeps_the_ids_the_remote_published(repo: GitRepo, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(remote)], check=True)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("fetch", "-q", "origin")
    repo.git("branch", "-q", "-u", "origin/main")
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    (other / "roadmap.toml").write_text(edit(BASE, new_item("INN-3", "Pushed first")))
    for args in (["commit", "-qam", "pushed"], ["push", "-q", "origin", "main"]):
        subprocess.run(["git", *args], cwd=other, check=True)
    repo.commit_file("roadmap.toml", edit(BASE, new_item("INN-3", "Local, not pushed")), "local")
    done = git(repo.path, "pull", "--no-rebase", "--no-edit", "-q")
    assert done.returncode == 0, done.stderr
    assert "renumbered INN-3 (ours) to INN-4" in done.stderr
    items = items_of(current(repo))
    assert (items["INN-3"]["title"], items["INN-4"]["title"]) == (
        "Pushed first",
        "Local, not pushed",
    )


# --- the driver run by hand ----------------------------------------------------------------------


def test_the_driver_writes_ours_and_exits_by_the_result(tmp_path: Path, invoke: Invoke) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text(BASE)
    ours.write_text(edit(BASE, set_item("INN-1", progress=1)))
    theirs.write_text(edit(BASE, set_item("INN-1", progress=2)))
    result = invoke("merge-driver", str(base), str(ours), str(theirs), "roadmap.toml")
    assert result.exit_code == 1
    assert "roadmap.toml:" in result.stderr and "conflict in item INN-1: progress" in result.stderr
    assert "<<<<<<< ours" in ours.read_text()
    ours.write_text(edit(BASE, set_item("INN-1", progress=1)))
    theirs.write_text(edit(BASE, set_item("INN-2", progress=2)))
    result = invoke("merge-driver", str(tmp_path / "no-base"), str(ours), str(theirs))
    assert result.exit_code == 0, result.stderr
    assert items_of(ours.read_text())["INN-2"]["progress"] == 2


def test_a_clean_line_merge_is_kept_when_items_cannot_be_merged(
    tmp_path: Path, invoke: Invoke
) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    extra = "\n[extra]\na = 1\nx = 0\ny = 0\nb = 1\n"
    base.write_text(BASE + extra)
    ours.write_text(BASE + extra.replace("a = 1", "a = 2"))
    theirs.write_text(BASE + extra.replace("b = 1", "b = 2"))
    result = invoke("merge-driver", str(base), str(ours), str(theirs))
    assert result.exit_code == 0, result.stderr
    assert "both sides changed 'extra'" in result.stderr
    assert ours.read_text().endswith("[extra]\na = 2\nx = 0\ny = 0\nb = 2\n")


def test_the_driver_never_shows_a_traceback(tmp_path: Path, invoke: Invoke) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text(BASE)
    ours.write_text(BASE)
    theirs.write_bytes(b"\x00\x01binary")
    result = invoke("merge-driver", str(base), str(ours), str(theirs))
    assert result.exit_code == 1
    assert "cannot merge item by item" in result.stderr
    assert "Traceback" not in result.stderr
    result = invoke("merge-driver", str(base), str(tmp_path / "missing"), str(theirs))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


# --- property: random edits on two branches, merged by git ---------------------------------------

AREAS = {"innovation": "INN", "providers": "PRV"}
OWNERS = ["sre", "doe", "uc"]
DATES = [dt.date(2027, m, 1) for m in (1, 4, 7, 10)]
REMOVABLE = ["INN-2", "PRV-1"]  # nothing depends on them
NEW_OWNERS = {
    "unam": {"name": "UNAM", "sector": "academia", "country": "MX"},
    "ford-mx": {"name": "Ford de México", "sector": "industry", "country": "MX"},
}

Op = tuple[Any, ...]
adds = st.tuples(st.just("add"), st.sampled_from(sorted(AREAS)), st.sampled_from(OWNERS))
ops = st.one_of(
    adds,
    adds,  # twice as likely: two branches adding to one area is the case to get right
    st.tuples(
        st.just("status"),
        st.sampled_from(["INN-1", "INN-2", "PRV-1"]),
        st.sampled_from(["planned", "in_progress", "blocked"]),
    ),
    st.tuples(st.just("due"), st.sampled_from(["INN-1", "INN-2", "PRV-1"]), st.sampled_from(DATES)),
    st.tuples(
        st.just("tag"),
        st.sampled_from(["INN-1", "INN-2", "PRV-1"]),
        st.sampled_from(["a", "b", "c"]),
    ),
    st.tuples(st.just("remove"), st.sampled_from(REMOVABLE)),
    st.tuples(st.just("owner"), st.sampled_from(sorted(NEW_OWNERS))),
    st.tuples(st.just("meeting"), st.sampled_from(DATES)),
)


def apply(text: str, side: str, changes: list[Op]) -> tuple[str, dict[str, str]]:
    """A branch's version after its edits; new items get the next number this branch knows."""
    titles: dict[str, str] = {}
    for n, op in enumerate(changes):
        items = items_of(text)
        if op[0] == "owner":
            if op[1] not in store.parse(text)["owners"]:
                text = edit(
                    text, lambda d, key=op[1]: store.add_table(d, "owners", key, NEW_OWNERS[key])
                )
            continue
        if op[0] == "meeting":
            meeting = {"date": op[1], "title": f"Session of {op[1]:%B}", "attendees": ["sre"]}
            if meeting not in store.parse(text)["meetings"]:
                text = edit(text, lambda d, m=meeting: store.append_array_table(d, "meetings", m))
            continue
        if op[0] == "add":
            prefix = AREAS[op[1]]
            known = [*items, *items_of(BASE)]  # ewg add also sees the ids on main
            number = max(int(i.split("-")[1]) for i in known if i.startswith(prefix)) + 1
            title = f"{side} item {n}"
            text = edit(text, new_item(f"{prefix}-{number}", title, op[1], owners=[op[2]]))
            titles[title] = f"{prefix}-{number}"
        elif op[1] not in items:
            continue
        elif op[0] == "remove":
            text = edit(text, drop_item(op[1]))
        elif op[0] == "tag":
            tags = items[op[1]].get("tags", [])
            if op[2] not in tags:
                text = edit(text, set_item(op[1], tags=[*tags, op[2]]))
        else:
            text = edit(text, set_item(op[1], **{op[0]: op[2]}))
    return text, titles


def clashes(ours: str, theirs: str) -> bool:
    """Whether a base item's field changed two ways, or one side removed what the other changed."""
    base, o, t = items_of(BASE), items_of(ours), items_of(theirs)
    for item_id, was in base.items():
        if item_id not in o or item_id not in t:
            if (item_id in o and o[item_id] != was) or (item_id in t and t[item_id] != was):
                return True
            continue
        for key in ("status", "due"):
            values = {was.get(key), o[item_id].get(key), t[item_id].get(key)}
            if o[item_id].get(key) != was.get(key) != t[item_id].get(key) and len(values) == 3:
                return True
    return False


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ours_ops=st.lists(ops, max_size=4), theirs_ops=st.lists(ops, max_size=4))
@example(ours_ops=[("add", "innovation", "sre")], theirs_ops=[("add", "innovation", "uc")])
@example(ours_ops=[("status", "INN-1", "blocked")], theirs_ops=[("status", "INN-1", "planned")])
def test_random_edits_merge_to_a_valid_file_with_every_change(
    ours_ops: list[Op], theirs_ops: list[Op], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        repo = GitRepo(Path(folder) / "repo", monkeypatch)
        repo.commit_file("roadmap.toml", BASE, "base")
        (repo.path / ".gitattributes").write_text("roadmap.toml merge=ewg\n")
        repo.git("config", "merge.ewg.driver", DRIVER)
        ours, our_titles = apply(BASE, "ours", ours_ops)
        theirs, their_titles = apply(BASE, "theirs", theirs_ops)
        commit_on(repo, "feature", theirs, "theirs")
        commit_on(repo, "main", ours, "ours")
        done = git(repo.path, "merge", "--no-edit", "feature")
        result = current(repo)
        if clashes(ours, theirs):
            event("clash")
            assert done.returncode == 1, done.stderr
            assert "<<<<<<< ours" in result
            return
        event("clean, renumbered" if "renumbered" in done.stderr else "clean")
        assert done.returncode == 0, done.stderr
    assert errors(result) == []
    ids = [t["id"] for t in store.parse(result)["items"]]
    assert len(ids) == len(set(ids))
    merged = items_of(result)
    by_title = {t["title"]: t for t in merged.values()}
    for titles, side in ((our_titles, ours), (their_titles, theirs)):
        for title, item_id in titles.items():
            expected = dict(items_of(side)[item_id])
            assert {**by_title[title], "id": item_id} == expected
    for title, item_id in our_titles.items():
        assert by_title[title]["id"] == item_id  # ours keeps its ids
    base, o, t = items_of(BASE), items_of(ours), items_of(theirs)
    for item_id, was in base.items():
        if item_id not in o or item_id not in t:
            assert item_id not in merged
            continue
        now = merged[item_id]
        for key in ("status", "due"):
            changed = [s[item_id].get(key) for s in (o, t) if s[item_id].get(key) != was.get(key)]
            assert now.get(key) == (changed[0] if changed else was.get(key))
        tags = set(o[item_id].get("tags", [])) | set(t[item_id].get("tags", []))
        assert set(now.get("tags", [])) == tags
    data, sides = store.parse(result), [store.parse(ours), store.parse(theirs)]
    assert set(data["owners"]) == {o for side in sides for o in side["owners"]}
    meetings = [(m["date"], m["title"]) for m in data["meetings"]]
    assert sorted(meetings) == sorted(
        {(m["date"], m["title"]) for s in sides for m in s["meetings"]}
    )
