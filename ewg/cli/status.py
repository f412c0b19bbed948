"""`ewg status`: what coordinators read before every session."""

from __future__ import annotations

from enum import StrEnum

import typer

from ewg.cli.app import handle_errors, note, out, roadmap_path
from ewg.cli.common import status_text
from ewg.cli.lookup import complete_area
from ewg.cli.options import option


class StatusFormat(StrEnum):
    """Formats of `ewg status` (ewg.commands.options.STATUS_FORMATS)."""

    table = "table"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("status")(status)


@handle_errors
def status(
    area: str | None = option("status", "area", autocompletion=complete_area),
    as_of: str | None = option("status", "as_of"),
    format: StatusFormat = option("status", "format", StatusFormat.table),
) -> None:
    """Progress per area and milestone, overdue and blocked items, triple-helix coverage."""
    if as_of:
        from ewg.commands.status import as_of as roadmap_as_of

        roadmap, when, said = roadmap_as_of(roadmap_path(), as_of)
        note(said)
        out(status_text(format.value, area, roadmap, when))
    else:
        out(status_text(format.value, area))
