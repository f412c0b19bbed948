"""The lookup tables: `ewg area list`, `ewg owner list|add|rm`, `ewg milestone list|add|rm`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer

from ewg.cli.app import STATE, handle_errors, out, parse_date, roadmap_path
from ewg.cli.common import show
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_milestone, complete_owner
from ewg.commands import tables as command
from ewg.errors import UsageError
from ewg.i18n import _
from ewg.model import Country, Sector

area_app = typer.Typer(help="The thematic areas.", no_args_is_help=True)
owner_app = typer.Typer(help="The institutions that own items.", no_args_is_help=True)
milestone_app = typer.Typer(help="Dated milestones.", no_args_is_help=True)


class TableFormat(StrEnum):
    """Formats of the list subcommands."""

    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the command groups of this module to the app."""
    app.add_typer(area_app, name="area")
    app.add_typer(owner_app, name="owner")
    app.add_typer(milestone_app, name="milestone")


def _emit(
    headers: list[str],
    rows: list[list[str]],
    key: str,
    data: list[dict[str, Any]],
    fmt: TableFormat,
) -> None:
    from ewg.render.escape import json_document
    from ewg.render.text import columns

    if fmt is TableFormat.json:
        out(json_document({"schema_version": 1, key: data}))
    else:
        out(columns(headers, rows))


@area_app.command("list")
@handle_errors
def area_list(
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="Output format."),
) -> None:
    """The thematic areas, with their prefixes and item counts."""
    roadmap, counts = command.with_counts(roadmap_path(), "areas")
    rows = [
        [a.id, a.prefix, a.label(STATE.lang), str(counts[a.id])] for a in roadmap.areas.values()
    ]
    data = [
        {
            "id": a.id,
            "name": a.name,
            "name_es": a.name_es,
            "prefix": a.prefix,
            "items": counts[a.id],
        }
        for a in roadmap.areas.values()
    ]
    _emit([_("ID"), _("Prefix"), _("Name"), _("Items")], rows, "areas", data, format)


@owner_app.command("list")
@handle_errors
def owner_list(
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="Output format."),
) -> None:
    """The owners, with sector and country."""
    roadmap, counts = command.with_counts(roadmap_path(), "owners")
    owners = list(roadmap.owners.values())
    rows = [
        [o.id, _(o.sector), _(o.country), str(counts[o.id]), o.label(STATE.lang)] for o in owners
    ]
    data = [
        {
            "id": o.id,
            "name": o.name,
            "sector": o.sector,
            "country": o.country,
            "items": counts[o.id],
        }
        for o in owners
    ]
    _emit([_("ID"), _("Sector"), _("Country"), _("Items"), _("Name")], rows, "owners", data, format)


@owner_app.command("add")
@handle_errors
def owner_add(
    key: str = typer.Argument(..., metavar="ID", help="Short id, e.g. sre."),
    name: str = typer.Option(..., "--name", help="Full name of the institution."),
    sector: Sector = typer.Option(..., "--sector", help="Helix sector."),
    country: Country = typer.Option(..., "--country", help="Country."),
    name_es: str | None = typer.Option(None, "--name-es", help="Name in Spanish."),
    commit: bool = CommitOpt,
) -> None:
    """Add an owner."""
    if not name.strip():
        raise UsageError(_("the name is empty"))
    fields = command.owner_fields(name, sector.value, country.value, name_es)
    show(command.add(roadmap_path(), "owners", key, fields, commit))


@owner_app.command("rm")
@handle_errors
def owner_rm(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the owner to remove.", autocompletion=complete_owner
    ),
    commit: bool = CommitOpt,
) -> None:
    """Remove an owner; refuses while items refer to it."""
    show(command.remove(roadmap_path(), "owners", key, commit))


@milestone_app.command("list")
@handle_errors
def milestone_list(
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="Output format."),
) -> None:
    """The milestones by due date, with their items."""
    from ewg.cli.app import today
    from ewg.query import summarize
    from ewg.store import read

    roadmap = read(roadmap_path()).roadmap
    summary = summarize(roadmap, today())
    rows = [
        [
            m.id,
            m.due.isoformat() if m.due else "",
            f"{p.done}/{p.counted}",
            f"{p.percent}%",
            m.label(STATE.lang),
        ]
        for m, p in summary.milestones
    ]
    data = [
        {
            "id": m.id,
            "title": m.title,
            "title_es": m.title_es,
            "due": m.due.isoformat() if m.due else None,
            "items": p.total,
            "done": p.done,
            "percent": p.percent,
        }
        for m, p in summary.milestones
    ]
    _emit(
        [_("ID"), _("Due"), _("Done"), _("Progress"), _("Title")], rows, "milestones", data, format
    )


@milestone_app.command("add")
@handle_errors
def milestone_add(
    key: str = typer.Argument(..., metavar="ID", help="Short id, e.g. roadmap-draft."),
    title: str = typer.Option(..., "--title", help="Title."),
    due: str = typer.Option(..., "--due", help="Due date, YYYY-MM-DD."),
    title_es: str | None = typer.Option(None, "--title-es", help="Title in Spanish."),
    commit: bool = CommitOpt,
) -> None:
    """Add a milestone."""
    due_date = parse_date(due, "--due")
    if not title.strip():
        raise UsageError(_("the title is empty"))
    fields = command.milestone_fields(title, due_date, title_es)
    show(command.add(roadmap_path(), "milestones", key, fields, commit))


@milestone_app.command("rm")
@handle_errors
def milestone_rm(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the milestone to remove.", autocompletion=complete_milestone
    ),
    commit: bool = CommitOpt,
) -> None:
    """Remove a milestone; refuses while items refer to it."""
    show(command.remove(roadmap_path(), "milestones", key, commit))
