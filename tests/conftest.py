"""Shared fixtures: the bundled corpus, read once per test session.

The documents are the five in ``data/sources`` (see ``data/sources/manifest.ttl``); reading
them all takes well under a second, so one session-wide reading serves every test.
"""

from __future__ import annotations

import os
import shutil
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


#: The test build cache is wiped at the start of a run once it passes this size: every change
#: to the package's code gives every entry a new key (12 MB a run), and old keys are never
#: asked for again.
BUILD_CACHE_LIMIT = 300 * 1024 * 1024


def pytest_configure(config: pytest.Config) -> None:
    """Before any test (in the main process, not in xdist's workers): prune the build cache."""
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    if os.environ.get("PYTEST_XDIST_WORKER") or cache is None:
        return
    folder = cache.mkdir("ccpj-build-cache")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    if size > BUILD_CACHE_LIMIT:
        shutil.rmtree(folder)


@pytest.fixture(scope="session")
def build_cache(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache (``data/.cache``) for every project copy, kept between runs under the
    pytest cache (``.pytest_cache/d/ccpj-build-cache``).

    Keys are content hashes of every input, the package's code and the libraries' versions
    (:mod:`ccpj_graph.cache`), so the first build of given inputs does the work and every later
    build of them, in this run or a later one, reuses it; a test that changes an input gets a
    new key and a real run, and a test that needs a cold build makes its own cache. Under
    pytest-xdist the workers share it: entries are written atomically, so two workers missing
    the same key at once both compute it and the last write wins with the same bytes.
    ``pytest --cache-clear`` (or a clean clone, as in CI) starts it empty.
    """
    if getattr(pytestconfig, "cache", None) is None:  # -p no:cacheprovider: this run only
        folder = shared_root(tmp_path_factory) / "build-cache"
        folder.mkdir(exist_ok=True)
        return folder
    return pytestconfig.cache.mkdir("ccpj-build-cache")


@pytest.fixture(scope="session")
def reference_cache(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> ReferenceCache:
    """Slow reference engines' answers kept across runs, keyed by content (reference_cache.py)."""
    if getattr(pytestconfig, "cache", None) is None:  # -p no:cacheprovider: this run only
        folder = shared_root(tmp_path_factory) / "reference-cache"
        folder.mkdir(exist_ok=True)
        return ReferenceCache(folder)
    return ReferenceCache.of(pytestconfig)


@pytest.fixture
def project_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_cache: Path
) -> Iterator[Path]:
    """A writable copy of the project's runtime files, made the home through ``CCPJ_HOME``.

    For tests that add reports or rebuild: the bundled data stays untouched. Its build cache
    is the session's (:func:`build_cache`).
    """
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
