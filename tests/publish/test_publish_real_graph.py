"""Publishing the project's own graph (reference data, manifest and, once built, the extracted
graph): every document parses, their union is the dump and the dump is the input."""

from __future__ import annotations

import gzip

import pyoxigraph as ox
import pytest
from site_support import RealSite

from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.publish.load import default_data_files, read_triples

BASE = "https://data.example.org/ccpj/"


def canonical(triples) -> set[str]:
    """The triples as canonical (RDFC-1.0) N-Triples lines: equal sets mean isomorphic graphs."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad.triple) for quad in dataset}


@pytest.mark.slow
def test_the_real_graph_publishes_whole_and_fast(real_site_once: RealSite):
    files = default_data_files()
    assert files, "the project has no instance data to publish"
    data = read_triples(files)
    # published once per run from the same files and ontology (tests/publish/conftest.py)
    result, elapsed = real_site_once.result, real_site_once.seconds
    assert result.base_uri == BASE
    out = result.out
    expected = canonical(rebase(data, SiteBase.parse(BASE)))
    union: list[ox.Triple] = []
    docs = [p for p in (out / "id").rglob("*.nt")]
    assert len(docs) == result.entities > 100
    for doc in docs:
        triples = list(ox.parse(path=str(doc), format=ox.RdfFormat.N_TRIPLES))
        iri = BASE + doc.relative_to(out).as_posix().removesuffix(".nt")
        assert {t.subject.value for t in triples} == {iri}, doc
        union.extend(triples)
        for other in (".ttl", ".jsonld"):
            parsed = list(ox.parse(path=str(doc.with_suffix(other))))
            assert len(parsed) == len(triples), doc.with_suffix(other)
    assert canonical(union) == expected
    dump = ox.parse(
        gzip.decompress((out / "dump/ccpj.nt.gz").read_bytes()), format=ox.RdfFormat.N_TRIPLES
    )
    assert canonical(dump) == expected
    assert elapsed < 60, f"publishing took {elapsed:.1f} s"
    # links out: an activity whose evidence cites a Goal shows it, the Goal's page lists the
    # activity and its UN IRI; a country shows its Wikidata item and its M49 code
    activity = (out / "id/activity/001-3-1.html").read_text(encoding="utf-8")
    assert "Sustainable Development Goals</dt>" in activity
    assert 'href="../../id/sdg/16.html"' in activity
    goal = (out / "id/sdg/16.html").read_text(encoding="utf-8")
    assert "../../id/activity/001-3-1.html" in goal
    assert 'href="http://metadata.un.org/sdg/16"' in goal and "SDG target 16.3" in goal
    kenya = (out / "id/country/KEN.html").read_text(encoding="utf-8")
    assert 'href="http://lexvo.org/id/un_m49/404"' in kenya and ">UN M49 404<" in kenya
    assert 'href="http://www.wikidata.org/entity/Q114"' in kenya
