"""A small roadmap with a history, for the agenda, minutes and digest tests, and golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GitRepo

GOLDEN = Path(__file__).parent / "golden" / "meetings"
TODAY = "2023-11-20"  # the clock of GitRepo starts on 2023-11-14 and moves a day a commit

ROADMAP = """\
[roadmap]
title = "Working group"
title_es = "Grupo de trabajo"

[areas.innovation]
name = "Innovation"
name_es = "Innovación"
prefix = "INN"

[owners.sre]
name = "SRE"
sector = "government"
country = "MX"

[owners.doe]
name = "DOE"
name_es = "Departamento de Energía"
sector = "government"
country = "US"

[owners.uc]
name = "University <of> California"
sector = "academia"
country = "US"

[milestones.draft]
title = "Draft"
title_es = "Borrador"
due = 2023-12-01

[[items]]
id = "INN-1"
title = "Map <b>battery</b> R&D *now*"
title_es = "Mapear la I+D de baterías"
area = "innovation"
owners = ["sre"]
status = "in_progress"
milestone = "draft"
due = 2023-11-18

[[items]]
id = "INN-2"
title = "Recycling call"
area = "innovation"
owners = ["doe"]
status = "blocked"
reason = "Waiting for data from INN-1"
due = 2023-12-15
depends_on = ["INN-1"]

[[items]]
id = "INN-3"
title = "Later work"
area = "innovation"
owners = ["doe", "uc"]
status = "planned"
due = 2024-06-01

[[meetings]]
date = 2023-11-16
title = "First session"
title_es = "Primera sesión"
attendees = ["sre", "doe"]
decisions = ["Publish the map by <December>."]
items = ["INN-1"]

[[meetings]]
date = 2023-11-22
title = "Second session"
title_es = "Segunda sesión"
"""


def with_history(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ROADMAP committed on 2023-11-15, then (after the first session, on 11-16) INN-1 given
    progress; today is 2023-11-20."""
    repo.commit_file("roadmap.toml", ROADMAP, "start")
    changed = ROADMAP.replace('status = "in_progress"\n', 'status = "in_progress"\nprogress = 40\n')
    repo.commit_file("roadmap.toml", changed, "INN-1 at 40%", author="Bo Lee")
    monkeypatch.setenv("EWG_TODAY", TODAY)
    return repo.path / "roadmap.toml"


def golden(name: str, text: str) -> None:
    """Compare `text` with a golden file here (or write it, with EWG_UPDATE_GOLDEN=1)."""
    from tests.helpers import compare_golden

    compare_golden(GOLDEN / name, text)
