"""`ewg meeting add|list`: the record of the group's sessions, in `[[meetings]]`."""

from __future__ import annotations

from enum import StrEnum

import typer

from ewg.cli.app import STATE, handle_errors, out, roadmap_path
from ewg.cli.common import show
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_item, complete_owner
from ewg.commands import meetings as command

meeting_app = typer.Typer(help="The sessions of the group.", no_args_is_help=True)


class MeetingFormat(StrEnum):
    """Formats of `ewg meeting list`."""

    table = "table"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the command group of this module to the app."""
    app.add_typer(meeting_app, name="meeting")


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
    outcome = command.add(roadmap_path(), date, title, title_es, attendee, decision, item, commit)
    show(outcome)


@meeting_app.command("list")
@handle_errors
def meeting_list(
    format: MeetingFormat = typer.Option(MeetingFormat.table, "--format", help="Output format."),
) -> None:
    """The sessions of the group by date, with their decisions."""
    from ewg.commands.reading import read

    roadmap = read(roadmap_path()).roadmap
    meetings = command.by_date(roadmap)
    if format is MeetingFormat.json:
        from ewg.render.escape import json_document

        data = {"schema_version": 1, "meetings": [command.meeting_json(m) for m in meetings]}
        out(json_document(data))
        return
    from ewg.render.meetings import render_markdown, render_text

    render = render_markdown if format is MeetingFormat.markdown else render_text
    out(render(meetings, roadmap, STATE.lang))
