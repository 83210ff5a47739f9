"""Resolutions and decisions the reference data does not know still get body, number and year.

Next year's report cites resolutions adopted after the bundled reports, in every citation
style UN reports use; ingesting it must build and validate, each cited mandate described with
its year and how that year is known (``ccpj:yearBasis``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

from ccpj_graph.cli import cli
from ccpj_graph.extract.entities import find_mandates
from ccpj_graph.mandates import display, is_decision, mandate_key, numbered_year, split_key
from ccpj_graph.namespaces import CCPJ, DEFAULT_ID_BASE

CITATIONS = (
    "Pursuant to General Assembly resolution 79/187 of 17 December 2024, resolution 2024/17 "
    "of the Economic and Social Council, Commission resolution 33/2, Commission decision 33/1, "
    "A/RES/79/190, E/RES/2024/25 and Security Council resolution 2762 (2024), UNODC trained"
)


@pytest.mark.parametrize(
    ("text", "key", "year"),
    [
        ("General Assembly resolution 77/222 of 15 December 2022", "ga-77-222", 2022),
        ("resolution 2023/15 of the Economic and Social Council", "ecosoc-2023-15", None),
        ("Commission resolution 32/1", "ccpcj-32-1", None),
        ("Commission decision 32/2", "ccpcj-decision-32-2", None),
        ("as requested in A/RES/78/123", "ga-78-123", None),
        ("S/RES/2396 (2017)", "sc-2396", 2017),
        ("General Assembly resolution 100/17", "ga-100-17", None),  # the 100th session: 2045
        ("as requested in A/RES/101/234", "ga-101-234", None),
        ("Conference of the Parties resolution 11/2", "untoc-cop-11-2", None),
    ],
)
def test_every_citation_style(text: str, key: str, year: int | None) -> None:
    (found,) = find_mandates(text)
    assert (found.key, found.year) == (key, year)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ga-79-187", (2024, "numbering")),
        ("ga-100-17", (2045, "numbering")),
        ("ga-decision-101-550", (2046, "numbering")),
        ("ecosoc-2024-17", (2024, "numbering")),
        ("ecosoc-decision-2023-245", (2023, "numbering")),
        ("ccpcj-33-2", (2024, "session-table")),
        ("untoc-cop-11-2", (2022, "session-table")),
        ("uncac-cosp-10-4", (2023, "session-table")),
        ("hrc-52-1", (2023, "session-table")),
        ("sc-2762", None),  # an SC number carries no year: only its citation dates it
    ],
)
def test_years_from_numbers(key: str, expected: tuple[int, str] | None) -> None:
    assert numbered_year(key) == expected


def test_decision_keys_round_trip() -> None:
    key = mandate_key("ecosoc", "2023/245", kind="decision")
    assert key == "ecosoc-decision-2023-245" and is_decision(key)
    assert split_key(key) == ("ecosoc", "2023/245")
    assert display(key) == "ECOSOC decision 2023/245"
    assert not is_decision("ecosoc-2023-245")


@pytest.mark.slow
def test_a_report_citing_unknown_mandates_ingests_and_validates(
    tmp_path: Path, project_copy: Path
) -> None:
    source = project_copy / "data" / "sources" / "001_4d443e7ad4d789de.txt"
    text = source.read_text(encoding="utf-8").replace("2022", "2025").replace("2021", "2024")
    assert "UNODC trained" in text
    path = tmp_path / "E_CN.15_2025_9.txt"
    path.write_text(text.replace("UNODC trained", CITATIONS, 1), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "ingest", str(path), "--title", "Use and application of standards and norms",
            "--date", "2025-03-21", "--period", "2024", "--quiet",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(project_copy / "data" / "graph" / "005.ttl", format="turtle")
    mandate = f"{DEFAULT_ID_BASE}mandate/"
    expected = {
        "ga-79-187": ("2024", "citation-date", CCPJ.Resolution),
        "ecosoc-2024-17": ("2024", "numbering", CCPJ.Resolution),
        "ccpcj-33-2": ("2024", "session-table", CCPJ.Resolution),
        "ccpcj-decision-33-1": ("2024", "session-table", CCPJ.Decision),
        "ga-79-190": ("2024", "numbering", CCPJ.Resolution),
        "ecosoc-2024-25": ("2024", "numbering", CCPJ.Resolution),
        "sc-2762": ("2024", "citation-date", CCPJ.Resolution),
    }
    for key, (year, basis, kind) in expected.items():
        node = URIRef(mandate + key)
        assert (None, CCPJ.citesMandate, node) in graph, key
        assert str(graph.value(node, CCPJ.year)) == year, key
        assert graph.value(node, CCPJ.yearBasis) == Literal(basis), key
        assert (node, CCPJ.resolutionNumber, None) in graph, key
        assert (node, CCPJ.issuingBody, None) in graph, key
        assert (node, RDF.type, kind) in graph, key
