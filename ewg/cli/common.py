"""What every command shares and that needs no Typer: the run's options, dates, output.

Kept free of Typer so that the quick path (ewg.cli.quick) can answer the hot
commands without importing it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ewg.errors import UsageError
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.store import Document


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
    from ewg.store import find

    return find(STATE.file)


def read_document() -> Document:
    """Read the roadmap file of this run."""
    from ewg.store import read

    return read(roadmap_path())


def today() -> dt.date:
    """Today's date ($EWG_TODAY fixes it, for reproducible reports and tests)."""
    fixed = os.environ.get("EWG_TODAY")
    return parse_date(fixed, "EWG_TODAY") if fixed else dt.date.today()


def parse_date(value: str, option: str) -> dt.date:
    """A YYYY-MM-DD date; exit 2 otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            _("{option}: {value} is not a date").format(option=option, value=repr(value)),
            hint=_("write dates as YYYY-MM-DD, e.g. 2027-03-31"),
        ) from None


def out(text: str) -> None:
    """Write data to stdout."""
    sys.stdout.write(text)


def note(text: str) -> None:
    """Write a message to stderr."""
    from ewg.render.escape import terminal

    sys.stderr.write(terminal(text) + "\n")


def terminal_width() -> int | None:
    """The width to fit tables to: the terminal's, or None into a pipe or file."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def color() -> bool:
    """Whether to colour stdout: not asked against, and a terminal."""
    return STATE.color and sys.stdout.isatty()
