"""The git gateway: ewg.repo alone starts git, always under one environment policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ewg import repo
from ewg.errors import GitError
from tests.helpers import ROOT, GitRepo

_STARTS_GIT = re.compile(
    r"^\s*(import (subprocess|git)\b|from (subprocess|git) import)|subprocess\.|\bPopen\b|"
    r"os\.(system|popen|exec|spawn)",
    re.M,
)


def test_no_module_but_the_gateway_starts_git_or_imports_gitpython() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "ewg").rglob("*.py"))
        if path != ROOT / "ewg" / "repo.py" and _STARTS_GIT.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def _env_seen_by_git(git_repo: GitRepo) -> dict[str, str]:
    git_repo.git("config", "alias.env", "!env")
    out = repo.run_git(["env"], cwd=git_repo.path)
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def test_every_call_carries_the_policy(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    monkeypatch.setenv("GIT_LITERAL_PATHSPECS", "0")
    seen = _env_seen_by_git(git_repo)
    assert {k: seen.get(k) for k in repo.POLICY} == repo.POLICY
    assert "LANGUAGE" not in seen


def test_commit_takes_the_path_literally(git_repo: GitRepo) -> None:
    """A roadmap named like a glob commits itself alone, not the files the glob matches."""
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    git_repo.commit_file("plan*.toml", text, "start")
    git_repo.commit_file("plan-notes.toml", "a = 1\n", "notes")
    (git_repo.path / "plan-notes.toml").write_text("a = 2\n")
    path = git_repo.path / "plan*.toml"
    path.write_text(text.replace('"in_progress"', '"blocked"', 1), encoding="utf-8")
    commit = repo.commit(path, "roadmap: block")
    changed = git_repo.git("show", "--name-only", "--format=", commit).split()
    assert changed == ["plan*.toml"]
    assert git_repo.git("status", "--porcelain").split() == ["M", "plan-notes.toml"]


def test_a_failed_commit_reports_gits_words(git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", "x = 1\n", "start")
    hook = git_repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the hook' >&2\nexit 1\n")
    hook.chmod(0o755)
    (git_repo.path / "roadmap.toml").write_text("x = 2\n")
    with pytest.raises(GitError, match="refused by the hook"):
        repo.commit(git_repo.path / "roadmap.toml", "change")


def test_git_missing_is_said_plainly(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(GitError, match="git is not installed"):
        repo.run_git(["status"], cwd=git_repo.path)
    with pytest.raises(GitError, match="git is not installed"):
        repo.Blobs(git_repo.path).read("0" * 40)
    assert repo.merge_file(tmp_path, None, tmp_path) is None


def test_the_batch_reader_streams_and_reads_blobs(git_repo: GitRepo) -> None:
    git_repo.commit_file("a.txt", "one\n", "a")
    git_repo.commit_file("b.txt", "two\n" * 1000, "b")
    first = git_repo.git("rev-parse", "HEAD:a.txt").strip()
    second = git_repo.git("rev-parse", "HEAD:b.txt").strip()
    blobs = repo.Blobs(git_repo.path)
    try:
        assert list(blobs.stream([first, second, first])) == [
            (first, b"one\n"),
            (second, b"two\n" * 1000),
            (first, b"one\n"),
        ]
        assert blobs.read(second) == b"two\n" * 1000
        with pytest.raises(GitError, match="cannot read object"):
            blobs.read("1" * 40)
    finally:
        blobs.close()
