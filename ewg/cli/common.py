"""What every command shares and that needs no Typer: the run's options, dates, output.

Kept free of Typer so that the quick path (ewg.cli.quick) can answer the hot
commands without importing it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from ewg.errors import NotFoundError, UsageError, did_you_mean
from ewg.i18n import _

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.model import Item, Roadmap
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


def emit(text: str, output: Path | None) -> None:
    """Write a document to stdout, or atomically to `output` (then say so on stderr)."""
    if output is None:
        out(text)
        return
    from ewg.errors import EwgError
    from ewg.store import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise EwgError(
            _("cannot write {path}: {reason}").format(path=output, reason=exc.strerror)
        ) from None
    note(_("wrote {path}").format(path=output))


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


def require_item(roadmap: Roadmap, item_id: str) -> Item:
    """The item, or NotFoundError with the closest id."""
    item = roadmap.item(item_id)
    if item is None:
        raise NotFoundError(
            _("no item {id}").format(id=repr(item_id)),
            did_you_mean(item_id.upper(), [i.id for i in roadmap.items]),
        )
    return item


def require(kind: str, key: str, known: dict[str, Any]) -> str:
    """`key` if `known` has it, else NotFoundError with the closest key and the choices."""
    if key in known:
        return key
    hint = did_you_mean(key, known) or (
        _("one of: {choices}").format(choices=", ".join(known)) if known else None
    )
    raise NotFoundError(_("no {kind} {key}").format(kind=_(kind), key=repr(key)), hint)
