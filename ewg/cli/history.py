"""The history commands: changelog, history ID, trend; and the roadmap as it was, for status."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ewg.cli.app import (
    STATE,
    console,
    handle_errors,
    note,
    out,
    parse_date,
    read_document,
    roadmap_path,
)
from ewg.cli.items import complete_area, complete_item, complete_owner
from ewg.errors import NotFoundError, did_you_mean
from ewg.i18n import _

if TYPE_CHECKING:
    import datetime as dt

    from ewg.history import Bound, Event, History, Progress, Skipped
    from ewg.model import Roadmap

_DATE = re.compile(r"\d{4}-\d\d-\d\d\Z")
LAST_MEETING = "last-meeting"
BAR_FROM = 50  # versions to read before a progress bar is worth showing


class ChangelogFormat(StrEnum):
    """Formats of `ewg changelog` and `ewg history`."""

    table = "table"
    markdown = "markdown"
    json = "json"


class TrendFormat(StrEnum):
    """Formats of `ewg trend`."""

    chart = "chart"
    json = "json"


AreaOpt = typer.Option("--area", "-a", help="Only this area.", autocompletion=complete_area)
FormatOpt = typer.Option("--format", help="Output format.")


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command("changelog")(changelog)
    app.command("history")(history)
    app.command("trend")(trend)


# --- shared ----------------------------------------------------------------------------


def open_history() -> History:
    """The git history of this run's roadmap file; exit 3 outside a repository."""
    from ewg.history import History

    return History(roadmap_path())


def current_roadmap() -> Roadmap | None:
    """The roadmap in the working tree, for names; None when it cannot be read."""
    from ewg.errors import EwgError

    try:
        return read_document().roadmap
    except EwgError:
        return None


def bound(text: str, option: str, history: History, meeting: bool = False) -> Bound:
    """A revision, a YYYY-MM-DD date, or (for --since) last-meeting."""
    from ewg.history import Bound

    if meeting and text == LAST_MEETING:
        last = read_document().roadmap.last_meeting()
        if last is None or last.date is None:
            raise NotFoundError(
                _("{option} last-meeting: the roadmap records no meeting").format(option=option),
                hint=_("record one with `ewg meeting add`, or give a date or a revision"),
            )
        return Bound(date=last.date, label=f"{LAST_MEETING} ({last.date.isoformat()})")
    if _DATE.match(text):
        return Bound(date=parse_date(text, option), label=text)
    return Bound(commit=history.resolve(text), label=text)


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr for long scans, at a terminal only."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task: list[TaskID] = []

        def update(done: int, total: int) -> None:
            if total < BAR_FROM:
                return
            if not task:
                task.append(bar.add_task(label, total=total))
            bar.update(task[0], completed=done, total=total)

        yield update


def warn_skipped(skipped: Sequence[Skipped]) -> None:
    """Say on stderr which versions were not valid TOML and were stepped over."""
    for skip in skipped:
        note(
            _("warning: commit {commit} ({date}, {author}) stepped over: {reason}").format(
                commit=skip.commit.short,
                date=skip.commit.date[:10],
                author=skip.commit.author,
                reason=skip.reason,
            )
        )


def select(
    events: Sequence[Event], area: str | None, owner: str | None, item: str | None
) -> list[Event]:
    """The events that pass the filters: an item's area, owners (before or after), id."""
    out = []
    for event in events:
        change = event.change
        if item is not None and change.item != item:
            continue
        if area is not None and change.area != area:
            continue
        if owner is not None:
            if change.item is None:
                if not (change.kind.startswith("owner_") and change.key == owner):
                    continue
            elif owner not in change.owners and not (
                change.kind == "owners" and owner in (*(change.old or ()), *(change.new or ()))
            ):
                continue
        out.append(event)
    return out


def _known(kind: str, key: str, known: set[str]) -> None:
    """Refuse a filter that names nothing the roadmap has or had."""
    if key not in known:
        raise NotFoundError(
            _("no {kind} {key} in the roadmap or its history").format(kind=_(kind), key=repr(key)),
            did_you_mean(key, sorted(known)),
        )


def _area_names(roadmap: Roadmap | None) -> dict[str, str]:
    if roadmap is None:
        return {}
    return {a.id: a.label(STATE.lang) for a in roadmap.areas.values()}


def _render(
    events: list[Event],
    skipped: list[Skipped],
    fmt: ChangelogFormat,
    title: str,
    meta: dict[str, str | None],
    commits: int,
) -> None:
    from ewg.render import changelog as render

    if fmt is ChangelogFormat.json:
        path, since, until = meta["file"] or "", meta["since"], meta["until"]
        out(render.render_json(events, skipped, path, since, until, commits))
    elif fmt is ChangelogFormat.markdown:
        areas = _area_names(current_roadmap())
        out(render.render_markdown(events, skipped, title, areas, meta["note"] or ""))
    else:
        import shutil

        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else None
        if events:
            out(render.render_table(events, width, STATE.color and tty))
        else:
            note(_("no changes"))


# --- commands --------------------------------------------------------------------------------


@handle_errors
def changelog(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV|DATE|last-meeting",
            help="Changes after revision REV, from DATE (YYYY-MM-DD) on, or from the day of the"
            " latest [[meetings]] entry on.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="REV|DATE",
            help="Changes up to revision REV, or up to the end of DATE (default: HEAD).",
        ),
    ] = None,
    area: Annotated[str | None, AreaOpt] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            "-o",
            help="Only items this owner has or had.",
            autocompletion=complete_owner,
        ),
    ] = None,
    item: Annotated[
        str | None,
        typer.Option("--item", "-i", help="Only this item.", autocompletion=complete_item),
    ] = None,
    format: Annotated[ChangelogFormat, FormatOpt] = ChangelogFormat.table,
) -> None:
    """What changed in the roadmap, item by item, from git history (first-parent)."""
    with open_history() as hist:
        since_at = bound(since, "--since", hist, meeting=True) if since else None
        until_at = bound(until, "--until", hist) if until else None
        with progress_bar(_("Reading history")) as progress:
            log = hist.changelog(since_at, until_at, progress)
        path = hist.repo.path
    if area is not None or owner is not None:
        roadmap = current_roadmap()
        if area is not None:
            seen = {e.change.area for e in log.events if e.change.area}
            _known("area", area, seen | set(roadmap.areas if roadmap else ()))
        if owner is not None:
            owners = {o for e in log.events for o in e.change.owners}
            _known("owner", owner, owners | set(roadmap.owners if roadmap else ()))
    events = select(log.events, area, owner, item)
    warn_skipped(log.skipped)
    title = _("Roadmap changes")
    if since_at is not None:
        title += " " + _("since {since}").format(since=since_at.label)
    if until_at is not None:
        title += " " + _("until {until}").format(until=until_at.label)
    note_text = (
        _("{n} commits to {path}").format(n=len(log.commits), path=path) if log.commits else ""
    )
    meta = {
        "file": path,
        "since": since_at.label if since_at else None,
        "until": until_at.label if until_at else None,
        "note": note_text,
    }
    _render(events, log.skipped, format, title, meta, len(log.commits))


@handle_errors
def history(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Item id, e.g. INN-3.",
            autocompletion=complete_item,
            show_default=False,
        ),
    ],
    format: Annotated[ChangelogFormat, FormatOpt] = ChangelogFormat.table,
) -> None:
    """Every change to one item, from its first commit on, with commit, author and date."""
    with open_history() as hist, progress_bar(_("Reading history")) as progress:
        log = hist.changelog(None, None, progress)
        path = hist.repo.path
    events = select(log.events, None, None, item_id)
    if not events:
        seen = sorted({e.change.item for e in log.events if e.change.item})
        raise NotFoundError(
            _("{id} is not in the history of {path}").format(id=repr(item_id), path=path),
            did_you_mean(item_id.upper(), seen),
        )
    warn_skipped(log.skipped)
    title = f"{item_id} {events[-1].change.title}".rstrip()
    meta = {"file": path, "since": None, "until": None, "note": ""}
    _render(events, log.skipped, format, title, meta, len(log.commits))


@handle_errors
def trend(
    area: Annotated[str | None, AreaOpt] = None,
    format: Annotated[
        TrendFormat, typer.Option("--format", help="Output format.")
    ] = TrendFormat.chart,
) -> None:
    """Completed against total items over time, per area, from git history."""
    from ewg.render import trend as render

    with open_history() as hist, progress_bar(_("Reading history")) as progress:
        points, skipped = hist.trend(progress=progress)
        path = hist.repo.path
    warn_skipped(skipped)
    roadmap = current_roadmap()
    names = _area_names(roadmap)
    per_area = render.series(points, list(names))
    if area is not None:
        _known("area", area, set(per_area) | set(names))
        per_area = {area: per_area.get(area, [])}
    if format is TrendFormat.json:
        out(render.render_json(per_area, names, path, area is None))
        return
    import shutil

    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else 80
    out(render.render_chart(per_area, names, width, STATE.color and tty))


def roadmap_as_of(text: str) -> tuple[Roadmap, dt.date]:
    """The roadmap as it stood at a revision or at the end of a day, and that day (for status)."""
    from ewg.store import Document, decode

    with open_history() as hist:
        at = bound(text, "--as-of", hist)
        commit, day, content = hist.at(at)
        name = f"{hist.repo.path}@{commit[:8]}"
    note(_("as of {date}: {name}").format(date=day.isoformat(), name=name))
    return Document.from_text(decode(content, name)).roadmap, day
