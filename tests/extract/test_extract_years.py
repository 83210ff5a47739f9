"""Years: explicit dates win, ranges, symbols, titles and plans do not date anything."""

from __future__ import annotations

from ccpj_graph.extract.years import (
    Period,
    default_year,
    explicit_years,
    paragraph_year,
    report_period,
    states_standing_role,
)

P2021 = Period(start=2021, end=2021, latest=2022)


def years(text: str, period: Period = P2021) -> list[int]:
    return [m.year for m in explicit_years(text, period)]


def test_dates_in_the_period_are_explicit() -> None:
    assert years("On 11 May 2021, the Executive Committee met.") == [2021]
    assert years("The Office published three issues in 2021.") == [2021]
    assert years("It held a session during Law, Justice and Development Week 2021.") == [2021]


def test_ranges_symbols_titles_and_plans_are_not_dates() -> None:
    assert years("a programme for the period 2022–2028 and the Strategy 2021-2025") == []
    assert years("resolution 1992/22, Decree-Law 24/2021 and E/CN.15/2021/17") == []
    assert years("UNODC published the *Global Study on Homicide 2021* last year.") == []
    assert years("The tool will be finalized in 2021.") == []
    assert years("Since March 2021, prisons released people.") == []


def test_years_outside_the_period_do_not_count() -> None:
    assert years("building on successful training in 2009, the Office acted in 2021") == [2021]
    # a January 2022 meeting in a report issued in 2022 about 2021 is dated 2022
    assert years("On 23 and 24 January 2022, UNODC organized a consultation.") == [2022]


def test_no_period_no_dates() -> None:
    assert explicit_years("In 2021, UNODC trained judges.", None) == ()


def test_default_year_of_a_multi_year_period_is_its_most_dated_year() -> None:
    period = Period(start=2020, end=2021, latest=2021)
    assert default_year([2020, 2020, 2021], period) == 2020
    assert default_year([2020, 2021], period) == 2021  # a tie goes to the later year
    assert default_year([], period) == 2021
    assert default_year([2019, 2019], Period(2021, 2021, 2021)) == 2021


def test_paragraph_year_basis() -> None:
    kwargs = {"period": P2021, "fallback": 2021, "pursuant_to_cited": False}
    assert paragraph_year("UNODC trained judges.", section_title="Access", **kwargs) == (
        2021,
        "reporting-period",
    )
    assert paragraph_year("In 2021, UNODC trained judges.", section_title="A", **kwargs) == (
        2021,
        "explicit",
    )
    assert paragraph_year(
        "Member States should act.", section_title="Conclusions and recommendations", **kwargs
    ) == (None, None)
    mandate = "The present report was prepared pursuant to Council resolution 1992/22."
    assert paragraph_year(
        mandate, section_title="Introduction", period=P2021, fallback=2021, pursuant_to_cited=True
    ) == (None, None)


def test_002_undated_paragraphs_take_its_most_dated_year(corpus) -> None:
    report = corpus["002"]
    period = report_period(report)
    assert period is not None and (period.start, period.end) == (2020, 2021)
    dated = [m.year for p in report.paragraphs for m in explicit_years(p.text, period)]
    assert dated.count(2020) > dated.count(2021)
    assert default_year(dated, period) == 2020


def test_brochure_has_no_period(corpus) -> None:
    assert report_period(corpus["003"]) is None


def test_the_agent_speaking_of_itself_in_the_present_is_tied_to_no_period() -> None:
    period = Period(start=2011, end=2011, latest=2012)
    assert states_standing_role(
        "UNODC assists Member States in developing effective crime prevention strategies.", period
    )
    # a dated paragraph, one naming the period, or one in the past tense is not timeless
    assert not states_standing_role("In 2011, UNODC assists Member States in ...", period)
    assert not states_standing_role(
        "During the reporting period, UNODC supports Member States in ...", period
    )
    assert not states_standing_role("UNODC assisted Member States in ...", period)
