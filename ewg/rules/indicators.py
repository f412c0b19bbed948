"""Rules on [indicators.ID] and [[measurements]]: shape, references, dates; pure."""

from __future__ import annotations

from collections.abc import Mapping

from ewg import shape
from ewg.diagnostics import (
    BAD_LINK,
    BEFORE_BASELINE,
    MISSING_FIELD,
    NEVER_MEASURED,
    SAME_DATE,
    TARGET_BEFORE_BASELINE,
    UNKNOWN_REF,
    WRONG_TYPE,
    Diagnostic,
    Path,
    error,
    warning,
)
from ewg.errors import did_you_mean
from ewg.i18n import _
from ewg.rules.fields import LINK_RE, as_date, check_enum, check_table
from ewg.rules.tables import lookup_section

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MEASUREMENT_TYPES = shape.MEASUREMENTS.types()
POINT_TYPES = {key.name: key.type for key in shape.POINT_KEYS}
COUNTRIES = tuple(value for value, _help in shape.COUNTRIES)
DIRECTIONS = tuple(value for value, _help in shape.DIRECTIONS)


def check_indicators(
    data: Mapping[str, Any], areas: Mapping[str, Any], owners: Mapping[str, Any]
) -> list[Diagnostic]:
    """Every rule on the indicators and their measurements."""
    out: list[Diagnostic] = []
    indicators = _indicators(data, areas, owners, out)
    measured = _measurements(data, indicators, out)
    for key in indicators:
        if key not in measured:
            out.append(
                warning(
                    NEVER_MEASURED,
                    _("indicator {id} has no measurement").format(id=key),
                    ("indicators", key),
                    _("record one with `ewg indicator record {id} VALUE`").format(id=key),
                )
            )
    return out


def _indicators(
    data: Mapping[str, Any],
    areas: Mapping[str, Any],
    owners: Mapping[str, Any],
    out: list[Diagnostic],
) -> dict[str, dict[str, Any]]:
    good = lookup_section(data, "indicators", out)
    for key, table in good.items():
        path: Path = ("indicators", key)
        out.extend(check_enum(table.get("country"), COUNTRIES, (*path, "country"), "country"))
        out.extend(
            check_enum(table.get("direction"), DIRECTIONS, (*path, "direction"), "direction")
        )
        area = table.get("area")
        if isinstance(area, str) and area not in areas:
            out.append(
                _unknown(
                    _("indicator {id} is in unknown area {value}"),
                    key,
                    area,
                    areas,
                    (*path, "area"),
                )
            )
        names = table.get("owners")
        for pos, owner in enumerate(names if isinstance(names, list) else []):
            if isinstance(owner, str) and owner not in owners:
                out.append(
                    _unknown(
                        _("indicator {id} names unknown owner {value}"),
                        key,
                        owner,
                        owners,
                        (*path, "owners", pos),
                    )
                )
        out.extend(_link(table, path))
        out.extend(_points(table, key, path))
    return good


def _points(table: Mapping[str, Any], key: str, path: Path) -> list[Diagnostic]:
    """The baseline and target tables: their keys, and the target not before the baseline."""
    out: list[Diagnostic] = []
    dates = {}
    for name in ("baseline", "target"):
        point = table.get(name)
        if not isinstance(point, dict):
            continue  # missing or of the wrong type: reported above
        where: Path = (*path, name)
        what = (
            _("the baseline of indicator {id}")
            if name == "baseline"
            else _("the target of indicator {id}")
        )
        what = what.format(id=key)
        out.extend(check_table(point, POINT_TYPES, where, what))
        for field in POINT_TYPES:
            if field not in point:
                out.append(
                    error(
                        MISSING_FIELD,
                        _("{what} has no {field}").format(what=what, field=field),
                        where,
                        at_value=True,
                    )
                )
        dates[name] = as_date(point.get("date"))
    base, target = dates.get("baseline"), dates.get("target")
    if base is not None and target is not None and target < base:
        out.append(
            error(
                TARGET_BEFORE_BASELINE,
                _("indicator {id} has its target ({target}) before its baseline ({base})").format(
                    id=key, target=target, base=base
                ),
                (*path, "target", "date"),
                at_value=True,
            )
        )
    return out


def _measurements(
    data: Mapping[str, Any], indicators: Mapping[str, Mapping[str, Any]], out: list[Diagnostic]
) -> set[str]:
    """Check [[measurements]]; return the ids of the indicators measured."""
    raw = data.get("measurements", [])
    if not isinstance(raw, list):
        out.append(
            error(
                WRONG_TYPE,
                _("measurements must be written as [[measurements]] tables"),
                ("measurements",),
            )
        )
        return set()
    measured: set[str] = set()
    seen: set[tuple[str, Any]] = set()
    for index, table in enumerate(raw):
        path: Path = ("measurements", index)
        if not isinstance(table, dict):
            out.append(
                error(
                    WRONG_TYPE, _("measurements must be written as [[measurements]] tables"), path
                )
            )
            continue
        out.extend(check_table(table, MEASUREMENT_TYPES, path, "[[measurements]]"))
        for field in shape.MEASUREMENTS.required:
            if field not in table:
                out.append(
                    error(
                        MISSING_FIELD,
                        _("measurement #{n} has no {field}").format(n=index + 1, field=field),
                        path,
                    )
                )
        out.extend(_link(table, path))
        key, date = table.get("indicator"), as_date(table.get("date"))
        if not isinstance(key, str):
            continue
        measured.add(key)
        if key not in indicators:
            out.append(
                _unknown(
                    _("measurement #{id} names unknown indicator {value}"),
                    str(index + 1),
                    key,
                    indicators,
                    (*path, "indicator"),
                )
            )
            continue
        if date is None:
            continue
        if (key, date) in seen:
            out.append(
                warning(
                    SAME_DATE,
                    _("indicator {id} has two measurements on {date}").format(id=key, date=date),
                    (*path, "date"),
                    _("keep one of them, or correct the date"),
                    at_value=True,
                )
            )
        seen.add((key, date))
        base = indicators[key].get("baseline")
        base_date = as_date(base.get("date")) if isinstance(base, dict) else None
        if base_date is not None and date < base_date:
            out.append(
                warning(
                    BEFORE_BASELINE,
                    _("measurement of {id} on {date} is before its baseline ({base})").format(
                        id=key, date=date, base=base_date
                    ),
                    (*path, "date"),
                    at_value=True,
                )
            )
    return measured


def _unknown(
    message: str, key: str, value: str, known: Mapping[str, Any], path: Path
) -> Diagnostic:
    return error(
        UNKNOWN_REF,
        message.format(id=key, value=f"'{value}'"),
        path,
        did_you_mean(value, known),
        at_value=True,
    )


def _link(table: Mapping[str, Any], path: Path) -> list[Diagnostic]:
    source = table.get("source")
    if isinstance(source, str) and not LINK_RE.match(source):
        return [
            error(
                BAD_LINK,
                _("source {link} is not an http or https URL").format(link=f"'{source}'"),
                (*path, "source"),
                at_value=True,
            )
        ]
    return []
