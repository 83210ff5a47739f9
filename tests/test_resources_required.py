"""A folder of the home that the project needs (ontology, shapes, reference data, the sources'
manifest, the extraction profiles) missing or empty is an error naming it, never an empty
input: a home without ``shapes/`` validated 23,149 triples as conforming (exit 0)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph import resources
from ccpj_graph.cli import COMMANDS
from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.errors import CcpjError, InputError

CLI = CcpjGroup(lazy_commands=COMMANDS)

# folder under the home -> what an empty one lacks, as the error says it
REQUIRED = {
    "ontology": "ontology",
    "shapes": "shapes",
    "data/reference": "reference data",
    "data/sources": "source manifest",
}


def _expected(home: Path, folder: str, state: str) -> str:
    path = home / folder
    if folder == "ontology" and state == "missing":  # the marker of a home
        return f"CCPJ_HOME={home}: no ontology/ folder in it; a home is laid out like the"
    if state == "missing":
        return f"{path}: no {path.name} folder"
    return f"{path}: no {REQUIRED[folder]} in it (*.ttl)"


def _take_away(home: Path, folder: str, state: str) -> None:
    shutil.rmtree(home / folder)
    if state == "empty":
        (home / folder).mkdir()
    resources.home.cache_clear()


@pytest.mark.parametrize("state", ["missing", "empty"])
@pytest.mark.parametrize("folder", sorted(REQUIRED))
def test_validate_refuses_a_home_without_a_required_folder(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, state: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _take_away(project_copy, folder, state)
    data = tmp_path / "one.ttl"
    data.write_text(
        "<https://w3id.org/ccpj/id/country/KEN> <http://www.w3.org/2000/01/rdf-schema#label>"
        ' "Kenya"@en .\n',
        encoding="utf-8",
    )
    for args in (["validate"], ["validate", str(data)]):
        result = CliRunner().invoke(CLI, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {_expected(project_copy, folder, state)}")
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("folder", "state"),
    [
        (folder, state)
        for folder in sorted(REQUIRED)
        for state in ("missing", "empty")
        if (folder, state) != ("ontology", "missing")  # refused as a home: the test above
    ],
)
def test_every_reader_of_a_required_folder_refuses_it(
    project_copy: Path, folder: str, state: str
) -> None:
    """The library's readers of each folder, as the build, reasoning, networks, publishing
    and the annotation reader call them."""
    from ccpj_graph.build.merged import graph_files
    from ccpj_graph.build.pipeline import reference_subjects
    from ccpj_graph.gated_shapes import project_shapes
    from ccpj_graph.publish.load import ontology_files
    from ccpj_graph.rdfio import read_ontology, read_shapes

    _take_away(project_copy, folder, state)
    readers = {
        "shapes": [read_shapes, project_shapes],
        "ontology": [read_ontology, ontology_files, graph_files],
        "data/reference": [reference_subjects, lambda: graph_files(ontology=False)],
        "data/sources": [lambda: graph_files(ontology=False)],
    }[folder]
    for reader in readers:
        with pytest.raises(InputError) as caught:
            reader()
        assert str(caught.value) == _expected(project_copy, folder, state)


def test_an_empty_reference_folder_gives_no_empty_vocabulary(project_copy: Path) -> None:
    from ccpj_graph.extract.vocab import load_vocabulary

    _take_away(project_copy, "data/reference", "empty")
    with pytest.raises(CcpjError, match=r"data/reference: no reference data in it \(\*\.ttl\)$"):
        load_vocabulary()


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_home_without_profiles_cannot_extract(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _take_away(project_copy, "data/profiles", state)
    result = CliRunner().invoke(CLI, ["extract", "profile"])
    assert result.exit_code != 0
    assert result.stderr == f"error: {project_copy / 'data/profiles/schema.toml'}: no such file\n"


def test_required_files_are_sorted_and_named(tmp_path: Path) -> None:
    for name in ("b.ttl", "a.ttl", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    found = resources.required_files(tmp_path, "*.ttl", what="shapes")
    assert found == [tmp_path / "a.ttl", tmp_path / "b.ttl"]
    with pytest.raises(InputError, match=r": no shapes in it \(\*\.rq\)$"):
        resources.required_files(tmp_path, "*.rq", what="shapes")
