"""The merge by items and fields, on texts: what two members meant is what the file says."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from ewg import store
from ewg.merge import MergeError, MergeResult, equivalent, merge, merge_fields, merge_lists, same
from ewg.model import MEETING_KEYS
from ewg.store import Document
from ewg.validate import check_data

BASE = """\
#:schema ./roadmap.schema.json
# Test roadmap of the working group.

[roadmap]
title = "EV Working Group"

[areas.innovation]
name = "Innovation"
prefix = "INN"

[areas.providers]
name = "Provider development"
prefix = "PRV"

[owners.sre]
name = "Secretaría de Relaciones Exteriores"
sector = "government"
country = "MX"

[owners.doe]
name = "U.S. Department of Energy"
sector = "government"
country = "US"

[owners.uc]
name = "University of California"
sector = "academia"
country = "US"

[milestones.draft]
title = "Roadmap drafted"
due = 2027-09-30

# --- Innovation ---

[[items]]
id = "INN-1"
title = "Map battery R&D"
area = "innovation"
owners = ["uc", "sre"]
status = "in_progress"
due = 2027-03-31
tags = ["batteries"]

[[items]]
id = "INN-2"
title   =   'Recycling call'   # spacing and quoting are the author's
area = "innovation"
owners = ["doe"]
status = "planned"
depends_on = ["INN-1"]

# --- Providers ---

[[items]]
id = "PRV-1"
title = "Map suppliers"
area = "providers"
owners = ["sre", "doe"]
status = "planned"
milestone = "draft"

[[meetings]]
date = 2026-10-01
title = "Second session"
attendees = ["sre", "doe"]
decisions = ["Adopt the five areas"]
items = ["INN-1"]
"""

Edit = Callable[[Document], Document]


def edit(text: str, *changes: Edit) -> str:
    """Apply store edits to a text, as `ewg` commands would."""
    doc = Document(text)
    for change in changes:
        doc = change(doc)
    return doc.text


def new_item(item_id: str, title: str, area: str = "innovation", **more: Any) -> Edit:
    table = {"id": item_id, "title": title, "area": area, "owners": ["sre"], "status": "planned"}
    return lambda doc: store.add_item(doc, {**table, **more})


def set_item(item_id: str, **fields: Any) -> Edit:
    return lambda doc: store.set_item_fields(doc, item_id, fields)


def drop_item(item_id: str) -> Edit:
    return lambda doc: store.remove_item(doc, item_id)


def set_table(
    keys: tuple[str, ...], order: tuple[str, ...] = (), index: int = 0, **fields: Any
) -> Edit:
    return lambda doc: store.set_table_fields(doc, keys, fields, index, order)


def add_table(section: str, key: str, **fields: Any) -> Edit:
    return lambda doc: store.add_table(doc, section, key, fields)


def items_of(text: str) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in store.parse(text)["items"]}


def errors(text: str) -> list[str]:
    return [d.message for d in check_data(store.parse(text)) if d.is_error]


HEAD_INN2 = (
    '[[items]]\nid = "INN-2"\n'
    "title   =   'Recycling call'   # spacing and quoting are the author's\n"
)


def pick(text: str, side: str) -> str:
    """Resolve every conflict of a merged text by taking one side."""
    pattern = re.compile(r"<<<<<<< ours\n(.*?)=======\n(.*?)>>>>>>> theirs\n", re.S)
    return pattern.sub(lambda m: m.group(1 if side == "ours" else 2), text)


def clean(result: MergeResult) -> str:
    assert result.clean, (result.conflicts, result.errors)
    assert errors(result.text) == []
    return result.text


# --- the building blocks -------------------------------------------------------------------------


def test_same_tells_toml_types_apart() -> None:
    assert same({"a": 1, "b": [1]}, {"b": [1], "a": 1})
    assert not same(1, True)
    assert not same(1, 1.0)
    assert not same(dt.date(2026, 1, 1), dt.datetime(2026, 1, 1))
    assert same(float("nan"), float("nan"))


def test_merge_lists_keeps_both_sides_additions_and_removals() -> None:
    assert merge_lists(["a", "b"], ["a", "b", "c"], ["b", "d"]) == ["b", "c", "d"]
    assert merge_lists(["a", "b"], ["b", "a"], ["a", "b", "c"]) == ["b", "a", "c"]  # our order
    assert merge_lists(["a", "b"], ["a", "b", "c"], ["b", "a"]) is None  # theirs reordered
    assert merge_lists(["a"], ["a", "a"], ["a", "b"]) is None
    assert merge_lists(["a"], ["a", 1], ["b"]) is None


def test_merge_fields_applies_theirs_and_reports_clashes() -> None:
    base = {"status": "planned", "due": 1, "tags": ["x"]}
    ours = {"status": "blocked", "due": 1, "tags": ["x", "y"]}
    theirs = {"status": "done", "due": 2, "tags": ["x", "z"], "notes": "n"}
    changes, clashes = merge_fields(base, ours, theirs)
    assert changes == {"due": 2, "tags": ["x", "y", "z"], "notes": "n"}
    assert clashes == {"status": "done"}


# --- items ---------------------------------------------------------------------------------------


def test_theirs_unchanged_gives_ours_byte_for_byte() -> None:
    ours = edit(BASE, set_item("INN-2", status="in_progress"))
    assert merge(BASE, ours, BASE).text == ours
    assert merge(BASE, BASE, BASE).text == BASE


def test_both_sides_add_in_one_area_renumbers_theirs() -> None:
    ours = edit(BASE, new_item("INN-3", "Ours: battery passport"))
    theirs = edit(BASE, new_item("INN-3", "Theirs: charging pilots"))
    result = merge(BASE, ours, theirs)
    text = clean(result)
    assert [(r.old, r.new) for r in result.renumbered] == [("INN-3", "INN-4")]
    items = items_of(text)
    assert items["INN-3"]["title"] == "Ours: battery passport"
    assert items["INN-4"]["title"] == "Theirs: charging pilots"
    assert list(items) == ["INN-1", "INN-2", "INN-3", "INN-4", "PRV-1"]
    assert text.startswith(ours.split('id = "INN-3"')[0])


def test_both_sides_add_in_different_areas() -> None:
    ours = edit(BASE, new_item("INN-3", "Ours"))
    theirs = edit(BASE, new_item("PRV-2", "Theirs", "providers"))
    result = merge(BASE, ours, theirs)
    text = clean(result)
    assert result.renumbered == []
    assert list(items_of(text)) == ["INN-1", "INN-2", "INN-3", "PRV-1", "PRV-2"]
    assert text == edit(ours, new_item("PRV-2", "Theirs", "providers"))


def test_renumbering_follows_references_on_the_incoming_side() -> None:
    ours = edit(BASE, new_item("INN-3", "Ours"))
    theirs = edit(
        BASE,
        new_item("INN-3", "Theirs first"),
        new_item("INN-4", "Theirs second", depends_on=["INN-3", "INN-1"]),
        set_table(("meetings",), MEETING_KEYS, items=["INN-1", "INN-3"]),
    )
    result = merge(BASE, ours, theirs)
    text = clean(result)
    assert [(r.old, r.new) for r in result.renumbered] == [("INN-3", "INN-5")]
    items = items_of(text)
    assert items["INN-5"]["title"] == "Theirs first"
    assert items["INN-4"]["depends_on"] == ["INN-5", "INN-1"]
    assert store.parse(text)["meetings"][0]["items"] == ["INN-1", "INN-5"]


def test_a_renumbered_id_skips_numbers_other_branches_use() -> None:
    ours = edit(BASE, new_item("INN-3", "Ours"))
    theirs = edit(BASE, new_item("INN-3", "Theirs"))
    result = merge(BASE, ours, theirs, reserved={"INN": 9, "PRV": 40})
    assert [(r.old, r.new) for r in result.renumbered] == [("INN-3", "INN-10")]


def test_different_fields_of_one_item_are_both_kept() -> None:
    ours = edit(BASE, set_item("INN-1", status="done", completed=dt.date(2026, 11, 2)))
    theirs = edit(BASE, set_item("INN-1", due=dt.date(2027, 6, 30), notes="Phase 2 agreed."))
    text = clean(merge(BASE, ours, theirs))
    item = items_of(text)["INN-1"]
    assert (item["status"], item["completed"]) == ("done", dt.date(2026, 11, 2))
    assert (item["due"], item["notes"]) == (dt.date(2027, 6, 30), "Phase 2 agreed.")


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = edit(BASE, set_item("INN-2", status="in_progress"))
    assert merge(BASE, both, both).text == both


def test_lists_merge_element_by_element() -> None:
    ours = edit(BASE, set_item("INN-1", owners=["uc", "sre", "doe"], tags=["batteries", "eu"]))
    theirs = edit(BASE, set_item("INN-1", owners=["uc"], tags=["batteries", "recycling"]))
    item = items_of(clean(merge(BASE, ours, theirs)))["INN-1"]
    assert item["owners"] == ["uc", "doe"]
    assert item["tags"] == ["batteries", "eu", "recycling"]


def test_the_same_field_changed_two_ways_is_a_conflict_around_that_item_only() -> None:
    ours = edit(BASE, set_item("INN-2", status="blocked", reason="No budget."))
    theirs = edit(
        BASE,
        set_item("INN-2", status="dropped", reason="Folded into INN-1."),
        set_item("PRV-1", status="in_progress"),
    )
    result = merge(BASE, ours, theirs)
    assert not result.clean
    assert [(c.what, c.reason) for c in result.conflicts] == [
        ("item INN-2", "status, reason changed on both sides")
    ]
    text = result.text
    assert text.count("<<<<<<< ours\n") == 1
    start = text.index("<<<<<<< ours")
    assert result.conflicts[0].line == text.count("\n", 0, start) + 1
    marked = text[start : text.index(">>>>>>> theirs\n") + 15]
    ours_half = 'area = "innovation"\nowners = ["doe"]\nstatus = "blocked"\n'
    ours_half += 'depends_on = ["INN-1"]\nreason = "No budget."\n'
    theirs_half = 'area = "innovation"\nowners = ["doe"]\nstatus = "dropped"\n'
    theirs_half += 'depends_on = ["INN-1"]\nreason = "Folded into INN-1."\n'
    assert marked == (
        f"<<<<<<< ours\n{HEAD_INN2}{ours_half}=======\n{HEAD_INN2}{theirs_half}>>>>>>> theirs\n"
    )
    # Theirs' other change is in, whichever side the member keeps.
    assert items_of(pick(text, "ours"))["PRV-1"]["status"] == "in_progress"
    assert items_of(pick(text, "ours"))["INN-2"]["status"] == "blocked"
    assert items_of(pick(text, "theirs"))["INN-2"]["status"] == "dropped"


def test_one_removes_what_the_other_edits() -> None:
    edited = edit(BASE, set_item("INN-2", status="in_progress"))
    removed = edit(BASE, drop_item("INN-2"))
    result = merge(BASE, edited, removed)
    assert [(c.what, c.reason) for c in result.conflicts] == [
        ("item INN-2", "removed on theirs, changed on ours")
    ]
    assert re.search(
        r'<<<<<<< ours\n\[\[items\]\]\nid = "INN-2"\n.*?=======\n>>>>>>> theirs\n',
        result.text,
        re.S,
    )
    result = merge(BASE, removed, edited)
    assert [c.reason for c in result.conflicts] == ["removed on ours, changed on theirs"]
    assert re.search(
        r'<<<<<<< ours\n=======\n\[\[items\]\]\nid = "INN-2"\n.*?>>>>>>> theirs\n',
        result.text,
        re.S,
    )
    assert "INN-2" not in items_of(pick(result.text, "ours"))
    assert items_of(pick(result.text, "theirs"))["INN-2"]["status"] == "in_progress"


def test_a_removal_alone_is_applied() -> None:
    ours = edit(BASE, set_item("INN-1", progress=50))
    theirs = edit(BASE, drop_item("INN-2"))
    text = clean(merge(BASE, ours, theirs))
    assert list(items_of(text)) == ["INN-1", "PRV-1"]
    assert "Recycling" not in text


def test_a_removal_that_leaves_a_dangling_reference_is_refused() -> None:
    ours = edit(BASE, new_item("PRV-2", "Needs INN-2", "providers", depends_on=["INN-2"]))
    theirs = edit(BASE, drop_item("INN-2"))
    result = merge(BASE, ours, theirs)
    assert not result.clean and result.conflicts == []
    assert [d.code for d in result.errors] == ["E010"]
    assert "INN-2" in result.errors[0].message
    assert result.errors[0].line == result.text.splitlines().index('depends_on = ["INN-2"]') + 1
    store.parse(result.text)  # still TOML, to be fixed by hand


# --- layout --------------------------------------------------------------------------------------


def test_our_layout_and_comments_stay_byte_for_byte() -> None:
    ours = BASE.replace("# --- Providers ---", "# --- Providers (edited by hand) ---").replace(
        'owners = ["sre", "doe"]', 'owners = [\n  "sre",\n  "doe",  # co-lead\n]'
    )
    theirs = edit(BASE, set_item("INN-1", progress=40))
    text = clean(merge(BASE, ours, theirs))
    assert text == ours.replace("due = 2027-03-31\n", "due = 2027-03-31\nprogress = 40\n", 1)


def test_their_new_item_keeps_their_layout() -> None:
    block = (
        "# Added at the Monterrey session.\n"
        "[[items]]\n"
        'id = "PRV-2"\n'
        "title = 'Supplier fair'  # working title\n"
        'area = "providers"\n'
        "owners = [\n"
        '  "sre",\n'
        "]\n"
        'status = "planned"\n'
    )
    theirs = BASE.replace("[[meetings]]", block + "\n[[meetings]]")
    ours = edit(BASE, set_item("INN-1", progress=10))
    text = clean(merge(BASE, ours, theirs))
    assert block in text


def test_crlf_files_stay_crlf() -> None:
    base = BASE.replace("\n", "\r\n")
    ours = edit(base, set_item("INN-1", progress=10))
    theirs = edit(BASE, new_item("INN-3", "Theirs")).replace("\n", "\r\n")
    text = clean(merge(base, ours, theirs))
    assert "\n" not in text.replace("\r\n", "")
    assert "INN-3" in items_of(text)


def test_a_clean_line_merge_saying_the_same_is_preferred() -> None:
    theirs = BASE.replace("# --- Providers ---", "# --- Providers: see the annex ---")
    theirs = edit(theirs, set_item("PRV-1", status="in_progress"))
    ours = edit(BASE, set_item("INN-1", progress=10))
    line_merged = ours.replace("# --- Providers ---", "# --- Providers: see the annex ---").replace(
        'milestone = "draft"', 'milestone = "draft"'
    )
    line_merged = edit(line_merged, set_item("PRV-1", status="in_progress"))
    assert merge(BASE, ours, theirs, line_merged=line_merged).text == line_merged
    # Without it the structured result drops theirs' comment edit, and says so.
    result = merge(BASE, ours, theirs)
    assert result.notes == ["theirs' comment was not kept: # --- Providers: see the annex ---"]
    # A line merge that says something else (two items under one id) is not taken.
    both = edit(BASE, new_item("INN-3", "A"))
    other = edit(BASE, new_item("INN-3", "B"))
    bad = edit(both, new_item("INN-3", "B"))
    assert merge(BASE, both, other, line_merged=bad).text != bad


# --- lookup tables, [roadmap], meetings ----------------------------------------------------------


def test_lookup_tables_merge_by_entry() -> None:
    ours = edit(BASE, add_table("owners", "unam", name="UNAM", sector="academia", country="MX"))
    theirs = edit(
        BASE,
        add_table("owners", "ford-mx", name="Ford de México", sector="industry", country="MX"),
        set_table(("milestones", "draft"), due=dt.date(2027, 12, 15)),
        set_table(("roadmap",), title_es="Grupo de Trabajo"),
    )
    ours = edit(ours, set_table(("roadmap",), title="EV Working Group (MX–US)"))
    data = store.parse(clean(merge(BASE, ours, theirs)))
    assert list(data["owners"]) == ["sre", "doe", "uc", "unam", "ford-mx"]
    assert data["milestones"]["draft"]["due"] == dt.date(2027, 12, 15)
    assert data["roadmap"] == {"title": "EV Working Group (MX–US)", "title_es": "Grupo de Trabajo"}


def test_the_same_entry_added_on_both_sides_is_kept_once() -> None:
    both = edit(BASE, add_table("owners", "unam", name="UNAM", sector="academia", country="MX"))
    text = clean(merge(BASE, both, both))
    assert text.count("[owners.unam]") == 1


def test_an_entry_added_two_ways_is_a_conflict() -> None:
    ours = edit(BASE, add_table("owners", "unam", name="UNAM", sector="academia", country="MX"))
    theirs = edit(
        BASE, add_table("owners", "unam", name="UNAM (FI)", sector="academia", country="MX")
    )
    result = merge(BASE, ours, theirs)
    assert [(c.what, c.reason) for c in result.conflicts] == [
        ("owner unam", "name changed on both sides")
    ]
    assert '<<<<<<< ours\n[owners.unam]\nname = "UNAM"\n' in result.text
    assert '=======\n[owners.unam]\nname = "UNAM (FI)"\n' in result.text


def test_a_milestone_moved_two_ways_is_a_conflict_around_it() -> None:
    ours = edit(BASE, set_table(("milestones", "draft"), due=dt.date(2027, 10, 1)))
    theirs = edit(BASE, set_table(("milestones", "draft"), due=dt.date(2027, 11, 1)))
    result = merge(BASE, ours, theirs)
    assert result.text.count("<<<<<<<") == 1
    assert "<<<<<<< ours\n[milestones.draft]\n" in result.text


def test_meetings_merge_by_date_and_title() -> None:
    session = {"date": dt.date(2026, 11, 20), "title": "Third session", "attendees": ["sre"]}
    ours = edit(
        BASE,
        lambda d: store.append_array_table(d, "meetings", session),
        set_table(("meetings",), MEETING_KEYS, attendees=["sre", "doe", "uc"]),
    )
    theirs = edit(
        BASE,
        lambda d: store.append_array_table(d, "meetings", session),
        set_table(("meetings",), MEETING_KEYS, decisions=["Adopt the five areas", "Meet monthly"]),
    )
    meetings = store.parse(clean(merge(BASE, ours, theirs)))["meetings"]
    assert [m["title"] for m in meetings] == ["Second session", "Third session"]
    assert meetings[0]["attendees"] == ["sre", "doe", "uc"]
    assert meetings[0]["decisions"] == ["Adopt the five areas", "Meet monthly"]


def test_theirs_removes_a_meeting() -> None:
    theirs = edit(BASE, lambda d: store.remove_array_table(d, "meetings", 0))
    ours = edit(BASE, set_item("INN-1", progress=5))
    assert "meetings" not in store.parse(clean(merge(BASE, ours, theirs)))


# --- renames and renumbering by earlier merges ---------------------------------------------------


def rename_owner(old: str, new: str) -> Edit:
    def change(doc: Document) -> Document:
        table = doc.data["owners"][old]
        doc = store.add_table(doc, "owners", new, table)
        for item in doc.data["items"]:
            if old in item.get("owners", []):
                owners = [new if o == old else o for o in item["owners"]]
                doc = store.set_item_fields(doc, item["id"], {"owners": owners})
        for index, meeting in enumerate(doc.data.get("meetings", [])):
            if old in meeting.get("attendees", []):
                attendees = [new if o == old else o for o in meeting["attendees"]]
                doc = store.set_table_fields(doc, ("meetings",), {"attendees": attendees}, index)
        return store.remove_table(doc, "owners", old)

    return change


def test_an_owner_renamed_on_ours_is_followed_by_their_new_items() -> None:
    ours = edit(BASE, rename_owner("doe", "us-doe"))
    theirs = edit(
        BASE, new_item("PRV-2", "Battery supply chain", "providers", owners=["doe", "uc"])
    )
    result = merge(BASE, ours, theirs)
    text = clean(result)
    assert items_of(text)["PRV-2"]["owners"] == ["us-doe", "uc"]
    assert result.notes == ["owner doe was renamed us-doe (ours): references in PRV-2 follow"]


def test_an_owner_renamed_on_theirs_is_followed_by_our_new_items() -> None:
    ours = edit(BASE, new_item("PRV-2", "Battery supply chain", "providers", owners=["doe"]))
    theirs = edit(BASE, rename_owner("doe", "us-doe"))
    result = merge(BASE, ours, theirs)
    data = store.parse(clean(result))
    assert "doe" not in data["owners"]
    assert items_of(result.text)["PRV-2"]["owners"] == ["us-doe"]
    assert items_of(result.text)["INN-2"]["owners"] == ["us-doe"]


def test_an_item_renumbered_by_an_earlier_replay_gets_theirs_later_changes() -> None:
    """`git rebase`: commit 1 added INN-3, replayed as INN-4; commit 2 starts INN-3."""
    upstream = edit(BASE, new_item("INN-3", "Upstream item"))
    commit1 = edit(BASE, new_item("INN-3", "Branch item"))
    commit2 = edit(commit1, set_item("INN-3", status="in_progress"))
    replayed1 = merge(BASE, upstream, commit1)
    assert [(r.old, r.new) for r in replayed1.renumbered] == [("INN-3", "INN-4")]
    result = merge(commit1, replayed1.text, commit2)
    items = items_of(clean(result))
    assert (items["INN-3"]["title"], items["INN-3"]["status"]) == ("Upstream item", "planned")
    assert (items["INN-4"]["title"], items["INN-4"]["status"]) == ("Branch item", "in_progress")
    assert result.notes == [
        "INN-3 (theirs) is INN-4 here: the same item, renumbered by an earlier merge"
    ]


def test_merging_back_restores_ids_an_earlier_merge_changed() -> None:
    """Main merged into a branch (not knowing the main line) renumbered main's item there."""
    main = edit(BASE, new_item("INN-3", "Main item"))
    branch = edit(BASE, new_item("INN-3", "Branch item"))
    on_branch = merge(BASE, branch, main)  # git merge main, on the branch
    assert [(r.old, r.new) for r in on_branch.renumbered] == [("INN-3", "INN-4")]
    result = merge(main, main, on_branch.text)  # git merge branch, on main
    items = items_of(clean(result))
    assert items["INN-3"]["title"] == "Main item"
    assert items["INN-5"]["title"] == "Branch item"
    assert len(items) == 5
    assert [(r.old, r.new) for r in result.renumbered] == [("INN-3", "INN-5")]


def test_merging_the_main_line_in_renumbers_our_item_instead() -> None:
    """`git merge main` on a branch, or `git pull`: main's ids are published and stay."""
    main = edit(BASE, new_item("INN-3", "Main item"))
    branch = edit(
        BASE,
        new_item("INN-3", "Branch item"),
        new_item("PRV-2", "Needs it", "providers", depends_on=["INN-3"]),
    )
    result = merge(BASE, branch, main, main_lines=[items_of(main)])
    assert [(r.old, r.new, r.side) for r in result.renumbered] == [("INN-3", "INN-4", "ours")]
    items = items_of(clean(result))
    assert (items["INN-3"]["title"], items["INN-4"]["title"]) == ("Main item", "Branch item")
    assert items["PRV-2"]["depends_on"] == ["INN-4"]
    # The remote's default branch decides before the local one, which holds our item.
    result = merge(BASE, branch, main, main_lines=[items_of(main), items_of(branch)])
    assert [r.side for r in result.renumbered] == ["ours"]
    result = merge(BASE, branch, main, main_lines=[items_of(branch), items_of(main)])
    assert [r.side for r in result.renumbered] == ["theirs"]
    result = merge(BASE, branch, main)
    assert [r.side for r in result.renumbered] == ["theirs"]


def test_an_item_picked_twice_is_not_duplicated() -> None:
    """`git cherry-pick` renumbered it once; merging the branch later must not add it again."""
    main = edit(BASE, new_item("INN-3", "Main item"))
    branch = edit(BASE, new_item("INN-3", "Branch item"))
    picked = clean(merge(BASE, main, branch))
    assert items_of(picked)["INN-4"]["title"] == "Branch item"
    result = merge(BASE, picked, branch)
    assert items_of(clean(result)) == items_of(picked)
    assert result.notes == ["INN-3 (theirs) is INN-4 here: the same item, added on both sides"]


# --- no base, and what cannot be merged by items -------------------------------------------------


def test_both_sides_added_the_file() -> None:
    ours = edit(BASE, new_item("INN-3", "Ours"))
    theirs = edit(BASE, new_item("INN-3", "Theirs"), set_item("INN-1", progress=30))
    for base in (None, ""):
        result = merge(base, ours, theirs)
        items = items_of(clean(result))
        assert items["INN-4"]["title"] == "Theirs"
        assert items["INN-1"]["progress"] == 30
    # Without a base, a field that both sides hold with different values is a clash.
    result = merge(None, edit(ours, set_item("INN-1", progress=10)), theirs)
    assert not result.clean
    assert [c.what for c in result.conflicts] == ["item INN-1"]


def test_versions_that_are_not_toml_cannot_be_merged_by_items() -> None:
    with pytest.raises(MergeError, match=r"theirs is not valid TOML \(line 2\)"):
        merge(BASE, BASE, "[roadmap]\ntitle = \n")
    with pytest.raises(MergeError, match="ours is not valid TOML"):
        merge(BASE, "[[items]\n", BASE)


def test_a_shape_the_merge_does_not_edit_falls_back() -> None:
    ours = BASE + "\n[extra]\na = 1\n"
    theirs = BASE + "\n[extra]\na = 2\n"
    with pytest.raises(MergeError, match="'extra'"):
        merge(BASE, ours, theirs)
    # The same unknown table on one side only is kept: it is ours' text.
    assert merge(BASE, ours, edit(BASE, set_item("INN-1", progress=1))).text.endswith(
        "[extra]\na = 1\n"
    )


def test_equivalent_ignores_order() -> None:
    a = store.parse(edit(BASE, new_item("INN-3", "X")))
    b = store.parse(edit(BASE, new_item("INN-3", "X", "innovation")))
    b["items"] = list(reversed(b["items"]))
    b["owners"] = dict(reversed(list(b["owners"].items())))
    assert equivalent(a, b)
    b["items"][0] = {**b["items"][0], "status": "done"}
    assert not equivalent(a, b)


def test_a_big_file_merges_fast() -> None:
    import time

    blocks = [
        f'[[items]]\nid = "INN-{n}"\ntitle = "Item {n}"\narea = "innovation"\n'
        f'owners = ["sre"]\nstatus = "planned"\n'
        for n in range(3, 1003)
    ]
    base = BASE + "\n" + "\n".join(blocks)
    ours = edit(base, set_item("INN-500", status="in_progress"), new_item("INN-1003", "Ours"))
    theirs = edit(base, set_item("INN-700", progress=10), new_item("INN-1003", "Theirs"))
    start = time.perf_counter()
    result = merge(base, ours, theirs)
    assert time.perf_counter() - start < 5
    assert [(r.old, r.new) for r in result.renumbered] == [("INN-1003", "INN-1004")]
    assert len(items_of(clean(result))) == 1005
