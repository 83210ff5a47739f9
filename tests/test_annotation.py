"""The annotation reader is strict (``ccpj_graph.annotation``): every annotation the project
keeps reads, and any one defect in a real line (a key renamed, a key dropped, a value of the
wrong type, a word outside the project's vocabularies, a paragraph given twice) is a one-line
``FILE:LINE: where: why`` error, never a silently different score or a traceback."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.annotation import load_annotation, vocabularies
from ccpj_graph.cli import cli
from ccpj_graph.errors import InputError

DATA = Path(__file__).parent / "data"
ANNOTATIONS = sorted(DATA.glob("dev-*.jsonl"))
#: A line with an activity that has a partner: every level of the format.
LINE = next(
    row
    for row in map(json.loads, (DATA / "dev-001.jsonl").read_text(encoding="utf-8").splitlines())
    if any(a["partners"] for a in row["activities"])
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in ``value`` (dict keys and list indexes)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


KEYS = [p for p in _places(LINE) if isinstance(p[-1], str)]
#: Places holding a word of a vocabulary: a type, kind, role, year basis, theme or country.
WORDS = [p for p in KEYS if p[-1] in ("type", "kind", "role", "year_basis")]
WORDS += [p for p in _places(LINE) if len(p) >= 2 and p[-2] in ("themes", "countries")]


def _parent(line: dict[str, Any], path: tuple[Any, ...]) -> Any:
    node: Any = line
    for step in path[:-1]:
        node = node[step]
    return node


def _written(tmp_path: Path, *lines: dict[str, Any]) -> Path:
    path = tmp_path / "gold.jsonl"
    good = json.dumps({**LINE, "para": "0"})  # a good first line: errors name the right one
    path.write_text("\n".join([good, *map(json.dumps, lines)]) + "\n", encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_annotation(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: "), message
    assert "\n" not in message
    return message


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.name)
def test_every_kept_annotation_reads(path: Path) -> None:
    rows = load_annotation(path)
    assert len(rows) == len(path.read_text(encoding="utf-8").splitlines())


@settings(max_examples=60, deadline=None)
@given(place=st.sampled_from(KEYS), new=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1))
def test_a_renamed_key_is_named(
    tmp_path_factory: pytest.TempPathFactory, place: tuple, new: str
) -> None:
    line = copy.deepcopy(LINE)
    parent = _parent(line, place)
    if new in parent:
        return
    parent[new] = parent.pop(place[-1])
    message = _error(_written(tmp_path_factory.mktemp("gold"), line))
    assert f"unknown key {new!r}" in message


@pytest.mark.parametrize("place", KEYS, ids=lambda p: ".".join(map(str, p)))
def test_a_missing_key_is_named(tmp_path: Path, place: tuple) -> None:
    line = copy.deepcopy(LINE)
    del _parent(line, place)[place[-1]]
    assert f"missing {place[-1]!r}" in _error(_written(tmp_path, line))


#: A theme outside the project's: "other:" and a word (words joined by hyphens).
OTHER_THEME = r"other:[a-z0-9]+(?:-[a-z0-9]+)*"


def _allowed(place: tuple[Any, ...], word: Any) -> bool:
    """Whether the project's vocabularies hold ``word`` where ``place`` is."""
    words = vocabularies()
    if place[-1] == "year_basis":
        return word is None or word in ("explicit", "reporting-period")
    if not isinstance(word, str):
        return False
    if place[-1] in ("type", "kind", "role"):
        return word in words[str(place[-1])]
    if place[-2] == "countries":
        return word in words["country"]
    return word in words["theme"] or re.fullmatch(OTHER_THEME, word) is not None


@settings(max_examples=80, deadline=None)
@given(
    place=st.sampled_from(WORDS),
    word=st.one_of(
        st.text(max_size=12),
        st.sampled_from(["other", "host", "KEN", "XXX", "other:", "other:x-y", "Training"]),
        st.integers(),
        st.booleans(),
        st.lists(st.integers()),
    ),
)
def test_a_word_outside_the_vocabularies_is_refused(
    tmp_path_factory: pytest.TempPathFactory, place: tuple, word: Any
) -> None:
    """A word is taken exactly when the vocabulary of its place holds it."""
    line = copy.deepcopy(LINE)
    _parent(line, place)[place[-1]] = word
    path = _written(tmp_path_factory.mktemp("gold"), line)
    try:
        load_annotation(path)
        taken = True
    except InputError as err:
        assert str(err).startswith(f"{path}:2: "), err
        taken = False
    assert taken == _allowed(place, word), (place, word)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"year": "2021"}, "year: expected a year"),
        ({"year": True}, "year: expected a year"),
        ({"themes": "prison"}, "themes: expected a list"),
        ({"para": 3}, "para: expected a non-empty string"),
        ({"activities": {}}, "activities: expected a list"),
    ],
)
def test_a_value_of_the_wrong_type_is_named(tmp_path: Path, change: dict, says: str) -> None:
    assert says in _error(_written(tmp_path, {**LINE, **change}))


def test_a_paragraph_given_twice_is_refused(tmp_path: Path) -> None:
    message = _error(_written(tmp_path, {**LINE, "para": "0"}))
    assert "annotated already on line 1" in message


def test_the_command_says_it_in_one_line(tmp_path: Path) -> None:
    line = copy.deepcopy(LINE)
    activity = next(a for a in line["activities"] if a["partners"])
    activity["partners"][0]["role"] = "co-deliver"
    path = _written(tmp_path, line)
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "role: unknown role 'co-deliver' (did you mean 'co-deliverer'?)" in result.output


def _twice(value: Any, twice: tuple[Any, ...], here: tuple[Any, ...] = ()) -> str:
    """``value`` as JSON with the key at ``twice`` written a second time (json.dumps cannot)."""
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            pair = f"{json.dumps(key)}: {_twice(item, twice, (*here, key))}"
            items += [pair, pair] if (*here, key) == twice else [pair]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_twice(v, twice, (*here, i)) for i, v in enumerate(value)) + "]"
    return json.dumps(value)


@settings(max_examples=60, deadline=None)
@given(place=st.sampled_from(KEYS))
def test_a_key_given_twice_is_refused(
    tmp_path_factory: pytest.TempPathFactory, place: tuple
) -> None:
    """JSON keeps the last of two equal keys: ``{"report": "004", "report": "001", ...}`` was
    read as report 001 without a word. Any key, at any level, given twice is refused."""
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    first = json.dumps({**LINE, "para": "0"})
    path.write_text(f"{first}\n{_twice(LINE, place)}\n", encoding="utf-8")
    assert json.loads(_twice(LINE, place)) == LINE  # what the reader took before
    assert _error(path) == f"{path}:2: key {place[-1]!r} given twice"


def test_the_report_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    line = json.dumps(LINE)[1:]
    path.write_text(f'{{"report": "004", {line}\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:1: key 'report' given twice$"):
        load_annotation(path)


def test_lines_are_the_files_own(tmp_path: Path) -> None:
    """A quote holding U+2028 or a form feed is one JSON line; str.splitlines() cut it in two
    ("not JSON") and shifted every line number after it. Each paragraph keeps its line."""
    path = tmp_path / "gold.jsonl"
    odd = {**LINE, "para": "0", "section_title": "one\u2028two\x0cthree"}
    lines = [json.dumps(odd, ensure_ascii=False), "", json.dumps(LINE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = load_annotation(path)
    assert [row.line for row in rows] == [1, 3]
    assert rows[0]["section_title"] == "one\u2028two\x0cthree"
    path.write_text("\n".join([*lines, json.dumps({**LINE, "year": "x"})]) + "\n")
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:4: year: expected a year"):
        load_annotation(path)
