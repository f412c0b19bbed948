"""ewg.diff: every kind of change between two parsed roadmaps, as data."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewg.diff import Change, diff, diff_items, index_items, plain, same
from tests.history_data import D, item, meeting, roadmap


def parse(*items: str, **kwargs: Any) -> dict[str, Any]:
    return tomllib.loads(roadmap(*items, **kwargs))


BASE = item("INN-1", "Map capacity", "innovation", owners=["uc"], due=D("2024-03-31"))


def changes_of(old_item: str, new_item: str) -> list[Change]:
    return diff(parse(old_item), parse(new_item))


def test_identical_documents_have_no_changes() -> None:
    data = parse(BASE)
    assert diff(data, data) == []
    assert diff(data, parse(BASE)) == []


def test_added_and_removed_items_carry_the_whole_item() -> None:
    other = item("GOV-1", "Committee", "governance", owners=["sre"])
    added = diff(parse(BASE), parse(BASE, other))
    assert [(c.kind, c.item, c.area, c.title, c.owners) for c in added] == [
        ("added", "GOV-1", "governance", "Committee", ("sre",))
    ]
    assert added[0].new["status"] == "planned" and added[0].old is None
    removed = diff(parse(BASE, other), parse(BASE))
    assert [(c.kind, c.item, c.old["title"], c.new) for c in removed] == [
        ("removed", "GOV-1", "Committee", None)
    ]


def test_status_change() -> None:
    [change] = changes_of(BASE, BASE.replace('"planned"', '"in_progress"'))
    assert (change.kind, change.item, change.old, change.new) == (
        "status",
        "INN-1",
        "planned",
        "in_progress",
    )
    assert change.area == "innovation" and change.owners == ("uc",)


@pytest.mark.parametrize(
    ("new_due", "days"),
    [("2024-05-15", 45), ("2024-03-01", -30), ("2024-03-31", None)],
)
def test_due_date_moved_with_the_slip_in_days(new_due: str, days: int | None) -> None:
    changes = changes_of(BASE, BASE.replace("2024-03-31", new_due))
    if days is None:
        assert changes == []
        return
    [change] = changes
    assert (change.kind, change.old, change.new, change.days) == (
        "due",
        "2024-03-31",
        new_due,
        days,
    )


def test_due_date_set_and_cleared_has_no_slip() -> None:
    without = item("INN-1", "Map capacity", "innovation", owners=["uc"])
    [cleared] = changes_of(BASE, without)
    assert (cleared.kind, cleared.old, cleared.new, cleared.days) == (
        "due",
        "2024-03-31",
        None,
        None,
    )
    [set_] = changes_of(without, BASE)
    assert (set_.old, set_.new, set_.days) == (None, "2024-03-31", None)


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("owners", ["uc"], ["uc", "sre"]),
        ("title", "Map capacity", "Map the capacity"),
        ("milestone", None, "draft"),
        ("progress", 20, 60),
        ("depends_on", ["GOV-1"], ["GOV-1", "GOV-2"]),
        ("tags", None, ["batteries"]),
        ("title_es", None, "Mapear la capacidad"),
        ("notes", "a", "b"),
        ("links", ["https://a.example"], []),
        ("reason", None, "Waiting"),
        ("start", dt.date(2024, 1, 1), dt.date(2024, 2, 1)),
        ("created", None, dt.date(2023, 1, 1)),
        ("completed", None, dt.date(2024, 1, 1)),
        ("area", "innovation", "governance"),
        ("colour", None, "blue"),  # unknown keys are reported too, under their own name
    ],
)
def test_every_field_of_an_item(field: str, old: Any, new: Any) -> None:
    def make(value: Any) -> str:
        fields: dict[str, Any] = {"owners": ["uc"]}
        area = "innovation"
        title = "Map capacity"
        if field == "area":
            area = value
        elif field == "title":
            title = value
        elif field == "owners":
            fields["owners"] = value
        elif value is not None:
            fields[field] = value
        return item("INN-1", title, area, **fields)

    [change] = changes_of(make(old), make(new))
    assert change.kind == field and change.field == field and change.item == "INN-1"
    assert change.old == plain(old) and change.new == plain(new)
    if field == "area":
        assert change.area == "governance"  # the item's area after the change


def test_several_fields_in_the_usual_key_order() -> None:
    new = item(
        "INN-1", "Other", "innovation", "done", owners=["sre"], due=D("2024-04-01"), progress=100
    )
    kinds = [c.kind for c in changes_of(BASE, new)]
    assert kinds == ["title", "owners", "status", "due", "progress"]


def test_values_of_other_types_differ() -> None:
    one = item("INN-1", "x", "innovation", progress=1)
    assert changes_of(one, one.replace("progress = 1", "progress = 1.0"))[0].new == 1.0
    assert changes_of(one, one.replace("progress = 1", "progress = true"))[0].new is True


def test_duplicate_ids_first_wins_and_items_without_id_are_ignored() -> None:
    first = item("INN-1", "First", "innovation")
    second = item("INN-1", "Second", "innovation")
    assert index_items(parse(first, second)["items"])["INN-1"]["title"] == "First"
    no_id = "[[items]]\ntitle = 'x'\n"
    assert diff(parse(first), parse(first, no_id)) == []


@pytest.mark.parametrize("table", ["areas", "owners", "milestones"])
def test_lookup_tables_added_changed_removed(table: str) -> None:
    singular = table[:-1]
    before = parse(BASE)
    after = parse(BASE)
    key = next(iter(before[table]))
    after[table] = dict(after[table])
    after[table][key] = {**after[table][key], "name": "Renamed", "title": "Renamed"}
    after[table]["new-one"] = {"name": "New", "title": "New"}
    removed = next(k for k in before[table] if k != key) if len(before[table]) > 1 else None
    if removed:
        del after[table][removed]
    changes = diff(before, after)
    kinds = {(c.kind, c.key) for c in changes}
    assert (f"{singular}_added", "new-one") in kinds
    assert any(
        c.kind == f"{singular}_changed" and c.key == key and c.new == "Renamed" for c in changes
    )
    if removed:
        assert (f"{singular}_removed", removed) in kinds
    assert all(c.item is None for c in changes)
    if singular == "area":
        assert all(c.area == c.key for c in changes)


def test_meetings_recorded_and_removed() -> None:
    one = meeting(D("2023-11-21"), "Second session")
    two = meeting(D("2024-01-10"), "Third session")
    added = diff(parse(BASE, meetings=one), parse(BASE, meetings=one + "\n" + two))
    assert [(c.kind, c.key, c.new["title"]) for c in added] == [
        ("meeting_added", "2024-01-10", "Third session")
    ]
    removed = diff(parse(BASE, meetings=one), parse(BASE))
    assert [(c.kind, c.key) for c in removed] == [("meeting_removed", "2023-11-21")]


def test_roadmap_title_changed() -> None:
    before = parse(BASE)
    after = {**before, "roadmap": {**before["roadmap"], "title": "New title"}}
    [change] = diff(before, after)
    assert (change.kind, change.field, change.old, change.new) == (
        "roadmap_changed",
        "title",
        "Test roadmap",
        "New title",
    )


def test_order_tables_then_items_then_meetings() -> None:
    before = parse(BASE)
    after = tomllib.loads(
        roadmap(BASE.replace("Map capacity", "Mapped"), meetings=meeting(D("2023-11-21"), "S"))
    )
    after["owners"] = {**after["owners"], "cfe": {"name": "CFE"}}
    assert [c.kind for c in diff(before, after)] == ["owner_added", "title", "meeting_added"]


def test_wrong_shapes_do_not_break_the_diff() -> None:
    assert diff({"items": "nope", "areas": []}, {"items": [1, {"id": 3}], "meetings": "x"}) == []


def test_plain_values_are_json_ready() -> None:
    value = {
        "d": dt.date(2024, 1, 2),
        "t": dt.datetime(2024, 1, 2, 3, 4),
        "l": [1, [dt.time(5, 6)]],
    }
    assert plain(value) == {"d": "2024-01-02", "t": "2024-01-02T03:04:00", "l": (1, ("05:06:00",))}


def test_same_is_type_aware() -> None:
    assert same([1, {"a": 2}], [1, {"a": 2}])
    assert not same(1, True) and not same(1, 1.0) and not same([1], [True])
    assert not same({"a": 1}, {"b": 1})


def test_change_round_trips_through_a_plain_tuple() -> None:
    change = Change(
        "due", "INN-1", "innovation", None, "due", "2024-01-01", "2024-02-01", 31, ("uc",), "T"
    )
    data = change.to_tuple()
    assert type(data) is tuple and Change.from_tuple(data) == change
    for junk in [(), ("x",) * 10, [1] * 10, (1, *([None] * 7), (), "")]:
        with pytest.raises(ValueError):
            Change.from_tuple(junk)


ids = st.sampled_from(["INN-1", "INN-2", "GOV-1", "GOV-2"])
statuses = st.sampled_from(["planned", "in_progress", "blocked", "done", "dropped"])
tables = st.fixed_dictionaries(
    {"id": ids, "title": st.text(max_size=5), "area": st.just("innovation"), "status": statuses},
    optional={
        "owners": st.lists(st.sampled_from(["uc", "sre"]), max_size=2),
        "progress": st.integers(0, 100),
    },
)


@given(st.lists(tables, max_size=5), st.lists(tables, max_size=5))
def test_diff_accounts_for_every_item(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    changes = diff({"items": old}, {"items": new})
    before, after = index_items(old), index_items(new)
    assert {c.item for c in changes if c.kind == "added"} == after.keys() - before.keys()
    assert {c.item for c in changes if c.kind == "removed"} == before.keys() - after.keys()
    for item_id in before.keys() & after.keys():
        fields = {c.kind for c in changes if c.item == item_id}
        expected = {
            k
            for k in {*before[item_id], *after[item_id]}
            if not same(before[item_id].get(k), after[item_id].get(k))
        }
        assert fields == expected
    assert diff({"items": new}, {"items": new}) == []


def test_diff_items_skips_the_very_same_tables() -> None:
    table = {"id": "INN-1", "title": "x"}
    assert diff_items({"INN-1": table}, {"INN-1": table}) == []
