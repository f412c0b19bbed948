"""`ewg status`: the summary of a roadmap (as it is, or as it was), in one of three formats."""

from __future__ import annotations

FORMATS = ("table", "json", "markdown")

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path
    from typing import Any

    from ewg.model import Roadmap


def status_text(
    roadmap: Roadmap,
    fmt: str,
    area: str | None,
    when: dt.date,
    lang: str,
    width: int | None = None,
    color: bool = False,
) -> str:
    """What `ewg status` prints for `roadmap` on day `when`; NotFoundError for an unknown area."""
    from ewg.commands.lookup import require
    from ewg.query import summarize
    from ewg.render import status as render

    if area:  # any letter case: the id as the file writes it
        area = require("area", area, roadmap.areas)
    summary = summarize(roadmap, when, area)
    upcoming = roadmap.next_meeting(when)
    if fmt == "json":
        from ewg.render.escape import json_document

        data = render.to_json(summary, roadmap.areas[area] if area else None)
        if roadmap.indicators:
            from ewg.commands.indicators import standing_json

            data["indicators"] = [standing_json(s) for s in _standings(roadmap, area, when)]
        if upcoming is not None:  # the next session, as the table and Markdown name it
            data["next_session"] = {"date": _iso(upcoming.date), "title": upcoming.title}
        return json_document(data)
    if fmt == "markdown":
        text = render.render_markdown(summary, roadmap, lang, area)
    else:
        text = render.render_table(summary, roadmap, lang, width, color, area)
    if roadmap.indicators:
        text = _with_indicators(text, roadmap, fmt, area, when, lang, width, color)
    if upcoming is None:
        return text
    from ewg.render.meetings import next_session

    return text.rstrip("\n") + "\n\n" + next_session(upcoming, lang, fmt == "markdown") + "\n"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _standings(roadmap: Roadmap, area: str | None, when: dt.date) -> list[Any]:
    from ewg.commands.indicators import standings_of

    return [s for s in standings_of(roadmap, when) if area is None or s.indicator.area == area]


def _with_indicators(
    text: str,
    roadmap: Roadmap,
    fmt: str,
    area: str | None,
    when: dt.date,
    lang: str,
    width: int | None,
    color: bool,
) -> str:
    """The status followed by its Indicators section (see ewg.indicators)."""
    from ewg.render import indicators as shown

    found = _standings(roadmap, area, when)
    if not found:
        return text
    areas = [(key, a.label(lang)) for key, a in roadmap.areas.items()]
    if fmt == "markdown":
        return text + "\n" + shown.status_markdown(found, areas, lang)
    return text + "\n" + shown.status_table(found, areas, lang, width, color)


def as_of(path: Path, text: str) -> tuple[Roadmap, dt.date, str]:
    """The roadmap as it stood at a revision or at the end of a day, that day, and what it was.

    The last is a note for stderr: "as of DAY: FILE@COMMIT".
    """
    from ewg.commands import since
    from ewg.history import History
    from ewg.i18n import _
    from ewg.source import decode
    from ewg.store import Document

    with History(path) as hist:
        moment = since.parse(text, "--as-of", hist.resolve)
        commit, day, content = hist.at(moment)
        name = f"{hist.repo.path}@{commit[:8]}"
    note = _("as of {date}: {name}").format(date=day.isoformat(), name=name)
    return Document(decode(content, name)).roadmap, day, note
