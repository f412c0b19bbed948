"""What the history learnt, kept in the repository's cache (`ewg.cache`) for the next run.

Every key names content: blob ids, commit ids (which name the whole history
behind them), and the request. Kept are, per blob, whether it is TOML and its
items per area; per pair of blobs, the changes between them; and whole answers
as data (commits, changes, skipped versions), from which each run renders its
output. Whatever does not have the expected shape is a miss.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ewg import cache
from ewg.events import Changelog, Commit, Event, Skipped, Stats

CACHE_VERSION = 2


class HistoryCache:
    """Per-blob facts and per-pair changes in one entry, and a few whole answers."""

    LIMIT = 200_000  # entries; past this the cache starts afresh
    ANSWERS = 16  # answers kept

    def __init__(self, common_dir: Path) -> None:
        from ewg import __version__

        self.store = cache.repository(common_dir)
        self.name = f"history-v{CACHE_VERSION}-{__version__}"
        self._blobs: dict[str, Any] | None = None
        self._pairs: dict[tuple[str, str], Any] = {}
        self.dirty = False

    @property
    def blobs(self) -> dict[str, Any]:
        """Blob id -> (error or None, stats); read from disk on first use."""
        if self._blobs is None:
            self._blobs = {}
            data = self.store.get(self.name)
            if isinstance(data, dict):
                blobs, pairs = data.get("blobs"), data.get("pairs")
                if isinstance(blobs, dict) and isinstance(pairs, dict):
                    self._blobs, self._pairs = blobs, pairs
        return self._blobs

    @property
    def pairs(self) -> dict[tuple[str, str], Any]:
        """(old blob id or "", new blob id) -> changes as tuples."""
        _ = self.blobs
        return self._pairs

    def save(self) -> None:
        """Keep what was learnt, if anything new was; failures only cost speed."""
        if not self.dirty:
            return
        if len(self.blobs) + len(self.pairs) > self.LIMIT:
            self._blobs, self._pairs = {}, {}
        self.store.put(self.name, {"blobs": self.blobs, "pairs": self.pairs}, keep=1)
        self.dirty = False

    def answer(self, key: str) -> tuple[Changelog, list[Event]] | None:
        """A kept answer: the range's changelog and the events chosen from it."""
        try:
            return unpack(self.store.get("answer-" + key))
        except (TypeError, ValueError, IndexError):
            return None

    def keep_answer(self, key: str, log: Changelog, events: list[Event]) -> None:
        """Keep an answer; only the most recent few are kept."""
        self.store.put("answer-" + key, pack(log, events), keep=self.ANSWERS)


def blob_info(entry: Any) -> tuple[str | None, Stats] | None:
    """A cached blob entry, checked; None when it is not one."""
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return None
    error, stats = entry
    if (error is None or isinstance(error, str)) and isinstance(stats, tuple):
        return error, stats
    return None


def pack(log: Changelog, events: list[Event]) -> tuple[Any, ...]:
    """A changelog and the events chosen from it as plain tuples: commits are listed once
    and named by their position; an event, by its position in the changelog."""
    table: list[tuple[Any, ...]] = []
    where: dict[str, int] = {}

    def ref(commit: Commit | None) -> int:
        if commit is None:
            return -1
        found = where.get(commit.id)
        if found is None:
            found = where[commit.id] = len(table)
            table.append(tuple(commit))
        return found

    position = {id(event): i for i, event in enumerate(log.events)}
    return (
        [(ref(e.commit), e.change.to_tuple(), ref(e.merge)) for e in log.events],
        [(ref(s.commit), s.reason) for s in log.skipped],
        [ref(c) for c in log.commits],
        [position[id(e)] for e in events],
        table,
    )


def unpack(data: Any) -> tuple[Changelog, list[Event]] | None:
    """What `pack` was given; None (or TypeError, ValueError, IndexError) when `data`
    is not what it returns."""
    from ewg.diff import Change

    if not (isinstance(data, tuple) and len(data) == 5):
        return None
    events, skipped, commits, chosen, table = data
    known = [_commit(row) for row in table]
    made = [
        Event(known[at], Change.from_tuple(change), known[merge] if merge >= 0 else None)
        for at, change, merge in events
    ]
    log = Changelog(
        made,
        [Skipped(known[at], str(reason)) for at, reason in skipped],
        [known[i] for i in commits],
    )
    return log, [made[i] for i in chosen]


def _commit(row: Any) -> Commit:
    if not (isinstance(row, tuple) and len(row) == len(Commit._fields)):
        raise ValueError("not a commit")
    if not all(isinstance(field, str | tuple | None) for field in row):
        raise ValueError("not a commit")
    return Commit(*row)
