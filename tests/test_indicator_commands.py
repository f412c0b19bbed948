"""`ewg indicator add|record|set|rm|list|show` as a user runs them, on the hand-written fixture."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

FIXTURE = ROOT / "tests" / "data" / "indicators.toml"
ORIGINAL = FIXTURE.read_text(encoding="utf-8")


def copy_fixture(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hand-written fixture as roadmap.toml in `folder`, the working directory."""
    path = folder / "roadmap.toml"
    path.write_bytes(FIXTURE.read_bytes())
    monkeypatch.chdir(folder)
    return path


@pytest.fixture
def diagnosis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_fixture(tmp_path, monkeypatch)


def _replaced(old: str, new: str) -> str:
    assert ORIGINAL.count(old) == 1, old
    return ORIGINAL.replace(old, new)


# --- writes, byte for byte -----------------------------------------------------------------


def test_record_goes_after_the_last_measurement_of_its_indicator(
    invoke: Invoke, diagnosis: Path
) -> None:
    result = invoke("indicator", "record", "chargers-mx", "3600", "--date", "2026-09-30")
    assert result.exit_code == 0, result.output
    assert result.stderr == "recorded chargers-mx = 3600 on 2026-09-30\n"
    last_mx = 'note = "Registry, Q2."\n'
    added = '\n[[measurements]]\nindicator = "chargers-mx"\ndate = 2026-09-30\nvalue = 3600\n'
    assert diagnosis.read_text(encoding="utf-8") == _replaced(last_mx, last_mx + added)


def test_record_of_the_last_measured_indicator_appends(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke(
        "indicator",
        "record",
        "import-share",
        "58.25",
        "--note",
        "Q3",
        "--source",
        "https://x.org/a",
    )
    assert result.exit_code == 0, result.output
    added = (
        '\n[[measurements]]\nindicator = "import-share"\ndate = 2026-11-27\nvalue = 58.25\n'
        'source = "https://x.org/a"\nnote = "Q3"\n'
    )
    assert diagnosis.read_text(encoding="utf-8") == ORIGINAL + added


def test_add_goes_after_the_last_indicator(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke(
        "indicator", "add", "technicians-mx",
        "--name", "Technicians trained in high-voltage safety",
        "--name-es", "Técnicos capacitados en alta tensión",
        "--area", "innovation", "--country", "MX", "--unit", "technicians",
        "--baseline", "2024-01-01:500", "--target", "2028-12-31:5000",
        "--owner", "uc", "--group", "technicians",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    last = "target = { date = 2028-01-01, value = 40.0 }\n"
    added = (
        "\n[indicators.technicians-mx]\n"
        'name = "Technicians trained in high-voltage safety"\n'
        'name_es = "Técnicos capacitados en alta tensión"\n'
        'area = "innovation"\ncountry = "MX"\nunit = "technicians"\n'
        'owners = ["uc"]\ngroup = "technicians"\n'
        "baseline = { date = 2024-01-01, value = 500 }\n"
        "target = { date = 2028-12-31, value = 5000 }\n"
    )
    assert diagnosis.read_text(encoding="utf-8") == _replaced(last, last + added)


def test_set_changes_only_its_lines(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke(
        "indicator", "set", "chargers-mx", "--target", "2030-12-31:12000", "--source",
        "https://example.org/registry",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = _replaced(
        "target   = { date = 2030-12-31, value = 10000 }  # the 2030 goal\n",
        "target   = { date = 2030-12-31, value = 12000 }  # the 2030 goal\n"
        'source = "https://example.org/registry"\n',
    )
    assert diagnosis.read_text(encoding="utf-8") == expected


def test_set_edits_a_baseline_written_as_its_own_table(invoke: Invoke, diagnosis: Path) -> None:
    """`[indicators.ID.baseline]` is a way to write the point too: set edits its lines."""
    written = _replaced("baseline = {date = 2023-02-15, value = 1_200}\n", "").replace(
        "[indicators.chargers-us]",
        "[indicators.chargers-mx.baseline]   # from the 2023 census\n"
        "date = 2023-02-15\nvalue = 1_200\n\n[indicators.chargers-us]",
        1,
    )
    diagnosis.write_text(written, encoding="utf-8")
    result = invoke(
        "indicator", "set", "chargers-mx", "--baseline", "2023-03-01:1300", "--name", "Chargers"
    )
    assert result.exit_code == 0, result.stderr
    assert diagnosis.read_text(encoding="utf-8") == written.replace(
        "date = 2023-02-15\nvalue = 1_200\n", "date = 2023-03-01\nvalue = 1300\n"
    ).replace('name = "Public fast chargers in Mexico"', 'name = "Chargers"')


def test_rm_is_refused_while_measured_and_takes_them_with_it(
    invoke: Invoke, diagnosis: Path
) -> None:
    refused = invoke("indicator", "rm", "chargers-us")
    assert refused.exit_code == 1
    assert "indicator chargers-us has 1 measurements" in refused.stderr
    assert diagnosis.read_text(encoding="utf-8") == ORIGINAL
    done = invoke("indicator", "rm", "chargers-us", "--measurements")
    assert done.exit_code == 0, done.output
    text = diagnosis.read_text(encoding="utf-8")
    assert "chargers-us" not in text
    start = ORIGINAL.index("[indicators.chargers-us]")
    end = ORIGINAL.index("[indicators.import-share]")
    m_start = ORIGINAL.index('[[measurements]]\nindicator = "chargers-us"')
    m_end = ORIGINAL.index("[[measurements]]   # latest")
    assert text == ORIGINAL[:start] + ORIGINAL[end:m_start] + ORIGINAL[m_end:]


NEW = (
    "--name", "N", "--area", "innovation", "--country", "MX", "--unit", "u",
    "--baseline", "2024-01-01:1", "--target", "2025-01-01:2",
)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("record", "nope", "5"), 1, "no indicator 'nope'"),
        (("record", "chargers-mx", "lots"), 2, "VALUE: 'lots' is not a number"),
        (("record", "chargers-mx", "nan"), 2, "VALUE: 'nan' is not a number"),
        (("record", "chargers-mx", "5", "--date", "soon"), 2, "--date"),
        (("set", "chargers-mx", "--country", "CA"), 2, "--country: 'CA' is not one of"),
        (("set", "chargers-mx", "--target", "2020-01-01:5"), 2, "before the baseline date"),
        (("set", "chargers-mx", "--area", "space"), 1, "no area 'space'"),
        (("set", "chargers-mx"), 2, "nothing to change"),
        (("set", "chargers-mx", "--baseline", "2020-01-01"), 2, "is not DATE:VALUE"),
        (("add", "chargers-mx", *NEW), 1, "indicator 'chargers-mx' already exists"),
        (("add", "x", *NEW, "--owner", "nobody"), 1, "no owner 'nobody'"),
        (("add", "x", *NEW, "--country", "CA"), 2, "--country: 'CA' is not one of"),
        (("rm", "nope"), 1, "no indicator 'nope'"),
    ],
)
def test_a_refused_write_leaves_the_file_alone(
    invoke: Invoke, diagnosis: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke("indicator", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert diagnosis.read_text(encoding="utf-8") == ORIGINAL


def test_a_write_may_not_add_an_error(invoke: Invoke, diagnosis: Path) -> None:
    diagnosis.write_text(
        ORIGINAL.replace('source = "https://example.org/afdc"', 'source = "https://x.org"'),
        encoding="utf-8",
    )
    before = diagnosis.read_text(encoding="utf-8")
    result = invoke("indicator", "set", "chargers-us", "--source", "afdc")
    assert result.exit_code == 1
    assert "source 'afdc' is not an http or https URL" in result.stderr
    assert diagnosis.read_text(encoding="utf-8") == before


def test_record_in_spanish(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("--lang", "es", "indicator", "record", "chargers-mx", "4000")
    assert result.exit_code == 0, result.output
    assert result.stderr == "registrado chargers-mx = 4000 el 2026-11-27\n"
    refused = invoke("--lang", "es", "indicator", "record", "chargers-mx", "mucho")
    assert refused.exit_code == 2
    assert "VALUE: 'mucho' no es un número" in refused.stderr


def test_commit_records_the_measurement(invoke: Invoke, git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", ORIGINAL, "start")
    git_repo.tick()
    result = invoke("indicator", "record", "chargers-mx", "3600", "--commit")
    assert result.exit_code == 0, result.output
    log = git_repo.git("log", "-1", "--format=%s")
    assert log == "roadmap: chargers-mx measured 3600 on 2026-11-27\n"
    assert git_repo.git("status", "--porcelain") == ""


# --- reads --------------------------------------------------------------------------------


def test_list_in_english(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("indicator", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "ID", "Indicator", "Country", "Latest", "Target", "Progress", "Expected", "On", "track",
    ]  # fmt: skip
    assert "3,400 chargers (2026-06-30)" in lines[1]
    assert "10,000 chargers (2030-12-31)" in lines[1]
    assert lines[1].split()[-3:] == ["25%", "43%", "behind"]
    assert lines[2].endswith("behind, stale")


def test_list_in_spanish_groups_thousands_with_a_space(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("--lang", "es", "indicator", "list")
    assert result.exit_code == 0, result.output
    assert "3\u00a0400 cargadores (2026-06-30)" in result.stdout
    assert "25\u00a0%" in result.stdout
    assert "rezagado, desactualizado" in result.stdout
    assert result.stdout.splitlines()[0].startswith("ID")


def test_list_json(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("indicator", "list", "--format", "json")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    mx = data["indicators"][0]
    assert mx["id"] == "chargers-mx"
    assert mx["baseline"] == {"date": "2023-02-15", "value": 1200}
    assert mx["latest"]["value"] == 3400
    assert (mx["on_track"], mx["stale"], mx["measurements"]) == (False, False, 2)
    assert mx["progress"] == round((3400 - 1200) / (10000 - 1200), 4)


def test_list_csv_and_area_filter(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("indicator", "list", "--format", "csv", "--area", "governance")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["import-share"]
    assert (rows[0]["latest_value"], rows[0]["direction"], rows[0]["on_track"]) == (
        "62.5",
        "down",
        "false",
    )


def test_list_markdown_escapes_the_names(invoke: Invoke, diagnosis: Path) -> None:
    diagnosis.write_text(
        ORIGINAL.replace("Share of imported battery cells", "Share | of *cells*"), encoding="utf-8"
    )
    result = invoke("indicator", "list", "--format", "markdown")
    assert result.stdout.startswith("# Indicators\n\n| ID | Indicator |")
    assert "Share \\| of \\*cells\\*" in result.stdout


def test_show_text_and_json(invoke: Invoke, diagnosis: Path) -> None:
    text = invoke("indicator", "show", "chargers-mx").stdout
    assert text.splitlines()[0] == "chargers-mx  Public fast chargers in Mexico"
    assert "  2026-06-30  3,400 chargers  Registry, Q2.\n" in text
    data = json.loads(invoke("indicator", "show", "chargers-mx", "--format", "json").stdout)
    assert [m["value"] for m in data["measurements"]] == [2100, 3400]
    shown = invoke("indicator", "show", "chargers-us", "--format", "csv").stdout
    assert shown == (
        "indicator,date,value,source,note\n"
        "chargers-us,2025-01-01,120000,https://example.org/afdc,\n"
    )


def test_show_markdown_in_spanish(invoke: Invoke, diagnosis: Path) -> None:
    text = invoke("--lang", "es", "indicator", "show", "chargers-mx", "--format", "markdown").stdout
    assert text.startswith("# chargers-mx — Cargadores rápidos públicos en México\n")
    assert "- **Meta:** 10\u00a0000 cargadores (2030-12-31)" in text
    assert "| 2024-06-30 | 2\u00a0100 cargadores |  |" in text


def test_show_an_unknown_indicator(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("indicator", "show", "chargers-m")
    assert result.exit_code == 1
    assert "no indicator 'chargers-m'" in result.stderr
    assert "did you mean 'chargers-mx'?" in result.stderr


def test_an_unknown_indicator_is_named_in_each_language(invoke: Invoke, diagnosis: Path) -> None:
    en = invoke("indicator", "record", "nope", "5")
    es = invoke("--lang", "es", "indicator", "record", "nope", "5")
    assert (en.exit_code, es.exit_code) == (1, 1)
    assert en.stderr.startswith("error: no indicator 'nope'\n")
    assert es.stderr.startswith("error: no existe el indicador 'nope'\n")
    assert diagnosis.read_text(encoding="utf-8") == ORIGINAL


def test_rm_takes_many_measurements_in_one_pass_as_one_by_one_would(
    invoke: Invoke, diagnosis: Path
) -> None:
    """Interleaved measurements, some under a comment, some without a blank line between:
    removed together, the file is what removing them one at a time (from the last) gives."""
    from ewg import store

    extra = ""
    for n in range(1, 13):
        comment = "# monthly count\n" if n % 4 == 0 else ""
        gap = "" if n % 5 == 0 else "\n"
        extra += (
            f'{gap}{comment}[[measurements]]\nindicator = "chargers-us"\n'
            f"date = 2027-{n:02d}-01\nvalue = {n}\n"
            f'\n[[measurements]]\nindicator = "import-share"\ndate = 2027-{n:02d}-02\nvalue = {n}\n'
        )
    written = ORIGINAL + extra
    diagnosis.write_text(written, encoding="utf-8")
    doc = store.Document(written)
    mine = [i for i, m in enumerate(doc.roadmap.measurements) if m.indicator == "chargers-us"]
    for index in reversed(mine):
        doc = store.remove_array_table(store.Document(doc.text), "measurements", index)
    expected = store.remove_table(doc, "indicators", "chargers-us").text
    result = invoke("indicator", "rm", "chargers-us", "--measurements")
    assert result.exit_code == 0, result.stderr
    assert diagnosis.read_text(encoding="utf-8") == expected
    assert "chargers-us" not in expected and expected.count("import-share") == 14
