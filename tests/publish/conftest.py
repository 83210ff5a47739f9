"""A site published once from the fixture graph, shared by the publish tests that only read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.publish.site import PublishResult
from publish_support import publish_fixture


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PublishResult]:
    out = tmp_path_factory.mktemp("published") / "site"
    return out, publish_fixture(out, sparql_endpoint="https://example.org/lod/sparql")
