"""Questions asked of a roadmap: which items, in what order, how far along; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ewg.model import COUNTRIES, HELIX, Area, Country, Item, Milestone, Roadmap, Status
from ewg.records import Record

SORT_FIELDS = (
    "id",
    "area",
    "status",
    "due",
    "start",
    "title",
    "progress",
    "milestone",
    "created",
    "completed",
)
_STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}
_STATUSES = tuple(s.value for s in Status)


class Filters(Record):
    """What `ewg list` keeps."""

    __slots__ = (
        "all",
        "area",
        "country",
        "due_after",
        "due_before",
        "milestone",
        "overdue",
        "owner",
        "sector",
        "status",
        "tag",
    )

    def __init__(
        self,
        area: str | None = None,
        owner: str | None = None,
        sector: str | None = None,
        country: str | None = None,
        status: Sequence[str] = (),
        milestone: str | None = None,
        tag: str | None = None,
        overdue: bool = False,
        due_before: dt.date | None = None,
        due_after: dt.date | None = None,
        all: bool = False,
    ) -> None:
        self.area, self.owner, self.sector, self.country = area, owner, sector, country
        self.status, self.milestone, self.tag, self.overdue = status, milestone, tag, overdue
        self.due_before, self.due_after, self.all = due_before, due_after, all


def select(roadmap: Roadmap, filters: Filters, today: dt.date) -> list[Item]:
    """The items that pass every filter; open ones only unless --all or --status."""
    owners = roadmap.owners
    wanted_owners: set[str] | None = None
    if filters.sector or filters.country:
        wanted_owners = {
            o.id
            for o in owners.values()
            if (not filters.sector or o.sector == filters.sector)
            and (
                not filters.country
                or o.country == filters.country
                or (o.country == Country.BINATIONAL and filters.country in COUNTRIES)
            )
        }
    statuses = set(filters.status)
    out = []
    for item in roadmap.items:
        if statuses:
            if item.status not in statuses:
                continue
        elif not filters.all and not item.is_open:
            continue
        if filters.area and item.area != filters.area:
            continue
        if filters.owner and filters.owner not in item.owners:
            continue
        if wanted_owners is not None and not wanted_owners.intersection(item.owners):
            continue
        if filters.milestone and item.milestone != filters.milestone:
            continue
        if filters.tag and filters.tag not in item.tags:
            continue
        if filters.overdue and not item.is_overdue(today):
            continue
        if filters.due_before and not (item.due and item.due < filters.due_before):
            continue
        if filters.due_after and not (item.due and item.due > filters.due_after):
            continue
        out.append(item)
    return out


def _id_key(item: Item) -> tuple[str, int, str]:
    number = item.number
    return (item.id.split("-")[0], number if number is not None else -1, item.id)


def sort_items(items: list[Item], by: str, roadmap: Roadmap) -> list[Item]:
    """Items ordered by a field; ties and missing values keep file order, missing last."""
    if by in ("id", ""):
        return sorted(items, key=_id_key)
    if by == "status":
        return sorted(items, key=lambda i: _STATUS_ORDER.get(i.status, 99))
    if by == "area":
        order = {a: n for n, a in enumerate(roadmap.areas)}
        return sorted(items, key=lambda i: order.get(i.area, len(order)))
    if by == "progress":
        return sorted(items, key=lambda i: -i.effective_progress)
    if by == "title":
        return sorted(items, key=lambda i: i.title.casefold())
    present = [i for i in items if getattr(i, by) is not None]
    missing = [i for i in items if getattr(i, by) is None]
    return sorted(present, key=lambda i: getattr(i, by)) + missing


class Tally(Record):
    """A tally of items: counts by status and a completion percentage."""

    __slots__ = ("by_status", "points", "total")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self) -> None:
        self.total = 0
        self.by_status: dict[str, int] = dict.fromkeys(_STATUSES, 0)
        self.points = 0  # sum of effective progress over items that count

    def add(self, item: Item) -> None:
        """Count one item."""
        self.total += 1
        if item.status in self.by_status:
            self.by_status[item.status] += 1
        if item.status != Status.DROPPED:
            self.points += item.effective_progress

    @property
    def counted(self) -> int:
        """Items that count towards completion (all but dropped)."""
        return self.total - self.by_status[Status.DROPPED]

    @property
    def done(self) -> int:
        """Items done."""
        return self.by_status[Status.DONE]

    @property
    def percent(self) -> int:
        """Mean progress of the items that count: done is 100, others their progress."""
        # Half up, as people round (42.5 shows 43), not round()'s half to even.
        return (2 * self.points + self.counted) // (2 * self.counted) if self.counted else 0


class Coverage(Record):
    """The owners of an area's items by helix sector and by country."""

    __slots__ = ("area", "countries", "sectors")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self, area: Area, sectors: dict[str, list[str]], countries: dict[str, list[str]]
    ) -> None:
        self.area, self.sectors, self.countries = area, sectors, countries

    @property
    def gaps(self) -> list[str]:
        """Sectors and countries with no owner."""
        return [k for k, v in (*self.sectors.items(), *self.countries.items()) if not v]


class Summary(Record):
    """What `ewg status` shows."""

    __slots__ = (
        "areas",
        "blocked",
        "coverage",
        "milestones",
        "overall",
        "overdue",
        "title",
        "today",
    )
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        title: str,
        today: dt.date,
        overall: Tally,
        areas: list[tuple[Area, Tally]],
        milestones: list[tuple[Milestone, Tally]],
        overdue: list[Item],
        blocked: list[Item],
        coverage: list[Coverage],
    ) -> None:
        self.title, self.today, self.overall = title, today, overall
        self.areas, self.milestones = areas, milestones
        self.overdue, self.blocked, self.coverage = overdue, blocked, coverage


def coverage(roadmap: Roadmap, areas: Iterable[Area]) -> list[Coverage]:
    """Triple-helix coverage of each area, from its items' owners (in the owners' order)."""
    wanted = list(areas)
    used: dict[str, set[str]] = {a.id: set() for a in wanted}
    for item in roadmap.items:
        owners = used.get(item.area)
        if owners is not None:
            owners.update(item.owners)
    out = []
    for area in wanted:
        sectors: dict[str, list[str]] = {s.value: [] for s in HELIX}
        countries: dict[str, list[str]] = {c.value: [] for c in COUNTRIES}
        for owner in roadmap.owners.values():
            if owner.id not in used[area.id]:
                continue
            if owner.sector in sectors:
                sectors[owner.sector].append(owner.id)
            for country in COUNTRIES if owner.country == Country.BINATIONAL else (owner.country,):
                if country in countries:
                    countries[country].append(owner.id)
        out.append(Coverage(area, sectors, countries))
    return out


def summarize(roadmap: Roadmap, today: dt.date, area: str | None = None) -> Summary:
    """Progress per area and milestone, overdue and blocked items, helix coverage."""
    areas = [a for a in roadmap.areas.values() if area is None or a.id == area]
    per_area = {a.id: Tally() for a in areas}
    per_milestone = {m: Tally() for m in roadmap.milestones}
    overall = Tally()
    overdue, blocked = [], []
    open_states = ("planned", "in_progress", "blocked")
    # One pass over the items, with the per-item work inlined: this loop is most of
    # `ewg status` on a large roadmap.
    for item in roadmap.items:
        item_area = item.area
        if area is not None and item_area != area:
            continue
        status = item.status
        points = 0 if status == "dropped" else 100 if status == "done" else item.effective_progress
        for progress in (overall, per_area.get(item_area), per_milestone.get(item.milestone or "")):
            if progress is not None:
                progress.total += 1
                if status in progress.by_status:
                    progress.by_status[status] += 1
                progress.points += points
        if status in open_states:
            if item.due is not None and item.due < today:
                overdue.append(item)
            if status == "blocked":
                blocked.append(item)
    overdue.sort(key=lambda i: i.due or today)  # stable: file order among equals
    milestones = sorted(
        ((roadmap.milestones[m], p) for m, p in per_milestone.items() if area is None or p.total),
        key=lambda mp: (mp[0].due or dt.date.max, mp[0].id),
    )
    return Summary(
        roadmap.title,
        today,
        overall,
        [(a, per_area[a.id]) for a in areas],
        milestones,
        overdue,
        blocked,
        coverage(roadmap, areas),
    )
