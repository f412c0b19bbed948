"""The history commands: changelog, history ID, trend; and the roadmap as it was, for status."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ewg.cli import changes
from ewg.cli.app import STATE, console, handle_errors, note, out, roadmap_path
from ewg.cli.common import color, terminal_width
from ewg.cli.lookup import complete_area, complete_item, complete_owner
from ewg.cli.options import option
from ewg.commands.dates import parse_date
from ewg.commands.history import area_names
from ewg.commands.reading import current_roadmap
from ewg.i18n import _, ngettext

if TYPE_CHECKING:
    from ewg.history import OnProgress, Skipped

BAR_FROM = 50  # versions to read before a progress bar is worth showing


class ChangelogFormat(StrEnum):
    """Formats of `ewg changelog` and `ewg history` (ewg.commands.options.HISTORY_FORMATS)."""

    table = "table"
    markdown = "markdown"
    json = "json"


class TrendFormat(StrEnum):
    """Formats of `ewg trend`."""

    chart = "chart"
    json = "json"


AreaOpt = typer.Option("--area", "-a", help="Only this area.", autocompletion=complete_area)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command("changelog")(changelog)
    app.command("history")(history)
    app.command("trend")(trend)


# --- shared ----------------------------------------------------------------------------


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[OnProgress | None]:
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


def _json(text: str, lines: Sequence[str]) -> None:
    """The JSON document on stdout, then the warnings on stderr (as the quick path does)."""
    out(text)
    for line in lines:
        note(line)


def _render(result: changes.Result, fmt: ChangelogFormat, title: str, note_text: str = "") -> None:
    from ewg.render import changelog as render

    if fmt is ChangelogFormat.markdown:
        areas = area_names(current_roadmap(roadmap_path()), STATE.lang)
        out(
            render.render_markdown(
                result.events, result.log.skipped, title, areas, note_text, STATE.lang
            )
        )
    else:
        width = terminal_width()
        if result.events:
            out(render.render_table(result.events, width, color(), STATE.lang))
        else:
            note(_("no changes"))


# --- commands --------------------------------------------------------------------------------


@handle_errors
def changelog(
    since: str | None = option("changelog", "since"),
    until: str | None = option("changelog", "until"),
    area: str | None = option("changelog", "area", autocompletion=complete_area),
    owner: str | None = option("changelog", "owner", autocompletion=complete_owner),
    item: str | None = option("changelog", "item", autocompletion=complete_item),
    format: ChangelogFormat = option("changelog", "format", ChangelogFormat.table),
) -> None:
    """What changed in the roadmap, item by item, from git history, as it reached the branch."""
    file = roadmap_path()
    with progress_bar(_("Reading history")) as progress:
        if format is ChangelogFormat.json:
            text, lines = changes.changelog_json(
                file, since, until, area, owner, item, parse_date, progress
            )
        else:
            result = changes.changelog(file, since, until, area, owner, item, progress)
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
    note_text = (
        ngettext("{n} commit to {path}", "{n} commits to {path}", commits).format(
            n=commits, path=result.path
        )
        if commits
        else ""
    )
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
    format: ChangelogFormat = option("history", "format", ChangelogFormat.table),
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
    _render(result, format, f"{item_id} {result.events[-1].change.label(STATE.lang)}".rstrip())


@handle_errors
def trend(
    area: Annotated[str | None, AreaOpt] = None,
    format: Annotated[
        TrendFormat, typer.Option("--format", help="Output format.")
    ] = TrendFormat.chart,
) -> None:
    """Completed against total items over time, per area, from git history."""
    from ewg.commands.history import trend as read_trend
    from ewg.render import trend as render

    with progress_bar(_("Reading history")) as progress:
        # JSON never translates: its names are the file's (English) names, like its ids.
        lang = "en" if format is TrendFormat.json else STATE.lang
        per_area, names, path, skipped = read_trend(roadmap_path(), area, lang, progress)
    warn_skipped(skipped)
    if format is TrendFormat.json:
        out(render.render_json(per_area, names, path, area is None))
        return
    out(render.render_chart(per_area, names, terminal_width() or 80, color()))
