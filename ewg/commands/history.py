"""What the history commands read from git: the trend, and the report's "what changed"."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ewg.history import Skipped
    from ewg.model import Roadmap
    from ewg.render.trend import Sample

    Progress = Callable[[int, int], None]


def area_names(roadmap: Roadmap | None, lang: str) -> dict[str, str]:
    """The roadmap's areas by id, named in `lang`; none when the file could not be read."""
    if roadmap is None:
        return {}
    return {a.id: a.label(lang) for a in roadmap.areas.values()}


def trend(
    path: Path, area: str | None, lang: str, progress: Progress | None = None
) -> tuple[dict[str, list[Sample]], dict[str, str], str, list[Skipped]]:
    """Per area, samples of items counted and done by day; the area names, the file, what was skipped.

    NotFoundError for an area that neither the file nor its history has.
    """
    from ewg.commands.lookup import known
    from ewg.commands.reading import current_roadmap
    from ewg.history import History
    from ewg.render.trend import series

    with History(path) as hist:
        points, skipped = hist.trend(progress=progress)
        repo_path = hist.repo.path
    names = area_names(current_roadmap(path), lang)
    per_area = series(points, list(names))
    if area is not None:
        known("area", area, set(per_area) | set(names))
        per_area = {area: per_area.get(area, [])}
    return per_area, names, repo_path, list(skipped)
