"""Activity types from the activity's own words, with the rule that chose them."""

from __future__ import annotations

import pytest

from ccpj_graph.extract.facts import ACTIVITY_TYPES
from ccpj_graph.extract.types import classify_type


@pytest.mark.parametrize(
    ("quote", "verb", "expected"),
    [
        (
            "UNODC provided legislative assistance to Benin and Ghana",
            "provided",
            "legislative-assistance",
        ),
        ("In Pakistan, UNODC trained 1,162 police officers", "trained", "training"),
        ("The Office launched a new project in Kazakhstan", "launched", "programme-or-project"),
        (
            "In Nepal, the Office developed a criminal investigation training manual",
            "developed",
            "publication-or-tool",
        ),
        (
            "UNODC procured personal protective equipment and hygiene products",
            "procured",
            "equipment-or-material-support",
        ),
        (
            "UNODC launched a global online campaign to raise awareness",
            "launched",
            "awareness-campaign",
        ),
        (
            "UNODC co-organized a webinar on the topic with partners",
            "co-organized",
            "event-or-meeting",
        ),
        (
            "UNODC conducted a needs assessment on juvenile justice in Pakistan",
            "conducted",
            "assessment-or-research",
        ),
        (
            "UNODC signed a memorandum of understanding with the World Bank",
            "signed",
            "coordination-or-partnership",
        ),
        (
            "UNODC published Foreign Terrorist Fighters: Manual for Judicial Training Institutes",
            "published",
            "publication-or-tool",
        ),
    ],
)
def test_types(quote: str, verb: str, expected: str) -> None:
    decision = classify_type(quote, verb=verb, verb_offset=quote.find(verb))
    assert decision.type == expected
    assert decision.rule.startswith("type:")


def test_unknown_wording_is_other() -> None:
    decision = classify_type("Something happened.")
    assert decision.type == "other" and decision.rule == "type:default-other"
    assert decision.type in ACTIVITY_TYPES
