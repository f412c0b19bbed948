"""`ewg report` for officials: golden files, numbers equal to `ewg status`, history seams."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from ewg.commands.report import start_of_changes
from ewg.commands.since import LAST_MEETING
from ewg.model import Roadmap
from ewg.report import burnup_from_stats
from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo
from tests.reportdom import expected_numbers, parse

GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = bool(os.environ.get("EWG_UPDATE_GOLDEN"))  # refresh the golden files on purpose


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/report/NAME; EWG_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"no golden file {path}; run with EWG_UPDATE_GOLDEN=1 to make it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from the golden file (EWG_UPDATE_GOLDEN=1 refreshes)"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("html", "html")])
def test_report_outside_git_matches_the_golden_file(
    roadmap: Path, invoke: Invoke, fmt: str, suffix: str, lang: str
) -> None:
    result = invoke("report", "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    name = f"bundled.{suffix}" if lang == "en" else f"bundled.{lang}.{suffix}"
    check_golden(name, result.stdout)
    unavailable = (
        "The record of past changes is not available"
        if lang == "en"
        else "El registro de los cambios anteriores no está disponible"
    )
    assert unavailable in result.stdout


def test_report_numbers_equal_status_json(roadmap: Path, invoke: Invoke) -> None:
    status = json.loads(invoke("status", "--format", "json").stdout)
    page = invoke("report", "--format", "html").stdout
    shown = parse(page).numbers()
    expected = expected_numbers(status)
    assert {k: shown.get(k) for k in expected} == expected
    markdown = invoke("report").stdout
    for area in status["areas"]:
        by = area["by_status"]
        cells = f"| {area['total']} | {by['done']} | {by['planned'] + by['in_progress'] + by['blocked']} | {by['blocked']} |"
        assert f"| {area['name']} {cells}" in markdown


def test_report_lists_blocked_and_overdue_items_with_owners(roadmap: Path, invoke: Invoke) -> None:
    status = json.loads(invoke("status", "--format", "json").stdout)
    dom = parse(invoke("report", "--format", "html").stdout)
    overdue = {row for table, row, _f, _t in dom.fields if table == "overdue"}
    assert overdue == {i["id"] for i in status["overdue"]}
    page = invoke("report", "--format", "html").stdout
    for item in status["blocked"]:
        assert f'data-item="{item["id"]}"' in page
    assert "California Air Resources Board" in dom.text("blocked")  # owners by name
    assert "Work as a triple helix" in page  # decisions of the last meeting


def test_since_is_checked(roadmap: Path, invoke: Invoke) -> None:
    bad_date = invoke("report", "--since", "2026-02-30")
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.stderr
    option = invoke("report", "--since", "--upload-pack=touch /tmp/x")
    assert option.exit_code in (2, 3) and "Traceback" not in option.stderr
    dash = invoke("report", "--since=-x")
    assert dash.exit_code == 3 and "invalid revision" in dash.stderr
    ok = invoke("report", "--since", "2026-01-01")
    assert ok.exit_code == 0 and "The record of past changes is not available" in ok.stdout


def test_since_last_meeting_needs_a_meeting(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    result = invoke("report", "--since", LAST_MEETING)
    assert result.exit_code == 1 and "no meeting" in result.stderr
    plain = invoke("report")
    assert plain.exit_code == 0 and "No meeting recorded yet." in plain.stdout


def test_start_of_changes() -> None:
    roadmap = Roadmap.from_doc(
        {
            "meetings": [
                {"date": dt.date(2026, 3, 1), "title": "a"},
                {"date": dt.date(2026, 9, 1), "title": "b"},
                {"date": dt.date(2025, 1, 1), "title": "c"},
            ]
        }
    )
    assert start_of_changes(None, roadmap) == start_of_changes(LAST_MEETING, roadmap)
    last = start_of_changes(LAST_MEETING, roadmap)
    assert last is not None and last.date == dt.date(2026, 9, 1) and last.commit is None
    assert last.label == "the last meeting (2026-09-01)"
    day = start_of_changes("2026-05-04", roadmap)
    assert day is not None and day.date == dt.date(2026, 5, 4)
    rev = start_of_changes("main~3", roadmap)  # resolved later, in the repository
    assert rev is not None and rev.commit == "main~3" and rev.date is None
    assert start_of_changes(None, Roadmap()) is None


def test_burnup_series_per_area_ends_with_the_file_as_it_is() -> None:
    roadmap = Roadmap.from_doc(
        {
            "areas": {"a": {"name": "A", "prefix": "A"}, "b": {"name": "B", "prefix": "B"}},
            "items": [
                {"id": "A-1", "title": "x", "area": "a", "status": "done"},
                {"id": "A-2", "title": "y", "area": "a", "status": "dropped"},
                {"id": "A-3", "title": "z", "area": "a", "status": "planned"},
            ],
        }
    )
    d1, d2, today = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
    series = burnup_from_stats(
        [
            (d1, [("a", 1, 0, 0), ("b", 1, 0, 0)]),
            (d1, [("a", 2, 0, 0), ("b", 1, 0, 0)]),  # same day: the last version counts
            (d2, [("a", 3, 1, 1)]),  # area b has no item any more
        ],
        roadmap,
        today,
    )
    assert [(p.day, p.total, p.done) for p in series["a"]] == [
        (d1, 2, 0),
        (d2, 2, 1),
        (today, 2, 1),
    ]
    assert [(p.day, p.total, p.done) for p in series["b"]] == [
        (d1, 1, 0),
        (d2, 0, 0),
        (today, 0, 0),
    ]


def test_report_to_a_file(roadmap: Path, invoke: Invoke) -> None:
    target = roadmap.parent / "report.html"
    result = invoke("report", "--format", "html", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == "" and "report.html" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _history_repo(git_repo: GitRepo, invoke: Invoke) -> None:
    """The bundled roadmap, then three changes committed a day apart by ewg itself."""
    git_repo.commit_file(
        "roadmap.toml", (ROOT / "roadmap.toml").read_text(encoding="utf-8"), "Start the roadmap"
    )
    git_repo.tick("Bob Smith")
    assert invoke("done", "INN-2", "--commit").exit_code == 0
    git_repo.tick("Ana Ruiz")
    added = invoke(
        "meeting",
        "add",
        "--date",
        "2023-11-17",
        "--title",
        "Second session",
        "--title-es",
        "Segunda sesión",
        "-a",
        "sre",
        "-a",
        "doe",
        "-d",
        "Unblock INN-4 <b>now</b>; publish the diagnosis.",
        "-i",
        "INN-4",
        "--commit",
    )
    assert added.exit_code == 0, added.stderr
    git_repo.tick()
    assert invoke("block", "HUM-2", "--reason", "Waiting for funds", "--commit").exit_code == 0


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("html", "html")])
def test_report_with_history_matches_the_golden_file(
    git_repo: GitRepo, invoke: Invoke, fmt: str, suffix: str, lang: str
) -> None:
    _history_repo(git_repo, invoke)
    result = invoke("report", "--format", fmt, "--lang", lang)  # since the last meeting
    assert result.exit_code == 0, result.stderr
    name = f"history.{suffix}" if lang == "en" else f"history.{lang}.{suffix}"
    check_golden(name, result.stdout)


def test_changes_since_the_last_meeting_a_date_and_a_revision(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    _history_repo(git_repo, invoke)
    since_meeting = parse(invoke("report", "--format", "html").stdout).text("changes")
    assert "HUM-2" in since_meeting and "INN-2" not in since_meeting
    assert "meeting recorded" in since_meeting  # the meeting's own commit is that day
    everything = parse(invoke("report", "--format", "html", "--since", "2000-01-01").stdout)
    assert "INN-2" in everything.text("changes") and "Bob Smith" in everything.text("changes")
    first = git_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    by_rev = parse(invoke("report", "--format", "html", "--since", first[:10]).stdout)
    assert first[:8] in everything.text("changes")  # the first commit added everything
    assert first[:8] not in by_rev.text("changes")  # a revision is exclusive
    commits = {c[:8] for c in git_repo.git("rev-list", "HEAD").split()} - {first[:8]}
    assert all(c in by_rev.text("changes") for c in commits)
    unknown = invoke("report", "--since", "no-such-branch")
    assert unknown.exit_code == 3 and "unknown revision" in unknown.stderr


def test_burnup_charts_follow_the_history(git_repo: GitRepo, invoke: Invoke) -> None:
    _history_repo(git_repo, invoke)
    status = json.loads(invoke("status", "--format", "json").stdout)
    page = invoke("report", "--format", "html").stdout
    dom = parse(page)
    charts = {v for t, k, v in dom.attrs if t == "figure" and k == "data-area"}
    assert charts == {a["id"] for a in status["areas"]}
    # Each chart ends with the file as it is: items that count, and items done.
    for area in status["areas"]:
        counted = area["total"] - area["by_status"]["dropped"]
        done = area["by_status"]["done"]
        assert (
            f'data-total="{counted}" data-done="{done}"'
            in page.split(f'data-area="{area["id"]}"><figcaption>')[1].split("</figure>")[0]
        )
    markdown = invoke("report").stdout.split("## Burn-up by area", 1)[1]
    for area in status["areas"]:
        counted = area["total"] - area["by_status"]["dropped"]
        row = next(line for line in markdown.splitlines() if line.startswith(f"| {area['name']} |"))
        assert row.endswith(f"| {area['by_status']['done']}/{counted} |"), row


def test_a_shallow_clone_gives_a_report_without_history(
    git_repo: GitRepo, invoke: Invoke, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _history_repo(git_repo, invoke)
    clone = tmp_path / "shallow"
    git_repo.git("clone", "-q", "--depth", "1", f"file://{git_repo.path}", str(clone))
    monkeypatch.chdir(clone)
    result = invoke("report", "--since", "2000-01-01")
    assert result.exit_code == 0, result.stderr
    assert "The record of past changes is not available" in result.stdout
    assert "shallow" in result.stdout


def test_burnup_keeps_the_corners_of_its_steps() -> None:
    """A day that changed nothing of an area adds no point: the chart's steps are the same
    and its table lists only the dates where the figures change, then today."""
    roadmap = Roadmap.from_doc(
        {
            "areas": {"a": {"name": "A", "prefix": "A"}},
            "items": [{"id": "A-1", "title": "x", "area": "a", "status": "done"}],
        }
    )
    days = [dt.date(2026, 1, n) for n in range(1, 8)]
    counts = [(1, 0), (1, 0), (1, 1), (1, 1), (1, 1), (1, 0), (1, 0)]
    stats = [
        (day, [("a", total, done, 0)]) for day, (total, done) in zip(days, counts, strict=True)
    ]
    series = burnup_from_stats(stats, roadmap, dt.date(2026, 3, 1))
    assert [(p.day.day, p.done) for p in series["a"]] == [(1, 0), (3, 1), (6, 0), (1, 1)]
