"""ewg installed as the README's quickstart does (`pip install .`, no extras) has all it imports.

Typer 0.28 vendors Click and no longer depends on it; the test extra pulls Click
in through check-jsonschema, so a `import click` passed every test and crashed
interactive `ewg add` for users.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


def _imported_modules() -> dict[str, str]:
    """Top-level module name -> a file importing it, for every import under ewg/, lazy ones too."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "ewg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _declared() -> set[str]:
    """The distributions ewg depends on outside any extra, normalised."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0].lower().replace("_", "-")
        for dep in project["dependencies"]
    }


def test_every_third_party_import_is_a_declared_dependency() -> None:
    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    undeclared = {}
    for module, where in _imported_modules().items():
        if module in sys.stdlib_module_names or module in ("ewg", "__future__"):
            continue
        owners = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not owners & declared:
            undeclared[module] = where
    assert undeclared == {}, f"imported but not in [project] dependencies: {undeclared}"


def test_click_is_not_imported_directly() -> None:
    """Click comes vendored in Typer (typer.prompt, typer._click), not as a package of its own."""
    assert "click" not in _imported_modules()


@pytest.mark.slow
def test_fresh_install_without_extras_runs_every_command(tmp_path: Path) -> None:
    """A venv with `pip install .` alone: every module imports, every command runs (.ci/smoke.py)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        pytest.skip(f"pip could not install ewg's dependencies here: {install.stderr[-500:]}")
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert "pytest==" not in listed  # truly no test extra
    imports = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib, pkgutil, ewg\n"
            "for m in pkgutil.walk_packages(ewg.__path__, 'ewg.'):\n"
            "    importlib.import_module(m.name)\n",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imports.returncode == 0, imports.stderr
    smoke = subprocess.run(
        [str(python), str(ROOT / ".ci" / "smoke.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert smoke.returncode == 0, smoke.stdout[-4000:] + smoke.stderr[-2000:]
    assert "ok     ewg add (interactive, on a pseudo-terminal)" in smoke.stdout
