"""The roadmap's git history: commits, versions and changes.

- `log`: the data (Commit, Event, Changelog, …), where the file stands in git, `parse_log`;
- `versions`: versions of the file parsed block by block, each block once;
- `cache`: what was learnt, kept in the repository's cache for the next run;
- `walk`: `History`, the walk that answers changelog, trend and past versions;
- `line`: the branch's line of commits, each `git pull` merge read the right way round;
- `merges`: each item's story through the merges of that line.

git itself is started by `ewg.repo` alone.
"""

from __future__ import annotations

# Names load on first use (PEP 562): a warm `changelog --format json` needs the walk
# and its cache, not the parser of versions.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ewg.events import Changelog, Commit, Event, Point, Skipped, Stats
    from ewg.history.log import (
        EMPTY,
        OnProgress,
        Repository,
        Version,
        open_repository,
        parse_log,
    )
    from ewg.history.versions import Parser
    from ewg.history.walk import History
    from ewg.moment import Moment

_HOMES = {
    "ewg.events": ("Changelog", "Commit", "Event", "Point", "Skipped", "Stats"),
    "ewg.history.log": (
        "EMPTY",
        "OnProgress",
        "Repository",
        "Version",
        "open_repository",
        "parse_log",
    ),
    "ewg.history.versions": ("Parser",),
    "ewg.history.walk": ("History",),
    "ewg.moment": ("Moment",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    import importlib

    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'ewg.history' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "EMPTY",
    "Changelog",
    "Commit",
    "Event",
    "History",
    "Moment",
    "OnProgress",
    "Parser",
    "Point",
    "Repository",
    "Skipped",
    "Stats",
    "Version",
    "open_repository",
    "parse_log",
]
