"""`ewg meeting add|list`: the record of the group's sessions, in `[[meetings]]`."""

from __future__ import annotations

from ewg.commands.outcome import Outcome
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from ewg.model import Meeting, Roadmap
    from ewg.store import Document


def add(
    path: Path,
    date: str,
    title: str,
    title_es: str | None = None,
    attendees: Sequence[str] = (),
    decisions: Sequence[str] = (),
    items: Sequence[str] = (),
    commit: bool = False,
) -> Outcome:
    """Record a session after the last one in the file; attendees and items must exist."""
    from ewg.commands.dates import parse_date
    from ewg.commands.items import check_references, read_roadmap
    from ewg.commands.writes import write
    from ewg.errors import UsageError
    from ewg.store import append_array_table

    day = parse_date(date, "--date")
    if not title.strip():
        raise UsageError(_("the title is empty"))
    if any(not d.strip() for d in decisions):
        raise UsageError(_("--decision: a decision is empty"))
    check_references(read_roadmap(path), owners=attendees, depends=items)

    def change(doc: Document) -> Document:
        table: dict[str, Any] = {"date": day, "title": title}
        if title_es:
            table["title_es"] = title_es
        if attendees:
            table["attendees"] = list(dict.fromkeys(attendees))
        if decisions:
            table["decisions"] = list(decisions)
        if items:
            table["items"] = list(dict.fromkeys(items))
        return append_array_table(doc, "meetings", table)

    write(
        path,
        change,
        lambda _doc: _("roadmap: meeting of {date}: {title}").format(date=day, title=title),
        commit,
    )
    return Outcome(messages=[_("recorded the meeting of {date}").format(date=day)])


def by_date(roadmap: Roadmap) -> list[Meeting]:
    """The sessions of the roadmap, oldest first (undated ones last)."""
    import datetime as dt

    return sorted(roadmap.meetings, key=lambda m: m.date or dt.date.max)


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    """A meeting as JSON-ready data."""
    return {
        "date": meeting.date.isoformat() if meeting.date else None,
        "title": meeting.title,
        "title_es": meeting.title_es,
        "attendees": list(meeting.attendees),
        "decisions": list(meeting.decisions),
        "items": list(meeting.items),
    }
