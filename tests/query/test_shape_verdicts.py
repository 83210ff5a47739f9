"""The gate's verdicts shipped for the project's shapes (src/ccpj_graph/shape-verdicts.txt):
current, used for exactly those texts, and never for any other text."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import SH

from ccpj_graph import gated_shapes
from ccpj_graph.errors import InputError
from ccpj_graph.gated_shapes import (
    declared_prefixes,
    gate_shapes,
    parser_versions,
    shape_texts,
    verdict_key,
)
from ccpj_graph.rdfio import read_shapes
from script_support import load_script


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_script("generate_shape_verdicts")


def _made_with_this_parser() -> bool:
    """The list records the rdflib and pyparsing it was made with; a fresh machine may install
    newer ones (the dependencies are not pinned), under which no key matches."""
    text = gated_shapes.VERDICTS_PATH.read_text(encoding="utf-8")
    return f"Parser: {parser_versions()}\n" in text


def test_the_committed_list_is_what_the_script_makes(generator: ModuleType) -> None:
    """After editing a shape or changing the gate: run the script. Under another rdflib or
    pyparsing than the list records, no key matches and every text is checked."""
    shapes = read_shapes()
    prefixes = declared_prefixes(shapes)
    keys = {verdict_key(probe, prefixes) for _, probe in shape_texts(shapes)}
    assert len(keys) >= 20  # the project's shapes carry SPARQL
    if _made_with_this_parser():
        assert gated_shapes.VERDICTS_PATH.read_text(encoding="utf-8") == generator.verdicts()
        assert generator.main(["--check"]) == 0
        assert keys == gated_shapes._shipped()
    else:
        assert not keys & gated_shapes._shipped()
        assert len(gate_shapes(shapes)) == len(shapes)  # parsed and checked, and they pass


@pytest.mark.skipif(
    not _made_with_this_parser(), reason="the list was made with another rdflib or pyparsing"
)
def test_the_shipped_shapes_are_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the gate parsed a shipped text")

    monkeypatch.setattr("ccpj_graph.query.safety.check_query", parse)
    shapes = read_shapes()
    assert len(gate_shapes(shapes)) == len(shapes)


def _one_text_changed(shapes: Graph, change: str) -> Graph:
    """``shapes`` with ``change`` appended to its first sh:select text."""
    changed = Graph()
    done = False
    for s, p, o in sorted(shapes):
        if p == SH.select and not done:
            o = Literal(str(o) + change)
            done = True
        changed.add((s, p, o))
    assert done
    return changed


def test_a_shipped_text_with_a_service_added_is_refused() -> None:
    hostile = _one_text_changed(
        read_shapes(), "\nSELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"
    )
    with pytest.raises(InputError, match="SERVICE"):
        gate_shapes(hostile)


@settings(max_examples=25, deadline=None)
@given(extra=st.text(min_size=1, max_size=40))
def test_any_other_text_goes_through_the_gate(extra: str) -> None:
    """Whatever a text becomes (one character more, another comment), its key is not listed,
    so the gate parses it as it parses a user's shape."""
    shapes = read_shapes()
    prefixes = declared_prefixes(shapes)
    _, probe = shape_texts(shapes)[0]
    assert verdict_key(probe + extra, prefixes) not in gated_shapes._shipped()
    assert verdict_key(probe, {**prefixes, "x": "https://example.org/"}) not in (
        gated_shapes._shipped()
    )
