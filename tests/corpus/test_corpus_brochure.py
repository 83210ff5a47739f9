"""The brochure (003): no paragraph numbers, read as titled blocks."""

from __future__ import annotations

from ccpj_graph.corpus import Reading, Report, ReportMeta, read_text


def test_blocks_are_numbered_by_position(corpus: dict[str, Report]) -> None:
    paragraphs = corpus["003"].paragraphs
    assert [p.number for p in paragraphs] == [str(n) for n in range(1, len(paragraphs) + 1)]
    assert not any(p.numbered for p in paragraphs)
    assert corpus["003"].summary is None


def test_block_titles_are_the_sections(corpus: dict[str, Report]) -> None:
    sections = list(dict.fromkeys(p.section for p in corpus["003"].paragraphs))
    assert sections == [
        "Background",
        "FIVE THEMATIC AREAS",
        "Access to Justice",
        "Crime Prevention",
        "Gender-responsive Justice",
        "Ending Violence Against Children and Justice For Children",
        "Prison and Penal Reform",
        "eLearning",
    ]
    assert all(p.section == p.section_title for p in corpus["003"].paragraphs)


def test_masthead_is_not_a_block(readings: dict[str, Reading]) -> None:
    texts = [p.text for p in readings["003"].report.paragraphs]
    assert not any(text.startswith("GLOBAL PROGRAMME") for text in texts)
    assert texts[0].startswith("Crime prevention and criminal justice strategies must be")
    assert sum("masthead" in note for note in readings["003"].notes) == 3


def test_lists_become_one_paragraph_with_their_lead_in(corpus: dict[str, Report]) -> None:
    access = [p.text for p in corpus["003"].paragraphs if p.section == "Access to Justice"]
    key_areas = next(text for text in access if text.startswith("KEY AREAS OF INTERVENTION:"))
    assert "advisory services; Enhancing access to legal aid" in key_areas
    assert key_areas.endswith("equal access to justice for all.")
    themes = next(p.text for p in corpus["003"].paragraphs if p.section == "FIVE THEMATIC AREAS")
    assert themes == (
        "Access to Justice; Crime Prevention; Gender-responsive Justice; Ending Violence Against"
        " Children and Justice For Children; Prison and Penal Reform"
    )
    # list numbers are list order, not paragraph numbers
    assert "1. Specialized advice" not in " ".join(p.text for p in corpus["003"].paragraphs)


def test_a_list_after_a_colon_continues_its_paragraph(corpus: dict[str, Report]) -> None:
    prison = [p.text for p in corpus["003"].paragraphs if p.section == "Prison and Penal Reform"]
    assert any(
        "universally recognized benchmark: The United Nations Standard Minimum Rules" in text
        for text in prison
    )


def test_a_quotation_keeps_its_source(corpus: dict[str, Report]) -> None:
    texts = [p.text for p in corpus["003"].paragraphs]
    assert any(
        text.endswith("— The Prevention of Crime ECOSOC Resolution 2002/13") for text in texts
    )
    mandela = next(text for text in texts if text.startswith('"No one truly knows a nation'))
    assert mandela.endswith('its lowest ones."')  # the next block title is not its source


def test_prose_before_any_title_is_kept_without_a_section() -> None:
    meta = ReportMeta(key="x", file_name="x.txt", title="x", body="x", kind="brochure")
    prose = "A line of running text with enough words in it to count as prose."
    text = "\n\n".join(["PROGRAMME:", prose, prose, "", "", "Title", prose])
    reading = read_text(text, meta, source="x.txt")
    paragraphs = reading.report.paragraphs
    assert [(p.number, p.section) for p in paragraphs] == [("1", ""), ("2", ""), ("3", "Title")]
    assert reading.notes == ("line 1: masthead left out",)
    # A short first line is the document's first block title.
    first = read_text("\n\n".join(["Overview", prose, prose, prose]), meta).report.paragraphs
    assert {p.section for p in first} == {"Overview"}
