"""Line edits of any table (the ones the merge driver needs beyond items)."""

from __future__ import annotations

import datetime as dt

import pytest

from ewg.errors import RoadmapFileError
from ewg.model import MEETING_KEYS, OWNER_KEYS
from ewg.store import Document, remove_array_table, set_table_fields, table_block

TEXT = """\
[roadmap]
title = "T"   # the title

# Owners.
[owners.sre]
name = "SRE"
sector = "government"
country = "MX"

[owners.doe]
name = "DOE"
country = "US"

# First session.
[[meetings]]
date = 2026-01-10
title = "First"

[[meetings]]
date = 2026-02-10
title = "Second"
attendees = ["sre"]
"""


def test_table_block_finds_tables_and_array_entries() -> None:
    doc = Document(TEXT)
    start, end, following = table_block(doc, ("owners", "doe"))
    assert doc.text[start:end] == '[owners.doe]\nname = "DOE"\ncountry = "US"\n'
    assert doc.text[end:following] == "\n# First session.\n"
    start, end, _next = table_block(doc, ("meetings",), 1)
    assert doc.text[start:end].startswith("[[meetings]]\ndate = 2026-02-10")
    with pytest.raises(RoadmapFileError):
        table_block(doc, ("meetings",), 2)
    with pytest.raises(RoadmapFileError):
        table_block(doc, ("owners", "uc"))


def test_set_table_fields_changes_only_its_lines() -> None:
    doc = Document(TEXT)
    after = set_table_fields(
        doc, ("owners", "doe"), {"name": "U.S. DOE", "sector": "government"}, order=OWNER_KEYS
    )
    assert after.data["owners"]["doe"] == {
        "name": "U.S. DOE",
        "sector": "government",
        "country": "US",
    }
    assert after.text == TEXT.replace(
        'name = "DOE"\ncountry', 'name = "U.S. DOE"\nsector = "government"\ncountry'
    )
    kept = set_table_fields(after, ("roadmap",), {"title_es": "T es"})
    assert 'title = "T"   # the title\ntitle_es = "T es"\n' in kept.text


def test_set_table_fields_removes_and_edits_the_nth_array_entry() -> None:
    doc = Document(TEXT)
    after = set_table_fields(
        doc, ("meetings",), {"attendees": None, "decisions": ["Go"]}, 1, MEETING_KEYS
    )
    assert after.data["meetings"][1] == {
        "date": dt.date(2026, 2, 10),
        "title": "Second",
        "decisions": ["Go"],
    }
    assert after.data["meetings"][0] == doc.data["meetings"][0]


def test_set_table_fields_without_a_final_newline() -> None:
    doc = Document(TEXT.rstrip("\n"))
    after = set_table_fields(doc, ("meetings",), {"items": ["INN-1"]}, 1, MEETING_KEYS)
    assert after.data["meetings"][1]["items"] == ["INN-1"]
    assert after.text.endswith('attendees = ["sre"]\nitems = ["INN-1"]')


def test_remove_array_table_takes_its_comment_and_one_blank_line() -> None:
    doc = Document(TEXT)
    after = remove_array_table(doc, "meetings", 0)
    assert [m["title"] for m in after.data["meetings"]] == ["Second"]
    assert "First session" not in after.text
    assert 'country = "US"\n\n[[meetings]]\ndate = 2026-02-10' in after.text
