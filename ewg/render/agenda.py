"""The agenda of a session as a paper (see ewg.render.paper): terminal, Markdown, HTML.

The values are built by `ewg.commands.agenda`; every line is written here in the
output language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ewg.i18n import _
from ewg.model import Meeting
from ewg.render.paper import Paper, Section
from ewg.report import ChangeLine


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An item as the agenda names it: id, title and owners in the output language."""

    id: str
    title: str
    owners: tuple[str, ...]  # names
    status: str
    due: dt.date | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A decision of the last session, or one of its items with its state now."""

    decision: str | None
    item: AgendaItem | None


@dataclass(frozen=True, slots=True)
class MilestoneLine:
    """A milestone coming due: its items done out of those that count."""

    id: str
    title: str
    due: dt.date
    done: int
    counted: int
    percent: int


@dataclass(frozen=True, slots=True)
class Gap:
    """An area whose items have no owner from some sectors or countries."""

    area: str  # name
    missing: tuple[str, ...]  # sector and country values


@dataclass(slots=True)
class Agenda:
    """Everything the agenda of one session shows."""

    title: str  # the roadmap's title
    lang: str
    today: dt.date
    date: dt.date  # of the session
    session: str | None  # its title, when it is recorded
    last: Meeting | None
    horizon: dt.date  # the session after next (or its stand-in)
    changes: list[ChangeLine] | None  # None: no history (see `unavailable`)
    unavailable: str | None
    overdue: list[AgendaItem]
    blocked: list[AgendaItem]
    due_soon: list[AgendaItem]
    follow_ups: list[FollowUp]
    milestones: list[MilestoneLine]
    gaps: list[Gap] = field(default_factory=list)


def item_line(item: AgendaItem, today: dt.date, reason: bool = False) -> str:
    """`INF-3 Title — owners — due D (N days late)`, with the reason of a blocked item."""
    parts = [f"{item.id} {item.title}"]
    if item.owners:
        parts.append(", ".join(item.owners))
    else:
        parts.append(_("no owner"))
    if item.due is not None:
        late = (today - item.due).days
        due = _("due {date}").format(date=item.due.isoformat())
        if late > 0 and item.status != "done":
            due += " " + _("({days} days late)").format(days=late)
        parts.append(due)
    if reason and item.reason:
        parts.append(_("reason: {reason}").format(reason=item.reason))
    return " — ".join(parts)


def status_word(status: str) -> str:
    """A status in words ("in progress", not "in_progress")."""
    return _("in progress") if status == "in_progress" else _(status)


def change_line(change: ChangeLine) -> str:
    """One change of the history: day, subject, what changed, who."""
    subject = f" {change.subject}:" if change.subject else ""
    return f"{change.day.isoformat()}{subject} {change.text} ({change.author})"


def _changes(agenda: Agenda) -> Section:
    last = agenda.last
    when = last.date.isoformat() if last is not None and last.date else ""
    section = Section(
        "changes",
        _("What changed since the last session ({date})").format(date=when)
        if last is not None
        else _("What changed since the last session"),
        empty=_("No changes."),
    )
    if last is None:
        section.empty = _("No earlier session is recorded.")
    elif agenda.changes is None:
        section.empty = _("History unavailable: {reason}").format(reason=agenda.unavailable)
    else:
        section.lines = [change_line(c) for c in agenda.changes]
    return section


def _follow_ups(agenda: Agenda) -> Section:
    section = Section(
        "follow-ups",
        _("Follow-up of the last session's decisions"),
        empty=_("No earlier session is recorded.")
        if agenda.last is None
        else _("The last session recorded no decisions or items."),
    )
    for follow in agenda.follow_ups:
        if follow.decision is not None:
            section.lines.append(_("Decision: {text}").format(text=follow.decision))
        elif follow.item is not None:
            state = status_word(follow.item.status)
            section.lines.append(f"{item_line(follow.item, agenda.today)} — {state}")
    return section


def paper(agenda: Agenda) -> Paper:
    """The agenda as a paper."""
    date = agenda.date.isoformat()
    title = (
        _("Agenda: {session} ({date})").format(session=agenda.session, date=date)
        if agenda.session
        else _("Agenda of the session of {date}").format(date=date)
    )
    subtitle = _("{roadmap} — drafted on {today} by ewg; items due before {horizon}.").format(
        roadmap=agenda.title, today=agenda.today.isoformat(), horizon=agenda.horizon.isoformat()
    )
    day = agenda.today
    sections = [
        _changes(agenda),
        Section(
            "overdue",
            _("Overdue items"),
            [item_line(i, day) for i in agenda.overdue],
            _("No item is overdue."),
        ),
        Section(
            "blocked",
            _("Blocked items"),
            [item_line(i, day, reason=True) for i in agenda.blocked],
            _("No item is blocked."),
        ),
        Section(
            "due",
            _("Due before the session after next ({date})").format(date=agenda.horizon.isoformat()),
            [item_line(i, day) for i in agenda.due_soon],
            _("Nothing falls due."),
        ),
        _follow_ups(agenda),
        Section(
            "milestones",
            _("Milestones coming due"),
            [
                _("{title} ({id}) — due {due} — {done}/{counted} items done, {percent}%").format(
                    title=m.title,
                    id=m.id,
                    due=m.due.isoformat(),
                    done=m.done,
                    counted=m.counted,
                    percent=m.percent,
                )
                for m in agenda.milestones
            ],
            _("No milestone comes due."),
        ),
        Section(
            "gaps",
            _("Areas lacking a sector or a country"),
            [
                _("{area}: no owner from {missing}").format(
                    area=g.area, missing=", ".join(_(m) for m in g.missing)
                )
                for g in agenda.gaps
            ],
            _("Every area has owners from each sector and country."),
        ),
    ]
    return Paper(title, subtitle, agenda.lang, sections)
