"""The options of the hot commands, declared once and without Typer.

The Typer commands are built from this table (ewg.cli.options.option), and the
quick path (ewg.cli.quick) parses with it, so the two cannot drift apart. An
option the quick path does not handle itself (`quick=False`) sends the request
to the Typer app.
"""

from __future__ import annotations


class Option:
    """One option: its flags, where its value goes, its help, and whether the quick path takes it."""

    __slots__ = ("choices", "dest", "flags", "help", "metavar", "quick")

    def __init__(
        self,
        dest: str,
        flags: tuple[str, ...],
        help: str,
        metavar: str | None = None,
        choices: tuple[str, ...] = (),
        quick: bool = True,
    ) -> None:
        self.dest, self.flags, self.help, self.metavar = dest, flags, help, metavar
        self.choices, self.quick = choices, quick


HISTORY_FORMATS = ("table", "markdown", "json")
STATUS_FORMATS = ("table", "json", "markdown")

_COMMIT = Option("commit", ("--commit",), "Record the change as a git commit.", quick=False)

GLOBAL: tuple[Option, ...] = (
    Option(
        "file",
        ("--file", "-f"),
        "The roadmap file (default: $EWG_FILE, else the nearest roadmap.toml).",
    ),
    Option(
        "lang",
        ("--lang",),
        "Language of the output (default: $EWG_LANG, else the locale).",
        choices=("en", "es"),
    ),
)

COMMANDS: dict[str, tuple[Option, ...]] = {
    "changelog": (
        Option(
            "since",
            ("--since",),
            "Changes after revision REV, from DATE (YYYY-MM-DD) on, or from the day of the"
            " latest meeting the file records on.",
            "REV|DATE|last-meeting",
        ),
        Option(
            "until",
            ("--until",),
            "Changes up to revision REV, or up to the end of DATE (default: HEAD).",
            "REV|DATE",
        ),
        Option("area", ("--area", "-a"), "Only items of this area."),
        Option("owner", ("--owner", "-o"), "Only items this owner has or had."),
        Option("item", ("--item", "-i"), "Only this item."),
        Option("format", ("--format",), "Output format.", choices=HISTORY_FORMATS),
    ),
    "history": (Option("format", ("--format",), "Output format.", choices=HISTORY_FORMATS),),
    "status": (
        Option("area", ("--area", "-a"), "Only this area."),
        Option(
            "as_of",
            ("--as-of",),
            "The status as it stood at the end of DATE (YYYY-MM-DD) or at revision REV, from git.",
            "DATE|REV",
            quick=False,
        ),
        Option("format", ("--format",), "Output format.", choices=STATUS_FORMATS),
    ),
    "start": (_COMMIT,),
    "done": (_COMMIT,),
    "block": (Option("reason", ("--reason", "-r"), "Why it is blocked."), _COMMIT),
    "drop": (Option("reason", ("--reason", "-r"), "Why it is dropped."), _COMMIT),
}

# How many arguments each command takes (the item id, for most).
ARGUMENTS = {
    "changelog": 0,
    "history": 1,
    "status": 0,
    "start": 1,
    "done": 1,
    "block": 1,
    "drop": 1,
}

# The status each status command moves an item to.
STATUS_OF = {"start": "in_progress", "done": "done", "block": "blocked", "drop": "dropped"}


def find(command: str, dest: str) -> Option:
    """The option of `command` (or a global one) that fills `dest`."""
    for option in (*COMMANDS.get(command, ()), *GLOBAL):
        if option.dest == dest:
            return option
    raise KeyError(f"{command} has no option {dest}")
