"""`ewg export` in every format, each read back with an independent parser."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import Result

from ewg.render.export import fold, ics_text, mermaid_text
from tests.conftest import Invoke
from tests.hostile import FORMULAS, HOSTILE, write_hostile_roadmap

icalendar = pytest.importorskip("icalendar", reason="icalendar is in the test extra")


def raw(result: Result) -> str:
    """stdout as written (the test runner's `stdout` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def file_items(path: Path) -> list[dict[str, object]]:
    """The items of the file, parsed independently of ewg."""
    return list(tomllib.loads(path.read_text(encoding="utf-8"))["items"])


def test_csv_has_every_item_and_field(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert raw(result).count("\r\n") == len(file_items(roadmap)) + 1
    rows = list(csv.DictReader(io.StringIO(raw(result), newline="")))
    items = file_items(roadmap)
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    inn2 = next(r for r in rows if r["id"] == "INN-2")
    assert inn2["owners"] == "doe;sre;uc" and inn2["progress"] == "40"
    assert inn2["due"] == "2027-03-31" and inn2["status"] == "in_progress"


def test_csv_cells_never_start_a_formula(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    rows = list(csv.reader(io.StringIO(raw(invoke("export", "--format", "csv")), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.lstrip()[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]
    titles = {row[0]: row[1] for row in rows[1:]}
    for n, formula in enumerate(FORMULAS, start=2):
        assert titles[f"INN-{n}"] == "'" + formula.replace("\t", " ").replace("\r", " ")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "".join(cells))


def test_json_holds_the_whole_roadmap(roadmap: Path, invoke: Invoke) -> None:
    data = json.loads(invoke("export", "--format", "json").stdout)
    parsed = tomllib.loads(roadmap.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["roadmap"]["title"] == parsed["roadmap"]["title"]
    assert [a["id"] for a in data["areas"]] == list(parsed["areas"])
    assert [o["id"] for o in data["owners"]] == list(parsed["owners"])
    assert [m["id"] for m in data["milestones"]] == list(parsed["milestones"])
    assert len(data["items"]) == len(parsed["items"])
    assert data["meetings"][0]["decisions"] == parsed["meetings"][0]["decisions"]
    assert data["items"][0]["completed"] == str(parsed["items"][0]["completed"])


def _calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_ical_parses_back_with_every_milestone_due_date_and_meeting(
    roadmap: Path, invoke: Invoke
) -> None:
    text = raw(invoke("export", "--format", "ical"))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = _calendar(text)
    events = list(calendar.walk("VEVENT"))
    parsed = tomllib.loads(roadmap.read_text(encoding="utf-8"))
    milestones = [m for m in parsed["milestones"].values() if "due" in m]
    due_items = [i for i in parsed["items"] if "due" in i and i["status"] != "dropped"]
    assert len(events) == len(milestones) + len(due_items) + len(parsed["meetings"])
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)  # UIDs are unique
    inn2 = next(e for e in events if str(e["SUMMARY"]).startswith("INN-2 due:"))
    assert inn2.decoded("DTSTART").isoformat() == "2027-03-31"
    assert "Owners: U.S. Department of Energy" in str(inn2["DESCRIPTION"])
    assert str(inn2["CATEGORIES"].cats[0]) == "Innovation"
    # UIDs are the same in the next export, so subscribed calendars update events.
    again = _calendar(raw(invoke("export", "--format", "ical")))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(by_uid)


def test_ical_text_is_escaped_and_round_trips(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    text = raw(invoke("export", "--format", "ical"))
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    calendar = _calendar(text)
    events = list(calendar.walk("VEVENT"))
    # The "BEGIN:VEVENT" inside a title stays text: 1 milestone, 7 items, 1 meeting.
    assert len(events) == 9
    inn1 = next(e for e in events if str(e["SUMMARY"]).startswith("INN-1 due:"))
    summary = str(inn1["SUMMARY"])
    assert "a;b,c\\d: #hash" in summary and "\nBEGIN:VEVENT\n" in summary
    assert "URL" in inn1 and str(inn1["URL"]).startswith("https://")  # never javascript:
    meeting = next(e for e in events if str(e["SUMMARY"]).startswith("Meeting:"))
    assert "=2+5" in str(meeting["DESCRIPTION"])


def test_ical_helpers() -> None:
    assert ics_text("a,b;c\\d\ne\r\nf\x1bg") == "a\\,b\\;c\\\\d\\ne\\nfg"
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_ical_follows_the_language(roadmap: Path, invoke: Invoke) -> None:
    text = raw(invoke("--lang", "es", "export", "--format", "ical"))
    calendar = _calendar(text)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("Hoja de ruta binacional redactada" in s for s in summaries)


def test_mermaid_gantt(roadmap: Path, invoke: Invoke) -> None:
    out = invoke("export", "--format", "mermaid").stdout
    lines = out.splitlines()
    assert lines[0] == "gantt" and "    dateFormat YYYY-MM-DD" in lines
    assert "    section Innovation" in lines
    task = next(line for line in lines if line.strip().startswith("INN-2 "))
    assert re.fullmatch(r"    INN-2 [^:;#]+ :active, item_INN_2, 2025-02-03, 2027-03-31", task), (
        task
    )
    assert any(":done, item_INN_1," in line for line in lines)
    assert any(":milestone, milestone_roadmap_draft, 2027-09-30, 0d" in line for line in lines)
    dropped = [i["id"] for i in file_items(roadmap) if i["status"] == "dropped"]
    assert dropped and not any(f" {d} " in f" {line} " for line in lines for d in dropped)


def test_mermaid_names_cannot_break_the_chart(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    out = invoke("export", "--format", "mermaid").stdout
    for line in out.splitlines()[1:]:
        body = line.strip()
        if body.startswith(("title ", "section ")):
            text = body.split(" ", 1)[1]
            assert not re.search(r"[:;<>\"%]", re.sub(r"#\d+;", "", text)), line
        elif body.startswith(("dateFormat", "axisFormat")):
            continue
        else:
            name, _sep, meta = body.rpartition(" :")
            assert not re.search(r"[:;<>\"%]", re.sub(r"#\d+;", "", name)), line
            assert re.fullmatch(r"(\w+, )?\w+, \d{4}-\d\d-\d\d, [\d-]+d?", meta), line
            assert not name.lower().startswith(("click", "section", "title")), line
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert mermaid_text("a: b; c # d\ne") == "a#58; b#59; c #35; d e"
    assert mermaid_text("click here") == "#99;lick here"
    assert HOSTILE  # the hostile text is used above through the file


def test_export_to_a_file(roadmap: Path, invoke: Invoke) -> None:
    target = roadmap.parent / "out" / "roadmap.ics"
    failed = invoke("export", "--format", "ical", "--output", str(target))
    assert failed.exit_code == 1 and "cannot write" in failed.stderr  # no such folder
    target.parent.mkdir()
    result = invoke("export", "--format", "ical", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert invoke("export", "--format", "xlsx").exit_code == 2
    assert invoke("export").exit_code == 2


def test_json_export_holds_every_declared_key_of_each_table(roadmap: Path, invoke: Invoke) -> None:
    from ewg import shape

    data = json.loads(invoke("export", "--format", "json").stdout)
    assert list(data["roadmap"]) == list(shape.ROADMAP.key_names)
    for section in (shape.AREAS, shape.OWNERS, shape.MILESTONES):
        assert [list(entry) for entry in data[section.name]] == [
            ["id", *section.key_names] for _entry in data[section.name]
        ]
    assert all(list(m) == list(shape.MEETINGS.key_names) for m in data["meetings"])
    assert all(set(i) == set(shape.ITEMS.key_names) for i in data["items"])
