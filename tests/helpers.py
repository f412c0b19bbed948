"""Helpers for tests: real git repositories with fixed authors and dates."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


class GitRepo:
    """A real repository in tmp_path whose commits have fixed authors and dates."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.clock = 1_700_000_000  # 2023-11-14T22:13:20Z; each commit moves it on a day
        path.mkdir(parents=True, exist_ok=True)
        for var, value in {
            "GIT_AUTHOR_NAME": "Ana Ruiz",
            "GIT_AUTHOR_EMAIL": "ana@sre.example",
            "GIT_COMMITTER_NAME": "Ana Ruiz",
            "GIT_COMMITTER_EMAIL": "ana@sre.example",
            "GIT_CONFIG_GLOBAL": str(path.parent / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }.items():
            monkeypatch.setenv(var, value)
        self.monkeypatch = monkeypatch
        (path.parent / "gitconfig").write_text(
            "[user]\n\tname = Ana Ruiz\n\temail = ana@sre.example\n"
        )
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, check: bool = True) -> str:
        """Run git in the repository and return its stdout."""
        done = subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def tick(self, author: str | None = None) -> None:
        """Move the clock a day on, and optionally change the author."""
        self.clock += 86_400
        stamp = f"@{self.clock} +0000"
        self.monkeypatch.setenv("GIT_AUTHOR_DATE", stamp)
        self.monkeypatch.setenv("GIT_COMMITTER_DATE", stamp)
        if author:
            self.monkeypatch.setenv("GIT_AUTHOR_NAME", author)

    def commit_file(self, name: str, text: str, message: str, author: str | None = None) -> str:
        """Write a file, commit it, and return the commit id."""
        (self.path / name).write_text(text, encoding="utf-8")
        self.tick(author)
        self.git("add", "--", name)
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def compare_golden(path: Path, text: str) -> None:
    """Compare `text` with the golden file at `path` (or write it, with EWG_UPDATE_GOLDEN=1)."""
    import os

    if os.environ.get("EWG_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with EWG_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def written_by(
    invoke: Callable[..., Any], base: str, folder: Path, *commands: tuple[str, ...]
) -> str:
    """The text ewg writes from `base` (as roadmap.toml in a new `folder`) after these
    commands, each run as a user runs it: one side of a merge, made by ewg itself."""
    path = folder / "roadmap.toml"
    path.parent.mkdir(parents=True)
    path.write_text(base, encoding="utf-8")
    for args in commands:
        result = invoke("--file", str(path), *args)
        assert result.exit_code == 0, result.stderr
    return path.read_text(encoding="utf-8")
