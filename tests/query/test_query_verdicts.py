"""The gate's verdicts shipped for the project's queries (src/ccpj_graph/query-verdicts.txt):
current, used for exactly those texts, and never for any other text."""

from __future__ import annotations

import uuid
from types import ModuleType

import pytest

from ccpj_graph.query import run as run_module
from ccpj_graph.query.ahead import gate_texts
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.safety import QueryRefused
from ccpj_graph.query.verdicts import QUERY_VERDICTS, listed_keys, parser_versions, verdict_key
from script_support import load_script


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_script("generate_query_verdicts")


def _made_with_this_parser() -> bool:
    """The list records the rdflib and pyparsing it was made with; a fresh machine may install
    newer ones (the dependencies are not pinned), under which no key matches."""
    return f"Parser: {parser_versions()}\n" in QUERY_VERDICTS.read_text(encoding="utf-8")


@pytest.fixture
def unseen(monkeypatch: pytest.MonkeyPatch) -> None:
    """No verdict kept on this machine: the kept verdicts' key changes with the gate's source."""
    token = uuid.uuid4().bytes  # new each time: no verdict of an earlier run is found
    monkeypatch.setattr(run_module, "_gate_source", lambda: b"a gate never seen here " + token)


def test_the_committed_list_is_what_the_script_makes(generator: ModuleType) -> None:
    """After editing a query or changing the gate: run the script."""
    texts = gate_texts(load_queries(generator.QUERIES))
    assert len(texts) >= 20
    keys = {verdict_key(text) for _, text in texts}
    if _made_with_this_parser():
        assert QUERY_VERDICTS.read_text(encoding="utf-8") == generator.verdicts()
        assert generator.main(["--check"]) == 0
        assert keys == listed_keys(QUERY_VERDICTS)
    else:
        assert not keys & listed_keys(QUERY_VERDICTS)


@pytest.mark.skipif(
    not _made_with_this_parser(), reason="the list was made with another rdflib or pyparsing"
)
def test_the_shipped_texts_are_not_parsed_on_a_fresh_machine(
    unseen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the gate parsed a shipped text")

    monkeypatch.setattr("ccpj_graph.query.safety.check_query", parse)
    for _, text in gate_texts(load_queries()):
        run_module.check_canned(text)


def test_any_other_text_is_parsed_and_a_refused_one_refused(
    unseen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    from ccpj_graph.query import safety

    real = safety.check_query

    def spy(text: str, **kwargs: object) -> safety.CheckedQuery:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(safety, "check_query", spy)
    text = load_queries()["partners"].gated_text
    run_module.check_canned(text + "\n# edited\n")
    assert parsed == [text + "\n# edited\n"]
    service = text.replace("WHERE {", "WHERE {\n  SERVICE <http://127.0.0.1:1/s> { ?x ?y ?z }", 1)
    with pytest.raises(QueryRefused, match="SERVICE"):
        run_module.check_canned(service)
