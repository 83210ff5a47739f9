"""The project's own graph published once per session, and Chromium reading its pages.

Pages are opened as ``file://`` URLs with the network switched off (tests/browser_support.py):
what the tests see is what a reader gets from a folder on disk, with nothing fetched.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from browser_support import HEADLESS_FLAGS, chromium
from ccpj_graph.publish.load import default_data_files, ontology_files, read_triples
from ccpj_graph.publish.site import PublishResult, publish_site
from session_support import made_once

__all__ = ["REAL_BASE", "RealSite", "dump_dom", "publish_real", "publish_real_once"]

REAL_BASE = "https://data.example.org/ccpj/"


def publish_real(out: Path) -> PublishResult:
    """Publish the reference data, manifest and extracted graph to ``out``."""
    return publish_site(
        read_triples(default_data_files()),
        ontology=read_triples(ontology_files()),
        base_uri=REAL_BASE,
        out=out,
    )


@dataclass(frozen=True, slots=True)
class RealSite:
    """The project's own graph published under ``REAL_BASE`` (tests must not change it), what
    ``publish_site`` returned, and how long publishing took (seconds)."""

    out: Path
    result: PublishResult
    seconds: float


def publish_real_once(folder: Path) -> RealSite:
    """The real site under ``folder``, published there once per test run: the first xdist
    worker to ask publishes and records the result, the others wait and read the record."""

    def make(target: Path) -> None:
        started = time.monotonic()
        result = publish_real(target / "site")
        seconds = time.monotonic() - started
        record = {**asdict(result), "out": str(result.out), "seconds": seconds}
        (target / "result.json").write_text(json.dumps(record), encoding="utf-8")

    record = json.loads((made_once(folder, make) / "result.json").read_text(encoding="utf-8"))
    seconds = record.pop("seconds")
    result = PublishResult(**{**record, "out": Path(record["out"])})
    return RealSite(out=result.out, result=result, seconds=seconds)


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
