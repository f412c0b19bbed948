"""Plain-text tables for the terminal, fast on long listings.

rich's Table takes 15 s for 10,000 rows and about 40 ms for the five small
tables of `ewg status`, a quarter of that command's budget; these tables
are laid out by hand, with colour (ANSI SGR) only when asked for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ewg.render.escape import terminal

# The few styles ewg uses, as SGR codes.
STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "bold red": "1;31",
}

Cell = str | tuple[str, str]  # text, or (text, style)


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_widths: dict[str, int] = {}


def _char_width(char: str) -> int:
    width = _widths.get(char)
    if width is None:
        if unicodedata.combining(char) or char in _ZERO_WIDTH:
            width = 0
        else:
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        _widths[char] = width
    return width


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal (wide CJK and emoji count two, marks none).

    unicodedata gives the same widths as rich.cells for the scripts of the file
    (a test compares them) without rich's 6 ms import on every `ewg status`.
    """
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def truncate(text: str, width: int) -> str:
    """Cut `text` to `width` columns, marking the cut with an ellipsis."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def wrap(text: str, width: int | None) -> str:
    """`text` broken into lines of at most `width` columns, at spaces where it can be."""
    if width is None or cell_width(text) <= width:
        return text
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and cell_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return "\n".join(truncate(line, width) for line in lines)


def paint(text: str, style: str, color: bool) -> str:
    """`text` in a style, when colour is on."""
    code = STYLES.get(style) if color and style else None
    return f"\x1b[{code}m{text}\x1b[0m" if code else text


class Table:
    """Columns under a header; values from the file are made inert."""

    __slots__ = ("cut", "flexible", "headers", "right", "rows", "title")

    def __init__(
        self,
        headers: Sequence[str],
        right: Sequence[int] = (),  # indexes of right-aligned columns
        flexible: int | None = None,  # the column cut first to fit the width
        title: str = "",
        cut: Sequence[int] = (),  # columns cut next, widest first, if still too wide
    ) -> None:
        self.headers, self.right, self.flexible, self.title = headers, right, flexible, title
        self.cut = cut
        self.rows: list[list[Cell]] = []

    def add(self, *cells: Cell) -> None:
        """Add a row."""
        self.rows.append(list(cells))

    def _widths(self, texts: list[list[str]], width: int | None) -> list[int]:
        """Each column's width: the widest cell, cut (flexible, then `cut`) to fit `width`."""
        widths = [cell_width(h) for h in self.headers]
        for row in texts:
            for i, text in enumerate(row):
                w = cell_width(text)
                if w > widths[i]:
                    widths[i] = w
        if width is None:
            return widths
        order = [] if self.flexible is None else [self.flexible]
        order += sorted(self.cut, key=lambda i: -widths[i])
        for i in order:
            overflow = sum(widths) + 2 * (len(widths) - 1) - width
            if overflow <= 0:
                break
            floor = max(cell_width(self.headers[i]), 8 if i == self.flexible else 4)
            widths[i] = max(min(floor, widths[i]), widths[i] - overflow)
        return widths

    def width(self, width: int | None = None) -> int:
        """The columns the table takes, once fitted to `width`."""
        texts = [[terminal(c if isinstance(c, str) else c[0]) for c in row] for row in self.rows]
        widths = self._widths(texts, width)
        return sum(widths) + 2 * (len(widths) - 1)

    def render(self, width: int | None = None, color: bool = False, rule: bool = True) -> str:
        """The table as text, cut to `width` columns when given."""
        texts = [[terminal(c if isinstance(c, str) else c[0]) for c in row] for row in self.rows]
        widths = self._widths(texts, width)
        last = len(widths) - 1

        def line(cells: Sequence[str], styles: Sequence[str]) -> str:
            parts = []
            for i, text in enumerate(cells):
                if width is not None and cell_width(text) > widths[i]:
                    text = truncate(text, widths[i])
                pad = " " * (widths[i] - cell_width(text))
                if i in self.right:
                    parts.append(pad + paint(text, styles[i], color))
                else:
                    parts.append(paint(text, styles[i], color) + ("" if i == last else pad))
            return "  ".join(parts).rstrip()

        out = []
        if self.title:
            title = self.title if width is None else truncate(self.title, width)
            out.append(paint(title, "bold", color))
        out.append(line(self.headers, ["bold"] * len(self.headers)))
        if rule:
            out.append(paint("─" * (sum(widths) + 2 * last), "dim", color))
        for cells, plain in zip(self.rows, texts, strict=True):
            out.append(line(plain, [c[1] if isinstance(c, tuple) else "" for c in cells]))
        return "\n".join(out) + "\n"


def columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None = None,
    flexible: int | None = None,
    bold: bool = False,
    cut: Sequence[int] = (),
) -> str:
    """Rows under headers in aligned columns; `flexible`, then `cut`, are cut to fit `width`."""
    table = Table(headers, flexible=flexible, cut=cut)
    table.rows = [list(r) for r in rows]
    return table.render(width, color=bold, rule=False)
