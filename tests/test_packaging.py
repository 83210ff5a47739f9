"""The wheel carries the runtime files, and an installed (non-editable) package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

CHECK = """
from ccpj_graph import resources
from ccpj_graph.corpus import load_corpus
from ccpj_graph.query.canned import load_queries
home = resources.home()
assert "site-packages" in str(home) or "installed" in str(home), home
assert (resources.ontology_dir() / "ccpj.ttl").is_file()
print(home)
print(len(load_corpus()), len(load_queries()), len(list(resources.shapes_dir().glob("*.ttl"))))
"""


@pytest.mark.slow
def test_installed_wheel_finds_its_runtime_files(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("ccpj_graph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "ccpj_graph/_data/ontology/ccpj.ttl",
        "ccpj_graph/_data/shapes/activity.ttl",
        "ccpj_graph/_data/queries/partners.rq",
        "ccpj_graph/_data/queries/networks/partners.rq",
        "ccpj_graph/_data/data/sources/manifest.ttl",
        "ccpj_graph/_data/data/reference/standards.ttl",
        "ccpj_graph/_data/data/profiles/schema.toml",
        "ccpj_graph/_data/data/profiles/unodc-standards-norms/profile.toml",
        "ccpj_graph/_data/data/graph/001.ttl",
        "ccpj_graph/templates/corpus/manifest-entry.ttl.j2",
        "ccpj_graph/shape-verdicts.txt",  # the shipped shapes are not parsed again
        "ccpj_graph/query-verdicts.txt",  # nor the shipped queries
    ):
        assert expected in names, expected
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", CHECK],
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert out[0].startswith(str(target))
    shapes = len(list((Path(__file__).resolve().parents[1] / "shapes").glob("*.ttl")))
    assert out[1] == f"5 10 {shapes}"
