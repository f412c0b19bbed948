"""`ewg meeting agenda [DATE]`: the draft agenda of a session, from the roadmap and its history.

The session is the one on DATE (recorded or not), by default the next scheduled
one. "The last session" is the latest meeting before it; "the session after next"
is the first meeting recorded after it, or, when none is, 30 days after it. The values
here are plain: `ewg.render.agenda` turns them into text, Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

from ewg.i18n import _
from ewg.render.agenda import Agenda, AgendaItem, FollowUp, Gap, MilestoneLine

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ewg.model import Item, Meeting, Milestone, Roadmap
    from ewg.report import ChangeLine

DEFAULT_GAP = 30  # days to the session after next when nothing says otherwise


def session_date(roadmap: Roadmap, date: str | None, today: dt.date) -> dt.date:
    """The day of the session: DATE, or the next scheduled session (NotFoundError if none)."""
    from ewg.commands.dates import parse_date
    from ewg.errors import NotFoundError

    if date is not None:
        return parse_date(date, "DATE")
    upcoming = roadmap.next_meeting(today)
    if upcoming is None or upcoming.date is None:
        raise NotFoundError(
            _("no session is scheduled after {date}").format(date=today),
            hint=_("give the DATE of the session, or schedule it with `ewg meeting add`"),
        )
    return upcoming.date


def agenda(path: Path, date: str | None, lang: str, today: dt.date) -> Agenda:
    """The agenda of the session on `date` (by default the next one)."""
    from ewg.commands.reading import read_roadmap
    from ewg.commands.report import load_history
    from ewg.moment import Moment
    from ewg.report import HistoryUnavailable

    roadmap = read_roadmap(path)
    day = session_date(roadmap, date, today)
    dated = sorted((m for m in roadmap.meetings if m.date is not None), key=_day)
    before = [m for m in dated if _day(m) < day]
    after = [m for m in dated if _day(m) > day]
    this = [m for m in dated if _day(m) == day]
    last = before[-1] if before else None
    horizon = _day(after[0]) if after else day + dt.timedelta(days=DEFAULT_GAP)

    changes: list[ChangeLine] | None = None
    unavailable: str | None = None
    if last is not None:
        since = Moment(date=last.date, label=last.date.isoformat() if last.date else "")
        history = load_history(path, since, roadmap, today, lang)
        if isinstance(history, HistoryUnavailable):
            unavailable = history.reason
        else:
            changes = history.changes
    return Agenda(
        title=roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title,
        lang=lang,
        today=today,
        date=day,
        session=this[0].label(lang) if this else None,
        last=last,
        horizon=horizon,
        changes=changes,
        unavailable=unavailable,
        overdue=[
            line(roadmap, i, lang) for i in sorted(_open(roadmap), key=_due) if i.is_overdue(today)
        ],
        blocked=[line(roadmap, i, lang) for i in _open(roadmap) if i.status == "blocked"],
        due_soon=[
            line(roadmap, i, lang)
            for i in sorted(_open(roadmap), key=_due)
            if i.due is not None and today <= i.due < horizon
        ],
        follow_ups=follow_ups(roadmap, last, lang),
        milestones=_milestones(roadmap, day, horizon, lang),
        gaps=gaps(roadmap, lang),
    )


def _day(meeting: Meeting) -> dt.date:
    return meeting.date or dt.date.min


def _due(item: Item) -> dt.date:
    return item.due or dt.date.max


def _open(roadmap: Roadmap) -> list[Item]:
    return [i for i in roadmap.items if i.is_open]


def line(roadmap: Roadmap, item: Item, lang: str) -> AgendaItem:
    """An item with its owners' names."""
    owners = tuple(roadmap.owners[o].label(lang) if o in roadmap.owners else o for o in item.owners)
    return AgendaItem(item.id, item.label(lang), owners, item.status, item.due, item.reason)


def follow_ups(roadmap: Roadmap, last: Meeting | None, lang: str) -> list[FollowUp]:
    """The last session's decisions, then its items as they stand now."""
    if last is None:
        return []
    out = [FollowUp(decision, None) for decision in last.decisions]
    for item_id in last.items:
        item = roadmap.item(item_id)
        if item is not None:
            out.append(FollowUp(None, line(roadmap, item, lang)))
    return out


def _milestones(roadmap: Roadmap, day: dt.date, horizon: dt.date, lang: str) -> list[MilestoneLine]:
    """Milestones due before the session after next and not complete, by due date."""
    from ewg.query import Tally

    out = []
    for milestone in sorted(roadmap.milestones.values(), key=_milestone_due):
        if milestone.due is None or milestone.due >= horizon:
            continue
        tally = Tally()
        for item in roadmap.items:
            if item.milestone == milestone.id:
                tally.add(item)
        if tally.counted and tally.done == tally.counted:
            continue
        out.append(
            MilestoneLine(
                milestone.id,
                milestone.label(lang),
                milestone.due,
                tally.done,
                tally.counted,
                tally.percent,
            )
        )
    return out


def _milestone_due(milestone: Milestone) -> dt.date:
    return milestone.due or dt.date.max


def gaps(roadmap: Roadmap, lang: str) -> list[Gap]:
    """Areas lacking an owner from a helix sector or from a country."""
    from ewg.query import coverage

    return [
        Gap(c.area.label(lang), tuple(c.gaps))
        for c in coverage(roadmap, roadmap.areas.values())
        if c.gaps
    ]
