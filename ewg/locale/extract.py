"""Find every message ewg shows and keep the catalogs in step with the code.

    python -m ewg.locale.extract           # write ewg.pot, merge it into each .po, compile
    python -m ewg.locale.extract --check   # exit 1 if a catalog lacks a message
    python -m ewg.locale.extract --prune   # also drop translations the code does not use

Messages come from three places: `_("…")`, `N_("…")`, `ngettext("…", "…", n)`,
`pgettext("context", "…")` and `npgettext("context", "…", "…", n)` calls in ewg's source (found with `ast`, never by running the code); the help
texts of the command-line interface (read from the Click command tree that
Typer builds, so that every `help=` and docstring is found exactly as shown);
and the messages of Typer and its bundled Click (usage errors, "Usage:",
"Options"…), which ewg hands to the same catalog.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ewg.locale.msgfmt import Entry, compile_mo, parse_po

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = Path(__file__).resolve().parent
DOMAIN = "ewg"
LANGUAGES = ("es",)
# name: (literal arguments, whether the first is a context)
CALLS = {
    "_": (1, False),
    "N_": (1, False),
    "ngettext": (2, False),
    "pgettext": (2, True),
    "npgettext": (3, True),
}
# Modules of Typer and of its Click whose messages users see.
THIRD_PARTY = (
    "typer.core",
    "typer.main",
    "typer._click.core",
    "typer._click.exceptions",
    "typer._click.parser",
    "typer._click.types",
    "typer._click.formatting",
    "typer._click.decorators",
    "typer._click.termui",
    "typer._click.utils",
)


@dataclass(slots=True)
class Message:
    """A message to translate and where it comes from."""

    msgid: str
    plural: str | None = None
    sources: set[str] = field(default_factory=set)
    context: str | None = None


def key(msgid: str, context: str | None) -> str:
    """A message's key in a catalog: its id, after its context if it has one."""
    return msgid if context is None else f"{context}\x04{msgid}"


def _calls(tree: ast.AST) -> Iterator[tuple[str | None, str, str | None]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        arity, contextual = CALLS.get(name or "", (0, False))
        if not arity or len(node.args) < arity:
            continue
        args = node.args[:arity]
        values = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if len(values) == arity:
            context = values.pop(0) if contextual else None
            yield context, values[0], values[1] if len(values) == 2 else None


def source_messages(files: Iterable[Path], root: Path) -> dict[str, Message]:
    """The literal messages of `_`, `N_` and `ngettext` calls in these files."""
    found: dict[str, Message] = {}
    for path in sorted(files):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(root).as_posix()
        for context, msgid, plural in _calls(tree):
            message = found.setdefault(key(msgid, context), Message(msgid, plural, set(), context))
            message.sources.add(where)
    return found


def cli_messages() -> dict[str, Message]:
    """Help texts of every command, group and option, as the Click tree holds them."""
    import typer

    from ewg.cli.app import register

    app = register()
    found: dict[str, Message] = {}

    def add(text: str | None, where: str) -> None:
        if text:
            found.setdefault(text, Message(text)).sources.add(where)

    def walk(command: object, path: str) -> None:
        for attr in ("help", "short_help", "epilog"):
            add(getattr(command, attr, None), f"ewg {path}".strip())
        for param in getattr(command, "params", []):
            add(getattr(param, "help", None), f"ewg {path}".strip())
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def ewg_messages() -> dict[str, Message]:
    """Every message of ewg itself: source calls and command-line help."""
    files = [p for p in PACKAGE.rglob("*.py") if "locale" not in p.relative_to(PACKAGE).parts]
    found = source_messages(files, PACKAGE.parent)
    for msgid, message in cli_messages().items():
        found.setdefault(msgid, Message(msgid)).sources |= message.sources
    return found


def third_party_messages() -> dict[str, Message]:
    """The messages of Typer and Click that ewg's users see."""
    import importlib.util

    files: list[Path] = []
    roots: list[Path] = []
    for module in THIRD_PARTY:
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
            roots.append(Path(spec.origin).parent)
    if not files:
        return {}
    base = Path(*Path(files[0]).parts[: Path(files[0]).parts.index("typer")])
    return source_messages(files, base)


def all_messages() -> dict[str, Message]:
    """ewg's messages, then the third-party ones it does not already have."""
    found = ewg_messages()
    for msgid, message in third_party_messages().items():
        found.setdefault(msgid, message)
    return found


# --- writing catalogs ------------------------------------------------------------------------


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _field(keyword: str, text: str) -> list[str]:
    if "\n" in text.rstrip("\n"):
        parts = text.splitlines(keepends=True)
        return [f'{keyword} ""', *(_quote(p) for p in parts)]
    return [f"{keyword} {_quote(text)}"]


def format_po(entries: list[Entry]) -> str:
    """A .po file of these entries, in their order."""
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        if entry.context is not None:
            lines += _field("msgctxt", entry.context)
        lines += _field("msgid", entry.msgid)
        if entry.plural is not None:
            lines += _field("msgid_plural", entry.plural)
            for index, text in enumerate(entry.msgstr or ["", ""]):
                lines += _field(f"msgstr[{index}]", text)
        else:
            lines += _field("msgstr", entry.msgstr[0] if entry.msgstr else "")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


HEADER = (
    "Project-Id-Version: ewg\n"
    "Language: {lang}\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def _entry(message: Message, old: Entry | None) -> Entry:
    comments = [f"#: {s}" for s in sorted(message.sources)]
    context = message.context
    if old is not None and old.plural == message.plural:
        return Entry(message.msgid, list(old.msgstr), message.plural, context, old.flags, comments)
    empty = ["", ""] if message.plural is not None else [""]
    return Entry(message.msgid, empty, message.plural, context, set(), comments)


def merge(
    messages: dict[str, Message], po_text: str | None, lang: str, prune: bool = False
) -> list[Entry]:
    """The entries of a catalog for `messages`, keeping the translations it already has.

    Translated entries the code no longer (or not yet) has stay at the end, so that
    messages of a branch not merged yet keep their translation; `prune` drops them.
    """
    old = {key(e.msgid, e.context): e for e in parse_po(po_text)} if po_text else {}
    header = old.get("") or Entry("", [HEADER.format(lang=lang)])
    ours = [m for m in messages.values() if not any(s.startswith("typer/") for s in m.sources)]
    theirs = [m for m in messages.values() if m not in ours]
    entries = [Entry("", header.msgstr, None, None, set(), [])]
    for group in (ours, theirs):
        for message in sorted(group, key=lambda m: (sorted(m.sources)[0], m.msgid)):
            entries.append(_entry(message, old.get(key(message.msgid, message.context))))
    if not prune:
        entries += [
            e for k, e in old.items() if k and k not in messages and e.msgstr and all(e.msgstr)
        ]
    return entries


def missing(messages: dict[str, Message], po_text: str) -> list[str]:
    """The messages a catalog does not translate."""
    translated = {key(e.msgid, e.context) for e in parse_po(po_text) if e.msgstr and all(e.msgstr)}
    return sorted(set(messages) - translated)


def main(argv: list[str] | None = None) -> int:
    """Write the template, merge it into each catalog and compile; or only check."""
    args = sys.argv[1:] if argv is None else argv
    messages = all_messages()
    status = 0
    template = merge(messages, None, "")
    for entry in template[1:]:
        entry.msgstr = [""] * len(entry.msgstr)
    if "--check" not in args:
        (LOCALE / f"{DOMAIN}.pot").write_text(format_po(template), encoding="utf-8")
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        text = po.read_text(encoding="utf-8") if po.exists() else None
        if "--check" in args:
            lacking = missing(ewg_messages(), text or "")
            if lacking:
                print(f"{po}: {len(lacking)} messages not translated", file=sys.stderr)
                status = 1
            continue
        entries = merge(messages, text, lang, prune="--prune" in args)
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(format_po(entries), encoding="utf-8")
        po.with_suffix(".mo").write_bytes(compile_mo(entries))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
