"""What validation found in a content, kept light for read commands: its error count.

Read commands consult it on every run (`ewg status` among them), so this module
imports nothing of validation: `ewg.validate` writes the count when it checks a
content, and this module reads it back by the content's parse key.
"""

from __future__ import annotations

import os

_RULES_CODE = (
    "validate.py", "positions.py", "tomlscan.py", "model.py", "shape.py", "source.py",
    "diagnostics.py", "rules/__init__.py", "rules/fields.py", "rules/tables.py",
    "rules/items.py", "rules/graph.py", "rules/indicators.py", "indicators.py",
)  # fmt: skip


def rules_stamp() -> str:
    """Changes when the code behind the findings does (so a developer never sees stale ones)."""
    folder = os.path.dirname(__file__)
    stamps = []
    for module in _RULES_CODE:
        try:
            stamps.append(os.stat(os.path.join(folder, *module.split("/"))).st_mtime_ns)
        except OSError:
            stamps.append(0)
    return f"{hash(tuple(stamps)) & 0xFFFFFFFF:08x}"


def error_count(content_key: str) -> int | None:
    """The errors validation found in the content of this key (`ewg.cache.key(content)`).

    None when it has not checked that content. Errors depend on neither the date
    nor the language, so neither is in the key.
    """

    from ewg import cache

    count = cache.get(_name(content_key))
    return count if type(count) is int else None


def remember_error_count(content_key: str, count: int) -> None:
    """Keep the number of errors validation found in the content of this key."""

    from ewg import cache

    cache.put(_name(content_key), count)


def _name(content_key: str) -> str:
    return f"errors-{rules_stamp()}-{content_key}"
