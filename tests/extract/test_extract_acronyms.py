"""A body a report names in full once, "(RPNGC)", and by its acronym alone later, in the same
paragraph or a later one, is the same body there (extract/acronyms.py)."""

from __future__ import annotations

from ccpj_graph.corpus import Paragraph, Report
from ccpj_graph.corpus.model import ReportMeta
from ccpj_graph.extract.pipeline import extract_report

KEY = "png-royal-papua-new-guinea-constabulary"


def _report(*texts: str) -> Report:
    meta = ReportMeta(
        key="900", file_name="x.txt", title="t", body="-", period_start=2031, period_end=2031
    )
    paragraphs = tuple(
        Paragraph(report="900", number=str(i), section="II", section_title="", text=text)
        for i, text in enumerate(texts, start=1)
    )
    return Report(meta=meta, paragraphs=paragraphs)


def _partners(report: Report) -> dict[str, set[str]]:
    extraction = extract_report(report)
    return {a.key: {p.org for p in a.partners} for a in extraction.activities}


def test_an_acronym_defined_in_an_earlier_paragraph_names_the_same_body() -> None:
    report = _report(
        "In Papua New Guinea, UNODC trained 40 officers of the Royal Papua New Guinea"
        " Constabulary (RPNGC) in 2031.",
        "In the second half of 2031, the Office helped the RPNGC to extend its family and"
        " sexual violence units to four more provinces.",
    )
    partners = _partners(report)
    assert KEY in partners["900-2-1"]
    organisation = {o.key: o for o in extract_report(report).organisations}[KEY]
    assert organisation.acronym == "RPNGC"  # so the quote that shows it alone grounds it


def test_an_acronym_used_before_its_definition_or_never_defined_names_nothing() -> None:
    report = _report(
        "In 2031, the Office helped the RPNGC to extend its family violence units.",
        "In Papua New Guinea, UNODC trained 40 officers of the Royal Papua New Guinea"
        " Constabulary (RPNGC) in 2031.",
    )
    assert KEY not in _partners(report)["900-1-1"]


def test_an_acronym_after_the_body_s_own_name_in_its_language_is_defined_too() -> None:
    """ "the Police of the Republic of Mozambique (Polícia da República de Moçambique, PRM)":
    the parenthesis holds the name in the body's language, then its acronym, which names the
    body later ("The PRM subsequently adopted, with technical support from UNODC, ...")."""
    from ccpj_graph.extract.entities.name_phrases import acronym_at, acronym_end
    from ccpj_graph.extract.entities.tokens import tokenize

    for text, acronym in [
        ("X (Polícia da República de Moçambique, PRM) and", "PRM"),
        ("X (FGE) and", "FGE"),
        ("X (Fiscalía General del Estado, FGE) and", "FGE"),
    ]:
        tokens = tokenize(text)
        assert acronym_at(tokens, 1) == acronym
        end = acronym_end(tokens, 1)
        assert end is not None and tokens[end - 1].text == ")"
    for text in [
        "X (see para. 4, PRM) and",  # a stop inside: no name
        "X (in 2021, PRM) and",  # a lower-case start: no name
        "X (PRM, the police) and",  # the acronym is not last
        "X (a b c d e f g h i j k l m n o p, PRM) and",  # too long for a name
    ]:
        assert acronym_at(tokenize(text), 1) is None, text
    report = _report(
        "In 2031, the Office trained 40 officers jointly with the Police of the Republic of"
        " Mozambique (Polícia da República de Moçambique, PRM) in Maputo.",
        "In 2031, the Office advised the PRM on a standard operating procedure in Mozambique,"
        " jointly with the PRM.",
    )
    partners = _partners(report)
    assert partners["900-1-1"] == partners["900-2-1"] == {"moz-police"}
