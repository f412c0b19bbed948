"""`ewg indicator add|record|set|rename|rm|list|show`: the diagnosis, in [indicators] and
[[measurements]].

Every write goes through `commands.writes.write` (lock, validation, atomic
replace, --commit) and the store's table edits, so that only the lines a change
is about change.
"""

from __future__ import annotations

from ewg.commands.outcome import Outcome
from ewg.i18n import N_, _, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence
    from pathlib import Path
    from typing import Any

    from ewg.indicators import Indicator, Measurement, Standing
    from ewg.model import Roadmap
    from ewg.store import Document

KIND = N_("indicator")  # how messages name one ("no indicator 'x'")
COUNTRIES = ("MX", "US", "binational")
DIRECTIONS = ("up", "down")


# --- reading what the user typed ------------------------------------------------------


def parse_number(text: str, option: str) -> int | float:
    """An integer or a finite decimal number (`1200`, `18.5`, `1_200`); UsageError otherwise."""
    import math

    from ewg.errors import UsageError

    value: int | float
    try:
        value = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(
            _("{option}: {value} is not a number").format(option=option, value=repr(text)),
            hint=_("write it as 1200 or 18.5"),
        )
    return value


def parse_point(text: str, option: str) -> dict[str, Any]:
    """A `DATE:VALUE` option (2023-02-15:1200) as a baseline or target table."""
    from ewg.commands.dates import parse_date
    from ewg.errors import UsageError

    day, sep, value = text.partition(":")
    if not sep:
        raise UsageError(
            _("{option}: {value} is not DATE:VALUE").format(option=option, value=repr(text)),
            hint=_("for example {example}").format(example=f"{option} 2023-02-15:1200"),
        )
    return {"date": parse_date(day.strip(), option), "value": parse_number(value.strip(), option)}


def _choice(value: str, allowed: Sequence[str], option: str) -> str:
    from ewg.errors import UsageError, did_you_mean

    if value not in allowed:
        raise UsageError(
            _("{option}: {value} is not one of {choices}").format(
                option=option, value=repr(value), choices=", ".join(allowed)
            ),
            hint=did_you_mean(value, allowed),
        )
    return value


def _check_dates(baseline: Mapping[str, Any] | None, target: Mapping[str, Any] | None) -> None:
    from ewg.errors import UsageError

    if baseline and target and target["date"] < baseline["date"]:
        raise UsageError(
            _("the target date {target} is before the baseline date {base}").format(
                target=target["date"], base=baseline["date"]
            )
        )


def require_indicator(roadmap: Roadmap, key: str) -> Indicator:
    """The indicator, or NotFoundError with the closest id."""
    from ewg.commands.lookup import require

    return roadmap.indicators[require(KIND, key, roadmap.indicators)]


# --- writes ---------------------------------------------------------------------------


def add(
    path: Path,
    key: str,
    fields: Mapping[str, Any],
    commit: bool = False,
) -> Outcome:
    """Add `[indicators.KEY]` after the last indicator. `fields` holds the options as typed:
    name, area, country, unit, baseline and target (DATE:VALUE), and optionally name_es,
    unit_es, direction, owners, group, source."""
    from ewg.commands.lookup import check_references, require
    from ewg.commands.reading import read_roadmap
    from ewg.commands.tables import check_new_id
    from ewg.errors import UsageError
    from ewg.shape import INDICATORS, ordered
    from ewg.store import add_table

    table = _table(fields)
    for field in ("name", "unit"):
        if not str(table.get(field, "")).strip():
            raise UsageError(_("the {field} is empty").format(field=field))
    roadmap = read_roadmap(path)
    check_new_id(key, roadmap.indicators, KIND)
    require("area", table["area"], roadmap.areas)
    check_references(roadmap, owners=table.get("owners", ()))
    table = ordered(INDICATORS, table)

    def change(doc: Document) -> Document:
        check_new_id(key, doc.roadmap.indicators, KIND)
        return add_table(doc, "indicators", key, table)

    write_message = _("roadmap: add indicator {key}").format(key=key)
    from ewg.commands.writes import write

    write(path, change, lambda _doc: write_message, commit)
    return Outcome(messages=[_("added indicator {key}").format(key=key)])


def _table(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The TOML values of the options given (None: not given)."""
    table: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None or (name == "owners" and not value):
            continue
        if name in ("baseline", "target"):
            table[name] = parse_point(value, f"--{name}")
        elif name == "country":
            table[name] = _choice(value, COUNTRIES, "--country")
        elif name == "direction":
            table[name] = _choice(value, DIRECTIONS, "--direction")
        elif name == "owners":
            table[name] = list(dict.fromkeys(value))
        else:
            table[name] = value
    _check_dates(table.get("baseline"), table.get("target"))
    return table


def set_fields(path: Path, key: str, fields: Mapping[str, Any], commit: bool = False) -> Outcome:
    """Change keys of an indicator (`fields` as for `add`; None: unchanged)."""
    from ewg.commands.lookup import check_references, require
    from ewg.commands.reading import read_roadmap
    from ewg.commands.writes import write
    from ewg.errors import UsageError
    from ewg.shape import INDICATORS, POINT_KEYS
    from ewg.store import set_table_fields

    changes = _table(fields)
    if not changes:
        raise UsageError(_("nothing to change"), hint=_("give at least one option"))
    roadmap = read_roadmap(path)
    indicator = require_indicator(roadmap, key)
    if "area" in changes:
        require("area", changes["area"], roadmap.areas)
    check_references(roadmap, owners=changes.get("owners", ()))
    base = changes.get("baseline") or _point(indicator.baseline)
    target = changes.get("target") or _point(indicator.target)
    _check_dates(base, target)

    def change(doc: Document) -> Document:
        require_indicator(doc.roadmap, key)
        inline = dict(changes)
        for name in ("baseline", "target"):  # a point written as its own [indicators.ID.NAME]
            if name in inline and any(t[1] == ("indicators", key, name) for t in doc.tables):
                point = inline.pop(name)
                order = tuple(k.name for k in POINT_KEYS)
                doc = set_table_fields(doc, ("indicators", key, name), point, order=order)
        if not inline:
            return doc
        return set_table_fields(doc, ("indicators", key), inline, order=INDICATORS.key_names)

    write(path, change, lambda _doc: _("roadmap: change indicator {key}").format(key=key), commit)
    return Outcome(messages=[_("changed indicator {key}").format(key=key)])


def rename(path: Path, old: str, new: str, commit: bool = False) -> Outcome:
    """Rename an indicator and every measurement of it; only those tokens change."""
    from ewg.commands.tables import check_new_id
    from ewg.commands.writes import write
    from ewg.merge.renames import rename as rename_text

    count = [0]

    def change(doc: Document) -> Document:
        require_indicator(doc.roadmap, old)
        check_new_id(new, doc.roadmap.indicators, KIND)
        changed, count[0] = rename_text(doc, "indicators", old, new)
        return changed

    message = _("roadmap: rename indicator {old} to {new}").format(old=old, new=new)
    write(path, change, lambda _doc: message, commit)
    return Outcome(
        messages=[
            _("renamed indicator {old} to {new}").format(old=old, new=new),
            ngettext(
                "{count} measurement changed", "{count} measurements changed", count[0]
            ).format(count=count[0]),
        ]
    )


def _point(point: Any) -> dict[str, Any] | None:
    return None if point is None else {"date": point.date, "value": point.value}


def remove(path: Path, key: str, measurements: bool = False, commit: bool = False) -> Outcome:
    """Remove an indicator; its measurements too with `measurements`, else refused while it has any."""
    from ewg.commands.reading import read_roadmap
    from ewg.commands.writes import write
    from ewg.errors import RefusedError
    from ewg.store import remove_array_tables, remove_table

    roadmap = read_roadmap(path)
    require_indicator(roadmap, key)
    count = sum(1 for m in roadmap.measurements if m.indicator == key)
    if count and not measurements:
        raise RefusedError(
            _("indicator {key} has {count} measurements").format(key=key, count=count),
            hint=_("remove them with it: ewg indicator rm {key} --measurements").format(key=key),
        )

    def change(doc: Document) -> Document:
        require_indicator(doc.roadmap, key)
        mine = [i for i, m in enumerate(doc.roadmap.measurements) if m.indicator == key]
        if mine:  # one reading of the file for all of them
            doc = remove_array_tables(doc, "measurements", mine)
        return remove_table(doc, "indicators", key)

    write(path, change, lambda _doc: _("roadmap: remove indicator {key}").format(key=key), commit)
    return Outcome(messages=[_("removed indicator {key}").format(key=key)])


def record(
    path: Path,
    key: str,
    value: str,
    date: str | None = None,
    source: str | None = None,
    note: str | None = None,
    commit: bool = False,
) -> Outcome:
    """Record a measurement after the last measurement of its indicator (today by default)."""
    from ewg.commands.dates import parse_date, today
    from ewg.commands.reading import read_roadmap
    from ewg.commands.writes import write

    number = parse_number(value, "VALUE")
    day = parse_date(date, "--date") if date is not None else today()
    require_indicator(read_roadmap(path), key)
    table: dict[str, Any] = {"indicator": key, "date": day, "value": number}
    if source:
        table["source"] = source
    if note:
        table["note"] = note

    def change(doc: Document) -> Document:
        from ewg.store import add_measurement

        require_indicator(doc.roadmap, key)
        return add_measurement(doc, table)

    write(
        path,
        change,
        lambda _doc: _("roadmap: {key} measured {value} on {date}").format(
            key=key, value=number, date=day
        ),
        commit,
    )
    return Outcome(
        messages=[_("recorded {key} = {value} on {date}").format(key=key, value=number, date=day)]
    )


# --- reads ----------------------------------------------------------------------------


def standings_of(roadmap: Roadmap, on: dt.date) -> list[Standing]:
    """Where each indicator stands on `on`, in file order."""
    from ewg.indicators import standings

    return standings(roadmap.indicators, roadmap.latest, on)


def measurements_of(roadmap: Roadmap, key: str) -> list[Measurement]:
    """An indicator's measurements by date."""
    from ewg.indicators import history

    return history(m for m in roadmap.measurements if m.indicator == key).get(key, [])


def _number_json(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def standing_json(standing: Standing) -> dict[str, Any]:
    """An indicator and where it stands, as JSON-ready data."""
    from ewg.render.indicators import indicator_record, measurement_record

    latest = standing.latest
    return {
        **indicator_record(standing.indicator),
        "latest": None if latest is None else measurement_record(latest),
        "progress": _number_json(standing.progress),
        "expected": _number_json(standing.expected),
        "on_track": standing.on_track,
        "stale": standing.stale,
        "measurements": standing.measured,
    }


def measurement_json(measurement: Measurement) -> dict[str, Any]:
    """A measurement as JSON-ready data."""
    from ewg.render.indicators import measurement_record

    return measurement_record(measurement)
