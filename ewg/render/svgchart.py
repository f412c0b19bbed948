"""The one drawer of the report's small inline SVG charts: days across, values up.

The burn-up charts (`ewg.render.report_html.burnup_svg`) and the indicator charts
(`ewg.render.report_indicators`) both draw through `Frame` and `svg`: the same
size, axes, scale labels and accessible name, so the two look alike on the page
and print alike. A chart is an image (`role="img"`) whose name says what it
shows; the report puts a data table next to each as its text alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ewg.render.escape import html as h

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 10, 24
DIGIT = 6  # about the width of a character of the 10px labels


def margin(*labels: str) -> int:
    """The left margin that fits the widest of the scale's `labels`."""
    return max(LEFT, max(len(label) for label in labels) * DIGIT + 8)


AXIS, MUTED = "#9aa5b1", "#5b6775"


class Frame:
    """Where a day and a value go: `first`..`last` across, `low`..`high` up; `left` is the
    margin for the scale's labels (wider for long numbers, so that none is cut off)."""

    def __init__(
        self, first: dt.date, last: dt.date, low: float, high: float, left: int = LEFT
    ) -> None:
        self.first, self.last, self.left = first, last, left
        self.low, self.high = low, high if high > low else low + 1
        self.span = max((last - first).days, 1)

    def x(self, day: dt.date) -> float:
        """The horizontal position of a day."""
        return round(
            self.left + (day - self.first).days * (WIDTH - self.left - RIGHT) / self.span, 1
        )

    def y(self, value: float) -> float:
        """The vertical position of a value."""
        return round(
            TOP + (self.high - value) * (HEIGHT - TOP - BOTTOM) / (self.high - self.low), 1
        )

    def steps(self, values: Sequence[tuple[dt.date, float]]) -> str:
        """A path that holds each value until the next day, then runs on to `last`."""
        d = f"M{self.x(values[0][0])},{self.y(values[0][1])}"
        for day, value in values[1:]:
            d += f" H{self.x(day)} V{self.y(value)}"
        return d + f" H{self.x(self.last)}"

    def line(self, values: Sequence[tuple[dt.date, float]]) -> str:
        """A path straight from each value to the next."""
        return "M" + " L".join(f"{self.x(day)},{self.y(value)}" for day, value in values)


def svg(
    frame: Frame,
    body: str,
    label: str,
    scale: tuple[str, str],
    data: Mapping[str, object] | None = None,
) -> str:
    """The chart: `body` (paths drawn with `frame`) on two axes, the top and bottom of
    the scale (`scale`, as text) at the left, the first and last day below; `label`
    names it for screen readers; `data` become `data-*` attributes for tools."""
    attributes = "".join(f' data-{k}="{h(str(v))}"' for k, v in (data or {}).items())
    base, left = frame.y(frame.low), frame.left
    top, bottom = scale
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{h(label)}"{attributes}>'
        f"<title>{h(label)}</title>"
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{AXIS}"/>'
        f'<line x1="{left}" y1="{TOP}" x2="{left}" y2="{base}" stroke="{AXIS}"/>'
        f"{body}"
        f'<text x="{left - 4}" y="{TOP + 4}" font-size="10" text-anchor="end" '
        f'fill="{MUTED}">{h(top)}</text>'
        f'<text x="{left - 4}" y="{base}" font-size="10" text-anchor="end" fill="{MUTED}">'
        f"{h(bottom)}</text>"
        f'<text x="{left}" y="{HEIGHT - 6}" font-size="10" fill="{MUTED}">'
        f"{frame.first.isoformat()}</text>"
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" font-size="10" text-anchor="end" '
        f'fill="{MUTED}">{frame.last.isoformat()}</text>'
        "</svg>"
    )
