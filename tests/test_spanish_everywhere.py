"""Every output of every command in `--lang es` is Spanish outside the file's data: help,
errors, tables, Markdown, HTML, CSV and the calendar (the check of tests/test_i18n.py, run
over all of them). English inside the Spanish HTML page is marked lang="en"."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ewg.model import ITEM_KEYS, MEETING_KEYS, MILESTONE_KEYS, OWNER_KEYS
from tests.conftest import Invoke
from tests.test_i18n import FIXED_FORMAT, _bundled, english_in


def _commands() -> list[tuple[str, ...]]:
    """Every command and group of the CLI, as the words that name it."""
    import typer

    from ewg.cli.app import register

    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(register()), ())
    return found


KEYS = re.compile(
    r"\b(" + "|".join(sorted({*ITEM_KEYS, *OWNER_KEYS, *MILESTONE_KEYS, *MEETING_KEYS})) + r")\b"
)
# CSV and JSON are data for programs: they keep the file's keys and values in any
# language (docs/i18n.md); what they say to people (errors) is checked here.
RUNS = [
    ("export", "--format", "csv", "-o", "/nonexistent/dir/x.csv"),
    ("export", "--format", "ical"),
    ("export", "--format", "mermaid"),
    ("show", "INN-9"),
    ("list", "--area", "nowhere"),
    ("list", "--format", "xml"),
    ("set", "INN-1", "--progress", "120"),
    ("changelog",),
    ("trend",),
    ("history", "INN-1"),
]


def _check(result_text: str) -> set[str]:
    text = re.sub(r"\S*/\S*", " ", result_text)  # paths are the user's
    text = re.sub(r"'[^']*'", " ", text)  # what the user typed, choices, a command to run
    text = re.sub(r"^Uso: .*$", " ", text, flags=re.MULTILINE)  # the command as typed
    text = re.sub(r"\b[a-z]+_\w+", " ", text)  # identifiers
    return english_in(FIXED_FORMAT.sub(" ", text), _bundled())


# Mermaid's own words, which its syntax needs as they are.
MERMAID = re.compile(r"\b(gantt|dateFormat|YYYY-MM-DD|section|milestone|done|active|crit)\b")


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "ewg")
def test_spanish_help_has_no_english(
    roadmap: Path, invoke: Invoke, command: tuple[str, ...]
) -> None:
    if command:
        result = invoke("--lang", "es", *command, "--help")
        assert result.exit_code == 0, result.stderr
        text = result.stdout
    else:  # the root's help prints before any callback: as a user runs it
        env = {k: v for k, v in os.environ.items() if not k.startswith("EWG_")}
        text = subprocess.run(
            [sys.executable, "-m", "ewg", "--lang", "es", "--help"],
            capture_output=True, text=True, check=True, env=env, cwd=roadmap.parent,
        ).stdout  # fmt: skip
    for metavar in ("<str>", "<path>", "<int range>", "<int>", "[FILE]", "DATE|REV", "TEXT"):
        assert not re.search(rf"(?<!\w){re.escape(metavar)}(?!\w)", text), metavar
    # What the user types stays as typed: option flags, choices, defaults, command names
    # (the usage line and the first word of each line under "Comandos:"), the file's keys.
    text = re.sub(r"(?<![\w-])--?[\w-]+", " ", text)
    text = re.sub(r"<[^>]*>|\[por omisión: [^\]]*\]", " ", text)
    text = re.sub(r"^Uso: .*$", " ", text, flags=re.MULTILINE)
    commands = text.split("Comandos:", 1)
    if len(commands) == 2:
        text = commands[0] + re.sub(r"^  \S+", " ", commands[1], flags=re.MULTILINE)
    text = KEYS.sub(" ", text)
    assert not _check(text), _check(text)


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_spanish_outputs_and_errors_have_no_english(
    roadmap: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    result = invoke("--lang", "es", *args)
    text = result.stdout + result.stderr
    if args[-1] == "ical":  # property names and the product id are the format's
        lines = re.sub(r"\r?\n ", "", text).splitlines()
        text = "\n".join(v.partition(":")[2] for v in lines if not v.startswith(("PRODID", "UID")))
    if args[-1] == "mermaid":
        text = MERMAID.sub(" ", text)
    assert not _check(KEYS.sub(" ", text)), _check(KEYS.sub(" ", text))


def test_english_inside_the_spanish_page_is_marked(roadmap: Path, invoke: Invoke) -> None:
    text = roadmap.read_text(encoding="utf-8")
    text = text.replace('title_es = "Estudiar camiones pesados', 'x_title_es = "', 1)
    text = text.replace('reason_es = "En espera de los datos', 'x_reason_es = "', 1)
    roadmap.write_text(text.replace("x_title_es = ", "# ").replace("x_reason_es = ", "# "), "utf-8")
    page = invoke("--lang", "es", "report", "--format", "html").stdout
    assert '<html lang="es">' in page
    title = "Study zero-emission heavy trucks at the busiest border crossings"
    reason = "Waiting for cross-border freight traffic data that has not been shared yet."
    for english in (title, reason):
        assert f'<span lang="en">{html.escape(english)}</span>' in page, english
    assert page.count('lang="en"') == page.count(f'<span lang="en">{html.escape(title)}') + 1
    english = invoke("report", "--format", "html").stdout
    assert '<span lang="en">' not in english  # an English page needs no marks
