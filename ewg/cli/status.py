"""`ewg status`: what coordinators read before every session."""

from __future__ import annotations

from enum import StrEnum

import typer

from ewg.cli.app import STATE, handle_errors, out, read_document, today
from ewg.cli.lookup import complete_area, require


class StatusFormat(StrEnum):
    """Formats of `ewg status`."""

    table = "table"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("status")(status)


@handle_errors
def status(
    area: str | None = typer.Option(
        None, "--area", "-a", help="Only this area.", autocompletion=complete_area
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE|REV",
        help="The status as it stood at the end of DATE (YYYY-MM-DD) or at revision REV, from git.",
    ),
    format: StatusFormat = typer.Option(StatusFormat.table, "--format", help="Output format."),
) -> None:
    """Progress per area and milestone, overdue and blocked items, triple-helix coverage."""
    from ewg.query import summarize
    from ewg.render import status as render

    if as_of:
        from ewg.cli.history import roadmap_as_of

        roadmap, when = roadmap_as_of(as_of)
    else:
        roadmap, when = read_document().roadmap, today()
    if area:
        require("area", area, roadmap.areas)
    summary = summarize(roadmap, when, area)
    if format is StatusFormat.json:
        import json

        out(json.dumps(render.to_json(summary), ensure_ascii=False, indent=2) + "\n")
    elif format is StatusFormat.markdown:
        out(render.render_markdown(summary, roadmap, STATE.lang))
    else:
        import shutil
        import sys

        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else None
        out(render.render_table(summary, roadmap, STATE.lang, width, STATE.color and tty))
