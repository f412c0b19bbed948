"""Shell completion of item, area, owner and milestone ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ewg.cli.common import require, require_item

if TYPE_CHECKING:
    from ewg.model import Roadmap


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


__all__ = [
    "complete_area",
    "complete_item",
    "complete_milestone",
    "complete_owner",
    "require",
    "require_item",
]
