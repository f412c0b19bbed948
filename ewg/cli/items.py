"""The member commands: add, set, start, done, block, drop, rm, show, list."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from ewg.cli.actions import change_status, write
from ewg.cli.app import STATE, handle_errors, note, out, parse_date, roadmap_path, today
from ewg.cli.lookup import (
    complete_area,
    complete_item,
    complete_milestone,
    complete_owner,
    require,
    require_item,
)
from ewg.errors import RefusedError, UsageError, did_you_mean
from ewg.i18n import _
from ewg.model import ITEM_KEYS, ITEM_REQUIRED, Status

if TYPE_CHECKING:
    from ewg.store import Document


class ListFormat(StrEnum):
    """Formats of `ewg list`."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShowFormat(StrEnum):
    """Formats of `ewg show`."""

    table = "table"
    json = "json"


ItemArg = typer.Argument(
    ..., metavar="ID", help="Item id, e.g. INN-3.", autocompletion=complete_item, show_default=False
)
CommitOpt = typer.Option(False, "--commit", help="Record the change as a git commit.")


# --- writing ----------------------------------------------------------------------------


def _is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def _ask(prompt: str, choices: list[str], default: str | None = None) -> str:
    import click

    hint = f" [{', '.join(choices)}]" if choices else ""
    return str(
        click.prompt(f"{prompt}{hint}", default=default, err=True, show_default=default is not None)
    )


def _date_opt(value: str | None, option: str) -> Any:
    if value is None:
        return None
    return parse_date(value, option)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    for name, func in (
        ("add", add),
        ("set", set_),
        ("start", start),
        ("done", done),
        ("block", block),
        ("drop", drop),
        ("rm", rm),
        ("show", show),
        ("list", list_),
    ):
        app.command(name)(func)


@handle_errors
def add(
    title: str | None = typer.Argument(None, help="Title of the new item.", show_default=False),
    area: str | None = typer.Option(
        None, "--area", "-a", help="Area id.", autocompletion=complete_area
    ),
    owner: list[str] = typer.Option(
        [], "--owner", "-o", help="Owner id (repeatable).", autocompletion=complete_owner
    ),
    milestone: str | None = typer.Option(
        None, "--milestone", "-m", help="Milestone id.", autocompletion=complete_milestone
    ),
    due: str | None = typer.Option(None, "--due", help="Due date, YYYY-MM-DD."),
    start_: str | None = typer.Option(None, "--start", help="Start date, YYYY-MM-DD."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="Tag (repeatable)."),
    depends: list[str] = typer.Option(
        [],
        "--depends",
        "-d",
        help="Id of an item this one needs (repeatable).",
        autocompletion=complete_item,
    ),
    status: Status = typer.Option(Status.PLANNED, "--status", "-s", help="Initial status."),
    title_es: str | None = typer.Option(None, "--title-es", help="Spanish title."),
    commit: bool = CommitOpt,
) -> None:
    """Add an item; prints its new id. Asks for what is missing when run at a terminal."""
    from ewg.store import read

    roadmap = read(roadmap_path()).roadmap
    interactive = _is_terminal()
    if not title:
        if not interactive:
            raise UsageError(_("missing TITLE"), hint=_('ewg add "Title of the item" --area AREA'))
        title = _ask(_("Title"), [])
    if not title.strip():
        raise UsageError(_("the title is empty"))
    if area is None:
        if not interactive:
            raise UsageError(
                _("missing --area"),
                hint=_("one of: {choices}").format(choices=", ".join(roadmap.areas)),
            )
        area = _ask(_("Area"), list(roadmap.areas))
    require("area", area, roadmap.areas)
    if not owner and interactive:
        answer = _ask(
            _("Owners, comma-separated (empty for none)"), list(roadmap.owners), default=""
        )
        owner = [o.strip() for o in answer.split(",") if o.strip()]
    for owner_id in owner:
        require("owner", owner_id, roadmap.owners)
    if milestone is None and interactive and roadmap.milestones:
        milestone = (
            _ask(_("Milestone (empty for none)"), list(roadmap.milestones), default="") or None
        )
    if milestone:
        require("milestone", milestone, roadmap.milestones)
    for dep in depends:
        require_item(roadmap, dep)
    due_date, start_date = _date_opt(due, "--due"), _date_opt(start_, "--start")
    when = today()
    new_id: list[str] = []

    def change(doc: Document) -> Document:
        from ewg.ids import next_id
        from ewg.store import add_item

        fresh = doc.roadmap
        prefix = fresh.areas[area].prefix if area in fresh.areas else ""
        if not prefix:
            raise RefusedError(_("area {area} has no prefix").format(area=area))
        item_id = next_id(prefix, (i.id for i in fresh.items), doc.path)
        new_id.append(item_id)
        table: dict[str, Any] = {"id": item_id, "title": title, "area": area}
        if title_es:
            table["title_es"] = title_es
        table["owners"] = list(owner)
        table["status"] = status.value
        if milestone:
            table["milestone"] = milestone
        if start_date:
            table["start"] = start_date
        if due_date:
            table["due"] = due_date
        if depends:
            table["depends_on"] = list(depends)
        if tag:
            table["tags"] = list(tag)
        table["created"] = when
        if status.value == Status.DONE:
            table["completed"] = when
        return add_item(doc, table)

    write(
        change,
        lambda _doc: _("roadmap: add {id} {title}").format(id=new_id[0], title=title),
        commit,
    )
    out(new_id[0] + "\n")


@handle_errors
def start(item_id: str = ItemArg, commit: bool = CommitOpt) -> None:
    """Mark an item in progress."""
    change_status(item_id, Status.IN_PROGRESS, commit=commit)


@handle_errors
def done(item_id: str = ItemArg, commit: bool = CommitOpt) -> None:
    """Mark an item done; records the completed date."""
    change_status(item_id, Status.DONE, commit=commit)


@handle_errors
def block(
    item_id: str = ItemArg,
    reason: str = typer.Option(..., "--reason", "-r", help="Why it is blocked."),
    commit: bool = CommitOpt,
) -> None:
    """Mark an item blocked, saying why."""
    change_status(item_id, Status.BLOCKED, reason, commit)


@handle_errors
def drop(
    item_id: str = ItemArg,
    reason: str = typer.Option(..., "--reason", "-r", help="Why it is dropped."),
    commit: bool = CommitOpt,
) -> None:
    """Drop an item, saying why."""
    change_status(item_id, Status.DROPPED, reason, commit)


# What `set --clear` may remove: every optional field but the dates ewg records.
_CLEARABLE = tuple(k for k in ITEM_KEYS if k not in (*ITEM_REQUIRED, "created", "completed"))


@handle_errors
def set_(
    item_id: str = ItemArg,
    title: str | None = typer.Option(None, "--title", help="New title."),
    title_es: str | None = typer.Option(None, "--title-es", help="New Spanish title."),
    owner: list[str] = typer.Option(
        [],
        "--owner",
        "-o",
        help="Owner id; replaces the owners (repeatable).",
        autocompletion=complete_owner,
    ),
    due: str | None = typer.Option(None, "--due", help="Due date, YYYY-MM-DD."),
    start_: str | None = typer.Option(None, "--start", help="Start date, YYYY-MM-DD."),
    milestone: str | None = typer.Option(
        None, "--milestone", "-m", help="Milestone id.", autocompletion=complete_milestone
    ),
    status: Status | None = typer.Option(None, "--status", "-s", help="New status."),
    progress: int | None = typer.Option(
        None, "--progress", "-p", min=0, max=100, help="Progress, 0–100."
    ),
    tag: list[str] = typer.Option([], "--tag", "-t", help="Tag; replaces the tags (repeatable)."),
    depends: list[str] = typer.Option(
        [],
        "--depends",
        "-d",
        help="Dependency; replaces them (repeatable).",
        autocompletion=complete_item,
    ),
    notes: str | None = typer.Option(None, "--notes", help="Notes."),
    link: list[str] = typer.Option(
        [], "--link", help="http(s) link; replaces the links (repeatable)."
    ),
    clear: list[str] = typer.Option(
        [], "--clear", help=f"Remove a field: {', '.join(_CLEARABLE)} (repeatable)."
    ),
    commit: bool = CommitOpt,
) -> None:
    """Edit fields of an item; only their lines change."""
    from ewg.store import read, set_item_fields

    roadmap = read(roadmap_path()).roadmap
    require_item(roadmap, item_id)
    changes: dict[str, Any] = {}
    for field in clear:
        if field not in _CLEARABLE:
            raise UsageError(
                _("--clear: cannot clear {field}").format(field=repr(field)),
                hint=did_you_mean(field, _CLEARABLE)
                or _("one of: {choices}").format(choices=", ".join(_CLEARABLE)),
            )
        changes[field] = None
    if title is not None:
        if not title.strip():
            raise UsageError(_("the title is empty"))
        changes["title"] = title
    if title_es is not None:
        changes["title_es"] = title_es
    if owner:
        for owner_id in owner:
            require("owner", owner_id, roadmap.owners)
        changes["owners"] = list(owner)
    if milestone is not None:
        changes["milestone"] = require("milestone", milestone, roadmap.milestones)
    if due is not None:
        changes["due"] = parse_date(due, "--due")
    if start_ is not None:
        changes["start"] = parse_date(start_, "--start")
    if progress is not None:
        changes["progress"] = progress
    if tag:
        changes["tags"] = list(tag)
    if depends:
        for dep in depends:
            require_item(roadmap, dep)
        changes["depends_on"] = list(depends)
    if notes is not None:
        changes["notes"] = notes
    if link:
        from ewg.render.escape import safe_url

        for url in link:
            if safe_url(url) is None:
                raise UsageError(
                    _("--link: {url} is not an http or https URL").format(url=repr(url))
                )
        changes["links"] = list(link)
    when = today()
    if status is not None:
        changes["status"] = status.value
        if status.value == Status.DONE:
            changes.setdefault("completed", when)
    if not changes:
        raise UsageError(_("nothing to change"), hint=_("see `ewg set --help`"))

    def change(doc: Document) -> Document:
        item = require_item(doc.roadmap, item_id)
        if changes.get("status") == Status.DONE and item.completed:
            changes["completed"] = item.completed
        return set_item_fields(doc, item.id, changes)

    fields = ", ".join(k for k in changes if k != "completed")
    write(
        change,
        lambda _doc: _("roadmap: {id} set {fields}").format(id=item_id, fields=fields),
        commit,
    )
    note(_("{id} updated: {fields}").format(id=item_id, fields=fields))


@handle_errors
def rm(
    item_id: str = ItemArg,
    force: bool = typer.Option(
        False,
        "--force",
        help="Remove even if other items depend on it (their dependency goes too).",
    ),
    commit: bool = CommitOpt,
) -> None:
    """Remove an item; refuses while others depend on it, unless --force."""
    from ewg.store import remove_item, set_item_fields

    def change(doc: Document) -> Document:
        roadmap = doc.roadmap
        item = require_item(roadmap, item_id)
        dependents = roadmap.dependents(item.id)
        if dependents and not force:
            raise RefusedError(
                _("{id} is needed by {others}").format(
                    id=item.id, others=", ".join(d.id for d in dependents)
                ),
                hint=_("change their dependencies first, or use --force"),
            )
        for other in dependents:
            remaining = [d for d in other.depends_on if d != item.id]
            doc = set_item_fields(doc, other.id, {"depends_on": remaining or None})
        return remove_item(doc, item.id)

    write(change, lambda _doc: _("roadmap: remove {id}").format(id=item_id), commit)
    note(_("removed {id}").format(id=item_id))


@handle_errors
def show(
    item_id: str = ItemArg,
    format: ShowFormat = typer.Option(ShowFormat.table, "--format", help="Output format."),
) -> None:
    """One item in full, with what depends on it."""
    import json

    from ewg.render.items import SCHEMA_VERSION, item_json, render_show
    from ewg.render.text import columns
    from ewg.store import read

    roadmap = read(roadmap_path()).roadmap
    item = require_item(roadmap, item_id)
    if format is ShowFormat.json:
        data = {
            "schema_version": SCHEMA_VERSION,
            "item": item_json(item),
            "needed_by": [i.id for i in roadmap.dependents(item.id)],
        }
        out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    rows = render_show(item, roadmap, STATE.lang)
    text = columns(["", ""], [[f"{k}:", v] for k, v in rows])
    out(text.split("\n", 1)[1])


@handle_errors
def list_(
    area: str | None = typer.Option(
        None, "--area", "-a", help="Only this area.", autocompletion=complete_area
    ),
    owner: str | None = typer.Option(
        None, "--owner", "-o", help="Only items of this owner.", autocompletion=complete_owner
    ),
    sector: str | None = typer.Option(
        None, "--sector", help="Only items with an owner of this sector."
    ),
    country: str | None = typer.Option(
        None, "--country", help="Only items with an owner of this country."
    ),
    status: list[Status] = typer.Option(
        [], "--status", "-s", help="Only these states (repeatable)."
    ),
    milestone: str | None = typer.Option(
        None, "--milestone", "-m", help="Only this milestone.", autocompletion=complete_milestone
    ),
    tag: str | None = typer.Option(None, "--tag", "-t", help="Only items with this tag."),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue items."),
    due_before: str | None = typer.Option(None, "--due-before", help="Only items due before DATE."),
    due_after: str | None = typer.Option(None, "--due-after", help="Only items due after DATE."),
    all_: bool = typer.Option(False, "--all", help="Include done and dropped items."),
    sort: str = typer.Option(
        "id",
        "--sort",
        help="Sort by: id, area, status, due, start, title, progress, milestone, created, completed.",
    ),
    format: ListFormat = typer.Option(ListFormat.table, "--format", help="Output format."),
) -> None:
    """Open items (planned, in progress, blocked) unless --all or --status says otherwise."""
    from ewg.model import Country, Sector
    from ewg.query import SORT_FIELDS, Filters, select, sort_items
    from ewg.render import items as render
    from ewg.store import read

    if sort not in SORT_FIELDS:
        raise UsageError(
            _("--sort: cannot sort by {field}").format(field=repr(sort)),
            hint=did_you_mean(sort, SORT_FIELDS)
            or _("one of: {choices}").format(choices=", ".join(SORT_FIELDS)),
        )
    for value, enum, option in ((sector, Sector, "--sector"), (country, Country, "--country")):
        if value is not None and value not in {e.value for e in enum}:
            choices = [e.value for e in enum]
            raise UsageError(
                _("{option}: {value} is not one of {choices}").format(
                    option=option, value=repr(value), choices=", ".join(choices)
                ),
                hint=did_you_mean(value, choices),
            )
    filters = Filters(
        area=area,
        owner=owner,
        sector=sector,
        country=country,
        status=[s.value for s in status],
        milestone=milestone,
        tag=tag,
        overdue=overdue,
        due_before=_date_opt(due_before, "--due-before"),
        due_after=_date_opt(due_after, "--due-after"),
        all=all_,
    )
    roadmap = read(roadmap_path()).roadmap
    if area:
        require("area", area, roadmap.areas)
    if owner:
        require("owner", owner, roadmap.owners)
    if milestone:
        require("milestone", milestone, roadmap.milestones)
    items = sort_items(select(roadmap, filters, today()), sort, roadmap)
    if format is ListFormat.json:
        out(render.render_json(items))
    elif format is ListFormat.csv:
        out(render.render_csv(items))
    elif format is ListFormat.markdown:
        out(render.render_markdown(items, STATE.lang))
    else:
        import shutil
        import sys

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        out(render.render_table(items, STATE.lang, width, STATE.color and sys.stdout.isatty()))
