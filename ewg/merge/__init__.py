"""Three-way merge of roadmap.toml by items and fields: the core of `ewg merge-driver`.

The file is seen as entities — `[roadmap]`, each area, owner, milestone and
indicator, each item (by id), each meeting (by date and title) and each
measurement (by indicator and date) — made of fields. The result
starts from our text; theirs' changes are applied to it with the store's line
edits, so our layout and comments stay byte for byte. A field that both sides
changed in different ways is a conflict, marked in git's style around that
entity only. Incoming (theirs') new items whose id we also use are renumbered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ewg import rules, shape, source, store
from ewg.errors import RoadmapFileError
from ewg.i18n import _
from ewg.merge.ids import (
    once,
    plan_ids,
    rename_data,
    rename_document,
    renamed_entries,
    renamed_refs,
)
from ewg.merge.merger import Merger
from ewg.merge.renames import rename as rename_text
from ewg.merge.renames import renamed_data
from ewg.merge.values import (
    LOOKUPS,
    MISSING,
    ORDER,
    OURS,
    SECTIONS,
    SINGULAR,
    THEIRS,
    Conflict,
    MergeError,
    MergeResult,
    Renumbering,
    entities,
    merge_fields,
    merge_lists,
    same,
    well_formed,
)
from ewg.store import Document

# --- reading -------------------------------------------------------------------------------------


def _parse(text: str, side: str) -> dict[str, Any]:
    try:
        return source.parse(text)
    except source.TomlSyntaxError as error:
        raise MergeError(_not_toml(side, error)) from None


def _not_toml(side: str, error: source.TomlSyntaxError) -> str:
    return _("{side} is not valid TOML (line {line}): {reason}").format(
        side=_(side), line=error.line, reason=error.message
    )


def _document(text: str, side: str) -> Document:
    """A version, parsed (through the parse cache: ours is often in it)."""
    doc = Document(text)
    try:
        doc.data  # noqa: B018  # parse now, to report a syntax error as this side's
    except source.TomlSyntaxError as error:
        raise MergeError(_not_toml(side, error)) from None
    return doc


def _structured(datas: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The sections that every version holds in a shape the merge handles (or not at all)."""
    versions = list(datas)
    return tuple(
        s for s in SECTIONS if all(d.get(s) is None or well_formed(s, d.get(s)) for d in versions)
    )


def _check_rest(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    kept: tuple[str, ...],
) -> None:
    """Refuse when theirs changed something outside the entities that ours does not hold."""
    for key in dict.fromkeys([*base, *ours, *theirs]):
        if key in kept:
            continue
        b, o, t = (d.get(key, MISSING) for d in (base, ours, theirs))
        if not same(b, t) and not same(o, t):
            raise MergeError(
                _("both sides changed {key}, which cannot be merged item by item").format(
                    key=repr(key)
                )
            )


def _rename_lookups(
    merger: Merger, base: Mapping[str, Any], sides: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Point references to a renamed area, owner, milestone or indicator at its new id; one
    both sides renamed, to two ids, is a conflict (one institution must not become two)."""
    notes: list[str] = []
    for section in LOOKUPS:
        found = {
            side: renamed_entries(section, base.get(section) or {}, data.get(section) or {})
            for side, data in sides.items()
        }
        table = merger.doc.data.get(section) or {}
        renames = {old: (new, side) for side, pairs in found.items() for old, new in pairs.items()}
        for old, (new, side) in renames.items():
            ours, theirs = found[OURS].get(old), found[THEIRS].get(old)
            if ours is not None and theirs is not None and ours != theirs:
                if theirs in table:
                    merger.conflicts[(section, theirs)] = (
                        "ours-removed",
                        {},
                        _("renamed {old} to {ours} on ours and to {theirs} on theirs").format(
                            old=old, ours=ours, theirs=theirs
                        ),
                    )
                continue
            if old in table or new not in table:
                continue
            touched = _rewrite_references(merger, section, old, new)
            if touched:
                notes.append(_renamed_note(section, old, new, side, touched))
    return notes


def _renamed_note(section: str, old: str, new: str, side: str, touched: list[str]) -> str:
    return _("{what} {old} was renamed {new} ({side}): references in {where} follow").format(
        what=_(SINGULAR[section]), old=old, new=new, side=_(side), where=", ".join(touched)
    )


def _replay_renames(
    base: dict[str, Any], ours: Document, theirs: Document, kept: tuple[str, ...]
) -> tuple[dict[str, Any], Document, Document, list[str]]:
    """Make on the other side (and on the base) the renames of areas, owners, milestones
    and indicators that one side made, so that the entry is one entity when merging field
    by field: a rename on one side and an edit of the entry, or a new reference to it, on
    the other then merge cleanly. The other side's text changes only in the renamed tokens."""
    docs = {OURS: ours, THEIRS: theirs}
    notes: list[str] = []
    for section in LOOKUPS:
        if section not in kept:
            continue
        found = {
            side: renamed_entries(section, base.get(section) or {}, doc.data.get(section) or {})
            for side, doc in docs.items()
        }
        for side, other_side in ((OURS, THEIRS), (THEIRS, OURS)):
            for old, new in found[side].items():
                other = docs[other_side]
                table = other.data.get(section) or {}
                if old in found[other_side] or old not in table or new in table:
                    continue
                try:
                    renamed, _count = rename_text(other, section, old, new)
                except RoadmapFileError:
                    continue  # left to the merge by entities, as before
                touched = _references_changed(base, other.data, renamed.data)
                docs[other_side] = renamed
                base = renamed_data(base, section, old, new)
                if touched:
                    notes.append(_renamed_note(section, old, new, side, touched))
    return base, docs[OURS], docs[THEIRS], notes


def _references_changed(
    base: Mapping[str, Any], before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[str]:
    """The entries that a replayed rename changed and that this side added or edited
    (those the side left as in the base are no news): items, meetings, measurements,
    indicators (their owners)."""
    base_items = {t.get("id"): t for t in base.get("items") or [] if isinstance(t, dict)}
    touched = [
        str(b.get("id"))
        for b, a in zip(before.get("items") or [], after.get("items") or [], strict=False)
        if b != a and base_items.get(b.get("id")) != b
    ]
    for section in ("meetings", "measurements"):
        old = list(base.get(section) or [])
        touched += [
            _referrer(section, b)
            for b, a in zip(before.get(section) or [], after.get(section) or [], strict=False)
            if b != a and b not in old
        ]
    base_indicators = base.get("indicators") or {}
    after_indicators = after.get("indicators") or {}
    touched += [
        _referrer("indicators", b, key)
        for key, b in (before.get("indicators") or {}).items()
        if b != after_indicators.get(key) and base_indicators.get(key) != b
    ]
    return touched


def _referrer(section: str, table: Mapping[str, Any], key: Any = None) -> str:
    """How a note names an entry whose references followed a rename."""
    if section == "items":
        return str(table.get("id"))
    if section == "meetings":
        return _("meeting {date}").format(date=table.get("date"))
    if section == "measurements":
        return _("measurement of {indicator} on {date}").format(
            indicator=table.get("indicator"), date=table.get("date")
        )
    return f"{_(SINGULAR[section])} {key}"


def _rewrite_references(merger: Merger, section: str, old: str, new: str) -> list[str]:
    """Point every reference to `old` at `new` in the result, where shape.REFERENCES says
    entries refer to a `section` entry; the entries changed, as a note names them."""
    touched: list[str] = []
    for where, field_name in shape.REFERENCES.get(section, ()):
        found = merger.doc.data.get(where)
        entries = list(found.items() if isinstance(found, dict) else enumerate(found or []))
        for key, table in entries:
            value = table.get(field_name)
            fixed = renamed_refs(value, {old: new}) if isinstance(value, list) else None
            if isinstance(value, str) and value == old:
                fixed = new
            if fixed is None:
                continue
            change = {field_name: fixed}
            if where == "items":
                merger.doc = store.set_item_fields(merger.doc, table["id"], change)
            elif where in LOOKUPS:
                merger.doc = store.set_table_fields(
                    merger.doc, (where, key), change, 0, ORDER[where]
                )
            else:
                merger.doc = store.set_table_fields(merger.doc, (where,), change, key, ORDER[where])
            touched.append(_referrer(where, table, key))
    return touched


def _comment_lines(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def _lost_comments(base: str, theirs: str, result: str) -> list[str]:
    """Comment lines theirs added that the result does not hold."""
    added = _comment_lines(theirs) - _comment_lines(base)
    missing = added - _comment_lines(result)
    return list(missing.elements())


def equivalent(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same roadmap, whatever the order of items, tables and keys."""
    kept = _structured([a, b])
    rest_a = {k: v for k, v in a.items() if k not in kept}
    rest_b = {k: v for k, v in b.items() if k not in kept}
    ea, eb = entities(a, kept), entities(b, kept)
    return same(rest_a, rest_b) and ea.keys() == eb.keys() and all(same(ea[k], eb[k]) for k in ea)


def merge(
    base: str | None,
    ours: str,
    theirs: str,
    reserved: Mapping[str, int] | Callable[[], Mapping[str, int]] = MappingProxyType({}),
    line_merged: str | None = None,
    name: str = store.FILE_NAME,
    main_lines: Sequence[Mapping[str, Any]] | Callable[[], Sequence[Mapping[str, Any]]] = (),
) -> MergeResult:
    """Merge three versions of roadmap.toml; `base` None (or empty) when both sides added the file.

    `reserved` holds the highest number of each prefix used anywhere else (other
    branches), so that a renumbered item takes a number no branch uses. It and
    `main_lines` may be functions, called only when ids collide. When
    `line_merged` (git's line merge, without conflicts) says the same as the
    merge by items, it is the result: it keeps theirs' comments and layout too.
    `main_lines` holds the items of the default branches, by id (see `plan_ids`).
    Raises MergeError when the versions cannot be merged item by item.
    """
    base_data = _parse(base or "", "base")
    ours_doc = _document(ours, OURS)
    theirs_doc = _document(theirs, THEIRS)
    kept = _structured([base_data, ours_doc.data, theirs_doc.data])
    _check_rest(base_data, ours_doc.data, theirs_doc.data, kept)
    items = [
        {e[1]: t for e, t in entities(data, ("items",) if "items" in kept else ()).items()}
        for data in (base_data, ours_doc.data, theirs_doc.data)
    ]
    plan = plan_ids(items[0], items[1], items[2], once(reserved), once(main_lines))
    try:
        ours_doc = rename_document(ours_doc, plan.ours)
        theirs_doc = rename_document(theirs_doc, plan.theirs)
        base_lookups, ours_doc, theirs_doc, replayed = _replay_renames(
            base_data, ours_doc, theirs_doc, kept
        )
        base_renamed = rename_data(base_lookups, plan.base)
        merger = Merger(entities(base_renamed, kept), ours_doc, theirs_doc, kept)
        merger.run()
        notes = (
            plan.notes
            + replayed
            + _rename_lookups(merger, base_data, {OURS: ours_doc.data, THEIRS: theirs_doc.data})
        )
        result = MergeResult(merger.doc.text, renumbered=plan.renumbered, notes=notes)
        if merger.conflicts:
            result.text, result.conflicts = merger.mark()
    except RoadmapFileError as error:
        raise MergeError(error.message) from None
    if not merger.conflicts:
        from ewg.validate import locate

        new = rules.new_errors([ours_doc.data, theirs_doc.data], merger.doc.data)
        result.errors = locate(new, result.text, name) if new else []
    if result.clean and line_merged is not None and line_merged != result.text:
        try:
            candidate = source.parse(line_merged)
        except source.TomlSyntaxError:
            candidate = None
        if candidate is not None and equivalent(candidate, merger.doc.data):
            result.text = line_merged
    if result.text != line_merged:
        for line in _lost_comments(base or "", theirs, result.text):
            result.notes.append(_("theirs' comment was not kept: {line}").format(line=line))
    return result


__all__ = [
    "Conflict",
    "MergeError",
    "MergeResult",
    "Renumbering",
    "equivalent",
    "merge",
    "merge_fields",
    "merge_lists",
    "same",
]
