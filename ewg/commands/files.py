"""Where the roadmap file is, found without importing the store (the quick path needs it)."""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "roadmap.toml"


def locate(
    explicit: str | os.PathLike[str] | None = None, start: Path | None = None
) -> Path | None:
    """The roadmap file: `explicit`, else $EWG_FILE, else the nearest roadmap.toml upwards; or None."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("EWG_FILE")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def find(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The roadmap file as `locate` finds it; RoadmapFileError when there is none."""
    found = locate(explicit, start)
    if found is None:
        from ewg.errors import RoadmapFileError
        from ewg.i18n import _

        raise RoadmapFileError(
            _("no roadmap.toml here or in any parent folder"),
            hint=_("run `ewg init` to start one, or pass --file PATH"),
        )
    return found
