"""The walk over the roadmap's first-parent history: changelogs, trends, past versions.

Fast on long histories (1,000 versions of a 500-item file), by never doing a
piece of work twice:

- one `git log --first-parent --raw` lists the commits that touched the file
  and the file's blob id after each;
- one `git cat-file --batch` process (`ewg.repo.Blobs`) reads the blobs needed;
- each version is parsed by `ewg.history.versions.Parser`, block by block;
- what a version yields and the changes between two versions are kept in the
  repository's cache (`ewg.history.cache`), keyed by blob ids: a second run
  reads no blob at all.

Revisions arrive here resolved to commit ids (`ewg.repo.resolve`); every git
command puts `--end-of-options` before them and `--` before the path, and
pathspecs are literal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ewg import repo as gateway
from ewg.errors import GitError, NotFoundError
from ewg.events import Changelog, Commit, Event, Point, Skipped, Stats
from ewg.history.cache import HistoryCache, blob_info
from ewg.history.log import EMPTY, FORMAT, OnProgress, Version, open_repository, parse_log
from ewg.history.versions import Parser
from ewg.i18n import _
from ewg.moment import Moment

if TYPE_CHECKING:
    from ewg.diff import Change

_UNSHALLOW_HINT = (
    "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
)


class History:
    """The first-parent git history of one roadmap file."""

    def __init__(self, file: Path) -> None:
        self.repo = open_repository(file)
        self._blobs = gateway.Blobs(self.repo.root)
        self._parser = Parser(self.repo.path)
        self._cache = HistoryCache(self.repo.common_dir)
        self._versions: dict[str, Version | str] = {}  # parsed during one request
        self._main: dict[str, str] = {}  # pull merge -> the parent that was the branch

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
        from ewg.cache import blake2b

        repo = self.repo
        text = repr((repo.path, repo.head, sorted(repo.shallow), request))
        return blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def answer(self, key: str) -> Any:
        """The kept answer to a request, as plain data the caller checks; or None."""
        return self._cache.answer(key)

    def keep_answer(self, key: str, data: Any) -> None:
        """Keep the answer to a request, as plain data (never rendered text)."""
        self._cache.keep_answer(key, data)

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

    def _tip(self, until: Moment | None) -> str | None:
        """The commit a walk starts from: `until`, else HEAD; None before the first commit."""
        return until.commit if until is not None and until.commit else self.repo.head

    def commits(self, until: Moment | None = None) -> list[Commit]:
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
            FORMAT,
            "--end-of-options",
            tip,
            "--",
            self.repo.path,
        ]
        commits = parse_log(gateway.git(args, self.repo.root))
        if commits:
            from ewg.history.line import mainline

            commits, self._main = mainline(commits, self.repo.root, tip, self.repo.path)
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
        self, chain: list[Commit], since: Moment | None, until: Moment | None
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
                ["rev-list", "--end-of-options", tip, f"^{since.commit}"],
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

    def version(self, blob: str) -> Version | str:
        """The parsed version in a blob, or why it is not TOML."""
        found = self._versions.get(blob)
        return found if found is not None else self._parsed(blob, self._blobs.read(blob))

    def load(self, blobs: Iterable[str], progress: OnProgress | None) -> None:
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
        cached = blob_info(self._cache.blobs.get(blob))
        if cached is not None:
            return cached
        parsed = self.version(blob)
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
        from ewg.diff import diff_versions

        before = EMPTY if old is None else self.version(old)
        after = self.version(new)
        if isinstance(before, str) or isinstance(after, str):
            raise ValueError("changes between versions that are not TOML")
        out = diff_versions(before.rest, before.items, after.rest, after.items)
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
            info = blob_info(self._cache.blobs.get(blob))
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
        since: Moment | None = None,
        until: Moment | None = None,
        progress: OnProgress | None = None,
    ) -> Changelog:
        """Every change between `since` (exclusive) and `until` (inclusive), oldest first."""
        from ewg.diff import FILE_DELETED, FILE_RESTORED, Change

        chain = self.commits(until)
        start, base = self._start(chain, since, until)
        self._check_shallow(chain, start, bool(base))
        selected = chain[start:]
        prev, deleted = self._baseline(base + [c.blob for c in reversed(chain[:start])])
        self.load(self._needed(prev, selected), progress)
        existed = prev is not None
        events: list[Event] = []
        skipped: list[Skipped] = []
        before: dict[str, str | None] = {}  # merge -> the version it was compared with
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
            if len(commit.parents) > 1:
                before[commit.id] = prev
            events.extend(Event(commit, change) for change in self.changes(prev, commit.blob))
            prev, existed = commit.blob, True
        tip = self._tip(until)
        if tip and any(len(e.commit.parents) > 1 for e in events):
            from ewg.history.merges import simplify

            events = simplify(self, events, selected, before, tip, self._main, progress)
        self._versions.clear()
        return Changelog(events, skipped, selected)

    def trend(
        self, until: Moment | None = None, progress: OnProgress | None = None
    ) -> tuple[list[Point], list[Skipped]]:
        """Items per area after every commit that left a readable file, oldest first."""
        chain = self.commits(until)
        self._check_shallow(chain, 0)
        blobs = [c.blob for c in chain if c.blob is not None]
        self.load([b for b in blobs if blob_info(self._cache.blobs.get(b)) is None], progress)
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

    def at(self, bound: Moment) -> tuple[str, dt.date, bytes]:
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
        chain = self.commits(Moment(date=bound.date))
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
