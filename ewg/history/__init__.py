"""The roadmap's git history: commits, versions and changes.

- `log`: the data (Commit, Event, Changelog, …), where the file stands in git, `parse_log`;
- `versions`: versions of the file parsed block by block, each block once;
- `cache`: what was learnt, kept in the repository's cache for the next run;
- `walk`: `History`, the walk that answers changelog, trend and past versions.

git itself is started by `ewg.repo` alone.
"""

from __future__ import annotations

from ewg.events import Changelog, Commit, Event, Point, Skipped, Stats
from ewg.history.log import EMPTY, OnProgress, Repository, Version, open_repository, parse_log
from ewg.history.versions import Parser
from ewg.history.walk import History
from ewg.moment import Moment

# Old names, still imported by ewg.report and ewg.cli (the lead removes them at merge).

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
