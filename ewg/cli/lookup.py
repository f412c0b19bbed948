"""Shell completion of ids, and lookups that answer "did you mean" for unknown ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ewg.errors import NotFoundError, did_you_mean
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.model import Item, Roadmap


# --- completion -------------------------------------------------------------------------


def _completion_roadmap(ctx: typer.Context) -> Roadmap | None:
    from ewg.store import find, read

    root = ctx.find_root()
    try:
        return read(find(root.params.get("file"))).roadmap
    except Exception:  # completion must never fail loudly
        return None


def complete_item(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return [i.id for i in roadmap.items if i.id.startswith(incomplete)] if roadmap else []


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    """Area ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return [a for a in roadmap.areas if a.startswith(incomplete)] if roadmap else []


def complete_owner(ctx: typer.Context, incomplete: str) -> list[str]:
    """Owner ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return [o for o in roadmap.owners if o.startswith(incomplete)] if roadmap else []


def complete_milestone(ctx: typer.Context, incomplete: str) -> list[str]:
    """Milestone ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return [m for m in roadmap.milestones if m.startswith(incomplete)] if roadmap else []


# --- lookups with "did you mean" --------------------------------------------------------


def require_item(roadmap: Roadmap, item_id: str) -> Item:
    """The item, or NotFoundError with the closest id."""
    item = roadmap.item(item_id)
    if item is None:
        raise NotFoundError(
            _("no item {id}").format(id=repr(item_id)),
            did_you_mean(item_id.upper(), [i.id for i in roadmap.items]),
        )
    return item


def require(kind: str, key: str, known: dict[str, Any]) -> str:
    """`key` if `known` has it, else NotFoundError with the closest key and the choices."""
    if key in known:
        return key
    hint = did_you_mean(key, known) or (
        _("one of: {choices}").format(choices=", ".join(known)) if known else None
    )
    raise NotFoundError(_("no {kind} {key}").format(kind=_(kind), key=repr(key)), hint)
