"""Shell completion offers only ids that a shell takes as one plain word (a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

HOSTILE = ["x;touch pwned", "a b", "$(id)", "`id`", "q'uote", "-rf", 'd"q', "new\nline"]


@pytest.fixture
def hostile_owners(tmp_path: Path) -> Path:
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    for n, key in enumerate([*HOSTILE, "ünam"]):
        quoted = key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text += (
            f'\n[owners."{quoted}"]\nname = "Owner {n}"\nsector = "government"\ncountry = "MX"\n'
        )
    (tmp_path / "roadmap.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _complete(cwd: Path, shell: str, words: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EWG_")}
    env["_EWG_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env.update({"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)})
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    done = subprocess.run(
        [sys.executable, "-m", "ewg"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_leaves_out_ids_with_shell_metacharacters(
    hostile_owners: Path, shell: str
) -> None:
    offered = _complete(hostile_owners, shell, "ewg add --owner ")
    assert "sre" in offered and "ünam" in offered  # plain ids, accented ones too
    for key in HOSTILE:
        for part in key.split("\n"):
            if len(part) > 2:
                assert part not in offered, (shell, key)


def test_completion_of_items_still_offers_every_plain_id(hostile_owners: Path) -> None:
    offered = _complete(hostile_owners, "bash", "ewg show INN-").split()
    assert offered and all(i.startswith("INN-") for i in offered)
