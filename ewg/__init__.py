"""ewg: the roadmap tool of the Mexico–United States Electric Vehicle Working Group.

The public API is importable without Typer, rich, tomlkit or gitpython:

    >>> from ewg import load
    >>> roadmap = load("roadmap.toml")
"""

from __future__ import annotations

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False


__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from ewg.model import Item, Roadmap
    from ewg.store import load

__all__ = ["Item", "Roadmap", "__version__", "load"]


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so `ewg --help` stays fast."""
    if name == "load":
        from ewg.store import load

        return load
    if name in ("Item", "Roadmap"):
        from ewg import model

        return getattr(model, name)
    raise AttributeError(name)
