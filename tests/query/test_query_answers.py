"""Each canned query's exact rows on the fixture graph (tests/data/query), from the store.

The expected rows were worked out by reading graph.ttl: e.g. the partners that co-delivered
prison work in 2020 are UNDP and Brazil's National Council of Justice (paragraph 27, two
activities), SADC (paragraph 78) and the Thailand Institute of Justice, whose toolkit is on
alternatives to imprisonment, a theme narrower than prison; the European Union only funded.
"""

from __future__ import annotations

from pathlib import Path

from ccpj_graph.query.canned import get_query, load_queries
from ccpj_graph.query.results import SelectResult
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import build_store, execute

ID = "https://w3id.org/ccpj/id/"


def rows(store: Path, name: str, **values: str) -> list[tuple[str | None, ...]]:
    _, result = run_canned(get_query(name), values, store=store, timeout=20)
    return [tuple(t.value if t is not None else None for t in row) for row in result.rows]


def test_partners_flagship(fixture_store: Path) -> None:
    assert rows(fixture_store, "partners", theme="prison", year="2020") == [
        (
            "National Council of Justice (Brazil)",
            None,
            "government-body",
            "2",
            ID + "org/bra-national-council-of-justice",
        ),
        ("United Nations Development Programme", "UNDP", "un-entity", "2", ID + "org/undp"),
        (
            "Southern African Development Community",
            "SADC",
            "intergovernmental",
            "1",
            ID + "org/sadc",
        ),
        ("Thailand Institute of Justice", "TIJ", "other", "1", ID + "org/tij"),
    ]


def test_partners_role_and_country(fixture_store: Path) -> None:
    assert rows(fixture_store, "partners", role="funder") == [
        ("European Union", "EU", "intergovernmental", "2", ID + "org/eu"),
    ]
    assert rows(fixture_store, "partners", role="any", country="Kenya") == [
        ("European Union", "EU", "intergovernmental", "1", ID + "org/eu"),
        ("United Nations Children's Fund", "UNICEF", "un-entity", "1", ID + "org/unicef"),
        ("United Nations Development Programme", "UNDP", "un-entity", "1", ID + "org/undp"),
    ]


def test_countries_receiving_mandela_rules_work_in_2020(fixture_store: Path) -> None:
    assert rows(fixture_store, "countries", standard="Nelson Mandela Rules", year="2020") == [
        ("Ethiopia", "ETH", "Eastern Africa", "1", ID + "country/ETH"),
        ("Ghana", "GHA", "Western Africa", "1", ID + "country/GHA"),
        ("Iraq", "IRQ", "Western Asia", "1", ID + "country/IRQ"),
        ("Kyrgyzstan", "KGZ", "Central Asia", "1", ID + "country/KGZ"),
        ("Mauritania", "MRT", "Western Africa", "1", ID + "country/MRT"),
        ("Uzbekistan", "UZB", "Central Asia", "1", ID + "country/UZB"),
    ]


def test_countries_in_a_region_and_with_a_partner(fixture_store: Path) -> None:
    assert [r[0] for r in rows(fixture_store, "countries", region="Africa")] == [
        "Kenya",
        "Ethiopia",
        "Ghana",
        "Mauritania",
    ]
    assert [r[0] for r in rows(fixture_store, "countries", region="Sahel")] == ["Mauritania"]
    assert rows(fixture_store, "countries", partner="UNDP", theme="prison") == [
        ("Brazil", "BRA", "South America", "2", ID + "country/BRA"),
    ]


def test_standards(fixture_store: Path) -> None:
    assert rows(fixture_store, "standards", theme="prison", year="2020") == [
        (
            "United Nations Rules for the Treatment of Women Prisoners and Non-custodial Measures"
            " for Women Offenders",
            "Bangkok Rules",
            "Persons in custody, non-custodial sanctions, juvenile and restorative justice",
            "2",
            ID + "standard/bangkok-rules",
        ),
        (
            "United Nations Standard Minimum Rules for the Treatment of Prisoners",
            "Nelson Mandela Rules",
            "Persons in custody, non-custodial sanctions, juvenile and restorative justice",
            "2",
            ID + "standard/nelson-mandela-rules",
        ),
        (
            "United Nations Standard Minimum Rules for Non-custodial Measures",
            "Tokyo Rules",
            "Persons in custody, non-custodial sanctions, juvenile and restorative justice",
            "1",
            ID + "standard/tokyo-rules",
        ),
    ]
    assert [r[1] for r in rows(fixture_store, "standards", country="MX")] == ["Bangkok Rules"]


def test_activities(fixture_store: Path) -> None:
    assert rows(fixture_store, "activities", country="KEN") == [
        (
            "001",
            "40",
            "training",
            "2021",
            "In Kenya, UNODC, jointly with UNICEF and with funding from the European Union,"
            " trained judges on the Beijing Rules",
            ID + "activity/001-40-1",
        ),
        (
            "001",
            "42",
            "event-or-meeting",
            None,
            "A meeting of experts was held in Nairobi, hosted by UNDP.",
            ID + "activity/001-42-1",
        ),
    ]
    legislative = rows(
        fixture_store,
        "activities",
        type="legislative-assistance",
        standard="Bangkok Rules",
        year="2020",
    )
    assert [(r[0], r[1], r[5]) for r in legislative] == [("000", "78", ID + "activity/000-78-1")]
    assert [r[5] for r in rows(fixture_store, "activities", partner="EU")] == [
        ID + "activity/000-27-1",
        ID + "activity/001-40-1",
    ]


def test_activities_order_paragraphs_numerically(fixture_store: Path) -> None:
    assert [r[1] for r in rows(fixture_store, "activities", year="2020")] == [
        "4",
        "9",
        "14",
        "27",
        "27",
        "78",
        "78",
        "78",
    ]


def test_mandates(fixture_store: Path) -> None:
    assert rows(fixture_store, "mandates", report="000") == [
        (
            "ECOSOC resolution 1992/22",
            "ECOSOC",
            "report 000",
            "000",
            None,
            ID + "mandate/ecosoc-1992-22",
        ),
        ("GA resolution 65/229", "GA", "Bangkok Rules", "000", "14", ID + "mandate/ga-65-229"),
        (
            "GA resolution 70/175",
            "GA",
            "Nelson Mandela Rules",
            "000",
            "78",
            ID + "mandate/ga-70-175",
        ),
    ]
    assert [r[0] for r in rows(fixture_store, "mandates", report="E/CN.15/2022/9")] == [
        "ECOSOC resolution 1992/22",
        "GA resolution 40/33",
    ]


def test_tools(fixture_store: Path) -> None:
    assert rows(fixture_store, "tools", theme="prison") == [
        (
            "Handbooks on pretrial detention hearings",
            "2020",
            "000",
            "27",
            ID + "tool/handbooks-on-pretrial-detention-hearings",
        ),
        (
            "Toolkit on Gender-Responsive Non-custodial Measures",
            "2020",
            "000",
            "14",
            ID + "tool/toolkit-on-gender-responsive-non-custodial-measures",
        ),
    ]
    assert rows(fixture_store, "tools", year="2021") == []


def test_co_delivery(fixture_store: Path) -> None:
    assert rows(fixture_store, "co-delivery") == [
        (
            "National Council of Justice (Brazil)",
            "United Nations Development Programme",
            "2",
            ID + "org/bra-national-council-of-justice",
            ID + "org/undp",
        ),
    ]
    assert [r[:3] for r in rows(fixture_store, "co-delivery", role="any", year="2021")] == [
        ("European Union", "United Nations Children's Fund", "1"),
    ]


def test_country_profile(fixture_store: Path) -> None:
    assert rows(fixture_store, "country-profile", country="BRA") == [
        ("total", "Brazil", "2020", "2", ID + "country/BRA"),
        ("theme", "Prison reform", "2020", "2", ID + "theme/prison"),
        ("theme", "Access to justice", "2020", "1", ID + "theme/access-to-justice"),
        (
            "partner",
            "National Council of Justice",
            None,
            "2",
            ID + "org/bra-national-council-of-justice",
        ),
        ("partner", "United Nations Development Programme", None, "2", ID + "org/undp"),
        ("partner", "European Union", None, "1", ID + "org/eu"),
    ]


def test_country_profile_keeps_activities_without_a_year(fixture_store: Path) -> None:
    kenya = rows(fixture_store, "country-profile", country="Kenya")
    assert [r for r in kenya if r[0] == "total"] == [
        ("total", "Kenya", None, "1", ID + "country/KEN"),
        ("total", "Kenya", "2021", "1", ID + "country/KEN"),
    ]


def test_timeline(fixture_store: Path) -> None:
    assert rows(fixture_store, "timeline", theme="prison") == [
        ("Alternatives to imprisonment", "2020", "1", ID + "theme/alternatives-to-imprisonment"),
        ("Prison reform", "2020", "5", ID + "theme/prison"),
    ]
    assert len(rows(fixture_store, "timeline")) == 8


def test_standard_uptake(fixture_store: Path) -> None:
    assert rows(fixture_store, "standard-uptake", standard="Bangkok Rules") == [
        ("Bangkok Rules", c, iso, y, "1", ID + "standard/bangkok-rules", ID + f"country/{iso}")
        for c, iso, y in [
            ("Ethiopia", "ETH", "2020"),
            ("Ghana", "GHA", "2020"),
            ("Kyrgyzstan", "KGZ", "2020"),
            ("Mauritania", "MRT", "2020"),
            ("Uzbekistan", "UZB", "2020"),
            ("Mexico", "MEX", "2021"),
        ]
    ]


def test_every_query_reading_the_asserted_triples_gives_the_union_s_rows(
    fixture_store: Path,
) -> None:
    """Canned queries read the asserted triples alone (``# reads:``, canned.py): twice as fast,
    and what they answer must not change. The fixture's inferred graph closes locatedIn,
    repeats an asserted triple and types a partnership as an activity; a query that came to
    need an inferred triple fails here, and says ``# reads: all``."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(fixture_store / "oxigraph"))
    compared = 0
    for name, query in sorted(load_queries().items()):
        assert query.reads == "asserted", name
        for values in ({}, {"theme": "prison"}, {"region": "Africa"}, {"country": "KEN"}):
            given = {k: v for k, v in values.items() if k in {p.name for p in query.parameters}}
            if any(p.required and p.name not in given for p in query.parameters):
                continue
            text, _ = run_canned(query, given, store=fixture_store, explain=True, timeout=20)
            alone = execute(store, text, inferred=False)
            union = execute(store, text, inferred=True)
            assert isinstance(alone, SelectResult) and isinstance(union, SelectResult)
            assert alone.rows == union.rows, (name, given)
            compared += bool(alone.rows)
    assert compared >= len(load_queries())  # answers, not empty tables


def test_inferred_triples_change_no_answer(fixture_store: Path, tmp_path: Path) -> None:
    # inferred.ttl repeats an asserted triple, closes locatedIn and types a partnership as an
    # activity: the queries must give the same rows with and without it
    source = Path(__file__).parent.parent / "data" / "query" / "graph.ttl"
    copy = tmp_path / "graph.ttl"  # alone in its folder: inferred.ttl would make it stale
    copy.write_bytes(source.read_bytes())
    bare = tmp_path / "bare"
    build_store([copy], None, bare)
    for name in load_queries():
        values = {"country": "KEN"} if name == "country-profile" else {}
        assert rows(bare, name, **values) == rows(fixture_store, name, **values), name
