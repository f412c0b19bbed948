"""The roadmap's git history: commits, versions and changes; the only module that reads history.

Fast on long histories (1,000 versions of a 500-item file), by never doing a
piece of work twice:

- one `git log --first-parent --raw` lists the commits that touched the file
  and the file's blob id after each;
- one `git cat-file --batch` process reads the blobs that are needed;
- a version is split at its header lines into `[[items]]` blocks and the rest,
  and each distinct block is parsed once (consecutive versions share all but a
  few blocks); a version that cannot be split safely is parsed whole;
- what a version yields (is it TOML? items per area) and the changes between
  two versions are cached in `<git dir>/ewg/`, keyed by blob ids, which name
  content: a second run reads no blob at all; whole JSON answers are kept too,
  keyed by HEAD's commit id and the request.

Revisions arrive here resolved to commit ids (`ewg.repo.resolve`); every git
command puts `--end-of-options` before them and `--` before the path, and
pathspecs are literal.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ewg import repo as gateway
from ewg.errors import GitError, NotFoundError, RoadmapFileError
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.diff import Change

CACHE_VERSION = 1
# Calls progress(done, total) as versions are read; only when there is work to do.
Progress = Callable[[int, int], None]
# Items per area in one version: (area, total, done, dropped), areas in file order.
Stats = tuple[tuple[str, int, int, int], ...]

# Names as the commits record them (no .mailmap: it is not part of history, and a cached
# answer must depend on commit ids alone).
_FORMAT = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI"
_ZERO = re.compile(r"0+\Z")
_INDENTED_HEADER = re.compile(rb"\n[ \t]+\[")
_UNSHALLOW_HINT = (
    "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
)


# --- data ------------------------------------------------------------------------------


class Commit(NamedTuple):
    """A commit that touched the roadmap file, as the first-parent history shows it."""

    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # author date, ISO 8601 with the author's offset
    committed: str  # committer date: when the change reached the branch
    status: str  # git's letter for what happened to the file: A, M, D, R, T
    blob: str | None  # the file's blob after the commit; None when the commit deleted it
    before: str | None = None  # the blob before, against the first parent; None: no file

    @property
    def day(self) -> dt.date:
        """The calendar day the commit reached the branch (in the committer's time zone)."""
        return dt.date.fromisoformat(self.committed[:10])

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.id[:8]


class Event(NamedTuple):
    """A change, with the commit that made it (and the merge that brought it in, if one did)."""

    commit: Commit
    change: Change
    merge: Commit | None = None  # the first-parent merge, when `commit` is on a side branch

    @property
    def landed(self) -> Commit:
        """The first-parent commit with which the change reached the branch."""
        return self.merge or self.commit


class Skipped(NamedTuple):
    """A commit whose version of the file could not be read, stepped over."""

    commit: Commit
    reason: str


class Changelog(NamedTuple):
    """What changed over a range of commits."""

    events: list[Event]
    skipped: list[Skipped]
    commits: list[Commit]  # the commits of the range that touched the file, oldest first


class Bound(NamedTuple):
    """One end of a range: a commit id (resolved) or a calendar day."""

    commit: str | None = None
    date: dt.date | None = None
    label: str = ""  # as the user wrote it


class Point(NamedTuple):
    """Items per area in the version after one commit."""

    commit: Commit
    stats: Stats


class Version(NamedTuple):
    """One parsed version of the file."""

    rest: Mapping[str, Any]  # everything but the items
    items: dict[str, Mapping[str, Any]]  # by id, in file order
    stats: Stats


EMPTY = Version({}, {}, ())


class Repository(NamedTuple):
    """Where the roadmap file stands in git."""

    root: Path  # the work tree
    common_dir: Path  # the git directory shared by all work trees
    path: str  # the file, relative to the work tree, with "/"
    shallow: frozenset[str]  # commits whose parents a shallow clone does not have
    head: str | None = None  # the commit HEAD names; None before the first commit


def open_repository(file: Path) -> Repository:
    """The repository holding `file`; GitError (exit 3) outside one."""
    file = file.absolute()
    folder = file.parent
    if not folder.is_dir():
        raise RoadmapFileError(_("{name} does not exist").format(name=file))
    where = ["rev-parse", "--show-toplevel", "--git-common-dir", "--is-shallow-repository"]
    done = gateway.run([*where, "--verify", "--quiet", "HEAD^{commit}"], folder)
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if len(lines) < 3 or (done.returncode and len(lines) != 3):
        raise GitError(
            _("{path} is not in a git repository").format(path=file),
            hint=_(
                "changelog, history, trend and status --as-of read the file's git history;"
                " the other commands work without git"
            ),
        )
    root = Path(lines[0])
    common = (folder / lines[1]).resolve()
    rel = os.path.relpath(file.resolve(), root.resolve())
    if rel == os.curdir or rel.startswith(os.pardir):
        raise GitError(
            _("{path} is outside the git repository at {root}").format(path=file, root=root)
        )
    shallow: frozenset[str] = frozenset()
    if lines[2] == "true":
        try:
            shallow = frozenset((common / "shallow").read_text("ascii").split())
        except OSError:
            shallow = frozenset({""})  # shallow, boundary unknown: every range is cut short
    head = lines[3] if len(lines) > 3 else None  # no line: no commit yet
    return Repository(root, common, rel.replace(os.sep, "/"), shallow, head)


def parse_log(out: bytes) -> list[Commit]:
    """Commits from `git log --raw` output in `_FORMAT`, oldest first."""
    commits = []
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        head, _nl, body = record.partition("\n")
        fields = head.split("\x00")
        if len(fields) != 6:
            continue
        raw = next((line for line in body.splitlines() if line.startswith(":")), None)
        if raw is None:
            continue
        meta = raw.partition("\t")[0].split()
        if len(meta) < 5:
            continue
        old, new, status = meta[2], meta[3], meta[4][:1]
        blob = None if status == "D" or _ZERO.match(new) else new
        before = None if status == "A" or _ZERO.match(old) else old
        commit_id, parents, author, email, date, committed = fields
        parent_ids = tuple(parents.split())
        commits.append(
            Commit(commit_id, parent_ids, author, email, date, committed, status, blob, before)
        )
    commits.reverse()
    return commits


# --- parsing versions --------------------------------------------------------------------

_BAD = object()  # a block that does not parse alone
_REST = object()  # a block, other than an item, that parses alone


def _stats(keys: Iterable[str]) -> Stats:
    """Items per area from "area\x00status" keys."""
    per_area: dict[str, list[int]] = {}
    for key, n in Counter(keys).items():
        area, _sep, status = key.partition("\x00")
        counts = per_area.setdefault(area, [0, 0, 0])
        counts[0] += n
        if status == "done":
            counts[1] += n
        elif status == "dropped":
            counts[2] += n
    return tuple((area, c[0], c[1], c[2]) for area, c in per_area.items())


def _key(table: Mapping[str, Any]) -> str:
    area, status = table.get("area"), table.get("status")
    return f"{area if isinstance(area, str) else ''}\x00{status if isinstance(status, str) else ''}"


class Parser:
    """Parses versions of the file, each distinct block of text only once."""

    def __init__(self, name: str) -> None:
        self.name = name
        # block (bytes after its first "[") -> (table, id, stats key) for an item, _REST or _BAD
        self._blocks: dict[bytes, Any] = {}
        self._heads: dict[bytes, bool] = {}  # bytes before the first header -> parses alone
        self._rests: dict[bytes, Any] = {}  # everything but the items -> data or _BAD

    def parse(self, content: bytes) -> Version | str:
        """The version in `content`, or why it is not valid TOML."""
        from ewg.diff import index_items
        from ewg.store import TomlSyntaxError, decode, parse

        version = self._split(content)
        if version is not None:
            return version
        try:
            data = parse(decode(content, self.name), self.name)
        except TomlSyntaxError as exc:
            return _located(exc)
        raw = data.get("items")
        tables = [t for t in raw if isinstance(t, dict)] if isinstance(raw, list) else []
        rest = {k: v for k, v in data.items() if k != "items"}
        return Version(rest, index_items(tables), _stats(_key(t) for t in tables))

    def _split(self, content: bytes) -> Version | None:
        """Parse block by block; None when the text cannot be split safely.

        The bytes are cut before every line that starts with "[" (which never
        cuts a UTF-8 sequence), and only blocks not seen before are decoded and
        parsed. Every block must parse on its own: a cut inside a multi-line
        string or array leaves the block before it unterminated, so it fails.
        A block with a line that starts with blanks and "[" is not split further.
        """
        if content.startswith(b"\xef\xbb\xbf"):
            return None
        parts = (b"\n" + content if content.startswith(b"[") else content).split(b"\n[")
        head = parts[0]
        del parts[0]
        blocks = self._blocks
        found = list(map(blocks.get, parts))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    found[i] = blocks[parts[i]] = _parse_block(parts[i])
        if _BAD in found or not self._head_alone(head):
            return None
        items = [v for v in found if v is not _REST]
        rest = [head]
        if len(items) != len(found):
            rest += [p for p, v in zip(parts, found, strict=True) if v is _REST]
        rest_bytes = b"\n[".join(rest)
        data = self._rests.get(rest_bytes)
        if data is None:
            data = _loads(rest_bytes)
            if isinstance(data, dict) and "items" in data:
                data = _BAD  # [items.x], [[ items ]], items = … : let tomllib judge the whole
            self._rests[rest_bytes] = data
        if not isinstance(data, dict):
            return None
        if not items:
            return Version(data, {}, ())
        from ewg.diff import index_items

        tables, ids, keys = zip(*items, strict=True)
        index: dict[str, Mapping[str, Any]] = dict(zip(ids, tables, strict=True))
        if len(index) != len(ids) or None in index:
            index = index_items(tables)
        return Version(data, index, _stats(keys))

    def _head_alone(self, head: bytes) -> bool:
        ok = self._heads.get(head)
        if ok is None:
            ok = _loads(head) is not _BAD and not _INDENTED_HEADER.search(head)
            self._heads[head] = ok
        return ok


def _loads(content: bytes, prefix: str = "") -> Any:
    """Parsed TOML, or _BAD when the bytes are not UTF-8 TOML (the whole file says why)."""
    import tomllib

    if b"\x00" in content:
        return _BAD
    try:
        return tomllib.loads(prefix + content.decode("utf-8") + "\n")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return _BAD


def _parse_block(part: bytes) -> Any:
    """An item block as (table, id, stats key), another block as _REST, or _BAD."""
    if _INDENTED_HEADER.search(part):
        return _BAD  # an indented header, or a line of a nested array: parse the whole
    data = _loads(part, "[")
    if data is _BAD:
        return _BAD
    if not part.startswith(b"[items]]"):
        return _REST
    items = data.get("items")
    if (
        len(data) != 1
        or not isinstance(items, list)
        or len(items) != 1
        or not isinstance(items[0], dict)
    ):
        return _BAD
    table = items[0]
    item_id = table.get("id")
    return table, item_id if isinstance(item_id, str) else None, _key(table)


def _located(exc: Any) -> str:
    return _("{message} (line {line}, column {col})").format(
        message=exc.message, line=exc.line, col=exc.col
    )


# --- the cache ---------------------------------------------------------------------------


class _Cache:
    """Per-blob facts and per-pair changes in one file, and whole answers, under the git dir.

    Every key names content: blob ids, commit ids (which name the whole history
    behind them), and the request. A file that fails its checksum or does not
    have the expected shape is a miss.
    """

    MAGIC = b"EWGH1\n"
    LIMIT = 200_000  # entries; past this the cache starts afresh
    ANSWERS = 16  # answers kept

    def __init__(self, common_dir: Path) -> None:
        from ewg import __version__

        self.tag = f"v{CACHE_VERSION}-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
        self.folder = common_dir / "ewg"
        self.path = self.folder / f"history-{self.tag}.bin"
        self.enabled = not os.environ.get("EWG_NO_CACHE")
        self._blobs: dict[str, Any] | None = None
        self._pairs: dict[tuple[str, str], Any] = {}
        self.dirty = False

    @property
    def blobs(self) -> dict[str, Any]:
        """Blob id -> (error or None, stats); read from disk on first use."""
        if self._blobs is None:
            self._blobs = {}
            if self.enabled:
                data = _read_checked(self.path)
                if isinstance(data, dict):
                    blobs, pairs = data.get("blobs"), data.get("pairs")
                    if isinstance(blobs, dict) and isinstance(pairs, dict):
                        self._blobs, self._pairs = blobs, pairs
        return self._blobs

    @property
    def pairs(self) -> dict[tuple[str, str], Any]:
        """(old blob id or "", new blob id) -> changes as tuples."""
        _ = self.blobs
        return self._pairs

    def save(self) -> None:
        """Write the cache atomically, if anything new was learnt; failures only cost speed."""
        if not (self.enabled and self.dirty):
            return
        if len(self.blobs) + len(self.pairs) > self.LIMIT:
            self._blobs, self._pairs = {}, {}
        if _write_checked(self.folder, self.path, {"blobs": self.blobs, "pairs": self.pairs}):
            for old in self.folder.glob("history-*.bin"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        self.dirty = False

    def answer_path(self, key: str) -> Path:
        """Where the answer to a request is kept."""
        return self.folder / "answers" / f"{self.tag}-{key}.bin"

    def answer(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """A kept answer: stdout and the stderr lines."""
        if not self.enabled:
            return None
        data = _read_checked(self.answer_path(key))
        if (
            isinstance(data, tuple)
            and len(data) == 2
            and isinstance(data[0], str)
            and isinstance(data[1], tuple)
            and all(isinstance(line, str) for line in data[1])
        ):
            return data[0], data[1]
        return None

    def keep_answer(self, key: str, text: str, lines: tuple[str, ...]) -> None:
        """Keep an answer; only the most recent few are kept."""
        if not self.enabled:
            return
        path = self.answer_path(key)
        if _write_checked(path.parent, path, (text, lines)):
            try:
                kept = sorted(path.parent.glob("*.bin"), key=lambda p: p.stat().st_mtime)
                for old in kept[: -self.ANSWERS]:
                    old.unlink(missing_ok=True)
            except OSError:
                pass


def _read_checked(path: Path) -> Any:
    """What `_write_checked` wrote, or None when the file is missing or damaged."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = content[:6], content[6:10], content[10:]
    if head != _Cache.MAGIC or zlib.crc32(payload).to_bytes(4, "big") != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _write_checked(folder: Path, path: Path, value: Any) -> bool:
    """Write `value` with a checksum, atomically; False when it could not be written."""
    import tempfile

    try:
        payload = marshal.dumps(value)
        digest = zlib.crc32(payload).to_bytes(4, "big")
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_Cache.MAGIC + digest + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    return True


def _blob_info(entry: Any) -> tuple[str | None, Stats] | None:
    """A cached blob entry, checked; None when it is not one."""
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return None
    error, stats = entry
    if (error is None or isinstance(error, str)) and isinstance(stats, tuple):
        return error, stats
    return None


# --- the history -------------------------------------------------------------------------


class History:
    """The first-parent git history of one roadmap file."""

    def __init__(self, file: Path) -> None:
        self.repo = open_repository(file)
        self._blobs = gateway.Blobs(self.repo.root)
        self._parser = Parser(self.repo.path)
        self._cache = _Cache(self.repo.common_dir)
        self._versions: dict[str, Version | str] = {}  # parsed during one request

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop git and save what was learnt."""
        self._blobs.close()
        self._cache.save()

    # -- whole answers

    def answer_key(self, *request: object) -> str:
        """A key for a request on this history: the file, HEAD, the shallow cut, the request."""
        # HEAD's commit id names every commit and blob behind it (replace refs are
        # ignored), so one key always asks the same question of the same history.
        import hashlib

        repo = self.repo
        text = repr((repo.path, repo.head, sorted(repo.shallow), request))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def answer(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The kept answer to a request: its output and its warnings."""
        return self._cache.answer(key)

    def keep_answer(self, key: str, text: str, lines: Sequence[str]) -> None:
        """Keep the answer to a request."""
        self._cache.keep_answer(key, text, tuple(lines))

    # -- revisions

    def resolve(self, rev: str) -> str:
        """The commit id a revision names; GitError (exit 3) when it names none."""
        from ewg.repo import resolve

        try:
            return resolve(rev, self.repo.root)
        except GitError as error:
            if self.repo.shallow and not error.hint:
                error.hint = _("this is a shallow clone: {hint}").format(hint=_(_UNSHALLOW_HINT))
            raise

    def _tip(self, until: Bound | None) -> str | None:
        """The commit a walk starts from: `until`, else HEAD; None before the first commit."""
        return until.commit if until is not None and until.commit else self.repo.head

    def commits(self, until: Bound | None = None) -> list[Commit]:
        """The first-parent commits that touched the file, oldest first, up to `until`."""
        tip = self._tip(until)
        if tip is None:
            return []
        args = [
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--follow",
            "--raw",
            "--no-abbrev",
            "--no-color",
            "--no-show-signature",
            _FORMAT,
            "--end-of-options",
            tip,
            "--",
            self.repo.path,
        ]
        commits = parse_log(gateway.git(args, self.repo.root))
        if until is not None and until.date is not None:
            while commits and commits[-1].day > until.date:
                commits.pop()
        return commits

    def _check_shallow(self, chain: list[Commit], start: int, based: bool = False) -> None:
        """Refuse a range that reaches past the cut of a shallow clone.

        The range needs the version before it (a commit before `start`, or the
        file at `--since` when `based`), and real parents for every commit in it.
        """
        shallow = self.repo.shallow
        cut = (start == 0 and not based) or any(c.id in shallow for c in chain[start:])
        if shallow and ("" in shallow or cut):
            raise GitError(
                _("the history of {path} is cut short: this is a shallow clone").format(
                    path=self.repo.path
                ),
                hint=_(_UNSHALLOW_HINT),
            )

    def _start(
        self, chain: list[Commit], since: Bound | None, until: Bound | None
    ) -> tuple[int, list[str | None]]:
        """Where the range starts in `chain`, and the blob at `since` when the chain lacks it."""
        if since is None:
            return 0, []
        if since.date is not None:
            start = len(chain)
            while start > 0 and chain[start - 1].day >= since.date:
                start -= 1
            return start, []
        assert since.commit is not None
        for i, commit in enumerate(chain):
            if commit.id == since.commit:
                return i + 1, []
        # A commit that did not touch the file, or off the first-parent line: ask git.
        tip = self._tip(until)
        if tip is None:
            return 0, []
        inside = set(
            gateway.git(
                [
                    "rev-list",
                    "--first-parent",
                    "--end-of-options",
                    tip,
                    f"^{since.commit}",
                    "--",
                    self.repo.path,
                ],
                self.repo.root,
            )
            .decode()
            .split()
        )
        start = len(chain)
        while start > 0 and chain[start - 1].id in inside:
            start -= 1
        found = gateway.run(
            ["rev-parse", "--verify", "--quiet", f"{since.commit}:{self.repo.path}"], self.repo.root
        )
        blob = found.stdout.decode().strip() or None
        return start, [blob]

    # -- versions

    def _parsed(self, blob: str, content: bytes) -> Version | str:
        parsed = self._parser.parse(content)
        self._versions[blob] = parsed
        if blob not in self._cache.blobs:
            self._cache.blobs[blob] = (
                (parsed, ()) if isinstance(parsed, str) else (None, parsed.stats)
            )
            self._cache.dirty = True
        return parsed

    def _version(self, blob: str) -> Version | str:
        """The parsed version in a blob, or why it is not TOML."""
        found = self._versions.get(blob)
        return found if found is not None else self._parsed(blob, self._blobs.read(blob))

    def _load(self, blobs: Iterable[str], progress: Progress | None) -> None:
        """Read and parse many versions in one go, in order (consecutive ones share blocks)."""
        todo = [b for b in dict.fromkeys(blobs) if b not in self._versions]
        if not todo:
            return
        if progress is not None:
            progress(0, len(todo))
        for done, (blob, content) in enumerate(self._blobs.stream(todo), start=1):
            self._parsed(blob, content)
            if progress is not None:
                progress(done, len(todo))

    def info(self, blob: str) -> tuple[str | None, Stats]:
        """Why a blob is not TOML (None if it is), and its items per area."""
        cached = _blob_info(self._cache.blobs.get(blob))
        if cached is not None:
            return cached
        parsed = self._version(blob)
        return (parsed, ()) if isinstance(parsed, str) else (None, parsed.stats)

    def _cached_changes(self, key: tuple[str, str]) -> list[Change] | None:
        from ewg.diff import Change

        cached = self._cache.pairs.get(key)
        if isinstance(cached, tuple):
            try:
                return [Change.from_tuple(c) for c in cached]
            except ValueError:
                pass
        return None

    def changes(self, old: str | None, new: str) -> list[Change]:
        """The changes from one blob to another (None: no file yet); both must be TOML."""
        key = (old or "", new)
        cached = self._cached_changes(key)
        if cached is not None:
            return cached
        from ewg.diff import diff_items, diff_meetings, diff_tables

        before = EMPTY if old is None else self._version(old)
        after = self._version(new)
        if isinstance(before, str) or isinstance(after, str):
            raise ValueError("changes between versions that are not TOML")
        out = diff_tables(before.rest, after.rest)
        out += diff_items(before.items, after.items)
        out += diff_meetings(before.rest.get("meetings"), after.rest.get("meetings"))
        self._cache.pairs[key] = tuple(c.to_tuple() for c in out)
        self._cache.dirty = True
        return out

    def _needed(self, prev: str | None, commits: list[Commit]) -> list[str]:
        """The blobs a walk over `commits` reads: unknown ones, both ends of unknown pairs."""
        needed: list[str] = []
        for commit in commits:
            blob = commit.blob
            if blob is None:
                continue
            info = _blob_info(self._cache.blobs.get(blob))
            if info is None:
                needed.append(blob)
            elif info[0] is not None:
                continue
            if (prev or "", blob) not in self._cache.pairs:
                needed += [prev, blob] if prev else [blob]
            prev = blob
        return needed

    def _baseline(self, candidates: list[str | None]) -> tuple[str | None, bool]:
        """The last readable version among `candidates` (newest first); was the file deleted?"""
        for blob in candidates:
            if blob is not None and self.info(blob)[0] is None:
                return blob, candidates[0] is None
        return None, False

    # -- what commands ask

    def changelog(
        self,
        since: Bound | None = None,
        until: Bound | None = None,
        progress: Progress | None = None,
    ) -> Changelog:
        """Every change between `since` (exclusive) and `until` (inclusive), oldest first."""
        from ewg.diff import FILE_DELETED, FILE_RESTORED, Change

        chain = self.commits(until)
        start, base = self._start(chain, since, until)
        self._check_shallow(chain, start, bool(base))
        selected = chain[start:]
        prev, deleted = self._baseline(base + [c.blob for c in reversed(chain[:start])])
        self._load(self._needed(prev, selected), progress)
        existed = prev is not None
        events: list[Event] = []
        skipped: list[Skipped] = []
        for commit in selected:
            if commit.blob is None:
                if existed and not deleted:
                    events.append(Event(commit, Change(FILE_DELETED)))
                deleted = True
                continue
            if deleted:
                events.append(Event(commit, Change(FILE_RESTORED)))
                deleted = False
            error = self.info(commit.blob)[0]
            if error is not None:
                skipped.append(Skipped(commit, error))
                existed = True
                continue
            events.extend(Event(commit, change) for change in self.changes(prev, commit.blob))
            prev, existed = commit.blob, True
        merges = [c for c in selected if len(c.parents) > 1]
        tip = self._tip(until)
        if merges and tip and any(len(e.commit.parents) > 1 for e in events):
            events = self._attribute(events, merges, tip, progress)
        self._versions.clear()
        return Changelog(events, skipped, selected)

    def _attribute(
        self, events: list[Event], merges: list[Commit], tip: str, progress: Progress | None
    ) -> list[Event]:
        """Give a change a merge brought in to the side-branch commit that made it.

        The side commits of merge M are those M reaches and its first parent does
        not. A change is the side commit's when that commit made the same change
        (same item, kind and new value); of several, the last one made it stick.
        A change no side commit made (say, in resolving a conflict) stays the merge's.
        """
        base = merges[0].parents[0]
        graph: dict[str, list[str]] = {}
        revs = gateway.git(
            ["rev-list", "--parents", "--end-of-options", tip, f"^{base}"], self.repo.root
        )
        for line in revs.decode().splitlines():
            ids = line.split()
            graph[ids[0]] = ids[1:]
        # Walk the first-parent line, oldest first, handing each merge what it alone reaches.
        line_ids, at = [], tip
        while at in graph:
            line_ids.append(at)
            at = graph[at][0] if graph[at] else ""
        seen, owner = set(line_ids), {}
        for merge in reversed(line_ids):
            stack = list(graph[merge][1:])
            while stack:
                reached = stack.pop()
                if reached in seen or reached not in graph:
                    continue
                seen.add(reached)
                owner[reached] = merge
                stack.extend(graph[reached])
        args = ["log", "--no-merges", "--raw", "--no-abbrev", "--no-renames", "--no-color"]
        args += ["--no-show-signature", _FORMAT, "--end-of-options", tip, f"^{base}"]
        out = gateway.git([*args, "--", self.repo.path], self.repo.root)
        side = [c for c in reversed(parse_log(out)) if c.id in owner and c.blob]  # newest first
        self._load([b for c in side for b in (c.before, c.blob) if b], progress)
        made: dict[tuple[str, str, str, str], Commit] = {}
        for commit in side:
            assert commit.blob is not None
            if self.info(commit.blob)[0] is not None:
                continue
            if commit.before is not None and self.info(commit.before)[0] is not None:
                continue
            for change in self.changes(commit.before, commit.blob):
                what = change.item or change.key or ""
                made.setdefault((owner[commit.id], what, change.kind, repr(change.new)), commit)
        result = []
        for event in events:
            change = event.change
            key = (event.commit.id, change.item or change.key or "", change.kind, repr(change.new))
            author = made.get(key)
            result.append(Event(author, change, event.commit) if author else event)
        return result

    def trend(
        self, until: Bound | None = None, progress: Progress | None = None
    ) -> tuple[list[Point], list[Skipped]]:
        """Items per area after every commit that left a readable file, oldest first."""
        chain = self.commits(until)
        self._check_shallow(chain, 0)
        blobs = [c.blob for c in chain if c.blob is not None]
        self._load([b for b in blobs if _blob_info(self._cache.blobs.get(b)) is None], progress)
        points, skipped = [], []
        for commit in chain:
            if commit.blob is None:
                continue
            error, stats = self.info(commit.blob)
            if error is not None:
                skipped.append(Skipped(commit, error))
            else:
                points.append(Point(commit, stats))
        self._versions.clear()
        return points, skipped

    def at(self, bound: Bound) -> tuple[str, dt.date, bytes]:
        """The file as it was at a commit or at the end of a day: commit id, its day, content."""
        if bound.commit is not None:
            found = gateway.run(
                ["rev-parse", "--verify", "--quiet", f"{bound.commit}:{self.repo.path}"],
                self.repo.root,
            )
            blob = found.stdout.decode().strip()
            if not blob:
                raise NotFoundError(
                    _("{path} does not exist at {rev}").format(
                        path=self.repo.path, rev=bound.label or bound.commit
                    )
                )
            day = gateway.git(
                ["show", "-s", "--format=%cI", "--end-of-options", bound.commit], self.repo.root
            )
            return (
                bound.commit,
                dt.date.fromisoformat(day.decode().strip()[:10]),
                self._blobs.read(blob),
            )
        assert bound.date is not None
        chain = self.commits(Bound(date=bound.date))
        if not chain:
            if self.repo.shallow:
                self._check_shallow(chain, 0)
            raise NotFoundError(
                _("{path} has no commit on or before {date}").format(
                    path=self.repo.path, date=bound.date
                )
            )
        last = chain[-1]
        if last.blob is None:
            raise NotFoundError(
                _("{path} had been deleted by {date} (commit {commit})").format(
                    path=self.repo.path, date=bound.date, commit=last.short
                )
            )
        return last.id, bound.date, self._blobs.read(last.blob)


__all__ = [
    "Bound",
    "Changelog",
    "Commit",
    "Event",
    "History",
    "Parser",
    "Point",
    "Repository",
    "Skipped",
    "open_repository",
    "parse_log",
]
