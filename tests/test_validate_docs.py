"""The CI documentation works as written: the workflow, the pre-commit snippet, every option."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT

CI = ROOT / "docs" / "ci.md"
REFERENCE = ROOT / "docs" / "commands" / "validate.md"


def _blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def _yaml(text: str) -> Any:
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    return yaml.safe_load(text)


def test_workflow_runs_validate_for_annotations_with_full_history() -> None:
    [workflow] = [b for b in _blocks(CI, "yaml") if "jobs:" in b]
    steps = _yaml(workflow)["jobs"]["validate"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps if "ewg validate" in s.get("run", "")]
    assert runs and all("--format github" in run for run in runs)
    assert any("--against" in run for run in runs)


def test_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed")
    [workflow] = [b for b in _blocks(CI, "yaml") if "jobs:" in b]
    path = tmp_path / "roadmap.yml"
    path.write_text(workflow, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_snippet_uses_the_hook_this_repository_defines() -> None:
    [config] = [b for b in _blocks(CI, "yaml") if "repos:" in b]
    [repo] = _yaml(config)["repos"]
    defined = {hook["id"] for hook in _yaml((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {hook["id"] for hook in repo["hooks"]} <= defined


def test_every_option_of_validate_and_schema_is_documented() -> None:
    import typer

    from ewg.cli.app import app

    text = REFERENCE.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in ("validate", "schema"):
        command = group.commands[name]  # type: ignore[attr-defined]
        assert f"## ewg {name}" in text
        for param in command.params:
            for option in [*param.opts, *param.secondary_opts]:
                if option.startswith("-"):
                    assert f"`{option}" in text, f"{name} {option} is not documented"
    assert "`[FILE]...`" in text


def test_every_code_is_documented() -> None:
    from ewg.validate import CODES

    text = REFERENCE.read_text(encoding="utf-8")
    for code in CODES:
        assert f"| {code} |" in text, code
