"""The roadmap as data: plain classes and enums, built from a parsed document; no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum

from ewg import shape
from ewg.records import Record, as_date, as_str, as_strs, as_table, in_language, opt_str

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.indicators import Indicator, Latest, Measurement


class Status(StrEnum):
    """The state of an action item (shape.STATUSES; a test keeps the two in step)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"


class Sector(StrEnum):
    """The helix an owner belongs to."""

    GOVERNMENT = "government"
    INDUSTRY = "industry"
    ACADEMIA = "academia"
    CIVIL_SOCIETY = "civil-society"


class Country(StrEnum):
    """Which side of the border an owner stands on."""

    MX = "MX"
    US = "US"
    BINATIONAL = "binational"


OPEN_STATUSES = frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED})
CLOSED_STATUSES = frozenset({Status.DONE, Status.DROPPED})
HELIX = (Sector.GOVERNMENT, Sector.INDUSTRY, Sector.ACADEMIA)
COUNTRIES = (Country.MX, Country.US)

ITEM_ID_RE = re.compile(f"({shape.PREFIX})-({shape.NUMBER})\\Z")
TABLE_ID_RE = re.compile(f"{shape.LOOKUP_ID}\\Z")

# Keys each table accepts, in the order ewg writes them: see ewg.shape.
ROADMAP_KEYS = shape.ROADMAP.key_names
AREA_KEYS = shape.AREAS.key_names
OWNER_KEYS = shape.OWNERS.key_names
MILESTONE_KEYS = shape.MILESTONES.key_names
ITEM_KEYS = shape.ITEMS.key_names
ITEM_REQUIRED = shape.ITEMS.required
MEETING_KEYS = shape.MEETINGS.key_names
TOP_LEVEL_KEYS = tuple(section.name for section in shape.SECTIONS)

# The five thematic areas of the group, for `ewg init`.
DEFAULT_AREAS = (
    ("innovation", "Innovation", "Innovación", "INN"),
    ("human-capital", "Human capital", "Capital humano", "HUM"),
    ("providers", "Provider development", "Desarrollo de proveedores", "PRV"),
    ("infrastructure", "Infrastructure development", "Desarrollo de infraestructura", "INF"),
    ("governance", "Governance structures", "Estructuras de gobernanza", "GOV"),
)


class Area(Record):
    """A thematic area of the group."""

    __slots__ = ("id", "name", "name_es", "prefix")

    def __init__(self, id: str, name: str, name_es: str | None = None, prefix: str = "") -> None:
        self.id, self.name, self.name_es, self.prefix = id, name, name_es, prefix

    def label(self, lang: str = "en") -> str:
        """The area's name in `lang`, falling back to English."""
        return (self.name_es if lang == "es" and self.name_es else self.name) or self.id


class Owner(Record):
    """An institution that owns action items."""

    __slots__ = ("country", "id", "name", "name_es", "sector")

    def __init__(
        self, id: str, name: str, sector: str = "", country: str = "", name_es: str | None = None
    ) -> None:
        self.id, self.name, self.sector, self.country = id, name, sector, country
        self.name_es = name_es

    def label(self, lang: str = "en") -> str:
        """The owner's name in `lang`, falling back to English."""
        return (self.name_es if lang == "es" and self.name_es else self.name) or self.id


class Milestone(Record):
    """A dated milestone that items work towards."""

    __slots__ = ("due", "id", "title", "title_es")

    def __init__(
        self, id: str, title: str, title_es: str | None = None, due: dt.date | None = None
    ) -> None:
        self.id, self.title, self.title_es, self.due = id, title, title_es, due

    def label(self, lang: str = "en") -> str:
        """The milestone's title in `lang`, falling back to English."""
        return (self.title_es if lang == "es" and self.title_es else self.title) or self.id


# The fields of an item in the order of its constructor (and of cached rows and JSON).
ITEM_FIELDS = (
    "id",
    "title",
    "area",
    "status",
    "owners",
    "title_es",
    "milestone",
    "start",
    "due",
    "progress",
    "depends_on",
    "tags",
    "notes",
    "links",
    "reason",
    "created",
    "completed",
    "notes_es",
    "reason_es",
)


class Item(Record):
    """An action item of the roadmap."""

    __slots__ = ITEM_FIELDS
    __hash__ = None  # type: ignore[assignment]  # items are edited in place

    def __init__(
        self,
        id: str,
        title: str,
        area: str,
        status: str,
        owners: tuple[str, ...] = (),
        title_es: str | None = None,
        milestone: str | None = None,
        start: dt.date | None = None,
        due: dt.date | None = None,
        progress: int | None = None,
        depends_on: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        notes: str | None = None,
        links: tuple[str, ...] = (),
        reason: str | None = None,
        created: dt.date | None = None,
        completed: dt.date | None = None,
        notes_es: str | None = None,
        reason_es: str | None = None,
    ) -> None:
        self.id, self.title, self.area, self.status = id, title, area, status
        self.notes_es, self.reason_es = notes_es, reason_es
        self.owners, self.title_es, self.milestone = owners, title_es, milestone
        self.start, self.due, self.progress = start, due, progress
        self.depends_on, self.tags, self.notes, self.links = depends_on, tags, notes, links
        self.reason, self.created, self.completed = reason, created, completed

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Item:
        """Build an item from its TOML table, ignoring values of the wrong type."""
        # Hot path (10,000 items on every read): plain gets, helpers only when needed.
        get = table.get
        progress = get("progress")
        item_id, title, area, status = get("id"), get("title"), get("area"), get("status")
        return cls(
            item_id if item_id.__class__ is str else "",
            title if title.__class__ is str else "",
            area if area.__class__ is str else "",
            status if status.__class__ is str else "",
            as_strs(get("owners")),
            opt_str(get("title_es")),
            opt_str(get("milestone")),
            as_date(get("start")),
            as_date(get("due")),
            progress if progress.__class__ is int else None,
            as_strs(get("depends_on")),
            as_strs(get("tags")),
            opt_str(get("notes")),
            as_strs(get("links")),
            opt_str(get("reason")),
            as_date(get("created")),
            as_date(get("completed")),
            opt_str(get("notes_es")),
            opt_str(get("reason_es")),
        )

    @property
    def is_open(self) -> bool:
        """Planned, in progress or blocked."""
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """Open and past its due date."""
        return self.is_open and self.due is not None and self.due < today

    def label(self, lang: str = "en") -> str:
        """The item's title in `lang`, falling back to English."""
        return in_language(self.title, self.title_es, lang)

    def reason_in(self, lang: str = "en") -> str | None:
        """Why the item is blocked or dropped, in `lang` where the file says it."""
        return self.reason_es if lang == "es" and self.reason_es else self.reason

    def notes_in(self, lang: str = "en") -> str | None:
        """The item's notes in `lang`, falling back to English."""
        return self.notes_es if lang == "es" and self.notes_es else self.notes

    @property
    def number(self) -> int | None:
        """The number after the prefix, if the id is well formed."""
        match = ITEM_ID_RE.match(self.id)
        return int(match.group(2)) if match else None

    @property
    def effective_progress(self) -> int:
        """Progress in percent: done counts 100, an explicit value otherwise, else 0."""
        if self.status == Status.DONE:
            return 100
        if self.progress is not None:
            return max(0, min(100, self.progress))
        return 0


class Meeting(Record):
    """A session of the group."""

    __slots__ = ("attendees", "date", "decisions", "decisions_es", "items", "title", "title_es")

    def __init__(
        self,
        date: dt.date | None,
        title: str,
        title_es: str | None = None,
        attendees: tuple[str, ...] = (),
        decisions: tuple[str, ...] = (),
        items: tuple[str, ...] = (),
        decisions_es: tuple[str, ...] = (),
    ) -> None:
        self.date, self.title, self.title_es = date, title, title_es
        self.attendees, self.decisions, self.items = attendees, decisions, items
        self.decisions_es = decisions_es

    def label(self, lang: str = "en") -> str:
        """The meeting's title in `lang`, falling back to English."""
        return in_language(self.title, self.title_es, lang)

    def decisions_in(self, lang: str = "en") -> tuple[str, ...]:
        """The decisions in `lang` where the file has them all in Spanish, else in English."""
        spanish = lang == "es" and len(self.decisions_es) == len(self.decisions)
        return self.decisions_es if spanish and self.decisions_es else self.decisions


class Roadmap(Record):
    """The whole roadmap: lookup tables, items and meetings, indicators and measurements.

    The measurements may come later: a roadmap read from the cache holds only each
    indicator's latest ones (`latest`, all that `ewg status` needs) and reads the rest
    when first asked for `measurements`.
    """

    __slots__ = (
        "_latest",
        "_load_measurements",
        "_measurements",
        "areas",
        "indicators",
        "items",
        "meetings",
        "milestones",
        "owners",
        "title",
        "title_es",
    )
    # The fields that equality and repr compare and show (measurements loaded if need be).
    FIELDS = (
        "areas",
        "indicators",
        "items",
        "measurements",
        "meetings",
        "milestones",
        "owners",
        "title",
        "title_es",
    )
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        title: str = "",
        title_es: str | None = None,
        areas: dict[str, Area] | None = None,
        owners: dict[str, Owner] | None = None,
        milestones: dict[str, Milestone] | None = None,
        items: list[Item] | None = None,
        meetings: list[Meeting] | None = None,
        indicators: dict[str, Indicator] | None = None,
        measurements: list[Measurement] | None = None,
        *,
        load_measurements: Callable[[], list[Measurement]] | None = None,
        latest: Latest | None = None,
    ) -> None:
        """`load_measurements`, given instead of `measurements`, reads them when first
        needed; `latest`, when known, is what `ewg.indicators.latest` would find in them."""
        self.title, self.title_es = title, title_es
        self.areas = {} if areas is None else areas
        self.owners = {} if owners is None else owners
        self.milestones = {} if milestones is None else milestones
        self.items = [] if items is None else items
        self.meetings = [] if meetings is None else meetings
        self.indicators = {} if indicators is None else indicators
        if measurements is None and load_measurements is None:
            measurements = []
        self._measurements = measurements
        self._load_measurements = load_measurements
        self._latest = latest

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"Roadmap({fields})"

    @property
    def measurements(self) -> list[Measurement]:
        """Every measurement, in file order."""
        found = self._measurements
        if found is None:
            assert self._load_measurements is not None
            found = self._measurements = self._load_measurements()
            self._load_measurements = None
        return found

    @property
    def latest(self) -> Latest:
        """Each measured indicator's latest two measurements and count (see ewg.indicators)."""
        if self._latest is None:
            from ewg.indicators import latest

            self._latest = latest(self.measurements)
        return self._latest

    def with_items(self, items: list[Item]) -> Roadmap:
        """The same roadmap with other items."""
        return Roadmap(
            self.title,
            self.title_es,
            self.areas,
            self.owners,
            self.milestones,
            items,
            self.meetings,
            self.indicators,
            self._measurements,
            load_measurements=self._load_measurements,
            latest=self._latest,
        )

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Roadmap:
        """Build the model from a parsed document, tolerating wrong types."""
        head = as_table(doc.get("roadmap"))
        areas = {
            key: Area(
                key,
                as_str(t.get("name")),
                opt_str(t.get("name_es")),
                as_str(t.get("prefix")),
            )
            for key, t in as_table(doc.get("areas")).items()
            if isinstance(t, dict)
        }
        owners = {
            key: Owner(
                key,
                as_str(t.get("name")),
                as_str(t.get("sector")),
                as_str(t.get("country")),
                opt_str(t.get("name_es")),
            )
            for key, t in as_table(doc.get("owners")).items()
            if isinstance(t, dict)
        }
        milestones = {
            key: Milestone(
                key, as_str(t.get("title")), opt_str(t.get("title_es")), as_date(t.get("due"))
            )
            for key, t in as_table(doc.get("milestones")).items()
            if isinstance(t, dict)
        }
        raw_items = doc.get("items")
        items = [
            Item.from_table(t)
            for t in (raw_items if isinstance(raw_items, list) else ())
            if isinstance(t, dict)
        ]
        raw_meetings = doc.get("meetings")
        meetings = [
            Meeting(
                as_date(t.get("date")),
                as_str(t.get("title")),
                opt_str(t.get("title_es")),
                as_strs(t.get("attendees")),
                as_strs(t.get("decisions")),
                as_strs(t.get("items")),
                as_strs(t.get("decisions_es")),
            )
            for t in (raw_meetings if isinstance(raw_meetings, list) else ())
            if isinstance(t, dict)
        ]
        from ewg.indicators import indicators_of, measurements_of

        return cls(
            as_str(head.get("title")),
            opt_str(head.get("title_es")),
            areas,
            owners,
            milestones,
            items,
            meetings,
            indicators_of(doc),
            measurements_of(doc),
        )

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if any."""
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def items_of(self, area_id: str) -> Iterator[Item]:
        """The items of one area, in file order."""
        return (item for item in self.items if item.area == area_id)

    def dependents(self, item_id: str) -> list[Item]:
        """The items that depend on `item_id`."""
        return [item for item in self.items if item_id in item.depends_on]

    def last_meeting(self, today: dt.date) -> Meeting | None:
        """The latest meeting held on or before `today`.

        A meeting dated after today is a scheduled session (`next_meeting`), not
        the last one. Of two meetings on one day, the later in the file.
        """
        held = [m for m in self.meetings if m.date is not None and m.date <= today]
        return max(reversed(held), key=lambda m: m.date or dt.date.min) if held else None

    def decisions_on(self, item_id: str) -> list[tuple[Meeting, str]]:
        """The decisions about an item, oldest session first: those of the sessions that
        discussed it (`meeting add|set --decision … --item ID`), and any that name its id."""
        named = re.compile(rf"(?<![A-Za-z0-9-]){re.escape(item_id)}(?![0-9])")
        found = []
        for meeting in sorted(self.meetings, key=lambda m: m.date or dt.date.max):
            for decision in meeting.decisions:
                if item_id in meeting.items or named.search(decision):
                    found.append((meeting, decision))
        return found

    def next_meeting(self, today: dt.date) -> Meeting | None:
        """The first session scheduled after `today`, if any."""
        ahead = [m for m in self.meetings if m.date is not None and m.date > today]
        return min(ahead, key=lambda m: m.date or dt.date.max) if ahead else None
