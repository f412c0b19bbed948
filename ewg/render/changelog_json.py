"""Changes from git history as JSON: one document, one event per line.

Light to import: a warm `changelog --format json` renders kept data with this module
and json alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from ewg.render.escape import json_inert

TYPE_CHECKING = False
if TYPE_CHECKING:  # renderers take values
    from typing import Any

    from ewg.events import Event, Skipped

SCHEMA_VERSION = 1


def _line_encoder() -> Callable[[Any], str]:
    """JSON on one line through json's C encoder, built once (json.dumps builds one a call)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    try:
        from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Pythons without the C accelerator
        c_make_encoder = None
    if c_make_encoder is None:  # pragma: no cover
        return encoder.encode
    make = c_make_encoder(
        {}, encoder.default, encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda value: "".join(make(value, 0))


def event_json(event: Event) -> dict[str, Any]:
    """An event as JSON-ready data: commit, date (the author's), author, kind, item, from,
    to, and more; `reached`: the commit and date with which it reached the branch, when
    they are not `commit` and `date`."""
    change, commit = event.change, event.commit
    data: dict[str, Any] = {
        "commit": commit.id,
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "kind": change.kind,
        "item": change.item,
        "area": change.area,
        "from": change.old,
        "to": change.new,
    }
    if change.key is not None:
        data["key"] = change.key
    if change.field is not None and change.field != change.kind:
        data["field"] = change.field
    if change.kind == "due":
        data["slip_days"] = change.days
    if change.item is not None:
        data["title"] = change.title
        data["owners"] = list(change.owners)
    if event.current is not None:
        data["current_id"] = event.current
    if event.merge is not None:
        data["merge"] = {"commit": event.merge.id, "date": event.merge.date}
    landed = event.landed
    if landed.id != commit.id or landed.committed != commit.date:  # merged, rebased, picked
        data["reached"] = {"commit": landed.id, "date": landed.committed}
    return data


def skipped_json(skip: Skipped) -> dict[str, Any]:
    """A version stepped over, as JSON-ready data."""
    return {
        "commit": skip.commit.id,
        "date": skip.commit.date,
        "author": skip.commit.author,
        "reason": skip.reason,
    }


def render_json(
    events: Sequence[Event],
    skipped: Sequence[Skipped],
    path: str,
    since: str | None,
    until: str | None,
    commits: int,
) -> str:
    """One JSON document: the range, the events (one per line), the versions stepped over."""
    rows = [event_json(e) for e in events]
    return json_from_rows(rows, [skipped_json(s) for s in skipped], path, since, until, commits)


def json_from_rows(
    events: Sequence[Mapping[str, Any]],
    skipped: Sequence[Mapping[str, Any]],
    path: str,
    since: str | None,
    until: str | None,
    commits: int,
) -> str:
    """`render_json` from the events and skipped versions already as JSON-ready data
    (`event_json`, `skipped_json`); TypeError or ValueError when they are not JSON data."""
    head = {
        "schema_version": SCHEMA_VERSION,
        "file": path,
        "since": since,
        "until": until,
        "commits": commits,
    }
    # One event per line: readable, easy to grep, and written by json's fast C encoder
    # (indent= would switch to the pure-Python one, 10 times slower on long histories).
    encode = _line_encoder()
    lines = [json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ","]
    for name, rows in (("events", events), ("skipped", skipped)):
        body = ",\n".join(["    " + encode(row) for row in rows])
        lines.append(f'  "{name}": [\n{body}\n  ]' if rows else f'  "{name}": []')
    return json_inert(lines[0] + "\n" + ",\n".join(lines[1:]) + "\n}\n")
