"""The reader on the five bundled documents: counts, text, sections, footnotes, summaries.

Expected words below were read off the source files by hand (see data/sources/*.txt); the
counts are the documents' own paragraph numbering.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from ccpj_graph.corpus import Reading, Report, load_corpus, read_report
from ccpj_graph.corpus.text import SENTINEL_RE

# The documents' own numbering: the last paragraph number printed (or implied) in each.
NUMBERED_COUNTS = {"000": 95, "001": 69, "002": 100, "004": 59}


@pytest.mark.parametrize(("key", "count"), sorted(NUMBERED_COUNTS.items()))
def test_paragraph_count_equals_the_documents_numbering(
    corpus: dict[str, Report], key: str, count: int
) -> None:
    numbers = [p.number for p in corpus[key].paragraphs]
    assert len(numbers) == count
    assert numbers == [str(n) for n in range(1, count + 1)]


def test_the_corpus_is_ordered_by_key(corpus: dict[str, Report]) -> None:
    assert list(corpus) == sorted(corpus) == ["000", "001", "002", "003", "004"]


def test_unnumbered_paragraphs_of_001_are_numbered_by_position(corpus: dict[str, Report]) -> None:
    by_position = [p.number for p in corpus["001"].paragraphs if not p.numbered]
    assert by_position == ["2", "3", "34", "56"]
    assert corpus["001"].paragraph("2").text.startswith("The present report places emphasis")
    assert corpus["001"].paragraph("3").text.startswith("Six years after the adoption")
    assert corpus["001"].paragraph("34").text.startswith("In Egypt, UNODC trained")
    assert corpus["001"].paragraph("56").text.startswith("UNODC continued to receive")


def test_a_number_pushed_mid_sentence_belongs_to_its_paragraph(corpus: dict[str, Report]) -> None:
    para = corpus["001"].paragraph("20")
    assert para is not None and para.numbered
    assert para.text.startswith("In the area of legal aid, UNODC and UN-Women, in collaboration")
    assert "in collaboration with OHCHR, completed a joint project" in para.text
    assert "20." not in para.text


@pytest.mark.parametrize(
    ("key", "number", "section", "first", "last"),
    [
        ("000", "1", "I", "The present report was prepared pursuant", "their use and application."),
        ("000", "8", "III", "UNODC has, over the years,", "related to the COVID-19 response."),
        (
            "000",
            "17",
            "III",
            "UNODC published the Practical Guide",
            "with international standards.",
        ),
        ("000", "43", "IV.B", "UNODC continued to promote crime", "secondary school curriculum."),
        (
            "000",
            "80",
            "IV.E",
            "In Burkina Faso, Kazakhstan,",
            "prison management information system.",
        ),
        ("000", "95", "VI", "The Commission may wish to", "in the aftermath of the pandemic."),
        ("001", "1", "I", "The present report was prepared pursuant", "their use and application."),
        ("001", "20", "IV.A", "In the area of legal aid,", "detained under terrorism charges."),
        (
            "001",
            "44",
            "IV.D",
            "The Office undertook a situation",
            "training of trainers on juvenile justice.",
        ),
        ("001", "59", "V", "In the area of access to", "Law, Justice and Development Week 2021."),
        (
            "001",
            "69",
            "VI",
            "The Commission may wish to",
            "apply evidence-based criminal justice policies.",
        ),
        (
            "002",
            "1",
            "I",
            "Since March 2020, the coronavirus",
            "investigation and adjudication efforts.",
        ),
        (
            "002",
            "14",
            "IV.A",
            "UNODC currently has a physical",
            "and financial institutions participated.",
        ),
        ("002", "57", "IV.E.1", "At the time of reporting,", "resources on 15 types of crime."),
        (
            "002",
            "71",
            "IV.E.4.a",
            "UNODC published the study Abused",
            "prosecution of perpetrators.",
        ),
        (
            "002",
            "100",
            "VI",
            "I call upon all Member States",
            "capabilities to respond to maritime crime.",
        ),
        (
            "004",
            "1",
            "I",
            "Preventing crime and strengthening",
            "achieved during the reporting period.",
        ),
        (
            "004",
            "17",
            "V",
            "On prison issues, UNODC is finalizing",
            "Handbook on Prisoners with Special Needs.",
        ),
        (
            "004",
            "30",
            "VI.A",
            "In Nigeria, UNODC is developing",
            "prison service and relevant ministries.",
        ),
        (
            "004",
            "50",
            "VII",
            "The Rule of Law Coordination",
            "pilot training session in July 2011.",
        ),
        (
            "004",
            "59",
            "VIII",
            "Given the central role of",
            "crime prevention and criminal justice matters.",
        ),
    ],
)
def test_paragraph_text_first_and_last_words(
    corpus: dict[str, Report], key: str, number: str, section: str, first: str, last: str
) -> None:
    para = corpus[key].paragraph(number)
    assert para is not None
    assert para.section == section
    assert para.text.startswith(first)
    assert para.text.endswith(last)


def test_paragraphs_that_cross_a_page_and_its_footnotes_are_whole(
    corpus: dict[str, Report],
) -> None:
    # 000 para 8 runs over a footnote rule, the note and two link annotations.
    para8 = corpus["000"].paragraph("8").text
    assert "technical assistance providers and other stakeholders during the COVID-19" in para8
    assert "https://" not in para8
    # 001 para 44 is split by page furniture and footnote 3.
    assert "together with the Ministry of Home Affairs, a two-day online" in (
        corpus["001"].paragraph("44").text
    )
    # 004 para 17 continues after two footnotes with "International Committee of the Red Cross".
    assert "in cooperation with the International Committee of the Red Cross, a handbook" in (
        corpus["004"].paragraph("17").text
    )


def test_list_items_stay_in_their_paragraph(corpus: dict[str, Report]) -> None:
    para = corpus["004"].paragraph("59").text
    for item in (
        "(a) Continue encouraging",
        "(d) Recommend that Member States: (i) Adopt",
        "(v) Support the work",
        "(e) Recommends that UNODC: (i) Continue",
    ):
        assert item in para
    assert "(e) To address the excessive use of incarceration" in corpus["001"].paragraph("69").text


def test_text_is_one_normalised_line_without_markup_or_furniture(
    corpus: dict[str, Report],
) -> None:
    for report in corpus.values():
        for para in report.paragraphs:
            text = para.text
            assert text == " ".join(text.split()), para.key
            assert not SENTINEL_RE.search(text), para.key
            assert not re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]|\^\{|\]\(#\)|\\\$|\*", text), para.key
            assert not re.search(r"V\.22-01611|GE\.\d\d-|_{3,}|\b\d{1,2}/15\b", text), para.key


def test_markdown_escapes_and_links_are_resolved(corpus: dict[str, Report]) -> None:
    assert "total pledged budget of $106 million" in corpus["004"].paragraph("23").text
    assert (
        "prepared pursuant to General Assembly resolution 75/196. It" in corpus["002"].summary.text
    )
    assert "the Global Study on Firearms Trafficking 2020 and the" in (
        corpus["002"].paragraph("74").text
    )


@pytest.mark.parametrize(
    ("number", "raw", "read"),
    [
        ("80", "Timor-\n", "Tajikistan, Timor-Leste and Uganda"),  # proper name kept
        ("21", "human rights-\n", "promoting human rights-based policing"),  # compound kept
        ("33", "capacity-\n", "awareness-raising activities, capacity-building and"),
    ],
)
def test_words_split_at_line_ends_are_rejoined(
    corpus: dict[str, Report], sources_dir: Path, number: str, raw: str, read: str
) -> None:
    source = (sources_dir / corpus["000"].meta.file_name).read_text(encoding="utf-8")
    assert raw in source.replace(" \n", "\n")  # the split is really in the file
    assert read in corpus["000"].paragraph(number).text


@pytest.mark.parametrize(
    ("number", "broken", "read"),
    [
        ("18", "sp ort-based", "evaluation of sport-based initiatives"),
        ("25", "pract itioners", "100 legal aid practitioners, researchers"),
        ("62", "conduct ing", "by conducting a national needs assessment"),
        ("78", "Uzb ekistan", "Mauritania and Uzbekistan. In"),
        ("14", "non -custodial", "to apply non-custodial measures for women offenders"),
        ("7", "briefs .", "published in UNODC research briefs."),
    ],
)
def test_spaces_the_pdf_converter_put_into_words_are_removed(
    corpus: dict[str, Report], sources_dir: Path, number: str, broken: str, read: str
) -> None:
    source = (sources_dir / corpus["000"].meta.file_name).read_text(encoding="utf-8")
    assert broken in source
    text = corpus["000"].paragraph(number).text
    assert read in text
    assert broken not in text


def test_real_word_pairs_are_not_glued(corpus: dict[str, Report]) -> None:
    text = " ".join(p.text for p in corpus["000"].paragraphs)
    for phrase in ("in the", "to the", "as well as", "in order to", "into"):
        assert phrase in text


@pytest.mark.parametrize(
    ("key", "number", "mark", "before", "after"),
    [
        ("000", "6", "1", "UNODC launched “dataUNODC”,", " a global portal"),
        ("000", "19", "2", "the implementation of restorative justice.", ""),
        ("000", "21", "3", "", "The COVID-19 pandemic"),  # cited by the section heading
        ("000", "38", "4", "reaching over 21,700 young people from five States.", " In addition"),
        ("000", "39", "5", "youth workers in six States", " on the use of sport"),
        ("000", "47", "6", "justice sectors from seven Arab States", " on essential services"),
        ("000", "91", "7", "the second regional INSPIRE", " workshop and the first"),
        ("001", "7", "1", "associated with terrorist and extremist groups,", " providing"),
        ("001", "13", "2", "", "The COVID-19 pandemic created"),
        ("001", "39", "3", "for the second regional INSPIRE", " workshop,"),
        ("002", "2", "1", "criminal justice topics.", " The research"),
        ("002", "4", "2", "interactive online event platform.", " The Congress"),
        ("004", "1", "1", "crime prevention and criminal justice,", " which are"),
        ("004", "9", "3", "Operations of Criminal Justice Systems.", " It extended"),
        ("004", "19", "5", "informal justice providers,", " a free-of"),
    ],
)
def test_footnotes_attach_to_the_paragraph_that_cites_them(
    corpus: dict[str, Report], key: str, number: str, mark: str, before: str, after: str
) -> None:
    para = corpus[key].paragraph(number)
    notes = {note.mark: note for note in para.footnotes}
    assert mark in notes
    offset = notes[mark].offset
    assert para.text[:offset].endswith(before)
    assert para.text[offset:].startswith(after)
    assert notes[mark].text


@pytest.mark.parametrize(("key", "count"), [("000", 7), ("001", 3), ("002", 4), ("004", 5)])
def test_every_footnote_is_attached_once_in_order(
    readings: dict[str, Reading], key: str, count: int
) -> None:
    report = readings[key].report
    marks = [note.mark for para in report.paragraphs for note in para.footnotes]
    assert marks == [str(n) for n in range(1, count + 1)]
    assert not [note for note in readings[key].notes if note.startswith("footnote")]


def test_footnote_text_is_normalised(corpus: dict[str, Report]) -> None:
    note = corpus["000"].paragraph("19").footnotes[0]
    assert note.text == (
        "The handbook also includes an update on the implementation of Commission resolution"
        " 27/6, on restorative justice, pursuant to the request made by the Commission in"
        " paragraph 16 of that resolution."
    )
    compendium = corpus["004"].paragraph("1").footnotes[0].text
    assert "*" not in compendium and "Compendium of United Nations Standards" in compendium


def test_sections_match_the_development_annotation(corpus: dict[str, Report]) -> None:
    # tests/data/dev-001.jsonl is an independent careful reading of 001.
    gold = Path(__file__).parents[1] / "data" / "dev-001.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) == len(corpus["001"].paragraphs)
    for row in rows:
        para = corpus["001"].paragraph(row["para"])
        assert para is not None, row["para"]
        assert para.section == row["section"], row["para"]


def test_section_order_and_titles(corpus: dict[str, Report]) -> None:
    sections = list(dict.fromkeys(p.section for p in corpus["001"].paragraphs))
    assert sections == ["I", "II", "III", "IV.A", "IV.B", "IV.C", "IV.D", "IV.E", "V", "VI"]
    # A title wrapped over three printed lines (000) reads as the one-line title of 001.
    for section in ("IV.A", "IV.C", "IV.D", "IV.E"):
        title_000 = next(p.section_title for p in corpus["000"].paragraphs if p.section == section)
        title_001 = next(p.section_title for p in corpus["001"].paragraphs if p.section == section)
        assert title_000.split()[-4:] == title_001.split()[-4:]
    assert corpus["000"].paragraph("21").section_title == (
        "Strengthened access to justice for all through more effective, fair and accountable"
        " criminal justice systems, from policing to prosecution and the judiciary"
    )


def test_deeper_sections_of_002(corpus: dict[str, Report]) -> None:
    report = corpus["002"]
    assert report.paragraph("15").section == "IV.B.1"
    assert report.paragraph("15").section_title.startswith("Addressing the causes")
    assert report.paragraph("83").section == "IV.E.4.k"
    assert report.paragraph("83").section_title == "Cybercrime"
    # Unnumbered headings in the last chapter keep its address and give the title.
    assert (report.paragraph("88").section, report.paragraph("88").section_title) == (
        "VI",
        "Concluding observations",
    )
    assert (report.paragraph("89").section, report.paragraph("89").section_title) == (
        "VI",
        "Advancing crime prevention",
    )
    assert report.paragraph("97").section_title.startswith("Promoting international cooperation")


def test_004_is_organised_by_region(corpus: dict[str, Report]) -> None:
    titles = {p.section: p.section_title for p in corpus["004"].paragraphs}
    assert [titles[s] for s in ("VI.A", "VI.B", "VI.C", "VI.D", "VI.E")] == [
        "Africa",
        "Asia",
        "Latin America and the Caribbean",
        "North Africa and the Middle East",
        "South-Eastern Europe",
    ]


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_summary_is_kept_apart_from_the_numbered_paragraphs(
    corpus: dict[str, Report], key: str
) -> None:
    report = corpus[key]
    assert report.summary is not None
    assert report.summary.number == "summary" and not report.summary.numbered
    assert report.summary.text.startswith("The present report")
    assert report.paragraph("summary") is None
    assert report.summary.text not in {p.text for p in report.paragraphs}


def test_masthead_footnotes_stay_out_of_the_summary(corpus: dict[str, Report]) -> None:
    assert "A/76/50" not in corpus["002"].summary.text
    assert corpus["002"].summary.text.endswith("(COVID-19) pandemic.")
    assert "E/CN.15/2012/1" not in corpus["004"].summary.text


def test_keys_are_unique_and_stable(corpus: dict[str, Report]) -> None:
    for report in corpus.values():
        keys = [p.key for p in report.paragraphs]
        assert len(keys) == len(set(keys))
        assert all(key.startswith(f"{report.key}-") for key in keys)


def _as_json(reports: dict[str, Report]) -> str:
    return json.dumps(
        {key: [dataclasses.asdict(p) for p in r.paragraphs] for key, r in reports.items()},
        ensure_ascii=False,
    )


def test_same_input_same_records_and_bytes(corpus: dict[str, Report], sources_dir: Path) -> None:
    again = {report.key: report for report in load_corpus(sources_dir)}
    assert again == corpus
    assert _as_json(again) == _as_json(corpus)


def test_read_report_reads_one_document(corpus: dict[str, Report], sources_dir: Path) -> None:
    meta = corpus["004"].meta
    assert read_report(sources_dir / meta.file_name, meta) == corpus["004"]


def test_reader_notes_say_what_was_inferred(readings: dict[str, Reading]) -> None:
    notes = readings["001"].notes
    assert "paragraph 20 (line 78): number found mid-sentence" in notes
    assert sum("numbered by position" in note for note in notes) == 4
    assert readings["000"].layout.name == "pdf-text"
