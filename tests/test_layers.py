"""The house rules of docs/architecture.md, checked on the source: who may import whom.

Every import counts, lazy ones inside functions and those under TYPE_CHECKING
too: a type imported from a lower layer's neighbour is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ewg"
MAX_LINES = 500

# The pure core: values and rules, no I/O. It imports only itself.
CORE = {
    "ewg.errors",
    "ewg.i18n",
    "ewg.moment",
    "ewg.terms",
    "ewg.shape",
    "ewg.diagnostics",
    "ewg.model",
    "ewg.records",
    "ewg.change",
    "ewg.diff",
    "ewg.query",
    "ewg.tomlscan",
    "ewg.tomlfast",
    "ewg.tomlwrite",
    "ewg.positions",
    "ewg.events",
    "ewg.indicators",
    "ewg.indicators_diff",
}
# Modules that touch the outside world: files, caches, git.
EFFECTS = (
    "ewg.files",
    "ewg.cache",
    "ewg.rows",
    "ewg.incremental",
    "ewg.source",
    "ewg.document",
    "ewg.edits",
    "ewg.store",
    "ewg.repo",
    "ewg.history",
    "ewg.ids",
    "ewg.gitsetup",
    "ewg.validate",
    "ewg.merge",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if "locale" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _reaches(imported: set[str], prefix: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for name in imported)


def _in(module: str, prefixes: tuple[str, ...] | set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_layers_exist() -> None:
    """The rules below would pass vacuously if the modules they name were gone."""
    for name in ("ewg.shape", "ewg.diagnostics", "ewg.files", "ewg.cache", "ewg.repo"):
        assert name in MODULES, name
    assert any(name.startswith("ewg.commands.") for name in MODULES)
    assert any(name.startswith("ewg.render.") for name in MODULES)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, CORE)))
def test_the_core_imports_only_the_core(module: str) -> None:
    # `from ewg import shape` names the package too; what counts is the module.
    imported = {n for n in _imports(MODULES[module]) if n.startswith("ewg.")}
    outside = sorted(n for n in imported if n in MODULES and not _in(n, CORE))
    assert not outside, f"{module} (pure core) imports {outside}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("ewg.render")))
def test_renderers_take_values(module: str) -> None:
    imported = _imports(MODULES[module])
    banned = ("ewg.commands", "ewg.cli", *EFFECTS)
    reached = sorted(p for p in banned if _reaches(imported, p))
    assert not reached, f"{module} (a renderer) imports {reached}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("ewg.commands")))
def test_the_commands_layer_has_no_typer(module: str) -> None:
    imported = _imports(MODULES[module])
    reached = sorted(p for p in ("typer", "click", "rich", "ewg.cli") if _reaches(imported, p))
    assert not reached, f"{module} (commands layer) imports {reached}"


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if not _in(m, ("ewg.cli", "ewg.__main__")))
)
def test_only_the_cli_imports_the_cli(module: str) -> None:
    assert not _reaches(_imports(MODULES[module]), "ewg.cli"), module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, (*EFFECTS, "ewg.report"))))
def test_data_flows_one_way(module: str) -> None:
    """Below the commands, nothing reaches up into commands or renderers."""
    imported = _imports(MODULES[module])
    reached = sorted(p for p in ("ewg.commands", "ewg.render") if _reaches(imported, p))
    assert not reached, f"{module} imports {reached}"


def test_one_gateway_starts_git() -> None:
    starters = sorted(
        name
        for name, path in MODULES.items()
        if {"subprocess", "git"} & {n.split(".")[0] for n in _imports(path)}
    )
    assert starters == ["ewg.repo"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_500_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


def test_nothing_reads_a_cache_with_pickle() -> None:
    users = sorted(name for name, path in MODULES.items() if "pickle" in _imports(path))
    assert users == []
