"""The lookup tables: `ewg area list|set`, `ewg owner list|add|set|rename|rm`,
`ewg milestone list|add|set|rename|rm`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer

from ewg.cli.app import STATE, handle_errors, out, parse_date, roadmap_path
from ewg.cli.common import show
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_area, complete_milestone, complete_owner
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


@area_app.command("set")
@handle_errors
def area_set(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the area.", autocompletion=complete_area
    ),
    name: str | None = typer.Option(None, "--name", help="Name."),
    name_es: str | None = typer.Option(None, "--name-es", help="Name in Spanish ('' removes it)."),
    prefix: str | None = typer.Option(
        None, "--prefix", help="Refused: ids are permanent (see the docs)."
    ),
    commit: bool = CommitOpt,
) -> None:
    """Change the names of an area (its prefix stays)."""
    from ewg.errors import RefusedError

    if prefix is not None:
        raise RefusedError(
            _("an area's prefix cannot change: item ids are permanent"),
            hint=_(
                "ids are quoted in minutes, e-mails and commit messages; "
                "add a new area and move the items with `ewg set --area` instead"
            ),
        )
    changes = _names({"name": name}, {"name_es": name_es})
    show(command.set_fields(roadmap_path(), "areas", key, changes, commit))


@owner_app.command("set")
@handle_errors
def owner_set(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the owner.", autocompletion=complete_owner
    ),
    name: str | None = typer.Option(None, "--name", help="Full name of the institution."),
    name_es: str | None = typer.Option(None, "--name-es", help="Name in Spanish ('' removes it)."),
    sector: Sector | None = typer.Option(None, "--sector", help="Helix sector."),
    country: Country | None = typer.Option(None, "--country", help="Country."),
    commit: bool = CommitOpt,
) -> None:
    """Change an owner's name, sector or country."""
    changes = _names({"name": name}, {"name_es": name_es})
    if sector is not None:
        changes["sector"] = sector.value
    if country is not None:
        changes["country"] = country.value
    show(command.set_fields(roadmap_path(), "owners", key, changes, commit))


@owner_app.command("rename")
@handle_errors
def owner_rename(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the owner.", autocompletion=complete_owner
    ),
    new: str = typer.Argument(..., metavar="NEW_ID", help="The new id."),
    commit: bool = CommitOpt,
) -> None:
    """Give an owner a new id, in its table, items and meetings."""
    show(command.rename(roadmap_path(), "owners", key, new, commit))


@milestone_app.command("set")
@handle_errors
def milestone_set(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the milestone.", autocompletion=complete_milestone
    ),
    title: str | None = typer.Option(None, "--title", help="Title."),
    title_es: str | None = typer.Option(
        None, "--title-es", help="Title in Spanish ('' removes it)."
    ),
    due: str | None = typer.Option(None, "--due", help="Due date, YYYY-MM-DD."),
    commit: bool = CommitOpt,
) -> None:
    """Change a milestone's title or due date."""
    changes = _names({"title": title}, {"title_es": title_es})
    if due is not None:
        changes["due"] = parse_date(due, "--due")
    show(command.set_fields(roadmap_path(), "milestones", key, changes, commit))


@milestone_app.command("rename")
@handle_errors
def milestone_rename(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the milestone.", autocompletion=complete_milestone
    ),
    new: str = typer.Argument(..., metavar="NEW_ID", help="The new id."),
    commit: bool = CommitOpt,
) -> None:
    """Give a milestone a new id, in its table and its items."""
    show(command.rename(roadmap_path(), "milestones", key, new, commit))


def _names(required: dict[str, str | None], optional: dict[str, str | None]) -> dict[str, Any]:
    """The changes of a name (not empty) and its translation ('' removes it)."""
    changes: dict[str, Any] = {}
    for key, value in required.items():
        if value is not None:
            if not value.strip():
                raise UsageError(_("--{key}: the value is empty").format(key=key.replace("_", "-")))
            changes[key] = value
    for key, value in optional.items():
        if value is not None:
            changes[key] = value or None
    return changes
