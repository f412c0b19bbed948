"""Read the numbers of an HTML report back, as a reader of the page sees them."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class ReportDom(HTMLParser):
    """Collects the text of every element with `data-field`, by its row and table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.fields: list[tuple[str, str, str, list[str]]] = []  # table, row key, field, text
        self.tags: list[str] = []
        self.texts: dict[str, list[str]] = {}  # text of elements by id and of h1
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element."""
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in values.items()]
        if tag in ("meta", "link", "br", "img", "input", "hr", "source"):
            return
        self.stack.append((tag, values))
        if "data-field" in values:
            table = next(
                (
                    a.get("id", "")
                    for t, a in reversed(self.stack)
                    if t in ("table", "div") and a.get("id")
                ),
                "",
            )
            row = next(
                (
                    a.get("data-area") or a.get("data-milestone") or a.get("data-item") or ""
                    for t, a in reversed(self.stack)
                    if t == "tr"
                ),
                "",
            )
            self.fields.append((table, row, values["data-field"], []))

    def handle_endtag(self, tag: str) -> None:
        """Close an element."""
        while self.stack:
            open_tag, _attrs = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        """Text goes to every open field and id'd element."""
        open_fields = {id(a) for _t, a in self.stack if "data-field" in a}
        if open_fields and self.fields:
            self.fields[-1][3].append(data)
        for tag, attrs in self.stack:
            key = attrs.get("id") or (tag if tag in ("h1", "title") else "")
            if key:
                self.texts.setdefault(key, []).append(data)

    def numbers(self) -> dict[tuple[str, str, str], int]:
        """Every data-field as an integer ('38%' is 38), keyed by table, row and field."""
        out: dict[tuple[str, str, str], int] = {}
        for table, row, field, text in self.fields:
            value = "".join(text).strip().rstrip("%")
            if value.isdigit():
                out[(table, row, field)] = int(value)
        return out

    def text(self, key: str) -> str:
        """All the text inside the element with this id (or the h1)."""
        return "".join(self.texts.get(key, []))


def parse(page: str) -> ReportDom:
    """Parse a page."""
    dom = ReportDom()
    dom.feed(page)
    dom.close()
    return dom


def expected_numbers(status: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    """What the report must show, from `ewg status --format json`."""
    out: dict[tuple[str, str, str], int] = {}
    overall = status["overall"]
    out[("overall", "", "total")] = overall["total"]
    out[("overall", "", "done")] = overall["by_status"]["done"]
    out[("overall", "", "in_progress")] = overall["by_status"]["in_progress"]
    out[("overall", "", "blocked")] = overall["by_status"]["blocked"]
    out[("overall", "", "percent")] = overall["percent"]
    out[("overall", "", "overdue")] = len(status["overdue"])
    for area in status["areas"]:
        by = area["by_status"]
        out[("areas", area["id"], "total")] = area["total"]
        out[("areas", area["id"], "done")] = by["done"]
        out[("areas", area["id"], "open")] = by["planned"] + by["in_progress"] + by["blocked"]
        out[("areas", area["id"], "blocked")] = by["blocked"]
        out[("areas", area["id"], "percent")] = area["percent"]
    for m in status["milestones"]:
        out[("milestones", m["id"], "total")] = m["total"]
        out[("milestones", m["id"], "done")] = m["by_status"]["done"]
        out[("milestones", m["id"], "percent")] = m["percent"]
    for item in status["overdue"]:
        out[("overdue", item["id"], "days_late")] = item["days_late"]
    return out
