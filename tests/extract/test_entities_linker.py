"""``find_all``: one analysis per text, the same answer as the separate finders.

The linker is most of the extraction's run time; ``find_all`` tokenises each paragraph (and
each footnote) once and hands the analysis to every finder. These tests pin both halves of that
promise on the real corpus (``corpus`` fixture, tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ccpj_graph.corpus import Paragraph, Report
from ccpj_graph.extract.entities import (
    EntityMention,
    find_all,
    find_countries,
    find_mandates,
    find_organisations,
    find_regions,
    find_standards,
    find_tools,
    tokens,
)
from ccpj_graph.extract.linking import EntityLinker
from ccpj_graph.extract.vocab import load_vocabulary


def _separately(paragraph: Paragraph) -> list[EntityMention]:
    vocab = load_vocabulary()
    text = paragraph.text
    found = [
        *find_countries(text, footnotes=paragraph.footnotes, vocab=vocab),
        *find_regions(text, vocab=vocab),
        *find_organisations(text, vocab=vocab),
        *find_standards(text, vocab=vocab),
        *find_mandates(text, vocab=vocab),
        *find_tools(text, vocab=vocab),
    ]
    for note in paragraph.footnotes:
        for mention in (
            *find_standards(note.text, vocab=vocab),
            *find_mandates(note.text, vocab=vocab),
            *find_tools(note.text, vocab=vocab),
        ):
            found.append(replace(mention, footnote=note.mark, in_footnote=True))
    return sorted(found, key=lambda m: (m.in_footnote, m.start, m.end, m.kind, m.label))


@pytest.mark.slow
def test_find_all_equals_the_separate_finders(corpus: dict[str, Report]) -> None:
    compared = 0
    for report in corpus.values():
        for paragraph in report.paragraphs:
            together = find_all(paragraph)
            assert together == _separately(paragraph), (report.key, paragraph.number)
            compared += len(together)
    assert compared > 1500  # the corpus names well over a thousand entities


def test_each_text_is_tokenised_once(
    corpus: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraph = corpus["000"].paragraph("47")  # "... from seven Arab States⁶ ..." + footnotes
    assert paragraph is not None and paragraph.footnotes
    load_vocabulary()  # building the vocabulary tokenises names; not the linker's work
    calls: list[str] = []
    real = tokens.tokenize

    def counting(text: str) -> list:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(tokens, "tokenize", counting)
    found = find_all(paragraph)
    assert {m.rule for m in found} >= {"footnote-list", "name"}
    assert sorted(calls) == sorted([paragraph.text, *(f.text for f in paragraph.footnotes)])


def test_adapter_gives_both_coordinated_forums(corpus: dict[str, Report]) -> None:
    report = corpus["001"]
    paragraph = report.paragraph("63")  # "... with the European and African Forums for
    assert paragraph is not None  # Restorative Justice."
    mentions = EntityLinker().mentions(paragraph, report)
    forums = [m for m in mentions if m.key in {"efrj", "african-forum-for-restorative-justice"}]
    assert sorted(m.key for m in forums) == ["african-forum-for-restorative-justice", "efrj"]
    assert all(m.new is None and m.org_kind == "ngo-civil-society" for m in forums)
    assert all(paragraph.text[m.start : m.end] == m.surface for m in forums)
