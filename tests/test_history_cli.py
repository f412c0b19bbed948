"""`ewg changelog`, `ewg history`, `ewg trend` and `ewg status --as-of`, as users run them.

Markdown changelogs are compared with golden files in tests/golden/changelog/;
run with EWG_UPDATE_GOLDEN=1 to write them again on purpose, then review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.history_data import item, meeting, tell_story
from tests.history_data import roadmap as roadmap_text

GOLDEN = Path(__file__).parent / "golden" / "changelog"


@pytest.fixture
def story(git_repo: GitRepo) -> dict[str, str]:
    return tell_story(git_repo)


def golden(name: str, text: str) -> None:
    """Compare `text` with a golden file here (or write it, with EWG_UPDATE_GOLDEN=1)."""
    from tests.helpers import compare_golden

    compare_golden(GOLDEN / name, text)


def no_traceback(result: object) -> None:
    output = getattr(result, "output", "") + getattr(result, "stderr", "")
    assert "Traceback" not in output
    exc = getattr(result, "exception", None)
    assert exc is None or isinstance(exc, SystemExit)


# --- changelog ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("full.md", []),
        ("since-last-meeting.md", ["--since", "last-meeting"]),
        ("area-innovation.md", ["--area", "innovation"]),
        ("owner-doe-until-date.md", ["--owner", "doe", "--until", "2023-11-19"]),
        ("item-es.md", ["--item", "INN-1", "--lang", "es"]),
    ],
)
def test_markdown_changelog_golden(
    invoke: Invoke, story: dict[str, str], name: str, args: list[str]
) -> None:
    result = invoke("changelog", "--format", "markdown", *args)
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)


def test_markdown_groups_by_day_then_area(invoke: Invoke, story: dict[str, str]) -> None:
    text = invoke("changelog", "--format", "markdown", "--since", "2023-11-22").stdout
    assert (
        text.index("## 2023-11-22")
        < text.index("### Innovation")
        < text.index("### Governance structures")
    )
    assert (
        "**INN-2** Joint call for \\*charging\\* research \\<b>: status: in progress → done" in text
    )
    assert "<b>" not in text.replace("\\<", "") and "*charging*" not in text


def test_table_changelog(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("changelog", "--since", story["slip"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Date", "Commit", "Author", "Item", "Change"]
    assert any(
        line.startswith("2023-11-20") and "cfe" in line and "owner added" in line for line in lines
    )
    assert any("GOV-1" in line and "status: blocked → in progress" in line for line in lines)
    assert "stepped over" in result.stderr and story["broken"][:8] in result.stderr


def test_json_changelog_has_the_fields_the_spec_names(
    invoke: Invoke, story: dict[str, str]
) -> None:
    result = invoke("changelog", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["file"] == "roadmap.toml" and doc["commits"] == 8
    for event in doc["events"]:
        assert {"commit", "date", "author", "kind", "item", "from", "to"} <= event.keys()
    due = next(e for e in doc["events"] if e["kind"] == "due")
    assert due == {
        "commit": story["slip"],
        "date": "2023-11-17T22:13:20+00:00",
        "author": "Ana Ruiz",
        "email": "ana@sre.example",
        "kind": "due",
        "item": "INN-1",
        "area": "innovation",
        "from": "2024-03-31",
        "to": "2024-05-15",
        "slip_days": 45,
        "title": "Map battery R&D capacity in both countries",
        "owners": ["uc", "doe"],
    }  # no "reached": the change reached the branch with its own commit, at its own date
    kinds = {e["kind"] for e in doc["events"]}
    assert {
        "added",
        "removed",
        "status",
        "due",
        "owners",
        "title",
        "milestone",
        "progress",
    } <= kinds
    assert {
        "depends_on",
        "tags",
        "area_added",
        "area_changed",
        "owner_added",
        "milestone_changed",
    } <= kinds
    assert [s["commit"] for s in doc["skipped"]] == [story["broken"]]
    assert "stepped over" in result.stderr


def test_json_with_a_range_names_it(invoke: Invoke, story: dict[str, str]) -> None:
    doc = json.loads(
        invoke("changelog", "--format", "json", "--since", "HEAD~2", "--until", "HEAD~1").stdout
    )
    assert (doc["since"], doc["until"], doc["commits"]) == ("HEAD~2", "HEAD~1", 1)
    assert [e["kind"] for e in doc["events"]] == ["meeting_added"]


def test_no_changes(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("changelog", "--since", "HEAD")
    assert result.exit_code == 0 and result.stdout == "" and "no changes" in result.stderr
    result = invoke("changelog", "--since", "HEAD", "--format", "markdown")
    assert "No changes." in result.stdout


def test_unknown_filters_say_what_was_meant(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("changelog", "--area", "inovation")
    assert result.exit_code == 1 and "did you mean 'innovation'" in result.stderr
    result = invoke("changelog", "--owner", "do")
    assert result.exit_code == 1 and "no owner" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("value", ["2023-13-01", "2023-02-30"])
def test_a_bad_date_is_wrong_usage(invoke: Invoke, story: dict[str, str], value: str) -> None:
    result = invoke("changelog", "--since", value)
    assert result.exit_code == 2 and "is not a date" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("value", ["--all", "-n1", "--output=/tmp/pwned", "-"])
def test_a_revision_starting_with_a_dash_is_refused(
    invoke: Invoke, story: dict[str, str], value: str, tmp_path: Path
) -> None:
    for option in ("--since", "--until"):
        result = invoke("changelog", f"{option}={value}")
        assert result.exit_code == 3 and "invalid revision" in result.stderr
        no_traceback(result)
    result = invoke("status", f"--as-of={value}")
    assert result.exit_code == 3
    assert not Path("/tmp/pwned").exists()


def test_an_unknown_revision(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("changelog", "--since", "v9.9")
    assert result.exit_code == 3 and "unknown revision 'v9.9'" in result.stderr
    no_traceback(result)


def test_since_last_meeting_without_meetings(invoke: Invoke, git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", roadmap_text(item("INN-1", "x", "innovation")), "Start")
    result = invoke("changelog", "--since", "last-meeting")
    assert result.exit_code == 1 and "records no meeting" in result.stderr
    no_traceback(result)


def test_since_last_meeting_takes_the_latest_date(invoke: Invoke, git_repo: GitRepo) -> None:
    import datetime as dt

    meetings = (
        meeting(dt.date(2023, 11, 16), "Later") + "\n" + meeting(dt.date(2023, 11, 10), "Earlier")
    )
    git_repo.commit_file(
        "roadmap.toml", roadmap_text(item("INN-1", "x", "innovation")), "One"
    )  # 11-15
    git_repo.commit_file(
        "roadmap.toml", roadmap_text(item("INN-1", "y", "innovation"), meetings=meetings), "Two"
    )
    doc = json.loads(invoke("changelog", "--since", "last-meeting", "--format", "json").stdout)
    assert doc["since"] == "last-meeting (2023-11-16)"
    assert {e["kind"] for e in doc["events"]} == {"title", "meeting_added"}


def test_detached_head_changelog(invoke: Invoke, story: dict[str, str], git_repo: GitRepo) -> None:
    git_repo.git("checkout", "-q", "--detach", story["fixed"])
    result = invoke("changelog", "--format", "json", "--since", story["slip"])
    assert result.exit_code == 0
    assert {e["commit"] for e in json.loads(result.stdout)["events"]} == {story["fixed"]}


# --- git as it really is -------------------------------------------------------------------


def test_outside_a_repository_exit_3_while_other_commands_work(
    invoke: Invoke, roadmap: Path
) -> None:
    for args in (
        ["changelog"],
        ["history", "INN-1"],
        ["trend"],
        ["status", "--as-of", "2024-01-01"],
    ):
        result = invoke(*args)
        assert result.exit_code == 3, args
        assert "not in a git repository" in result.stderr
        no_traceback(result)
    assert invoke("status").exit_code == 0
    assert invoke("list").exit_code == 0


def test_shallow_clone_says_so_and_how_to_fetch(
    invoke: Invoke, story: dict[str, str], git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = git_repo.path.parent / "ci"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{git_repo.path}", str(clone)], check=True
    )
    monkeypatch.chdir(clone)
    for args in (["changelog"], ["changelog", "--format", "json"], ["history", "INN-1"], ["trend"]):
        result = invoke(*args)
        assert result.exit_code == 3, args
        assert "cut short" in result.stderr and "git fetch --unshallow" in result.stderr
        assert result.stdout == ""
    result = invoke("changelog", "--since", "HEAD~1", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["commits"] == 1


# --- history ID ------------------------------------------------------------------------------


def test_history_of_one_item(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("history", "INN-1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()[1:]
    assert [line.split()[0] for line in lines] == [
        "2023-11-15",
        "2023-11-16",
        "2023-11-17",
        "2023-11-17",
        "2023-11-17",
        "2023-11-22",
    ]
    assert "added" in lines[0] and "45 days later" in lines[3]
    doc = json.loads(invoke("history", "GOV-2", "--format", "json").stdout)
    assert [(e["kind"], e["author"]) for e in doc["events"]] == [
        ("added", "Luis Pérez"),
        ("removed", "Luis Pérez"),
    ]
    golden("history-INN-2.md", invoke("history", "INN-2", "--format", "markdown").stdout)


def test_history_of_an_unknown_item(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("history", "inn-1")
    assert result.exit_code == 1 and "did you mean 'INN-1'" in result.stderr
    no_traceback(result)


# --- trend -----------------------------------------------------------------------------------


def test_trend_json_series(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("trend", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    areas = {a["id"]: a for a in doc["areas"]}
    assert list(areas) == ["innovation", "governance"]
    assert areas["innovation"]["name"] == "Innovation"
    assert areas["innovation"]["series"][0] == {
        "date": "2023-11-15",
        "total": 2,
        "done": 0,
        "dropped": 0,
    }
    assert areas["innovation"]["series"][-1] == {
        "date": "2023-11-22",
        "total": 2,
        "done": 1,
        "dropped": 0,
    }
    assert [s["total"] for s in areas["governance"]["series"]] == [1, 2, 2, 2, 1, 1, 1]
    assert doc["overall"]["series"][-1] == {
        "date": "2023-11-22",
        "total": 3,
        "done": 1,
        "dropped": 0,
    }
    one = json.loads(invoke("trend", "--area", "governance", "--format", "json").stdout)
    assert [a["id"] for a in one["areas"]] == ["governance"] and "overall" not in one


def test_trend_chart(invoke: Invoke, story: dict[str, str]) -> None:
    result = invoke("trend")
    assert result.exit_code == 0
    assert "Innovation: 1 of 2 items done (50%)\n" in result.stdout
    assert "█" in result.stdout and "░" in result.stdout and "2023-11-15" in result.stdout
    assert "\x1b" not in result.stdout
    assert invoke("trend", "--area", "nowhere").exit_code == 1


# --- status --as-of --------------------------------------------------------------------------


def test_status_as_of_a_date_and_a_revision(invoke: Invoke, story: dict[str, str]) -> None:
    doc = json.loads(invoke("status", "--as-of", "2023-11-16", "--format", "json").stdout)
    assert doc["as_of"] == "2023-11-16" and doc["overall"]["total"] == 4
    assert doc["overall"]["by_status"]["in_progress"] == 2
    result = invoke("status", "--as-of", story["tables"], "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2023-11-20" and doc["overall"]["total"] == 3
    assert [b["id"] for b in doc["blocked"]] == ["GOV-1"]
    assert "as of 2023-11-20" in result.stderr
    now = json.loads(invoke("status", "--format", "json").stdout)
    assert now["overall"]["by_status"]["done"] == 1


def test_status_as_of_before_the_file_existed_or_when_broken(
    invoke: Invoke, story: dict[str, str]
) -> None:
    cases = [
        ("2020-01-01", 1, "no commit on or before 2020-01-01"),
        (story["broken"], 1, "not valid TOML"),
        ("nope", 3, "unknown revision"),
        ("2023-02-30", 2, "is not a date"),
    ]
    for value, code, message in cases:
        result = invoke("status", "--as-of", value)
        assert result.exit_code == code and message in result.stderr, value
        no_traceback(result)


# --- what no one may do through the file -------------------------------------------------------


def test_values_cannot_drive_the_terminal_or_the_markdown(
    invoke: Invoke, git_repo: GitRepo
) -> None:
    evil = "Evil \x1b[31mred\x1b[0m [link](http://x) <script>|"
    git_repo.commit_file("roadmap.toml", roadmap_text(item("INN-1", "x", "innovation")), "One")
    git_repo.commit_file(
        "roadmap.toml",
        roadmap_text(item("INN-1", evil, "innovation")),
        "Two",
        author="Bad \x1b]0;x\x07 Actor",
    )
    table = invoke("changelog").stdout
    assert "\x1b" not in table and "\\x1b[31m" in table
    text = invoke("changelog", "--format", "markdown").stdout
    assert "\x1b" not in text and "\\<script>" in text and "\\[link\\](http" in text  # inert
    doc = json.loads(invoke("changelog", "--format", "json").stdout)
    assert doc["events"][-1]["to"] == evil  # JSON carries the value as it is, escaped by JSON


def test_no_rich_or_gitpython_for_json(story: dict[str, str], git_repo: GitRepo) -> None:
    code = (
        "import sys; from ewg.cli.app import run; run(['changelog', '--format', 'json']);"
        "bad = [m for m in ('git', 'tomlkit', 'rich.console') if m in sys.modules];"
        "sys.stderr.write(repr(bad))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=git_repo.path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("[]")


def test_a_merged_change_is_credited_to_its_author(
    invoke: Invoke, story: dict[str, str], git_repo: GitRepo
) -> None:
    text = (git_repo.path / "roadmap.toml").read_text()
    git_repo.git("checkout", "-q", "-b", "member")
    side = git_repo.commit_file(
        "roadmap.toml", text.replace('"in_progress"', '"blocked"', 1), "Block", author="Side Author"
    )
    git_repo.git("checkout", "-q", "main")
    git_repo.tick("Merger")
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge member", "member")
    merge = git_repo.git("rev-parse", "HEAD").strip()
    doc = json.loads(invoke("changelog", "--since", story["done"], "--format", "json").stdout)
    [event] = doc["events"]
    assert (event["commit"], event["author"], event["merge"]["commit"]) == (
        side,
        "Side Author",
        merge,
    )
    text = invoke("changelog", "--since", story["done"], "--format", "markdown").stdout
    assert f"(Side Author, `{side[:8]}`, merged in `{merge[:8]}`)" in text


# --- the quick path (JSON without Typer) --------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["changelog", "--format", "json"],
        ["changelog", "--format=json", "--since", "HEAD~3", "--until=HEAD~1"],
        [
            "--no-color",
            "changelog",
            "--since",
            "2023-11-17",
            "-a",
            "innovation",
            "--format",
            "json",
        ],
        ["changelog", "--format", "json", "--since", "last-meeting", "--lang", "es"],
        ["changelog", "--format", "json", "-o", "doe", "-i", "INN-1", "--file", "roadmap.toml"],
        ["-f", "roadmap.toml", "history", "INN-2", "--format", "json"],
    ],
)
def test_quick_path_answers_as_the_app_does(
    invoke: Invoke, story: dict[str, str], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    from ewg.cli.quick import quick

    assert quick(argv) == 0
    fast = capsys.readouterr()
    slow = invoke(*argv)
    assert slow.exit_code == 0
    assert (fast.out, fast.err) == (slow.stdout, slow.stderr)


@pytest.mark.parametrize(
    "argv",
    [
        ["changelog"],
        ["changelog", "--format", "markdown"],
        ["changelog", "--format", "json", "--help"],
        ["--version"],
        ["changelog", "--format", "json", "--since", "no-such-rev"],
        ["changelog", "--format", "json", "--since=-x"],
        ["changelog", "--format", "json", "--since", "2023-02-30"],
        ["changelog", "--format", "json", "--area", "nowhere"],
        ["changelog", "--format", "json", "--lang", "fr"],
        ["changelog", "--format", "json", "--since", "HEAD", "--since", "HEAD~1"],
        ["changelog", "--format", "json", "--since"],
        ["changelog", "--format", "json", "extra"],
        ["history", "--format", "json"],
        ["history", "NOPE-1", "--format", "json"],
        ["trend", "--format", "json"],
        ["status", "--format", "json", "--as-of", "HEAD"],
        ["changelog", "--format", "json", "-fx"],
    ],
)
def test_quick_path_hands_everything_else_to_the_app(
    story: dict[str, str], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    from ewg.cli.quick import quick

    assert quick(argv) is None
    assert capsys.readouterr().out == ""


def test_quick_path_is_taken_by_the_console_script(
    story: dict[str, str], git_repo: GitRepo
) -> None:
    code = (
        "import sys; sys.argv = ['ewg', 'changelog', '--format', 'json'];"
        "from ewg.__main__ import run\n"
        "code = run()\n"
        "sys.stderr.write(repr([code, 'typer' in sys.modules]))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=git_repo.path, capture_output=True, text=True, env=env
    )
    assert done.stderr.endswith("[0, False]"), done.stderr
    assert json.loads(done.stdout)["commits"] == 8


def test_quick_path_finds_the_file_as_the_store_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ewg.errors import RoadmapFileError
    from ewg.files import find as light_find
    from ewg.files import locate
    from ewg.store import find

    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    with pytest.raises(RoadmapFileError):
        find()
    with pytest.raises(RoadmapFileError):
        light_find()
    assert locate(None) is None
    (tmp_path / "a" / "roadmap.toml").write_text("")
    assert locate(None) == light_find() == find()
    assert locate("x.toml") == light_find("x.toml") == find("x.toml")
    monkeypatch.setenv("EWG_FILE", "elsewhere.toml")
    assert locate(None) == light_find() == find() == Path("elsewhere.toml")


def test_quick_path_leaves_terminals_to_the_app_and_its_progress_bar(
    story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ewg.cli.quick import quick

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert quick(["changelog", "--format", "json"]) is None


def test_progress_bar_reports_long_scans_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from ewg.cli import history as cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with cli.progress_bar("Reading") as progress:
        assert progress is not None
        progress(0, 10)  # short: no bar
        progress(0, 500)
        progress(500, 500)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with cli.progress_bar("Reading") as progress:
        assert progress is None
