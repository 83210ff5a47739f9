"""Strict, safe parsing: what rdflib would accept or do silently is refused, with a location."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ccpj_graph.errors import InputError
from ccpj_graph.rdfio import parse_data, parse_triples, read_graph, read_ontology

ROOT = Path(__file__).resolve().parents[1]
EX = "http://example.org/"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # rdflib accepts each of these; pyoxigraph does not.
        ("<http://example.org/a> <http://example.org/p> <http://example.org/b c> .", "1:47"),
        ('"lit" <http://example.org/p> <http://example.org/o> .', "1:1"),
        ("<http://example.org/a> _:p <http://example.org/o> .", "1:24"),
        ('<http://example.org/a> <http://example.org/p> "x"@en^^<http://example.org/d> .', "1:"),
        # A relative IRI with no base: strictness keeps file: IRIs out of the graph.
        ("<a> <http://example.org/p> <http://example.org/o> .", "1:1"),
    ],
)
def test_lenient_turtle_is_refused_with_line_and_column(text: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_data(text, source="bad.ttl")
    message = str(caught.value)
    assert message.startswith(f"bad.ttl:{where}")
    assert "\n" not in message


def test_a_file_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\nex:a ex:p ex:b c .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=rf"^{path}:3:\d+: ") as caught:
        read_graph(path)
    assert caught.value.exit_code == 2


def test_parsing_is_atomic(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<{EX}c> <{EX}p> <{EX}d> .\n<{EX}e> <{EX}p> .\n", encoding="utf-8")
    graph = Graph()
    with pytest.raises(InputError):
        graph = read_graph(good, bad)
    assert len(graph) == 0  # nothing from good.ttl nor from the first line of bad.ttl


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_graph(tmp_path / "absent.ttl")
    odd = tmp_path / "data.txt"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        read_graph(odd)
    with pytest.raises(InputError, match="no such file"):
        read_graph(tmp_path / "absent.txt")


def test_oversized_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n" * 10, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(
        InputError, match=rf"big.nt: is {size} bytes; an RDF file may be at most 100"
    ):
        read_graph(path, max_bytes=100)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&d;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_rdf_xml_with_entity_declarations_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_bytes(BILLION_LAUGHS)
    started = time.perf_counter()
    with pytest.raises(InputError, match=rf"^{path}:2:1: RDF/XML with a DOCTYPE"):
        read_graph(path)
    assert time.perf_counter() - started < 1.0


def test_plain_rdf_xml_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plain.rdf"
    path.write_bytes(BILLION_LAUGHS.split(b"]>\n", 1)[1].replace(b"&d;", b"x"))
    graph = read_graph(path)
    assert (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x")) in graph


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "context",
    [
        '"http://example.org/context.jsonld"',
        '["file:///etc/passwd", {"p": "http://example.org/p"}]',
        '{"@import": "https://example.org/ctx.jsonld", "p": "http://example.org/p"}',
        '{"p": {"@id": "http://example.org/p", "@context": "http://example.org/scoped"}}',
    ],
)
def test_remote_json_ld_contexts_are_refused(
    context: str, tmp_path: Path, no_network: list[object]
) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "{EX}a", "p": "x"}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"remote JSON-LD context .* is refused"):
        read_graph(path)
    assert no_network == []


def test_inline_json_ld_is_read(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(f'{{"@context": {{"p": "{EX}p"}}, "@id": "{EX}a", "p": "x"}}', encoding="utf-8")
    assert (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x")) in read_graph(path)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text('{\n  "@id": \n}', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:3:1: invalid JSON"):
        read_graph(path)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text(f'_:b <{EX}name> "{name}" .\n', encoding="utf-8")
    graph = read_graph(tmp_path / "one.ttl", tmp_path / "two.ttl")
    subjects = set(graph.subjects())
    assert len(subjects) == 2 and all(isinstance(s, BNode) for s in subjects)


def test_named_graphs_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "data.trig"
    path.write_text(
        f"<{EX}g> {{ <{EX}a> <{EX}p> <{EX}b> . }}\n<{EX}c> <{EX}p> <{EX}d> .\n", encoding="utf-8"
    )
    assert len(read_graph(path)) == 2


def test_strict_reading_agrees_with_rdflib_on_the_ontology() -> None:
    # Plain strings come back as plain literals, as rdflib's own parser gives them.
    reference = Graph().parse(ROOT / "ontology" / "ccpj.ttl", format="turtle")
    assert isomorphic(read_ontology(), reference)


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=40,
    ),
    lang=st.sampled_from([None, "en", "fr"]),
)
def test_literal_round_trip(text: str, lang: str | None) -> None:
    graph = Graph()
    graph.add((URIRef(EX + "a"), URIRef(EX + "p"), Literal(text, lang=lang)))
    again = parse_data(graph.serialize(format="nt"), fmt="nt", source="round.nt")
    assert isomorphic(graph, again)


@settings(max_examples=50, deadline=None)
@given(
    objects=st.lists(
        st.one_of(
            st.text(max_size=8).map(Literal),
            st.sampled_from(["01", "1", "maybe"]).map(
                lambda v: Literal(v, datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
            ),
            st.sampled_from(["a", "b"]).map(lambda v: URIRef(EX + v)),
        ),
        max_size=8,
    )
)
def test_the_triples_reader_gives_the_graph_reader_s_triples(objects: list[object]) -> None:
    """parse_triples (the build's reasoning parts) reads what parse_data reads, term for term:
    the same lexical forms, the same repeated terms, no graph in between."""
    written = Graph()
    for o in objects:
        written.add((URIRef(EX + "s"), URIRef(EX + "p"), o))  # type: ignore[arg-type]
    text = written.serialize(format="nt")
    triples = parse_triples(text, fmt="nt", source="same.nt")
    graph = parse_data(text, fmt="nt", source="same.nt")
    assert triples == set(graph)
    assert {str(o) for _, _, o in triples} == {str(o) for o in graph.objects()}


def test_lexical_forms_are_kept_as_written() -> None:
    # rdflib's default would rewrite "maybe"^^xsd:boolean as "false" and "01" as "1".
    graph = parse_data(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/p> "maybe"^^xsd:boolean , "01"^^xsd:integer .',
        source="lex.ttl",
    )
    forms = sorted(str(o) for o in graph.objects())
    assert forms == ["01", "maybe"]
    assert any(o.ill_typed for o in graph.objects())


def test_reading_about_some_subjects_keeps_their_triples_and_checks_every_file(
    tmp_path: Path,
) -> None:
    good = tmp_path / "a.ttl"
    good.write_text(
        "<https://example.org/a> <https://example.org/p> <https://example.org/b> , 'x' .\n"
        "<https://example.org/b> <https://example.org/p> <https://example.org/a> .\n"
        "_:n <https://example.org/p> <https://example.org/a> .\n",
        encoding="utf-8",
    )
    graph = read_graph(good, about={"https://example.org/a"})
    assert sorted(str(o) for o in graph.objects()) == ["https://example.org/b", "x"]
    assert set(graph.subjects()) == {URIRef("https://example.org/a")}
    bad = tmp_path / "b.ttl"
    bad.write_text("<https://example.org/c> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.ttl:1:"):
        read_graph(good, bad, about={"https://example.org/a"})
