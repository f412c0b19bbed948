"""docs/reliability.md stays true: every test it names exists."""

from __future__ import annotations

import ast
import re

from tests.helpers import ROOT


def test_every_test_docs_reliability_names_exists() -> None:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named: list[tuple[str, str]] = []
    for row in text.splitlines():
        current = ""
        for file, name in re.findall(r"`(tests/[\w/]+\.py)?::(\w+)`", row):
            current = file or current
            assert current, f"docs/reliability.md: ::{name} without its file"
            named.append((current, name))
    assert len(named) > 40
    for file, name in named:
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        tests = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in tests, f"docs/reliability.md names {file}::{name}, which does not exist"
