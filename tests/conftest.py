"""Shared fixtures: the bundled corpus, read once per test session.

The documents are the five in ``data/sources`` (see ``data/sources/manifest.ttl``); reading
them all takes well under a second, so one session-wide reading serves every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.corpus import Reading, Report, inspect_corpus
from reference_cache import ReferenceCache
from session_support import shared_root


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


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache (``data/.cache``) for every project copy of the session.

    Keys are content hashes, so the first build of the session does the work and every later
    build of the same inputs in another copy reuses it (the corpus is built once per session,
    not once per test); a test that changes an input gets a new key and a real run. Under
    pytest-xdist the workers share it too: entries are written atomically, so two workers
    missing the same key at once both compute it and the last write wins with the same bytes.
    """
    folder = shared_root(tmp_path_factory) / "build-cache"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def reference_cache(pytestconfig: pytest.Config) -> ReferenceCache:
    """Slow reference engines' answers kept across runs, keyed by content (reference_cache.py)."""
    return ReferenceCache.of(pytestconfig)


@pytest.fixture
def project_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_cache: Path
) -> Iterator[Path]:
    """A writable copy of the project's runtime files, made the home through ``CCPJ_HOME``.

    For tests that add reports or rebuild: the bundled data stays untouched. Its build cache
    is the session's (:func:`build_cache`).
    """
    import shutil

    home = tmp_path / "home"
    source = resources.home()
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(source / name, home / name)
    for name in ("sources", "reference", "curation", "profiles"):
        shutil.copytree(source / "data" / name, home / "data" / name)
    (home / "data" / ".cache").symlink_to(build_cache, target_is_directory=True)
    monkeypatch.setenv("CCPJ_HOME", str(home))
    resources.home.cache_clear()
    yield home
    resources.home.cache_clear()
