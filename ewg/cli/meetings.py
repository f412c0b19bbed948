"""`ewg meeting add|list`: the record of the group's sessions, in `[[meetings]]`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from ewg.cli.actions import write
from ewg.cli.app import STATE, handle_errors, note, out, parse_date, roadmap_path
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_item, complete_owner, require, require_item
from ewg.errors import UsageError
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.model import Meeting
    from ewg.store import Document

meeting_app = typer.Typer(help="The sessions of the group.", no_args_is_help=True)


class MeetingFormat(StrEnum):
    """Formats of `ewg meeting list`."""

    table = "table"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the command group of this module to the app."""
    app.add_typer(meeting_app, name="meeting")


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


@meeting_app.command("add")
@handle_errors
def meeting_add(
    date: str = typer.Option(..., "--date", help="Date of the session, YYYY-MM-DD."),
    title: str = typer.Option(..., "--title", help="Name of the session."),
    title_es: str | None = typer.Option(None, "--title-es", help="Name of the session in Spanish."),
    attendee: list[str] = typer.Option(
        [],
        "--attendee",
        "-a",
        help="Owner id of an institution present (repeatable).",
        autocompletion=complete_owner,
    ),
    decision: list[str] = typer.Option(
        [], "--decision", "-d", help="A decision taken (repeatable)."
    ),
    item: list[str] = typer.Option(
        [],
        "--item",
        "-i",
        help="Id of an item discussed (repeatable).",
        autocompletion=complete_item,
    ),
    commit: bool = CommitOpt,
) -> None:
    """Record a session of the group after the last one in the file."""
    from ewg.store import append_array_table, read

    day = parse_date(date, "--date")
    if not title.strip():
        raise UsageError(_("the title is empty"))
    if any(not d.strip() for d in decision):
        raise UsageError(_("--decision: a decision is empty"))
    roadmap = read(roadmap_path()).roadmap
    for owner_id in attendee:
        require("owner", owner_id, roadmap.owners)
    for item_id in item:
        require_item(roadmap, item_id)

    def change(doc: Document) -> Document:
        table: dict[str, Any] = {"date": day, "title": title}
        if title_es:
            table["title_es"] = title_es
        if attendee:
            table["attendees"] = list(dict.fromkeys(attendee))
        if decision:
            table["decisions"] = list(decision)
        if item:
            table["items"] = list(dict.fromkeys(item))
        return append_array_table(doc, "meetings", table)

    write(
        change,
        lambda _doc: _("roadmap: meeting of {date}: {title}").format(date=day, title=title),
        commit,
    )
    note(_("recorded the meeting of {date}").format(date=day))


@meeting_app.command("list")
@handle_errors
def meeting_list(
    format: MeetingFormat = typer.Option(MeetingFormat.table, "--format", help="Output format."),
) -> None:
    """The sessions of the group by date, with their decisions."""
    import datetime as dt

    from ewg.store import read

    roadmap = read(roadmap_path()).roadmap
    meetings = sorted(roadmap.meetings, key=lambda m: m.date or dt.date.max)
    if format is MeetingFormat.json:
        import json

        data = {"schema_version": 1, "meetings": [meeting_json(m) for m in meetings]}
        out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from ewg.render.meetings import render_markdown, render_text

    render = render_markdown if format is MeetingFormat.markdown else render_text
    out(render(meetings, roadmap, STATE.lang))
