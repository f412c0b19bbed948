"""The docs stay true: every command and option is documented, and nothing documented is gone."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from ewg.cli.app import COMMANDS, register
from ewg.model import AREA_KEYS, ITEM_KEYS, MEETING_KEYS, MILESTONE_KEYS, OWNER_KEYS, ROADMAP_KEYS
from tests.helpers import ROOT

DOCS = ROOT / "docs"


def commands() -> dict[str, Any]:
    """Every leaf command by its path, e.g. 'owner add'."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "commands"):  # a group (typer bundles its own Click)
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            found[path] = command

    walk(typer.main.get_command(register()), "")
    return found


def sections() -> dict[str, str]:
    """Each `## ewg …` section of docs/commands/, by command path."""
    out: dict[str, str] = {}
    for page in sorted((DOCS / "commands").glob("*.md")):
        parts = re.split(r"^## ewg (.+)$", page.read_text(encoding="utf-8"), flags=re.M)
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            out[name.strip()] = body
    return out


def options(command: Any) -> set[str]:
    """The long option names of a command, without --help."""
    return {o for p in command.params for o in p.opts if o.startswith("--") and o != "--help"}


@pytest.mark.parametrize("path", sorted(commands()))
def test_every_command_and_option_is_documented(path: str) -> None:
    documented = sections()
    assert path in documented, f"docs/commands/ has no '## ewg {path}' section"
    missing = [o for o in sorted(options(commands()[path])) if f"`{o}" not in documented[path]]
    assert not missing, f"ewg {path}: options not documented: {missing}"


def test_nothing_documented_is_gone() -> None:
    known = commands()
    for path, body in sections().items():
        assert path in known, f"docs document 'ewg {path}', which does not exist"
        table_options = set(re.findall(r"^\| `(--[a-z-]+)", body, flags=re.M))
        table_options |= set(re.findall(r"^\| `--[a-z-]+`, `(--[a-z-]+)", body, flags=re.M))
        gone = table_options - options(known[path])
        assert not gone, f"ewg {path}: documented options that do not exist: {gone}"


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("## [roadmap]", ROADMAP_KEYS),
        ("## [areas.ID]", AREA_KEYS),
        ("## [owners.ID]", OWNER_KEYS),
        ("## [milestones.ID]", MILESTONE_KEYS),
        ("## [[items]]", ITEM_KEYS),
        ("## [[meetings]]", MEETING_KEYS),
    ],
)
def test_the_format_reference_documents_every_key(heading: str, keys: tuple[str, ...]) -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    assert heading in text
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)`", section, flags=re.M))
    assert documented == set(keys)


def test_the_readme_quickstart_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "pip install '.[test]' && pytest"
    assert test_command in readme and test_command in ci
    assert "pip install . && ewg status" in readme


def test_every_command_says_which_module_defines_it() -> None:
    top = {path.split()[0] for path in commands()}
    assert top == set(COMMANDS)
