"""Shared fixtures: the bundled corpus, read once per test session.

The documents are the five in ``data/sources`` (see ``data/sources/manifest.ttl``); reading
them all takes well under a second, so one session-wide reading serves every test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.corpus import Reading, Report, inspect_corpus


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The bundled ``data/sources`` folder."""
    return resources.sources_dir()


@pytest.fixture(scope="session")
def readings(sources_dir: Path) -> dict[str, Reading]:
    """Every bundled document as read (with layout and reader notes), by key."""
    return {reading.report.key: reading for reading in inspect_corpus(sources_dir)}


@pytest.fixture(scope="session")
def corpus(readings: dict[str, Reading]) -> dict[str, Report]:
    """Every bundled document as a ``Report``, by key."""
    return {key: reading.report for key, reading in readings.items()}
