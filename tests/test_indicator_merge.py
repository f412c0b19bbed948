"""The merge driver and indicators: one added on each side merges; measurements go to git."""

from __future__ import annotations

import pytest

from ewg.merge import MergeError, merge
from tests.helpers import ROOT

BASE = (ROOT / "tests" / "data" / "indicators.toml").read_text(encoding="utf-8")
NEW_INDICATOR = """
[indicators.{key}]
name = "{key}"
area = "governance"
country = "MX"
unit = "u"
baseline = {{ date = 2024-01-01, value = 1 }}
target = {{ date = 2028-01-01, value = 2 }}
"""
LAST_INDICATOR = "target = { date = 2028-01-01, value = 40.0 }\n"


def _with_indicator(key: str) -> str:
    return BASE.replace(LAST_INDICATOR, LAST_INDICATOR + NEW_INDICATOR.format(key=key))


def test_an_indicator_added_on_each_side_merges() -> None:
    result = merge(BASE, _with_indicator("ours-x"), _with_indicator("theirs-x"))
    assert result.clean
    assert "[indicators.ours-x]" in result.text and "[indicators.theirs-x]" in result.text


def test_measurements_changed_with_other_changes_are_left_to_git() -> None:
    """[[measurements]] are not merged one by one yet: the driver says so, and git merges
    the file line by line instead (see docs/commands/branches.md)."""
    ours = _with_indicator("ours-x")
    theirs = BASE + '\n[[measurements]]\nindicator = "chargers-mx"\ndate = 2026-02-01\nvalue = 8\n'
    with pytest.raises(MergeError, match="measurements"):
        merge(BASE, ours, theirs)
