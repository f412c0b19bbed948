"""The commands layer: one status rule, one since/until/as-of reader, titles in the output language.

Each rule is checked through every command that applies it, as a user runs
them, and the layer itself is checked to stay free of Typer.
"""

from __future__ import annotations

import ast
import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import TODAY, Invoke
from tests.helpers import ROOT, GitRepo


def items(path: Path) -> dict[str, dict[str, object]]:
    """The items of the file by id, parsed independently of ewg."""
    return {i["id"]: i for i in tomllib.loads(path.read_text(encoding="utf-8"))["items"]}


# --- one transition rule -------------------------------------------------------------------


def test_set_status_done_is_done(roadmap: Path, invoke: Invoke, tmp_path: Path) -> None:
    # PRV-3 is blocked with a reason; give it a progress value first.
    assert invoke("set", "PRV-3", "--progress", "30").exit_code == 0
    twin = tmp_path / "twin.toml"
    shutil.copyfile(roadmap, twin)
    result = invoke("set", "PRV-3", "--status", "done")
    assert result.exit_code == 0, result.stderr
    item = items(roadmap)["PRV-3"]
    assert "reason" not in item  # it stayed, stale, before
    assert item["progress"] == 100  # it stayed at 30 before
    assert str(item["completed"]) == TODAY and item["status"] == "done"
    assert invoke("--file", str(twin), "done", "PRV-3").exit_code == 0
    assert twin.read_bytes() == roadmap.read_bytes()  # `done` and `set --status done` agree


@pytest.mark.parametrize("status", ["blocked", "dropped"])
def test_blocked_and_dropped_need_a_reason_by_every_path(
    roadmap: Path, invoke: Invoke, status: str
) -> None:
    before = roadmap.read_bytes()
    for args in (
        ["set", "INN-3", "--status", status],
        ["set", "INN-3", "--status", status, "--reason", "  "],
        ["add", "New", "--area", "innovation", "--status", status],
    ):
        result = invoke(*args)
        assert result.exit_code == 2 and "--reason must say why" in result.stderr, args
    assert roadmap.read_bytes() == before
    assert invoke("set", "INN-3", "--status", status, "--reason", "Why not").exit_code == 0
    assert items(roadmap)["INN-3"]["reason"] == "Why not"
    new = invoke("add", "New", "-a", "innovation", "-s", status, "-r", "Because").stdout.strip()
    assert items(roadmap)[new]["status"] == status and items(roadmap)[new]["reason"] == "Because"


def test_a_reason_goes_with_blocked_or_dropped_only(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    for args in (
        ["set", "INN-3", "--status", "planned", "--reason", "x"],
        ["set", "INN-3", "--reason", "x"],  # INN-3 is planned
        ["add", "New", "--area", "innovation", "--reason", "x"],
    ):
        result = invoke(*args)
        assert result.exit_code == 2 and "--reason" in result.stderr, args
    assert roadmap.read_bytes() == before
    alone = invoke("set", "INN-2", "--reason", "x")  # INN-2 is in progress
    assert alone.exit_code == 2 and "not in_progress" in alone.stderr
    assert invoke("set", "PRV-3", "--reason", "Still waiting").exit_code == 0
    assert items(roadmap)["PRV-3"]["reason"] == "Still waiting"
    assert items(roadmap)["PRV-3"]["status"] == "blocked"


@pytest.mark.parametrize(
    "args",
    [["start", "INN-1"], ["set", "INN-1", "--status", "planned"], ["block", "INN-1", "-r", "x"]],
)
def test_leaving_done_drops_completed(roadmap: Path, invoke: Invoke, args: list[str]) -> None:
    assert "completed" in items(roadmap)["INN-1"]
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert "completed" not in items(roadmap)["INN-1"]


@pytest.mark.parametrize("args", [["start", "PRV-3"], ["set", "PRV-3", "--status", "in_progress"]])
def test_entering_in_progress_drops_the_reason_and_records_start(
    roadmap: Path, invoke: Invoke, args: list[str]
) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    item = items(roadmap)["PRV-3"]
    assert "reason" not in item and str(item["start"]) == TODAY


def test_add_with_a_status_brings_what_the_status_brings(roadmap: Path, invoke: Invoke) -> None:
    started = invoke("add", "A", "-a", "innovation", "-s", "in_progress").stdout.strip()
    finished = invoke("add", "B", "-a", "innovation", "-s", "done").stdout.strip()
    late = invoke("add", "C", "-a", "innovation", "-s", "in_progress", "--due", "2020-01-01")
    given = invoke("add", "D", "-a", "innovation", "-s", "in_progress", "--start", "2026-01-05")
    found = items(roadmap)
    assert str(found[started]["start"]) == TODAY and "completed" not in found[started]
    assert str(found[finished]["completed"]) == TODAY and "start" not in found[finished]
    assert "start" not in found[late.stdout.strip()]  # overdue already: as `ewg start` does
    assert str(found[given.stdout.strip()]["start"]) == "2026-01-05"
    # Keys in the usual order, reason before created.
    blocked = invoke("add", "E", "-a", "innovation", "-s", "blocked", "-r", "R").stdout.strip()
    assert list(items(roadmap)[blocked]) == [
        "id", "title", "area", "owners", "status", "reason", "created"
    ]  # fmt: skip


def test_explicit_options_win_over_what_the_status_brings(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("set", "INN-2", "--status", "done", "--progress", "90")
    assert result.exit_code == 0, result.stderr
    assert items(roadmap)["INN-2"]["progress"] == 90
    assert "INN-2 updated: progress, status" in result.stderr


def test_the_rule_as_a_function() -> None:
    from ewg.commands.transitions import fields
    from ewg.errors import UsageError
    from ewg.model import Item

    day = dt.date(2026, 11, 27)
    done = Item.from_table(
        {"id": "A-1", "title": "t", "area": "a", "status": "done", "completed": dt.date(2026, 1, 1)}
    )
    assert fields("done", None, day, done) == {
        "status": "done",
        "reason": None,
        "completed": dt.date(2026, 1, 1),
    }
    assert fields("planned", None, day, done) == {
        "status": "planned",
        "reason": None,
        "completed": None,
    }
    assert fields("dropped", "r", day) == {"status": "dropped", "reason": "r"}
    with pytest.raises(UsageError):
        fields("blocked", None, day, done)


# --- one reader of since, until and as-of ----------------------------------------------------


@pytest.fixture
def history_repo(git_repo: GitRepo, invoke: Invoke) -> GitRepo:
    """The bundled roadmap committed, then INN-3 done and a new item with a Spanish title."""
    git_repo.commit_file("roadmap.toml", (ROOT / "roadmap.toml").read_text("utf-8"), "start")
    git_repo.tick()
    assert invoke("done", "INN-3", "--commit").exit_code == 0
    git_repo.tick()
    added = invoke(
        "add", "Battery recycling study", "--title-es", "Estudio de reciclaje", "-a", "innovation",
        "--commit",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    return git_repo


@pytest.mark.parametrize(
    "args",
    [
        ["changelog", "--since", "2027-3-1"],
        ["changelog", "--until", "2027-02-30"],
        ["changelog", "--format", "json", "--since", "2027-3-1"],
        ["report", "--since", "2027-3-1"],
        ["status", "--as-of", "2027-3-1"],
    ],
)
def test_a_date_shaped_value_that_is_no_date_is_a_usage_error_everywhere(
    history_repo: GitRepo, invoke: Invoke, args: list[str]
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, (result.exit_code, result.stderr)  # was 3 for changelog
    assert "is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_last_meeting_is_read_the_same_by_changelog_and_report(
    history_repo: GitRepo, invoke: Invoke
) -> None:
    assert invoke("changelog", "--since", "last-meeting").exit_code == 0
    assert invoke("report", "--since", "last-meeting").exit_code == 0
    history_repo.commit_file("roadmap.toml", "", "empty")
    for command in ("changelog", "report"):
        result = invoke(command, "--since", "last-meeting", "--file", "roadmap.toml")
        assert result.exit_code != 0


def test_the_reader_as_a_function() -> None:
    from ewg.commands import since
    from ewg.errors import GitError, NotFoundError, UsageError
    from ewg.model import Roadmap
    from ewg.moment import Moment

    assert since.parse("2027-03-01", "--since") == Moment(
        date=dt.date(2027, 3, 1), label="2027-03-01"
    )
    assert since.parse("main~2", "--since", lambda rev: "abc") == Moment(
        commit="abc", label="main~2"
    )
    assert since.parse("main~2", "--since") == Moment(commit="main~2", label="main~2")
    with pytest.raises(UsageError):
        since.parse("2027-3-1", "--since", lambda rev: "never asked")
    with pytest.raises(GitError):
        since.parse("-x", "--since")
    meeting = Roadmap.from_doc({"meetings": [{"date": dt.date(2026, 5, 4), "title": "m"}]})
    assert since.parse("last-meeting", "--since", roadmap=lambda: meeting) == Moment(
        date=dt.date(2026, 5, 4), label="last-meeting (2026-05-04)"
    )
    with pytest.raises(NotFoundError):
        since.parse("last-meeting", "--since", roadmap=Roadmap)
    # Without a roadmap, last-meeting is a revision name like any other (for --until).
    assert since.parse("last-meeting", "--until").commit == "last-meeting"


# --- titles in the output language -----------------------------------------------------------


def test_changelog_names_items_in_the_output_language(
    history_repo: GitRepo, invoke: Invoke
) -> None:
    english = invoke("changelog", "--format", "markdown").stdout
    spanish = invoke("--lang", "es", "changelog", "--format", "markdown").stdout
    assert "**INN-3** Pilot" in english and "Battery recycling study" in english
    assert "**INN-3** Pruebas piloto" in spanish and "“Estudio de reciclaje”" in spanish
    assert "Battery recycling study" not in spanish
    table = invoke("--lang", "es", "changelog", "--since", "HEAD~1").stdout
    assert "Estudio de reciclaje" in table and "Battery recycling" not in table


def test_history_names_the_item_in_the_output_language(
    history_repo: GitRepo, invoke: Invoke
) -> None:
    english = invoke("history", "INN-3", "--format", "markdown").stdout
    spanish = invoke("--lang", "es", "history", "INN-3", "--format", "markdown").stdout
    assert english.startswith("# INN-3 Pilot")
    assert spanish.startswith("# INN-3 Pruebas piloto")


def test_the_report_says_what_changed_in_the_output_language(
    history_repo: GitRepo, invoke: Invoke
) -> None:
    first = history_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    english = invoke("report", "--since", first).stdout
    spanish = invoke("--lang", "es", "report", "--since", first).stdout
    assert "“Battery recycling study”" in english
    assert "“Estudio de reciclaje”" in spanish and "Battery recycling" not in spanish


# --- the layer itself -----------------------------------------------------------------------


def test_the_commands_layer_imports_no_typer_click_or_rich() -> None:
    folder = ROOT / "ewg" / "commands"
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top not in ("typer", "click", "rich"), f"{path.name} imports {name}"
                assert not name.startswith("ewg.cli"), f"{path.name} imports {name}"
    first = (folder / "__init__.py").read_text(encoding="utf-8")
    assert (
        first
        == '"""The commands layer: each command\'s behaviour as plain functions; no Typer."""\n'
    )


def test_the_typer_options_are_built_from_the_one_table() -> None:
    import typer

    from ewg.cli.app import register
    from ewg.commands.options import COMMANDS

    app = typer.main.get_command(register())
    for name, declared in COMMANDS.items():
        params = {p.name: p for p in app.commands[name].params}  # type: ignore[attr-defined]
        for option in declared:
            param = params[option.dest]
            assert tuple(param.opts) == option.flags, (name, option.dest)
            assert param.help == option.help, (name, option.dest)
            if option.choices:
                assert tuple(param.type.choices) == option.choices, (name, option.dest)
        assert set(params) - {"item_id"} == {o.dest for o in declared}, name
