"""Content negotiation: q-values, wildcards, aliases, and the paths that answer 303."""

from __future__ import annotations

import pytest

from ccpj_graph.publish.conneg import FORMATS, NEGOTIATED, negotiate, parse_accept

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("text/html", "html"),
        (BROWSER, "html"),
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),
        ("application/json", "jsonld"),
        ("application/x-turtle", "ttl"),
        ("text/html;q=0.5, text/turtle", "ttl"),
        ("text/turtle;q=0.2, text/html;q=0.9", "html"),
        ("text/*, application/ld+json;q=0.1", "html"),
        ("application/n-triples;q=0.9, */*;q=0.1", "nt"),
        ("TEXT/TURTLE", "ttl"),
        ("garbage, text/turtle;q=1.0", "ttl"),
    ],
)
def test_negotiate_picks_the_format_the_client_prefers(accept, extension):
    chosen = negotiate(accept)
    assert chosen is not None
    assert chosen.extension == extension


def test_negotiate_answers_none_when_nothing_offered_is_acceptable():
    assert negotiate("application/rdf+xml") is None
    assert negotiate("text/turtle;q=0, text/html;q=0") is None


def test_a_zero_q_on_the_exact_type_beats_a_wildcard():
    assert negotiate("text/html;q=0, */*").extension != "html"


def test_parse_accept_clamps_and_ignores_bad_parts():
    assert parse_accept("text/turtle;q=7, nonsense, a/b;q=x") == [
        ("text/turtle", 1.0),
        ("a/b", 0.0),
    ]


@pytest.mark.parametrize(
    "path",
    ["id/activity/001-17-2", "id/country/KEN", "id/mandate/e.cn.15-2022-9", "dataset", "ontology"],
)
def test_iris_negotiate(path):
    match = NEGOTIATED.match(path)
    assert match and match.group("doc") == path


@pytest.mark.parametrize(
    "path",
    [
        "id/activity/001-17-2.ttl",
        "id/activity/001-17-2.html",
        "id/activity/001-17-2.jsonld",
        "id/activity/001-17-2.nt",
        "id/activity/index.html",
        "id/activity/",
        "id/activity",
        "dataset.ttl",
        "index.html",
        "id/a/b/c",
        "../etc/passwd",
    ],
)
def test_documents_and_other_paths_do_not_negotiate(path):
    assert NEGOTIATED.match(path) is None


def test_every_format_has_a_distinct_extension_and_media_type():
    assert len({f.extension for f in FORMATS}) == len({f.media_type for f in FORMATS}) == 4
