"""``publish_site`` on the fixture graph: documents, dumps, VoID, HTML, determinism, atomicity."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish import site as site_module
from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.publish.load import ontology_files
from ccpj_graph.publish.site import MARKER, publish_site
from publish_support import BASE, OLD_BASE, fixture_triples, ontology_triples, publish_fixture

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def parse(path: Path) -> Graph:
    """Parse with rdflib: a different parser from the pyoxigraph that wrote the files."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return Graph().parse(data=gzip.decompress(data), format="nt")
    return Graph().parse(data=data, format=RDF_FORMATS[path.suffix])


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        raise AssertionError(
            f"only expected: {sorted(only_expected)[:5]}\nonly actual: {sorted(only_actual)[:5]}"
        )


def expected_graph() -> Graph:
    graph = Graph()
    for t in rebase(fixture_triples(), SiteBase.parse(BASE)):
        graph.parse(data=str(t) + " .", format="nt")
    return graph


def entity_docs(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in (out / "id").rglob(f"*{suffix}") if p.name != "index.html")


def test_every_entity_has_four_documents_at_paths_that_mirror_its_iri(fixture_site):
    out, result = fixture_site
    subjects = {t.subject.value for t in fixture_triples()}
    assert result.entities == len(subjects) == 24
    for iri in subjects:
        path = iri.removeprefix(OLD_BASE)
        for suffix in (".ttl", ".jsonld", ".nt", ".html"):
            assert (out / "id" / f"{path}{suffix}").is_file(), path + suffix
    assert (out / "id/activity/001-17-2.ttl").is_file()


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".nt"])
def test_each_document_parses_and_is_about_its_iri(fixture_site, suffix):
    out, _ = fixture_site
    docs = entity_docs(out, suffix)
    assert len(docs) == 24
    for doc in docs:
        iri = URIRef(BASE + doc.relative_to(out).as_posix().removesuffix(suffix))
        graph = parse(doc)
        assert set(graph.subjects()) == {iri}, doc
        assert (iri, None, None) in graph


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".nt"])
def test_union_of_entity_documents_is_the_dump_is_the_input(fixture_site, suffix):
    out, _ = fixture_site
    union = Graph()
    for doc in entity_docs(out, suffix):
        union += parse(doc)
    expected = expected_graph()
    assert_isomorphic(expected, union)
    for dump in ("ccpj.ttl", "ccpj.jsonld", "ccpj.nt.gz"):
        assert_isomorphic(expected, parse(out / "dump" / dump))


def test_the_site_never_names_the_old_base_or_a_local_path(fixture_site):
    out, _ = fixture_site
    local = str(out.parent)
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            if path.suffix == ".gz":
                text = gzip.decompress(text)
            decoded = text.decode("utf-8")
            assert OLD_BASE not in decoded, path
            assert local not in decoded and "file:" not in decoded, path
            assert "/work/" not in decoded and "/tmp/" not in decoded, path


def test_ontology_documents_parse_and_keep_the_ontology_namespace(fixture_site):
    out, _ = fixture_site
    expected = Graph()
    for path in ontology_files():
        expected.parse(path, format="turtle")
    assert len(expected) == len(ontology_triples())
    for name in ("ontology.ttl", "ontology.jsonld", "ontology.nt"):
        assert_isomorphic(expected, parse(out / name))
    page = (out / "ontology.html").read_text()
    for term in ("Activity", "Training", "hasPartner", "quote", "statedIn"):
        assert f'id="{term}"' in page
    assert "subclass of" in page and "property chain" in page


def test_void_and_dcat_state_counts_dumps_license_endpoint_and_uri_space(fixture_site):
    out, _ = fixture_site
    void = parse(out / "dataset.ttl")
    for other in ("dataset.jsonld", "dataset.nt"):
        assert_isomorphic(void, parse(out / other))
    dataset = URIRef(BASE + "dataset")
    data = expected_graph()

    def one(p):
        values = list(void.objects(dataset, p))
        assert len(values) == 1, p
        return values[0]

    assert int(one(VOID.triples)) == len(data)
    assert int(one(VOID.entities)) == 24
    assert str(one(VOID.uriSpace)) == BASE + "id/"
    assert one(VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert str(one(URIRef("http://purl.org/dc/terms/license"))).startswith(
        "https://creativecommons"
    )
    assert set(void.objects(dataset, URIRef("http://purl.org/dc/terms/source"))) == {
        URIRef(BASE + "id/report/001")
    }
    vocabularies = set(void.objects(dataset, VOID.vocabulary))
    assert URIRef("https://w3id.org/ccpj/ontology#") in vocabularies
    assert URIRef("http://www.w3.org/ns/prov#") in vocabularies
    # one class partition per class, with the number of its instances
    partitions = {
        void.value(part, VOID["class"]): int(void.value(part, VOID.entities))
        for part in void.objects(dataset, VOID.classPartition)
    }
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for cls in set(data.objects(None, rdf_type)):
        assert partitions[cls] == len(set(data.subjects(rdf_type, cls))), cls
    properties = {
        void.value(part, VOID.property): int(void.value(part, VOID.triples))
        for part in void.objects(dataset, VOID.propertyPartition)
    }
    assert properties == {p: len(list(data.triples((None, p, None)))) for p in data.predicates()}
    # every dump is listed with its real size and media type
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert dumps == {URIRef(BASE + f"dump/ccpj.{ext}") for ext in ("ttl", "nt.gz", "jsonld")}
    for dist in void.objects(dataset, DCAT.distribution):
        url = void.value(dist, DCAT.downloadURL)
        if url is not None:
            local = out / str(url).removeprefix(BASE)
            assert local.is_file(), url
            size = void.value(dist, DCAT.byteSize)
            assert size is None or int(size) == local.stat().st_size
    assert any(void.triples((None, DCAT.endpointURL, URIRef(BASE + "sparql"))))


def test_entity_page_shows_labels_links_and_the_quoted_paragraph(fixture_site):
    out, _ = fixture_site
    page = (out / "id/activity/001-17-2.html").read_text()
    assert "<title>together with UNDP, assisted the National Police Service" in page
    assert f'<link rel="canonical" href="{BASE}id/activity/001-17-2">' in page
    assert (
        '<a href="../../id/country/KEN.html" title="' + BASE + 'id/country/KEN">Kenya</a>' in page
    )
    assert '<a href="../../id/paragraph/001-17.html"' in page
    assert "In Kenya, UNODC trained 45 prison officers" in page  # the paragraph text
    assert '<a href="001-17-2.ttl" type="text/turtle">Turtle</a>' in page
    # literal text is escaped, never markup
    assert "Prison reform &lt;b&gt; &amp; &lt;/b&gt; custodial measures" in page
    assert "<b>" not in page
    # a country page lists the activities that name it, each with its quote and paragraph
    country = (out / "id/country/KEN.html").read_text()
    assert country.count("../../id/paragraph/001-17.html") == 2
    assert (
        "In Kenya, UNODC trained 45 prison officers on the Nelson Mandela Rules</blockquote>"
        in (country)
    )


def test_every_relative_link_in_the_site_resolves_to_a_file(fixture_site):
    out, _ = fixture_site
    href = re.compile(r'href="([^"#?]+)(?:\?[^"#]*)?(?:#([^"]*))?"')  # a query keeps filters
    for page in out.rglob("*.html"):
        for target, anchor in href.findall(page.read_text()):
            if target.startswith(("http://", "https://")):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_file(), f"{page.relative_to(out)} -> {target}"
            if anchor and resolved.name == "ontology.html":
                assert f'id="{anchor}"' in resolved.read_text(), anchor


def test_server_rules_redirect_every_iri_shape(fixture_site):
    out, _ = fixture_site
    htaccess = (out / ".htaccess").read_text()
    assert "RewriteBase /lod/" in htaccess
    assert "RewriteCond %{HTTP_ACCEPT} application/ld\\+json [NC]" in htaccess
    assert htaccess.count("[R=303,L,E=CCPJ_CONNEG:1]") == 8
    assert "AddType application/n-triples .nt" in htaccess
    nginx = (out / "nginx.conf").read_text()
    assert "location ^~ /lod/ {" in nginx
    assert "return 303 /lod/$ccpj_doc.$ccpj_ext;" in nginx


def test_publishing_is_deterministic(tmp_path, fixture_site):
    out, _ = fixture_site
    again = tmp_path / "again"
    publish_fixture(again, sparql_endpoint="https://example.org/lod/sparql")
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_issued_is_stated_only_when_asked(tmp_path, fixture_site):
    out, _ = fixture_site
    dcterms_issued = URIRef("http://purl.org/dc/terms/issued")
    assert not set(parse(out / "dataset.ttl").objects(URIRef(BASE + "dataset"), dcterms_issued))
    dated = tmp_path / "dated"
    publish_fixture(dated, issued="2024-05-01")
    void = parse(dated / "dataset.ttl")
    assert Literal("2024-05-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")) in set(
        void.objects(URIRef(BASE + "dataset"), dcterms_issued)
    )
    with pytest.raises(InputError, match="--issued"):
        publish_fixture(tmp_path / "bad", issued="May 2024")


def test_republish_replaces_the_site_whole(tmp_path):
    out = tmp_path / "site"
    publish_fixture(out, base="https://one.example/")
    (out / "id" / "stale.html").write_text("left over")
    publish_fixture(out, base="https://two.example/x/")
    assert not (out / "id" / "stale.html").exists()
    assert "https://two.example/x/id/country/KEN" in (out / "id/country/KEN.ttl").read_text()
    assert json.loads((out / MARKER).read_text())["base_uri"] == "https://two.example/x/"
    assert out.stat().st_mode & 0o755 == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging left behind


def test_an_interrupted_publish_leaves_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    publish_fixture(out, base="https://one.example/")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = 0
    real_write = site_module._SiteWriter.write

    def interrupted(self, relative, data):
        nonlocal calls
        calls += 1
        if calls == 40:
            raise KeyboardInterrupt
        return real_write(self, relative, data)

    monkeypatch.setattr(site_module._SiteWriter, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish_fixture(out, base="https://two.example/")
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_output_that_is_a_file_or_a_foreign_directory_is_refused(tmp_path):
    file = tmp_path / "file"
    file.write_text("mine")
    with pytest.raises(InputError, match=r"--out .*file: is a file"):
        publish_fixture(file)
    assert file.read_text() == "mine"
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match=r"not a site written by ccpj publish"):
        publish_fixture(foreign)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    publish_fixture(empty)
    assert (empty / "index.html").is_file()


def test_a_bad_base_writes_nothing(tmp_path):
    with pytest.raises(InputError, match="--base-uri"):
        publish_fixture(tmp_path / "site", base="ftp://example.org/")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_parent_is_a_clear_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(CcpjError, match="--out"):
        publish_fixture(blocker / "site")


def test_subjects_outside_the_id_space_are_refused(tmp_path):
    stray = ox.Triple(
        ox.NamedNode("https://elsewhere.example/x"),
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        ox.Literal("x"),
    )
    with pytest.raises(InputError, match=r"outside https://example.org/lod/id/"):
        publish_site([*fixture_triples(), stray], ontology=[], base_uri=BASE, out=tmp_path / "site")
    assert not (tmp_path / "site").exists()
