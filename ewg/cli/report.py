"""`ewg report`: the roadmap for officials, as Markdown or as a self-contained HTML page."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ewg.cli.app import STATE, handle_errors, roadmap_path, today
from ewg.cli.common import emit


class ReportFormat(StrEnum):
    """Formats of `ewg report`."""

    markdown = "markdown"
    html = "html"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("report")(report)


@handle_errors
def report(
    format: ReportFormat = typer.Option(ReportFormat.markdown, "--format", help="Output format."),
    since: str | None = typer.Option(
        None,
        "--since",
        help="What changed since a git revision, a date (YYYY-MM-DD) or last-meeting "
        "(the default when the roadmap has meetings).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
) -> None:
    """A report for officials: progress, milestones, blocked and overdue items, decisions, changes."""
    from ewg.commands.report import report as build

    data = build(roadmap_path(), since, STATE.lang, today())
    if format is ReportFormat.html:
        from ewg.render.report_html import render
    else:
        from ewg.render.report_markdown import render
    emit(render(data), output)
