"""`ewg report`: where "what changed" starts, what git says about it, and the report itself."""

from __future__ import annotations

from ewg.i18n import _, prose_date

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ewg.model import Roadmap
    from ewg.moment import Moment
    from ewg.report import HistoryUnavailable, Report, ReportHistory


def start_of_changes(value: str | None, roadmap: Roadmap) -> Moment | None:
    """Read `--since` (a date, a revision, last-meeting); by default the last meeting, if any.

    A revision is only checked here; `load_history` resolves it, so that the
    report works outside git too.
    """
    from ewg.commands import since
    from ewg.commands.dates import today

    if value is None and roadmap.last_meeting(today()) is None:
        return None
    if value is None or value == since.LAST_MEETING:
        moment = since.last_meeting(roadmap, "--since")
        day = prose_date(moment.date) if moment.date else ""
        return moment._replace(label=_("the last meeting ({date})").format(date=day))
    return since.parse(value, "--since")


def load_history(
    path: Path, since: Moment | None, roadmap: Roadmap, today: dt.date, lang: str
) -> ReportHistory | HistoryUnavailable:
    """Changes since `since` and burn-up series per area, read from git; or why not.

    Outside a git repository, or in a shallow clone, the report goes on without
    history (HistoryUnavailable); an unknown revision raises GitError (exit 3).
    Item titles are in `lang`.
    """
    from ewg.errors import GitError, NotInRepositoryError
    from ewg.repo import toplevel
    from ewg.report import ChangeLine, HistoryUnavailable, ReportHistory, burnup_from_stats

    try:
        toplevel(path)
    except NotInRepositoryError:
        return HistoryUnavailable(
            _(
                "this copy of {path} is not kept in a git repository, where its changes are recorded"
            ).format(path=path.name)
        )
    except GitError as error:  # git missing, or refusing the repository: its reason
        reason = error.message + (f" ({error.hint})" if error.hint else "")
        return HistoryUnavailable(reason)
    from ewg.history import History
    from ewg.render.changelog import describe, subject

    try:
        hist = History(path)
    except GitError as error:
        return HistoryUnavailable(error.message)
    with hist:
        start = since
        if since is not None and since.commit is not None:
            start = since._replace(commit=hist.resolve(since.commit))
        try:
            log = hist.changelog(start)
            points, skipped = hist.trend()
        except GitError as error:  # a shallow clone: the history is cut short
            reason = error.message + (f" ({error.hint})" if error.hint else "")
            return HistoryUnavailable(reason)
    changes = [
        ChangeLine(
            e.landed.day,
            e.commit.short,
            e.commit.author,
            # An item by its id and title: officials do not know the ids by heart.
            f"{e.change.item} {e.change.label(lang)}".strip()
            if e.change.item and e.change.label(lang)
            else subject(e.change),
            describe(e.change, lang=lang),
        )
        for e in log.events
    ]
    burnup = burnup_from_stats(((p.commit.day, p.stats) for p in points), roadmap, today)
    return ReportHistory(since, changes, burnup, len({s.commit.id for s in log.skipped + skipped}))


def report(path: Path, since: str | None, lang: str, today: dt.date) -> Report:
    """The report of the roadmap in `path`, names in `lang`, with its history when git has it."""
    from ewg.commands.reading import read_roadmap
    from ewg.query import summarize
    from ewg.report import build

    roadmap = read_roadmap(path)
    start = start_of_changes(since, roadmap)
    history = load_history(path, start, roadmap, today, lang)
    return build(roadmap, summarize(roadmap, today), lang, history)
