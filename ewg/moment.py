"""A point in the roadmap's history, as --since, --until and --as-of name one."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Moment(NamedTuple):
    """One end of a range, or a point to look back at: a commit id (resolved) or a day.

    Exactly one of `commit` and `date` is set; `label` is what the user wrote,
    or how the output explains it (say, "the last meeting (2026-11-05)").
    """

    commit: str | None = None
    date: dt.date | None = None
    label: str = ""
