"""Build a git repository with a long, realistic history of roadmap.toml.

Usage: python benchmarks/gen_history.py --commits 1000 --start-items 200 --end-items 500 -o DIR

Every commit edits a few items the way members do (add, status change, due
date, owners, title, progress, tags, occasionally a removal or a meeting), by
editing lines of the text, so diffs stay as small as real ones. All commits
are streamed to one ``git fast-import`` process, with fixed authors and fixed,
increasing dates: the same arguments give the same commit ids.

Importable: ``build_history_repo(path, commits, start_items, end_items, seed)``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

try:  # imported as benchmarks.gen_history
    from . import gen_roadmap as gr
except ImportError:  # run as a script, or imported with benchmarks/ on sys.path
    import gen_roadmap as gr  # type: ignore[no-redef]

# (name, email, UTC offset); the first one makes the initial commit.
AUTHORS: tuple[tuple[str, str, str], ...] = (
    ("EWG Secretariat", "secretariat@ewg.example.org", "-0600"),
    ("María Fernanda López", "mflopez@economia.example.mx", "-0600"),
    ("James Carter", "jcarter@energy.example.gov", "-0500"),
    ("Lucía Hernández", "lhernandez@unam.example.mx", "-0600"),
    ("Robert Kim", "rkim@autoinnovators.example.org", "-0400"),
    ("Diego Ramírez", "dramirez@tec.example.mx", "-0600"),
    ("Sarah O'Neil", "soneil@uc.example.edu", "-0700"),
)
FIRST_COMMIT = datetime(2023, 3, 1, 15, 0, tzinfo=UTC)
INITIAL_CREATED_FROM = date(2022, 9, 1)
INITIAL_CREATED_TO = date(2023, 2, 28)

# Weights of the edits a commit makes besides the adds that grow the file.
EDITS: tuple[tuple[str, float], ...] = (
    ("status", 0.32),
    ("due", 0.18),
    ("owners", 0.11),
    ("title", 0.09),
    ("progress", 0.14),
    ("tags", 0.06),
    ("add", 0.05),
    ("remove", 0.05),
)
# Possible next statuses of an open item, with weights.
TRANSITIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "planned": (("in_progress", 0.75), ("done", 0.1), ("blocked", 0.07), ("dropped", 0.08)),
    "in_progress": (("done", 0.6), ("blocked", 0.3), ("planned", 0.1)),
    "blocked": (("in_progress", 0.8), ("dropped", 0.2)),
}


@dataclass
class Entry:
    """One item: its values and the lines of its table, edited in place."""

    item: dict[str, Any]
    lines: list[str]
    text: str | None = None

    def block(self) -> str:
        """Return the item's text (cached until the next edit)."""
        if self.text is None:
            self.text = "\n".join(self.lines) + "\n"
        return self.text

    def set(self, key: str, value: Any) -> None:
        """Set ``key``: rewrite its line, or insert one where KEY_ORDER puts it."""
        self.item[key] = value
        line = f"{key} = {gr.toml_value(value)}"
        head = key + " = "
        for i, old in enumerate(self.lines):
            if old.startswith(head):
                self.lines[i] = line
                break
        else:
            rank = gr.KEY_ORDER.index(key)
            pos = 1
            for i, old in enumerate(self.lines[1:], start=1):
                other = old.split(" = ", 1)[0]
                if other in gr.ITEM_KEYS and gr.KEY_ORDER.index(other) < rank:
                    pos = i + 1
            self.lines.insert(pos, line)
        self.text = None

    def delete(self, key: str) -> None:
        """Remove ``key`` and its line, if present."""
        if self.item.pop(key, None) is not None:
            head = key + " = "
            self.lines[:] = [ln for ln in self.lines if not ln.startswith(head)]
            self.text = None


@dataclass
class Commit:
    """One commit of the generated history."""

    author: tuple[str, str, str]
    when: datetime
    message: str
    text: str


@dataclass
class RoadmapState:
    """The roadmap being edited: header, entries per area, meetings trailer."""

    header: str
    areas: dict[str, list[Entry]]
    trailer: str = ""
    protected: set[str] = field(default_factory=set)  # ids that meetings refer to
    dependents: Counter[str] = field(default_factory=Counter)
    next_number: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_parts(cls, parts: gr.RoadmapParts) -> RoadmapState:
        """Build the state from a generated roadmap."""
        areas = {
            area: [Entry(it, gr.item_lines(it)) for it in parts.items.get(area, [])]
            for area in gr.AREA_IDS
        }
        state = cls(parts.header, areas, parts.trailer, set(parts.meeting_items))
        for area, entries in areas.items():
            state.next_number[area] = len(entries) + 1
            for entry in entries:
                state.dependents.update(entry.item.get("depends_on", []))
        return state

    def count(self) -> int:
        """Number of items."""
        return sum(len(v) for v in self.areas.values())

    def render(self) -> str:
        """Return the file's text."""
        blocks = {area: [e.block() for e in entries] for area, entries in self.areas.items()}
        return gr.assemble(self.header, blocks, self.trailer)

    def pick(self, rng: random.Random, statuses: Sequence[str] | None = None) -> Entry | None:
        """Pick a random entry, optionally one whose status is in ``statuses``."""
        entries = [e for v in self.areas.values() for e in v]
        if statuses is not None:
            entries = [e for e in entries if e.item["status"] in statuses]
        return rng.choice(entries) if entries else None


def _status_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Move an open item to another status."""
    entry = state.pick(rng, tuple(TRANSITIONS))
    if entry is None:
        return None
    item = entry.item
    old = item["status"]
    names, weights = zip(*TRANSITIONS[old], strict=True)
    new = rng.choices(names, weights)[0]
    by_id = {e.item["id"]: e for v in state.areas.values() for e in v}
    pending = [d for d in item.get("depends_on", []) if by_id[d].item["status"] != "done"]
    if new == "done" and pending:
        new = "blocked"  # cannot finish before what it depends on
    entry.set("status", new)
    iid = item["id"]
    if new == "done":
        entry.delete("reason")
        if "progress" in item:
            entry.set("progress", 100)
        entry.set("completed", day)
        return f"Mark {iid} done"
    if new == "blocked":
        reason = f"Waiting on {pending[0]}" if pending else rng.choice(gr.REASONS_BLOCKED)
        entry.set("reason", reason)
        return f"Block {iid}: {reason}"
    if new == "dropped":
        reason = rng.choice(gr.REASONS_DROPPED)
        entry.set("reason", reason)
        return f"Drop {iid}: {reason}"
    entry.delete("reason")
    if old == "blocked":
        return f"Unblock {iid}"
    return f"Start {iid}" if new == "in_progress" else f"Move {iid} back to planned"


def _due_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Move the due date of an open item (mostly an overdue one, to a later date)."""
    entry = state.pick(rng, gr.OPEN)
    overdue = [
        e
        for v in state.areas.values()
        for e in v
        if e.item["status"] in gr.OPEN and e.item.get("due", day) < day
    ]
    if overdue and rng.random() < 0.6:
        entry = rng.choice(overdue)
    if entry is None:
        return None
    item = entry.item
    floor = item.get("start", item["created"])
    if item.get("due", day) < day:
        due = day + timedelta(days=rng.randrange(14, 181))
    elif "due" in item:
        shift = rng.randrange(7, 121) if rng.random() < 0.8 else -rng.randrange(7, 31)
        due = max(item["due"] + timedelta(days=shift), floor, day)
    else:
        due = max(floor, day) + timedelta(days=rng.randrange(30, 366))
    if due == item.get("due"):
        due += timedelta(days=14)
    entry.set("due", due)
    return f"Move due date of {item['id']} to {due.isoformat()}"


def _owners_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Add, replace or reassign the owners of an item."""
    entry = state.pick(rng)
    if entry is None:
        return None
    owners = list(entry.item.get("owners", []))
    others = [o for o in gr.OWNER_IDS if o not in owners]
    roll = rng.random()
    if owners and len(owners) < 3 and roll < 0.5:
        owners.append(rng.choice(others))
    elif owners and roll < 0.8:
        owners[rng.randrange(len(owners))] = rng.choice(others)
    else:
        owners = rng.sample(gr.OWNER_IDS, rng.randrange(1, 3))
    entry.set("owners", owners)
    return f"Update owners of {entry.item['id']}: {', '.join(owners)}"


def _title_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Rename an item (and its Spanish title, if it has one)."""
    entry = state.pick(rng)
    if entry is None:
        return None
    title, title_es = gr.make_title(rng, entry.item["area"])
    entry.set("title", title)
    if "title_es" in entry.item:
        entry.set("title_es", title_es)
    return f"Rename {entry.item['id']}"


def _progress_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Report progress on an item in progress."""
    entry = state.pick(rng, ("in_progress",))
    if entry is None:
        return None
    progress = min(95, entry.item.get("progress", 0) + 5 * rng.randrange(1, 6))
    entry.set("progress", progress)
    return f"{entry.item['id']}: progress {progress} %"


def _tags_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Add a tag to an item."""
    entry = state.pick(rng)
    if entry is None:
        return None
    tags = list(entry.item.get("tags", []))
    choices = [t for t in gr.TAGS[entry.item["area"]] if t not in tags]
    if not choices:
        return None
    tags.append(rng.choice(choices))
    entry.set("tags", tags)
    return f"Tag {entry.item['id']} with {tags[-1]}"


def _add_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Add an item after the last item of its area; it depends only on earlier items."""
    area = rng.choices(gr.AREA_IDS, gr.AREA_WEIGHTS)[0]
    index = gr.AREA_IDS.index(area)
    pool = [e.item["id"] for a in gr.AREA_IDS[: index + 1] for e in state.areas[a]]
    number = state.next_number[area]
    state.next_number[area] = number + 1
    status = "planned" if rng.random() < 0.75 else "in_progress"
    item = gr.make_item(rng, area, number, day, status, pool, as_of=day)
    state.areas[area].append(Entry(item, gr.item_lines(item)))
    state.dependents.update(item.get("depends_on", []))
    return f"Add {item['id']}: {item['title']}"


def _remove_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Remove an item that nothing depends on and no meeting mentions."""
    candidates = [
        (area, e)
        for area, entries in state.areas.items()
        for e in entries
        if state.dependents[e.item["id"]] == 0 and e.item["id"] not in state.protected
    ]
    if not candidates:
        return None
    area, entry = rng.choice(candidates)
    state.areas[area].remove(entry)
    state.dependents.subtract(entry.item.get("depends_on", []))
    return f"Remove {entry.item['id']}"


def _meeting_edit(state: RoadmapState, rng: random.Random, day: date) -> str | None:
    """Record a session of the group in [[meetings]]."""
    ids = [e.item["id"] for v in state.areas.values() for e in v]
    title, title_es = rng.choice(gr.MEETING_TITLES)
    lines = ["[[meetings]]", f"date = {day.isoformat()}", f"title = {gr.toml_str(title)}"]
    lines.append(f"title_es = {gr.toml_str(title_es)}")
    attendees = rng.sample(gr.OWNER_IDS, rng.randrange(4, 10))
    lines.append(f"attendees = {gr.toml_value(attendees)}")
    lines.append(f"decisions = {gr.toml_value(rng.sample(gr.DECISIONS, rng.randrange(1, 3)))}")
    if ids:
        discussed = sorted(set(rng.sample(ids, min(len(ids), 3))))
        lines.append(f"items = {gr.toml_value(discussed)}")
        state.protected.update(discussed)
    block = "\n".join(lines) + "\n"
    state.trailer = state.trailer + "\n" + block if state.trailer else block
    return f"Record the session of {day.isoformat()}"


ITEM_ID = re.compile(r"\b[A-Z]{3}-\d+\b")
EDIT_FUNCS = {
    "status": _status_edit,
    "due": _due_edit,
    "owners": _owners_edit,
    "title": _title_edit,
    "progress": _progress_edit,
    "tags": _tags_edit,
    "add": _add_edit,
    "remove": _remove_edit,
}


def _message(changes: list[str]) -> str:
    """Return a commit message for the changes of one commit."""
    if len(changes) == 1:
        return changes[0] + "\n"
    ids = list(dict.fromkeys(m.group() for c in changes if (m := ITEM_ID.search(c))))
    subject = f"Update {', '.join(ids)}" if 0 < len(ids) <= 4 else f"Update {len(changes)} items"
    return subject + "\n\n" + "".join(f"- {c}\n" for c in changes)


def iter_history(
    commits: int = 1000, start_items: int = 200, end_items: int = 500, seed: int = 1
) -> Iterator[Commit]:
    """Yield the commits of the history: the first holds ``start_items``, the last ``end_items``."""
    rng = random.Random(seed)
    parts = gr.generate_parts(
        start_items,
        seed,
        meetings=0,
        created_from=INITIAL_CREATED_FROM,
        created_to=INITIAL_CREATED_TO,
        as_of=INITIAL_CREATED_TO,
    )
    state = RoadmapState.from_parts(parts)
    when = FIRST_COMMIT
    yield Commit(AUTHORS[0], when, "Start the binational roadmap\n", state.render())
    names, weights = zip(*EDITS, strict=True)
    for k in range(1, commits):
        when += timedelta(seconds=rng.randrange(2 * 3600, 40 * 3600))
        author = rng.choice(AUTHORS[1:])
        changes: list[str] = []
        if rng.random() < 0.02:
            author = AUTHORS[0]
        day = local_date(when, author[2])
        if author is AUTHORS[0]:
            changes.append(_meeting_edit(state, rng, day) or "")
        else:
            for name in rng.choices(
                names, weights, k=rng.choices((1, 2, 3, 4), (5, 3, 1.5, 0.5))[0]
            ):
                change = EDIT_FUNCS[name](state, rng, day)
                if change:
                    changes.append(change)
        target = start_items + round((end_items - start_items) * k / max(commits - 1, 1))
        while state.count() < target:
            changes.append(_add_edit(state, rng, day) or "")
        while state.count() > target:
            change = _remove_edit(state, rng, day)
            if change is None:
                break
            changes.append(change)
        if not changes:
            changes.append(_add_edit(state, rng, day) or "")
        yield Commit(author, when, _message(changes), state.render())


def local_date(when: datetime, offset: str) -> date:
    """Return the calendar date of ``when`` at a UTC ``offset`` such as ``-0600``."""
    sign = -1 if offset.startswith("-") else 1
    minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    return (when + timedelta(minutes=minutes)).date()


def _data(payload: bytes) -> bytes:
    """Return a fast-import ``data`` command for ``payload``."""
    return b"data %d\n" % len(payload) + payload + b"\n"


def write_fast_import(out: IO[bytes], commits: Iterator[Commit], branch: str = "main") -> int:
    """Write ``commits`` as a git fast-import stream; return how many were written."""
    count = 0
    for count, commit in enumerate(commits, start=1):
        name, email, tz = commit.author
        stamp = f"{name} <{email}> {int(commit.when.timestamp())} {tz}\n".encode()
        out.write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), count))
        out.write(b"author " + stamp + b"committer " + stamp)
        out.write(_data(commit.message.encode()))
        if count > 1:
            out.write(b"from :%d\n" % (count - 1))
        out.write(b"M 100644 inline roadmap.toml\n")
        out.write(_data(commit.text.encode()))
    out.write(b"done\n")
    return count


def write_merged_fast_import(out: IO[bytes], commits: Iterator[Commit], every: int = 10) -> int:
    """Like `write_fast_import`, with every ``every``-th version brought in by a merge.

    That version is committed on a side branch; meanwhile main gets a commit that
    leaves the roadmap alone (it edits NOTES), and a merge joins them. The merges
    alternate between the two parent orders: main first ("Merge branch 'topic-N'"),
    and main second, as `git pull` writes it ("Merge branch 'main' of …").
    """
    count = mark = tip = 0
    for count, commit in enumerate(commits, start=1):
        name, email, tz = commit.author
        stamp = f"{name} <{email}> {int(commit.when.timestamp())} {tz}\n".encode()
        people = b"author " + stamp + b"committer " + stamp
        roadmap = b"M 100644 inline roadmap.toml\n" + _data(commit.text.encode())
        if count == 1 or count % every:
            mark += 1
            out.write(b"commit refs/heads/main\nmark :%d\n" % mark + people)
            out.write(_data(commit.message.encode()))
            out.write((b"from :%d\n" % tip if tip else b"") + roadmap)
            tip = mark
            continue
        side, notes, merge = mark + 1, mark + 2, mark + 3
        out.write(b"commit refs/heads/topic\nmark :%d\n" % side + people)
        out.write(_data(commit.message.encode()) + b"from :%d\n" % tip + roadmap)
        out.write(b"commit refs/heads/main\nmark :%d\n" % notes + people)
        out.write(_data(b"Notes %d\n" % count) + b"from :%d\n" % tip)
        out.write(b"M 100644 inline NOTES\n" + _data(b"%d\n" % count))
        pulled = (count // every) % 2 == 0
        first, second = (side, notes) if pulled else (notes, side)
        message = (
            "Merge branch 'main' of https://example.org/ewg.git"
            if pulled
            else (f"Merge branch 'topic-{count}'")
        )
        out.write(b"commit refs/heads/main\nmark :%d\n" % merge + people)
        out.write(_data(message.encode() + b"\n") + b"from :%d\nmerge :%d\n" % (first, second))
        out.write(roadmap + b"M 100644 inline NOTES\n" + _data(b"%d\n" % count))
        mark = tip = merge
    out.write(b"done\n")
    return count


def _git_env() -> dict[str, str]:
    """Environment for git that ignores the user's and the system's configuration."""
    env = dict(os.environ)
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    return env


def build_history_repo(
    path: str | os.PathLike[str],
    commits: int = 1000,
    start_items: int = 200,
    end_items: int = 500,
    seed: int = 1,
    verify: bool = False,
    merge_every: int = 0,
) -> str:
    """Create a git repository at ``path`` (absent or empty) with the history; return HEAD.

    With ``merge_every`` N, every N-th version comes in by a merge, in both parent
    orders (see `write_merged_fast_import`)."""
    if commits < 1:
        raise ValueError("commits must be >= 1")
    repo = Path(path)
    if repo.exists() and any(repo.iterdir()):
        raise FileExistsError(f"{repo} exists and is not empty")
    repo.mkdir(parents=True, exist_ok=True)
    env = _git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    history = iter_history(commits, start_items, end_items, seed)
    if verify:
        history = _verified(history)
    cmd = ["git", "fast-import", "--quiet", "--done", "--date-format=raw"]
    with subprocess.Popen(cmd, cwd=repo, stdin=subprocess.PIPE, env=env) as proc:
        assert proc.stdin is not None
        try:
            if merge_every:
                write_merged_fast_import(proc.stdin, history, merge_every)
            else:
                write_fast_import(proc.stdin, history)
        finally:
            proc.stdin.close()
    if proc.returncode:
        raise RuntimeError(f"git fast-import failed with exit code {proc.returncode}")
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=repo, check=True, env=env)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, env=env, capture_output=True, text=True
    )
    return head.stdout.strip()


def _verified(commits: Iterator[Commit]) -> Iterator[Commit]:
    """Pass commits through after checking that each version is a valid roadmap."""
    for n, commit in enumerate(commits, start=1):
        problems = gr.check_roadmap(tomllib.loads(commit.text))
        if problems:
            raise ValueError(f"commit {n} ({commit.message.splitlines()[0]}): {problems[:3]}")
        yield commit


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the repository."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000, help="number of commits")
    parser.add_argument("--start-items", type=int, default=200, help="items in the first commit")
    parser.add_argument("--end-items", type=int, default=500, help="items in the last commit")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--merge-every",
        type=int,
        default=0,
        help="bring every N-th version in by a merge, in both parent orders",
    )
    parser.add_argument("-o", "--output", required=True, help="directory of the new repository")
    parser.add_argument("--force", action="store_true", help="delete the directory first")
    parser.add_argument(
        "--verify", action="store_true", help="check every version with tomllib (slow)"
    )
    args = parser.parse_args(argv)
    if args.commits < 1 or args.start_items < 0 or args.end_items < 0:
        parser.error("--commits must be >= 1 and item counts >= 0")
    out = Path(args.output)
    if args.force and out.exists():
        shutil.rmtree(out)
    try:
        head = build_history_repo(
            out,
            args.commits,
            args.start_items,
            args.end_items,
            args.seed,
            args.verify,
            args.merge_every,
        )
    except (FileExistsError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: {args.commits} commits, HEAD {head}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
