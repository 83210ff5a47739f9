"""CITATION.cff says what the published dataset description says, and cites only stated symbols."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from ccpj_graph.publish.void import dataset_metadata

ROOT = Path(__file__).resolve().parents[2]


def test_citation_file_matches_the_dataset_description_and_the_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    meta = dataset_metadata()
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["title"] == meta["title"]
    assert cff["license"] == "CC-BY-4.0" and meta["license"].endswith("/licenses/by/4.0/")
    assert cff["keywords"] == list(meta["keywords"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert str(cff["version"]) == version


def test_citation_file_cites_only_symbols_the_manifest_states():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    manifest = (ROOT / "data/sources/manifest.ttl").read_text()
    for reference in cff["references"]:
        for identifier in reference["identifiers"]:
            assert f'ccpj:unSymbol "{identifier["value"]}"' in manifest
            assert reference["url"] == "https://undocs.org/" + identifier["value"]
