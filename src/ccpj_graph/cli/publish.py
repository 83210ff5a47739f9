"""``ccpj publish``, ``ccpj serve`` and ``ccpj push``: put the graph where others can link to it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ccpj_graph.cli.common import PathParam, Seconds, Verb, Whole
from ccpj_graph.publish.base import DEFAULT_BASE_URI

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["publish", "push", "serve"]

_input_option = click.option(
    "--input",
    "inputs",
    multiple=True,
    type=PathParam(dir_okay=False),
    help="RDF file of instance data (repeatable); default: the project's reference data, "
    "manifest and extracted graph.",
)
_base_option = click.option(
    "--base-uri",
    default=DEFAULT_BASE_URI,
    show_default=True,
    help="Absolute http(s) URI the site is hosted at; instance IRIs become <base>id/<type>/<key>.",
)


def _load(
    inputs: tuple[str, ...],
) -> tuple[list[Path], list[ox.Triple], list[Path], list[ox.Triple]]:
    from ccpj_graph.publish.load import default_data_files, ontology_files, read_triples

    data_files = [Path(p) for p in inputs] if inputs else default_data_files()
    onto_files = ontology_files()
    return data_files, read_triples(data_files), onto_files, read_triples(onto_files)


@click.command(cls=Verb)
@_base_option
@click.option(
    "--out",
    type=PathParam(writes=True, file_okay=True),
    default="site",
    show_default=True,
    help="Directory to write; replaced atomically when it holds an earlier site.",
)
@click.option("--sparql-endpoint", help="Public SPARQL endpoint URL to state in the VoID.")
@click.option("--issued", help="Date (YYYY-MM-DD) to state as dcterms:issued; none by default.")
@_input_option
def publish(
    base_uri: str,
    out: str,
    sparql_endpoint: str | None,
    issued: str | None,
    inputs: tuple[str, ...],
) -> None:
    """Write the graph as a static linked-data site.

    One Turtle, JSON-LD, N-Triples and HTML document per entity at paths that mirror the IRIs,
    dataset dumps, the ontology with its documentation, a VoID and DCAT description, and
    content-negotiation rules for Apache (.htaccess) and nginx (nginx.conf). The HTML answers
    readers' questions (a country's activities by year with partners and citations, ...) and
    adds search, an activity browser (browse/), charts and a map (charts/) and a SPARQL editor
    (sparql/); it works from any static host or from disk, fetching nothing.

    \b
    Example:
      ccpj publish --base-uri https://example.org/ccpj/ --out site
    """
    from ccpj_graph.publish.base import SiteBase
    from ccpj_graph.publish.site import publish_site

    SiteBase.parse(base_uri)  # refuse a bad base before reading anything
    _, data, onto_files, ontology = _load(inputs)
    verbatim = onto_files[0].read_bytes() if len(onto_files) == 1 else None
    result = publish_site(
        data,
        ontology=ontology,
        base_uri=base_uri,
        out=Path(out),
        sparql_endpoint=sparql_endpoint,
        issued=issued,
        ontology_turtle=verbatim if verbatim and b"/ccpj/id/" not in verbatim else None,
    )
    kinds = ", ".join(f"{n} {kind}" for kind, n in result.kinds.items())
    click.echo(
        f"published {result.entities} entities ({kinds}), {result.triples} triples, "
        f"{result.files} files to {result.out} for {result.base_uri}",
        err=True,
    )


@click.command(cls=Verb)
@click.option(
    "--site",
    type=PathParam(file_okay=False),
    default="site",
    show_default=True,
    help="Directory written by ccpj publish.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=Whole(), default=8000, show_default=True, help="Port (0: any free).")
@click.option("--timeout", type=Seconds(), default=None, help="Seconds a SPARQL query may run.")
@click.option("--limit", type=Whole(), default=None, help="Most rows or triples a query returns.")
@click.option("--sparql/--no-sparql", default=True, show_default=True, help="Serve /sparql.")
@click.option(
    "--workers",
    type=Whole(min=1),
    default=2,
    show_default=True,
    help="SPARQL queries run at once (one process each).",
)
@click.option(
    "--queue",
    "queue_size",
    type=Whole(min=0),
    default=16,
    show_default=True,
    help="Queries that may wait for a worker; more get 503 with Retry-After.",
)
@click.option(
    "--memory",
    "memory_mb",
    type=Whole(min=64),
    default=1024,
    show_default=True,
    help="Megabytes of memory one query may use.",
)
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve(
    site: str,
    host: str,
    port: int,
    timeout: float | None,
    limit: int | None,
    sparql: bool,
    workers: int,
    queue_size: int,
    memory_mb: int,
    quiet: bool,
) -> None:
    """Serve a published site locally, with content negotiation and a SPARQL endpoint.

    IRIs answer 303 See Other to the Turtle, JSON-LD, N-Triples or HTML document the Accept
    header asks for; /sparql is a read-only SPARQL 1.1 Protocol endpoint (GET and POST),
    answered by --workers processes under the time and memory limits (503 with Retry-After
    when they are all busy and --queue requests wait); GET /health reports them.

    \b
    Example:
      ccpj publish --base-uri http://127.0.0.1:8000/ --out site
      ccpj serve --site site --port 8000
    """
    from ccpj_graph.serve import DEFAULT_LIMIT, DEFAULT_TIMEOUT, open_site_server
    from ccpj_graph.serve.http import serve_until_stopped

    server = open_site_server(
        Path(site),
        host=host,
        port=port,
        sparql=sparql,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        limit=DEFAULT_LIMIT if limit is None else limit,
        quiet=quiet,
        workers=workers,
        queue_size=queue_size,
        memory_mb=memory_mb,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: reachable from other machines", err=True)
    click.echo(f"serving {site} at {server.url} (Ctrl-C to stop)", err=True)
    serve_until_stopped(server)


@click.command(cls=Verb)
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://host/store.")
@click.option("--graph", "graph_iri", help="Named graph to replace; default: the default graph.")
@_base_option
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Push the ontology with the data.",
)
@click.option("--timeout", type=Seconds(), default=60.0, show_default=True, help="Seconds to wait.")
@click.option("--user", help="User for HTTP Basic auth (password from CCPJ_PUSH_PASSWORD).")
@click.option("--no-verify", is_flag=True, help="Do not read the graph back to count it.")
@_input_option
def push(
    endpoint: str,
    graph_iri: str | None,
    base_uri: str,
    ontology: bool,
    timeout: float,
    user: str | None,
    no_verify: bool,
    inputs: tuple[str, ...],
) -> None:
    """Load the graph into a triplestore (SPARQL 1.1 Graph Store HTTP Protocol).

    The graph replaces the named graph (or the default graph) in one PUT, then is read back
    and counted.

    \b
    Example:
      ccpj push --endpoint http://localhost:7878/store --graph https://w3id.org/ccpj/graph
    """
    from ccpj_graph.publish.base import SiteBase, rebase
    from ccpj_graph.push import graph_store_url, push_graph

    base = SiteBase.parse(base_uri)
    graph_store_url(endpoint, graph_iri)  # refuse a bad URL before reading anything
    _, data, _, onto = _load(inputs)
    triples = rebase(data + (onto if ontology else []), base)
    result = push_graph(
        triples,
        endpoint=endpoint,
        graph=graph_iri,
        timeout=timeout,
        user=user,
        password=os.environ.get("CCPJ_PUSH_PASSWORD"),
        verify=not no_verify,
    )
    held = "" if result.stored is None else f"; the store holds {result.stored}"
    click.echo(
        f"pushed {result.sent} triples to {result.url} (HTTP {result.status}){held}", err=True
    )
