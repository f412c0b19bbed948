"""The `ewg` application: global options, error handling, and the command modules."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from ewg import __version__
from ewg.cli.common import (
    STATE,
    color,
    note,
    out,
    parse_date,
    read_document,
    roadmap_path,
    today,
)
from ewg.cli.options import option
from ewg.cli.output import OutputError, failed
from ewg.errors import EwgError, ExitCode
from ewg.i18n import _, resolve_language, set_language

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "STATE",
    "app",
    "console",
    "fail",
    "handle_errors",
    "note",
    "out",
    "parse_date",
    "read_document",
    "register",
    "roadmap_path",
    "run",
    "today",
]

F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    """Languages ewg speaks."""

    en = "en"
    es = "es"


app = typer.Typer(
    name="ewg",
    help="The binational roadmap of the Mexico–United States Electric Vehicle Working Group.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain Click help: rendering --help with rich costs more than the whole of
    # `ewg status`; the help text itself is the same.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ewg {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    file: Path | None = option("", "file"),
    lang: Lang | None = option("", "lang"),
    no_color: bool = typer.Option(
        False, "--no-color", help="Plain output without colours (also NO_COLOR)."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """The binational roadmap of the Mexico–United States Electric Vehicle Working Group."""
    STATE.file = file
    STATE.lang = resolve_language(lang.value if lang else None)
    set_language(STATE.lang)
    from ewg.cli import localize

    localize.install()
    localize.translate_tree(ctx.find_root().command)  # before a subcommand prints its help
    STATE.color = not no_color and not os.environ.get("NO_COLOR")


# --- helpers shared by the command modules ---------------------------------------------


def fail(error: EwgError) -> NoReturn:
    """Report an error on stderr and exit with its code."""
    where = ""
    line = getattr(error, "line", None)
    if line is not None:
        where = " " + _("(line {line}, column {col})").format(
            line=line, col=getattr(error, "col", 1)
        )
    lines = [f"{_('error')}: {error.message}{where}"]
    lines += [f"  {getattr(f, 'message', str(f))}" for f in getattr(error, "findings", [])[1:]]
    if error.hint:
        lines.append(f"{_('hint')}: {error.hint}")
    for text in lines:  # made inert; a closed stderr keeps the error's exit code
        note(text)
    raise typer.Exit(int(error.exit_code))


def handle_errors(func: F) -> F:
    """Turn EwgErrors raised by a command into a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EwgError as error:
            fail(error)

    return wrapper  # type: ignore[return-value]


def console(stderr: bool = False) -> Console:
    """A rich console that honours --no-color, NO_COLOR and the terminal width."""
    from rich.console import Console

    return Console(
        file=sys.stderr if stderr else sys.stdout,
        no_color=not color("stderr" if stderr else "stdout"),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


# --- global options anywhere ---------------------------------------------------------------

_GLOBAL_WITH_VALUE = ("--file", "-f", "--lang")
_GLOBAL_FLAGS = ("--no-color",)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options given after the command name to the front, as Click wants."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS or (name in _GLOBAL_WITH_VALUE and "=" in arg):
            front.append(arg)
        elif arg in _GLOBAL_WITH_VALUE and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        elif arg.startswith("-f") and len(arg) > 2 and not arg.startswith("--"):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _language_option(args: list[str]) -> str | None:
    """The value of --lang among the (hoisted) arguments, if it is one ewg speaks."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in Lang.__members__:
            return value
    return None


# The module that defines each command. A run imports only the module of its
# command (Typer would otherwise build every command's options on every run).
COMMANDS: dict[str, str] = {
    "init": "project",
    "schema": "project",
    "add": "items",
    "set": "items",
    "start": "items",
    "done": "items",
    "block": "items",
    "drop": "items",
    "rm": "items",
    "show": "items",
    "list": "items",
    "status": "status",
    "area": "tables",
    "owner": "tables",
    "milestone": "tables",
    "validate": "validate",
    "changelog": "history",
    "history": "history",
    "trend": "history",
    "merge-driver": "git",
    "git": "git",
    "meeting": "meetings",
    "digest": "digest",
    "report": "report",
    "export": "export",
    "indicator": "indicators",
}
_MODULE_ORDER = (
    "project",
    "items",
    "status",
    "tables",
    "validate",
    "history",
    "git",
    "meetings",
    "digest",
    "report",
    "export",
    "indicators",
)
_registered: set[str] = set()


def register(*modules: str) -> typer.Typer:
    """Add the commands of `modules` (default: all) to the app, once each; return it."""
    import importlib

    for name in modules or _MODULE_ORDER:
        if name not in _registered:
            importlib.import_module(f"ewg.cli.{name}").register(app)
            _registered.add(name)
    return app


def _command_of(args: list[str]) -> str | None:
    """The command name in hoisted arguments, if any."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg
    return None


def _from_echo(error: OSError) -> bool:
    """Whether `error` was raised writing Click's own output (help, usage)."""
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "echo" and "_click" in frame.f_globals.get("__name__", ""):
            return True
        tb = tb.tb_next
    return False


def run(argv: list[str] | None = None) -> int:
    """Run ewg on `argv` and return the exit code."""
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    # A run lives well under a second and builds large object graphs that hold no
    # cycles worth collecting: the cyclic GC only slows reads by a third.
    import gc

    gc.disable()
    command = _command_of(args)
    if command in COMMANDS and "_EWG_COMPLETE" not in os.environ:
        register(COMMANDS[command])
    else:
        register()
    # The language is needed before Click parses anything: `ewg --lang es --help` and
    # usage errors print before the callback runs.
    from ewg.cli import localize

    set_language(resolve_language(_language_option(args)))
    localize.install()
    cli = typer.main.get_command(app)
    localize.translate_tree(cli)
    try:
        cli.main(args=args, prog_name="ewg", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except OutputError as error:
        return failed(error.error)
    except OSError as error:
        if not _from_echo(error):
            raise
        # Help or usage text that stdout or stderr did not take. A usage error that
        # could not be shown keeps its own exit code (2).
        code = getattr(error.__context__, "exit_code", None)
        return code if isinstance(code, int) else failed(error)
    except KeyboardInterrupt:
        return 130
    return int(ExitCode.OK)
