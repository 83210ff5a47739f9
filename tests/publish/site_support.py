"""The project's own graph published once per session, and Chromium reading its pages.

Pages are opened as ``file://`` URLs with the network switched off (tests/browser_support.py):
what the tests see is what a reader gets from a folder on disk, with nothing fetched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from browser_support import HEADLESS_FLAGS, chromium
from ccpj_graph.publish.load import default_data_files, ontology_files, read_triples
from ccpj_graph.publish.site import PublishResult, publish_site

__all__ = ["REAL_BASE", "dump_dom", "publish_real"]

REAL_BASE = "https://data.example.org/ccpj/"


def publish_real(out: Path) -> PublishResult:
    """Publish the reference data, manifest and extracted graph to ``out``."""
    return publish_site(
        read_triples(default_data_files()),
        ontology=read_triples(ontology_files()),
        base_uri=REAL_BASE,
        out=out,
    )


def dump_dom(url: str, profile: Path, *, budget_ms: int = 15000) -> str:
    """The page's DOM after its scripts ran (Chromium's virtual time runs them to idle)."""
    done = subprocess.run(
        [
            chromium(),
            *HEADLESS_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
