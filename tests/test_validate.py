"""The roadmap's rules (ewg.validate) and where they point (ewg.positions), without the CLI."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewg import source, validate
from ewg.positions import Positions
from ewg.validate import CODES, Diagnostic, check_against, check_data, check_file, check_text

DATA = Path(__file__).parent / "data"
BROKEN = sorted((DATA / "broken").glob("*.toml"))
CLEAN = (DATA / "clean.toml").read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 27)
_EXPECT = re.compile(rb"# expect: ([EW]\d{3}) (\d+):(\d+)\n")


def _expected(path: Path) -> tuple[str, int, int]:
    match = _EXPECT.match(path.read_bytes())
    assert match, f"{path.name} does not start with '# expect: CODE LINE:COL'"
    return match.group(1).decode(), int(match.group(2)), int(match.group(3))


def _found(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in check_text(text, "roadmap.toml", TODAY)]


# --- the corpus: one broken roadmap per rule ----------------------------------------------


def test_corpus_base_is_clean() -> None:
    assert check_text(CLEAN, "clean.toml", TODAY) == []


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_roadmap_gives_its_one_finding_at_its_place(path: Path) -> None:
    code, line, col = _expected(path)
    assert path.stem.startswith(code)
    found = check_file(path, TODAY, path.name)
    assert [(d.code, d.line, d.col) for d in found] == [(code, line, col)], found
    finding = found[0]
    assert finding.file == path.name
    assert finding.severity == ("error" if code.startswith("E") else "warning")
    assert finding.message and "\n" not in finding.message


def test_corpus_covers_every_rule_that_reads_one_file() -> None:
    covered = {_expected(p)[0] for p in BROKEN}
    # E000 (unreadable file) and E016 (--against REV) are tested with files and git below.
    assert covered == set(CODES) - {validate.UNREADABLE, validate.ID_COLLISION}


def test_bundled_roadmap_has_no_errors() -> None:
    found = check_file(Path(__file__).parents[1] / "roadmap.toml", TODAY)
    assert [d for d in found if d.is_error] == []


# --- messages and hints -------------------------------------------------------------------


def _one(text: str, code: str) -> Diagnostic:
    found = [d for d in check_text(text, "roadmap.toml", TODAY) if d.code == code]
    assert len(found) == 1, found
    return found[0]


def _corpus(name: str) -> str:
    return (DATA / "broken" / f"{name}.toml").read_text(encoding="utf-8")


def test_bad_status_suggests_the_close_one() -> None:
    finding = _one(_corpus("E007-status"), "E007")
    assert finding.message == "invalid status 'planed'"
    assert finding.hint == "did you mean 'planned'?"


def test_far_status_lists_the_choices() -> None:
    finding = _one(CLEAN.replace('status = "planned"', 'status = "someday"'), "E007")
    assert finding.hint == "one of: planned, in_progress, blocked, done, dropped"


def test_unknown_key_suggests_the_known_one() -> None:
    assert _one(_corpus("E004-unknown-item-key"), "E004").hint == "did you mean 'tags'?"
    assert _one(_corpus("E004-unknown-table"), "E004").hint == "did you mean 'items'?"


def test_cycle_names_its_items() -> None:
    finding = _one(_corpus("E011-cycle"), "E011")
    assert finding.message == "dependency cycle: INN-1 -> GOV-2 -> INN-1"


def test_self_dependency_is_a_cycle() -> None:
    text = CLEAN.replace('depends_on = ["GOV-1"]', 'depends_on = ["GOV-1", "GOV-2"]')
    finding = _one(text, "E011")
    assert finding.message == "dependency cycle: GOV-2 -> GOV-2"
    assert finding.source == 'depends_on = ["GOV-1", "GOV-2"]'
    assert finding.col == len('depends_on = ["GOV-1", ') + 1


def test_duplicate_id_names_the_item_that_has_it_first() -> None:
    finding = _one(_corpus("E008-duplicate-id"), "E008")
    first_line = _corpus("E008-duplicate-id").splitlines().index('id = "GOV-1"') + 1
    assert (
        finding.hint == f"item #2 ('Agree on a charter') already has this id, at line {first_line}"
    )


def test_dates_in_quotes_get_a_hint() -> None:
    assert _one(_corpus("E005-date-in-quotes"), "E005").hint == (
        "write dates as 2024-05-31, without quotes"
    )


def test_unquoted_text_gets_a_hint() -> None:
    finding = _one(_corpus("E001-unquoted-string"), "E001")
    assert finding.message == "invalid TOML: invalid value"
    assert "quotes" in (finding.hint or "")


def test_a_date_time_is_not_a_date() -> None:
    finding = _one(CLEAN.replace("due = 2027-06-30", "due = 2027-06-30T10:00:00"), "E005")
    assert finding.message == "'due' must be a date, not a date-time"


def test_boolean_progress_is_the_wrong_type() -> None:
    text = CLEAN.replace('status = "planned"', 'status = "planned"\nprogress = true')
    assert _one(text, "E005").message == "'progress' must be a integer, not a boolean"


def test_duplicate_area_prefix() -> None:
    text = CLEAN.replace('prefix = "GOV"', 'prefix = "INN"')
    finding = [d for d in check_text(text, "r.toml", TODAY) if d.code == "E008"]
    assert [(d.line, d.col) for d in finding] == [(10, 10)]


def test_warnings_need_a_date_only_for_overdue() -> None:
    text = _corpus("W102-overdue")
    assert [d.code for d in check_data(validate.parse(text), None)] == []  # type: ignore[arg-type]
    assert [d.code for d in check_data(validate.parse(text), TODAY)] == ["W102"]  # type: ignore[arg-type]


def test_all_findings_in_one_run() -> None:
    text = (
        _corpus("E007-status")
        .replace('prefix = "INN"', 'prefix = "inn"')
        .replace('title = "Test roadmap"', 'title = "Test roadmap"\nversion = 2')
    )
    codes = [d.code for d in check_text(text, "r.toml", TODAY)]
    assert codes == ["E004", "E009", "E007"]  # in file order


# --- exact places -------------------------------------------------------------------------


def test_elements_of_multi_line_arrays_with_comments() -> None:
    text = CLEAN.replace(
        'owners = ["sre", "ford-mx", "uc"]\nstatus = "in_progress"',
        'owners = [\n  "sre",  # Mexico\n  # industry:\n  "ford-mx",\n  "uc", "nope",\n]\n'
        'status = "in_progress"',
    )
    finding = _one(text, "E010")
    assert (finding.source, finding.col) == ('  "uc", "nope",', 9)


def test_items_as_inline_tables() -> None:
    text = (
        '[roadmap]\ntitle = "T"\n[areas.a]\nname = "A"\nprefix = "A"\n'
        "[owners.o]\nname = 'O'\nsector = 'government'\ncountry = 'MX'\n"
        'items = [\n  { id = "A-1", title = "x", area = "a", status = "done", owners = ["o"] },\n'
        '  { id = "A-2", title = "y", area = "a", status = "planed", owners = ["o", "p"] },\n]\n'
    )
    # Top-level keys must come before tables: move `items` up.
    head, rest = text.split("[owners.o]")
    owners, items = rest.split("items = ")
    text = "items = " + items + head + "[owners.o]" + owners
    found = {d.code: (d.line, d.col) for d in check_text(text, "r.toml", TODAY) if d.is_error}
    lines = text.splitlines()
    assert found["E014"] == (2, lines[1].index('"done"') + 1)
    assert found["E007"] == (3, lines[2].index('"planed"') + 1)
    assert found["E010"] == (3, lines[2].index('"p"') + 1)


def test_dotted_and_quoted_keys() -> None:
    text = '[roadmap]\ntitle = "T"\n\n[areas]\ninnovation.name = "I"\n"innovation".prefix = "inn"\n'
    finding = _one(text, "E009")
    assert (finding.line, finding.col) == (6, len('"innovation".prefix = ') + 1)


def test_missing_field_points_at_the_header_and_unknown_key_at_the_key() -> None:
    text = CLEAN.replace('title = "Set up the secretariat"\n', '  titel = "Set up"\n')
    found = {d.code: (d.line, d.col) for d in check_text(text, "r.toml", TODAY)}
    lines = text.splitlines()
    assert found["E004"] == (lines.index('  titel = "Set up"') + 1, 3)
    headers = [i + 1 for i, line in enumerate(lines) if line == "[[items]]"]
    assert found["E006"] == (headers[2], 1)


def test_crlf_line_endings() -> None:
    text = _corpus("E007-status").replace("\n", "\r\n")
    code, line, col = _expected(DATA / "broken" / "E007-status.toml")
    finding = _one(text, code)
    assert (finding.line, finding.col) == (line, col)
    assert not finding.source.endswith("\r")


def test_positions_of_offsets() -> None:
    where = Positions('a = 1\n\n"bé" = [1, 2]\n')
    assert where.position(0) == (1, 1)
    assert where.position(6) == (2, 1)
    assert where.position(7) == (3, 1)
    assert where.position(where.find(("bé", 1), at_value=True) or 0) == (3, 12)
    assert where.find(("nothing",)) is None
    assert where.line_text(3) == '"bé" = [1, 2]'
    assert where.line_text(99) == ""


# --- the file itself ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    [finding] = check_file(tmp_path / "nope.toml", TODAY, "nope.toml")
    assert (finding.code, finding.line, finding.file) == ("E000", 0, "nope.toml")
    assert finding.message == "no such file"


def test_folder(tmp_path: Path) -> None:
    [finding] = check_file(tmp_path, TODAY)
    assert (finding.code, finding.message) == ("E000", "this is a folder, not a file")


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 1000)  # validate reads through ewg.source
    path = tmp_path / "roadmap.toml"
    path.write_text("# " + "x" * 2000 + "\n")
    [finding] = check_file(path, TODAY)
    assert finding.code == "E000"
    assert "larger than" in finding.message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_bytes(b"")
    found = [(d.code, d.line, d.col) for d in check_file(path, TODAY)]
    assert found == [("E002", 1, 1), ("E003", 1, 1)]


def test_byte_order_mark_gets_a_hint() -> None:
    finding = _one("\ufeff" + CLEAN, "E001")
    assert (finding.line, finding.col) == (1, 1)
    assert "byte order mark" in (finding.hint or "")


def test_deep_nesting_is_refused_at_its_33rd_level_not_a_crash() -> None:
    finding = _one("a = " + "[" * 100_000, "E017")
    assert (finding.line, finding.col) == (1, 4 + 32)


def test_unclosed_array_at_end_points_at_the_last_line() -> None:
    finding = _one(CLEAN + "\ntags = [\n\n\n", "E001")
    assert finding.line == CLEAN.count("\n") + 2


def test_findings_are_cached_by_content_date_and_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(_corpus("W102-overdue"), encoding="utf-8")
    first = check_file(path, TODAY, "a.toml")
    monkeypatch.setattr(validate, "check_text", lambda *args: pytest.fail("not cached"))
    again = check_file(path, TODAY, "b.toml")
    assert [(d.code, d.line) for d in again] == [(d.code, d.line) for d in first]
    assert {d.file for d in again} == {"b.toml"}
    monkeypatch.undo()
    assert check_file(path, dt.date(2020, 1, 1)) == []  # another day: checked again


# --- --against: ids another revision holds as a different item ----------------------------


def _with_item(item_id: str, title: str, area: str = "governance") -> dict[str, Any]:
    data = validate.parse(CLEAN)
    assert isinstance(data, dict)
    data["items"] = [*data["items"], {"id": item_id, "title": title, "area": area}]
    return data


def test_collision_when_both_sides_added_the_id() -> None:
    mine, theirs = _with_item("GOV-3", "Mine"), _with_item("GOV-3", "Theirs")
    base = validate.parse(CLEAN)
    assert isinstance(base, dict)
    [finding] = check_against(mine, theirs, base, "origin/main")
    assert finding.code == "E016"
    assert finding.path == ("items", 3, "id")
    assert (
        finding.message == "origin/main holds GOV-3 as a different item: 'Theirs' (area governance)"
    )


def test_no_collision_for_an_item_edited_since_the_fork() -> None:
    base = _with_item("GOV-3", "Old title")
    assert check_against(_with_item("GOV-3", "New"), _with_item("GOV-3", "Other"), base, "r") == []


def test_no_collision_for_the_same_item_on_both_sides() -> None:
    mine = _with_item("GOV-3", "Same")
    assert check_against(mine, _with_item("GOV-3", "Same"), None, "r") == []


def test_collision_without_a_fork_point() -> None:
    found = check_against(_with_item("GOV-3", "A"), _with_item("GOV-3", "B"), None, "r")
    assert [d.code for d in found] == ["E016"]


def test_collision_is_located_at_the_id() -> None:
    mine = CLEAN + '\n[[items]]\nid = "GOV-3"\ntitle = "Mine"\narea = "governance"\n'
    theirs = CLEAN + '\n[[items]]\nid = "GOV-3"\ntitle = "Theirs"\narea = "governance"\n'
    [finding] = validate.check_against_text(mine, theirs, CLEAN, "r.toml", "main")
    assert (finding.line, finding.col, finding.file) == (CLEAN.count("\n") + 3, 6, "r.toml")
    assert validate.check_against_text(mine, None, CLEAN, "r.toml", "main") == []
    assert validate.check_against_text(mine, "not [toml", CLEAN, "r.toml", "main") == []


# --- nothing breaks it --------------------------------------------------------------------

_KEYS = st.sampled_from(
    [
        "roadmap",
        "areas",
        "owners",
        "milestones",
        "items",
        "meetings",
        "id",
        "title",
        "area",
        "owners",
        "status",
        "due",
        "start",
        "depends_on",
        "progress",
        "links",
        "sector",
        "country",
        "prefix",
        "name",
        "completed",
        "milestone",
        "attendees",
        "date",
    ]
) | st.text(min_size=1, max_size=5)
_SCALARS = (
    st.text(max_size=8)
    | st.sampled_from(["INN-1", "done", "planned", "innovation", "sre", "MX", "government"])
    | st.integers(-5, 200)
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.datetimes()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_check_data_never_raises(data: dict[str, Any]) -> None:
    for finding in check_data(data, TODAY):
        assert finding.code in CODES
        assert finding.severity in ("error", "warning")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_every_finding_on_written_toml_has_a_place(data: dict[str, Any]) -> None:
    import tomlkit  # noqa: TID251 - tests may use it

    try:
        text = tomlkit.dumps(data)
    except Exception:  # tomlkit cannot write every value (e.g. some date-times)
        return
    for finding in check_text(text, "r.toml", TODAY):
        assert finding.line >= 1 and finding.col >= 1
        assert finding.line <= text.count("\n") + 1


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("[]{}\"'#=,.\n \tab1-")), max_size=60),
    st.lists(st.one_of(st.integers(0, 3), st.sampled_from(["a", "b", "a.b"])), max_size=4),
)
def test_positions_never_raise(text: str, path: list[str | int]) -> None:
    where = Positions(text)
    for at_value in (False, True):
        offset = where.find(tuple(path), at_value)
        assert offset is None or 0 <= offset <= len(text)
    check_text(text, "r.toml", TODAY)
