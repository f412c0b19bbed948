"""The model as rows of plain values: the form the cache keeps it in."""

from __future__ import annotations

import marshal
import tomllib

from ewg.indicators import Measurement
from ewg.model import Roadmap
from ewg.rows import from_rows, item_row, patch_rows, to_rows
from tests.helpers import ROOT


def _unused() -> list[Measurement]:
    raise AssertionError("the entry's own measurements decode")


def _roadmap() -> Roadmap:
    return Roadmap.from_doc(tomllib.loads((ROOT / "roadmap.toml").read_text(encoding="utf-8")))


def test_rows_round_trip_through_marshal() -> None:
    roadmap = _roadmap()
    assert from_rows(marshal.loads(marshal.dumps(to_rows(roadmap))), _unused) == roadmap


def test_patching_rows_follows_item_edits() -> None:
    roadmap = _roadmap()
    rows = to_rows(roadmap)
    first, second = roadmap.items[0], roadmap.items[1]
    patch_rows(rows, "delete", 0, None)
    assert from_rows(rows, _unused).items == roadmap.items[1:]
    patch_rows(rows, "insert", 0, item_row(first))
    assert from_rows(rows, _unused) == roadmap
    patch_rows(rows, "set", 1, item_row(first))
    assert from_rows(rows, _unused).items[1] == first != second
