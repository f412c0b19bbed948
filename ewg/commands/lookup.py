"""Ids the user names, checked against the roadmap, with "did you mean" when they miss."""

from __future__ import annotations

from ewg.errors import NotFoundError, did_you_mean
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ewg.model import Item, Roadmap


def require_item(roadmap: Roadmap, item_id: str) -> Item:
    """The item, or NotFoundError with the closest id."""
    item = roadmap.item(item_id)
    if item is None:
        raise NotFoundError(
            _("no item {id}").format(id=repr(item_id)),
            did_you_mean(item_id.upper(), [i.id for i in roadmap.items]),
        )
    return item


def require(kind: str, key: str, known: Mapping[str, Any]) -> str:
    """`key` if `known` has it, else NotFoundError with the closest key and the choices."""
    if key in known:
        return key
    hint = did_you_mean(key, known) or (
        _("one of: {choices}").format(choices=", ".join(known)) if known else None
    )
    raise NotFoundError(_("no {kind} {key}").format(kind=_(kind), key=repr(key)), hint)


def known(kind: str, key: str, names: set[str]) -> None:
    """Refuse a filter that names nothing the roadmap has or had."""
    if key not in names:
        raise NotFoundError(
            _("no {kind} {key} in the roadmap or its history").format(kind=_(kind), key=repr(key)),
            did_you_mean(key, sorted(names)),
        )
