"""`ewg init` and `ewg schema`."""

from __future__ import annotations

import typer

from ewg.cli.app import STATE, handle_errors, note, out
from ewg.cli.common import changed
from ewg.errors import RefusedError
from ewg.i18n import _
from ewg.roadmap_template import DEFAULT_TITLE, DEFAULT_TITLE_ES


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command("init")(init)
    app.command("schema")(schema)


@handle_errors
def init(
    title: str = typer.Option(
        DEFAULT_TITLE,
        "--title",
        help="Title of the roadmap.",
    ),
    title_es: str | None = typer.Option(
        None,
        "--title-es",
        help="Title of the roadmap in Spanish (default: the group's, with the default title).",
    ),
) -> None:
    """Write a new roadmap.toml with the group's five areas; never overwrites."""
    from pathlib import Path

    from ewg.files import resolve, write_atomic, write_error
    from ewg.roadmap_template import new_roadmap

    path = STATE.file or Path("roadmap.toml")
    if path.exists():
        raise RefusedError(
            _("{path} already exists; ewg init never overwrites a roadmap").format(path=path),
            hint=_("use --file to start one somewhere else"),
        )
    # The folders a user names are made, as `status` suggests `ewg --file PATH init`;
    # a dangling symbolic link gets its target (and the target's folder).
    folder = Path(resolve(path)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(path, exc) from None
    if title_es is None and title == DEFAULT_TITLE:
        title_es = DEFAULT_TITLE_ES
    write_atomic(path, new_roadmap(title, title_es or None))
    changed()
    note(_("wrote {path} with the five thematic areas").format(path=path))


@handle_errors
def schema() -> None:
    """Print the JSON Schema of roadmap.toml (for editors and other tools)."""
    from ewg.schema import render

    out(render())
