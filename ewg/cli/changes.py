"""The work behind `ewg changelog` and `ewg history`, without Typer.

The Typer commands (ewg.cli.history) and the quick path (ewg.cli.quick) both
call these functions, so they give the same answers and the same errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ewg.errors import NotFoundError, did_you_mean
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.history import Changelog, Event, History, OnProgress, Skipped
    from ewg.model import Roadmap
    from ewg.moment import Moment

# Dates are read by ewg.commands.since; the parameter of this type that changelog()
# and changelog_json() still take is no longer used.
DateParser = Callable[[str, str], dt.date]


class Result(NamedTuple):
    """The changes a command shows, and where they come from."""

    log: Changelog  # everything in the range
    events: list[Event]  # what passed the filters
    path: str  # the file, relative to the repository
    since: Moment | None = None
    until: Moment | None = None


def select(
    events: Sequence[Event], area: str | None, owner: str | None, item: str | None
) -> list[Event]:
    """The events that pass the filters: an item's area, owners (before or after), id.

    An item's id is the one it has at the end of the range: its changes made
    under an id the merge driver renumbered since are its own."""
    out = []
    for event in events:
        change = event.change
        if item is not None and event.item != item:
            continue
        if area is not None and change.area != area:
            continue
        if owner is not None:
            if change.item is None:
                if not (change.kind.startswith("owner_") and owner in (change.key, *change.owners)):
                    continue
            elif owner not in change.owners and not (
                change.kind == "owners" and owner in (*(change.old or ()), *(change.new or ()))
            ):
                continue
        out.append(event)
    return out


def _moments(
    hist: History, file: Path, since: str | None, until: str | None, _unused: object = None
) -> tuple[Moment | None, Moment | None]:
    """--since (a date, a revision or last-meeting) and --until (a date or a revision)."""
    from ewg.commands.since import parse

    def roadmap() -> Roadmap:
        from ewg.commands.reading import read_roadmap

        return read_roadmap(file)

    since_at = parse(since, "--since", hist.resolve, roadmap) if since else None
    until_at = parse(until, "--until", hist.resolve) if until else None
    return since_at, until_at


# The name changelog_json (rewritten in another branch) still calls this by.
_bounds = _moments


def _changelog(
    hist: History,
    file: Path,
    moments: tuple[Moment | None, Moment | None],
    area: str | None,
    owner: str | None,
    item: str | None,
    progress: OnProgress | None,
) -> Result:
    log = hist.changelog(moments[0], moments[1], progress)
    if area is not None or owner is not None:
        # Loaded only when filtering: a warm `changelog --format json` never needs them.
        from ewg.commands.lookup import known
        from ewg.commands.reading import current_roadmap

        roadmap = current_roadmap(file)
        if area is not None:
            areas = {e.change.area for e in log.events if e.change.area}
            known("area", area, areas | set(roadmap.areas if roadmap else ()))
        if owner is not None:
            owners = {o for e in log.events for o in e.change.owners}
            known("owner", owner, owners | set(roadmap.owners if roadmap else ()))
    events = select(log.events, area, owner, item)
    return Result(log, events, hist.repo.path, moments[0], moments[1])


def changelog(
    file: Path,
    since: str | None,
    until: str | None,
    area: str | None,
    owner: str | None,
    item: str | None,
    progress: OnProgress | None = None,
) -> Result:
    """The changes of a range of commits, filtered."""
    from ewg.history import History

    with History(file) as hist:
        moments = _moments(hist, file, since, until)
        return _changelog(hist, file, moments, area, owner, item, progress)


def changelog_json(
    file: Path,
    since: str | None,
    until: str | None,
    area: str | None,
    owner: str | None,
    item: str | None,
    parse_date: DateParser,
    progress: OnProgress | None = None,
) -> tuple[str, list[str]]:
    """`changelog --format json`: the document and the warnings. The changes are kept, as
    JSON-ready data, for the next run, which renders them again."""
    # Answers filtered by area or owner are not kept: those filters are checked
    # against the file in the working tree, which is not part of history.
    from ewg.history.walk import History
    from ewg.i18n import language

    with History(file) as hist:
        bounds = _bounds(hist, file, since, until, parse_date)
        labels = (bounds[0].label if bounds[0] else None, bounds[1].label if bounds[1] else None)
        if area is not None or owner is not None:
            result = _changelog(hist, file, bounds, area, owner, item, progress)
            return json_text(result), warnings(result.log.skipped)
        key = hist.answer_key("changelog", bounds, item, language())
        return _kept_json(
            hist, key, labels, lambda: _changelog(hist, file, bounds, None, None, item, progress)
        )


def _history(hist: History, item_id: str, progress: OnProgress | None) -> Result:
    log = hist.changelog(None, None, progress)
    events = select(log.events, None, None, item_id)
    if not events:
        seen = sorted({e.item for e in log.events if e.item})
        raise NotFoundError(
            _("{id} is not in the history of {path}").format(id=repr(item_id), path=hist.repo.path),
            did_you_mean(item_id.upper(), seen),
        )
    return Result(log, events, hist.repo.path)


def history(file: Path, item_id: str, progress: OnProgress | None = None) -> Result:
    """Every change to one item; NotFoundError when the history never had it."""
    from ewg.history import History

    with History(file) as hist:
        return _history(hist, item_id, progress)


def history_json(
    file: Path, item_id: str, progress: OnProgress | None = None
) -> tuple[str, list[str]]:
    """`history ID --format json`: the document and the warnings. The changes are kept,
    as JSON-ready data, for the next run, which renders them again."""
    from ewg.history.walk import History
    from ewg.i18n import language

    with History(file) as hist:
        key = hist.answer_key("history", item_id, language())
        return _kept_json(hist, key, (None, None), lambda: _history(hist, item_id, progress))


def _kept_json(
    hist: History, key: str, labels: tuple[str | None, str | None], compute: Callable[[], Result]
) -> tuple[str, list[str]]:
    """The JSON document and warnings of a request: from its kept answer (events and
    skipped versions as JSON-ready data, and the number of commits), else computed and kept.
    A kept answer of any other shape is a miss."""
    from ewg.render.changelog_json import event_json, json_from_rows, skipped_json

    kept = hist.answer(key)
    if type(kept) is tuple and len(kept) == 3:
        events, skipped, commits = kept
        if (
            type(events) is list
            and type(skipped) is list
            and type(commits) is int
            and all(type(row) is dict for row in events)
            and all(_skipped_row(row) for row in skipped)
        ):
            try:
                text = json_from_rows(
                    events, skipped, hist.repo.path, labels[0], labels[1], commits
                )
            except (TypeError, ValueError, RecursionError):
                pass
            else:
                return text, _warnings(skipped)
    result = compute()
    log = result.log
    events = [event_json(e) for e in result.events]
    skipped = [skipped_json(s) for s in log.skipped]
    hist.keep_answer(key, (events, skipped, len(log.commits)))
    text = json_from_rows(events, skipped, result.path, labels[0], labels[1], len(log.commits))
    return text, _warnings(skipped)


def _skipped_row(row: object) -> bool:
    return type(row) is dict and all(
        type(row.get(field)) is str for field in ("commit", "date", "author", "reason")
    )


def warnings(skipped: Sequence[Skipped]) -> list[str]:
    """What to say on stderr about versions that were not valid TOML and were stepped over."""
    from ewg.render.changelog_json import skipped_json

    return _warnings([skipped_json(skip) for skip in skipped])


def _warnings(skipped: Sequence[dict[str, str]]) -> list[str]:
    return [
        _("warning: commit {commit} ({date}, {author}) stepped over: {reason}").format(
            commit=skip["commit"][:8],
            date=skip["date"][:10],
            author=skip["author"],
            reason=skip["reason"],
        )
        for skip in skipped
    ]


def json_text(result: Result) -> str:
    """The result as the JSON document of `--format json`."""
    from ewg.render.changelog_json import render_json

    since = result.since.label if result.since else None
    until = result.until.label if result.until else None
    log = result.log
    return render_json(result.events, log.skipped, result.path, since, until, len(log.commits))
