"""`ewg export`: the roadmap for spreadsheets, programs, calendars and Gantt charts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ewg.cli.app import STATE, handle_errors, read_document, today
from ewg.cli.common import emit


class ExportFormat(StrEnum):
    """Formats of `ewg export`."""

    csv = "csv"
    json = "json"
    ical = "ical"
    mermaid = "mermaid"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("export")(export)


@handle_errors
def export(
    format: ExportFormat = typer.Option(..., "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
    excel: bool = typer.Option(
        False,
        "--excel",
        help="CSV for Excel: starts with a UTF-8 byte order mark, so accents read right.",
    ),
) -> None:
    """The roadmap as CSV, JSON, iCalendar (milestones, due dates, meetings) or Mermaid Gantt."""
    from ewg.render import export as render

    roadmap = read_document().roadmap
    if format is ExportFormat.csv:
        text = ("\ufeff" if excel else "") + render.to_csv(roadmap)
    elif format is ExportFormat.json:
        text = render.to_json(roadmap)
    elif format is ExportFormat.ical:
        import datetime as dt

        text = render.to_ical(roadmap, STATE.lang, today(), dt.datetime.now(dt.UTC))
    else:
        text = render.to_mermaid(roadmap, STATE.lang)
    emit(text, output)
