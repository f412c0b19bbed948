"""Rules across items: dependency cycles, and areas' coverage of sectors and countries."""

from __future__ import annotations

from collections.abc import Mapping

from ewg.diagnostics import COUNTRY_GAP, CYCLE, SECTOR_GAP, Diagnostic, error, warning
from ewg.i18n import _
from ewg.model import COUNTRIES, HELIX, Country

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def cycles(
    items: list[tuple[int, dict[str, Any]]],
    index_of: Mapping[str, int],
    roots: set[str] | None = None,
) -> list[Diagnostic]:
    """One finding per dependency cycle (through one of `roots`, if given), naming it.

    The finding stands at the dependency that starts the cycle. With duplicate
    ids, the first item holds the id.
    """
    tables = dict(items)
    graph: dict[str, list[str]] = {}
    position: dict[tuple[str, str], int] = {}  # (item, dependency) -> place in depends_on

    def deps_of(node: str) -> list[str]:
        # Built on demand: a write checks only what its item can reach.
        if node not in graph:
            graph[node] = []
            deps = tables[index_of[node]].get("depends_on") if node in index_of else None
            for pos, dep in enumerate(deps if isinstance(deps, list) else []):
                if isinstance(dep, str) and dep in index_of and (node, dep) not in position:
                    graph[node].append(dep)
                    position[node, dep] = pos
        return graph[node]

    out: list[Diagnostic] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    reported: set[frozenset[str]] = set()
    for root in index_of if roots is None else [r for r in roots if r in index_of]:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        trail: list[str] = [root]
        state[root] = 1
        while stack:
            node, next_child = stack[-1]
            children = deps_of(node)
            if next_child < len(children):
                stack[-1] = (node, next_child + 1)
                child = children[next_child]
                if state.get(child) == 1:
                    cycle = trail[trail.index(child) :]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        named = " -> ".join([*cycle, child])
                        first, second = cycle[0], (cycle[1] if len(cycle) > 1 else child)
                        out.append(
                            error(
                                CYCLE,
                                _("dependency cycle: {cycle}").format(cycle=named),
                                (
                                    "items",
                                    index_of[first],
                                    "depends_on",
                                    position[first, second],
                                ),
                                _("remove one of these dependencies"),
                                at_value=True,
                            )
                        )
                elif not state.get(child):
                    state[child] = 1
                    stack.append((child, 0))
                    trail.append(child)
            else:
                state[node] = 2
                stack.pop()
                trail.pop()
    return out


def coverage(
    items: list[tuple[int, dict[str, Any]]], areas: Mapping[str, Any], owners: Mapping[str, Any]
) -> list[Diagnostic]:
    """Warn about areas missing a helix sector or a country among their items' owners."""
    sectors: dict[str, set[str]] = {a: set() for a in areas}
    countries: dict[str, set[str]] = {a: set() for a in areas}
    for _index, table in items:
        area, item_owners = table.get("area"), table.get("owners")
        if not isinstance(area, str) or area not in sectors or not isinstance(item_owners, list):
            continue
        for owner_id in item_owners:
            owner = owners.get(owner_id) if isinstance(owner_id, str) else None
            if owner:
                sectors[area].add(str(owner.get("sector")))
                country = str(owner.get("country"))
                countries[area].update(COUNTRIES if country == Country.BINATIONAL else (country,))
    out: list[Diagnostic] = []
    for area in areas:
        missing = [s.value for s in HELIX if s not in sectors[area]]
        if missing:
            out.append(
                warning(
                    SECTOR_GAP,
                    _("area {area} has no owner from {sectors}").format(
                        area=area, sectors=", ".join(_(s) for s in missing)
                    ),
                    ("areas", area),
                )
            )
        gone = [c.value for c in COUNTRIES if c not in countries[area]]
        if gone:
            out.append(
                warning(
                    COUNTRY_GAP,
                    _("area {area} has no owner from {countries}").format(
                        area=area, countries=", ".join(_(c) for c in gone)
                    ),
                    ("areas", area),
                )
            )
    return out
