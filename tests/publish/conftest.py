"""Sites published once per test run and shared by the publish tests that only read them: the
fixture graph's, and the project's own graph's (read by the browser, analyst and real-graph
tests, which used to publish it one module each)."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import RealSite, publish_real_once

from ccpj_graph.publish.site import PublishResult
from publish_support import publish_fixture
from session_support import shared_root


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PublishResult]:
    out = tmp_path_factory.mktemp("published") / "site"
    return out, publish_fixture(out, sparql_endpoint="https://example.org/lod/sparql")


@pytest.fixture(scope="session")
def real_site_once(tmp_path_factory: pytest.TempPathFactory) -> RealSite:
    """The project's own graph, published by the first xdist worker that asks."""
    return publish_real_once(shared_root(tmp_path_factory) / "real-site")
