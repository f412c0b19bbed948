"""`ewg meeting minutes DATE`: the record of a session, from the roadmap and its history.

The attendees with their sector and country, the decisions, the items discussed
with their state at the end of the session's day (from git) and now, and what
changed since. The values are plain; `ewg.render.minutes` writes them.
"""

from __future__ import annotations

from ewg.render.minutes import Attendee, Discussed, Minutes

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ewg.model import Item, Roadmap


def minutes(path: Path, date: str, index: int | None, lang: str, today: dt.date) -> Minutes:
    """The minutes of the meeting held on `date` (the n-th of that day with `index`)."""
    from ewg.commands.meetings import find
    from ewg.commands.reading import read_roadmap
    from ewg.commands.report import load_history
    from ewg.moment import Moment
    from ewg.report import HistoryUnavailable

    roadmap = read_roadmap(path)
    meeting = roadmap.meetings[find(roadmap, date, index)]
    assert meeting.date is not None  # find() matched a date
    then, then_unknown = _then(path, meeting.date)
    history = load_history(
        path, Moment(date=meeting.date, label=meeting.date.isoformat()), roadmap, today, lang
    )
    changes, unavailable = None, None
    if isinstance(history, HistoryUnavailable):
        unavailable = history.reason
    else:
        changes = history.changes
    attendees = [
        Attendee(o.label(lang), o.sector, o.country) if o is not None else Attendee(key, "", "")
        for key in meeting.attendees
        for o in (roadmap.owners.get(key),)
    ]
    discussed = [
        Discussed(key, _title(roadmap, then, key, lang), _state(then, key), _state(roadmap, key))
        for key in meeting.items
    ]
    return Minutes(
        title=roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title,
        lang=lang,
        today=today,
        date=meeting.date,
        session=meeting.label(lang),
        attendees=attendees,
        decisions=list(meeting.decisions),
        discussed=discussed,
        then_unknown=then_unknown,
        changes=changes,
        unavailable=unavailable,
    )


def _then(path: Path, day: dt.date) -> tuple[Roadmap | None, str | None]:
    """The roadmap at the end of `day`, from git; or None and why not."""
    from ewg.commands.status import as_of
    from ewg.errors import EwgError

    try:
        roadmap, _day, _note = as_of(path, day.isoformat())
    except EwgError as error:
        return None, error.message
    return roadmap, None


def _title(roadmap: Roadmap, then: Roadmap | None, key: str, lang: str) -> str:
    item = roadmap.item(key) or (then.item(key) if then is not None else None)
    return item.label(lang) if item is not None else ""


def _state(roadmap: Roadmap | None, key: str) -> tuple[str, int] | None:
    """An item's status and progress in a version (None when it is not there)."""
    item: Item | None = roadmap.item(key) if roadmap is not None else None
    return (item.status, item.effective_progress) if item is not None else None
