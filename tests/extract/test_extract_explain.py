"""``ccpj extract explain``: clauses, activities with their evidence, and where each name went."""

from __future__ import annotations

from click.testing import CliRunner

from ccpj_graph.cli import cli
from ccpj_graph.corpus.model import Report
from ccpj_graph.extract.explain import explain_paragraph
from ccpj_graph.extract.segment import read_clauses, segment_paragraph


def test_every_name_is_accounted_for(corpus: dict[str, Report]) -> None:
    found = explain_paragraph(corpus["000"], "88")
    text = found.render()
    assert [a.key for a in found.activities] == ["000-88-1", "000-88-2", "000-88-3"]
    assert "verb 'forged', agent unodc" in text
    assert "organisation tij 'Thailand Institute of Justice'" in text
    assert "[547-576]: 000-88-3" in text  # TIJ is carried by the third activity only
    assert "UNODC is the reporting agent, never its own partner" in text
    for activity in found.activities:
        assert f"evidence [{activity.evidence_start}-{activity.evidence_end}]" in text


def test_a_name_outside_every_evidence_says_so(corpus: dict[str, Report]) -> None:
    # 001 para 1 is the report's mandate: no activity, so nothing is attached
    text = explain_paragraph(corpus["001"], "1").render()
    assert "activities: 0" in text
    assert "outside every activity's evidence" in text


def test_cli_errors_are_one_line() -> None:
    result = CliRunner().invoke(cli, ["extract", "explain", "000", "999"])
    assert result.exit_code == 2
    assert result.output == "error: report 000 has no paragraph '999' (paragraphs 1-95)\n"
    result = CliRunner().invoke(cli, ["extract", "explain", "009", "1"])
    assert result.exit_code == 2 and result.output.startswith("error: unknown report '009'")


def test_the_clauses_explained_are_those_the_segmenter_reads(corpus: dict[str, Report]) -> None:
    """Every activity starts at a clause ``explain`` shows with the same verb and agent: a
    coordinated verb or a predicate after a semicolon shares the sentence's subject in both
    (``004`` §31: "the Office supported ...; created ...; and revised ...")."""
    checked = 0
    for report in corpus.values():
        for para in report.paragraphs:
            readings = {
                (r.clause.start, r.verb, r.agent) for r in read_clauses(para.text) if r.verb
            }
            for segment in segment_paragraph(para.text):
                assert (segment.start, segment.verb, segment.agent) in readings, (para.key, segment)
                checked += 1
    assert checked > 700
    text = explain_paragraph(corpus["004"], "31").render()
    assert "semicolon: 'created a viable classification and case management system' -> verb" in text


def test_themes_are_explained_by_their_cues(corpus: dict[str, Report]) -> None:
    # 003 §27: the heading's core theme, and every cue with its weight and the theme's score
    text = explain_paragraph(corpus["003"], "27").render()
    assert "themes of the paragraph: ['access-to-justice', 'prison', 'terrorism']" in text
    assert "heading 'Prison and Penal Reform': prison" in text
    assert "cue terrorism 1: 'radicalization' 1" in text
    assert "cue prison 10: 'imprisonment' 1, 'non-custodial' 1," in text
    # 002 §10: cues under the threshold say so
    text = explain_paragraph(corpus["002"], "10").render()
    assert "cue gender 0.5 (under 1): 'gender' 0.5" in text
    assert "cue corruption 1: 'corruption' 1" in text  # a list of what the work covers
    # 004 §1: a list of the Office's fields does not count
    text = explain_paragraph(corpus["004"], "1").render()
    assert (
        "not counted, a list of the Office's fields: organized-crime 'organized crime'; "
        "drugs 'drug trafficking'; corruption 'corruption'; terrorism 'terrorism'"
    ) in text
    # an activity's themes come with the cues inside its own sentences
    found = explain_paragraph(corpus["000"], "88")
    lines = found.render().splitlines()
    first = lines.index(next(line for line in lines if line.startswith("  000-88-1 ")))
    assert any(line.startswith("    cue ") for line in lines[first : first + 8])


def test_a_cited_mandate_is_mentioned_by_its_paragraph_with_or_without_an_activity(
    corpus: dict[str, Report],
) -> None:
    # 002 §8: the Assembly's decision, cited for no activity
    text = explain_paragraph(corpus["002"], "8").render()
    assert (
        "mandate ga-decision-74-550 'decision 74/550' [7-22]: not attached: outside every "
        "activity's evidence; the paragraph mentions it (ccpj:mentionsMandate ga-decision-74-550)"
    ) in text
