"""Helpers shared by the publish, serve and push tests (not a test module).

``FIXTURE`` is the hand-written graph in ``tests/data/publish/graph.ttl`` (see its header);
sites are published from it with the project's ontology under ``BASE``.
"""

from __future__ import annotations

import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from ccpj_graph.publish.load import ontology_files, read_triples
from ccpj_graph.publish.site import PublishResult, publish_site

FIXTURE = Path(__file__).parent / "data" / "publish" / "graph.ttl"
BASE = "https://example.org/lod/"
OLD_BASE = "https://w3id.org/ccpj/id/"


def fixture_triples() -> list[ox.Triple]:
    return read_triples([FIXTURE])


def ontology_triples() -> list[ox.Triple]:
    return read_triples(ontology_files())


def publish_fixture(out: Path, *, base: str = BASE, **options: object) -> PublishResult:
    """Publish the fixture graph (and the project's ontology) to ``out``."""
    return publish_site(
        fixture_triples(), ontology=ontology_triples(), base_uri=base, out=out, **options
    )  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(
    url: str,
    *,
    accept: str | None = None,
    follow: bool = True,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
):
    """(status, headers, body) of a request to a local server; errors are answers too."""
    all_headers = dict(headers or {})
    if accept is not None:
        all_headers["Accept"] = accept
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read(), response.url
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read(), url


def nginx() -> str:
    """The nginx binary; the tests that need it fail with how to get it."""
    path = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    assert path, "nginx is not installed: run `make test`, which installs Debian's nginx-light"
    return path
