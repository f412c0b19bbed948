"""Speak the user's language in what Typer and Click print: help texts and usage errors.

Click (bundled in Typer as `typer._click`) translates its messages with the
stdlib's global gettext; ewg points those modules at its own catalog, so that
"No such option" or "Usage:" follow `--lang` like every other message. Help
texts are translated in the Click command tree before it prints them.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
from collections.abc import Callable
from typing import Any

from ewg import i18n
from ewg.i18n import N_

# The modules whose `_` and `ngettext` are ewg's (see ewg.locale.extract.THIRD_PARTY).
_MODULES = (
    "typer.core",
    "typer.main",
    "typer._click.core",
    "typer._click.exceptions",
    "typer._click.parser",
    "typer._click.types",
    "typer._click.formatting",
    "typer._click.decorators",
    "typer._click.termui",
    "typer._click.utils",
)
_installed = False

# The Click that Typer bundles writes its usage errors in English without gettext:
# these rules find its sentences in what it would print and put them in the catalog's
# words. Each English msgid reproduces Click's text, so English output is unchanged.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.MULTILINE), msgid)
    for pattern, msgid in (
        (r"^Usage: ", N_("Usage: ")),
        (
            r"^Try '(?P<command>.+) (?P<option>\S+)' for help\.$",
            N_("Try '{command} {option}' for help."),
        ),
        (r"^Error: ", N_("Error: ")),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"\(Possible options: (?P<options>[^)]*)\)", N_("(Possible options: {options})")),
        (r"Did you mean (?P<options>.+)\?$", N_("Did you mean {options}?")),
        (r"Invalid value for (?P<param>.+?): ", N_("Invalid value for {param}: ")),
        (
            r"(?P<value>'.*') is not one of (?P<choices>.+)\.$",
            N_("{value} is not one of {choices}."),
        ),
        (
            r"(?P<value>'.*') is not a valid (?P<type>integer|float|boolean)\.",
            N_("{value} is not a valid {type}."),
        ),
        (
            r"(?P<value>\S+) is not in the range (?P<range>\S+)\.",
            N_("{value} is not in the range {range}."),
        ),
        (r"Missing option (?P<name>.+?)\.", N_("Missing option {name}.")),
        (r"Missing argument (?P<name>.+?)\.", N_("Missing argument {name}.")),
        (r"Missing parameter (?P<name>.+?)\.", N_("Missing parameter {name}.")),
        (r"Choose from:", N_("Choose from:")),
        (
            r"Option (?P<name>'\S+') requires an argument\.",
            N_("Option {name} requires an argument."),
        ),
        (
            r"Option (?P<name>'\S+') does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"Got unexpected extra arguments? \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
    )
)
_TYPE_WORDS = (N_("integer"), N_("float"), N_("boolean"))
# Words Click puts in every help page and usage line.
_HELP_WORDS = (N_("Show this message and exit."), N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


def translate_click_text(text: str) -> str:
    """Click's English messages in `text`, in the language in use."""
    if i18n.language() == "en":
        return text
    for pattern, msgid in _RULES:
        text = pattern.sub(lambda m, msgid=msgid: _fill(msgid, m), text)  # type: ignore[misc]
    return text


def _fill(msgid: str, match: re.Match[str]) -> str:
    values = {k: (i18n._(v) if k == "type" else v) for k, v in match.groupdict().items()}
    return i18n._(msgid).format(**values)


def _show(original: Callable[..., None]) -> Callable[..., None]:
    def show(self: Any, file: Any = None) -> None:
        if i18n.language() == "en":
            original(self, file)
            return
        buffer = io.StringIO()
        original(self, buffer)
        (file or sys.stderr).write(translate_click_text(buffer.getvalue()))

    return show


def _help_option(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None and isinstance(option.help, str):
            option.help = i18n._("Show this message and exit.")
        return option

    return get_help_option


def _write_usage(original: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, i18n._("Usage: ") if prefix is None else prefix)

    return write_usage


def _gettext(message: str) -> str:
    return i18n._(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def install() -> None:
    """Route Typer's and Click's messages through ewg's catalog (once per process)."""
    global _installed
    if _installed:
        return
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # another Typer layout: its messages stay English
            continue
        if callable(getattr(module, "_", None)):
            module._ = _gettext  # type: ignore[attr-defined]
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        from typer._click import exceptions, formatting
    except ImportError:  # pragma: no cover - another Typer layout
        _installed = True
        return
    for cls in (exceptions.ClickException, exceptions.UsageError):
        cls.show = _show(cls.show)  # type: ignore[method-assign]
    formatting.HelpFormatter.write_usage = _write_usage(  # type: ignore[method-assign]
        formatting.HelpFormatter.write_usage
    )
    from typer._click import core

    core.Command.get_help_option = _help_option(  # type: ignore[method-assign]
        core.Command.get_help_option
    )
    _installed = True


# What each parameter's value is, as help shows it: a word of the user's language, not
# Click's `<str>`; a parameter that declares its own (ID, REV…) has it translated too.
_METAVARS = {
    "area": N_("AREA"),
    "as_of": N_("DATE|REV"),
    "attendee": N_("OWNER"),
    "baseline": N_("DATE:VALUE"),
    "clear": N_("FIELD"),
    "command": N_("COMMAND"),
    "date": N_("DATE"),
    "decision": N_("TEXT"),
    "depends": N_("ID"),
    "direction": N_("up|down"),
    "due": N_("DATE"),
    "due_after": N_("DATE"),
    "due_before": N_("DATE"),
    "file": N_("FILE"),
    "fix_decision": N_("N=TEXT"),
    "group": N_("GROUP"),
    "index": N_("N"),
    "item": N_("ID"),
    "key": N_("ID"),
    "link": N_("URL"),
    "milestone": N_("MILESTONE"),
    "name": N_("NAME"),
    "name_es": N_("NAME"),
    "new": N_("NEW_ID"),
    "new_date": N_("DATE"),
    "no_attendee": N_("OWNER"),
    "no_decision": N_("N"),
    "no_item": N_("ID"),
    "note": N_("TEXT"),
    "notes": N_("TEXT"),
    "output": N_("FILE"),
    "owner": N_("OWNER"),
    "prefix": N_("PREFIX"),
    "progress": N_("0-100"),
    "reason": N_("TEXT"),
    "rm_attendee": N_("OWNER"),
    "rm_decision": N_("N"),
    "rm_item": N_("ID"),
    "since": N_("REV|DATE|last-meeting"),
    "sort": N_("FIELD"),
    "source": N_("URL"),
    "start_": N_("DATE"),
    "tag": N_("TAG"),
    "target": N_("DATE:VALUE"),
    "title": N_("TITLE"),
    "title_es": N_("TITLE"),
    "unit": N_("UNIT"),
    "unit_es": N_("UNIT"),
    "value": N_("VALUE"),
    "within": N_("DAYS"),
}
_DECLARED = (
    N_("ID"),
    N_("REV"),
    N_("REV|DATE"),
    N_("[FILE]..."),
    N_("BASE"),
    N_("OURS"),
    N_("THEIRS"),
    N_("PATH"),
)


def _metavar(param: Any) -> str | None:
    """The English metavar of a parameter (None: Click's own, e.g. a list of choices)."""
    if param.name in ("sector", "country") and getattr(param.type, "name", "") != "choice":
        from ewg.terms import COUNTRIES, SECTORS

        return "<" + "|".join(SECTORS if param.name == "sector" else COUNTRIES) + ">"
    if getattr(param.type, "name", "") in ("boolean", "choice"):
        return None if param.metavar is None else str(param.metavar)
    return param.metavar or _METAVARS.get(param.name or "")


def translate_tree(command: Any) -> None:
    """Translate the help texts and metavars of a Click command and everything under it."""
    if getattr(command, "_ewg_lang", None) == i18n.language():
        return
    for param in getattr(command, "params", []):
        if hasattr(param.type, "case_sensitive"):  # --format JSON, --country mx: any case
            param.type.case_sensitive = False
        if not hasattr(param, "_ewg_metavar"):
            param._ewg_metavar = _metavar(param)
        if param._ewg_metavar is not None:
            param.metavar = i18n._(param._ewg_metavar)
    if i18n.language() == "en":
        command._ewg_lang = "en"
        for sub in getattr(command, "commands", {}).values():
            translate_tree(sub)
        return
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text:
            setattr(command, attr, i18n._(text))
    for param in getattr(command, "params", []):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text:
            param.help = i18n._(text)
    for attr, default in (("options_metavar", "[OPTIONS]"), ("subcommand_metavar", None)):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text in (default, "COMMAND [ARGS]..."):
            setattr(command, attr, i18n._(text))
    command._ewg_lang = i18n.language()
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub)
