"""Ids the user names, checked against the roadmap, with "did you mean" when they miss."""

from __future__ import annotations

from ewg.errors import NotFoundError, RefusedError, did_you_mean
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from ewg.model import Item, Roadmap


def require_item(roadmap: Roadmap, item_id: str, text: str | None = None) -> Item:
    """The item, or NotFoundError with the closest id; RefusedError when two items hold it.

    With the file's `text` the refusal names the line of each; a command never
    guesses which of two items with one id (a merge can make them) it was asked for.
    """
    item = roadmap.item(item_id)
    if item is None:  # `inn-2` names INN-2 when no other id differs from it only in case
        same = {i.id for i in roadmap.items if i.id.upper() == item_id.upper()}
        if len(same) == 1:
            item_id = same.pop()
            item = roadmap.item(item_id)
    if item is None:
        raise NotFoundError(
            _("no item {id}").format(id=repr(item_id)),
            did_you_mean(item_id.upper(), [i.id for i in roadmap.items]),
        )
    holders = [index for index, other in enumerate(roadmap.items) if other.id == item_id]
    if len(holders) > 1:
        raise _ambiguous(item_id, holders, text)
    return item


def _ambiguous(item_id: str, holders: list[int], text: str | None) -> RefusedError:
    """The refusal of an id that several items hold, naming their lines (or places)."""
    if text is not None:
        from ewg.positions import Positions

        where = Positions(text)
        places = []
        for index in holders:
            offset = where.find(("items", index, "id"), at_value=True)
            places.append(
                _("line {line}").format(line=where.position(offset)[0])
                if offset is not None
                else _("item #{n}").format(n=index + 1)
            )
    else:
        places = [_("item #{n}").format(n=index + 1) for index in holders]
    return RefusedError(
        _("{id} is the id of {count} items ({places}); ewg will not guess which one").format(
            id=item_id, count=len(holders), places=", ".join(places)
        ),
        hint=_("give all but one of them a new id; `ewg validate` reports the duplicate (E008)"),
    )


def require(kind: str, key: str, known: Mapping[str, Any]) -> str:
    """`key` if `known` has it, else NotFoundError with the closest key and the choices."""
    if key in known:
        return key
    same = [k for k in known if k.lower() == key.lower()]
    if len(same) == 1:  # any letter case, where only one key matches
        return same[0]
    hint = did_you_mean(key, known) or (
        _("one of: {choices}").format(choices=", ".join(known)) if known else None
    )
    from ewg.terms import with_article

    raise NotFoundError(_("no {kind} {key}").format(kind=with_article(kind), key=repr(key)), hint)


def known(kind: str, key: str, names: set[str]) -> None:
    """Refuse a filter that names nothing the roadmap has or had."""
    if key not in names:
        from ewg.terms import with_article

        raise NotFoundError(
            _("no {kind} {key} in the roadmap or its history").format(
                kind=with_article(kind), key=repr(key)
            ),
            did_you_mean(key, sorted(names)),
        )


def check_references(
    roadmap: Roadmap,
    owners: Sequence[str] = (),
    milestone: str | None = None,
    depends: Sequence[str] = (),
) -> None:
    """Refuse owners, a milestone or dependencies the roadmap does not have."""
    for owner_id in owners:
        require("owner", owner_id, roadmap.owners)
    if milestone:
        require("milestone", milestone, roadmap.milestones)
    for dep in depends:
        require_item(roadmap, dep)
