"""Measurements recorded or removed between two versions of the roadmap, as `Change`s; pure.

An indicator's own keys (its target among them) change as a lookup table's do:
`ewg.diff` reports them as `indicator_added`, `indicator_changed` (one per key) and
`indicator_removed`. A measurement is `measurement_added` (`old` is the value it
follows: the indicator's previous measurement by date, else its baseline) or
`measurement_removed`; a changed measurement is one removed and one added.
"""

from __future__ import annotations

from ewg.change import Change, plain, same

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def _list(value: Any) -> list[Any]:
    return [plain(v) for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _unmatched(these: list[Any], others: list[Any]) -> list[Any]:
    """The entries of `these` that `others` does not hold (as many times as it holds them)."""
    remaining = list(others)
    out = []
    for entry in these:
        for i, candidate in enumerate(remaining):
            if same(candidate, entry):
                del remaining[i]
                break
        else:
            out.append(entry)
    return out


def _before(measurement: Mapping[str, Any], doc: Mapping[str, Any], series: list[Any]) -> Any:
    """The value `measurement` follows: the latest earlier one of its indicator, or the baseline."""
    key, date = measurement.get("indicator"), measurement.get("date")
    if not isinstance(date, str):
        return None
    earlier = [
        m
        for m in series
        if m.get("indicator") == key and isinstance(m.get("date"), str) and m["date"] < date
    ]
    if earlier:
        return max(earlier, key=lambda m: m["date"]).get("value")
    indicator = _indicator(doc, key)
    baseline = indicator.get("baseline")
    return baseline.get("value") if isinstance(baseline, dict) else None


def _indicator(doc: Mapping[str, Any], key: Any) -> Mapping[str, Any]:
    table = doc.get("indicators")
    found = table.get(key) if isinstance(table, dict) and isinstance(key, str) else None
    return found if isinstance(found, dict) else {}


def _change(
    kind: str, measurement: Mapping[str, Any], doc: Mapping[str, Any], **values: Any
) -> Change:
    key = measurement.get("indicator")
    indicator = _indicator(doc, key)
    area, name, name_es = indicator.get("area"), indicator.get("name"), indicator.get("name_es")
    unit = indicator.get("unit")
    return Change(
        kind,
        area=area if isinstance(area, str) else None,
        key=key if isinstance(key, str) else None,
        field=unit if isinstance(unit, str) else None,
        title=name if isinstance(name, str) else "",
        title_es=name_es if isinstance(name_es, str) else "",
        **values,
    )


def diff_measurements(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Measurements recorded (in the new file's order), then measurements removed."""
    if old.get("measurements") is new.get("measurements"):
        return []
    before, after = _list(old.get("measurements")), _list(new.get("measurements"))
    out = [
        _change(
            "measurement_added",
            m,
            new,
            old=_before(m, new, after),
            new=m.get("value"),
        )
        for m in _unmatched(after, before)
    ]
    out += [
        _change("measurement_removed", m, old, old=m.get("value"), new=None)
        for m in _unmatched(before, after)
    ]
    return out
