"""`ewg meeting set|rm`, and scheduled sessions: the next one, and "the last meeting"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ewg.model import Meeting, Roadmap
from tests.conftest import Invoke
from tests.helpers import ROOT

BASE = (ROOT / "tests" / "data" / "commented.toml").read_text(encoding="utf-8")
MEETINGS = """
# The first session.
[[meetings]]   # header comment
date = 2026-05-04   # first
title = "First session"
attendees = ["sre", "doe"]  # both
decisions = ["Publish the diagnosis in Januray."]
items = ["INN-1"]

[[meetings]]
date = 2026-12-10
title = "Second session"
"""
TEXT = BASE + MEETINGS


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def test_set_fixes_a_decision_and_changes_only_its_line(sessions: Path, invoke: Invoke) -> None:
    result = invoke(
        "meeting", "set", "2026-05-04", "--fix-decision", "1=Publish the diagnosis in January."
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "changed the meeting of 2026-05-04\n"
    assert sessions.read_text(encoding="utf-8") == TEXT.replace("Januray", "January")


def test_set_adds_and_removes_one_entry_at_a_time(sessions: Path, invoke: Invoke) -> None:
    result = invoke(
        "meeting",
        "set",
        "2026-05-04",
        "--rm-attendee",
        "doe",
        "--decision",
        "Meet again in December.",
        "--rm-item",
        "INN-1",
        "--item",
        "INN-2",
        "--title-es",
        "Primera sesión",
    )
    assert result.exit_code == 0, result.stderr
    assert sessions.read_text(encoding="utf-8") == TEXT.replace(
        'title = "First session"\nattendees = ["sre", "doe"]  # both\n'
        'decisions = ["Publish the diagnosis in Januray."]\nitems = ["INN-1"]\n',
        'title = "First session"\ntitle_es = "Primera sesión"\nattendees = ["sre"]  # both\n'
        'decisions = ["Publish the diagnosis in Januray.", "Meet again in December."]\n'
        'items = ["INN-2"]\n',
    )


def test_a_scheduled_session_is_completed_later(sessions: Path, invoke: Invoke) -> None:
    result = invoke(
        "meeting",
        "set",
        "2026-12-10",
        "-a",
        "sre",
        "-d",
        "Adopt the roadmap.",
        "--date",
        "2026-12-11",
    )
    assert result.exit_code == 0, result.stderr
    assert sessions.read_text(encoding="utf-8") == TEXT.replace(
        'date = 2026-12-10\ntitle = "Second session"\n',
        'date = 2026-12-11\ntitle = "Second session"\nattendees = ["sre"]\n'
        'decisions = ["Adopt the roadmap."]\n',
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("2026-05-05", "--title", "X"), 1, "no meeting on 2026-05-05"),
        (("2026-05-04",), 2, "nothing to change"),
        (("2026-05-04", "--rm-attendee", "cec"), 1, "the meeting has no attendees 'cec'"),
        (("2026-05-04", "--rm-decision", "2"), 1, "the meeting has no decision 2"),
        (("2026-05-04", "--fix-decision", "one=x"), 2, "is not N=TEXT"),
        (("2026-05-04", "-a", "nobody"), 1, "nobody"),
        (("2026-05-04", "--date", "2026-02-30"), 2, "--date"),
    ],
)
def test_set_refusals_leave_the_file_alone(
    sessions: Path, invoke: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke("meeting", "set", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert sessions.read_text(encoding="utf-8") == TEXT


def test_two_meetings_on_one_day_need_an_index(sessions: Path, invoke: Invoke) -> None:
    text = TEXT + '\n[[meetings]]\ndate = 2026-05-04\ntitle = "Afternoon"\n'
    sessions.write_text(text, encoding="utf-8")
    refused = invoke("meeting", "rm", "2026-05-04")
    assert refused.exit_code == 1 and "--index" in refused.stderr
    assert invoke("meeting", "rm", "2026-05-04", "--index", "3").exit_code == 2
    assert invoke("meeting", "set", "2026-05-04", "--index", "2", "--title", "PM").exit_code == 0
    assert sessions.read_text(encoding="utf-8") == text.replace('"Afternoon"', '"PM"')


def test_rm_deletes_the_table_with_its_comment(sessions: Path, invoke: Invoke) -> None:
    result = invoke("meeting", "rm", "2026-05-04")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "removed the meeting of 2026-05-04\n"
    first = MEETINGS.split("\n[[meetings]]\ndate = 2026-12-10")[0]
    assert sessions.read_text(encoding="utf-8") == TEXT.replace(first.lstrip("\n") + "\n", "")


def test_set_and_rm_in_spanish(sessions: Path, invoke: Invoke) -> None:
    result = invoke("--lang", "es", "meeting", "rm", "2026-05-05")
    assert result.exit_code == 1
    assert "no hay ninguna reunión el 2026-05-05" in result.stderr
    done = invoke("--lang", "es", "meeting", "set", "2026-05-04", "--title", "Uno")
    assert done.stderr == "se modificó la reunión del 2026-05-04\n"


def test_last_meeting_is_on_or_before_today_and_next_is_after() -> None:
    held = Meeting(dt.date(2026, 5, 4), "held")
    same_day = Meeting(dt.date(2026, 11, 27), "today")
    ahead = Meeting(dt.date(2026, 12, 10), "ahead")
    later = Meeting(dt.date(2027, 1, 10), "later")
    roadmap = Roadmap(meetings=[later, ahead, held, same_day])
    today = dt.date(2026, 11, 27)
    assert roadmap.last_meeting(today) is same_day
    assert roadmap.last_meeting(dt.date(2026, 11, 26)) is held
    assert roadmap.last_meeting(dt.date(2026, 5, 3)) is None
    assert roadmap.next_meeting(today) is ahead
    assert roadmap.next_meeting(dt.date(2027, 1, 10)) is None


def test_list_marks_the_scheduled_session(sessions: Path, invoke: Invoke) -> None:
    text = invoke("meeting", "list").stdout
    assert "2026-12-10  Second session  (scheduled)\n" in text
    assert "2026-05-04  First session\n" in text
    es = invoke("--lang", "es", "meeting", "list", "--format", "markdown").stdout
    assert "## 2026-12-10 — Second session (programada)\n" in es
    data = json.loads(invoke("meeting", "list", "--format", "json").stdout)
    assert [m["scheduled"] for m in data["meetings"]] == [False, True]


def test_status_names_the_next_session(sessions: Path, invoke: Invoke) -> None:
    assert invoke("status").stdout.endswith("\n\nNext session: 2026-12-10  Second session\n")
    es = invoke("--lang", "es", "status", "--format", "markdown").stdout
    assert es.endswith("\n\n**Próxima reunión:** 2026-12-10 — Second session\n")


def test_status_names_the_next_session_in_json_and_beside_indicators(
    sessions: Path, invoke: Invoke
) -> None:
    data = json.loads(invoke("status", "--format", "json").stdout)
    assert data["next_session"] == {"date": "2026-12-10", "title": "Second session"}
    # A roadmap with indicators still names it, after the Indicators section.
    indicator = (
        '\n[indicators.chargers-mx]\nname = "Chargers"\narea = "innovation"\ncountry = "MX"\n'
        'unit = "chargers"\nbaseline = { date = 2023-01-01, value = 100 }\n'
        "target = { date = 2030-12-31, value = 1000 }\n"
    )
    text = sessions.read_text(encoding="utf-8")
    at = text.index("[[meetings]]")
    sessions.write_text(text[:at] + indicator.lstrip("\n") + "\n" + text[at:], encoding="utf-8")
    shown = invoke("status")
    assert shown.exit_code == 0, shown.stderr
    assert "Chargers" in shown.stdout
    assert shown.stdout.endswith("\n\nNext session: 2026-12-10  Second session\n")
    data = json.loads(invoke("status", "--format", "json").stdout)
    assert data["next_session"]["date"] == "2026-12-10" and data["indicators"]


def test_status_without_a_scheduled_session_says_nothing_of_one(
    sessions: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EWG_TODAY", "2026-12-10")
    assert "Next session" not in invoke("status").stdout


def test_since_last_meeting_skips_the_scheduled_session(sessions: Path, invoke: Invoke) -> None:
    from ewg.commands.since import last_meeting
    from ewg.store import read

    moment = last_meeting(read(sessions).roadmap, "--since")
    assert moment.date == dt.date(2026, 5, 4)


def test_the_report_shows_the_last_session_held_not_the_scheduled_one(
    roadmap: Path, invoke: Invoke
) -> None:
    added = invoke("meeting", "add", "--date", "2026-12-10", "--title", "Scheduled plenary")
    assert added.exit_code == 0, added.stderr
    text = invoke("report").stdout
    last = text.split("## Decisions of the last meeting\n", 1)[1]
    assert last.startswith("\n**2023-11-14 — Launch session of the working group**")
    assert "Scheduled plenary" not in text


DECISIONS = (
    "decisions = [\n"
    '    "Work as a triple helix of government, industry and academia of both countries.",\n'
    '    "Organise the work in five areas: innovation, human capital, provider development,'
    ' infrastructure development and governance structures.",\n'
    '    "Draft a binational roadmap for the transition to electric vehicles and meet'
    ' regularly.",\n'
    "]\n"
)


def test_a_multi_line_list_of_decisions_changes_entry_by_entry(
    roadmap: Path, invoke: Invoke
) -> None:
    before = roadmap.read_text(encoding="utf-8")
    assert before.count(DECISIONS) == 1
    result = invoke(
        "meeting",
        "set",
        "2023-11-14",
        "--fix-decision",
        "2=Organise the work in five areas.",
        "--rm-decision",
        "1",
        "--decision",
        "Meet again in March.",
    )
    assert result.exit_code == 0, result.stderr
    assert roadmap.read_text(encoding="utf-8") == before.replace(
        DECISIONS,
        "decisions = [\n"
        '    "Organise the work in five areas.",\n'
        '    "Draft a binational roadmap for the transition to electric vehicles and meet'
        ' regularly.",\n'
        '    "Meet again in March.",\n'
        "]\n",
    )


def test_comments_in_a_multi_line_list_stay(sessions: Path, invoke: Invoke) -> None:
    listed = 'attendees = ["sre", "doe"]  # both\n'
    commented = "attendees = [  # both\n  'sre',  # Mexico\n  \"doe\"  # United States\n]\n"
    text = TEXT.replace(listed, commented)
    sessions.write_text(text, encoding="utf-8")
    result = invoke("meeting", "set", "2026-05-04", "--rm-attendee", "sre", "-a", "sre")
    assert result.exit_code == 0, result.stderr  # removed, then added again at the end
    assert sessions.read_text(encoding="utf-8") == text.replace(
        commented,
        'attendees = [  # both\n  "doe",  # United States\n  "sre"\n]\n',
    )
