"""The base of the model's classes, and how a value read from the file becomes a field.

Shared by ewg.model and ewg.indicators (which ewg.model holds), so that neither
imports the other to get them.
"""

from __future__ import annotations

import datetime as dt

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def as_str(value: Any) -> str:
    """A string field: "" when the file's value is not a string."""
    return value if isinstance(value, str) else ""


def opt_str(value: Any) -> str | None:
    """An optional string field: None when absent or not a string."""
    return value if value.__class__ is str else None


def as_date(value: Any) -> dt.date | None:
    """A date field (a date-time's date); None when absent or not a date."""
    if value is None or value.__class__ is dt.date:
        return value  # type: ignore[no-any-return, unused-ignore]
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def as_strs(value: Any) -> tuple[str, ...]:
    """A list-of-strings field, its strings only; () when absent or not a list."""
    if value is None:
        return ()
    if value.__class__ is list:
        if all(v.__class__ is str for v in value):
            return tuple(value)
        return tuple(v for v in value if isinstance(v, str))
    return ()


def as_table(value: Any) -> Mapping[str, Any]:
    """A table field: {} when absent or not a table."""
    return value if isinstance(value, dict) else {}


def in_language(text: str, text_es: str | None, lang: str) -> str:
    """A text in the output language: the Spanish one under `es` where there is one."""
    return text_es if lang == "es" and text_es else text


class Record:
    """Equality, hashing and repr by the fields in __slots__, as a dataclass would give.

    Hand-written rather than dataclasses: importing dataclasses (with inspect) and
    generating the classes costs `ewg status` a tenth of its time.
    """

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Record)
            and type(other) is type(self)
            and self._values() == other._values()
        )

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
