"""`ewg digest`: what each institution owes, for the terminal, Markdown or e-mail."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ewg.cli.app import STATE, handle_errors, roadmap_path, today
from ewg.cli.lookup import complete_owner


class DigestFormat(StrEnum):
    """Formats of `ewg digest`."""

    text = "text"
    markdown = "markdown"
    plain = "plain"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("digest")(digest)


@handle_errors
def digest(
    owner: str | None = typer.Option(
        None, "--owner", "-o", help="The institution (owner id).", autocompletion=complete_owner
    ),
    every: bool = typer.Option(False, "--all", help="One section per institution."),
    within: int = typer.Option(30, "--within", help="Days ahead that count as due soon."),
    format: DigestFormat = typer.Option(DigestFormat.text, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", help="Write to this file instead of stdout."
    ),
) -> None:
    """What an institution owes: overdue, due soon, blocked, and what others wait on."""
    from ewg.cli.common import emit
    from ewg.commands.digest import digests
    from ewg.i18n import _
    from ewg.render.digest import render

    values, title = digests(roadmap_path(), owner, every, within, STATE.lang, today())
    heading = _("{roadmap}: what each institution owes").format(roadmap=title)
    emit(render(values, format.value, heading), output)
