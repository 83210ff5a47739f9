"""Curation files: retract, correct and add facts by stable key; bad entries are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.curate import apply_curation, load_curation
from ccpj_graph.errors import InputError
from ccpj_graph.extract.facts import ActivityFact, PartnerFact

TEXTS = {("001", "17"): "UNODC trained 40 judges in Kenya jointly with UNDP."}


def fact(ordinal: int, **kw: object) -> ActivityFact:
    base = dict(
        report="001",
        paragraph="17",
        ordinal=ordinal,
        type="training",
        year=2021,
        year_basis="reporting-period",
        themes=("access-to-justice",),
        countries=("KEN",),
        regions=(),
        partners=(PartnerFact(org="undp", role="co-deliverer", surface="UNDP"),),
        standards=(),
        mandates=(),
        tools=(),
        quote="trained 40 judges in Kenya",
        rule="segment:sentence",
    )
    base.update(kw)
    return ActivityFact(**base)  # type: ignore[arg-type]


def curate(tmp_path: Path, toml: str, facts: list[ActivityFact]) -> list[ActivityFact]:
    (tmp_path / "fixes.toml").write_text(toml, encoding="utf-8")
    return apply_curation(facts, load_curation(tmp_path), paragraph_texts=TEXTS)


def test_correct_partner_role_marks_fact_as_curated(tmp_path: Path) -> None:
    out = curate(
        tmp_path,
        '[[correct]]\nactivity = "001-17-1"\nfield = "partner-role"\n'
        'partner = "undp"\nvalue = "funder"\n',
        [fact(1)],
    )
    assert out[0].partners[0].role == "funder"
    assert out[0].curated
    assert out[0].rule == "segment:sentence+curation:fixes.toml#correct[0]"


def test_retract_activity_and_partner(tmp_path: Path) -> None:
    out = curate(
        tmp_path,
        '[[retract]]\nactivity = "001-17-1"\n\n[[retract]]\nactivity = "001-17-2"\n'
        'partner = "undp"\n',
        [fact(1), fact(2)],
    )
    assert [f.key for f in out] == ["001-17-2"]
    assert out[0].partners == ()


def test_add_requires_a_verbatim_quote(tmp_path: Path) -> None:
    out = curate(
        tmp_path,
        '[[add]]\nreport = "001"\nparagraph = "17"\ntype = "training"\nyear = 2021\n'
        'countries = ["KEN"]\nquote = "jointly with UNDP"\n',
        [fact(1)],
    )
    assert [f.key for f in out] == ["001-17-1", "001-17-101"]
    assert out[1].rule == "curation:fixes.toml#add[0]"
    with pytest.raises(InputError, match="verbatim"):
        curate(
            tmp_path,
            '[[add]]\nreport = "001"\nparagraph = "17"\ntype = "training"\n'
            'quote = "not in the text"\n',
            [fact(1)],
        )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[retract]]\nactivity = "001-17-9"\n', "001-17-9 does not exist"),
        ('[[correct]]\nactivity = "001-17-1"\nfield = "type"\nvalue = "x"\n', "unknown activity"),
        (
            '[[correct]]\nactivity = "001-17-1"\nfield = "partner-role"\npartner = "who"\n'
            'value = "funder"\n',
            "no partner 'who'",
        ),
        ('[[correct]]\nactivity = "001-17-1"\nfield = "colour"\nvalue = 1\n', "unknown field"),
        ("[[rename]]\n", "unknown section"),
        ("[[retract\n", "fixes.toml"),
    ],
)
def test_bad_entries_name_file_and_entry(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        curate(tmp_path, toml, [fact(1)])
    assert "fixes.toml" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[correct]]\nactivity = "001-17-1"\nfield = "themes"\nvalue = ["prisons"]\n',
            "unknown theme key 'prisons'; did you mean prison",
        ),
        (
            '[[correct]]\nactivity = "001-17-1"\nfield = "countries"\nvalue = ["KENYA"]\n',
            "unknown country key 'KENYA'",
        ),
        (
            '[[correct]]\nactivity = "001-17-1"\nfield = "mandates"\nvalue = ["75/196"]\n',
            "not a mandate key",
        ),
        (
            '[[add]]\nreport = "001"\nparagraph = "17"\ntype = "training"\n'
            'partners = [{ org = "undpp", role = "funder" }]\nquote = "jointly with UNDP"\n',
            "unknown organisation key 'undpp'; did you mean undp",
        ),
    ],
)
def test_unknown_keys_are_errors_with_suggestions(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        curate(tmp_path, toml, [fact(1)])


def test_known_keys_pass(tmp_path: Path) -> None:
    out = curate(
        tmp_path,
        '[[correct]]\nactivity = "001-17-1"\nfield = "themes"\nvalue = ["prison", "gender"]\n',
        [fact(1)],
    )
    assert out[0].themes == ("prison", "gender")
