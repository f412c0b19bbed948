"""Completed against total items per area over time: series, JSON and a terminal chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ewg.i18n import _, ngettext
from ewg.render.escape import json_document, terminal

if TYPE_CHECKING:  # renderers take values
    from ewg.events import Point

SCHEMA_VERSION = 1
HEIGHT = 8  # rows of a chart
DONE, OPEN = "█", "░"


@dataclass(frozen=True, slots=True)
class Sample:
    """Items of one area at the end of one day."""

    day: dt.date
    total: int
    done: int
    dropped: int


def series(points: Sequence[Point], areas: Sequence[str]) -> dict[str, list[Sample]]:
    """Per area (in `areas` order, then others seen), one sample per day that had a commit."""
    by_day: dict[dt.date, dict[str, tuple[int, int, int]]] = {}
    seen: dict[str, None] = {}
    for point in points:
        counts = {area: (total, done, dropped) for area, total, done, dropped in point.stats}
        by_day[point.commit.day] = counts
        seen.update(dict.fromkeys(counts))
    order = [*areas, *(a for a in seen if a not in areas)]
    days = sorted(by_day)
    return {
        area: [Sample(day, *by_day[day].get(area, (0, 0, 0))) for day in days] for area in order
    }


def overall(per_area: Mapping[str, Sequence[Sample]]) -> list[Sample]:
    """The sum of every area, day by day."""
    rows = list(zip(*per_area.values(), strict=True))
    return [
        Sample(
            samples[0].day,
            sum(s.total for s in samples),
            sum(s.done for s in samples),
            sum(s.dropped for s in samples),
        )
        for samples in rows
    ]


def _samples_json(samples: Sequence[Sample]) -> list[dict[str, object]]:
    return [
        {"date": s.day.isoformat(), "total": s.total, "done": s.done, "dropped": s.dropped}
        for s in samples
    ]


def render_json(
    per_area: Mapping[str, Sequence[Sample]], names: Mapping[str, str], path: str, whole: bool
) -> str:
    """One JSON document: a series per area (and overall, unless one area was asked for)."""
    doc: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "file": path,
        "areas": [
            {"id": area, "name": names.get(area, area), "series": _samples_json(samples)}
            for area, samples in per_area.items()
        ],
    }
    if whole:
        doc["overall"] = {"series": _samples_json(overall(per_area))}
    return json_document(doc)


def _at(samples: Sequence[Sample], day: dt.date) -> Sample | None:
    """The last sample on or before `day`."""
    found = None
    for sample in samples:
        if sample.day > day:
            break
        found = sample
    return found


def chart(samples: Sequence[Sample], width: int, color: bool) -> list[str]:
    """Lines of a chart: done items (█) within all items (░), time running left to right."""
    if not samples:
        return []
    first, last = samples[0].day, samples[-1].day
    span = (last - first).days
    scale = max(max(s.total for s in samples), 1)
    label = len(str(scale))
    cols = max(1, min(width - label - 3, span + 1))
    picks = []
    for i in range(cols):
        day = first + dt.timedelta(days=round(span * i / max(cols - 1, 1)))
        picks.append(_at(samples, day))
    green, reset = ("\x1b[32m", "\x1b[0m") if color else ("", "")
    lines = []
    for row in range(HEIGHT - 1, -1, -1):
        cells = []
        for sample in picks:
            done = round((sample.done if sample else 0) * HEIGHT / scale)
            total = round((sample.total if sample else 0) * HEIGHT / scale)
            if row < done:
                cells.append(f"{green}{DONE}{reset}")
            elif row < total:
                cells.append(OPEN)
            else:
                cells.append(" ")
        tick = str(scale) if row == HEIGHT - 1 else ""
        lines.append(f"{tick:>{label}} │{''.join(cells).rstrip()}")
    lines.append(f"{'0':>{label}} └{'─' * cols}")
    start, end = first.isoformat(), last.isoformat()
    gap = max(1, cols - len(start) - len(end))
    lines.append(
        " " * (label + 2) + (start + " " * gap + end if cols > len(start) + len(end) else start)
    )
    return lines


def render_chart(
    per_area: Mapping[str, Sequence[Sample]], names: Mapping[str, str], width: int, color: bool
) -> str:
    """A chart per area, headed by where it stands now."""
    out: list[str] = []
    for area, samples in per_area.items():
        if not samples or not any(s.total for s in samples):
            continue
        now = samples[-1]
        counted = now.total - now.dropped
        percent = (200 * now.done + counted) // (2 * counted) if counted else 0  # half up
        name = terminal(names.get(area) or area or _("(no area)"))
        head = ngettext(
            "{name}: {done} of {counted} item done ({percent}%)",
            "{name}: {done} of {counted} items done ({percent}%)",
            counted,
        ).format(name=name, done=now.done, counted=counted, percent=percent)
        if now.dropped:  # dropped items are not counted: say so
            head += ngettext(
                "; {dropped} dropped item not counted",
                "; {dropped} dropped items not counted",
                now.dropped,
            ).format(dropped=now.dropped)
        out += [f"\x1b[1m{head}\x1b[0m" if color else head, *chart(samples, width, color), ""]
    if not out:
        return _("No items in the history yet.") + "\n"
    out.append(_("{done} done   {open} not done (dropped included)").format(done=DONE, open=OPEN))
    return "\n".join(out) + "\n"
