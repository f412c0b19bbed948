"""ewg.history on real repositories built in tmp_path, with fixed authors and dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ewg.diff import FILE_DELETED, FILE_RESTORED, index_items
from ewg.errors import GitError, NotFoundError
from ewg.history import History, Parser, Version, open_repository
from ewg.moment import Moment
from tests.helpers import GitRepo
from tests.history_data import GOV2, D, gov1, inn1, inn2, item, roadmap, tell_story


def kinds(history: History, **kwargs: Any) -> list[tuple[str, str | None, str]]:
    """(kind, item, commit subject order) of every event."""
    return [
        (e.change.kind, e.change.item or e.change.key, e.commit.author)
        for e in history.changelog(**kwargs).events
    ]


@pytest.fixture
def story(git_repo: GitRepo) -> dict[str, str]:
    return tell_story(git_repo)


def open_history(repo: GitRepo) -> History:
    return History(repo.path / "roadmap.toml")


# --- the changelog -------------------------------------------------------------------------


def test_changelog_events_with_commit_author_and_date(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    with open_history(git_repo) as history:
        log = history.changelog()
    assert [c.id for c in log.commits] == list(story.values())
    by_commit: dict[str, list[tuple[str, str | None]]] = {}
    for event in log.events:
        by_commit.setdefault(event.commit.id, []).append(
            (event.change.kind, event.change.item or event.change.key)
        )
    assert by_commit[story["start"]][:4] == [
        ("roadmap_changed", None),
        ("roadmap_changed", None),
        ("area_added", "innovation"),
        ("area_added", "governance"),
    ]
    assert ("added", "INN-1") in by_commit[story["start"]]
    assert by_commit[story["progress"]] == [
        ("status", "INN-1"),
        ("progress", "INN-2"),
        ("added", "GOV-2"),
    ]
    assert by_commit[story["slip"]] == [("owners", "INN-1"), ("due", "INN-1"), ("tags", "INN-1")]
    assert story["broken"] not in by_commit
    assert by_commit[story["fixed"]] == [
        ("title", "INN-2"),
        ("status", "GOV-1"),
        ("reason", "GOV-1"),
    ]
    assert by_commit[story["tables"]] == [
        ("area_changed", "innovation"),
        ("owner_added", "cfe"),
        ("milestone_changed", "draft"),
        ("removed", "GOV-2"),
    ]
    assert by_commit[story["meeting"]] == [("meeting_added", "2023-11-21")]
    assert by_commit[story["done"]] == [
        ("milestone", "INN-1"),
        ("status", "INN-2"),
        ("progress", "INN-2"),
        ("depends_on", "INN-2"),
        ("completed", "INN-2"),
        ("status", "GOV-1"),
        ("reason", "GOV-1"),
    ]
    due = next(e for e in log.events if e.change.kind == "due")
    assert (due.change.old, due.change.new, due.change.days) == ("2024-03-31", "2024-05-15", 45)
    assert due.commit.author == "Ana Ruiz" and due.commit.email == "ana@sre.example"
    assert due.commit.date == "2023-11-17T22:13:20+00:00"


def test_invalid_version_is_reported_and_stepped_over(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    with open_history(git_repo) as history:
        log = history.changelog()
    [skipped] = log.skipped
    assert skipped.commit.id == story["broken"] and skipped.commit.author == "Mary Smith"
    assert "not valid TOML" in skipped.reason and "line" in skipped.reason
    # The next version is compared with the last good one: the slip is not reported twice,
    # and what the broken commit reverted shows nowhere.
    fixed = [e.change.kind for e in log.events if e.commit.id == story["fixed"]]
    assert "due" not in fixed and "owners" not in fixed


def test_since_and_until_by_revision_and_by_date(git_repo: GitRepo, story: dict[str, str]) -> None:
    with open_history(git_repo) as history:
        since_rev = history.changelog(since=Moment(commit=story["meeting"]))
        assert {e.commit.id for e in since_rev.events} == {story["done"]}
        until_rev = history.changelog(
            since=Moment(commit=story["slip"]), until=Moment(commit=story["tables"])
        )
        assert {c.id for c in until_rev.commits} == {
            story["broken"],
            story["fixed"],
            story["tables"],
        }
        # Days are whole and inclusive: since 2023-11-21 holds the commits of the 21st and 22nd.
        by_day = history.changelog(
            since=Moment(date=D("2023-11-21")), until=Moment(date=D("2023-11-21"))
        )
        assert [c.id for c in by_day.commits] == [story["meeting"]]
        after_all = history.changelog(since=Moment(date=D("2030-01-01")))
        assert after_all.events == [] and after_all.commits == []


def test_since_a_commit_that_did_not_touch_the_file(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    git_repo.commit_file("README.md", "hello\n", "Docs only")
    readme = git_repo.git("rev-parse", "HEAD").strip()
    final = (
        (git_repo.path / "roadmap.toml")
        .read_text()
        .replace('status = "done"', 'status = "dropped"')
    )
    last = git_repo.commit_file("roadmap.toml", final, "Drop INN-2")
    with open_history(git_repo) as history:
        log = history.changelog(since=Moment(commit=readme))
    assert [(e.commit.id, e.change.kind, e.change.item) for e in log.events] == [
        (last, "status", "INN-2")
    ]


def test_first_parent_a_merge_counts_once_and_is_credited_to_its_author(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    text = (git_repo.path / "roadmap.toml").read_text()
    git_repo.git("checkout", "-q", "-b", "member")
    blocked = text.replace('status = "in_progress"\n', 'status = "blocked"\n', 1)
    side = git_repo.commit_file("roadmap.toml", blocked, "Block INN-1", author="Side Author")
    tagged = blocked.replace('tags = ["batteries"]', 'tags = ["batteries", "grid"]')
    side2 = git_repo.commit_file("roadmap.toml", tagged, "Tag INN-1", author="Other Author")
    git_repo.git("checkout", "-q", "main")
    git_repo.commit_file("other.txt", "x\n", "Elsewhere")
    git_repo.tick("Merger")
    git_repo.git("merge", "-q", "--no-ff", "--no-commit", "member")
    # The merger also changes something while merging: that change stays theirs.
    merged = tagged.replace('title = "Set up', 'title = "Now set up')
    (git_repo.path / "roadmap.toml").write_text(merged)
    git_repo.git("add", "roadmap.toml")
    git_repo.git("commit", "-q", "-m", "Merge member")
    merge = git_repo.git("rev-parse", "HEAD").strip()
    with open_history(git_repo) as history:
        log = history.changelog(since=Moment(commit=story["done"]))
    assert [c.id for c in log.commits] == [merge]  # first-parent: the side commits are not walked
    got = [
        (e.commit.id, e.merge.id if e.merge else None, e.change.kind, e.change.item)
        for e in log.events
    ]
    assert got == [
        (side, merge, "status", "INN-1"),
        (side2, merge, "tags", "INN-1"),
        (merge, None, "title", "GOV-1"),
    ]
    assert log.events[0].commit.author == "Side Author" and log.events[0].landed.id == merge


def test_merges_in_a_row_credit_each_side_branch_once(git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", roadmap(inn1(), gov1()), "Start")
    git_repo.git("checkout", "-q", "-b", "a")
    a = git_repo.commit_file(
        "roadmap.toml", roadmap(inn1(status="done"), gov1()), "A", author="Alice"
    )
    git_repo.git("checkout", "-q", "-b", "b", "main")
    b = git_repo.commit_file(
        "roadmap.toml", roadmap(inn1(), gov1(status="done")), "B", author="Bob"
    )
    git_repo.git("checkout", "-q", "main")
    git_repo.tick("Merger")
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge a", "a")
    first = git_repo.git("rev-parse", "HEAD").strip()
    git_repo.tick()
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge b", "b")
    second = git_repo.git("rev-parse", "HEAD").strip()
    with open_history(git_repo) as history:
        events = history.changelog().events
        assert [
            (e.commit.id, e.landed.id, e.change.item) for e in events if e.change.kind == "status"
        ] == [
            (a, first, "INN-1"),
            (b, second, "GOV-1"),
        ]
        # The same answer from the cache, and for a range that starts between the merges.
        assert history.changelog().events == events
        later = history.changelog(since=Moment(commit=first)).events
        assert [(e.commit.id, e.landed.id) for e in later] == [(b, second)]


def test_file_deleted_and_added_back(git_repo: GitRepo, story: dict[str, str]) -> None:
    text = (git_repo.path / "roadmap.toml").read_text()
    git_repo.tick()
    git_repo.git("rm", "-q", "roadmap.toml")
    git_repo.git("commit", "-q", "-m", "Remove the roadmap")
    deleted = git_repo.git("rev-parse", "HEAD").strip()
    back = git_repo.commit_file(
        "roadmap.toml", text.replace('"Keep going"', '"Go on"'), "Restore it"
    )
    with open_history(git_repo) as history:
        log = history.changelog(since=Moment(commit=story["done"]))
        assert [(e.commit.id, e.change.kind) for e in log.events] == [
            (deleted, FILE_DELETED),
            (back, FILE_RESTORED),
            (back, "meeting_added"),
            (back, "meeting_removed"),
        ]
        # A range that starts while the file is gone still knows what it was before.
        log = history.changelog(since=Moment(commit=deleted))
        assert [e.change.kind for e in log.events] == [
            FILE_RESTORED,
            "meeting_added",
            "meeting_removed",
        ]
        with pytest.raises(NotFoundError, match="deleted"):
            history.at(Moment(date=dt.date(2023, 11, 23)))


def test_detached_head(git_repo: GitRepo, story: dict[str, str]) -> None:
    git_repo.git("checkout", "-q", "--detach", story["slip"])
    with open_history(git_repo) as history:
        log = history.changelog()
    assert log.commits[-1].id == story["slip"]
    assert all(e.commit.id != story["done"] for e in log.events)


def test_rename_is_followed(git_repo: GitRepo) -> None:
    git_repo.commit_file("plan.toml", roadmap(inn1()), "Start as plan.toml")
    git_repo.tick()
    git_repo.git("mv", "plan.toml", "roadmap.toml")
    git_repo.git("commit", "-q", "-m", "Rename")
    last = git_repo.commit_file("roadmap.toml", roadmap(inn1(status="done")), "Done")
    with open_history(git_repo) as history:
        log = history.changelog()
    assert [c.status for c in log.commits] == ["A", "R", "M"]
    assert [e.change.kind for e in log.events if e.commit.id != log.commits[0].id] == ["status"]
    assert log.events[-1].commit.id == last


def test_no_commit_yet(git_repo: GitRepo) -> None:
    (git_repo.path / "roadmap.toml").write_text(roadmap(inn1()))
    with open_history(git_repo) as history:
        log = history.changelog()
        assert log.events == [] and log.commits == []
        assert history.trend() == ([], [])


# --- git as it really is -----------------------------------------------------------------


def test_outside_a_repository(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(roadmap(inn1()))
    with pytest.raises(GitError, match="not in a git repository") as info:
        History(path)
    assert info.value.exit_code == 3


def test_unknown_and_dash_revisions(git_repo: GitRepo, story: dict[str, str]) -> None:
    with open_history(git_repo) as history:
        with pytest.raises(GitError, match="unknown revision"):
            history.resolve("no-such-branch")
        for rev in ("--all", "-n1", "--output=/tmp/x"):
            with pytest.raises(GitError, match="invalid revision"):
                history.resolve(rev)
        assert history.resolve("HEAD~1") == story["meeting"]


def shallow_clone(repo: GitRepo, depth: int) -> Path:
    target = repo.path.parent / f"shallow{depth}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", str(depth), f"file://{repo.path}", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_shallow_clone_is_refused_where_history_is_cut(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    clone = shallow_clone(git_repo, 3)
    with History(clone / "roadmap.toml") as history:
        with pytest.raises(GitError, match="shallow") as info:
            history.changelog()
        assert "fetch --unshallow" in (info.value.hint or "")
        with pytest.raises(GitError, match="shallow"):
            history.trend()
        with pytest.raises(GitError, match="shallow"):
            history.changelog(since=Moment(date=D("2023-11-01")))
        with pytest.raises(GitError, match="shallow"):
            history.at(Moment(date=D("2023-11-01")))
        # Within what the clone holds, the answer is whole and given.
        log = history.changelog(since=Moment(commit=history.resolve("HEAD~1")))
        assert {e.commit.id for e in log.events} == {story["done"]}
        log = history.changelog(since=Moment(date=D("2023-11-22")))
        assert {e.commit.id for e in log.events} == {story["done"]}
        with pytest.raises(GitError, match="unknown revision") as info:
            history.resolve("HEAD~5")
        assert "shallow clone" in (info.value.hint or "")


# --- trend and the file as it was ----------------------------------------------------------


def test_trend_points(git_repo: GitRepo, story: dict[str, str]) -> None:
    with open_history(git_repo) as history:
        points, skipped = history.trend()
    assert [p.commit.id for p in points] == [v for k, v in story.items() if k != "broken"]
    assert [s.commit.id for s in skipped] == [story["broken"]]
    assert points[0].stats == (("innovation", 2, 0, 0), ("governance", 1, 0, 0))
    assert points[-1].stats == (("innovation", 2, 1, 0), ("governance", 1, 0, 0))


def test_at_a_revision_and_at_a_date(git_repo: GitRepo, story: dict[str, str]) -> None:
    with open_history(git_repo) as history:
        commit, day, content = history.at(Moment(commit=story["slip"]))
        assert (commit, day) == (story["slip"], D("2023-11-17"))
        assert b"2024-05-15" in content
        commit, day, content = history.at(Moment(date=D("2023-11-16")))
        assert (commit, day) == (story["progress"], D("2023-11-16"))
        assert b"GOV-2" in content
        with pytest.raises(NotFoundError, match="no commit on or before"):
            history.at(Moment(date=D("2023-01-01")))
        git_repo.commit_file("other.txt", "x\n", "Unrelated")
        first = git_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    git_repo.commit_file("other.toml", "x = 1\n", "x")
    with open_history(git_repo) as history:
        assert history.at(Moment(commit=first))[0] == first


# --- the cache -----------------------------------------------------------------------------


def test_second_run_reads_no_blob(
    git_repo: GitRepo, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_history(git_repo) as history:
        first = history.changelog()
        first_trend = history.trend()
    cache = list((git_repo.path / ".git" / "ewg").glob("history-*.ewgc"))
    assert len(cache) == 1

    def refuse(*args: Any) -> Any:
        raise AssertionError("read a blob")

    monkeypatch.setattr("ewg.repo.Blobs.read", refuse)
    monkeypatch.setattr("ewg.repo.Blobs.stream", refuse)
    with open_history(git_repo) as history:
        assert history.changelog() == first
        assert history.trend() == first_trend


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "wrong-shape"])
def test_a_damaged_cache_is_a_miss(git_repo: GitRepo, story: dict[str, str], damage: str) -> None:
    with open_history(git_repo) as history:
        expected = history.changelog()
    [path] = (git_repo.path / ".git" / "ewg").glob("history-*.ewgc")
    content = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(content[: len(content) // 2])
    elif damage == "flip":
        path.write_bytes(content[:-10] + bytes([content[-10] ^ 1]) + content[-9:])
    elif damage == "garbage":
        path.write_bytes(b"\x00" * 100)
    else:
        from ewg.cache import repository
        from ewg.history.cache import HistoryCache

        junk = {"blobs": {"x": 1}, "pairs": {(k, v): ("junk",) for k, v in [("", "a")]}}
        store = repository(git_repo.path / ".git")
        store.put(HistoryCache(git_repo.path / ".git").name, junk)
        assert [path] == list((git_repo.path / ".git" / "ewg").glob("history-*.ewgc"))
    with open_history(git_repo) as history:
        assert history.changelog() == expected


def test_a_wrong_entry_for_a_pair_is_never_served(git_repo: GitRepo, story: dict[str, str]) -> None:
    """Entries are keyed by blob ids, which name content: new content is a new key."""
    with open_history(git_repo) as history:
        history.changelog()
    text = (git_repo.path / "roadmap.toml").read_text()
    git_repo.commit_file(
        "roadmap.toml", text.replace('"in_progress"', '"blocked"', 1), "Block INN-1"
    )
    with open_history(git_repo) as history:
        last = history.changelog(since=Moment(commit=story["done"]))
    assert [(e.change.kind, e.change.item, e.change.new) for e in last.events] == [
        ("status", "INN-1", "blocked")
    ]


def test_no_cache_when_asked(
    git_repo: GitRepo, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EWG_NO_CACHE", "1")
    with open_history(git_repo) as history:
        history.changelog()
    assert not (git_repo.path / ".git" / "ewg").exists()


def test_repository_of_a_file_in_a_subfolder(git_repo: GitRepo) -> None:
    (git_repo.path / "plan").mkdir()
    git_repo.commit_file("plan/roadmap.toml", roadmap(inn1()), "Start")
    repo = open_repository(git_repo.path / "plan" / "roadmap.toml")
    assert repo.path == "plan/roadmap.toml" and repo.common_dir.name == ".git"
    with History(git_repo.path / "plan" / "roadmap.toml") as history:
        assert [e.change.item for e in history.changelog().events if e.change.item] == ["INN-1"]


# --- parsing block by block gives what tomllib gives -------------------------------------


def whole(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = tomllib.loads(text)
    rest = {k: v for k, v in data.items() if k != "items"}
    return rest, index_items(data.get("items", []))


def check_same(text: str) -> Version | str:
    """Parse twice (the second time from the memo) and compare with tomllib on the whole."""
    try:
        expected: Any = whole(text)
    except tomllib.TOMLDecodeError:
        expected = None
    parser = Parser("roadmap.toml")
    for _ in range(2):
        version = parser.parse(text.encode())
        if expected is None:
            assert isinstance(version, str)
        else:
            assert isinstance(version, Version), version
            assert (dict(version.rest), version.items) == expected
    return version


TRICKY = [
    roadmap(inn1(), inn2(), gov1()),
    roadmap(inn1(), inn2()).replace("\n", "\r\n"),
    "\ufeff" + roadmap(inn1()),
    roadmap(inn1()).split("\n\n", 1)[1],  # the file starts with a header
    roadmap(item("INN-1", "x", "innovation", notes="a\n[[items]]\nid = 'FAKE-1'\n")).replace(
        "notes = \"a\\n[[items]]\\nid = 'FAKE-1'\\n\"",
        "notes = '''\na\n[[items]]\nid = \"FAKE-1\"\n[foo]\n'''",
    ),
    roadmap(inn1()).replace(
        'owners = ["uc", "sre"]', 'owners = [\n"uc",\n"sre"\n]\ntags = [\n  ["x"], ["y"]\n]'
    ),
    roadmap(inn1()).replace("[[items]]", "  [[items]]"),
    roadmap(inn1(), "[items.extra]\nx = 1\n").replace("[items.extra]", "[items.extra]"),
    roadmap(
        inn1(), "[[ items ]]\nid = 'INN-9'\ntitle = 'x'\narea = 'innovation'\nstatus = 'done'\n"
    ),
    roadmap(inn1(), inn1()),
    roadmap(inn1(), "[[items]]\ntitle = 'no id'\n"),
    roadmap(),
    "[roadmap]\ntitle = 'first line is a header'\n" + inn1(),
    "[roadmap]\ntitle = 'x'\n" + inn1() + "[[meetings]]\ndate = 2024-01-01\ntitle = 'm'\n" + inn2(),
]


@pytest.mark.parametrize("text", TRICKY)
def test_block_parsing_matches_tomllib(text: str) -> None:
    check_same(text)


def test_a_fake_header_inside_a_string_cannot_fool_the_split() -> None:
    text = '[roadmap]\ntitle = "x"\nnotes = """\n[[items]]\nid = "FAKE-1"\n[foo]\n"""\n'
    version = check_same(text)
    assert isinstance(version, Version) and version.items == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[roadmap]\ntitle = \n", "not valid TOML"),
        (roadmap(inn1(), inn1()).replace("[[items]]", "[items]", 1).encode(), "not valid TOML"),
        (b"[roadmap]\ntitle = 'caf\xe9'\n", "not UTF-8"),
        (b"[roadmap]\x00\n", "binary"),
        ((roadmap(inn1()) + "[roadmap]\ntitle = 'twice'\n").encode(), "not valid TOML"),
        (
            roadmap(inn1())
            .replace('status = "planned"', 'status = "planned"\nstatus = "done"')
            .encode(),
            "not valid TOML",
        ),
    ],
)
def test_invalid_versions_say_why_and_where(content: bytes, message: str) -> None:
    result = Parser("roadmap.toml").parse(content)
    assert isinstance(result, str) and message in result and "line" in result


lines = st.sampled_from(
    [
        "[[items]]\n",
        "[[items]]\nid = 'INN-1'\ntitle = 'a'\n",
        "[[items]]\nid = 'INN-2'\nstatus = 'done'\n",
        "[areas.innovation]\nname = 'x'\n",
        "[areas.governance]\n",
        "[roadmap]\ntitle = 'r'\n",
        "[[meetings]]\ndate = 2024-01-01\n",
        "notes = '''\n[[items]]\n'''\n",
        'notes = """\n[x]\n"""\n',
        "tags = [\n[1],\n]\n",
        "  [[items]]\n",
        "[items.sub]\n",
        "x = 1\n",
        "# comment [[items]]\n",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=8))
def test_block_parsing_agrees_with_tomllib_on_anything(parts: list[str]) -> None:
    check_same("".join(parts))


def test_gov2_fixture_is_an_item() -> None:
    assert tomllib.loads(GOV2)["items"][0]["id"] == "GOV-2"


# --- whole answers -----------------------------------------------------------------------


def test_a_kept_answer_is_served_and_a_new_commit_asks_afresh(
    invoke: Any, git_repo: GitRepo, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = invoke("changelog", "--format", "json", "--since", "HEAD~2")
    assert first.exit_code == 0
    answers = list((git_repo.path / ".git" / "ewg").glob("answer-*.ewgc"))
    assert len(answers) == 1

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("walked the history again")

    with monkeypatch.context() as patch:
        patch.setattr(History, "changelog", refuse)
        again = invoke("changelog", "--format", "json", "--since", "HEAD~2")
        assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    text = (git_repo.path / "roadmap.toml").read_text()
    new = git_repo.commit_file(
        "roadmap.toml", text.replace('"in_progress"', '"blocked"', 1), "Block"
    )
    later = invoke("changelog", "--format", "json", "--since", "HEAD~2")
    assert later.stdout != first.stdout and new in later.stdout


def test_answers_filtered_by_area_or_owner_are_not_kept(
    invoke: Any, git_repo: GitRepo, story: dict[str, str]
) -> None:
    assert invoke("changelog", "--format", "json", "--area", "innovation").exit_code == 0
    assert invoke("changelog", "--format", "json", "--owner", "doe").exit_code == 0
    assert not list((git_repo.path / ".git" / "ewg").glob("answer-*.ewgc"))


def test_a_damaged_answer_is_a_miss(invoke: Any, git_repo: GitRepo, story: dict[str, str]) -> None:
    first = invoke("changelog", "--format", "json").stdout
    [path] = (git_repo.path / ".git" / "ewg").glob("answer-*.ewgc")
    content = path.read_bytes()
    path.write_bytes(content[:-3] + b"xyz")
    assert invoke("changelog", "--format", "json").stdout == first


def test_answer_keys_name_head_the_shallow_cut_and_the_request(
    git_repo: GitRepo, story: dict[str, str]
) -> None:
    with open_history(git_repo) as history:
        key = history.answer_key("changelog", None, "en")
        assert key == history.answer_key("changelog", None, "en")
        assert key != history.answer_key("changelog", None, "es")
        repo = history.repo
        history.repo = type(repo)(
            repo.root, repo.common_dir, repo.path, frozenset({"x"}), repo.head
        )
        assert key != history.answer_key("changelog", None, "en")
        history.repo = type(repo)(
            repo.root, repo.common_dir, repo.path, repo.shallow, story["slip"]
        )
        assert key != history.answer_key("changelog", None, "en")


def test_replaced_objects_and_mailmap_do_not_change_history(
    git_repo: GitRepo, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EWG_NO_CACHE", "1")
    with open_history(git_repo) as history:
        before = history.changelog()
    (git_repo.path / ".mailmap").write_text(
        "Someone Else <x@example.org> Ana Ruiz <ana@sre.example>\n"
    )
    git_repo.git("replace", "-f", story["done"], story["meeting"])
    assert "Someone Else" in git_repo.git("log", "-1", "--format=%aN", story["start"])
    with open_history(git_repo) as history:
        assert history.changelog() == before


def test_a_kept_answer_is_data_rendered_on_each_run(
    invoke: Any, git_repo: GitRepo, story: dict[str, str]
) -> None:
    from ewg.i18n import language
    from ewg.render.changelog_json import event_json

    first = invoke("changelog", "--format", "json", "--since", "HEAD~3")
    with open_history(git_repo) as history:
        since = Moment(commit=history.resolve("HEAD~3"), label="HEAD~3")
        fresh = history.changelog(since)
        kept = history.answer(history.answer_key("changelog", (since, None), None, language()))
    # Kept: the events as JSON-ready data and the count of commits, not the document.
    assert kept is not None and not isinstance(kept, str | bytes)
    events, skipped, commits = kept
    assert events == [event_json(e) for e in fresh.events]
    assert (skipped, commits) == ([], len(fresh.commits))
    again = invoke("changelog", "--format", "json", "--since", "HEAD~3")
    assert (again.exit_code, again.stdout) == (0, first.stdout)


def test_a_kept_answer_of_another_shape_is_a_miss(
    invoke: Any, git_repo: GitRepo, story: dict[str, str]
) -> None:
    from ewg.i18n import language

    first = invoke("changelog", "--format", "json")
    planted_answers = ("text", ([b"bytes"], [], 1), ([{"x": {1, 2}}], [], 1), ([], [{"a": 1}], 2))
    for planted in planted_answers:
        with open_history(git_repo) as history:
            key = history.answer_key("changelog", (None, None), None, language())
            history.keep_answer(key, planted)
        again = invoke("changelog", "--format", "json")
        assert (again.exit_code, again.stdout) == (0, first.stdout)
