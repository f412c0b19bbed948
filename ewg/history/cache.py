"""What the history learnt, kept in the repository's cache (`ewg.cache`) for the next run.

Every key names content: blob ids, commit ids (which name the whole history
behind them), and the request. Kept are, per blob, whether it is TOML and its
items per area; per pair of blobs, the changes between them; and whole answers
as data (the events and skipped versions of a request as JSON-ready values), from
which each run renders its output. Whatever does not have the expected shape is a miss.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ewg import cache
from ewg.events import Stats

CACHE_VERSION = 4  # 4: renames folded into one event


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

    def answer(self, key: str) -> Any:
        """A kept answer, as plain data the caller checks; None when there is none."""
        return self.store.get(f"answer-{self.name}-{key}")

    def keep_answer(self, key: str, data: Any) -> None:
        """Keep an answer (plain data); only the most recent few are kept."""
        self.store.put(f"answer-{self.name}-{key}", data, keep=self.ANSWERS)


def blob_info(entry: Any) -> tuple[str | None, Stats] | None:
    """A cached blob entry, checked; None when it is not one."""
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return None
    error, stats = entry
    if (error is None or isinstance(error, str)) and isinstance(stats, tuple):
        return error, stats
    return None
