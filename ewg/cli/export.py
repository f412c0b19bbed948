"""`ewg export`: the roadmap for spreadsheets, programs, calendars and Gantt charts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ewg.cli.app import STATE, handle_errors, read_document, today
from ewg.cli.common import emit
from ewg.cli.options import excel_mark, excel_option
from ewg.i18n import _


class ExportFormat(StrEnum):
    """Formats of `ewg export`."""

    csv = "csv"
    json = "json"
    ical = "ical"
    mermaid = "mermaid"


class ExportWhat(StrEnum):
    """What `ewg export --format csv` holds."""

    items = "items"
    measurements = "measurements"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("export")(export)


@handle_errors
def export(
    format: ExportFormat = typer.Option(..., "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
    what: ExportWhat = typer.Option(
        ExportWhat.items, "--what", help="What the CSV holds: items or measurements."
    ),
    excel: bool = excel_option(),
) -> None:
    """The roadmap as CSV, JSON, iCalendar (milestones, due dates, meetings) or Mermaid Gantt."""
    from ewg.render import export as render

    mark = excel_mark(excel, format is ExportFormat.csv)
    roadmap = read_document().roadmap
    if what is ExportWhat.measurements:
        from ewg.render.indicators import measurements_csv

        if format is not ExportFormat.csv:
            from ewg.errors import UsageError

            raise UsageError(_("--what measurements is a CSV table; use it with --format csv"))
        text = measurements_csv(roadmap.measurements, "\r\n")
    elif format is ExportFormat.csv:
        text = render.to_csv(roadmap)
    elif format is ExportFormat.json:
        text = render.to_json(roadmap)
    elif format is ExportFormat.ical:
        import datetime as dt

        text = render.to_ical(roadmap, STATE.lang, today(), dt.datetime.now(dt.UTC))
    else:
        text = render.to_mermaid(roadmap, STATE.lang)
    emit(mark + text, output)
