"""Random edits on random roadmaps keep the file valid TOML and leave other items untouched."""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewg.model import Roadmap
from ewg.store import Document, add_item, remove_item, set_item_fields
from ewg.tomlscan import scan
from ewg.tomlwrite import format_table

AREAS = {"innovation": "INN", "governance": "GOV"}
text_values = st.text(min_size=1, max_size=30)  # any code point tomllib can hold
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def roadmaps(draw: st.DrawFn) -> str:
    """A roadmap text with a few items, laid out with comments and blank lines."""
    parts = ['# comment\n[roadmap]\ntitle = "R"\n']
    for area, prefix in AREAS.items():
        parts.append(f'\n[areas.{area}]\nname = "{area}"\nprefix = "{prefix}"\n')
    count = draw(st.integers(0, 6))
    for n in range(1, count + 1):
        area = draw(st.sampled_from(sorted(AREAS)))
        table = {
            "id": f"{AREAS[area]}-{n}",
            "title": draw(text_values),
            "area": area,
            "status": "planned",
        }
        if draw(st.booleans()):
            table["due"] = draw(dates)
        separator = draw(st.sampled_from(["\n", "\n# about the next item\n", "\n\n"]))
        parts.append(separator + format_table("[[items]]", table))
    return "".join(parts)


def blocks(doc: Document) -> dict[str, str]:
    """The text of every item's block, by id."""
    out = {}
    for index, table in enumerate(doc.data.get("items", [])):
        start, end, _next = doc.item_block(index)
        out[table["id"]] = doc.text[start:end]
    return out


operation = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(sorted(AREAS)), text_values),
    st.tuples(
        st.just("set"),
        st.integers(0, 10),
        st.sampled_from(["title", "notes", "reason"]),
        text_values,
    ),
    st.tuples(st.just("due"), st.integers(0, 10), dates),
    st.tuples(st.just("done"), st.integers(0, 10), dates),
    st.tuples(st.just("rm"), st.integers(0, 10)),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(), st.lists(operation, max_size=8), st.booleans())
def test_random_edits_keep_the_file_valid_and_other_items_untouched(
    text: str,
    ops: list[tuple],  # type: ignore[type-arg]
    light: bool,
) -> None:
    if light:  # the way `ewg done` reads: the model from its cache, no full parse
        Document(text).roadmap  # noqa: B018  # fills the cache
    doc = Document(text)
    doc.touched = set()
    if not light:
        doc.data  # noqa: B018  # the way a first, uncached read goes
    doc.roadmap  # noqa: B018
    assert (doc._data is None) == light
    for op in ops:
        before = blocks(doc)
        ids = list(before)
        if op[0] == "add":
            prefix = AREAS[op[1]]
            number = 1 + max((int(i.split("-")[1]) for i in ids if i.startswith(prefix)), default=0)
            touched = f"{prefix}-{number}"
            doc = add_item(doc, {"id": touched, "title": op[2], "area": op[1], "status": "planned"})
        elif not ids:
            continue
        else:
            touched = ids[op[1] % len(ids)]
            if op[0] == "set":
                doc = set_item_fields(doc, touched, {op[2]: op[3]})
            elif op[0] == "due":
                doc = set_item_fields(doc, touched, {"due": op[2]})
            elif op[0] == "done":
                doc = set_item_fields(doc, touched, {"status": "done", "completed": op[2]})
            else:
                doc = remove_item(doc, touched)
        parsed = tomllib.loads(doc.text)  # still valid TOML
        assert doc.roadmap == Roadmap.from_doc(parsed)  # the incremental model is right
        assert doc.tables == [(h.kind, h.keys, h.start) for h in scan(doc.text).headers]
        if doc._data is not None:
            assert doc._data == parsed  # and so is the incremental parse
        after = blocks(doc)
        for item_id, block in before.items():
            if item_id != touched:
                assert after[item_id] == block
