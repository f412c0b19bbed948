"""What validation finds: the codes and `Diagnostic`, one finding (it imports only records).

Codes: E… fail validation, W… fail only under --strict. They never change meaning.
"""

from __future__ import annotations

from ewg.records import Record

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

UNREADABLE = "E000"
SYNTAX = "E001"
NO_ROADMAP = "E002"
NO_AREAS = "E003"
UNKNOWN_KEY = "E004"
WRONG_TYPE = "E005"
MISSING_FIELD = "E006"
BAD_VALUE = "E007"
DUPLICATE_ID = "E008"
BAD_ID = "E009"
UNKNOWN_REF = "E010"
CYCLE = "E011"
DUE_BEFORE_START = "E012"
PROGRESS_RANGE = "E013"
DONE_WITHOUT_COMPLETED = "E014"
BAD_LINK = "E015"
ID_COLLISION = "E016"
TOO_DEEP = "E017"
NO_OWNER = "W101"
OVERDUE = "W102"
AFTER_MILESTONE = "W103"
DONE_BEFORE_DEPENDENCY = "W104"
SECTOR_GAP = "W105"
COUNTRY_GAP = "W106"
TARGET_BEFORE_BASELINE = "E018"
BEFORE_BASELINE = "W107"
SAME_DATE = "W108"
NEVER_MEASURED = "W109"
DECISIONS_ES_COUNT = "W110"

CODES = {
    UNREADABLE: "file missing, a folder, unreadable or too big",
    SYNTAX: "TOML syntax (or not UTF-8 text)",
    NO_ROADMAP: "missing [roadmap] table or its title",
    NO_AREAS: "no areas",
    UNKNOWN_KEY: "unknown table or key",
    WRONG_TYPE: "wrong type",
    MISSING_FIELD: "missing required field",
    BAD_VALUE: "invalid enum value",
    DUPLICATE_ID: "duplicate item id",
    BAD_ID: "id not of the right form, or prefix not its area's",
    UNKNOWN_REF: "reference to an unknown area, owner, milestone or item",
    CYCLE: "dependency cycle",
    DUE_BEFORE_START: "due before start",
    PROGRESS_RANGE: "progress outside 0–100",
    DONE_WITHOUT_COMPLETED: "done item without completed",
    BAD_LINK: "link that is not http/https",
    ID_COLLISION: "id held by a different item in another revision",
    TOO_DEEP: "nested more than 32 levels deep (dotted key parts, arrays, inline tables)",
    NO_OWNER: "item without an owner",
    OVERDUE: "overdue item",
    AFTER_MILESTONE: "item due after its milestone",
    DONE_BEFORE_DEPENDENCY: "done item depends on an item not done",
    SECTOR_GAP: "area without an owner from one of the three sectors",
    COUNTRY_GAP: "area without an owner from one of the two countries",
    TARGET_BEFORE_BASELINE: "indicator target dated before its baseline",
    BEFORE_BASELINE: "measurement dated before its indicator's baseline",
    SAME_DATE: "two measurements of one indicator on one date",
    NEVER_MEASURED: "indicator never measured",
    DECISIONS_ES_COUNT: "meeting whose decisions_es are not one for each decision",
}

Path = tuple[str | int, ...]  # keys and array indexes from the document's root


class Diagnostic(Record):
    """One finding: what is wrong, how bad, and where. Not changed once made (`replace`
    makes another); a Record rather than a dataclass, which costs every write 6 ms to import."""

    __slots__ = (
        "at_value",  # point at the value rather than the key
        "code",
        "col",
        "file",
        "hint",
        "line",  # 0: no position (the file cannot be read)
        "message",
        "path",
        "related",  # another place the hint refers to ("the item that has this id")
        "severity",  # "error" | "warning"
        "source",  # the text of the line, for showing it under the finding
    )

    def __init__(
        self,
        severity: str,
        code: str,
        message: str,
        path: Path = (),
        hint: str | None = None,
        at_value: bool = False,
        file: str = "",
        line: int = 0,
        col: int = 0,
        related: Path = (),
        source: str = "",
    ) -> None:
        self.severity, self.code, self.message, self.path = severity, code, message, path
        self.hint, self.at_value, self.file, self.line = hint, at_value, file, line
        self.col, self.related, self.source = col, related, source

    def replace(self, **changes: Any) -> Diagnostic:
        """The same finding with some fields changed."""
        fields = {name: getattr(self, name) for name in self.__slots__}
        return Diagnostic(**{**fields, **changes})

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


def error(
    code: str, message: str, path: Path, hint: str | None = None, at_value: bool = False
) -> Diagnostic:
    """An error at `path`."""
    return Diagnostic("error", code, message, path, hint, at_value)


def warning(
    code: str, message: str, path: Path, hint: str | None = None, at_value: bool = False
) -> Diagnostic:
    """A warning at `path`."""
    return Diagnostic("warning", code, message, path, hint, at_value)
