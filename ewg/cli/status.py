"""`ewg status`: what coordinators read before every session."""

from __future__ import annotations

from enum import StrEnum

import typer

from ewg.cli.app import handle_errors, out
from ewg.cli.lookup import complete_area


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
    from ewg.cli.actions import status_text

    if as_of:
        from ewg.cli.history import roadmap_as_of

        roadmap, when = roadmap_as_of(as_of)
        out(status_text(format.value, area, roadmap, when))
    else:
        out(status_text(format.value, area))
