"""How read commands read the roadmap: never a broken one silently.

A file that is no roadmap (empty, or without its `[roadmap]` table) stops the
command with a hint. A roadmap with errors is read, and one line on stderr says
so ("roadmap.toml has 16 errors; run `ewg validate`"), in particular when items
are left out of the totals. Kept cheap for `ewg status`: the count comes from
validation's cache for this content when `ewg validate` (or an earlier read)
has seen it; otherwise a pass over the model looks for what reads would get
wrong (an unknown status or area, an id two items hold), and only a roadmap
where it finds something is validated in full, once per content.
"""

from __future__ import annotations

import sys

from ewg.i18n import _, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ewg.model import Roadmap
    from ewg.store import Document


def read(path: Path, today: dt.date | None = None) -> Document:
    """The document at `path`, refused when it is no roadmap; a note on stderr when it has errors."""
    from ewg.store import read as read_file

    doc = read_file(path)
    note = check(doc, today)
    if note and note not in _SAID:  # the quick path may hand a request on to the app
        from ewg.render.escape import terminal

        _SAID.add(note)
        sys.stderr.write(terminal(note) + "\n")
    return doc


_SAID: set[str] = set()  # the notes this run has written


def check(doc: Document, today: dt.date | None = None) -> str | None:
    """RoadmapFileError for a file that is no roadmap; else the line to say about its errors."""
    from ewg.errors import RoadmapFileError

    if "roadmap" not in doc.head:
        empty = not doc.text.strip()
        raise RoadmapFileError(
            (_("{name} is empty") if empty else _("{name} has no [roadmap] table")).format(
                name=doc.name
            ),
            hint=_(
                "a roadmap starts with [roadmap] and its title; `ewg init` writes one,"
                " `ewg validate` says what is wrong"
            ),
        )
    left_out = _left_out(doc.roadmap)
    errors = _known_errors(doc)
    if errors is None:
        if not left_out and not _suspect(doc.roadmap):
            return None
        errors = _count_errors(doc, today)
    if not errors:
        return None
    line = ngettext(
        "{name} has {count} error; run `ewg validate`",
        "{name} has {count} errors; run `ewg validate`",
        errors,
    ).format(name=doc.name, count=errors)
    if left_out:
        line += " " + ngettext(
            "({count} item with an unknown status is left out of the totals)",
            "({count} items with an unknown status are left out of the totals)",
            left_out,
        ).format(count=left_out)
    return line


def _left_out(roadmap: Roadmap) -> int:
    """Items whose status no total counts."""
    from ewg.model import Status

    known = {status.value for status in Status}
    return sum(1 for item in roadmap.items if item.status not in known)


def _suspect(roadmap: Roadmap) -> bool:
    """Whether the model shows an error reads would get wrong: an unknown area, a shared id."""
    areas = roadmap.areas
    ids: set[str] = set()
    for item in roadmap.items:
        if item.area not in areas or item.id in ids or not item.id:
            return True
        ids.add(item.id)
    return False


def _known_errors(doc: Document) -> int | None:
    """The errors validation found in this content, if it has checked it."""
    from ewg.checked import error_count

    return error_count(doc.key)


def _count_errors(doc: Document, today: dt.date | None) -> int:
    """Validate the content in full (cached by content) and count its errors."""
    from ewg.validate import check_bytes

    found = check_bytes(doc.text.encode("utf-8"), doc.name, today)
    return sum(1 for finding in found if finding.is_error)


def read_roadmap(path: Path) -> Roadmap:
    """The roadmap in the file (refused when it is none; a note on stderr when it has errors)."""
    return read(path).roadmap


def current_roadmap(path: Path) -> Roadmap | None:
    """The roadmap in the working tree, for names; None when it cannot be read."""
    from ewg.errors import EwgError
    from ewg.store import read

    try:
        return read(path).roadmap  # for names only: say nothing of its errors
    except EwgError:
        return None
