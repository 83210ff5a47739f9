"""ccpj review: linked spans, evidence and candidate misses, on the real graph and on a
paragraph written to hold one miss of every kind."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ccpj_graph.build.merged import merged_graph
from ccpj_graph.cli import cli
from ccpj_graph.errors import InputError
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.review.collect import review_report
from ccpj_graph.review.cues import load_cues
from ccpj_graph.review.render import pieces, render_review

ID = "https://w3id.org/ccpj/id/"
TEXT = (
    "In Kenya and Uganda, UNODC trained 40 officers of the Kenya Prison Service with the "
    "Foo Bar Institute of Justice (FBIJ), pursuant to General Assembly resolutions 75/196 "
    "and 99/123. UNODC also organized a meeting in Nairobi, as noted in E/CN.15/2099/3."
)


@pytest.fixture(scope="module")
def real() -> Graph:
    return merged_graph()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The reference data plus one report, one paragraph and one activity that links Kenya
    and GA 75/196 only, resting on the first sentence."""
    graph = merged_graph(graph_dir=tmp_path_factory.mktemp("empty"))
    report, para, act = (URIRef(ID + p) for p in ("report/zz", "paragraph/zz-1", "activity/zz-1-1"))
    graph.add((report, RDF.type, CCPJ.Report))
    graph.add((report, DCTERMS.identifier, Literal("zz")))
    graph.add((report, DCTERMS.title, Literal("A test report")))
    graph.add((para, DCTERMS.isPartOf, report))
    graph.add((para, CCPJ.paragraphNumber, Literal("1")))
    graph.add((para, CCPJ.section, Literal("II")))
    graph.add((para, CCPJ.text, Literal(TEXT)))
    first = TEXT[: TEXT.index(" UNODC also")]
    graph.add((act, CCPJ.statedIn, para))
    graph.add((act, CCPJ.quote, Literal(first)))
    graph.add((act, CCPJ.beneficiary, URIRef(ID + "country/KEN")))
    graph.add((act, CCPJ.citesMandate, URIRef(ID + "mandate/ga-75-196")))
    graph.add((act, PROV.wasAssociatedWith, URIRef(ID + "org/unodc")))
    return graph


def test_every_kind_of_miss_is_found(synthetic: Graph) -> None:
    (para,) = review_report(synthetic, "zz").paragraphs
    found = {(c.kind, c.text) for c in para.candidates}
    assert ("country", "Uganda") in found
    assert ("organisation", "Kenya Prison Service") in found
    assert ("organisation-unknown", "Foo Bar Institute of Justice") in found
    assert ("organisation-unknown", "FBIJ") in found
    assert ("mandate", "99/123") in found
    assert ("mandate", "75/196") not in found  # the activity cites it
    # a citation the paragraph mentions is linked, whether or not an activity carries it
    mentioned = Graph() + synthetic
    mandate = URIRef(ID + "mandate/ga-99-123")  # described, as the build describes it
    mentioned.add((URIRef(ID + "paragraph/zz-1"), CCPJ.mentionsMandate, mandate))
    mentioned.add((mandate, CCPJ.resolutionNumber, Literal("99/123")))
    (again,) = review_report(mentioned, "zz").paragraphs
    assert ("mandate", "99/123") not in {(c.kind, c.text) for c in again.candidates}
    assert ("symbol", "E/CN.15/2099/3") in found
    silent = [c for c in para.candidates if c.kind == "silent-sentence"]
    assert [c.text for c in silent] == [TEXT[TEXT.index("UNODC also") :]]
    assert not any(c.text == "UNODC" for c in para.candidates)


def test_linked_spans_and_evidence_stand_in_the_text(synthetic: Graph) -> None:
    (para,) = review_report(synthetic, "zz").paragraphs
    assert {(s.kind, para.text[s.start : s.end]) for s in para.spans} == {
        ("country", "Kenya"),
        ("mandate", "75/196"),
    }
    (evidence,) = para.evidence
    assert para.text[evidence.start : evidence.end].endswith("99/123.")
    assert "".join(p.text for p in pieces(para)) == para.text


def test_real_report_review_covers_every_activity(real: Graph) -> None:
    review = review_report(real, "001")
    activities = {
        str(a).rsplit("/", 1)[-1]
        for a in real.subjects(CCPJ.statedIn, None)
        if str(a).startswith(ID + "activity/001-")
    }
    assert {e.activity for p in review.paragraphs for e in p.evidence} == activities
    assert [p.number for p in review.paragraphs][:3] == ["1", "2", "3"]
    for para in review.paragraphs:
        for span in para.spans:
            assert para.text[span.start : span.end].strip()
        ordered = sorted(para.spans)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_renderings_are_deterministic_and_complete(real: Graph) -> None:
    review = review_report(real, "001")
    html = render_review(review, fmt="html")
    assert html == render_review(review_report(real, "001"), fmt="html")
    assert html.count('<article class="para"') == len(review.paragraphs)
    assert "<main>" in html and "<h1>" in html
    text = render_review(review, fmt="text")
    assert text.count("⟦001-") == sum(len(p.evidence) for p in review.paragraphs)
    csv_rows = render_review(review, fmt="csv", unlinked=True).splitlines()
    assert csv_rows[0] == "report,kind,text,count,paragraphs"
    assert len(csv_rows) == len(review.unlinked()) + 1


def test_cli_review(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = CliRunner().invoke(cli, ["review", "001", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = CliRunner().invoke(cli, ["review", "999"])
    assert bad.exit_code != 0 and "no report '999'" in bad.output


def test_cues_file_is_strict(tmp_path: Path) -> None:
    from ccpj_graph.extract.profile import load_profile

    good = load_profile().files["review"]
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / "cues.toml"
    bad.write_text(text.replace("verb_window =", "verb_windw ="), encoding="utf-8")
    with pytest.raises(InputError, match=r"cues.toml:\d+: \[agent\] unknown key 'verb_windw'"):
        load_cues(bad)
    bad.write_text(text.replace("pattern = '", "pattern = '(", 1), encoding="utf-8")
    with pytest.raises(InputError, match="bad regular expression"):
        load_cues(bad)


def test_a_sentence_opening_is_no_part_of_a_candidate_name() -> None:
    """ "Pursuant to Commission resolution 36/3" opens a sentence; it names no body."""
    cues = load_cues()
    for text, name in [
        ("Pursuant to Commission resolution 36/3, UNODC met.", "Commission"),
        ("Jointly with the Foo Bar Institute, UNODC met.", "Foo Bar Institute"),
    ]:
        m = cues.organisation.search(text)
        assert m is not None
        lead = cues.lead.match(m.group())
        assert m.group()[lead.end() if lead else 0 :] == name
