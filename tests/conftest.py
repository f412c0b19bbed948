"""Fixtures shared by the test modules: a clean environment, the CLI, real git repositories."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.helpers import ROOT, GitRepo

TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test runs with a private cache, a fixed date, no colour and a fixed width."""
    monkeypatch.setenv("EWG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("EWG_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    for var in ("EWG_FILE", "EWG_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "EWG_NO_CACHE"):
        monkeypatch.delenv(var, raising=False)
    from ewg.i18n import set_language

    set_language("en")


@pytest.fixture
def roadmap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled roadmap.toml in a fresh folder, which is the working directory."""
    path = tmp_path / "roadmap.toml"
    shutil.copyfile(ROOT / "roadmap.toml", path)
    monkeypatch.chdir(tmp_path)
    return path


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run ewg as a user would (global options anywhere), stdout and stderr apart."""
    import typer.testing

    from ewg.cli.app import hoist_global_options, register

    app = register()
    # Typer's CliRunner builds the Click command again on every call (about 25 ms);
    # the app does not change during a run, so build it once.
    if not hasattr(typer.testing, "_ewg_built"):
        built = typer.main.get_command(app)
        typer.testing._ewg_built = built  # type: ignore[attr-defined]
        typer.testing._get_command = lambda _app: built  # type: ignore[assignment]

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, hoist_global_options(list(args)), input=input)

    return run


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty git repository with a fixed author and clock, as the working directory."""
    repo = GitRepo(tmp_path / "repo", monkeypatch)
    monkeypatch.chdir(repo.path)
    return repo
