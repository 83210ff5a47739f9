"""Curation files: retract, correct and add facts by stable key; bad entries are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ccpj_graph.curate import KEYS, apply_curation, load_curation
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


def test_a_quote_pins_an_entry_to_its_activity(tmp_path: Path) -> None:
    """An activity key is an ordinal: after a rule change adds an activity before it, the key
    names other work. An entry's quote catches that, and says which activity quotes it now."""
    first = fact(1, quote="trained 40 judges in Kenya")
    second = fact(2, quote="jointly with UNDP")
    # a TOML escape: the quote's words across a line break and two spaces
    entry = '[[retract]]\nactivity = "001-17-2"\nquote = "jointly  with\\nUNDP"\n'
    assert [f.key for f in curate(tmp_path, entry, [first, second])] == [
        "001-17-1"
    ]  # spacing aside
    # the rules now find a new first activity: the old second is the third
    renumbered = [
        fact(1, quote="UNODC planned"),
        fact(2, quote=first.quote),
        fact(3, quote=second.quote),
    ]
    with pytest.raises(InputError) as err:
        curate(tmp_path, entry, renumbered)
    assert str(err.value) == (
        f"{tmp_path / 'fixes.toml'}:3: retract[0]: activity 001-17-2 does not quote "
        "'jointly with UNDP' (were the paragraph's activities re-numbered?); 001-17-3 quotes it"
    )
    correct = (
        '[[correct]]\nactivity = "001-17-1"\nfield = "year"\nvalue = 2020\n'
        'quote = "not a word of it"\n'
    )
    with pytest.raises(InputError, match=r"fixes.toml:5: correct\[0\]: .* does not quote "):
        curate(tmp_path, correct, [first])
    with pytest.raises(InputError, match="quote must be a string"):
        curate(tmp_path, '[[retract]]\nactivity = "001-17-1"\nquote = 3\n', [first])
    with pytest.raises(InputError, match="quote must be words of the activity's evidence"):
        curate(tmp_path, '[[retract]]\nactivity = "001-17-1"\nquote = " "\n', [first])


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcdefghij’-,.", min_size=1, max_size=6), min_size=1, max_size=12
    ),
    start=st.integers(min_value=0, max_value=11),
    length=st.integers(min_value=1, max_value=12),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", " \t "]), min_size=12, max_size=12),
)
def test_any_run_of_an_evidence_s_words_pins_it_whatever_the_spacing(
    words: list[str], start: int, length: int, gaps: list[str]
) -> None:
    """``unpinned`` accepts any run of the evidence's words, spaced in any way, and refuses
    words that are not a run of it."""
    from ccpj_graph.curate import unpinned

    quote = " ".join(words)
    run = words[start : start + length]
    assume(run)
    spaced = "".join(w + g for w, g in zip(run, gaps, strict=False)).strip()
    assert unpinned(spaced, "001-17-1", quote, []) is None
    other = " ".join([*run, "zz"])  # another activity of the paragraph quotes the run and more
    missing = unpinned(spaced + " zz", "001-17-1", quote, [("001-17-2", other)])
    if " ".join([*run, "zz"]) not in quote:
        assert missing is not None and missing.endswith("; 001-17-2 quotes it")


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


# --- issue 12 item 8: typos and bad files are errors naming file:line --------------------------


@pytest.mark.parametrize(
    ("toml", "where", "message"),
    [
        (
            '[[correct]]\nactivity = "001-17-1"\nfield = "type"\nvalu = "advisory"\n',
            4,
            "correct[0]: unknown key 'valu'; did you mean value?",
        ),
        (
            '[[add]]\nreport = "001"\nparagraph = "17"\ntype = "training"\n'
            'partnrs = [{ org = "undp", role = "funder" }]\nquote = "jointly with UNDP"\n',
            5,
            "add[0]: unknown key 'partnrs'; did you mean partners?",
        ),
        (
            '[[retract]]\nactivity = "001-17-1"\n\n[[retract]]\nactivity = "001-17-1"\n'
            'colour = "red"\n',
            6,
            "retract[1]: unknown key 'colour'",
        ),
        ('colour = "red"\n[[retract]]\nactivity = "001-17-1"\n', 1, "unknown section 'colour'"),
        ("[[retracts]]\nactivity = 1\n", 1, "unknown section 'retracts'; did you mean retract"),
        (
            '[[add]]\nreport = "001"\nparagraph = "17"\ntype = "training"\n'
            'partners = [{ org = "undp", rol = "funder" }]\nquote = "jointly with UNDP"\n',
            5,
            "unknown partner key 'rol'; did you mean role?",
        ),
        ('[[retract]]\nactivity = "01-17-1"\n', 2, "report '01' is not among the reports built"),
        ('[[retract]]\nactivity = "999-99-9"\n', 2, "report '999' is not among the reports"),
        (
            '[[add]]\nreport = "999"\nparagraph = "1"\ntype = "training"\nquote = "x"\n',
            2,
            "report '999' is not among the reports built (001)",
        ),
        ("[[retract]]\nactivity = 17\n", 2, "activity must be a string"),
        ("[[retract]]\nactivity = \n", 2, "2:12: Invalid value"),
    ],
)
def test_typos_are_errors_naming_file_and_line(
    tmp_path: Path, toml: str, where: int, message: str
) -> None:
    with pytest.raises(InputError) as err:
        curate(tmp_path, toml, [fact(1)])
    text = str(err.value)
    assert text.startswith(f"{tmp_path / 'fixes.toml'}:{where}:"), text
    assert message in text, text
    assert "\n" not in text


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(sorted(KEYS)),
    key=st.from_regex(r"[a-z][a-z_-]{0,12}", fullmatch=True),
    blank=st.integers(0, 3),
)
def test_any_unknown_key_is_named_with_its_line(
    tmp_path: Path, kind: str, key: str, blank: int
) -> None:
    assume(key not in KEYS[kind])
    toml = "\n" * blank + f'[[{kind}]]\nactivity = "001-17-1"\n{key} = "x"\n'
    if kind != "retract":
        toml = "\n" * blank + f'[[{kind}]]\n{key} = "x"\n'
    (tmp_path / "fixes.toml").write_text(toml, encoding="utf-8")
    line = toml.splitlines().index(f'{key} = "x"') + 1
    with pytest.raises(InputError, match=rf"fixes\.toml:{line}: {kind}\[0\]: unknown key"):
        load_curation(tmp_path)


def test_a_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "fixes.toml").write_bytes(
        b'[[retract]]\nactivity = "001-17-1"\nreason = "caf\xe9"\n'
    )
    with pytest.raises(InputError, match=r"fixes\.toml:3: not UTF-8 text"):
        load_curation(tmp_path)


def test_a_huge_or_endless_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"a\.toml: binary file \(a NUL byte at offset 0\)"):
        load_curation(tmp_path)
    (tmp_path / "a.toml").unlink()
    (tmp_path / "b.toml").write_text("# note\n" * 200_000, encoding="utf-8")
    with pytest.raises(
        InputError, match=r"b\.toml: is 1.3 MB; a curation file may be at most 1 MB"
    ):
        load_curation(tmp_path)


def test_a_deeply_nested_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text("a = " + "[" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"deep\.toml: arrays or tables nested too deeply"):
        load_curation(tmp_path)
