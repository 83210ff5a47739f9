"""The base URI: validation, normalisation and rewriting of instance IRIs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ccpj_graph.errors import InputError
from ccpj_graph.publish.base import DEFAULT_BASE_URI, SiteBase, rebase


@pytest.mark.parametrize(
    ("value", "uri", "path"),
    [
        ("https://example.org/ccpj", "https://example.org/ccpj/", "/ccpj/"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/", "/"),
        ("https://example.org", "https://example.org/", "/"),
        (DEFAULT_BASE_URI, "https://w3id.org/ccpj/", "/ccpj/"),
    ],
)
def test_base_is_normalised_to_end_with_a_slash(value, uri, path):
    base = SiteBase.parse(value)
    assert base.uri == uri
    assert base.path == path
    assert base.id_base == uri + "id/"


@pytest.mark.parametrize(
    "value",
    [
        "ftp://example.org/",
        "example.org/ccpj",
        "/var/www/site",
        "file:///tmp/site",
        "https://",
        "https://example.org/a?x=1",
        "https://example.org/a#frag",
        "https://user:pw@example.org/",
        "https://example.org/a b",
        "https://example.org:99999999/",
        "",
    ],
)
def test_bad_bases_are_refused_naming_the_option(value):
    with pytest.raises(InputError, match=r"^--base-uri"):
        SiteBase.parse(value)


def test_doc_path_of_instances_and_refusal_of_unpublishable_keys():
    base = SiteBase.parse("https://example.org/lod/")
    assert base.doc_path("https://example.org/lod/id/country/KEN") == "id/country/KEN"
    assert base.doc_path("https://w3id.org/ccpj/ontology#Country") is None
    for bad in ("id/country/KEN/x", "id/country/", "id/country/a.ttl", "id/x y/z"):
        with pytest.raises(InputError, match="cannot be published"):
            base.doc_path("https://example.org/lod/" + bad)


def test_rebase_moves_instance_iris_and_keeps_the_ontology_namespace():
    old = ox.NamedNode("https://w3id.org/ccpj/id/country/KEN")
    cls = ox.NamedNode("https://w3id.org/ccpj/ontology#Country")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.Literal("https://w3id.org/ccpj/id/country/KEN")  # a literal is never rewritten
    triples = [ox.Triple(old, rdf_type, cls), ox.Triple(old, rdf_type, label)]
    moved = rebase(triples, SiteBase.parse("https://example.org/lod"))
    assert moved[0] == ox.Triple(
        ox.NamedNode("https://example.org/lod/id/country/KEN"), rdf_type, cls
    )
    assert moved[1].object == label
    assert rebase(triples, SiteBase.parse(DEFAULT_BASE_URI)) == triples
