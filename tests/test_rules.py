"""ewg.rules: pure rules, one `new_errors` for writes and merges; ewg.diagnostics a leaf."""

from __future__ import annotations

import ast
import copy
import tomllib
from pathlib import Path
from typing import Any

from ewg import rules

PACKAGE = Path(__file__).parent.parent / "ewg"
CLEAN = tomllib.loads((Path(__file__).parent / "data" / "clean.toml").read_text(encoding="utf-8"))


def _with_unknown_owner(data: dict[str, Any], owner: str = "nobody") -> dict[str, Any]:
    changed = copy.deepcopy(data)
    changed["items"][0]["owners"] = [owner]
    return changed


def test_new_errors_are_those_the_version_before_did_not_have() -> None:
    broken = _with_unknown_owner(CLEAN)
    [new] = rules.new_errors(CLEAN, broken)
    assert (new.code, new.path) == ("E010", ("items", 0, "owners", 0))
    assert rules.new_errors(broken, broken) == []  # an old error is not new
    assert rules.new_errors(CLEAN, CLEAN) == []


def test_new_errors_of_a_merge_are_those_no_side_had() -> None:
    ours, theirs = _with_unknown_owner(CLEAN), copy.deepcopy(CLEAN)
    assert rules.new_errors([ours, theirs], _with_unknown_owner(CLEAN)) == []
    [new] = rules.new_errors([ours, theirs], _with_unknown_owner(CLEAN, "ghost"))
    assert "ghost" in new.message


def test_the_version_before_is_checked_only_when_the_new_one_has_errors() -> None:
    calls: list[int] = []

    def before() -> dict[str, Any]:
        calls.append(1)
        return CLEAN

    assert rules.new_errors(before, CLEAN) == []
    assert calls == []
    assert [d.code for d in rules.new_errors(before, _with_unknown_owner(CLEAN))] == ["E010"]
    assert calls == [1]


def test_new_errors_for_some_items_only_checks_those() -> None:
    broken = _with_unknown_owner(CLEAN)
    first, second = broken["items"][0]["id"], broken["items"][1]["id"]
    assert [d.code for d in rules.new_errors(CLEAN, broken, only={first})] == ["E010"]
    assert rules.new_errors(CLEAN, broken, only={second}) == []


def test_warnings_are_never_new_errors() -> None:
    unowned = copy.deepcopy(CLEAN)
    unowned["items"][0].pop("owners", None)
    assert any(d.code == "W101" for d in rules.check_data(unowned))
    assert rules.new_errors(CLEAN, unowned) == []


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("ewg")}


def test_the_rules_read_no_files_and_know_no_commands() -> None:
    banned = ("ewg.store", "ewg.cli", "ewg.render", "ewg.history", "ewg.cache", "ewg.validate")
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        bad = [name for name in _imports(path) if name.startswith(banned)]
        assert not bad, (path.name, bad)


def test_diagnostics_and_shape_are_leaves() -> None:
    # records: the base of the model's classes, which imports nothing of ewg
    assert _imports(PACKAGE / "diagnostics.py") <= {"ewg.i18n", "ewg.records", "ewg.records.Record"}
    assert _imports(PACKAGE / "shape.py") <= {"ewg.i18n", "ewg.i18n.N_"}


def test_no_module_of_the_split_is_over_500_lines() -> None:
    split = [PACKAGE / "validate.py", PACKAGE / "diagnostics.py", PACKAGE / "shape.py"]
    split += [*(PACKAGE / "rules").glob("*.py"), *(PACKAGE / "merge").glob("*.py")]
    for path in split:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 500, path.name
