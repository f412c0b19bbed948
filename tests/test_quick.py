"""The quick path answers exactly as the Typer app does, and hands over everything else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ewg.cli.quick import parse
from tests.helpers import ROOT


def run(args: list[str], cwd: Path, quick: bool) -> subprocess.CompletedProcess[str]:
    """ewg through the console entry (quick path first) or straight to the Typer app."""
    entry = (
        "from ewg.__main__ import main; main()"
        if quick
        else "import sys; from ewg.cli.app import run; sys.exit(run())"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", entry, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def seen(done: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """What a user sees of a run: exit code, stdout, stderr."""
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--format", "json"],
        ["status", "--format=markdown", "--area", "governance"],
        ["status", "-a", "innovation", "--no-color"],
        ["--lang", "es", "status"],
    ],
)
def test_status_is_the_same_both_ways(tmp_path: Path, args: list[str]) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    assert parse(args) is not None
    fast, slow = run(args, tmp_path, True), run(args, tmp_path, False)
    assert seen(fast) == seen(slow)
    assert fast.returncode == 0 and fast.stdout


def test_status_changes_are_the_same_both_ways(tmp_path: Path) -> None:
    for name in ("fast", "slow"):
        (tmp_path / name).mkdir()
        shutil.copyfile(ROOT / "roadmap.toml", tmp_path / name / "roadmap.toml")
    for args in (
        ["done", "INN-3"],
        ["block", "INN-2", "--reason", "Waiting"],
        ["start", "GOV-4"],
        ["drop", "HUM-5", "-r", "Merged"],
    ):
        fast, slow = run(args, tmp_path / "fast", True), run(args, tmp_path / "slow", False)
        assert seen(fast) == seen(slow)
    assert (tmp_path / "fast" / "roadmap.toml").read_bytes() == (
        tmp_path / "slow" / "roadmap.toml"
    ).read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--help"],
        ["status", "--as-of", "2026-01-01"],
        ["status", "--format", "csv"],
        ["status", "--area"],
        ["done"],
        ["done", "INN-3", "--commit"],
        ["block", "INN-3"],
        ["block", "INN-3", "--reason", " "],
        ["status", "--area", "a", "--area", "b"],
        ["list"],
    ],
)
def test_everything_else_goes_to_the_app(args: list[str]) -> None:
    assert parse(args) is None


def test_errors_are_reported_by_the_app(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    before = (tmp_path / "roadmap.toml").read_bytes()
    result = run(["done", "INN-99"], tmp_path, True)
    assert result.returncode == 1 and "no item 'INN-99'" in result.stderr
    assert result.stderr.count("error:") == 1
    assert (tmp_path / "roadmap.toml").read_bytes() == before
    unknown = run(["status", "--area", "inovation"], tmp_path, True)
    assert unknown.returncode == 1 and "did you mean 'innovation'?" in unknown.stderr


def test_both_ways_agree_in_spanish_and_on_errors(tmp_path: Path) -> None:
    for name in ("fast", "slow"):
        (tmp_path / name).mkdir()
        shutil.copyfile(ROOT / "roadmap.toml", tmp_path / name / "roadmap.toml")
    for args in (
        ["--lang", "es", "done", "INN-1"],  # done already: completed is kept
        ["--lang", "es", "start", "INN-1"],  # leaving done drops completed
        ["block", "PRV-3", "--reason=Still waiting"],
        ["done", "PRV-3"],  # the reason goes
        ["status", "--format", "json", "--area", "providers"],
        ["done", "NOPE-1"],
    ):
        fast, slow = run(args, tmp_path / "fast", True), run(args, tmp_path / "slow", False)
        assert seen(fast) == seen(slow), args
    assert (tmp_path / "fast" / "roadmap.toml").read_bytes() == (
        tmp_path / "slow" / "roadmap.toml"
    ).read_bytes()


def test_a_bad_date_is_the_same_usage_error_both_ways(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    for git in (["init", "-q"], ["add", "roadmap.toml"]):
        subprocess.run(["git", *git], cwd=tmp_path, check=True, env=env)
    subprocess.run(
        ["git", "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-qm", "start"],
        cwd=tmp_path,
        check=True,
        env=env,
    )
    args = ["changelog", "--format", "json", "--since", "2027-3-1"]
    assert parse(args) is not None
    fast, slow = run(args, tmp_path, True), run(args, tmp_path, False)
    assert seen(fast) == seen(slow)
    assert fast.returncode == 2 and "is not a date" in fast.stderr


def test_the_quick_path_imports_neither_typer_nor_the_heavy_modules(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _run in range(2):  # the first run checks the file and fills the cache; time the next
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "ewg", "status"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    for heavy in ("typer", "click", "rich", "dataclasses", "typing", "tomlkit", "git"):
        assert heavy not in imported, heavy
