"""Fixtures shared by the ``ccpj serve`` tests: one site published from the fixture graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish_support import free_port, publish_fixture


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A site published for ``http://127.0.0.1:<port>/`` and that port (free when chosen)."""
    port = free_port()
    out = tmp_path_factory.mktemp("serve") / "site"
    publish_fixture(out, base=f"http://127.0.0.1:{port}/")
    return out, port
