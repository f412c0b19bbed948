"""A quick path for the JSON history requests of scripts and CI, without Typer.

Importing Typer and building the app costs about 90 ms, more than git-cliff
takes to answer (`ewg changelog --format json` on a warm cache needs ~50 ms of
its own). `ewg changelog … --format json` and `ewg history ID --format json`
are answered here when every argument is one this parser knows for sure.
Anything else (help, completion, another format, an unknown or repeated
option, stderr at a terminal, where the app shows a progress bar) and any
failure goes to the Typer app, which redoes the request and
reports in the usual words: this path only ever prints a successful answer.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

_GLOBAL = {"--file": "file", "-f": "file", "--lang": "lang"}
_OPTIONS = {
    "changelog": {
        "--since": "since",
        "--until": "until",
        "--area": "area",
        "-a": "area",
        "--owner": "owner",
        "-o": "owner",
        "--item": "item",
        "-i": "item",
        "--format": "format",
    },
    "history": {"--format": "format"},
}


def parse(argv: list[str]) -> tuple[str, dict[str, str], list[str]] | None:
    """The command, its options and arguments; None for anything this path does not take."""
    command: str | None = None
    values: dict[str, str] = {}
    args: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        if token == "--no-color":
            i += 1
            continue
        known = {**_GLOBAL, **(_OPTIONS.get(command, {}) if command else {})}
        if (name in known and name.startswith("--")) or token in known:
            if eq and name.startswith("--"):
                value = inline
            elif i + 1 < len(argv):
                value = argv[i + 1]
                i += 1
            else:
                return None
            key = known[name if eq else token]
            if key in values or not value or value.startswith("-"):
                return None  # repeated, empty, or what click might read otherwise
            values[key] = value
        elif token.startswith("-"):
            return None
        elif command is None:
            if token not in _OPTIONS:
                return None
            command = token
        else:
            args.append(token)
        i += 1
    if command is None or values.get("format") != "json":
        return None
    if len(args) != (1 if command == "history" else 0):
        return None
    return command, values, args


def _find(explicit: str | None) -> Path | None:
    """The roadmap file as `ewg.store.find` finds it (without importing the store); None if none.

    Kept in step with `find` by tests/test_history_cli.py.
    """
    if explicit:
        return Path(explicit)
    env = os.environ.get("EWG_FILE")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "roadmap.toml").is_file():
            return folder / "roadmap.toml"
    return None


def _date(text: str, option: str) -> dt.date:
    return dt.date.fromisoformat(text)  # ValueError: the full path reports it


def quick(argv: list[str]) -> int | None:
    """Answer the request and return 0, or None to hand it to the Typer app."""
    if any(var.endswith("_COMPLETE") for var in os.environ if var.startswith("_EWG")):
        return None
    if sys.stderr.isatty():
        return None  # a person is watching: the app shows a progress bar on long scans
    parsed = parse(argv)
    if parsed is None:
        return None
    command, values, args = parsed
    if values.get("lang", "en") not in ("en", "es"):
        return None
    file = _find(values.get("file"))
    if file is None:
        return None
    from ewg.cli import changes
    from ewg.errors import EwgError
    from ewg.i18n import resolve_language, set_language

    set_language(resolve_language(values.get("lang")))
    try:
        if command == "history":
            text, lines = changes.history_json(file, args[0])
        else:
            text, lines = changes.changelog_json(
                file,
                values.get("since"),
                values.get("until"),
                values.get("area"),
                values.get("owner"),
                values.get("item"),
                _date,
            )
    except (EwgError, ValueError):
        return None
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head` and the like: stop quietly, as the app does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if lines:
        from ewg.render.escape import terminal

        for line in lines:
            sys.stderr.write(terminal(line) + "\n")
    return 0
