"""A quick path for the hot commands, without Typer.

Importing Typer and building the app costs 35–90 ms: more than git-cliff takes
to answer a changelog, and a third of what Taskwarrior takes for a summary.
These requests are answered here when every argument is one this parser
knows for sure: `ewg changelog … --format json`, `ewg history ID --format
json`, `ewg status [--area A] [--format F]`, and `ewg start|done ID`,
`ewg block|drop ID --reason R`. They run the same code as their Typer
commands (ewg.cli.changes, ewg.cli.actions). Anything else (help,
completion, another format, an unknown or repeated option, --commit, stderr
at a terminal for the history commands, where the app shows a progress bar)
and any failure goes to the Typer app, which redoes the request and reports
in the usual words: this path only ever completes a successful request.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

_GLOBAL = {"--file": "file", "-f": "file", "--lang": "lang"}
_OPTIONS: dict[str, dict[str, str]] = {
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
    "status": {"--area": "area", "-a": "area", "--format": "format"},
    "start": {},
    "done": {},
    "block": {"--reason": "reason", "-r": "reason"},
    "drop": {"--reason": "reason", "-r": "reason"},
}
_ARGUMENTS = {
    "changelog": 0,
    "history": 1,
    "status": 0,
    "start": 1,
    "done": 1,
    "block": 1,
    "drop": 1,
}
_HISTORY = ("changelog", "history")


def _acceptable(command: str, values: dict[str, str]) -> bool:
    """Whether this path answers the request exactly as the app would."""
    if command in _HISTORY:
        return values.get("format") == "json"
    if command == "status":
        return values.get("format", "table") in ("table", "json", "markdown")
    if command in ("block", "drop"):
        return bool(values.get("reason", "").strip())
    return True


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
    if command is None or not _acceptable(command, values):
        return None
    if len(args) != _ARGUMENTS[command]:
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
    parsed = parse(argv)
    if parsed is None:
        return None
    command, values, args = parsed
    if command in _HISTORY and sys.stderr.isatty():
        return None  # a person is watching: the app shows a progress bar on long scans
    if values.get("lang", "en") not in ("en", "es"):
        return None
    file = _find(values.get("file"))
    if file is None:
        return None
    from ewg.errors import EwgError
    from ewg.i18n import resolve_language, set_language

    set_language(resolve_language(values.get("lang")))
    try:
        if command in _HISTORY:
            text, lines = _history(command, values, args, file)
        else:
            text, lines = _roadmap(command, values, args, file, argv)
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


def _history(
    command: str, values: dict[str, str], args: list[str], file: Path
) -> tuple[str, list[str]]:
    from ewg.cli import changes

    if command == "history":
        return changes.history_json(file, args[0])
    return changes.changelog_json(
        file,
        values.get("since"),
        values.get("until"),
        values.get("area"),
        values.get("owner"),
        values.get("item"),
        _date,
    )


def _roadmap(
    command: str, values: dict[str, str], args: list[str], file: Path, argv: list[str]
) -> tuple[str, list[str]]:
    import gc

    from ewg.cli import actions
    from ewg.cli.common import STATE

    gc.disable()  # as the app does: a short run, large graphs, no cycles worth collecting
    from ewg.i18n import language

    STATE.file = file
    STATE.lang = language()
    STATE.color = "--no-color" not in argv and not os.environ.get("NO_COLOR")
    if command == "status":
        return actions.status_text(values.get("format", "table"), values.get("area")), []
    status = {"start": "in_progress", "done": "done", "block": "blocked", "drop": "dropped"}
    actions.change_status(args[0], status[command], values.get("reason"))
    return "", []
