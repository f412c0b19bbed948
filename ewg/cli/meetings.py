"""`ewg meeting add|set|rm|list`: the record of the group's sessions, in `[[meetings]]`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ewg.cli.app import STATE, handle_errors, out, roadmap_path
from ewg.cli.common import show
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_item, complete_owner
from ewg.commands import meetings as command

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ewg.render.paper import Paper

meeting_app = typer.Typer(help="The sessions of the group.", no_args_is_help=True)


class PaperFormat(StrEnum):
    """Formats of `ewg meeting agenda`."""

    text = "text"
    markdown = "markdown"
    html = "html"


OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")


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


IndexOpt = typer.Option(
    None, "--index", min=1, help="Which meeting of that day (1 = first in the file)."
)


@meeting_app.command("set")
@handle_errors
def meeting_set(
    date: str = typer.Argument(..., metavar="DATE", help="Date of the session, YYYY-MM-DD."),
    new_date: str | None = typer.Option(None, "--date", help="New date, YYYY-MM-DD."),
    title: str | None = typer.Option(None, "--title", help="Name of the session."),
    title_es: str | None = typer.Option(
        None, "--title-es", help="Name of the session in Spanish ('' removes it)."
    ),
    attendee: list[str] = typer.Option(
        [], "--attendee", "-a", help="Add an institution present.", autocompletion=complete_owner
    ),
    no_attendee: list[str] = typer.Option(
        [], "--rm-attendee", help="Remove an institution.", autocompletion=complete_owner
    ),
    decision: list[str] = typer.Option([], "--decision", "-d", help="Add a decision."),
    no_decision: list[int] = typer.Option(
        [], "--rm-decision", min=1, help="Remove decision number N (1 = first)."
    ),
    fix_decision: list[str] = typer.Option(
        [], "--fix-decision", metavar="N=TEXT", help="Replace the text of decision number N."
    ),
    item: list[str] = typer.Option(
        [], "--item", "-i", help="Add an item discussed.", autocompletion=complete_item
    ),
    no_item: list[str] = typer.Option(
        [], "--rm-item", help="Remove an item discussed.", autocompletion=complete_item
    ),
    index: int | None = IndexOpt,
    commit: bool = CommitOpt,
) -> None:
    """Change a recorded session: date, titles, attendees, decisions, items."""
    change = command.MeetingChange(
        new_date,
        title,
        title_es,
        attendee,
        no_attendee,
        decision,
        no_decision,
        [_numbered(value) for value in fix_decision],
        item,
        no_item,
    )
    show(command.set_meeting(roadmap_path(), date, change, index, commit))


def _numbered(value: str) -> tuple[int, str]:
    """`N=TEXT` as (N, TEXT)."""
    from ewg.errors import UsageError
    from ewg.i18n import _

    number, sep, text = value.partition("=")
    if not sep or not number.strip().isdigit() or int(number) < 1:
        raise UsageError(
            _("--fix-decision: {value} is not N=TEXT").format(value=repr(value)),
            hint=_('e.g. --fix-decision "2=Publish the diagnosis in February."'),
        )
    return int(number), text


@meeting_app.command("rm")
@handle_errors
def meeting_rm(
    date: str = typer.Argument(..., metavar="DATE", help="Date of the session, YYYY-MM-DD."),
    index: int | None = IndexOpt,
    commit: bool = CommitOpt,
) -> None:
    """Delete a recorded session."""
    show(command.remove(roadmap_path(), date, index, commit))


@meeting_app.command("list")
@handle_errors
def meeting_list(
    format: MeetingFormat = typer.Option(MeetingFormat.table, "--format", help="Output format."),
) -> None:
    """The sessions of the group by date, with their decisions."""
    from ewg.cli.app import today
    from ewg.commands.reading import read

    roadmap = read(roadmap_path()).roadmap
    meetings = command.by_date(roadmap)
    day = today()
    if format is MeetingFormat.json:
        from ewg.render.escape import json_document

        data = {
            "schema_version": 1,
            "meetings": [command.meeting_json(m, day) for m in meetings],
        }
        out(json_document(data))
        return
    from ewg.render.meetings import render_markdown, render_text

    render = render_markdown if format is MeetingFormat.markdown else render_text
    out(render(meetings, roadmap, STATE.lang, day))


@meeting_app.command("agenda")
@handle_errors
def meeting_agenda(
    date: str | None = typer.Argument(
        None, metavar="DATE", help="Date of the session (default: the next one scheduled)."
    ),
    format: PaperFormat = typer.Option(PaperFormat.text, "--format", help="Output format."),
    output: Path | None = OutputOpt,
) -> None:
    """Draft the agenda of the next session from the roadmap and its history."""
    from ewg.cli.app import today
    from ewg.commands.agenda import agenda
    from ewg.render.agenda import paper

    emit_paper(paper(agenda(roadmap_path(), date, STATE.lang, today())), format, output)


@meeting_app.command("minutes")
@handle_errors
def meeting_minutes(
    date: str = typer.Argument(..., metavar="DATE", help="Date of the session, YYYY-MM-DD."),
    format: PaperFormat = typer.Option(PaperFormat.markdown, "--format", help="Output format."),
    output: Path | None = OutputOpt,
    index: int | None = IndexOpt,
) -> None:
    """The minutes of a session: attendees, decisions, items then and now, changes since."""
    from ewg.cli.app import today
    from ewg.commands.minutes import minutes
    from ewg.render.minutes import paper

    value = minutes(roadmap_path(), date, index, STATE.lang, today())
    emit_paper(paper(value), format, output)


def emit_paper(value: Paper, format: PaperFormat, output: Path | None) -> None:
    """Write a paper in a format, to stdout or to a file."""
    from ewg.cli.common import emit
    from ewg.render import paper

    if format is PaperFormat.html:
        emit(paper.render_html(value), output)
    elif format is PaperFormat.markdown:
        emit(paper.render_markdown(value), output)
    else:
        emit(paper.render_text(value), output)
