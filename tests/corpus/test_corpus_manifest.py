"""The manifest: what it says of each document, that the text backs it, and strict reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ccpj_graph.corpus import Report, ReportMeta, load_manifest, parse_manifest
from ccpj_graph.corpus.manifest import MANIFEST_NAME
from ccpj_graph.errors import CorpusError

MONTHS = "January February March April May June July August September October November December"


@pytest.fixture(scope="module")
def metas(sources_dir: Path) -> dict[str, ReportMeta]:
    return {meta.key: meta for meta in load_manifest(sources_dir / MANIFEST_NAME)}


@pytest.fixture(scope="module")
def manifest_text(sources_dir: Path) -> str:
    return (sources_dir / MANIFEST_NAME).read_text(encoding="utf-8")


def test_one_entry_per_source_file(metas: dict[str, ReportMeta], sources_dir: Path) -> None:
    assert sorted(metas) == ["000", "001", "002", "003", "004"]
    files = sorted(p.name for p in sources_dir.glob("*.txt"))
    assert sorted(meta.file_name for meta in metas.values()) == files
    for key, meta in metas.items():
        assert meta.file_name.startswith(f"{key}_")


def test_default_path_is_the_bundled_manifest(metas: dict[str, ReportMeta]) -> None:
    assert {meta.key: meta for meta in load_manifest()} == metas


def test_what_the_manifest_records(metas: dict[str, ReportMeta]) -> None:
    assert metas["001"].symbol == "E/CN.15/2022/9"
    assert [metas[k].symbol for k in ("000", "002", "003", "004")] == [None] * 4
    assert (metas["001"].issued, metas["002"].issued, metas["004"].issued) == (
        "2022-03-21",
        "2021-06-30",
        "2012-02-17",
    )
    assert metas["000"].issued is None and metas["003"].issued is None
    assert metas["000"].pursuant_to == metas["001"].pursuant_to == ("ecosoc-1992-22",)
    assert metas["002"].pursuant_to == ("ga-75-196",)
    assert metas["004"].pursuant_to == () and metas["003"].pursuant_to == ()
    assert (metas["002"].period_start, metas["002"].period_end) == (2020, 2021)
    assert metas["003"].kind == "brochure"
    assert {metas[k].kind for k in ("000", "001", "002", "004")} == {"report"}
    assert metas["002"].body == "General Assembly"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_symbols_dates_periods_and_mandates_are_stated_in_the_text(
    metas: dict[str, ReportMeta], sources_dir: Path
) -> None:
    months = MONTHS.split()
    for meta in metas.values():
        text = _words((sources_dir / meta.file_name).read_text(encoding="utf-8"))
        if meta.symbol:
            assert meta.symbol in text, meta.key
        if meta.issued:
            year, month, day = (int(part) for part in meta.issued.split("-"))
            assert f"{day} {months[month - 1]} {year}" in text, meta.key
        for year in {meta.period_start, meta.period_end} - {None}:
            assert str(year) in text, meta.key
        for mandate in meta.pursuant_to:
            number = "/".join(mandate.split("-")[1:])
            assert re.search(rf"resolution \[?{re.escape(number)}\b", text), meta.key


def test_reports_carry_their_meta(corpus: dict[str, Report], metas: dict[str, ReportMeta]) -> None:
    assert {key: report.meta for key, report in corpus.items()} == metas


ENTRY = """@prefix ccpj: <https://w3id.org/ccpj/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/ccpj/id/report/005> a ccpj:Report ;
    dcterms:identifier "005" ;
    dcterms:title "A new report"@en ;
    dcterms:publisher "General Assembly" ;
    dcterms:issued "2023-07-01"^^xsd:date ;
    ccpj:periodStart "2022"^^xsd:gYear ;
    ccpj:periodEnd "2023"^^xsd:gYear ;
    ccpj:preparedPursuantTo <https://w3id.org/ccpj/id/mandate/ga-77-232> ;
    ccpj:sourceFile "005_new.txt" .
"""


def test_a_minimal_new_entry() -> None:
    (meta,) = parse_manifest(ENTRY.encode(), source="m.ttl")
    assert meta == ReportMeta(
        key="005",
        file_name="005_new.txt",
        title="A new report",
        body="General Assembly",
        issued="2023-07-01",
        period_start=2022,
        period_end=2023,
        symbol=None,
        pursuant_to=("ga-77-232",),
        kind="report",
        profile=None,
    )


def test_an_entry_names_its_extraction_profile() -> None:
    text = ENTRY.replace(
        "    ccpj:sourceFile", '    ccpj:extractionProfile "x-family" ;\n    ccpj:sourceFile'
    )
    (meta,) = parse_manifest(text.encode(), source="m.ttl")
    assert meta.profile == "x-family"


def test_every_bundled_report_names_an_existing_profile() -> None:
    from ccpj_graph.extract.profile import profile_names

    names = profile_names()
    for meta in load_manifest():
        assert meta.profile in names, meta.key


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ('"005" ;\n', '"005" \n', "invalid Turtle"),
        (
            "<https://w3id.org/ccpj/id/report/005>",
            "<https://w3id.org/ccpj/id/report/005 x>",
            "invalid Turtle",
        ),
        ("ccpj:sourceFile", "ccpj:sourcefile", "unknown property"),
        ('    dcterms:title "A new report"@en ;\n', "", "missing dcterms:title"),
        (
            '"General Assembly" ;',
            '"General Assembly", "ECOSOC" ;',
            "dcterms:publisher given 2 times",
        ),
        ('"2023-07-01"^^xsd:date', '"2023-02-30"^^xsd:date', "is not a date"),
        ('"2023-07-01"^^xsd:date', '"1 July 2023"', "must be an xsd:date"),
        ('"2022"^^xsd:gYear', '"2022"', "must be an xsd:gYear"),
        ('"2023"^^xsd:gYear', '"2021"^^xsd:gYear', "is before"),
        ('dcterms:identifier "005"', 'dcterms:identifier "006"', "differs from the IRI key"),
        ("report/005>", "document/005>", "not a report IRI"),
        ("mandate/ga-77-232", "mandate/un-77-232", "not a mandate key"),
        ("a ccpj:Report", "a <http://example.org/Thing>", "must be typed ccpj:Report"),
        ('"005_new.txt"', '"../005_new.txt"', "not a .txt file name"),
        ("ccpj:periodEnd", 'dcterms:type "leaflet" ;\n    ccpj:periodEnd', "is not one of"),
        (
            "ccpj:periodEnd",
            'ccpj:extractionProfile "../other" ;\n    ccpj:periodEnd',
            "ccpj:extractionProfile '../other' is not a profile name",
        ),
        (
            "ccpj:periodEnd",
            'ccpj:extractionProfile "a", "b" ;\n    ccpj:periodEnd',
            "ccpj:extractionProfile given 2 times",
        ),
        (
            "ccpj:periodEnd",
            'ccpj:unSymbol "not a symbol" ;\n    ccpj:periodEnd',
            "not a UN document symbol",
        ),
    ],
)
def test_malformed_entries_are_refused_in_one_line(old: str, new: str, why: str) -> None:
    assert old in ENTRY
    with pytest.raises(CorpusError) as err:
        parse_manifest(ENTRY.replace(old, new, 1).encode(), source="m.ttl")
    message = str(err.value)
    assert message.startswith("m.ttl:")
    assert why in message
    assert "\n" not in message


def test_a_brochure_type_makes_a_brochure() -> None:
    brochure = ENTRY.replace("a ccpj:Report", "a ccpj:Report, ccpj:Brochure")
    assert parse_manifest(brochure.encode(), source="m.ttl")[0].kind == "brochure"
    contradiction = brochure.replace(
        "ccpj:periodEnd", 'dcterms:type "report" ;\n    ccpj:periodEnd'
    )
    with pytest.raises(CorpusError, match="typed ccpj:Brochure but dcterms:type"):
        parse_manifest(contradiction.encode(), source="m.ttl")


def test_two_entries_for_one_file_are_refused() -> None:
    second = ENTRY.split("\n", 3)[3].replace("005", "006").replace('"006_new.txt"', '"005_new.txt"')
    with pytest.raises(CorpusError, match=r"name the same file 005_new\.txt"):
        parse_manifest((ENTRY + second).encode(), source="m.ttl")


@pytest.mark.parametrize(
    ("content", "why"), [(b"", "empty manifest"), (b"# nothing\n", "no reports")]
)
def test_empty_manifest(content: bytes, why: str) -> None:
    with pytest.raises(CorpusError, match=why):
        parse_manifest(content, source="m.ttl")


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"manifest.ttl: no such file"):
        load_manifest(tmp_path / MANIFEST_NAME)


def test_a_manifest_saved_with_a_byte_order_mark_reads_as_without(manifest_text: str) -> None:
    """As the strict RDF reader does: a BOM was 'invalid Turtle: \\ufeff is not a valid
    subject'."""
    data = manifest_text.encode("utf-8")
    assert parse_manifest(b"\xef\xbb\xbf" + data) == parse_manifest(data)
