"""The member commands: add, set, the status changes, rm; and the items show and list pick."""

from __future__ import annotations

from ewg.commands.dates import optional_date, today
from ewg.commands.lookup import check_references, require, require_item
from ewg.commands.outcome import Outcome
from ewg.commands.reading import read_roadmap
from ewg.commands.transitions import fields
from ewg.commands.writes import write
from ewg.i18n import _, ngettext
from ewg.terms import status_word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from ewg.model import Item, Roadmap
    from ewg.query import Filters
    from ewg.store import Document


def change_status(
    path: Path, item_id: str, status: str, reason: str | None = None, commit: bool = False
) -> Outcome:
    """Move an item to `status` (in_progress, done, blocked, dropped) by the transition rule."""
    from ewg.commands.transitions import check_reason
    from ewg.store import set_item_fields

    check_reason(status, reason)
    when = today()
    seen: dict[str, Any] = {}  # what the change found, for the messages

    def change(doc: Document) -> Document:
        item = require_item(doc.roadmap, item_id, doc.text)
        seen["id"] = item.id
        seen["open"] = [
            d for d in item.depends_on if (o := doc.roadmap.item(d)) is not None and o.is_open
        ]
        return set_item_fields(doc, item.id, fields(status, reason, when, item))

    write(path, change, commit=commit)
    done_id = seen.get("id", item_id)
    messages = [_("{id} is now {status}").format(id=done_id, status=status_word(status))]
    if status == "done" and seen.get("open"):  # finished before what it depends on
        messages.append(
            ngettext(
                "warning: {id} depends on {others}, still open",
                "warning: {id} depends on {others}, still open",
                len(seen["open"]),
            ).format(id=done_id, others=", ".join(seen["open"]))
        )
    return Outcome(messages=messages)


def add(
    path: Path,
    title: str,
    area: str,
    owners: Sequence[str] = (),
    milestone: str | None = None,
    due: str | None = None,
    start: str | None = None,
    tags: Sequence[str] = (),
    depends: Sequence[str] = (),
    status: str = "planned",
    reason: str | None = None,
    title_es: str | None = None,
    commit: bool = False,
    decision: str | None = None,
) -> Outcome:
    """Add an item after the last one of its area; the outcome's output is its new id.

    With `decision` (a meeting's date), the new item is also listed in that meeting's
    items, in the same write: the item a decision of the session created."""
    from ewg.commands.meetings import find
    from ewg.errors import RefusedError, UsageError
    from ewg.model import ITEM_KEYS

    if not title.strip():
        raise UsageError(_("the title is empty"))
    roadmap = read_roadmap(path)
    require("area", area, roadmap.areas)
    check_references(roadmap, owners, milestone, depends)
    if decision is not None:
        from ewg.commands.dates import parse_date

        decision = parse_date(decision, "--decision").isoformat()
        find(roadmap, decision)
    due_date, start_date = optional_date(due, "--due"), optional_date(start, "--start")
    when = today()
    entering = fields(status, reason, when, due=due_date)
    new_id: list[str] = []
    notes: list[str] = []

    def change(doc: Document) -> Document:
        from ewg.ids import next_id
        from ewg.store import add_item

        fresh = doc.roadmap
        prefix = fresh.areas[area].prefix if area in fresh.areas else ""
        if not prefix:
            raise RefusedError(_("area {area} has no prefix").format(area=area))
        item_id = next_id(prefix, (i.id for i in fresh.items), doc.path, notes.append)
        new_id.append(item_id)
        given: dict[str, Any] = {
            **{k: v for k, v in entering.items() if v is not None},
            "id": item_id,
            "title": title,
            "title_es": title_es or None,
            "area": area,
            "owners": list(owners),
            "milestone": milestone or None,
            "start": start_date or entering.get("start"),
            "due": due_date,
            "depends_on": list(depends) or None,
            "tags": list(tags) or None,
            "created": when,
        }
        table = {k: given[k] for k in ITEM_KEYS if given.get(k) is not None}
        if decision is None:
            return add_item(doc, table)
        from ewg.commands.meetings import edit_arrays
        from ewg.merge.renames import ArrayEdit

        position = find(fresh, decision)
        listed = ArrayEdit(append=[item_id])
        return edit_arrays(
            add_item(doc, table), position, fresh.meetings[position], {"items": listed}
        )

    write(path, change, commit=commit)
    from ewg.gitsetup import unconfigured

    return Outcome(new_id[0] + "\n", [*notes, *unconfigured(path)])


def clearable() -> tuple[str, ...]:
    """What `set --clear` may remove: every optional field but the dates ewg records."""
    from ewg.model import ITEM_KEYS, ITEM_REQUIRED

    return tuple(k for k in ITEM_KEYS if k not in (*ITEM_REQUIRED, "created", "completed"))


def refuse_unknown(value: str, choices: Sequence[str], message: str) -> None:
    """Refuse a value that is not one of `choices`: `message`, the closest choice as a hint."""
    from ewg.errors import UsageError, did_you_mean

    if value not in choices:
        raise UsageError(
            message,
            hint=did_you_mean(value, choices)
            or _("one of: {choices}").format(choices=", ".join(choices)),
        )


def _edits(
    roadmap: Roadmap,
    clear: Sequence[str],
    title: str | None,
    title_es: str | None,
    owners: Sequence[str],
    milestone: str | None,
    due: str | None,
    start: str | None,
    progress: int | None,
    tags: Sequence[str],
    depends: Sequence[str],
    notes: str | None,
    links: Sequence[str],
) -> dict[str, Any]:
    """The fields `set` was asked to change, checked; None removes one."""
    from ewg.errors import UsageError

    changes: dict[str, Any] = {}
    for field in clear:
        message = _("--clear: cannot clear {field}").format(field=repr(field))
        refuse_unknown(field, clearable(), message)
        changes[field] = None
    if title is not None:
        if not title.strip():
            raise UsageError(_("the title is empty"))
        changes["title"] = title
    if title_es is not None:
        changes["title_es"] = title_es
    check_references(roadmap, owners, milestone, depends)
    if owners:
        changes["owners"] = list(owners)
    if milestone is not None:
        changes["milestone"] = milestone
    if due is not None:
        changes["due"] = optional_date(due, "--due")
    if start is not None:
        changes["start"] = optional_date(start, "--start")
    if progress is not None:
        changes["progress"] = progress
    if tags:
        changes["tags"] = list(tags)
    if depends:
        changes["depends_on"] = list(depends)
    if notes is not None:
        changes["notes"] = notes
    if links:
        from ewg.render.escape import safe_url

        for url in links:
            if safe_url(url) is None:
                raise UsageError(
                    _("--link: {url} is not an http or https URL").format(url=repr(url))
                )
        changes["links"] = list(links)
    return changes


def set_fields(
    path: Path,
    item_id: str,
    clear: Sequence[str] = (),
    title: str | None = None,
    title_es: str | None = None,
    owners: Sequence[str] = (),
    milestone: str | None = None,
    due: str | None = None,
    start: str | None = None,
    status: str | None = None,
    reason: str | None = None,
    progress: int | None = None,
    tags: Sequence[str] = (),
    depends: Sequence[str] = (),
    notes: str | None = None,
    links: Sequence[str] = (),
    commit: bool = False,
) -> Outcome:
    """Edit fields of an item; a new status brings what the transition rule says with it."""
    from ewg.commands.transitions import check_reason
    from ewg.errors import UsageError
    from ewg.store import read, set_item_fields

    document = read(path)
    roadmap = document.roadmap
    require_item(roadmap, item_id, document.text)
    changes = _edits(
        roadmap,
        clear,
        title,
        title_es,
        owners,
        milestone,
        due,
        start,
        progress,
        tags,
        depends,
        notes,
        links,
    )
    if status is not None:
        check_reason(status, reason)
        changes["status"] = status
    if reason is not None:
        changes["reason"] = reason
    if not changes:
        raise UsageError(_("nothing to change"), hint=_("see `ewg set --help`"))
    when = today()

    def change(doc: Document) -> Document:
        item = require_item(doc.roadmap, item_id, doc.text)
        if status is None and reason is not None:  # a new reason for a blocked or dropped item
            check_reason(item.status, reason)
            return set_item_fields(doc, item.id, changes)
        edits = dict(changes)
        if status is not None:
            # What the user names explicitly wins over what the status brings along.
            edits = {**fields(status, reason, when, item), **changes}
        return set_item_fields(doc, item.id, edits)

    write(path, change, commit=commit)
    words = ", ".join(_(name) for name in changes)  # field names in the output language
    return Outcome(messages=[_("{id} updated: {fields}").format(id=item_id, fields=words)])


def remove(path: Path, item_id: str, force: bool = False, commit: bool = False) -> Outcome:
    """Remove an item; RefusedError while others depend on it, unless `force`."""
    from ewg.errors import RefusedError
    from ewg.store import remove_item, set_item_fields

    changed: list[str] = []  # the items whose depends_on --force edits

    def change(doc: Document) -> Document:
        roadmap = doc.roadmap
        item = require_item(roadmap, item_id, doc.text)
        dependents = roadmap.dependents(item.id)
        changed[:] = [d.id for d in dependents]
        if dependents and not force:
            raise RefusedError(
                _("{id} is needed by {others}").format(
                    id=item.id, others=", ".join(d.id for d in dependents)
                ),
                hint=_("change their dependencies first, or use --force"),
            )
        for other in dependents:
            remaining = [d for d in other.depends_on if d != item.id]
            doc = set_item_fields(doc, other.id, {"depends_on": remaining or None})
        return remove_item(doc, item.id)

    write(path, change, commit=commit)
    messages = [_("removed {id}").format(id=item_id)]
    if changed:
        messages.append(
            _("removed {id} from the depends_on of {others}").format(
                id=item_id, others=", ".join(changed)
            )
        )
    return Outcome(messages=messages)


def show(path: Path, item_id: str) -> tuple[Item, Roadmap]:
    """One item and its roadmap (for what depends on it); NotFoundError when there is none."""
    from ewg.commands.reading import read

    document = read(path)
    roadmap = document.roadmap
    return require_item(roadmap, item_id, document.text), roadmap


def list_items(path: Path, filters: Filters, sort: str = "id") -> list[Item]:
    """The items `ewg list` shows: filtered (open ones unless `all` or `status`), sorted."""
    from ewg.errors import UsageError, did_you_mean
    from ewg.model import Country, Sector
    from ewg.query import SORT_FIELDS, select, sort_items

    message = _("--sort: cannot sort by {field}").format(field=repr(sort))
    refuse_unknown(sort, SORT_FIELDS, message)

    def chosen(value: str | None, choices: list[str]) -> str | None:
        """A choice in any letter case (`mx`), as the file writes it (`MX`)."""
        same = [c for c in choices if value is not None and c.lower() == value.lower()]
        return same[0] if len(same) == 1 else value

    filters.sector = chosen(filters.sector, [e.value for e in Sector])
    filters.country = chosen(filters.country, [e.value for e in Country])
    for value, enum, option in (
        (filters.sector, Sector, "--sector"),
        (filters.country, Country, "--country"),
    ):
        if value is not None and value not in {e.value for e in enum}:
            choices = [e.value for e in enum]
            raise UsageError(
                _("{option}: {value} is not one of {choices}").format(
                    option=option, value=repr(value), choices=", ".join(choices)
                ),
                hint=did_you_mean(value, choices),
            )
    roadmap = read_roadmap(path)
    if filters.area:  # any letter case: the id as the file writes it
        filters.area = require("area", filters.area, roadmap.areas)
    if filters.owner:
        filters.owner = require("owner", filters.owner, roadmap.owners)
    if filters.milestone:
        filters.milestone = require("milestone", filters.milestone, roadmap.milestones)
    return sort_items(select(roadmap, filters, today()), sort, roadmap)
