"""What a command gives back to the command line: data for stdout, messages for stderr."""

from __future__ import annotations


class Outcome:
    """The result of a command: `output` for stdout, `messages` for stderr, an exit code."""

    __slots__ = ("exit_code", "messages", "output")

    def __init__(self, output: str = "", messages: list[str] | None = None, exit_code: int = 0):
        self.output = output
        self.messages = messages or []
        self.exit_code = exit_code

    def __repr__(self) -> str:
        return f"Outcome({self.output!r}, {self.messages!r}, {self.exit_code})"
