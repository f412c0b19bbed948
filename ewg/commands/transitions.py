"""The one rule for entering and leaving each status, for every path that sets one.

`start`, `done`, `block`, `drop`, `set --status` and `add --status` all ask
`fields` what else changes with the status, so they cannot disagree:

- entering done records `completed` (today, unless already set), sets progress
  to 100 when the item tracks progress, and drops `reason`;
- leaving done drops `completed`;
- blocked and dropped need a reason, and keep it in `reason`;
- planned and in_progress drop `reason`; entering in_progress records `start`
  (today) unless the item has one or is already past its due date.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    from ewg.model import Item

DONE = "done"
NEEDS_REASON = ("blocked", "dropped")


def check_reason(status: str, reason: str | None) -> None:
    """Refuse blocked or dropped without a reason, and a reason with any other status."""
    from ewg.errors import UsageError
    from ewg.i18n import _

    if status in NEEDS_REASON:
        if reason is None or not reason.strip():
            raise UsageError(_("--reason must say why"))
    elif reason is not None:
        raise UsageError(
            _("--reason goes with --status blocked or dropped, not {status}").format(status=status)
        )


def fields(
    status: str,
    reason: str | None,
    today: dt.date,
    item: Item | None = None,
    due: dt.date | None = None,
) -> dict[str, Any]:
    """The fields that move `item` (None: a new item, due on `due`) to `status`; None removes one."""
    check_reason(status, reason)
    changes: dict[str, Any] = {"status": status}
    changes["reason"] = reason if status in NEEDS_REASON else None
    if item is not None and item.reason_es is not None:  # it translated the old reason
        changes["reason_es"] = None
    completed = item.completed if item is not None else None
    if status == DONE:
        changes["completed"] = completed or today
        if item is not None and item.progress is not None:
            changes["progress"] = 100
    elif completed is not None:
        changes["completed"] = None
    if status == "in_progress":
        start = item.start if item is not None else None
        due = item.due if item is not None else due
        if start is None and (due is None or due >= today):
            changes["start"] = today
    return changes
