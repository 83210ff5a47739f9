"""Mandate keys round-trip to the normalised display form."""

import pytest

from ccpj_graph.mandates import display, mandate_key, split_key


@pytest.mark.parametrize(
    ("body", "number", "key", "shown"),
    [
        ("ga", "75/196", "ga-75-196", "GA resolution 75/196"),
        ("ecosoc", "1992/22", "ecosoc-1992-22", "ECOSOC resolution 1992/22"),
        ("ccpcj", "27/6", "ccpcj-27-6", "CCPCJ resolution 27/6"),
        ("untoc-cop", "10/4", "untoc-cop-10-4", "UNTOC COP resolution 10/4"),
        ("sc", "2250", "sc-2250", "SC resolution 2250"),
    ],
)
def test_round_trip(body: str, number: str, key: str, shown: str) -> None:
    assert mandate_key(body, number) == key
    assert split_key(key) == (body, number)
    assert display(key) == shown


@pytest.mark.parametrize("key", ["xx-1-2", "ga", "ga-abc", ""])
def test_bad_keys(key: str) -> None:
    with pytest.raises(ValueError, match="mandate key"):
        split_key(key)
