"""Scripted clones for the history tests: a bare remote, and members who clone, run ewg,
commit, pull (merging or rebasing) and push, each under their own name, on a fixed clock.

Every member's commits have fixed author and committer dates (one day apart), and the
remote is named by a relative path, so the commit ids (and the golden files) never change.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.history_data import HEAD, item, roadmap

START = 1_767_258_000  # 2026-01-01T09:00:00Z


class Team:
    """A bare remote and the members' clones; one clock for all of them."""

    def __init__(
        self, root: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Any], pull: str
    ) -> None:
        self.root, self.monkeypatch, self.invoke = root, monkeypatch, invoke
        self.pull_mode = pull  # "merge" or "rebase": how `git pull` brings others' work in
        self.clock = START
        root.mkdir(parents=True, exist_ok=True)
        config = root / "gitconfig"
        config.write_text("[user]\n\tname = Nobody\n\temail = nobody@example.org\n")
        for var, value in {
            "GIT_CONFIG_GLOBAL": str(config),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        }.items():
            monkeypatch.setenv(var, value)
        run(["git", "init", "-q", "--bare", "-b", "main", "remote.git"], root)

    def member(self, name: str, email: str) -> Member:
        """A new clone of the remote, set up for ewg's merge driver."""
        member = Member(self, name, email)
        member.git("clone", "-q", "remote.git", member.folder, cwd=self.root)
        member.git("remote", "set-url", "origin", "../remote.git")
        member.git("config", "pull.rebase", "false")
        if (member.path / ".gitattributes").exists():
            member.ewg(*self.setup())
        return member

    def setup(self, *more: str) -> list[str]:
        """`ewg git setup` as this team runs it: with --pull-rebase when pulls rebase."""
        return ["git", "setup", *more, *(["--pull-rebase"] if self.pull_mode == "rebase" else [])]

    def tick(self) -> str:
        """Move the clock a day on; the new time, as git reads it."""
        self.clock += 86_400
        return f"@{self.clock} +0000"


class Member:
    """One person's clone."""

    def __init__(self, team: Team, name: str, email: str) -> None:
        self.team, self.name, self.email = team, name, email
        self.folder = name.lower()
        self.path = team.root / self.folder

    def _env(self) -> None:
        stamp = self.team.tick()
        for var, value in {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }.items():
            self.team.monkeypatch.setenv(var, value)

    def git(self, *args: str, cwd: Path | None = None, check: bool = True) -> str:
        """Run git as this member, a day after the last action; its stdout."""
        self._env()
        return run(["git", *args], cwd or self.path, check)

    def ewg(self, *args: str, code: int = 0) -> Any:
        """Run ewg in this clone as the member would; its result."""
        self._env()
        self.team.monkeypatch.chdir(self.path)
        result = self.team.invoke(*args)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    def write(self, text: str, message: str) -> str:
        """Replace the roadmap and commit it; the commit id."""
        (self.path / "roadmap.toml").write_text(text, encoding="utf-8")
        self.git("add", "roadmap.toml")
        self.git("commit", "-q", "-m", message)
        return self.head()

    def head(self) -> str:
        """The commit HEAD names."""
        return run(["git", "rev-parse", "HEAD"], self.path).strip()

    def pull(self) -> None:
        """`git pull` in the team's mode (the merge driver merges roadmap.toml)."""
        self.git("pull", "-q", "--no-edit")

    def push(self) -> None:
        self.git("push", "-q", "origin", "HEAD")


def run(args: list[str], cwd: Path, check: bool = True) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


def start(team: Team) -> Member:
    """The coordinator's clone with the first roadmap (GOV-1…GOV-5), set up and pushed."""
    coordinator = team.member("Coordinator", "coord@example.org")
    items = [
        item(f"GOV-{n}", f"Governance task {n}", "governance", owners=["sre"], created=_day(0))
        for n in range(1, 6)
    ]
    coordinator.write(roadmap(*items, head=HEAD), "Start the roadmap")
    coordinator.ewg(*team.setup("--commit"))
    coordinator.push()
    return coordinator


def _day(n: int) -> Any:
    import datetime as dt

    return dt.date(2026, 1, 1) + dt.timedelta(days=n)
