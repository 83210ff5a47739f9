"""``overlap.check_overlaps``: an output is refused exactly when it is, lies in or holds an input.

The verbs' behaviour is tested in ``tests/cli/test_cli_paths.py``; here the relation itself,
over paths spelt every way a tree with a linked folder allows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import InputError
from ccpj_graph.overlap import check_overlaps

_SEGMENT = st.sampled_from(["a", "b", "l", "f", "new", ".", ".."])
_PATH = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``a/b/``, a file ``a/f``, and ``l`` linking to ``a``; the current folder is ``top``."""
    top = tmp_path / "top"
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "f").write_text("x\n", encoding="utf-8")
    (top / "l").symlink_to("a", target_is_directory=True)
    monkeypatch.chdir(top)
    return top


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(output=_PATH, source=_PATH)
def test_refused_exactly_when_the_places_meet(output: str, source: str, tree: Path) -> None:
    """Whatever the spelling, the relation is that of the resolved places: the same, the
    output below the input, or the input below the output."""
    out, into = Path(output).resolve(), Path(source).resolve()
    if out == into:
        expected = f"-o {output}: is also an input of this command"
    elif into in out.parents:
        expected = f"-o {output}: is inside {source}, an input of this command"
    elif out in into.parents:
        expected = f"-o {output}: holds {source}, an input of this command"
    else:
        check_overlaps([("-o", output)], [("FILES", source)])
        return
    with pytest.raises(InputError) as err:
        check_overlaps([("-o", output)], [("FILES", source)])
    assert str(err.value) == expected


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_PATH, second=_PATH)
def test_two_outputs_may_not_meet(first: str, second: str, tree: Path) -> None:
    one, two = Path(first).resolve(), Path(second).resolve()
    meet = one == two or one in two.parents or two in one.parents
    try:
        check_overlaps([("--out", first), ("--store", second)])
    except InputError as err:
        assert meet
        assert str(err) == (
            f"--out {first} and --store {second}: must be different places, neither inside the "
            "other"
        )
    else:
        assert not meet


def test_a_hard_link_is_the_same_file(tree: Path) -> None:
    (tree / "h").hardlink_to(tree / "a" / "f")
    with pytest.raises(InputError, match=r"^-o h: is also an input of this command$"):
        check_overlaps([("-o", "h")], [("FILES", "a/f")])
