"""What every command shares and that needs no Typer: the run's options, output, messages.

Kept free of Typer so that the quick path (ewg.cli.quick) can answer the hot
commands without importing it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ewg.cli.output import changed, note, out
from ewg.commands.dates import parse_date, today
from ewg.commands.lookup import require, require_item
from ewg.i18n import _, os_reason

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

    from ewg.commands.outcome import Outcome
    from ewg.model import Roadmap
    from ewg.store import Document

__all__ = [
    "STATE",
    "State",
    "changed",
    "color",
    "emit",
    "note",
    "out",
    "parse_date",
    "read_document",
    "require",
    "require_item",
    "roadmap_path",
    "show",
    "status_text",
    "terminal_width",
    "today",
]


class State:
    """Global options of this run."""

    __slots__ = ("color", "file", "lang")

    def __init__(self) -> None:
        self.file: Path | None = None
        self.lang = "en"
        self.color = True


STATE = State()


def roadmap_path() -> Path:
    """The roadmap file of this run."""
    from ewg.files import find

    return find(STATE.file)


def read_document() -> Document:
    """Read the roadmap file of this run (refused when it is none; its errors noted on stderr)."""
    from ewg.commands.reading import read

    return read(roadmap_path())


def emit(text: str, output: Path | None) -> None:
    """Write a document to stdout, or atomically to `output` (then say so on stderr)."""
    if output is None:
        out(text)
        return
    from ewg.errors import EwgError
    from ewg.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise EwgError(
            _("cannot write {path}: {reason}").format(path=output, reason=os_reason(exc))
        ) from None
    note(_("wrote {path}").format(path=output))


def terminal_width() -> int | None:
    """The width to fit tables to: the terminal's, or None into a pipe or file."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def color(stream: str = "stdout") -> bool:
    """Whether to colour `stream`: the one rule for colour in ewg.

    Not asked against (--no-color, NO_COLOR), a terminal, and one that shows
    colour (TERM=dumb does not).
    """
    return STATE.color and os.environ.get("TERM") != "dumb" and getattr(sys, stream).isatty()


def show(outcome: Outcome) -> None:
    """A write's outcome: its output on stdout, its messages on stderr.

    The file has changed by now: if the output fails, the run exits 4 (written).
    """
    changed()
    if outcome.output:
        out(outcome.output)
    for message in outcome.messages:
        note(message)


def status_text(
    fmt: str, area: str | None, roadmap: Roadmap | None = None, when: dt.date | None = None
) -> str:
    """What `ewg status` prints for this run: the file as it is, or a roadmap as it was."""
    from ewg.commands.status import status_text as text

    if roadmap is None:
        roadmap = read_document().roadmap
    return text(roadmap, fmt, area, when or today(), STATE.lang, terminal_width(), color())
