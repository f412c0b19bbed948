"""The shape of roadmap.toml, declared once: sections, keys, types, required keys, enums, order.

Everything else that knows the shape derives from here: the model's key
lists, validation's type checks, the JSON Schema, the CSV and JSON columns,
the order of a new item's keys. Plain tuples and slotted classes, because
`ewg status` imports this through the model (a dataclass costs it 10 ms).
The help texts are marked with `N_` for the catalog; show them with `_()`.
"""

from __future__ import annotations

from ewg.i18n import N_

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

# The types a key can have (also the words validation shows; terms.TYPES translates them).
STRING, DATE, INTEGER, STRINGS = "string", "date", "integer", "array of strings"

# Id patterns, anchored the way JSON Schema and re.fullmatch both read them.
LOOKUP_ID = "[a-z0-9][a-z0-9_-]*"  # areas, owners, milestones
PREFIX = "[A-Z][A-Z0-9]*"  # an area's prefix
NUMBER = "[1-9][0-9]*"  # an item's number
ITEM_ID = f"{PREFIX}-{NUMBER}"  # INN-12
LINK = "https?://"  # how a link starts (validation also wants something after it)

# Enums: each value with the help an editor shows for it. Values, and item keys
# (changes name them), are marked with N_ too: output shows them translated.
STATUSES = (
    (N_("planned"), N_("Not started yet")),
    (N_("in_progress"), N_("Being worked on")),
    (N_("blocked"), N_("Stuck; say why in `reason`")),
    (N_("done"), N_("Finished; `completed` records when")),
    (N_("dropped"), N_("Abandoned; say why in `reason`")),
)
SECTORS = (
    (N_("government"), N_("Government")),
    (N_("industry"), N_("Industry")),
    (N_("academia"), N_("Academia")),
    (N_("civil-society"), N_("Civil society")),
)
COUNTRIES = (
    (N_("MX"), N_("Mexico")),
    (N_("US"), N_("United States")),
    (N_("binational"), N_("Both countries")),
)


class Key:
    """One key of a table: its name, type and help; `pattern` and `enum` constrain
    a string (or each string of an array); `bounds` an integer."""

    __slots__ = ("bounds", "enum", "help", "name", "pattern", "type")

    def __init__(
        self,
        name: str,
        type: str,
        help: str,
        pattern: str | None = None,
        enum: tuple[tuple[str, str], ...] = (),
        bounds: tuple[int, int] | None = None,
    ) -> None:
        self.name, self.type, self.help = name, type, help
        self.pattern, self.enum, self.bounds = pattern, enum, bounds


class Section:
    """A top-level section: a table (`roadmap`), a table of tables keyed by id
    (`lookup`: areas, owners, milestones) or an array of tables (`array`).

    `keys` are in the order ewg writes them; `init_keys` are the keys an editor
    fills in when it starts a new entry.
    """

    __slots__ = ("entry_help", "form", "help", "init_keys", "keys", "name", "required")

    def __init__(
        self,
        name: str,
        form: str,
        help: str,
        entry_help: str,
        keys: tuple[Key, ...],
        required: tuple[str, ...],
        init_keys: tuple[str, ...] = (),
    ) -> None:
        self.name, self.form, self.help, self.entry_help = name, form, help, entry_help
        self.keys, self.required, self.init_keys = keys, required, init_keys

    @property
    def key_names(self) -> tuple[str, ...]:
        """The names of the keys, in order."""
        return tuple(key.name for key in self.keys)

    def types(self) -> dict[str, str]:
        """Each key's type, by name."""
        return {key.name: key.type for key in self.keys}


ROADMAP = Section(
    "roadmap",
    "table",
    N_("The roadmap itself."),
    N_("The roadmap itself."),
    (
        Key("title", STRING, N_("Title of the roadmap (English).")),
        Key("title_es", STRING, N_("Title of the roadmap in Spanish.")),
    ),
    required=("title",),
)
AREAS = Section(
    "areas",
    "lookup",
    N_("Thematic areas, by area id."),
    N_("A thematic area of the working group."),
    (
        Key("name", STRING, N_("Name of the area (English).")),
        Key("name_es", STRING, N_("Name of the area in Spanish.")),
        Key(
            "prefix",
            STRING,
            N_("Prefix of the ids of this area's items, e.g. INN for INN-12."),
            pattern=PREFIX,
        ),
    ),
    required=("name", "prefix"),
    init_keys=("name", "name_es", "prefix"),
)
OWNERS = Section(
    "owners",
    "lookup",
    N_("Institutions that own items, by owner id."),
    N_("An institution that owns action items."),
    (
        Key("name", STRING, N_("Name of the institution.")),
        Key("name_es", STRING, N_("Name of the institution in Spanish.")),
        Key(
            "sector",
            STRING,
            N_("Sector of the triple helix the owner belongs to."),
            enum=SECTORS,
        ),
        Key("country", STRING, N_("Country of the owner."), enum=COUNTRIES),
    ),
    required=("name", "sector", "country"),
    init_keys=("name", "sector", "country"),
)
MILESTONES = Section(
    "milestones",
    "lookup",
    N_("Milestones, by milestone id."),
    N_("A milestone of the roadmap."),
    (
        Key("title", STRING, N_("Title of the milestone (English).")),
        Key("title_es", STRING, N_("Title of the milestone in Spanish.")),
        Key("due", DATE, N_("Date the milestone is due.")),
    ),
    required=("title",),
    init_keys=("title", "due"),
)
ITEMS = Section(
    "items",
    "array",
    N_("Action items of the roadmap ([[items]])."),
    N_("An action item of the roadmap."),
    (
        Key(
            N_("id"),
            STRING,
            N_("Item id: the area prefix, a dash and a number (INN-12). Never changes."),
            pattern=ITEM_ID,
        ),
        Key(N_("title"), STRING, N_("Title of the item (English).")),
        Key(N_("title_es"), STRING, N_("Title of the item in Spanish.")),
        Key(N_("area"), STRING, N_("Id of the item's area (a key of [areas])."), pattern=LOOKUP_ID),
        Key(
            N_("owners"),
            STRINGS,
            N_("Ids of the owners responsible (keys of [owners])."),
            pattern=LOOKUP_ID,
        ),
        Key(N_("status"), STRING, N_("Status of the item."), enum=STATUSES),
        Key(
            N_("milestone"),
            STRING,
            N_("Id of the milestone the item counts towards (a key of [milestones])."),
            pattern=LOOKUP_ID,
        ),
        Key(N_("start"), DATE, N_("Date work on the item starts.")),
        Key(N_("due"), DATE, N_("Date the item is due.")),
        Key(N_("progress"), INTEGER, N_("Progress in percent, 0 to 100."), bounds=(0, 100)),
        Key(
            N_("depends_on"), STRINGS, N_("Ids of the items this one depends on."), pattern=ITEM_ID
        ),
        Key(N_("tags"), STRINGS, N_("Free-form tags.")),
        Key(N_("notes"), STRING, N_("Free-form notes.")),
        Key(N_("notes_es"), STRING, N_("The notes in Spanish.")),
        Key(N_("links"), STRINGS, N_("Related web pages (http or https URLs)."), pattern=LINK),
        Key(N_("reason"), STRING, N_("Why the item is blocked or dropped.")),
        Key(N_("reason_es"), STRING, N_("The reason in Spanish.")),
        Key(N_("created"), DATE, N_("Date the item was added (filled in by ewg).")),
        Key(N_("completed"), DATE, N_("Date the item was done (filled in by ewg).")),
    ),
    required=("id", "title", "area", "status"),
    init_keys=("id", "title", "area", "status"),
)
MEETINGS = Section(
    "meetings",
    "array",
    N_("Record of the group's sessions ([[meetings]])."),
    N_("A session of the working group."),
    (
        Key("date", DATE, N_("Date of the session.")),
        Key("title", STRING, N_("Title of the session (English).")),
        Key("title_es", STRING, N_("Title of the session in Spanish.")),
        Key(
            "attendees",
            STRINGS,
            N_("Ids of the owners who attended (keys of [owners])."),
            pattern=LOOKUP_ID,
        ),
        Key("decisions", STRINGS, N_("Decisions taken.")),
        Key("decisions_es", STRINGS, N_("The decisions in Spanish, in the same order.")),
        Key("items", STRINGS, N_("Ids of the items discussed."), pattern=ITEM_ID),
    ),
    required=("date", "title"),
    init_keys=("date", "title"),
)

# --- indicators: the diagnosis of both countries, measured against targets -----------

# Two more types: a number (integer or float), and an inline table of a date and a value.
NUMERIC, POINT = N_("number"), N_("date and value")
DIRECTIONS = (
    (N_("up"), N_("Higher is better")),
    (N_("down"), N_("Lower is better")),
)
# The keys of a `date and value` table (an indicator's baseline and target).
POINT_KEYS = (
    Key("date", DATE, N_("Date of the value.")),
    Key("value", NUMERIC, N_("The value, in the indicator's unit.")),
)
INDICATORS = Section(
    "indicators",
    "lookup",
    N_("Indicators of the diagnosis, by indicator id."),
    N_("A measured indicator of one country's automotive sector, with its baseline and target."),
    (
        Key("name", STRING, N_("Name of the indicator (English).")),
        Key("name_es", STRING, N_("Name of the indicator in Spanish.")),
        Key(
            "area", STRING, N_("Id of the indicator's area (a key of [areas])."), pattern=LOOKUP_ID
        ),
        Key("country", STRING, N_("Country the indicator measures."), enum=COUNTRIES),
        Key("unit", STRING, N_("Unit of the values, e.g. chargers or percent.")),
        Key("unit_es", STRING, N_("Unit of the values in Spanish.")),
        Key("direction", STRING, N_("Which way is better (up when absent)."), enum=DIRECTIONS),
        Key(
            "owners",
            STRINGS,
            N_("Ids of the owners who report it (keys of [owners])."),
            pattern=LOOKUP_ID,
        ),
        Key(
            "group",
            STRING,
            N_("Indicators of one group are compared side by side across countries."),
            pattern=LOOKUP_ID,
        ),
        Key("baseline", POINT, N_("Where the indicator started: { date = …, value = … }.")),
        Key("target", POINT, N_("Where it must get to: { date = …, value = … }.")),
        Key(
            "source",
            STRING,
            N_("Where the figures come from (an http or https URL)."),
            pattern=LINK,
        ),
    ),
    required=("name", "area", "country", "unit", "baseline", "target"),
    init_keys=("name", "area", "country", "unit", "baseline", "target"),
)
MEASUREMENTS = Section(
    "measurements",
    "array",
    N_("Measured values of the indicators ([[measurements]])."),
    N_("One measured value of an indicator."),
    (
        Key(
            "indicator",
            STRING,
            N_("Id of the indicator measured (a key of [indicators])."),
            pattern=LOOKUP_ID,
        ),
        Key("date", DATE, N_("Date the value was measured.")),
        Key("value", NUMERIC, N_("The value, in the indicator's unit.")),
        Key(
            "source", STRING, N_("Where the value comes from (an http or https URL)."), pattern=LINK
        ),
        Key("note", STRING, N_("Free-form note.")),
    ),
    required=("indicator", "date", "value"),
    init_keys=("indicator", "date", "value"),
)

SECTIONS = (ROADMAP, AREAS, OWNERS, MILESTONES, ITEMS, MEETINGS, INDICATORS, MEASUREMENTS)
BY_NAME = {section.name: section for section in SECTIONS}
REQUIRED_SECTIONS = ("roadmap", "areas")
# Which keys name an entry of a keyed table: (section, key) for each table. A rename
# follows them (ewg.merge.renames), and the history tells a rename by them (ewg.diff).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "owners": (("items", "owners"), ("meetings", "attendees"), ("indicators", "owners")),
    "milestones": (("items", "milestone"),),
    "areas": (("items", "area"),),
    "indicators": (("measurements", "indicator"),),
}


def ordered(section: Section, table: Mapping[str, Any]) -> dict[str, Any]:
    """`table` with its keys in the section's order (unknown keys last, as they came).

    The order of a new entry as ewg writes it: `ordered(ITEMS, fields)` for `ewg add`.
    """
    known = {name: table[name] for name in section.key_names if name in table}
    return known | {name: value for name, value in table.items() if name not in known}
