"""Typer options built from the one option table (ewg.commands.options)."""

from __future__ import annotations

from typing import Any

import typer

from ewg.commands.options import find


def option(command: str, dest: str, default: Any = None, **extra: Any) -> Any:
    """The Typer option of `command` that fills `dest`, as the table declares it."""
    declared = find(command, dest)
    if declared.metavar is not None:
        extra.setdefault("metavar", declared.metavar)
    return typer.Option(default, *declared.flags, help=declared.help, **extra)


def commit_option() -> Any:
    """--commit, as every command that writes declares it."""
    return option("done", "commit", False)
