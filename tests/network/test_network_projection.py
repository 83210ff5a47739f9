"""The projection files: every shipped network parses, declares what its query returns, and a
malformed header is an error naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.network.projection import (
    COLUMNS,
    describe_query,
    get_projection,
    load_projections,
    networks_dir,
    parse_projection,
)
from network_support import NETWORKS, fixture_source

GOOD = """\
# name: {name}
# title: A network
# description: Something linked to something,
#  over two lines.
# directed: false
# columns: source, target, activity
#
# free comment
SELECT ?source ?target ?activity WHERE {{ ?activity <urn:p> ?source , ?target }}
"""


def test_the_required_networks_are_shipped() -> None:
    assert set(NETWORKS) <= set(load_projections())


@pytest.mark.parametrize("name", NETWORKS)
def test_declared_columns_are_the_query_variables(name: str) -> None:
    projection = get_projection(name)
    rows = fixture_source().select(projection.text)
    assert rows, f"{name} returns no rows on the fixture"
    assert tuple(rows[0]) == projection.columns
    assert set(projection.columns) <= set(COLUMNS)
    assert projection.path == networks_dir() / f"{name}.rq"


def test_the_shared_describe_queries_run() -> None:
    nodes = fixture_source().select(describe_query("nodes"))
    themes = fixture_source().select(describe_query("themes"))
    assert {"node", "class", "top", "key", "label", "iso3"} <= set(nodes[0])
    assert {"theme", "key", "label", "broader"} <= set(themes[0])


def test_a_header_continues_on_indented_lines(tmp_path: Path) -> None:
    path = tmp_path / "demo.rq"
    path.write_text(GOOD.format(name="demo"), encoding="utf-8")
    projection = parse_projection(path)
    assert projection.description == "Something linked to something, over two lines."
    assert projection.directed is False
    assert projection.weight == "activities"
    assert projection.columns == ("source", "target", "activity")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("# directed: false", "# directed: maybe"), "demo.rq:5: directed must be true or false"),
        (("# columns: source, target, activity", "# columns: target"), "demo.rq:6: columns"),
        (("# columns: source, target, activity", "# columns: source, colour"), "demo.rq:6:"),
        (("# title: A network\n", "# colour: red\n"), "demo.rq:2: unknown header field 'colour'"),
        (("# name: demo", "# name: other"), "must be a lower-case slug equal to the file"),
        (("# directed: false\n", ""), "needs exactly one '# directed:' line"),
        (("# directed: false", "# directed: false\n# weight: heavy"), "weight must be one of"),
    ],
)
def test_a_bad_header_names_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "demo.rq"
    path.write_text(GOOD.format(name="demo").replace(*change), encoding="utf-8")
    with pytest.raises(CcpjError, match=message.replace("(", r"\(")) as err:
        parse_projection(path)
    assert "\n" not in str(err.value)


def test_an_unknown_network_suggests_and_lists() -> None:
    with pytest.raises(InputError) as err:
        get_projection("partner")
    message = str(err.value)
    assert message.startswith("--network: unknown network 'partner'")
    assert "did you mean partners" in message
    for name in NETWORKS:
        assert name in message
