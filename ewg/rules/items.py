"""Rules on each item: ids, references, dates, progress, links; its dependencies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ewg.diagnostics import (
    AFTER_MILESTONE,
    BAD_ID,
    BAD_LINK,
    DONE_BEFORE_DEPENDENCY,
    DONE_WITHOUT_COMPLETED,
    DUE_BEFORE_START,
    NO_OWNER,
    OVERDUE,
    PROGRESS_RANGE,
    UNKNOWN_REF,
    Diagnostic,
    Path,
    error,
    warning,
)
from ewg.errors import did_you_mean
from ewg.i18n import _
from ewg.model import CLOSED_STATUSES, ITEM_ID_RE, OPEN_STATUSES, Status
from ewg.rules.fields import LINK_RE, PREFIX_RE, as_date, check_enum
from ewg.terms import status_word

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def item_label(table: Mapping[str, Any], index: int) -> str:
    """How messages name an item: its id, else its place in the file."""
    item_id = table.get("id")
    return item_id if isinstance(item_id, str) else f"#{index + 1}"


def _closed(status: Any) -> bool:
    return isinstance(status, str) and status in CLOSED_STATUSES


def check_dependencies(
    table: Mapping[str, Any],
    path: Path,
    label: str,
    known: Mapping[str, int],
    status_of: Mapping[str, Any],
) -> list[Diagnostic]:
    """Unknown dependencies, and done items that depend on unfinished ones."""
    deps = table.get("depends_on")
    if not isinstance(deps, list):
        return []
    out: list[Diagnostic] = []
    for pos, dep in enumerate(deps):
        if not isinstance(dep, str):
            continue
        where = (*path, "depends_on", pos)
        if dep not in known:
            out.append(
                error(
                    UNKNOWN_REF,
                    _("item {id} depends on unknown item {dep}").format(id=label, dep=dep),
                    where,
                    did_you_mean(dep, known),
                    at_value=True,
                )
            )
        elif table.get("status") == Status.DONE and not _closed(status_of.get(dep)):
            out.append(
                warning(
                    DONE_BEFORE_DEPENDENCY,
                    _("item {id} is done but depends on {dep}, which is not").format(
                        id=label, dep=dep
                    ),
                    where,
                    at_value=True,
                )
            )
    return out


def check_item(
    table: Mapping[str, Any],
    path: Path,
    label: str,
    areas: Mapping[str, Any],
    owners: Mapping[str, Any],
    milestones: Mapping[str, Any],
    today: dt.date | None,
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    item_id, area = table.get("id"), table.get("area")
    if isinstance(item_id, str):
        match = ITEM_ID_RE.match(item_id)
        prefix = areas.get(area, {}).get("prefix") if isinstance(area, str) else None
        if not match:
            out.append(
                error(
                    BAD_ID,
                    _("item id {id} is not an area prefix, a dash and a number").format(
                        id=f"'{item_id}'"
                    ),
                    (*path, "id"),
                    _("for example {example}").format(example=f"{prefix or 'INN'}-1"),
                    at_value=True,
                )
            )
        elif isinstance(prefix, str) and PREFIX_RE.fullmatch(prefix) and match.group(1) != prefix:
            # (an invalid prefix is reported once, on the area, not again on each item)
            out.append(
                error(
                    BAD_ID,
                    _("item {id} is in area {area}, whose prefix is {prefix}").format(
                        id=item_id, area=area, prefix=prefix
                    ),
                    (*path, "id"),
                    at_value=True,
                )
            )
    if isinstance(area, str) and area not in areas:
        out.append(
            error(
                UNKNOWN_REF,
                _("item {id} is in unknown area {area}").format(id=label, area=f"'{area}'"),
                (*path, "area"),
                did_you_mean(area, areas),
                at_value=True,
            )
        )
    out.extend(check_enum(table.get("status"), Status, (*path, "status"), "status"))
    item_owners = table.get("owners")
    if isinstance(item_owners, list):
        for pos, owner in enumerate(item_owners):
            if isinstance(owner, str) and owner not in owners:
                out.append(
                    error(
                        UNKNOWN_REF,
                        _("item {id} names unknown owner {owner}").format(
                            id=label, owner=f"'{owner}'"
                        ),
                        (*path, "owners", pos),
                        did_you_mean(owner, owners),
                        at_value=True,
                    )
                )
    if item_owners is None or item_owners == []:
        out.append(
            warning(
                NO_OWNER,
                _("item {id} has no owner").format(id=label),
                path if item_owners is None else (*path, "owners"),
                _("`ewg set {id} --owner OWNER` gives it one").format(id=label),
                at_value=item_owners is not None,
            )
        )
    milestone = table.get("milestone")
    if isinstance(milestone, str) and milestone not in milestones:
        out.append(
            error(
                UNKNOWN_REF,
                _("item {id} names unknown milestone {milestone}").format(
                    id=label, milestone=f"'{milestone}'"
                ),
                (*path, "milestone"),
                did_you_mean(milestone, milestones),
                at_value=True,
            )
        )
    start, due = as_date(table.get("start")), as_date(table.get("due"))
    if start is not None and due is not None and due < start:
        out.append(
            error(
                DUE_BEFORE_START,
                _("item {id} is due ({due}) before it starts ({start})").format(
                    id=label, due=due, start=start
                ),
                (*path, "due"),
                at_value=True,
            )
        )
    progress = table.get("progress")
    if isinstance(progress, int) and not isinstance(progress, bool) and not 0 <= progress <= 100:
        out.append(
            error(
                PROGRESS_RANGE,
                _("progress of {id} is {value}; it must be between 0 and 100").format(
                    id=label, value=progress
                ),
                (*path, "progress"),
                at_value=True,
            )
        )
    status = table.get("status")
    if status == Status.DONE and "completed" not in table:
        out.append(
            error(
                DONE_WITHOUT_COMPLETED,
                _("item {id} is done but has no completed date").format(id=label),
                (*path, "status"),
                _("`ewg done {id}` records it; or add completed = YYYY-MM-DD").format(id=label),
                at_value=True,
            )
        )
    links = table.get("links")
    if isinstance(links, list):
        for pos, link in enumerate(links):
            if isinstance(link, str) and not LINK_RE.match(link):
                out.append(
                    error(
                        BAD_LINK,
                        _("link {link} of {id} is not an http or https URL").format(
                            link=f"'{link}'", id=label
                        ),
                        (*path, "links", pos),
                        at_value=True,
                    )
                )
    if today is not None and due is not None and due < today and _open(status):
        out.append(
            warning(
                OVERDUE,
                _("item {id} was due {due} and is still {status}").format(
                    id=label, due=due, status=status_word(str(status))
                ),
                (*path, "due"),
                _("`ewg done {id}` if it is finished, or set a new date with --due").format(
                    id=label
                ),
                at_value=True,
            )
        )
    if isinstance(milestone, str) and milestone in milestones and due is not None:
        m_due = as_date(milestones[milestone].get("due"))
        if m_due is not None and due > m_due:
            out.append(
                warning(
                    AFTER_MILESTONE,
                    _("item {id} is due {due}, after its milestone {milestone} ({m_due})").format(
                        id=label, due=due, milestone=milestone, m_due=m_due
                    ),
                    (*path, "due"),
                    at_value=True,
                )
            )
    return out


def _open(status: Any) -> bool:
    return isinstance(status, str) and status in OPEN_STATUSES
