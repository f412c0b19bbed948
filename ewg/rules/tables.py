"""Rules on the tables: [roadmap], the lookup tables (areas, owners, milestones), meetings."""

from __future__ import annotations

from collections.abc import Mapping

from ewg import shape
from ewg.diagnostics import (
    BAD_ID,
    DECISIONS_ES_COUNT,
    DUPLICATE_ID,
    MISSING_FIELD,
    NO_AREAS,
    NO_ROADMAP,
    UNKNOWN_KEY,
    UNKNOWN_REF,
    WRONG_TYPE,
    Diagnostic,
    Path,
    error,
    warning,
)
from ewg.errors import did_you_mean
from ewg.i18n import _
from ewg.model import TABLE_ID_RE, TOP_LEVEL_KEYS, Country, Sector
from ewg.rules.fields import (
    LOOKUP_TYPES,
    MEETING_TYPES,
    PREFIX_RE,
    ROADMAP_TYPES,
    check_enum,
    check_table,
)

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def lookup_section(
    data: Mapping[str, Any], section: str, out: list[Diagnostic]
) -> dict[str, dict[str, Any]]:
    """The tables of a section keyed by id (areas, owners, milestones, indicators), after
    the rules each such table follows: it is a table, its id is lower case letters,
    digits, - and _, its keys have the shape's types and the shape's required keys
    are there."""
    spec = shape.BY_NAME[section]
    raw = data.get(section, {})
    if not isinstance(raw, dict):
        out.append(
            error(WRONG_TYPE, _("[{section}] must be a table").format(section=section), (section,))
        )
        return {}
    good: dict[str, dict[str, Any]] = {}
    for key, table in raw.items():
        path: Path = (section, key)
        if not isinstance(table, dict):
            out.append(
                error(
                    WRONG_TYPE,
                    _("{section}.{key} must be a table").format(section=section, key=key),
                    path,
                    at_value=True,
                )
            )
            continue
        if not TABLE_ID_RE.match(key):
            out.append(
                error(
                    BAD_ID,
                    _("id {key} must be lower case letters, digits, - and _").format(
                        key=f"'{key}'"
                    ),
                    path,
                )
            )
        out.extend(check_table(table, LOOKUP_TYPES[section], path, f"[{section}.{key}]"))
        for field in spec.required:
            if field not in table:
                out.append(
                    error(
                        MISSING_FIELD,
                        _("[{section}.{key}] has no {field}").format(
                            section=section, key=key, field=field
                        ),
                        path,
                    )
                )
        good[key] = table
    return good


def lookup_tables(data: Mapping[str, Any], out: list[Diagnostic]) -> dict[str, dict[str, Any]]:
    """Check [roadmap], [areas], [owners], [milestones]; return the id tables."""
    head = data.get("roadmap")
    if not isinstance(head, dict):
        out.append(
            error(
                NO_ROADMAP,
                _("the file has no [roadmap] table"),
                (),
                _("add [roadmap] with a title"),
            )
        )
    else:
        out.extend(check_table(head, ROADMAP_TYPES, ("roadmap",), "[roadmap]"))
        if "title" not in head:
            out.append(error(NO_ROADMAP, _("[roadmap] has no title"), ("roadmap",)))
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            out.append(
                error(
                    UNKNOWN_KEY,
                    _("unknown table {key}").format(key=f"'{key}'"),
                    (key,),
                    did_you_mean(key, TOP_LEVEL_KEYS),
                )
            )
    tables = {name: lookup_section(data, name, out) for name in ("areas", "owners", "milestones")}
    if not tables["areas"]:
        out.append(
            error(
                NO_AREAS,
                _("the roadmap has no areas"),
                ("areas",) if "areas" in data else (),
                _("add at least one [areas.ID] table with a name and a prefix"),
            )
        )
    for key, owner in tables["owners"].items():
        out.extend(check_enum(owner.get("sector"), Sector, ("owners", key, "sector"), "sector"))
        out.extend(check_enum(owner.get("country"), Country, ("owners", key, "country"), "country"))
    prefixes: dict[str, str] = {}
    for key, area in tables["areas"].items():
        prefix = area.get("prefix")
        if isinstance(prefix, str):
            if not PREFIX_RE.fullmatch(prefix):
                out.append(
                    error(
                        BAD_ID,
                        _("prefix {prefix} must be upper case letters and digits").format(
                            prefix=f"'{prefix}'"
                        ),
                        ("areas", key, "prefix"),
                        at_value=True,
                    )
                )
            elif prefix in prefixes:
                out.append(
                    error(
                        DUPLICATE_ID,
                        _("prefix {prefix} is also the prefix of area {other}").format(
                            prefix=f"'{prefix}'", other=prefixes[prefix]
                        ),
                        ("areas", key, "prefix"),
                        at_value=True,
                    )
                )
            else:
                prefixes[prefix] = key
    return tables


def check_meetings(
    data: Mapping[str, Any], owners: Mapping[str, Any], known_items: Mapping[str, Any]
) -> list[Diagnostic]:
    raw = data.get("meetings", [])
    if not isinstance(raw, list):
        return [
            error(WRONG_TYPE, _("meetings must be written as [[meetings]] tables"), ("meetings",))
        ]
    out: list[Diagnostic] = []
    for index, table in enumerate(raw):
        path: Path = ("meetings", index)
        if not isinstance(table, dict):
            out.append(
                error(WRONG_TYPE, _("meetings must be written as [[meetings]] tables"), path)
            )
            continue
        out.extend(check_table(table, MEETING_TYPES, path, "[[meetings]]"))
        for field in ("date", "title"):
            if field not in table:
                out.append(
                    error(
                        MISSING_FIELD,
                        _("meeting #{n} has no {field}").format(n=index + 1, field=field),
                        path,
                    )
                )
        for key, known, what in (("attendees", owners, "owner"), ("items", known_items, "item")):
            values = table.get(key)
            if isinstance(values, list):
                for pos, value in enumerate(values):
                    if isinstance(value, str) and value not in known:
                        out.append(
                            error(
                                UNKNOWN_REF,
                                _("meeting #{n} names unknown {what} {value}").format(
                                    n=index + 1, what=_(what), value=f"'{value}'"
                                ),
                                (*path, key, pos),
                                did_you_mean(value, known),
                                at_value=True,
                            )
                        )
        out.extend(_decisions_es(table, path, index))
    return out


def _decisions_es(table: Mapping[str, Any], path: Path, index: int) -> list[Diagnostic]:
    """W110: Spanish decisions that are not one for each decision (`--lang es` then shows
    the English ones, so the mismatch must not pass silently)."""
    spanish, english = table.get("decisions_es"), table.get("decisions", [])
    if not isinstance(spanish, list) or not spanish or not isinstance(english, list):
        return []
    if len(spanish) == len(english):
        return []
    message = _(
        "meeting #{n}: decisions_es does not hold one entry for each decision ({es} for {en});"
        " in Spanish its decisions show in English"
    ).format(n=index + 1, es=len(spanish), en=len(english))
    hint = _("give decisions_es one entry for each decision, in the same order")
    return [warning(DECISIONS_ES_COUNT, message, (*path, "decisions_es"), hint)]
