"""The history commands: changelog, history ID, trend; and the roadmap as it was, for status."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ewg.cli import changes
from ewg.cli.app import STATE, console, handle_errors, note, out, parse_date, roadmap_path
from ewg.cli.lookup import complete_area, complete_item, complete_owner
from ewg.i18n import _

if TYPE_CHECKING:
    import datetime as dt

    from ewg.history import History, Progress, Skipped
    from ewg.model import Roadmap

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
    for line in changes.warnings(skipped):
        note(line)


def _area_names(roadmap: Roadmap | None) -> dict[str, str]:
    if roadmap is None:
        return {}
    return {a.id: a.label(STATE.lang) for a in roadmap.areas.values()}


def _json(text: str, lines: Sequence[str]) -> None:
    """The JSON document on stdout, then the warnings on stderr (as the quick path does)."""
    out(text)
    for line in lines:
        note(line)


def _render(result: changes.Result, fmt: ChangelogFormat, title: str, note_text: str = "") -> None:
    from ewg.render import changelog as render

    if fmt is ChangelogFormat.markdown:
        areas = _area_names(changes.current_roadmap(roadmap_path()))
        out(render.render_markdown(result.events, result.log.skipped, title, areas, note_text))
    else:
        import shutil

        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else None
        if result.events:
            out(render.render_table(result.events, width, STATE.color and tty))
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
            " latest meeting the file records on.",
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
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", help="Only items of this area.", autocompletion=complete_area),
    ] = None,
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
    file = roadmap_path()
    with progress_bar(_("Reading history")) as progress:
        if format is ChangelogFormat.json:
            text, lines = changes.changelog_json(
                file, since, until, area, owner, item, parse_date, progress
            )
        else:
            result = changes.changelog(file, since, until, area, owner, item, parse_date, progress)
    if format is ChangelogFormat.json:
        _json(text, lines)
        return
    warn_skipped(result.log.skipped)
    title = _("Roadmap changes")
    if result.since is not None:
        title += " " + _("since {since}").format(since=result.since.label)
    if result.until is not None:
        title += " " + _("until {until}").format(until=result.until.label)
    commits = len(result.log.commits)
    note_text = _("{n} commits to {path}").format(n=commits, path=result.path) if commits else ""
    _render(result, format, title, note_text)


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
    file = roadmap_path()
    with progress_bar(_("Reading history")) as progress:
        if format is ChangelogFormat.json:
            text, lines = changes.history_json(file, item_id, progress)
        else:
            result = changes.history(file, item_id, progress)
    if format is ChangelogFormat.json:
        _json(text, lines)
        return
    warn_skipped(result.log.skipped)
    _render(result, format, f"{item_id} {result.events[-1].change.title}".rstrip())


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
    names = _area_names(changes.current_roadmap(roadmap_path()))
    per_area = render.series(points, list(names))
    if area is not None:
        changes.known("area", area, set(per_area) | set(names))
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
        at = changes.bound(text, "--as-of", hist, roadmap_path(), parse_date)
        commit, day, content = hist.at(at)
        name = f"{hist.repo.path}@{commit[:8]}"
    note(_("as of {date}: {name}").format(date=day.isoformat(), name=name))
    return Document.from_text(decode(content, name)).roadmap, day
