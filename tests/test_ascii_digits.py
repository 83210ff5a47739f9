"""Every check of a number, year, key or date a user types takes ASCII digits only.

``\\d`` and ``str.isdigit()`` also take other scripts' digits and superscripts ("２０２０",
"٢٠٢٠", "²"): ``ccpj query partners --year ٢٠٢٠`` passed the year check and then matched
nothing ("no results", exit 0), ``--pursuant-to "ECOSOC resolution ١٩٩٢/22"`` wrote a mandate
IRI no reference mandate has, and ``-o /dev/fd/١`` wrote to stdout. Each validator must
refuse any text holding such a digit (or, for a spreadsheet cell, treat it as text).
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.atomic import _inherited_fd
from ccpj_graph.cli.common import Seconds, Whole
from ccpj_graph.corpus.ingest import parse_mandate, parse_period
from ccpj_graph.corpus.manifest import REPORT_KEY, is_iso_date
from ccpj_graph.errors import InputError
from ccpj_graph.limits import parse_seconds
from ccpj_graph.mandates import split_key
from ccpj_graph.query.canned import Parameter
from ccpj_graph.query.params import resolve_value
from ccpj_graph.query.results import SelectResult
from ccpj_graph.spreadsheet import safe_cell

#: A digit of another script, or a superscript: what \d or str.isdigit() take beyond 0-9.
OTHER_DIGITS = st.characters(categories=["Nd", "No"]).filter(
    lambda c: c.isdigit() and not c.isascii()
)


@st.composite
def with_other_digit(draw: st.DrawFn) -> str:
    """Text around at least one such digit, mostly ASCII digits and the separators the
    validators read ("20٢0", "2020-٢٠٢١", "ga-75-１96")."""
    around = st.text(alphabet="0123456789-/ .abcdefgz", max_size=8)
    before, after = draw(around), draw(around)
    return before + draw(OTHER_DIGITS) + after


def _no_lookup(text: str, like: object = None) -> SelectResult:
    raise AssertionError("a year is checked without reading the graph")


def _refuses(check: object, value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        check(value)  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(value=with_other_digit())
def test_every_validator_refuses_another_scripts_digits(value: str) -> None:
    _refuses(lambda v: resolve_value(Parameter("year", "year"), v, _no_lookup), value, InputError)
    _refuses(parse_period, value, InputError)  # ccpj ingest --period
    _refuses(parse_mandate, value, InputError)  # ccpj ingest --pursuant-to
    _refuses(parse_mandate, f"ECOSOC resolution {value}", InputError)
    _refuses(split_key, value, ValueError)  # manifest, curation and reference mandate keys
    _refuses(split_key, f"ga-{value}", ValueError)
    assert REPORT_KEY.fullmatch(value) is None  # ccpj ingest --key, the manifest's keys
    assert not is_iso_date(value)  # ingest --date, publish --issued, the manifest
    assert _inherited_fd(Path(f"/dev/fd/{value}")) is None  # -o /dev/fd/N
    for sign in ("-", "+"):  # a spreadsheet reads no number in it: escaped as a formula
        assert safe_cell(sign + value).startswith("'")


@pytest.mark.parametrize(
    ("check", "good"),
    [
        (parse_period, "2020-2021"),
        (parse_mandate, "ECOSOC resolution 1992/22"),
        (split_key, "ga-75-196"),
        (REPORT_KEY.fullmatch, "005"),
        (is_iso_date, "2023-03-21"),
        (_inherited_fd, Path("/dev/fd/1")),
    ],
)
def test_ascii_digits_still_pass(check: object, good: object) -> None:
    """The property above holds because the checks refuse that digit, not everything."""
    assert check(good)  # type: ignore[operator]
    assert safe_cell("-12.5") == "-12.5"


def _number_options() -> list[tuple[str, click.Parameter]]:
    """Every option and argument of every verb that takes a number, with the verb's name."""
    from tests.cli.test_cli_paths import LEAVES

    return [
        (name, param)
        for name, command in LEAVES
        for param in command.params
        if isinstance(param.type, click.types._NumberParamTypeBase | Seconds)
        or param.type in (click.INT, click.FLOAT)
    ]


NUMBER_OPTIONS = _number_options()


def test_every_number_option_is_one_of_the_projects_types() -> None:
    # click's INT and FLOAT (and their ranges) take "٨٠٠٠" as 8000: every number a verb reads
    # is a Whole or a Seconds, which refuse it
    assert len(NUMBER_OPTIONS) >= 10
    plain = [
        f"{name} {param.name}"
        for name, param in NUMBER_OPTIONS
        if not isinstance(param.type, Whole | Seconds)
    ]
    assert plain == []


@settings(max_examples=30, deadline=None)
@given(value=with_other_digit())
def test_every_number_option_refuses_another_scripts_digits(value: str) -> None:
    for name, param in NUMBER_OPTIONS:
        with pytest.raises(click.BadParameter, match="digits 0-9"):
            param.type.convert(value, param, None)
        good = str(max(1, getattr(param.type, "min", None) or 1))  # ASCII still passes
        assert param.type.convert(good, param, None) == int(good), name
    assert parse_seconds("30", zero=False) == 30.0
    with pytest.raises(ValueError, match="digits 0-9"):
        parse_seconds(value, zero=True)


@pytest.mark.parametrize(
    ("line", "option"),
    [
        (["query", "partners", "--limit", "５"], "--limit"),
        (["query", "partners", "--timeout", "٣٠"], "--timeout"),
        (["sparql", "ASK {}", "--limit", "٢"], "--limit"),
        (["serve", "--port", "٨٠٠٠"], "--port"),
    ],
)
def test_the_verbs_say_so_in_one_line(line: list[str], option: str) -> None:
    from click.testing import CliRunner

    from ccpj_graph.cli import cli

    result = CliRunner().invoke(cli, line)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: Invalid value for '{option}'")
    assert "digits 0-9" in result.output and result.output.count("\n") == 1
