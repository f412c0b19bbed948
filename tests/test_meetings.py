"""`ewg meeting add|list` and the validation of meetings' references."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from ewg.validate import UNKNOWN_REF, check_data
from tests.conftest import Invoke
from tests.helpers import GitRepo


def meetings(path: Path) -> list[dict[str, object]]:
    """The meetings of the file, parsed independently of ewg."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return list(data.get("meetings", []))


def test_add_appends_after_the_last_meeting_and_changes_nothing_else(
    roadmap: Path, invoke: Invoke
) -> None:
    before = roadmap.read_text(encoding="utf-8")
    result = invoke(
        "meeting",
        "add",
        "--date",
        "2026-11-20",
        "--title",
        "Second plenary session",
        "--title-es",
        "Segunda sesión plenaria",
        "-a",
        "sre",
        "--attendee",
        "doe",
        "-d",
        "Publish the diagnosis in January.",
        "--decision",
        "Meet again in March; invite CONACYT.",
        "--item",
        "INN-2",
    )
    assert result.exit_code == 0, result.stderr
    after = roadmap.read_text(encoding="utf-8")
    assert after.startswith(before)  # only lines at the end, after the last meeting
    last = meetings(roadmap)[-1]
    assert str(last["date"]) == "2026-11-20" and last["title_es"] == "Segunda sesión plenaria"
    assert last["attendees"] == ["sre", "doe"] and last["items"] == ["INN-2"]
    assert last["decisions"] == [
        "Publish the diagnosis in January.",
        "Meet again in March; invite CONACYT.",
    ]
    data = tomllib.loads(after)
    assert not [d for d in check_data(data) if d.is_error and d.path[:1] == ("meetings",)]


def test_add_refuses_unknown_references_and_bad_input_without_touching_the_file(
    roadmap: Path, invoke: Invoke
) -> None:
    before = roadmap.read_bytes()
    unknown_owner = invoke("meeting", "add", "--date", "2026-11-20", "--title", "x", "-a", "sree")
    assert unknown_owner.exit_code == 1 and "did you mean 'sre'?" in unknown_owner.stderr
    unknown_item = invoke("meeting", "add", "--date", "2026-11-20", "--title", "x", "-i", "INN-99")
    assert unknown_item.exit_code == 1 and "no item 'INN-99'" in unknown_item.stderr
    bad_date = invoke("meeting", "add", "--date", "20-11-2026", "--title", "x")
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.stderr
    empty = invoke("meeting", "add", "--date", "2026-11-20", "--title", "  ")
    assert empty.exit_code == 2
    empty_decision = invoke("meeting", "add", "--date", "2026-11-20", "--title", "x", "-d", "")
    assert empty_decision.exit_code == 2
    missing = invoke("meeting", "add", "--title", "x")
    assert missing.exit_code == 2
    for result in (unknown_owner, unknown_item, bad_date, empty, empty_decision, missing):
        assert "Traceback" not in result.stderr
    assert roadmap.read_bytes() == before


def test_add_to_a_file_without_meetings(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    result = invoke("meeting", "add", "--date", "2026-01-15", "--title", "Kick-off")
    assert result.exit_code == 0, result.stderr
    assert meetings(tmp_path / "roadmap.toml") == [
        {"date": __import__("datetime").date(2026, 1, 15), "title": "Kick-off"}
    ]
    listed = json.loads(invoke("meeting", "list", "--format", "json").stdout)
    assert listed["schema_version"] == 1
    assert listed["meetings"][0]["date"] == "2026-01-15"


def test_list_orders_by_date_in_every_format(roadmap: Path, invoke: Invoke) -> None:
    invoke("meeting", "add", "--date", "2025-05-05", "--title", "Middle", "-d", "Go on.")
    table = invoke("meeting", "list")
    assert table.exit_code == 0
    out = table.stdout
    assert out.index("2023-11-14") < out.index("2025-05-05")
    assert "Decisions:" in out and "- Go on." in out
    data = json.loads(invoke("meeting", "list", "--format", "json").stdout)["meetings"]
    assert [m["date"] for m in data] == ["2023-11-14", "2025-05-05"]
    md = invoke("meeting", "list", "--format", "markdown").stdout
    assert md.startswith("# Meetings\n") and "Secretaría de Relaciones Exteriores" in md


def test_commit_records_the_meeting(git_repo: GitRepo, invoke: Invoke) -> None:
    from tests.helpers import ROOT

    git_repo.commit_file(
        "roadmap.toml", (ROOT / "roadmap.toml").read_text(encoding="utf-8"), "start"
    )
    result = invoke(
        "meeting", "add", "--date", "2026-11-20", "--title", "Second session", "--commit"
    )
    assert result.exit_code == 0, result.stderr
    message = git_repo.git("log", "-1", "--format=%s")
    assert "meeting" in message and "2026-11-20" in message and "Second session" in message
    assert git_repo.git("status", "--porcelain") == ""


def test_validation_checks_meeting_references_and_keys() -> None:
    data = {
        "roadmap": {"title": "T"},
        "areas": {"a": {"name": "A", "prefix": "A"}},
        "owners": {"sre": {"name": "SRE", "sector": "government", "country": "MX"}},
        "items": [{"id": "A-1", "title": "x", "area": "a", "status": "planned", "owners": ["sre"]}],
        "meetings": [
            {"date": __import__("datetime").date(2026, 1, 1), "title": "ok", "attendees": ["sre"]},
            {
                "date": __import__("datetime").date(2026, 2, 1),
                "title": "bad",
                "attendees": ["sree"],
                "items": ["A-2"],
                "minutes": "x",
            },
            {"title": "no date", "decisions": "not a list"},
        ],
    }
    found = [d for d in check_data(data) if d.path and d.path[0] == "meetings"]
    refs = [d for d in found if d.code == UNKNOWN_REF]
    assert {d.path[:3] for d in refs} == {  # the key, or the element of its array
        ("meetings", 1, "attendees"),
        ("meetings", 1, "items"),
    }
    assert any(d.hint == "did you mean 'sre'?" for d in refs)
    codes = {(d.path, d.code) for d in found}
    assert (("meetings", 1, "minutes"), "E004") in codes  # unknown key
    assert (("meetings", 2), "E006") in codes  # no date
    assert (("meetings", 2, "decisions"), "E005") in codes  # wrong type
    assert all(d.path[1] != 0 for d in found)  # the good meeting has no finding


def test_refused_write_when_the_file_already_names_unknown_owners_in_meetings(
    roadmap: Path, invoke: Invoke
) -> None:
    # A hand edit left a bad reference: adding another meeting still works, and
    # validation names the bad one.
    text = roadmap.read_text(encoding="utf-8").replace(
        'attendees = ["sre", "shcp"', 'attendees = ["sre", "nobody", "shcp"'
    )
    roadmap.write_text(text, encoding="utf-8")
    result = invoke("meeting", "add", "--date", "2026-11-20", "--title", "Next")
    assert result.exit_code == 0, result.stderr
    assert meetings(roadmap)[-1]["title"] == "Next"


def test_list_json_holds_the_spanish_decisions(roadmap: Path, invoke: Invoke) -> None:
    """Officials who read Spanish get the decisions as written in Spanish, in JSON too."""
    with roadmap.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[meetings]]\ndate = 2025-06-01\ntitle = "Review"\n'
            'decisions = ["Publish the map."]\ndecisions_es = ["Publicar el mapa."]\n'
        )
    data = json.loads(invoke("meeting", "list", "--format", "json").stdout)["meetings"]
    review = next(m for m in data if m["title"] == "Review")
    assert (review["decisions"], review["decisions_es"]) == (
        ["Publish the map."],
        ["Publicar el mapa."],
    )
