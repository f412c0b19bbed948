"""Typer options built from the one option table (ewg.commands.options)."""

from __future__ import annotations

from typing import Any

import typer

from ewg.commands.options import find
from ewg.i18n import _


def option(command: str, dest: str, default: Any = None, **extra: Any) -> Any:
    """The Typer option of `command` that fills `dest`, as the table declares it."""
    declared = find(command, dest)
    if declared.metavar is not None:
        extra.setdefault("metavar", declared.metavar)
    return typer.Option(default, *declared.flags, help=declared.help, **extra)


def commit_option() -> Any:
    """--commit, as every command that writes declares it."""
    return option("done", "commit", False)


def excel_option() -> Any:
    """--excel, as `export` and `list` declare it."""
    return typer.Option(
        False,
        "--excel",
        help="CSV for Excel: starts with a UTF-8 byte order mark, so accents read right.",
    )


def excel_mark(excel: bool, csv: bool) -> str:
    """What --excel puts before CSV: a UTF-8 byte order mark, so that Excel reads the accents
    right ("" without --excel); UsageError with a format other than CSV."""
    if not excel:
        return ""
    if not csv:
        from ewg.errors import UsageError

        raise UsageError(_("--excel is for CSV; use it with --format csv"))
    return "\ufeff"
