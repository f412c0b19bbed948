"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit on a real repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, GitRepo

HOOKS = ROOT / ".pre-commit-hooks.yaml"
DATA = Path(__file__).parent / "data"


def _hooks() -> list[dict[str, object]]:
    yaml = pytest.importorskip("yaml", reason="PyYAML (a pre-commit dependency) is not installed")
    hooks: list[dict[str, object]] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return hooks


def test_hook_definition() -> None:
    [hook] = _hooks()
    assert hook["id"] == "ewg-validate"
    assert hook["entry"] == "ewg validate"
    assert hook["language"] == "python"
    files = re.compile(str(hook["files"]))
    for path in ("roadmap.toml", "plans/roadmap.toml", "a/b/roadmap.toml"):
        assert files.search(path), path
    for path in ("myroadmap.toml", "roadmap.toml.bak", "roadmap.tomlx", "roadmap.json"):
        assert not files.search(path), path


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit store for the module: the hook's environment is built once."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the hook is tried from this repository's git checkout")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: GitRepo, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo` of this repository's hook on every roadmap.toml of `repo`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # run the installed hook
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ewg-validate", "--all-files"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "No matching distribution" in done.stdout + done.stderr:
        pytest.skip("the hook's environment cannot be installed here (no package index)")
    return done


@pytest.mark.slow
def test_pre_commit_passes_a_good_roadmap_and_fails_a_bad_one(
    git_repo: GitRepo, pre_commit_home: Path
) -> None:
    (git_repo.path / "roadmap.toml").write_text(
        (DATA / "clean.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (git_repo.path / "notes.toml").write_text("not = [valid", encoding="utf-8")  # not a roadmap
    git_repo.git("add", "-A")
    good = _try_repo(git_repo, pre_commit_home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"ewg validate\.+Passed", good.stdout)

    (git_repo.path / "plans").mkdir()
    (git_repo.path / "plans" / "roadmap.toml").write_text(
        (DATA / "broken" / "E007-status.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git_repo.git("add", "-A")
    bad = _try_repo(git_repo, pre_commit_home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"ewg validate\.+Failed", bad.stdout)
    assert "plans/roadmap.toml:55:10: error E007 invalid status 'planed'" in bad.stdout
    assert "2 files checked: 1 error, 0 warnings" in bad.stdout
