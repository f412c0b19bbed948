"""Changes from git history as aligned columns or Markdown for the minutes (JSON: changelog_json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ewg.diff import ADDED, FILE_DELETED, FILE_RESTORED, REMOVED, RENUMBERED, Change
from ewg.i18n import _
from ewg.render.escape import markdown
from ewg.render.text import columns
from ewg.terms import status_word

if TYPE_CHECKING:  # renderers take values
    from ewg.events import Event, Skipped

Escape = Callable[[str], str]


def _plain(text: str) -> str:
    return text


def value(data: Any) -> str:
    """A value as people read it: absent as a dash, lists joined by commas."""
    if data is None:
        return "—"
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, list | tuple):
        return ", ".join(value(v) for v in data) if data else "—"
    if isinstance(data, dict):
        return ", ".join(f"{k} = {value(v)}" for k, v in data.items())
    return str(data)


def _status(data: Any) -> str:
    return status_word(data) if isinstance(data, str) else value(data)


def _from_to(change: Change, esc: Escape, lang: str = "en") -> str:
    old, new = change.old, change.new
    if change.kind == "status":
        return f"{esc(_status(old))} → {esc(_status(new))}"
    if change.kind == "title" or change.field in (
        "title",
        "title_es",
        "name",
        "name_es",
        "notes",
        "reason",
    ):
        old_text = f"“{value(old)}”" if old is not None else "—"
        new_text = f"“{value(new)}”" if new is not None else "—"
        return f"{esc(old_text)} → {esc(new_text)}"
    if change.field in ("baseline", "target"):
        from ewg.render.indicators import point_text

        return f"{esc(point_text(old, lang))} → {esc(point_text(new, lang))}"
    if change.kind == "progress":
        old_text = f"{old}%" if isinstance(old, int) else value(old)
        new_text = f"{new}%" if isinstance(new, int) else value(new)
        return f"{esc(old_text)} → {esc(new_text)}"
    text = f"{esc(value(old))} → {esc(value(new))}"
    if change.kind == "due" and change.days is not None:
        if change.days > 0:
            text += " " + esc(_("({days} days later)").format(days=change.days))
        elif change.days < 0:
            text += " " + esc(_("({days} days earlier)").format(days=-change.days))
    return text


def _summary(data: Any) -> str:
    """A short account of an added or removed item: status, owners, due date."""
    if not isinstance(data, dict):
        return ""
    parts = [_status(data.get("status"))] if data.get("status") else []
    if data.get("owners"):
        parts.append(_("owners: {owners}").format(owners=value(data["owners"])))
    if data.get("due"):
        parts.append(_("due {date}").format(date=value(data["due"])))
    return "; ".join(parts)


def _named(data: Any, lang: str = "en") -> str:
    """An area's, owner's or milestone's name or title, in Spanish where it has one."""
    if isinstance(data, dict):
        keys = ("name_es", "title_es", "name", "title") if lang == "es" else ("name", "title")
        for key in keys:
            if isinstance(data.get(key), str):
                return f"“{data[key]}”"
    return ""


def describe(change: Change, esc: Escape = _plain, lang: str = "en") -> str:
    """One change in words (an item's title in `lang`), every value from the file through `esc`."""
    kind = change.kind
    if kind == ADDED:
        summary = _summary(change.new)
        text = _("added: {title}").format(title=esc(f"“{change.label(lang)}”"))
        return text + (f" ({esc(summary)})" if summary else "")
    if kind == REMOVED:
        summary = _summary(change.old)
        text = _("removed: {title}").format(title=esc(f"“{change.label(lang)}”"))
        return text + (f" ({esc(summary)})" if summary else "")
    if kind == RENUMBERED:
        return _("renumbered: {old} → {new}").format(
            old=esc(value(change.old)), new=esc(value(change.new))
        )
    if kind == FILE_DELETED:
        return _("the file was deleted")
    if kind == FILE_RESTORED:
        return _("the file was added back")
    if kind in ("meeting_added", "meeting_removed"):
        data = change.new if kind == "meeting_added" else change.old
        title = _named(data, lang)
        label = esc(value(change.key) + (f" {title}" if title else ""))
        if kind == "meeting_added":
            return _("meeting recorded: {meeting}").format(meeting=label)
        return _("meeting removed: {meeting}").format(meeting=label)
    if kind in ("measurement_added", "measurement_removed"):
        from ewg.render.indicators import measurement_change

        return measurement_change(change, esc, lang)
    if kind == "roadmap_changed":
        return f"{esc('[roadmap]')} {esc(change.field or '')}: {_from_to(change, esc)}"
    table, _sep, what = kind.rpartition("_")
    if table in ("area", "owner", "milestone", "indicator") and what in (
        "added",
        "removed",
        "changed",
        "renamed",
    ):
        key = esc(change.key or "")
        noun = {
            "area": _("area"),
            "owner": _("owner"),
            "milestone": _("milestone"),
            "indicator": _("indicator"),
        }[table]
        if what == "renamed":  # owners and milestones: one message each, for gender
            said = {
                "owner": _("owner renamed: {old} → {new}"),
                "milestone": _("milestone renamed: {old} → {new}"),
            }.get(table, _("{noun} renamed: {old} → {new}"))
            return said.format(noun=noun, old=esc(value(change.old)), new=key)
        if what in ("added", "removed"):  # one message each: Spanish agrees in gender
            said = {
                ("area", "added"): _("area added: {key}"),
                ("area", "removed"): _("area removed: {key}"),
                ("owner", "added"): _("owner added: {key}"),
                ("owner", "removed"): _("owner removed: {key}"),
                ("milestone", "added"): _("milestone added: {key}"),
                ("milestone", "removed"): _("milestone removed: {key}"),
                ("indicator", "added"): _("indicator added: {key}"),
                ("indicator", "removed"): _("indicator removed: {key}"),
            }[table, what]
            name = _named(change.new if what == "added" else change.old, lang)
            return said.format(key=key) + (f" ({esc(name)})" if name else "")
        field = esc(_(change.field)) if change.field else ""
        return f"{noun} {key}" + (f" {field}" if field else "") + f": {_from_to(change, esc, lang)}"
    return f"{esc(_(change.field or kind))}: {_from_to(change, esc)}"


def subject(change: Change) -> str:
    """What a change is about: an item id, an area, owner or milestone id, a meeting's date."""
    return change.item or change.key or ""


# --- table -------------------------------------------------------------------------------


def render_table(events: Sequence[Event], width: int | None, color: bool, lang: str = "en") -> str:
    """One change per line: the day it reached the branch, commit, author, item, what changed."""
    headers = [_("Date"), _("Commit"), _("Author"), _("Item"), _("Change")]
    rows = [
        [
            e.landed.committed[:10],
            e.commit.short,
            e.commit.author,
            subject(e.change),
            describe(e.change, lang=lang),
        ]
        for e in events
    ]
    return columns(headers, rows, width=width, long=(4,), bold=color, shrink=(2, 3))


# --- markdown ------------------------------------------------------------------------------


def _group(event: Event) -> str:
    """The section of an event: its item's area, else "" for the roadmap as a whole."""
    change = event.change
    return change.area or "" if change.item is not None else ""


def render_markdown(
    events: Sequence[Event],
    skipped: Sequence[Skipped],
    title: str,
    areas: Mapping[str, str],
    note: str = "",
    lang: str = "en",
) -> str:
    """Markdown for the minutes: a section per day, a subsection per area, an item per line.

    Item titles are in `lang` (title_es in Spanish, when the item has one).
    """
    lines = [f"# {markdown(title)}", ""]
    if note:
        lines += [f"_{markdown(note)}_", ""]
    if not events:
        lines += [_("No changes."), ""]
    days: dict[str, list[Event]] = {}
    for event in events:
        days.setdefault(event.landed.committed[:10], []).append(event)
    for day, day_events in days.items():
        lines += [f"## {day}", ""]
        groups: dict[str, list[Event]] = {}
        for event in day_events:
            groups.setdefault(_group(event), []).append(event)
        order = [a for a in areas if a in groups]
        order += sorted(g for g in groups if g not in areas and g)
        order += [""] if "" in groups else []
        for group in order:
            heading = areas.get(group) or group or _("The roadmap as a whole")
            lines += [f"### {markdown(heading)}", ""]
            lines += _bullets(groups[group], lang)
            lines.append("")
    if skipped:
        lines += [f"## {_('Versions stepped over')}", ""]
        for skip in skipped:
            who = markdown(skip.commit.author)
            lines.append(
                f"- `{skip.commit.short}` {skip.commit.date[:10]} {who}: {markdown(skip.reason)}"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _bullets(events: Sequence[Event], lang: str) -> list[str]:
    """One line per item and commit, its changes joined."""
    out: list[str] = []
    runs: list[list[Event]] = []
    for event in events:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.commit.id == event.commit.id
            and last.merge == event.merge
            and last.change.item is not None
            and last.change.item == event.change.item
        ):
            runs[-1].append(event)
        else:
            runs.append([event])
    for run in runs:
        first = run[0]
        commit = first.commit
        what = "; ".join(describe(e.change, markdown, lang) for e in run)
        if first.change.item is not None:
            head = f"**{markdown(first.change.item)}**"
            title = first.change.label(lang)
            if first.change.kind not in (ADDED, REMOVED) and title:
                head += f" {markdown(title)}"
            what = f"{head} {what}" if first.change.kind in (ADDED, REMOVED) else f"{head}: {what}"
        merged = f", {_('merged in')} `{first.merge.short}`" if first.merge else ""
        out.append(f"- {what} ({markdown(commit.author)}, `{commit.short}`{merged})")
    return out
