"""Compile a .po catalog into a GNU .mo file; pure Python, byte-for-byte reproducible.

    python -m ewg.locale.msgfmt ewg/locale/es/LC_MESSAGES/ewg.po

writes ewg.mo beside it. Fuzzy and untranslated entries are left out, as GNU
msgfmt does, so gettext falls back to English for them.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Entry:
    """One message of a catalog."""

    msgid: str
    msgstr: list[str] = field(default_factory=list)  # one per plural form
    plural: str | None = None
    context: str | None = None
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # "#." and "#:" lines, kept as they are


def _string(text: str) -> str:
    """The value of a PO string literal ("..." with C escapes)."""
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text}")
    return value


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file, the header ("" msgid) first."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    comments: list[str] = []
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            finish()
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#~"):
            continue  # obsolete
        elif line.startswith("#"):
            finish()
            comments.append(raw)
        elif line.startswith(("msgctxt ", "msgid ")) and (
            current is None or line.startswith("msgctxt ") or current.msgstr
        ):
            finish()
            current = Entry("", [], None, None, flags, comments)
            flags, comments = set(), []
            keyword, _sep, value = line.partition(" ")
            if keyword == "msgctxt":
                current.context = _string(value)
                target = ("context", 0)
            else:
                current.msgid = _string(value)
                target = ("msgid", 0)
        elif current is None:
            raise ValueError(f"line {number}: {raw!r} outside an entry")
        elif line.startswith("msgid "):
            current.msgid = _string(line[6:])
            target = ("msgid", 0)
        elif line.startswith("msgid_plural "):
            current.plural = _string(line[13:])
            target = ("plural", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _string(line[line.index("]") + 1 :].strip())
            target = ("msgstr", index)
        elif line.startswith("msgstr "):
            current.msgstr = [_string(line[7:])]
            target = ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            value = _string(line)
            kind, index = target
            if kind == "msgid":
                current.msgid += value
            elif kind == "plural":
                current.plural = (current.plural or "") + value
            elif kind == "context":
                current.context = (current.context or "") + value
            else:
                current.msgstr[index] += value
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    finish()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The .mo bytes of translated, non-fuzzy entries (and the header), sorted by key."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and entry.msgid:
            continue
        if not entry.msgstr or not all(entry.msgstr):
            continue
        key = entry.msgid if entry.plural is None else f"{entry.msgid}\x00{entry.plural}"
        if entry.context is not None:
            key = f"{entry.context}\x04{key}"
        pairs[key.encode("utf-8")] = "\x00".join(entry.msgstr).encode("utf-8")
    keys = sorted(pairs)
    ids = b"".join(k + b"\x00" for k in keys)
    strs = b"".join(pairs[k] + b"\x00" for k in keys)
    count = len(keys)
    header = 7 * 4
    key_table = header
    value_table = key_table + count * 8
    ids_start = value_table + count * 8
    strs_start = ids_start + len(ids)
    offsets: list[int] = []
    position = 0
    for k in keys:
        offsets += [len(k), ids_start + position]
        position += len(k) + 1
    position = 0
    for k in keys:
        offsets += [len(pairs[k]), strs_start + position]
        position += len(pairs[k]) + 1
    return (
        struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, 0)
        + struct.pack(f"<{len(offsets)}I", *offsets)
        + ids
        + strs
    )


def main(argv: list[str] | None = None) -> int:
    """Compile each .po given into the .mo beside it."""
    for name in argv if argv is not None else sys.argv[1:]:
        po = Path(name)
        po.with_suffix(".mo").write_bytes(compile_mo(parse_po(po.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
