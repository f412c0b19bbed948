"""The member commands as a user runs them: add, set, start, done, block, drop, rm, show, list."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import TODAY, Invoke


def items(path: Path) -> dict[str, dict[str, object]]:
    """The items of the file by id, parsed independently of ewg."""
    return {i["id"]: i for i in tomllib.loads(path.read_text(encoding="utf-8"))["items"]}


def test_add_prints_the_new_id_and_writes_the_item(roadmap: Path, invoke: Invoke) -> None:
    result = invoke(
        "add",
        "Charging corridor study",
        "--area",
        "infrastructure",
        "--owner",
        "doe",
        "--due",
        "2027-06-30",
        "--tag",
        "charging",
        "--depends",
        "INF-1",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "INF-6\n"
    item = items(roadmap)["INF-6"]
    assert item["title"] == "Charging corridor study"
    assert (
        item["owners"] == ["doe"]
        and item["depends_on"] == ["INF-1"]
        and item["tags"] == ["charging"]
    )
    assert str(item["created"]) == TODAY and item["status"] == "planned"


def test_add_goes_after_the_last_item_of_its_area(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_text(encoding="utf-8")
    assert invoke("add", "New", "-a", "innovation", "-o", "uc").exit_code == 0
    after = roadmap.read_text(encoding="utf-8")
    ids = [i for i in items(roadmap)]
    assert ids.index("INN-6") == ids.index("INN-5") + 1
    # Every line of the old file is still there, in order: only lines were added.
    added = after.splitlines()
    old_lines = before.splitlines()
    it = iter(added)
    assert all(line in it for line in old_lines)
    assert (
        len(added) - len(old_lines) == 8
    )  # blank line, header, id title area owners status created


def test_add_without_a_terminal_names_what_is_missing(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    result = invoke("add", "No area")
    assert result.exit_code == 2
    assert "missing --area" in result.stderr and "innovation" in result.stderr
    assert invoke("add").exit_code == 2
    assert roadmap.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--area", "inovation"], "no area 'inovation'", "did you mean 'innovation'?"),
        (["--area", "innovation", "--owner", "sro"], "no owner 'sro'", "did you mean 'sre'?"),
        (["--area", "innovation", "--milestone", "draft"], "no milestone 'draft'", "roadmap-draft"),
        (["--area", "innovation", "--depends", "INN-99"], "no item 'INN-99'", None),
    ],
)
def test_add_unknown_references_exit_1_with_a_suggestion(
    roadmap: Path, invoke: Invoke, args: list[str], message: str, hint: str | None
) -> None:
    before = roadmap.read_bytes()
    result = invoke("add", "Title", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    if hint:
        assert hint in result.stderr
    assert "Traceback" not in result.stderr
    assert roadmap.read_bytes() == before


def test_bad_dates_are_usage_errors(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    for args in (
        ["add", "T", "-a", "innovation", "--due", "31/12/2027"],
        ["set", "INN-2", "--due", "2027-02-30"],
        ["list", "--due-before", "soon"],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert invoke("list", "--bogus").exit_code == 2
    assert roadmap.read_bytes() == before


def test_set_changes_only_the_lines_of_the_fields(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_text(encoding="utf-8").splitlines()
    result = invoke("set", "INN-2", "--progress", "80", "--owner", "uc", "--owner", "sre")
    assert result.exit_code == 0, result.stderr
    after = roadmap.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert {b for _a, b in changed} == {'owners = ["uc", "sre"]', "progress = 80"}
    assert items(roadmap)["INN-2"]["progress"] == 80


def test_set_refuses_invalid_values_and_leaves_the_file(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    assert invoke("set", "INN-2", "--progress", "101").exit_code == 2
    assert invoke("set", "INN-2", "--status", "finished").exit_code == 2
    assert invoke("set", "INN-2", "--link", "javascript:alert(1)").exit_code == 2
    assert invoke("set", "INN-2", "--clear", "id").exit_code == 2
    assert invoke("set", "INN-2").exit_code == 2  # nothing to change
    result = invoke("set", "INN-2", "--start", "2030-01-01")  # after its due date
    assert result.exit_code == 1 and "before it starts" in result.stderr
    assert roadmap.read_bytes() == before


def test_status_changes(roadmap: Path, invoke: Invoke) -> None:
    assert invoke("start", "INN-3").exit_code == 0
    assert items(roadmap)["INN-3"]["status"] == "in_progress"
    result = invoke("done", "INN-3")
    assert result.exit_code == 0 and "INN-3 is now done" in result.stderr
    assert str(items(roadmap)["INN-3"]["completed"]) == TODAY
    assert invoke("block", "INN-2", "--reason", "Waiting for data").exit_code == 0
    assert items(roadmap)["INN-2"]["reason"] == "Waiting for data"
    assert invoke("start", "INN-2").exit_code == 0
    assert "reason" not in items(roadmap)["INN-2"]
    assert invoke("drop", "HUM-5", "--reason", "Merged into HUM-3").exit_code == 0
    assert items(roadmap)["HUM-5"]["status"] == "dropped"
    assert invoke("block", "INN-2").exit_code == 2  # --reason is required
    assert invoke("block", "INN-2", "--reason", "  ").exit_code == 2


def test_unknown_item_suggests_the_closest(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("done", "inn-22")
    assert result.exit_code == 1
    assert "no item 'inn-22'" in result.stderr and "did you mean 'INN-2'?" in result.stderr


def test_rm_refuses_while_others_depend_unless_forced(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    result = invoke("rm", "INN-1")
    assert result.exit_code == 1 and "needed by" in result.stderr
    assert roadmap.read_bytes() == before
    assert invoke("rm", "INN-1", "--force").exit_code == 0
    remaining = items(roadmap)
    assert "INN-1" not in remaining
    assert all("INN-1" not in i.get("depends_on", []) for i in remaining.values())  # type: ignore[operator]


def test_rm_an_item_nobody_needs(roadmap: Path, invoke: Invoke) -> None:
    assert invoke("rm", "INN-5").exit_code == 0
    assert "INN-5" not in roadmap.read_text(encoding="utf-8")


def test_show_table_and_json(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("show", "INN-1")
    assert result.exit_code == 0
    assert "ID:" in result.stdout and "INN-1" in result.stdout and "Needed by:" in result.stdout
    data = json.loads(invoke("show", "INN-1", "--format", "json").stdout)
    assert data["schema_version"] == 1 and data["item"]["id"] == "INN-1"
    assert "INN-3" in data["needed_by"] or data["needed_by"]


def test_list_defaults_to_open_items(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("list")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Status", "Due", "Owners", "Title"]
    statuses = {line.split("  ")[1].strip() for line in lines[1:]}
    assert statuses <= {"planned", "in progress", "blocked"}  # words, not ids
    everything = invoke("list", "--all").stdout.splitlines()
    assert len(everything) == 1 + len(items(roadmap))


def test_list_filters_and_sort(roadmap: Path, invoke: Invoke) -> None:
    def ids(*args: str) -> list[str]:
        result = invoke("list", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [i["id"] for i in json.loads(result.stdout)["items"]]

    data = items(roadmap)
    assert ids("--area", "innovation") == [
        i
        for i, v in data.items()
        if v["area"] == "innovation" and v["status"] in ("planned", "in_progress", "blocked")
    ]
    assert ids("--overdue") and all(str(data[i]["due"]) < TODAY for i in ids("--overdue"))
    assert set(ids("--status", "done")) == {i for i, v in data.items() if v["status"] == "done"}
    assert all("uc" in data[i].get("owners", []) for i in ids("--owner", "uc", "--all"))  # type: ignore[operator]
    assert all(
        data[i].get("milestone") == "diagnosis" for i in ids("--milestone", "diagnosis", "--all")
    )
    assert set(ids("--sector", "academia", "--all")) == {
        i for i, v in data.items() if "uc" in v.get("owners", [])
    }  # type: ignore[operator]
    dues = [str(data[i]["due"]) for i in ids("--sort", "due", "--all") if "due" in data[i]]
    assert dues == sorted(dues)
    before = ids("--due-before", "2027-01-01", "--all")
    assert before and all(str(data[i]["due"]) < "2027-01-01" for i in before)
    result = invoke("list", "--sort", "dew")
    assert result.exit_code == 2 and "did you mean 'due'?" in result.stderr
    assert invoke("list", "--sector", "goverment").exit_code == 2


def test_list_csv_and_markdown(roadmap: Path, invoke: Invoke) -> None:
    rows = list(csv.reader(io.StringIO(invoke("list", "--all", "--format", "csv").stdout)))
    assert rows[0][:4] == ["id", "title", "area", "status"]
    assert len(rows) == 1 + len(items(roadmap))
    markdown = invoke("list", "--format", "markdown").stdout
    assert markdown.startswith("| ID | Status | Due | Owners | Title |\n|---|")


NASTY = 'Evil [link=https://evil.example]click[/link] \x1b[31mred\x1b]8;;https://x\x07 \u202eevil "q" \\ =1+1'


def test_hostile_titles_are_stored_faithfully_and_shown_inert(
    roadmap: Path, invoke: Invoke
) -> None:
    result = invoke("add", NASTY, "--area", "governance", "--owner", "sre")
    assert result.exit_code == 0, result.stderr
    new_id = result.stdout.strip()
    assert items(roadmap)[new_id]["title"] == NASTY
    for args in (["list"], ["show", new_id], ["status"]):
        out = invoke(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    shown = invoke("show", new_id).stdout
    assert "[link=https://evil.example]" in shown  # markup shown as text, not interpreted
    cells = list(csv.reader(io.StringIO(invoke("list", "--format", "csv").stdout)))
    formula = next(c for c in cells if c[0] == new_id)
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in formula)
    md = invoke("list", "--format", "markdown").stdout
    assert "\\[link=<https://evil.example>\\]" in md
    assert not re.search(r"(?<!\\)\[link=", md)  # no unescaped bracket
    data = json.loads(invoke("show", new_id, "--format", "json").stdout)
    assert data["item"]["title"] == NASTY  # JSON carries the exact value


def test_invalid_toml_reports_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.toml").write_text('[roadmap]\ntitle = "x"\n[[items]]\nid = "A-1\n')
    for args in (["status"], ["list"], ["done", "A-1"]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert "not valid TOML" in result.stderr and "line 4" in result.stderr
        assert "Traceback" not in result.stderr


def test_no_roadmap_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("status")
    assert result.exit_code == 1 and "ewg init" in result.stderr


def test_global_options_after_the_command(
    roadmap: Path, tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert invoke("list", "--file", str(roadmap)).exit_code == 0
    assert invoke("-f", str(roadmap), "list").exit_code == 0
    assert invoke("list", f"--file={roadmap}", "--no-color").exit_code == 0
    monkeypatch.setenv("EWG_FILE", str(roadmap))
    assert invoke("show", "INN-1").exit_code == 0


def test_commit_records_a_git_commit(git_repo, invoke: Invoke) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import ROOT

    git_repo.commit_file(
        "roadmap.toml", (ROOT / "roadmap.toml").read_text(encoding="utf-8"), "start"
    )
    git_repo.tick()
    result = invoke("done", "INN-3", "--commit")
    assert result.exit_code == 0, result.stderr
    subject = git_repo.git("log", "-1", "--format=%s").strip()
    assert subject == "INN-3: status planned → done, completed — → 2026-11-27"
    assert git_repo.git("status", "--porcelain").strip() == ""
    result = invoke("add", "Committed", "-a", "innovation", "-o", "uc", "--commit")
    assert git_repo.git("log", "-1", "--format=%s").strip() == 'add INN-6: "Committed"'


def test_commit_outside_git_fails_before_writing(roadmap: Path, invoke: Invoke) -> None:
    before = roadmap.read_bytes()
    result = invoke("done", "INN-3", "--commit")
    assert result.exit_code == 3 and "not in a git repository" in result.stderr
    assert roadmap.read_bytes() == before
