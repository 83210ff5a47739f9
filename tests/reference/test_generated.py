"""The generated reference files (countries, regions) are exactly what the generator makes.

The generator (``scripts/generate_reference.py``) reads pycountry and the curated tables in
``scripts/reference/``; re-running it must not change a committed byte.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from ccpj_graph import resources
from script_support import load_script


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_script("generate_reference")


@pytest.fixture(scope="module")
def generated(generator: ModuleType) -> dict[str, str]:
    return generator.outputs()


@pytest.mark.parametrize("name", ["countries.ttl", "regions.ttl"])
def test_committed_file_is_current(generated: dict[str, str], name: str) -> None:
    committed = (resources.reference_dir() / name).read_text(encoding="utf-8")
    if committed != generated[name]:
        mine, theirs = Graph().parse(data=committed), Graph().parse(data=generated[name])
        _, only_committed, only_generated = graph_diff(to_isomorphic(mine), to_isomorphic(theirs))
        lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(only_committed)]
        lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(only_generated)]
        pytest.fail(f"{name} is stale: run scripts/generate_reference.py\n" + "\n".join(lines[:40]))


def test_generation_is_deterministic(generator: ModuleType, generated: dict[str, str]) -> None:
    assert generator.outputs() == generated


def test_check_mode_reports_a_stale_file(generator: ModuleType, tmp_path: Path) -> None:
    for name, text in generator.outputs().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert generator.main(["--check", "--output", str(tmp_path)]) == 0
    (tmp_path / "regions.ttl").write_text("# edited by hand\n", encoding="utf-8")
    assert generator.main(["--check", "--output", str(tmp_path)]) == 1
    assert generator.main(["--output", str(tmp_path)]) == 0
    assert generator.main(["--check", "--output", str(tmp_path)]) == 0


def test_overlay_rows_name_iso_codes(generator: ModuleType) -> None:
    """A typo in the curated overlay must fail generation, not silently drop a country."""
    import pycountry

    codes = {c.alpha_3 for c in pycountry.countries}
    for table in ("un-names.tsv", "m49-membership.tsv"):
        rows = list(generator._read_table(generator.TABLES / table))
        assert rows, table
        assert {row.cells["iso3"] for row in rows} <= codes, table
