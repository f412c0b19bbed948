"""Indicators of the diagnosis and their measurements: the model, and where each stands.

Pure core: values in, values out. An indicator runs from its baseline (a date and
a value) to its target; `standing` says how far the latest measurement has come
(progress), how far the straight line from baseline to target says it should be
by that date (expected), and so whether it is on track. See docs/format.md.
"""

from __future__ import annotations

import datetime as dt

from ewg.records import Record, as_date, as_str, as_strs, as_table, in_language, opt_str

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

UP, DOWN = "up", "down"
STALE_AFTER = dt.timedelta(days=365)  # no measurement for a year: stale


def _number(value: Any) -> int | float | None:
    """A measured value: an integer or a finite float (inf and nan measure nothing, as
    validation says: E005); None for anything else."""
    if value.__class__ is int or (value.__class__ is float and value - value == 0):
        return value  # type: ignore[no-any-return, unused-ignore]
    return None


class Point(Record):
    """A dated value: an indicator's baseline or target."""

    __slots__ = ("date", "value")

    def __init__(self, date: dt.date, value: int | float) -> None:
        self.date, self.value = date, value

    @classmethod
    def from_table(cls, table: Any) -> Point | None:
        """The point of a `{ date = …, value = … }` table; None unless both are right."""
        if not isinstance(table, dict):
            return None
        date, value = as_date(table.get("date")), _number(table.get("value"))
        return None if date is None or value is None else cls(date, value)


# The fields of an indicator in the order of its constructor (and of cached rows).
INDICATOR_FIELDS = (
    "id",
    "name",
    "area",
    "country",
    "unit",
    "baseline",
    "target",
    "name_es",
    "unit_es",
    "direction",
    "owners",
    "group",
    "source",
)


class Indicator(Record):
    """A measured indicator of one country, with its baseline and target."""

    __slots__ = INDICATOR_FIELDS

    def __init__(
        self,
        id: str,
        name: str,
        area: str,
        country: str,
        unit: str,
        baseline: Point | None,
        target: Point | None,
        name_es: str | None = None,
        unit_es: str | None = None,
        direction: str = UP,
        owners: tuple[str, ...] = (),
        group: str | None = None,
        source: str | None = None,
    ) -> None:
        self.id, self.name, self.area, self.country = id, name, area, country
        self.unit, self.baseline, self.target = unit, baseline, target
        self.name_es, self.unit_es, self.direction = name_es, unit_es, direction
        self.owners, self.group, self.source = owners, group, source

    @classmethod
    def from_table(cls, key: str, table: Mapping[str, Any]) -> Indicator:
        """Build an indicator from its TOML table, ignoring values of the wrong type."""
        direction = table.get("direction")
        return cls(
            key,
            as_str(table.get("name")),
            as_str(table.get("area")),
            as_str(table.get("country")),
            as_str(table.get("unit")),
            Point.from_table(table.get("baseline")),
            Point.from_table(table.get("target")),
            opt_str(table.get("name_es")),
            opt_str(table.get("unit_es")),
            DOWN if direction == DOWN else UP,
            as_strs(table.get("owners")),
            opt_str(table.get("group")),
            opt_str(table.get("source")),
        )

    def label(self, lang: str = "en") -> str:
        """The indicator's name in `lang`, falling back to English."""
        return in_language(self.name, self.name_es, lang) or self.id

    def unit_in(self, lang: str = "en") -> str:
        """The unit in `lang`, falling back to English."""
        return in_language(self.unit, self.unit_es, lang)


class Measurement(tuple):  # type: ignore[type-arg]
    """One measured value of an indicator: (indicator, date, value, source, note).

    A tuple rather than a Record: `ewg status` reads 20,000 of them from the cache,
    and tuples are made without running Python code (see rows.measurements_from_rows).
    """

    __slots__ = ()

    def __new__(
        cls,
        indicator: str,
        date: dt.date | None,
        value: int | float | None,
        source: str | None = None,
        note: str | None = None,
    ) -> Measurement:
        return tuple.__new__(cls, (indicator, date, value, source, note))

    @property
    def indicator(self) -> str:
        """Id of the indicator measured."""
        return self[0]  # type: ignore[no-any-return]

    @property
    def date(self) -> dt.date | None:
        """Date measured (None when the file's is not a date)."""
        return self[1]  # type: ignore[no-any-return]

    @property
    def value(self) -> int | float | None:
        """The value (None when the file's is not a number)."""
        return self[2]  # type: ignore[no-any-return]

    @property
    def source(self) -> str | None:
        """Where the value comes from."""
        return self[3]  # type: ignore[no-any-return]

    @property
    def note(self) -> str | None:
        """A note on the value."""
        return self[4]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        fields = ("indicator", "date", "value", "source", "note")
        return (
            "Measurement("
            + ", ".join(f"{k}={v!r}" for k, v in zip(fields, self, strict=True))
            + ")"
        )

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Measurement:
        """Build a measurement from its TOML table, ignoring values of the wrong type."""
        return cls(
            as_str(table.get("indicator")),
            as_date(table.get("date")),
            _number(table.get("value")),
            opt_str(table.get("source")),
            opt_str(table.get("note")),
        )


def indicators_of(doc: Mapping[str, Any]) -> dict[str, Indicator]:
    """The indicators of a parsed document, by id."""
    return {
        key: Indicator.from_table(key, table)
        for key, table in as_table(doc.get("indicators")).items()
        if isinstance(table, dict)
    }


def measurements_of(doc: Mapping[str, Any]) -> list[Measurement]:
    """The measurements of a parsed document, in file order."""
    raw = doc.get("measurements")
    return [
        Measurement.from_table(table)
        for table in (raw if isinstance(raw, list) else ())
        if isinstance(table, dict)
    ]


# --- where an indicator stands --------------------------------------------------------


def progress(indicator: Indicator, value: int | float) -> float | None:
    """The share of the way from baseline to target that `value` has come, in the
    indicator's direction: 0 at the baseline, 1 at the target, below 0 when it went
    the wrong way, above 1 past the target. None without a baseline and a target, or
    when the target lies the wrong way from the baseline (an `up` target below it)."""
    base, target = indicator.baseline, indicator.target
    if base is None or target is None:
        return None
    sign = -1 if indicator.direction == DOWN else 1
    gained = sign * (value - base.value)
    needed = sign * (target.value - base.value)
    if needed < 0:
        return None
    if needed == 0:  # the target is to hold the baseline
        return 1.0 if gained >= 0 else 0.0
    share = gained / needed
    return share if share - share == 0 else None  # values too far apart to compare: none


def expected(indicator: Indicator, on: dt.date) -> float | None:
    """The share of the way the straight line from baseline to target has come on `on`:
    0 up to the baseline date, 1 from the target date on."""
    base, target = indicator.baseline, indicator.target
    if base is None or target is None or target.date < base.date:
        return None
    if on >= target.date:
        return 1.0
    if on <= base.date:
        return 0.0
    return (on - base.date).days / (target.date - base.date).days


class Standing(Record):
    """Where one indicator stands: its latest measurement and how far it has come."""

    __slots__ = (
        "after_target",
        "before_baseline",
        "expected",
        "indicator",
        "latest",
        "measured",
        "on_track",
        "previous",
        "progress",
        "stale",
    )

    def __init__(
        self,
        indicator: Indicator,
        latest: Measurement | None,
        previous: Measurement | None,
        measured: int,
        today: dt.date,
    ) -> None:
        self.indicator, self.latest, self.previous = indicator, latest, previous
        self.measured = measured  # how many measurements it has
        self.progress: float | None = None
        self.expected: float | None = None
        self.on_track: bool | None = None  # None: cannot tell (no measurement, no target)
        self.before_baseline = self.after_target = False
        self.stale = latest is None or latest.date is None or today - latest.date > STALE_AFTER
        if latest is None or latest.date is None or latest.value is None:
            return
        self.progress = progress(indicator, latest.value)
        self.expected = expected(indicator, latest.date)
        base, target = indicator.baseline, indicator.target
        self.before_baseline = base is not None and latest.date < base.date
        self.after_target = target is not None and latest.date > target.date
        if self.progress is not None and self.expected is not None:
            # Rounded, so that a value exactly on the line is on track despite floats.
            self.on_track = round(self.progress - self.expected, 9) >= 0

    @property
    def value(self) -> int | float | None:
        """The latest value (None when never measured)."""
        return None if self.latest is None else self.latest.value


def history(measurements: Iterable[Measurement]) -> dict[str, list[Measurement]]:
    """Each indicator's dated measurements, by date (file order within a date)."""
    found: dict[str, list[Measurement]] = {}
    for measurement in measurements:
        if measurement.date is not None and measurement.value is not None:
            found.setdefault(measurement.indicator, []).append(measurement)
    for series in found.values():
        series.sort(key=lambda m: m.date or dt.date.min)
    return found


# Each measured indicator's latest measurement, the one before it and how many it has
# (dated and with a value): all that `standings` needs, kept by the model's cache so that
# `ewg status` does not read every measurement.
Latest = dict[str, tuple[Measurement, "Measurement | None", int]]


def latest(measurements: Iterable[Measurement]) -> Latest:
    """Each indicator's latest two measurements by date (the later in the file winning a
    tie, as `history` orders them) and its count: one pass, no sort."""
    top: dict[str, Measurement] = {}
    previous: dict[str, Measurement] = {}
    counts: dict[str, int] = {}
    for m in measurements:
        key, day, value = m[0], m[1], m[2]
        if day is None or value is None:
            continue
        counts[key] = counts.get(key, 0) + 1
        first = top.get(key)
        if first is None or day >= first[1]:
            if first is not None:
                previous[key] = first
            top[key] = m
        else:
            second = previous.get(key)
            if second is None or day >= second[1]:
                previous[key] = m
    return {key: (m, previous.get(key), counts[key]) for key, m in top.items()}


def standings(
    indicators: Mapping[str, Indicator], measured: Latest, today: dt.date
) -> list[Standing]:
    """Where each indicator stands on `today`, in file order, from `latest()`."""
    found = []
    for key, indicator in indicators.items():
        top, second, count = measured.get(key) or (None, None, 0)
        found.append(Standing(indicator, top, second, count, today))
    return found
