"""Cold reads: the quick reader of plain TOML gives what tomllib gives, or steps aside.

`ewg.tomlfast` reads the lines a roadmap is written in; for anything else it
returns None and tomllib reads the text. These tests hold it to tomllib: on
the toml-test suite, on random texts made of the lines it takes and of lines
close to them, and on a generated roadmap (which it must read itself, or the
cold read is slow again).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.gen_roadmap import generate_roadmap
from ewg import tomlfast
from ewg.source import TomlSyntaxError, parse, parse_located
from ewg.tomlscan import scan

SUITE = Path(__file__).parent / "data" / "toml-test" / "tests"
SUITE_FILES = sorted(p for p in SUITE.rglob("*.toml") if p.is_file())


def _tomllib(text: str) -> dict[str, object] | None:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def _tables(text: str) -> list[tuple[str, tuple[str, ...], int]]:
    return [(h.kind, h.keys, h.start) for h in scan(text).headers]


def _same_as_tomllib(text: str) -> bool:
    """Whether the quick reader stepped aside, or gave tomllib's data and the true headers."""
    fast = tomlfast.loads(text)
    if fast is None:
        return False
    data, headers = fast
    assert data == _tomllib(text), text
    assert headers == _tables(text), text
    return True


def test_the_toml_test_suite_is_read_as_tomllib_reads_it() -> None:
    read = 0
    for path in SUITE_FILES:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _same_as_tomllib(text):
            read += 1
    assert read > 20  # the suite's plain files are read here, not all handed on


def test_no_invalid_file_of_the_suite_is_taken() -> None:
    invalid = [p for p in SUITE_FILES if "invalid" in p.parts]
    assert len(invalid) > 300
    for path in invalid:
        text = path.read_bytes().decode("utf-8", "replace")
        if _tomllib(text) is None:
            assert tomlfast.loads(text) is None, path


def test_a_generated_roadmap_is_read_quickly_and_exactly() -> None:
    text = generate_roadmap(300, 5)
    assert _same_as_tomllib(text)
    assert _same_as_tomllib(text.replace("\n", "\r\n"))


def test_indicators_are_read_quickly_and_exactly(tmp_path: Path) -> None:
    """Baselines and targets are inline tables, shares have decimals: the quick reader takes
    both, in generated roadmaps, in the file `ewg init` writes and in the hand-written one."""
    import random

    from benchmarks.gen_roadmap import render_indicators

    generated = generate_roadmap(50, 5) + render_indicators(random.Random(5), 8, 64)
    assert any("." in line for line in generated.splitlines() if line.startswith("value = "))
    assert _same_as_tomllib(generated)
    hand_written = Path(__file__).parent / "data" / "indicators.toml"
    assert _same_as_tomllib(hand_written.read_text(encoding="utf-8"))
    from ewg.roadmap_template import new_roadmap

    assert _same_as_tomllib(new_roadmap("Working group", "Grupo de trabajo"))


_KEYS = st.sampled_from(["id", "title", "a", "b", "items", "x-1", "true", "0", "é", '"q"', "a.b"])
_VALUES = st.sampled_from(
    [
        '"text"',
        '""',
        '"tab\there"',
        '"say \\"hi\\" \\\\ \\n \\u00e9 \\U0001F600"',
        '"\\ud800"',
        '"\\x41"',
        '"\\e"',
        "'literal \\ no escape'",
        "''",
        "0",
        "-0",
        "+7",
        "007",
        "1_000",
        "12345678901234567890",
        "1.5",
        "1e3",
        "0x1f",
        "true",
        "false",
        "True",
        "2024-02-29",
        "2023-02-29",
        "2024-13-01",
        "2024-01-01T10:00:00",
        "2024-01-01 10:00",
        "10:00:00",
        "[]",
        '["a", "b"]',
        '["a", "b",]',
        '[ "a" , ]',
        "[,]",
        '["a" "b"]',
        "[1, 2]",
        '["a", ["b"]]',
        "{ a = 1 }",
        '[\n  "a",\n  "b",\n]',
        '[\n  "a", # note "q", "r"\n  "b" # "c"\n]',
        "[ # opening\n]",
        "[\n]",
        '[ "a"\n, "b" ]',
        '[\n  "a"\n  "b"\n]',
        '[\r\n  "a",\r\n]',
        '[\n  "a",\r  "b"\n]',
        '[\n  "issue #12",\n]',
        '[\n  "a",\n  ,\n]',
        '[\n  "a",\n[b]\n]',
        '[\n  "a",\n  "b\\n",\n]',
        '[\n  "a",\n  1,\n]',
        "[\n  'a',\n]",
        "{}",
        "{ }",
        "{ date = 2023-02-15, value = 1_200 }",
        "{date=2024-01-01,value=62.5}",
        '{ a = "x = 1, b = 2", b = true }',
        "{ a = 1, a = 2 }",
        "{ a = 1, }",
        "{ a = { b = 1 } }",
        '{ a = "\\n" }',
        "{ a = [1] }",
        "{ a = 2024-01-01T10:00:00 }",
        "{ a = 1.5e3, b = -0.0, c = +7 }",
        "-1.25",
        "6.02e23",
        "1E-5",
        "1_0.5_1",
        "1e1_0",
        "1._5",
        "1_.5",
        "00.5",
        "1.",
        ".5",
        "1e",
        "0e5",
        "nan",
        "-inf",
        '"""multi"""',
        '"""',
        "inf",
        '"unterminated',
        '"control\x01char"',
    ]
)
_HEADERS = st.sampled_from(
    [
        "[a]",
        "[b]",
        "[a.b]",
        "[a.c]",
        "[ a . b ]",
        "[[items]]",
        "[[a]]",
        "[[a.b]]",
        "[[ items ]]",
        "[ [items] ]",
        "[items.x]",
        "[a.a]",
        "[b.a]",
        "[x.y.z]",
        '["a"]',
        "[]",
        "[a",
    ]
)
_LINE = st.one_of(
    st.builds(
        lambda k, v, sp: f"{k}{sp}={sp}{v}", _KEYS, _VALUES, st.sampled_from(["", " ", "\t"])
    ),
    _HEADERS,
    st.sampled_from(["", "   ", "# a comment", "# é", "#\x7f", "  a = 1 # note", "a = 1 #\x02"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_LINE, max_size=14),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_random_texts_are_read_as_tomllib_reads_them(
    lines: list[str], newline: str, final: bool
) -> None:
    text = newline.join(lines) + (newline if final else "")
    _same_as_tomllib(text)
    if _tomllib(text) is None:
        assert tomlfast.loads(text) is None


def test_what_it_refuses_still_parses_or_fails_as_before() -> None:
    text = 'a = """\n[not a header]\n"""\n[t]\nb = 1\n'
    assert tomlfast.loads(text) is None
    data, headers = parse_located(text)
    assert data == {"a": "[not a header]\n", "t": {"b": 1}}
    assert headers is None  # headers come with the quick reader only
    with pytest.raises(TomlSyntaxError) as caught:
        parse("a = 1\na = 2\n")
    assert (caught.value.line, caught.value.col) == (2, 1)


def test_dates_are_shared_but_equal() -> None:
    data, _headers = parse_located("a = 2024-01-02\nb = 2024-01-02\n")
    assert data == {"a": dt.date(2024, 1, 2), "b": dt.date(2024, 1, 2)}
