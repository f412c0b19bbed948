"""Each item's story through the merges of the branch's line (`ewg.history.line`).

At a merge, an item's story continues in the parent whose version of the item
the merge kept (git's history simplification, per item and not per file).
`simplify` rewrites the changes each merge brought to the branch that way: a
change comes with the side commit that made it, an item renumbered by the merge
driver is one `renumbered` event and keeps its earlier changes, and a change
that only a parent order produced is not reported.

Only `ewg.repo` starts git.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ewg import repo as gateway
from ewg.change import item_identity
from ewg.diff import ADDED, REMOVED, RENUMBERED, Change, diff_item
from ewg.events import Commit, Event
from ewg.history.log import FORMAT, parse_log

if TYPE_CHECKING:
    from ewg.history.log import OnProgress, Versions


def subject(change: Change) -> str:
    """What a change is about, as one key: an item id, a table entry, a meeting, a field."""
    if change.item is not None:
        return change.item
    kind = change.kind
    if kind == "roadmap_changed":
        return f"\x00roadmap\x00{change.field}"
    if kind.startswith("file_"):
        return "\x00file"
    return f"\x00{kind.rpartition('_')[0]}\x00{change.key}"


def _what(change: Change) -> tuple[str, str | None]:
    return change.kind, change.field


def _by_subject(changes: Iterable[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for change in changes:
        out.setdefault(subject(change), []).append(change)
    return out


class _Graph:
    """The commits behind the tip, the branch's line through them, and who brought what."""

    def __init__(self, root: Any, tip: str, main: Mapping[str, str]) -> None:
        self.parents: dict[str, list[str]] = {}
        for line in gateway.git(["rev-list", "--parents", "--end-of-options", tip], root).split(
            b"\n"
        ):
            ids = line.decode().split()
            if ids:
                self.parents[ids[0]] = ids[1:]
        line_ids: list[str] = []
        at: str | None = tip
        while at is not None and at in self.parents:
            line_ids.append(at)
            parents = self.parents[at]
            at = main.get(at, parents[0]) if parents else None
        line_ids.reverse()
        self.position = {commit: i for i, commit in enumerate(line_ids)}
        self.line = line_ids
        self._owned: set[str] = set()
        self.side: dict[tuple[str, str], set[str]] = {}  # (merge, parent) -> what it brought
        self.fork: dict[
            tuple[str, str], int
        ] = {}  # (merge, parent) -> newest line position it reaches
        self._main = main

    def walk(self) -> None:
        """Hand each merge on the line the commits its side parents alone bring, oldest first."""
        for commit in self.line:
            parents = self.parents.get(commit, [])
            if len(parents) < 2:
                continue
            first = self._main.get(commit, parents[0])
            for parent in parents:
                if parent == first:
                    continue
                brought, fork = set(), -1
                stack, seen = [parent], set()
                while stack:
                    at = stack.pop()
                    if at in seen:
                        continue
                    seen.add(at)
                    where = self.position.get(at)
                    if where is not None:
                        fork = max(fork, where)
                        continue
                    if at not in self._owned:
                        self._owned.add(at)
                        brought.add(at)
                    stack.extend(self.parents.get(at, ()))
                self.side[(commit, parent)] = brought
                self.fork[(commit, parent)] = fork


def simplify(
    hist: Versions,
    events: list[Event],
    selected: Sequence[Commit],
    before: Mapping[str, str | None],
    tip: str,
    main: Mapping[str, str],
    progress: OnProgress | None,
) -> list[Event]:
    """The events of a first-parent walk, with each merge's changes told per item.

    `before` holds, for each merge of `selected` whose version was compared, the
    blob it was compared with (the branch's version before it).
    """
    merges = [c for c in selected if c.id in before and c.blob is not None]
    if not merges:
        return events
    root, path = hist.repo.root, hist.repo.path
    graph = _Graph(root, tip, main)
    graph.walk()
    # Blobs of the side parents, in one go.
    sides = {(m.id, p) for m in merges for p in m.parents if p != main.get(m.id, m.parents[0])}
    parents = sorted({p for m in merges for p in m.parents})
    blob_of = _blobs_at(root, path, parents)
    # The commits (not merges) that touched the file, with the blob before and after.
    args = ["log", "--no-merges", "--full-history", "--topo-order", "--raw", "--no-abbrev"]
    args += ["--no-renames", "--no-color", "--no-show-signature", FORMAT, "--end-of-options"]
    made = {c.id: c for c in parse_log(gateway.git([*args, tip, "--", path], root))}
    wanted = set().union(*(graph.side.get(s, set()) for s in sides)) if sides else set()
    side_commits = [c for c in made.values() if c.id in wanted and c.blob is not None]
    hist.load(
        [b for c in side_commits for b in (c.before, c.blob) if b]
        + [b for b in blob_of.values() if b]
        + [m.blob for m in merges if m.blob]
        + [b for b in before.values() if b],
        progress,
    )

    def readable(blob: str | None) -> bool:
        return blob is not None and hist.info(blob)[0] is None

    def story(merge: Commit, parent: str) -> dict[str, list[Event]]:
        """What the commits a side parent brought did, per subject, oldest first."""
        out: dict[str, list[Event]] = {}
        brought = graph.side.get((merge.id, parent), set())
        for commit in side_commits:
            if commit.id not in brought or not readable(commit.blob):
                continue
            if commit.before is not None and not readable(commit.before):
                continue
            assert commit.blob is not None
            for change in hist.changes(commit.before, commit.blob):
                out.setdefault(subject(change), []).append(Event(commit, change, merge))
        return out

    rank = {c.id: i for i, c in enumerate(side_commits)}
    # The events of each commit of the range, by the position of the commit.
    steps: dict[str, list[Event]] = {}
    order: list[str] = []
    for event in events:
        key = event.landed.id
        if key not in steps:
            steps[key] = []
            order.append(key)
        steps[key].append(event)
    for merge in merges:
        base = before[merge.id]
        if not readable(merge.blob) or not readable(base):
            continue
        if base != blob_of.get(main.get(merge.id, merge.parents[0])):
            continue  # compared with another version (the range starts inside the merge)
        _one_merge(hist, graph, merge, base, blob_of, main, steps, order, story, rank)
    return [e for key in order for e in steps[key]]


def _blobs_at(root: Any, path: str, commits: list[str]) -> dict[str, str | None]:
    """The file's blob at each commit (None where the commit has no such file)."""
    if not commits:
        return {}
    request = "".join(f"{c}:{path}\n" for c in commits).encode("utf-8")
    out = gateway.git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], root, request)
    found: dict[str, str | None] = {}
    for commit, line in zip(commits, out.decode("utf-8", "replace").splitlines(), strict=False):
        words = line.split()
        found[commit] = words[0] if len(words) == 2 and words[1] == "blob" else None
    return found


def _one_merge(
    hist: Versions,
    graph: _Graph,
    merge: Commit,
    base: str | None,
    blob_of: Mapping[str, str | None],
    main: Mapping[str, str],
    steps: dict[str, list[Event]],
    order: list[str],
    story: Any,
    rank: Mapping[str, int],
) -> None:
    """Tell the changes `merge` brought to the branch per item (see `simplify`)."""
    assert merge.blob is not None
    first = main.get(merge.id, merge.parents[0])
    sides = [p for p in merge.parents if p != first]
    d_events = steps.get(merge.id, [])
    if not d_events:
        return
    against: dict[str, dict[str, set[tuple[str, str | None]]] | None] = {}
    for parent in sides:
        blob = blob_of.get(parent)
        if blob is None or hist.info(blob)[0] is not None:
            against[parent] = None  # no readable file there: it kept nothing
            continue
        against[parent] = {
            s: {_what(c) for c in changes}
            for s, changes in _by_subject(hist.changes(blob, merge.blob)).items()
        }
    stories: dict[str, dict[str, list[Event]]] = {}

    def side_story(parent: str, key: str) -> list[Event]:
        if parent not in stories:
            stories[parent] = story(merge, parent)
        return stories[parent].get(key, [])

    def has(parent: str, key: str) -> bool:
        diffs = against[parent]
        return diffs is not None and (ADDED, None) not in diffs.get(key, set())

    def kept(parent: str, key: str) -> bool:
        diffs = against[parent]
        return diffs is not None and key not in diffs

    position = graph.position

    def mainline_only(parent: str) -> set[str]:
        fork = graph.fork.get((merge.id, parent), -1)
        here = position.get(merge.id, len(position))
        return {k for k in order if fork < position.get(k, -1) < here}

    grouped: dict[str, list[Event]] = {}
    for event in d_events:
        grouped.setdefault(subject(event.change), []).append(event)
    out: list[Event] = []
    dropped: set[str] = set()  # subjects whose removal at the merge is part of a renumbering
    moves: list[tuple[str, str, str]] = []  # (old id, new id, parent it came from)
    elsewhere: list[tuple[str, str]] = []  # (subject, side parent whose version was kept)
    renumbered = _renumbered(hist, merge, base, blob_of, first, sides, grouped, has)
    for key, events in grouped.items():
        if key == "\x00file":
            out.extend(events)
            continue
        if key in renumbered:
            old, parent, own = renumbered[key]
            if parent == first:
                moves.append((old, key, first))
                dropped.add(old)
            else:
                earlier = side_story(parent, old)
                out.extend(e._replace(current=key) for e in earlier)
                if not earlier:  # no side commit added it: the merge's own addition stays
                    out.extend(events)
            change = events[0].change
            out.append(
                Event(
                    merge,
                    change._replace(kind=RENUMBERED, old=old, new=key, field=None),
                )
            )
            out.extend(Event(merge, c) for c in own)
            continue
        same = [p for p in sides if kept(p, key)]
        if same:
            told = side_story(same[0], key)
            if not told:  # no side commit made it (a merge on the side did): the merge's
                out.extend(events)
                continue
            elsewhere.append((key, same[0]))
            out.extend(told)
            continue
        # Kept from no parent: the merge's own changes, and what each side did to it.
        holders = [p for p in sides if has(p, key)]
        for parent in holders:
            out.extend(side_story(parent, key))
        for event in events:
            what = _what(event.change)
            if event.change.kind == ADDED and holders:
                continue  # a side added it; the merge's own changes to it follow
            if any(what not in (against[p] or {}).get(key, set()) for p in holders):
                continue  # a side made this very change
            out.append(event)
        if events[0].change.kind == ADDED and holders:
            out.extend(
                Event(merge, c)
                for c in _changes_between(hist, blob_of[holders[0]], merge.blob, key)
                if all(_what(c) in (against[p] or {}).get(key, set()) for p in holders)
            )
    for old, new, _parent in moves:
        for commit_id in mainline_only(sides[0]) if sides else set():
            steps[commit_id] = [
                e._replace(current=new) if e.current is None and subject(e.change) == old else e
                for e in steps[commit_id]
            ]
    for key, parent in elsewhere:
        for commit_id in mainline_only(parent):
            steps[commit_id] = [
                e for e in steps[commit_id] if (e.current or subject(e.change)) != key
            ]
    # What the side commits did first, in the order they were made; then the merge's own.
    out.sort(key=lambda e: (e.commit.id == merge.id, rank.get(e.commit.id, 0)))
    steps[merge.id] = [
        e
        for e in out
        if not (e.commit.id == merge.id and e.change.kind == REMOVED and e.change.item in dropped)
    ]


def _changes_between(hist: Versions, old: str | None, new: str, key: str) -> list[Change]:
    return [c for c in hist.changes(old, new) if subject(c) == key]


def _renumbered(
    hist: Versions,
    merge: Commit,
    base: str | None,
    blob_of: Mapping[str, str | None],
    first: str,
    sides: list[str],
    grouped: Mapping[str, list[Event]],
    has: Any,
) -> dict[str, tuple[str, str, list[Change]]]:
    """Items the merge driver renumbered at this merge: new id -> (old id, the parent that
    had it, the merge's own changes to it).

    An item the merge added (no parent has its id) is a renumbered one when a
    parent holds, under another id, an item with its title, area and `created`,
    and the merge no longer has that item under that id.
    """
    added = [
        key
        for key, events in grouped.items()
        if events[0].change.kind == ADDED
        and events[0].change.item is not None
        and not any(has(p, key) for p in sides)
    ]
    if not added:
        return {}
    assert merge.blob is not None
    after = hist.version(merge.blob)
    if isinstance(after, str):
        return {}
    versions: list[tuple[str, Mapping[str, Mapping[str, Any]]]] = []
    for parent, blob in [(first, base), *((p, blob_of.get(p)) for p in sides)]:
        if blob is None:
            continue
        version = hist.version(blob)
        if not isinstance(version, str):
            versions.append((parent, version.items))
    found: dict[str, tuple[str, str, list[Change]]] = {}
    for key in added:
        table = after.items.get(key)
        if table is None:
            continue
        ident = item_identity(table)
        for parent, items in versions:
            matches = [
                old
                for old, was in items.items()
                if old != key
                and item_identity(was) == ident
                and (old not in after.items or item_identity(after.items[old]) != ident)
            ]
            if len(matches) == 1:
                old = matches[0]
                found[key] = (old, parent, diff_item(key, items[old], table))
                break
    return found
