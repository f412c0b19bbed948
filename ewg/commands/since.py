"""The one reader of --since, --until and --as-of: a date, a revision or last-meeting."""

from __future__ import annotations

import re
from collections.abc import Callable

from ewg.moment import Moment

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ewg.model import Roadmap

LAST_MEETING = "last-meeting"
# Anything shaped like a date is read as one (and refused if it is not a real day),
# never handed to git as a revision.
DATE_SHAPED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}\Z")


def last_meeting(roadmap: Roadmap, option: str) -> Moment:
    """The day of the latest meeting the roadmap records; NotFoundError when none."""
    from ewg.commands.dates import today

    meeting = roadmap.last_meeting(today())
    if meeting is None or meeting.date is None:
        from ewg.errors import NotFoundError
        from ewg.i18n import _

        raise NotFoundError(
            _("{option} last-meeting: the roadmap records no meeting").format(option=option),
            hint=_("record one with `ewg meeting add`, or give a date or a revision"),
        )
    return Moment(date=meeting.date, label=f"{LAST_MEETING} ({meeting.date.isoformat()})")


def parse(
    text: str,
    option: str,
    resolve: Callable[[str], str] | None = None,
    roadmap: Callable[[], Roadmap] | None = None,
) -> Moment:
    """A moment from what the user wrote: YYYY-MM-DD, a revision, or (given `roadmap`) last-meeting.

    A date-shaped value that is no real day is a UsageError (exit 2). A revision is
    resolved to a commit id by `resolve` (GitError, exit 3, when it names none); without
    it, the revision is only checked and kept as written, for the caller to resolve.
    """
    if roadmap is not None and text == LAST_MEETING:
        return last_meeting(roadmap(), option)
    if DATE_SHAPED.match(text):
        from ewg.commands.dates import parse_date

        return Moment(date=parse_date(text, option), label=text)
    from ewg.repo import check_revision

    # One revision, never a range: `--since A..B` is refused with a usage error (exit 2)
    # that says which option took it; `--since A --until B` says the same thing.
    check_revision(text, option)
    if resolve is not None:
        return Moment(commit=resolve(text), label=text)
    return Moment(commit=text, label=text)
