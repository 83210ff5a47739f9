"""The published ``nginx.conf`` run by a real nginx: 303s per Accept, media types, documents.

nginx comes from Debian's ``nginx-light`` (``make test`` installs it); the server is started on
127.0.0.1 on a free port with a throw-away prefix and stopped after the test.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from publish_support import fetch, free_port, nginx, publish_fixture

ACCEPT = {
    "text/turtle": ("ttl", "text/turtle", "turtle"),
    "application/ld+json": ("jsonld", "application/ld+json", "json-ld"),
    "application/n-triples": ("nt", "application/n-triples", "nt"),
    "text/html,application/xhtml+xml,*/*;q=0.8": ("html", "text/html", None),
}


@pytest.fixture()
def nginx_site(tmp_path: Path):
    binary = nginx()
    port = free_port()
    www = tmp_path / "www"
    base = f"http://127.0.0.1:{port}/lod/"
    publish_fixture(www / "lod", base=base)
    for name in ("logs", "temp"):
        (tmp_path / name).mkdir()
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx-test.conf"
    conf.write_text(
        f"{user}worker_processes 1;\nerror_log {tmp_path}/logs/error.log;\n"
        f"pid {tmp_path}/nginx.pid;\nevents {{ worker_connections 64; }}\n"
        "http {\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/temp/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n"
        f"    root {www};\n    include {www}/lod/nginx.conf;\n  }}\n}}\n"
    )
    check = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                fetch(base + "index.html")
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_nginx_answers_each_accept_with_303_to_the_right_document(nginx_site):
    base = nginx_site
    iri = base + "id/activity/001-17-2"
    for accept, (ext, media_type, rdf_format) in ACCEPT.items():
        status, headers, _, _ = fetch(iri, accept=accept, follow=False)
        assert status == 303, accept
        assert headers["Location"].endswith(f"/lod/id/activity/001-17-2.{ext}")
        assert "Accept" in headers.get("Vary", "")
        status, headers, body, url = fetch(iri, accept=accept)
        assert status == 200 and url.endswith(f".{ext}")
        assert headers["Content-Type"].split(";")[0] == media_type
        if rdf_format:
            graph = Graph().parse(data=body, format=rdf_format)
            assert set(graph.subjects()) == {URIRef(iri)}


def test_nginx_negotiates_the_dataset_ontology_and_well_known_void(nginx_site):
    base = nginx_site
    for path, target in (
        ("dataset", "dataset.ttl"),
        ("ontology", "ontology.ttl"),
        (".well-known/void", "dataset.ttl"),
    ):
        status, headers, _, _ = fetch(base + path, accept="text/turtle", follow=False)
        assert status == 303 and headers["Location"].endswith("/lod/" + target), path
    status, headers, body, _ = fetch(base + "dump/ccpj.nt.gz")
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    status, _, body, _ = fetch(base + "id/country/")
    assert status == 200 and b"Kenya" in body
