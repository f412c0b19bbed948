"""The member commands: add, set, start, done, block, drop, rm, show, list."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from ewg.cli.app import STATE, handle_errors, out, roadmap_path
from ewg.cli.common import color, terminal_width
from ewg.cli.common import show as show_outcome
from ewg.cli.lookup import complete_area, complete_item, complete_milestone, complete_owner
from ewg.cli.options import commit_option, excel_mark, excel_option, option
from ewg.cli.output import note
from ewg.commands import items as command
from ewg.errors import UsageError
from ewg.i18n import _
from ewg.model import Status

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ewg.model import Roadmap


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
CommitOpt = commit_option()


# --- writing ----------------------------------------------------------------------------


def _is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def _ask(
    prompt: str,
    choices: list[str],
    default: str | None = None,
    read: Callable[[str], Any] = str,
) -> Any:
    """Ask until `read` accepts the answer: a wrong one is said and asked again, not fatal.

    An empty default is not shown (no `[]`); `read` raises EwgError to refuse an answer.
    """
    from ewg.cli.output import note
    from ewg.errors import EwgError

    # typer.prompt is Click's, vendored in Typer: a bare `import click` needs a package
    # that Typer 0.28 no longer installs.
    hint = f" ({', '.join(choices)})" if choices else ""
    while True:
        answer = typer.prompt(
            f"{prompt}{hint}", default=default, err=True, show_default=bool(default)
        )
        try:
            return read(str(answer).strip())
        except EwgError as error:
            note(f"{_('error')}: {error.message}")  # as `fail` says it; then ask again
            if error.hint:
                note(f"{_('hint')}: {error.hint}")


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
    reason: str | None = typer.Option(
        None, "--reason", "-r", help="Why it is blocked or dropped (needed for those states)."
    ),
    title_es: str | None = typer.Option(None, "--title-es", help="Spanish title."),
    decision: str | None = typer.Option(
        None,
        "--decision",
        help="Date of the meeting whose decision created the item: it is listed in that"
        " meeting's items, in the same write.",
    ),
    commit: bool = CommitOpt,
) -> None:
    """Add an item; prints its new id. Asks for what is missing when run at a terminal."""
    from ewg.store import read

    path = roadmap_path()
    if not title or area is None or _is_terminal():
        title, area, owner, milestone, due = _ask_missing(
            read(path).roadmap, title, area, owner, milestone, due
        )
    outcome = command.add(
        path, title, area, owners=owner, milestone=milestone, due=due, start=start_, tags=tag,
        depends=depends, status=status.value, reason=reason, title_es=title_es, commit=commit,
        decision=decision,
    )  # fmt: skip
    show_outcome(outcome)


def _ask_missing(
    roadmap: Roadmap,
    title: str | None,
    area: str | None,
    owners: list[str],
    milestone: str | None,
    due: str | None = None,
) -> tuple[str, str, list[str], str | None, str | None]:
    """At a terminal, ask for the title, area, owners, milestone and due date not given
    (again after a wrong answer); else refuse."""
    from ewg.commands.dates import optional_date
    from ewg.commands.lookup import require

    def owner_ids(answer: str) -> list[str]:
        given = [o.strip() for o in answer.split(",") if o.strip()]
        return [require("owner", o, roadmap.owners) for o in given]

    def milestone_id(answer: str) -> str | None:
        return require("milestone", answer, roadmap.milestones) if answer else None

    def due_date(answer: str) -> str | None:
        if answer:
            optional_date(answer, "--due")  # refused unless a date
        return answer or None

    interactive = _is_terminal()
    if not title:
        if not interactive:
            raise UsageError(_("missing TITLE"), hint=_('ewg add "Title of the item" --area AREA'))
        title = _ask(_("Title"), [], read=lambda answer: answer or _refuse(_("a title is needed")))
    if area is None:
        if not interactive:
            raise UsageError(
                _("missing --area"),
                hint=_("one of: {choices}").format(choices=", ".join(roadmap.areas)),
            )
        area = _ask(
            _("Area"), list(roadmap.areas), read=lambda a: require("area", a, roadmap.areas)
        )
    if not interactive:
        return title, area, owners, milestone, due
    if not owners:
        prompt = _("Owners, comma-separated (empty for none)")
        owners = _ask(prompt, list(roadmap.owners), default="", read=owner_ids)
    if milestone is None and roadmap.milestones:
        prompt = _("Milestone (empty for none)")
        milestone = _ask(prompt, list(roadmap.milestones), default="", read=milestone_id)
    if due is None:
        due = _ask(_("Due date, YYYY-MM-DD (empty for none)"), [], default="", read=due_date)
    return title, area, owners, milestone, due


def _refuse(message: str) -> str:
    raise UsageError(message)


@handle_errors
def start(item_id: str = ItemArg, commit: bool = CommitOpt) -> None:
    """Mark an item in progress."""
    show_outcome(command.change_status(roadmap_path(), item_id, Status.IN_PROGRESS, commit=commit))


@handle_errors
def done(item_id: str = ItemArg, commit: bool = CommitOpt) -> None:
    """Mark an item done; records the completed date."""
    show_outcome(command.change_status(roadmap_path(), item_id, Status.DONE, commit=commit))


@handle_errors
def block(
    item_id: str = ItemArg,
    reason: str = option("block", "reason", ...),
    commit: bool = CommitOpt,
) -> None:
    """Mark an item blocked, saying why."""
    show_outcome(command.change_status(roadmap_path(), item_id, Status.BLOCKED, reason, commit))


@handle_errors
def drop(
    item_id: str = ItemArg,
    reason: str = option("drop", "reason", ...),
    commit: bool = CommitOpt,
) -> None:
    """Drop an item, saying why."""
    show_outcome(command.change_status(roadmap_path(), item_id, Status.DROPPED, reason, commit))


_CLEARABLE = command.clearable()


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
    reason: str | None = typer.Option(
        None, "--reason", "-r", help="Why it is blocked or dropped (needed for those states)."
    ),
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
    outcome = command.set_fields(
        roadmap_path(), item_id, clear=clear, title=title, title_es=title_es, owners=owner,
        milestone=milestone, due=due, start=start_, status=status.value if status else None,
        reason=reason, progress=progress, tags=tag, depends=depends, notes=notes, links=link,
        commit=commit,
    )  # fmt: skip
    show_outcome(outcome)


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
    show_outcome(command.remove(roadmap_path(), item_id, force, commit))


@handle_errors
def show(
    item_id: str = ItemArg,
    format: ShowFormat = typer.Option(ShowFormat.table, "--format", help="Output format."),
) -> None:
    """One item in full, with what depends on it."""
    from ewg.render.escape import json_document
    from ewg.render.items import SCHEMA_VERSION, item_json, render_show
    from ewg.render.meetings import decision_rows, decisions_json
    from ewg.render.text import columns

    item, roadmap = command.show(roadmap_path(), item_id)
    if format is ShowFormat.json:
        data = {
            "schema_version": SCHEMA_VERSION,
            "item": item_json(item),
            "needed_by": [i.id for i in roadmap.dependents(item.id)],
            "decisions": decisions_json(roadmap.decisions_on(item.id)),
        }
        out(json_document(data))
        return
    rows = render_show(item, roadmap, STATE.lang) + decision_rows(roadmap.decisions_on(item.id))
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
    excel: bool = excel_option(),
) -> None:
    """Open items (planned, in progress, blocked) unless --all or --status says otherwise."""
    from ewg.commands.dates import optional_date
    from ewg.query import Filters
    from ewg.render import items as render

    mark = excel_mark(excel, format is ListFormat.csv)
    filters = Filters(
        area=area,
        owner=owner,
        sector=sector,
        country=country,
        status=[s.value for s in status],
        milestone=milestone,
        tag=tag,
        overdue=overdue,
        due_before=optional_date(due_before, "--due-before"),
        due_after=optional_date(due_after, "--due-after"),
        all=all_,
    )
    items = command.list_items(roadmap_path(), filters, sort)
    if not items:  # say so, on stderr: stdout keeps an empty table, list or document
        note(_("no items match"))
    if format is ListFormat.json:
        out(render.render_json(items))
    elif format is ListFormat.csv:
        out(mark + render.render_csv(items))
    elif format is ListFormat.markdown:
        out(render.render_markdown(items, STATE.lang))
    else:
        out(render.render_table(items, STATE.lang, terminal_width(), color()))
