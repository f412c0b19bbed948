"""A quick path for the hot commands, without Typer.

Importing Typer and building the app costs 35–90 ms: more than git-cliff takes
to answer a changelog, and a third of what Taskwarrior takes for a summary.
These requests are answered here when every argument is one this parser
knows for sure: `ewg changelog … --format json`, `ewg history ID --format
json`, `ewg status [--area A] [--format F]`, and `ewg start|done ID`,
`ewg block|drop ID --reason R`. They run the same code as their Typer
commands (ewg.cli.changes, ewg.commands) and read their options from the same
table (ewg.commands.options). Anything else (help,
completion, another format, an unknown or repeated option, --commit, stderr
at a terminal for the history commands, where the app shows a progress bar)
and any failure goes to the Typer app, which redoes the request and reports
in the usual words: this path only ever completes a successful request.
"""

from __future__ import annotations

import os
import sys

from ewg.commands.options import ARGUMENTS, COMMANDS, GLOBAL, STATUS_OF

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ewg.commands.options import Option

_HISTORY = ("changelog", "history")


def _flags(options: tuple[Option, ...]) -> dict[str, str]:
    """Flag -> where its value goes, for the options this path takes itself."""
    return {flag: o.dest for o in options if o.quick for flag in o.flags}


_GLOBAL = _flags(GLOBAL)
_OPTIONS = {command: _flags(options) for command, options in COMMANDS.items()}
_CHOICES = {
    (command, o.dest): o.choices
    for command, options in COMMANDS.items()
    for o in options
    if o.choices
}


def _acceptable(command: str, values: dict[str, str]) -> bool:
    """Whether this path answers the request exactly as the app would."""
    for (name, dest), choices in _CHOICES.items():
        if name == command and dest in values and values[dest] not in choices:
            return False
    if command in _HISTORY:
        return values.get("format") == "json"  # the other formats show a progress bar
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
    if len(args) != ARGUMENTS[command]:
        return None
    return command, values, args


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
    from ewg.files import locate

    file = locate(values.get("file"))
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
    from ewg.cli import output

    if command not in _HISTORY and command != "status":
        output.changed()  # start, done, block, drop: the file has changed by now
    try:
        output.out(text)
    except output.OutputError as error:
        return output.failed(error.error)
    for line in lines:
        output.note(line)
    return 0


def _history(
    command: str, values: dict[str, str], args: list[str], file: Path
) -> tuple[str, list[str]]:
    from ewg.cli import changes

    if command == "history":
        return changes.history_json(file, args[0])
    from ewg.commands.dates import parse_date

    return changes.changelog_json(
        file,
        values.get("since"),
        values.get("until"),
        values.get("area"),
        values.get("owner"),
        values.get("item"),
        parse_date,
    )


def _roadmap(
    command: str, values: dict[str, str], args: list[str], file: Path, argv: list[str]
) -> tuple[str, list[str]]:
    import gc

    from ewg.cli.common import STATE, status_text

    gc.disable()  # as the app does: a short run, large graphs, no cycles worth collecting
    from ewg.i18n import language

    STATE.file = file
    STATE.lang = language()
    STATE.color = "--no-color" not in argv and not os.environ.get("NO_COLOR")
    if command == "status":
        return status_text(values.get("format", "table"), values.get("area")), []
    from ewg.commands.items import change_status

    outcome = change_status(file, args[0], STATUS_OF[command], values.get("reason"))
    return outcome.output, outcome.messages
