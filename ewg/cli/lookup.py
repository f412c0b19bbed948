"""Shell completion of item, area, owner and milestone ids."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# What a completion may offer: ids that a shell takes as one plain word. Anything
# else (spaces, `;`, `$(…)`, quotes, a leading `-`) would be split, run or read as
# an option once inserted on the command line; each shell quotes differently, so
# such ids are left out, to be typed by hand.
_PLAIN = re.compile(r"[^\W_][\w.+@-]*\Z")


def _offer(ids: Iterable[str], incomplete: str) -> list[str]:
    """The ids starting with `incomplete` that are safe to insert unquoted."""
    return [i for i in ids if i.startswith(incomplete) and _PLAIN.match(i)]


def complete_item(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return _offer((i.id for i in roadmap.items), incomplete) if roadmap else []


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    """Area ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return _offer(roadmap.areas, incomplete) if roadmap else []


def complete_owner(ctx: typer.Context, incomplete: str) -> list[str]:
    """Owner ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return _offer(roadmap.owners, incomplete) if roadmap else []


def complete_milestone(ctx: typer.Context, incomplete: str) -> list[str]:
    """Milestone ids for shell completion."""
    roadmap = _completion_roadmap(ctx)
    return _offer(roadmap.milestones, incomplete) if roadmap else []


# --- lookups with "did you mean" --------------------------------------------------------


__all__ = [
    "complete_area",
    "complete_item",
    "complete_milestone",
    "complete_owner",
    "require",
    "require_item",
]
