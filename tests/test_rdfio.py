"""Strict, safe parsing: what rdflib would accept or do silently is refused, with a location."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ccpj_graph.errors import InputError
from ccpj_graph.rdfio import parse_data, parse_triples, read_graph, read_ontology, read_triples

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


# --- a byte-order mark, and blank-node names that do not change from run to run -------------

_BOM_FORMATS = {
    "turtle": ("bom.ttl", "turtle"),
    "nt": ("bom.nt", "nt"),
    "trig": ("bom.trig", "trig"),
    "json-ld": ("bom.jsonld", "json-ld"),
    "xml": ("bom.rdf", "xml"),
}


def _graph_with_blank_nodes(labels: list[str], nested: bool) -> Graph:
    graph = Graph()
    for index, label in enumerate(labels):
        node = BNode()
        graph.add((URIRef(EX + "s"), URIRef(EX + "p"), node))
        graph.add((node, URIRef(EX + "label"), Literal(label)))
        if nested:
            inner = BNode()
            graph.add((node, URIRef(EX + "q"), inner))
            graph.add((inner, URIRef(EX + "n"), Literal(index)))
    return graph


@settings(max_examples=40, deadline=None)
@given(
    # no control characters: XML 1.0 cannot hold them (rdflib writes them anyway)
    labels=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6), max_size=5
    ),
    nested=st.booleans(),
    fmt=st.sampled_from(sorted(_BOM_FORMATS)),
)
def test_a_leading_byte_order_mark_is_skipped_in_every_format(
    labels: list[str], nested: bool, fmt: str
) -> None:
    """A UTF-8 BOM made the first term '\\ufeff...' ("bom.ttl:1:1: \\ufeff is not a valid
    subject"); it is skipped, and the document reads as without it, to the blank nodes'
    names."""
    source, name = _BOM_FORMATS[fmt]
    text = _graph_with_blank_nodes(labels, nested).serialize(format=name).encode("utf-8")
    with_bom = parse_triples(b"\xef\xbb\xbf" + text, fmt=fmt, source=source)
    assert with_bom == parse_triples(text, fmt=fmt, source=source)


def test_a_byte_order_mark_is_skipped_in_files_too(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + f"<{EX}a> <{EX}p> <{EX}b> .\n".encode())
    assert set(read_graph(path)) == {(URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b"))}
    assert [str(t.subject.value) for t in read_triples(path)] == [EX + "a"]


def test_a_byte_order_mark_is_skipped_only_at_the_start() -> None:
    with pytest.raises(InputError, match=r"^mid\.ttl:2:"):
        parse_data(f"<{EX}a> <{EX}p> <{EX}b> .\n\ufeff<{EX}c> <{EX}p> <{EX}d> .", source="mid.ttl")


@settings(max_examples=40, deadline=None)
@given(labels=st.lists(st.text(max_size=6), min_size=1, max_size=5), nested=st.booleans())
def test_blank_node_names_depend_only_on_the_document(labels: list[str], nested: bool) -> None:
    """The parser names anonymous nodes at random, so a report naming a blank-node shape
    differed between runs; read twice, a document gives the very same triples, and another
    document other names."""
    text = _graph_with_blank_nodes(labels, nested).serialize(format="turtle")
    first = parse_triples(text, source="one.ttl")
    assert parse_triples(text, source="one.ttl") == first
    assert set(parse_data(text, source="one.ttl")) == first
    other = parse_triples(text + f"\n<{EX}x> <{EX}p> [] .\n", source="two.ttl")
    names = {t for triple in first for t in triple if isinstance(t, BNode)}
    assert names and not names & {t for triple in other for t in triple if isinstance(t, BNode)}


def test_blank_node_names_are_the_same_in_another_process(tmp_path: Path) -> None:
    path = tmp_path / "shape.ttl"
    path.write_text(f"<{EX}S> <{EX}property> [ <{EX}path> <{EX}name> ; <{EX}n> (1 2) ] .\n")
    program = (
        "import sys; from ccpj_graph.rdfio import read_graph, read_triples;"
        "print(sorted(map(str, read_graph(sys.argv[1]).all_nodes())));"
        "print([str(t) for t in read_triples(sys.argv[1])])"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and "_:" in runs[0]


def test_the_store_loader_skips_a_byte_order_mark_too(tmp_path: Path) -> None:
    """The query store and the networks load the project's files with Oxigraph's own loader:
    a reference file saved with a BOM read in the strict reader and then failed there."""
    import pyoxigraph as ox

    from ccpj_graph.rdfio import bulk_load

    text = f"<{EX}a> <{EX}p> 'x' .\n<{EX}b> <{EX}p> <{EX}a> .\n".encode()
    plain, marked = tmp_path / "plain.ttl", tmp_path / "marked.ttl"
    plain.write_bytes(text)
    marked.write_bytes(b"\xef\xbb\xbf" + text)
    stores = [ox.Store(), ox.Store()]
    bulk_load(stores[0], plain)
    bulk_load(stores[1], marked)
    assert set(stores[0]) == set(stores[1]) and len(stores[1]) == 2


def test_no_module_but_the_reader_parses_rdf_with_rdflib() -> None:
    # one strict reader for every RDF input: rdflib's lenient parser (Graph.parse) is called
    # nowhere else in the package, so no file reaches a graph unchecked (the manifest, the
    # endpoint's inference, the rdflib query engine and the map's country names once did)
    package = ROOT / "src" / "ccpj_graph"
    allowed = {"ox.parse(", "pyoxigraph.parse(", "SiteBase.parse("}
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "rdfio.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for call in re.findall(r"[\w.]*\.parse\(", line)
        if not any(call.endswith(a) for a in allowed)
    ]
    assert found == []
