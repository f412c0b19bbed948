"""Plain-text tables for the terminal, fast on long listings.

rich's Table takes 15 s for 10,000 rows and about 40 ms for the five small
tables of `ewg status`, a quarter of that command's budget; these tables
are laid out by hand, with colour (ANSI SGR) only when asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

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
    width = _cell_widths.get(text)
    if width is None:  # the characters past ASCII only: most are one column, as ASCII's
        wider = _past_ascii(text)
        width = _cell_widths[text] = len(text) - len(wider) + sum(map(_char_width, wider))
    return width


_cell_widths: dict[str, int] = {}  # a table asks a cell's width several times
_past_ascii = re.compile("[^\x00-\x7f]").findall


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


def _split(word: str, width: int) -> list[str]:
    """A word longer than `width` columns, broken into pieces that fit."""
    pieces, current, used = [], "", 0
    for char in word:
        w = cell_width(char)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += w
    return [*pieces, current]


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` columns: broken at spaces, long words split."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cell_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        *whole, current = _split(word, max(width, 1))
        lines += whole
    lines.append(current)
    return lines


def wrap(text: str, width: int | None) -> str:
    """`text` broken into lines of at most `width` columns, at spaces where it can be."""
    if width is None:
        return text
    return "\n".join(wrap_lines(text, width))


def paint(text: str, style: str, color: bool) -> str:
    """`text` in a style, when colour is on."""
    code = STYLES.get(style) if color and style else None
    return f"\x1b[{code}m{text}\x1b[0m" if code else text


class Table:
    """Columns under a header; values from the file are made inert.

    Fitted to a width, a table never exceeds it and never cuts a value: the
    `shrink` columns (short ones such as owners or an author) narrow first,
    then the `long` columns (the long text: a title, a change, a reason), then
    any column down to its longest word, then any column at all; a narrowed
    cell wraps onto more lines, so every name stays whole and distinct.
    """

    __slots__ = ("headers", "long", "right", "rows", "shrink", "title")

    def __init__(
        self,
        headers: Sequence[str],
        right: Sequence[int] = (),  # indexes of right-aligned columns
        long: Sequence[int] = (),  # the long text columns, wrapped to fit the width
        title: str = "",
        shrink: Sequence[int] = (),  # short columns narrowed first, widest first
    ) -> None:
        self.headers, self.right, self.long, self.title = headers, right, long, title
        self.shrink = shrink
        self.rows: list[list[Cell]] = []

    def add(self, *cells: Cell) -> None:
        """Add a row."""
        self.rows.append(list(cells))

    def _texts(self) -> list[list[str]]:
        return [[terminal(c if isinstance(c, str) else c[0]) for c in row] for row in self.rows]

    def _widths(self, texts: list[list[str]], width: int | None) -> list[int]:
        """Each column's width: the widest cell, narrowed in turn to fit `width`."""
        widths = [cell_width(h) for h in self.headers]
        for row in texts:
            for i, text in enumerate(row):
                w = cell_width(text)
                if w > widths[i]:
                    widths[i] = w
        if width is None:
            return widths
        gaps = 2 * (len(widths) - 1)

        def narrow(columns: Sequence[int], floor: Callable[[int], int]) -> None:
            """Narrow these columns, the widest first, each down to its floor."""
            floors = {i: floor(i) for i in columns}
            while sum(widths) + gaps > width:
                wide = [i for i in columns if widths[i] > floors[i]]
                if not wide:
                    return
                widths[max(wide, key=lambda i: widths[i])] -= 1

        heads = [max(map(cell_width, h.split(" "))) for h in self.headers]
        words = heads[:]  # the longest word of each column, header included

        def longest(columns: Iterable[int]) -> None:
            for row in texts:
                for i in columns:
                    if cell_width(row[i]) > words[i]:
                        words[i] = max(words[i], *map(cell_width, row[i].split(" ")))

        longest(self.shrink)
        narrow(self.shrink, lambda i: max(heads[i], min(words[i], 16), 8))
        narrow(self.long, lambda i: max(heads[i], 12))
        if sum(widths) + gaps <= width:
            return widths
        longest(i for i in range(len(widths)) if i not in self.shrink)
        short = [i for i in range(len(widths)) if i not in self.long]
        narrow(short, lambda i: words[i])
        values = [max((cell_width(row[i]) for row in texts), default=1) for i in self.right]
        narrow(self.right, lambda i: values[list(self.right).index(i)])  # split headers of numbers
        narrow(short, lambda i: min(words[i], 6))  # split words of short columns
        narrow(self.long, lambda i: words[i])
        narrow(self.shrink, lambda i: 3)
        narrow(range(len(widths)), lambda i: 1)  # split any word, at last
        return widths

    def width(self, width: int | None = None) -> int:
        """The columns the table takes, once fitted to `width`."""
        widths = self._widths(self._texts(), width)
        return sum(widths) + 2 * (len(widths) - 1)

    def render(self, width: int | None = None, color: bool = False, rule: bool = True) -> str:
        """The table as text, fitted to `width` columns when given."""
        texts = self._texts()
        widths = self._widths(texts, width)
        last = len(widths) - 1
        out = []

        def line(cells: Sequence[str], styles: Sequence[str]) -> None:
            parts = []
            for i, text in enumerate(cells):
                pad = " " * (widths[i] - cell_width(text))
                if i in self.right:
                    parts.append(pad + paint(text, styles[i], color))
                else:
                    parts.append(paint(text, styles[i], color) + ("" if i == last else pad))
            out.append("  ".join(parts).rstrip())

        def row(cells: Sequence[str], styles: Sequence[str]) -> None:
            if width is None or all(cell_width(text) <= widths[i] for i, text in enumerate(cells)):
                line(cells, styles)
                return
            wrapped = [wrap_lines(text, widths[i]) for i, text in enumerate(cells)]
            for n in range(max(map(len, wrapped))):
                line([lines[n] if n < len(lines) else "" for lines in wrapped], styles)

        if self.title:
            out.append(paint(wrap(self.title, width), "bold", color))
        row(self.headers, ["bold"] * len(self.headers))
        if rule:
            out.append(paint("─" * (sum(widths) + 2 * last), "dim", color))
        for cells, plain in zip(self.rows, texts, strict=True):
            row(plain, [c[1] if isinstance(c, tuple) else "" for c in cells])
        return "\n".join(out) + "\n"


def columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None = None,
    long: Sequence[int] = (),
    bold: bool = False,
    shrink: Sequence[int] = (),
) -> str:
    """Rows under headers in aligned columns, fitted to `width` (see `Table`)."""
    table = Table(headers, long=long, shrink=shrink)
    table.rows = [list(r) for r in rows]
    return table.render(width, color=bold, rule=False)
