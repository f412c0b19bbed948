"""Terminal tables at 40, 80, 120 and 200 columns, in English and Spanish, as a user sees them.

Each command runs on a real pseudo-terminal of the given width with a real
repository whose history renames an item to a long non-ASCII title and
blocks another with a long Spanish reason. A table never exceeds the width
and never cuts a value: the long column (title, change, reason) wraps, and
names that must be told apart stay whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.test_output_env import _env, _on_terminal

WIDTHS = (40, 80, 120, 200)
LANGS = ("en", "es")
RENAMED = "Pilot testing of EV components at plants in Mexico — a very long renamed title with ñandú, Ünïcödé and 会议 words"
RENAMED_ES = "Pruebas piloto de componentes en plantas de México — un título renombrado muy largo con ñandú, Ünïcödé y 会议"
REASON = "Esperando la publicación de los lineamientos presupuestales de la Secretaría de Hacienda y Crédito Público"
COMMANDS = {
    "status": ("status",),
    "list": ("list", "--all"),
    "changelog": ("changelog",),
    "history": ("history", "INN-3"),
}


def _git(repo: Path, *args: str) -> None:
    env = _env(
        GIT_AUTHOR_NAME="Lucía Hernández Ortiz (Secretaría de Relaciones Exteriores)",
        GIT_AUTHOR_EMAIL="lucia@sre.example",
        GIT_COMMITTER_NAME="Ana Ruiz",
        GIT_COMMITTER_EMAIL="ana@sre.example",
        GIT_AUTHOR_DATE="2026-11-02T10:00:00+00:00",
        GIT_COMMITTER_DATE="2026-11-02T10:00:00+00:00",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _ewg(repo: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ewg", *args], cwd=repo, env=_env(), capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables")
    shutil.copyfile(ROOT / "roadmap.toml", path / "roadmap.toml")
    _git(path, "init", "-q", "-b", "main")
    _git(path, "add", "roadmap.toml")
    _git(path, "commit", "-q", "-m", "Roadmap")
    _ewg(path, "set", "INN-3", "--title", RENAMED, "--title-es", RENAMED_ES)
    _ewg(path, "block", "INN-2", "--reason", REASON)
    _git(path, "commit", "-q", "-a", "-m", "Rename INN-3, block INN-2")
    return path


def _show(repo: Path, command: str, columns: int, lang: str) -> str:
    shown = _on_terminal(repo, "--no-color", "--lang", lang, *COMMANDS[command], columns=columns)
    shown = shown.replace("\x1b[?25l", "").replace("\x1b[?25h", "").replace("\x1b[2K", "")
    assert "Traceback" not in shown
    return shown


def _last_column(shown: str, header: str) -> list[str]:
    """The rows' values of the last column, its wrapped lines joined without spaces."""
    lines = shown.splitlines()
    top = next(n for n, line in enumerate(lines) if line.rstrip().endswith(header))
    at = lines[top].rindex(header)
    rows: list[str] = []
    for line in lines[top + 1 :]:
        if not line.strip():
            break
        if line[0] != " ":
            rows.append("")
        if rows:
            rows[-1] += line[at:].replace(" ", "")
    return rows


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_table_never_exceeds_the_terminal_and_cuts_nothing(
    repo: Path, command: str, columns: int, lang: str
) -> None:
    from ewg.render.text import cell_width

    shown = _show(repo, command, columns, lang)
    too_wide = [line for line in shown.splitlines() if cell_width(line) > columns]
    assert not too_wide, "\n".join(too_wide)
    assert "…" not in shown
    if columns >= 80:  # narrower, a five-column changelog splits even ids over lines
        assert ("INN-2" if command == "status" else "INN-3") in shown


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_list_wraps_a_long_title_whole(repo: Path, columns: int, lang: str) -> None:
    shown = _show(repo, "list", columns, lang)
    title = RENAMED if lang == "en" else RENAMED_ES
    titles = _last_column(shown, "Title" if lang == "en" else "Título")
    assert title.replace(" ", "") in titles
    if columns >= 80:  # words are only split where a column is narrower than a word
        assert all(word in shown for word in title.split(" "))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_history_shows_the_renamed_title_whole(repo: Path, columns: int, lang: str) -> None:
    shown = _show(repo, "history", columns, lang)
    changes = _last_column(shown, "Change" if lang == "en" else "Cambio")
    for title in (RENAMED, RENAMED_ES):
        assert any(title.replace(" ", "") in change for change in changes), changes


@pytest.mark.parametrize("columns", (80, 120))
def test_the_changelog_gives_its_width_to_the_change_not_the_author(
    repo: Path, columns: int
) -> None:
    shown = _show(repo, "changelog", columns, "en")
    assert "Lucía Hernández Ortiz (Secretaría de Relaciones Exteriores)" not in shown
    changes = _last_column(shown, "Change")
    assert "status:inprogress→blocked" in changes  # whole, wrapped at most
    assert any(REASON.replace(" ", "") in change for change in changes)


@pytest.mark.parametrize("columns", (80, 120, 200))
def test_status_keeps_spanish_areas_whole_and_distinct(repo: Path, columns: int) -> None:
    shown = _show(repo, "status", columns, "es")
    assert "Desarrollo de proveedores" in shown
    assert "Desarrollo de infraestructura" in shown
    assert "Desarrol…" not in shown


def test_status_drops_the_bars_before_it_wraps_a_name(repo: Path) -> None:
    wide = _show(repo, "status", 120, "en")
    narrow = _show(repo, "status", 66, "en")

    def bar(shown: str) -> int:
        line = next(line for line in shown.splitlines() if line.startswith("Infrastructure"))
        return line.count("█") + line.count("░")

    assert bar(wide) == 20 and bar(narrow) < 20  # the bar gave up its width
    assert "Infrastructure development" in narrow  # the name did not


def test_status_wraps_a_long_reason_in_the_blocked_table(repo: Path) -> None:
    shown = _show(repo, "status", 80, "es")
    assert all(word in shown for word in REASON.split(" "))


@pytest.mark.parametrize("lang", LANGS)
def test_a_pipe_gets_whole_rows_whatever_columns_says(repo: Path, lang: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ewg", "--lang", lang, "list", "--all"],
        cwd=repo,
        env=_env(COLUMNS="20"),
        capture_output=True,
        check=True,
    )
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 26  # the header and one line per item
    assert any(line.endswith(RENAMED if lang == "en" else RENAMED_ES) for line in lines)


def test_columns_sets_the_width_on_a_terminal(repo: Path) -> None:
    from ewg.render.text import cell_width

    shown = _on_terminal(repo, "--no-color", "list", columns=200, COLUMNS="30")
    assert max(cell_width(line) for line in shown.splitlines()) <= 30
