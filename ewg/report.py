"""The report for officials as data: built from the roadmap, its summary and its history; pure.

The renderers (`ewg.render.report_markdown`, `ewg.render.report_html`) only lay
this out. History reaches the report through one function,
`ewg.commands.report.load_history`, which returns either `ReportHistory` or
`HistoryUnavailable` with the reason: the report works outside git too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ewg import indicators as diagnosis
from ewg.i18n import _
from ewg.indicators import Measurement, Standing
from ewg.model import Item, Roadmap
from ewg.query import Summary, Tally

if TYPE_CHECKING:
    from ewg.moment import Moment


# --- history, through one seam -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change to the roadmap, in words, with the commit that made it."""

    day: dt.date  # the day the change reached the branch
    commit: str  # abbreviated id
    author: str
    subject: str  # the item id, or the area, owner or milestone id, or a meeting's date
    text: str  # what changed, in the language in use (not escaped)


@dataclass(frozen=True, slots=True)
class BurnupPoint:
    """Items of an area at the end of one day: how many count, how many are done."""

    day: dt.date
    total: int
    done: int


@dataclass(slots=True)
class ReportHistory:
    """What the history gives the report."""

    since: Moment | None  # where "what changed" starts; its label is shown
    changes: list[ChangeLine]
    burnup: dict[str, list[BurnupPoint]]  # by area id, oldest first
    skipped: int = 0  # commits whose file could not be read


@dataclass(frozen=True, slots=True)
class HistoryUnavailable:
    """Why the report has no history section."""

    reason: str


def burnup_from_stats(
    points: Iterable[tuple[dt.date, Iterable[tuple[str, int, int, int]]]],
    roadmap: Roadmap,
    today: dt.date,
) -> dict[str, list[BurnupPoint]]:
    """Per area, items that count and items done at the end of each day with a commit.

    `points` holds, oldest first, a day and the (area, total, done, dropped) counts of
    the version committed that day; the series ends today with the file as it is now.
    """
    series: dict[str, dict[dt.date, BurnupPoint]] = {a: {} for a in roadmap.areas}
    for day, stats in points:
        seen = set()
        for area, total, done, dropped in stats:
            if area in series:
                series[area][day] = BurnupPoint(day, total - dropped, done)
                seen.add(area)
        for area in series.keys() - seen:
            if series[area]:  # the area had items and now has none
                series[area][day] = BurnupPoint(day, 0, 0)
    now: dict[str, Tally] = {a: Tally() for a in roadmap.areas}
    for item in roadmap.items:
        if item.area in now:
            now[item.area].add(item)
    for area, tally in now.items():
        series[area][today] = BurnupPoint(today, tally.counted, tally.done)
    return {
        area: _corners(sorted(days.values(), key=lambda p: p.day)) for area, days in series.items()
    }


def _corners(points: list[BurnupPoint]) -> list[BurnupPoint]:
    """The points where the figures change, and the last: the corners of the steps the
    charts draw. A day whose commits changed nothing of an area adds no row to its table."""
    out: list[BurnupPoint] = []
    for point in points:
        if not out or (out[-1].total, out[-1].done) != (point.total, point.done):
            out.append(point)
    if points and out[-1] is not points[-1]:
        out.append(points[-1])
    return out


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemLine:
    """An item officials must act on: blocked or overdue."""

    id: str
    title: str
    area: str  # the area's name
    owners: tuple[str, ...]  # names
    status: str
    due: dt.date | None
    days_late: int | None
    reason: str | None
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProgressLine:
    """An area or a milestone with its counts."""

    id: str
    name: str
    progress: Tally
    due: dt.date | None = None
    days_left: int | None = None  # milestones: days until due (negative: past)


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """The owners of an area's items by sector and by country, as names."""

    area: str
    sectors: dict[str, list[str]]
    countries: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """The last session of the group."""

    date: dt.date | None
    title: str
    attendees: tuple[str, ...]  # names
    decisions: tuple[str, ...]
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndicatorSection:
    """The diagnosis: where each indicator stands and its measurements, for charts."""

    standings: list[Standing]  # in file order; each holds its indicator
    series: dict[str, list[Measurement]]  # by indicator id: dated measurements, by date


@dataclass(slots=True)
class Report:
    """Everything the report shows, in the language it was built for."""

    title: str
    lang: str
    today: dt.date
    overall: Tally
    areas: list[ProgressLine]
    milestones: list[ProgressLine]
    blocked: list[ItemLine]
    overdue: list[ItemLine]
    coverage: list[CoverageLine]
    meeting: MeetingLine | None
    history: ReportHistory | HistoryUnavailable
    indicators: IndicatorSection | None = None  # None: the roadmap has no indicators
    area_names: dict[str, str] = field(default_factory=dict)
    # Text of the file shown in English in a Spanish report (no *_es form): marked lang="en".
    english: frozenset[str] = frozenset()
    # The legend of the coverage table: each institution's name, sector and country.
    institutions: list[tuple[str, str, str]] = field(default_factory=list)


def build(
    roadmap: Roadmap,
    summary: Summary,
    lang: str,
    history: ReportHistory | HistoryUnavailable,
) -> Report:
    """The report of a roadmap: names in `lang` (from the *_es fields in Spanish)."""
    today = summary.today

    def owner_names(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(roadmap.owners[o].label(lang) if o in roadmap.owners else o for o in ids)

    def area_name(area_id: str) -> str:
        area = roadmap.areas.get(area_id)
        return area.label(lang) if area else area_id

    def line(item: Item) -> ItemLine:
        late = (today - item.due).days if item.due and item.due < today else None
        return ItemLine(
            item.id,
            item.label(lang),
            area_name(item.area),
            owner_names(item.owners),
            item.status,
            item.due,
            late,
            item.reason_in(lang),
            item.links,
        )

    meeting = roadmap.last_meeting(today)
    english: set[str] = set()
    if lang == "es":  # fields declared English that have no Spanish form here
        english |= {a.name for a in roadmap.areas.values() if not a.name_es}
        english |= {m.title for m in roadmap.milestones.values() if not m.title_es}
        for item in roadmap.items:
            english |= {item.title} if not item.title_es else set()
            english |= {item.reason} if item.reason and not item.reason_es else set()
        if meeting:
            english |= {meeting.title} if not meeting.title_es else set()
            if meeting.decisions_in(lang) is meeting.decisions:
                english |= set(meeting.decisions)
    return Report(
        title=(roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title)
        or _("Roadmap"),
        lang=lang,
        today=today,
        overall=summary.overall,
        areas=[ProgressLine(a.id, a.label(lang), p) for a, p in summary.areas],
        milestones=[
            ProgressLine(m.id, m.label(lang), p, m.due, (m.due - today).days if m.due else None)
            for m, p in summary.milestones
        ],
        blocked=[line(i) for i in summary.blocked],
        overdue=[line(i) for i in summary.overdue],
        coverage=[
            CoverageLine(
                c.area.label(lang),
                {k: list(owner_names(v)) for k, v in c.sectors.items()},
                {k: list(owner_names(v)) for k, v in c.countries.items()},
            )
            for c in summary.coverage
        ],
        meeting=MeetingLine(
            meeting.date,
            meeting.label(lang),
            owner_names(meeting.attendees),
            meeting.decisions_in(lang),
            meeting.items,
        )
        if meeting
        else None,
        history=history,
        indicators=IndicatorSection(
            diagnosis.standings(roadmap.indicators, roadmap.latest, today),
            diagnosis.history(roadmap.measurements),
        )
        if roadmap.indicators
        else None,
        area_names={a.id: a.label(lang) for a in roadmap.areas.values()},
        english=frozenset(english),
        institutions=[(o.label(lang), o.sector, o.country) for o in roadmap.owners.values()],
    )


# --- words shared by the renderers ---------------------------------------------------------


def when(days: int | None) -> str:
    """How far off a due date is, in words."""
    if days is None:
        return ""
    if days == 0:
        return _("today")
    if days > 0:
        return _("in {n} days").format(n=days) if days != 1 else _("tomorrow")
    return _("{n} days ago").format(n=-days) if days != -1 else _("yesterday")
