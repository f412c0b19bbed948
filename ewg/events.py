"""What history yields, as values: commits, the changes they made, and counts per version.

Renderers and commands take these; only ewg.history makes them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ewg.diff import Change

# Items per area in one version: (area, total, done, dropped), areas in file order.
Stats = tuple[tuple[str, int, int, int], ...]


class Commit(NamedTuple):
    """A commit that touched the roadmap file, as the first-parent history shows it."""

    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # author date, ISO 8601 with the author's offset
    committed: str  # committer date: when the change reached the branch
    status: str  # git's letter for what happened to the file: A, M, D, R, T
    blob: str | None  # the file's blob after the commit; None when the commit deleted it
    before: str | None = None  # the blob before, against the first parent; None: no file

    @property
    def day(self) -> dt.date:
        """The calendar day the commit reached the branch (in the committer's time zone)."""
        return dt.date.fromisoformat(self.committed[:10])

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.id[:8]


class Event(NamedTuple):
    """A change, with the commit that made it (and the merge that brought it in, if one did)."""

    commit: Commit
    change: Change
    merge: Commit | None = None  # the merge on the branch, when `commit` is on a side branch
    # The item's id at the end of the range, when the change was made under another id
    # (the merge driver renumbered the item since).
    current: str | None = None

    @property
    def landed(self) -> Commit:
        """The commit of the branch's line with which the change reached the branch."""
        return self.merge or self.commit

    @property
    def item(self) -> str | None:
        """The id the change's item has at the end of the range (its id then, if not renumbered)."""
        return self.current or self.change.item


class Skipped(NamedTuple):
    """A commit whose version of the file could not be read, stepped over."""

    commit: Commit
    reason: str


class Changelog(NamedTuple):
    """What changed over a range of commits."""

    events: list[Event]
    skipped: list[Skipped]
    commits: list[Commit]  # the commits of the range that touched the file, oldest first


class Point(NamedTuple):
    """Items per area in the version after one commit."""

    commit: Commit
    stats: Stats


__all__ = ["Changelog", "Commit", "Event", "Point", "Skipped", "Stats"]
