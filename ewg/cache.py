"""One cache: a keyed store of checked entries, for the user's folder and for each repository.

The user-level store (`<base>/ewg`, base $EWG_CACHE_DIR, else $XDG_CACHE_HOME, else
~/.cache) keeps parses, models and findings keyed by the file's content, so it can
never serve a stale answer. Each repository's store (`<git-common-dir>/ewg`) keeps
what history and new ids learnt, keyed by blob and commit ids, which name content.

An entry is a file `<kind>-<hex>.ewgc`: a magic, a checksum, then with `marshal`
(which cannot run code, unlike pickle) the entry's own name and its value. Dates,
times and datetimes travel as tagged tuples `(Ellipsis, tag, iso)`; TOML data holds
neither tuples nor Ellipsis. Anything unexpected is a miss, never an error, and
pruning deletes only files named like entries. EWG_NO_CACHE=1 turns caching off.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

try:  # hashlib would load OpenSSL (3 ms) for a blake2b that always comes from _blake2
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - Pythons without the module
    from hashlib import blake2b as blake2b

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

MAGIC = b"EWGC1\n"
SUFFIX = ".ewgc"
_DIGEST = 16  # bytes of blake2b over the payload
_NAME_HEX = 40  # hex digits naming an entry's file
_KEEP = 32  # entries kept per kind in the user's folder; each about the size of the file
_TAG = f"v5-py{sys.version_info[0]}{sys.version_info[1]}"
_HEX = frozenset("0123456789abcdef")


# --- the codec: dates as tagged tuples, everything else as marshal has it ---------------


def encode(value: Any) -> tuple[bool, Any]:
    """`value` made fit for marshal, and whether it held dates (then `decode` undoes it)."""
    try:
        marshal.dumps(value)
    except ValueError:
        return True, _tagged(value)
    return False, value


def _walk(value: Any, leaf: Callable[[Any], Any]) -> Any:
    """`value` with `leaf` applied to everything but dicts, lists and untagged tuples."""
    kind = type(value)
    if kind is dict:
        return {k: _walk(v, leaf) for k, v in value.items()}
    if kind is list:
        return [_walk(v, leaf) for v in value]
    if kind is tuple and not (value and value[0] is ...):
        return tuple(_walk(v, leaf) for v in value)
    return leaf(value)


def _tagged(value: Any) -> Any:
    return _walk(value, _tag)


def _tag(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return (..., "dt", value.isoformat())
    if isinstance(value, dt.date):
        return (..., "d", value.isoformat())
    if isinstance(value, dt.time):
        return (..., "t", value.isoformat())
    return value


def decode(value: Any) -> Any:
    """What `encode` was given, from its tagged form; ValueError on an unknown tag."""
    return _walk(value, _date)


def _date(tagged: Any) -> Any:
    import datetime as dt

    if type(tagged) is not tuple:
        return tagged
    if len(tagged) != 3 or not isinstance(tagged[2], str):
        raise ValueError("not a tagged value")
    tag, text = tagged[1], tagged[2]
    if tag == "dt":
        return dt.datetime.fromisoformat(text)
    if tag == "d":
        return dt.date.fromisoformat(text)
    if tag == "t":
        return dt.time.fromisoformat(text)
    raise ValueError("unknown tag")


# --- the store ------------------------------------------------------------------------------


class Store:
    """Checked entries in one folder of ewg's own; `keep` entries of each kind at most."""

    def __init__(self, folder: Path | None, keep: int = _KEEP) -> None:
        self.folder = None if os.environ.get("EWG_NO_CACHE") else folder
        self.keep = keep

    def path(self, name: str) -> Path | None:
        """The file of the entry `name` ("<kind>-<anything>"); None when caching is off."""
        if self.folder is None:
            return None
        kind = name.partition("-")[0]
        if not kind.isalnum() or not kind.isascii():
            kind = "entry"
        digest = blake2b(name.encode("utf-8"), digest_size=_NAME_HEX // 2).hexdigest()
        return self.folder / f"{kind.lower()}-{digest}{SUFFIX}"

    def get(self, name: str) -> Any | None:
        """The value kept under `name`, or None: missing, damaged and foreign entries miss."""
        path = self.path(name)
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:
                content = handle.read()
            if content[: len(MAGIC)] != MAGIC:
                return None
            start = len(MAGIC) + _DIGEST
            payload = content[start:]
            check = blake2b(payload, digest_size=_DIGEST).digest()
            if content[len(MAGIC) : start] != check:
                return None
            entry = marshal.loads(payload)
            if type(entry) is not tuple or len(entry) != 3 or entry[0] != name:
                return None  # another entry's content copied here, or not ours
            _name, tagged, value = entry
            return decode(value) if tagged is True else value if tagged is False else None
        except Exception:  # unreadable, truncated or malformed: a miss
            return None

    def put(self, name: str, value: Any, keep: int | None = None) -> bool:
        """Keep `value` under `name`, and at most `keep` entries of its kind; False when it
        could not be kept (failures only cost speed)."""
        path = self.path(name)
        if path is None:
            return False
        from ewg.files import write_atomic

        try:
            try:
                payload = marshal.dumps((name, False, value))
            except ValueError:  # dates: tag them
                payload = marshal.dumps((name, True, _tagged(value)))
            check = blake2b(payload, digest_size=_DIGEST).digest()
            make_private(path.parent)
            write_atomic(path, MAGIC + check + payload, mode=0o600, durable=False)
        except Exception:  # a full disk, a read-only folder, an odd value: a miss next time
            return False
        self.prune(path.name.partition("-")[0], keep)
        return True

    def entries(self, kind: str) -> list[Path]:
        """The files of this store's entries of one kind (only files named as entries)."""
        if self.folder is None:
            return []
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return [self.folder / n for n in names if is_entry(n) and n.partition("-")[0] == kind]

    def prune(self, kind: str, keep: int | None = None) -> None:
        """Delete the oldest entries of one kind past `keep`; never a file not named as one."""
        limit = self.keep if keep is None else keep
        found = self.entries(kind)
        if len(found) <= limit:
            return
        try:
            found.sort(key=lambda p: p.stat().st_mtime)
            for old in found[: len(found) - limit]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def is_entry(name: str) -> bool:
    """Whether a file name is one of a cache entry: `<kind>-<40 hex digits>.ewgc`."""
    kind, dash, rest = name.partition("-")
    return (
        bool(dash and kind.isalnum() and kind.isascii() and kind.islower())
        and rest.endswith(SUFFIX)
        and len(rest) == _NAME_HEX + len(SUFFIX)
        and _HEX.issuperset(rest[:_NAME_HEX])
    )


def make_private(folder: Path) -> None:
    """Create `folder` (and its parents) readable by its owner alone, if it is missing."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)


# --- the user's store ---------------------------------------------------------------------


def directory() -> Path | None:
    """ewg's folder of the user's cache: `<base>/ewg`; None when EWG_NO_CACHE is set."""
    if os.environ.get("EWG_NO_CACHE"):
        return None
    base = os.environ.get("EWG_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if not base:
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ewg"


def user() -> Store:
    """The user-level store (parses, models, findings)."""
    return Store(directory())


def repository(common_dir: Path) -> Store:
    """The store of one repository, in its git directory shared by all work trees."""
    return Store(common_dir / "ewg")


def key(content: bytes, kind: str = "parse") -> str:
    """The name of an entry about some content: its kind, ewg's version and a digest."""
    from ewg import __version__

    digest = blake2b(content, digest_size=20).hexdigest()
    return f"{kind}-{_TAG}-{__version__}-{digest}"


def get(name: str) -> Any | None:
    """The value kept under `name` in the user's store, or None."""
    return user().get(name)


def put(name: str, value: Any) -> None:
    """Keep `value` under `name` in the user's store."""
    user().put(name, value)
