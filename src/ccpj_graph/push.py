"""``ccpj push``: load the graph into a triplestore through the SPARQL 1.1 Graph Store Protocol.

For users who outgrow one machine: the graph goes to any store that speaks the Graph Store
HTTP Protocol (Oxigraph, Fuseki, GraphDB, Virtuoso, ...) in one ``PUT`` of N-Triples to
``<endpoint>?graph=<iri>`` (or ``?default``), which replaces that graph in one transaction on
the store, so a failed push leaves what was there. The graph is then read back with ``GET`` and
its triples counted, so a push that the store silently truncated or rejected is reported.
Network errors become one line naming the endpoint: refused, timed out, or the store's status.
"""

from __future__ import annotations

import base64
import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish.rdfout import ntriples_bytes, sort_triples
from ccpj_graph.urls import check_iri, http_url, printable, redact

__all__ = ["PushResult", "graph_store_url", "push_graph"]

DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent and what the store holds afterwards."""

    url: str
    sent: int
    stored: int | None  # None when the read-back was skipped
    status: int


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """``endpoint?graph=<iri>`` (indirect graph identification) or ``endpoint?default``.

    The endpoint must be an http(s) URL that ``http.client`` can send (ASCII, a port from 1 to
    65535, no user name or password: give ``--user`` and ``CCPJ_PUSH_PASSWORD``), the graph an
    absolute IRI; else :class:`InputError` naming ``--endpoint`` or ``--graph``."""
    http_url(
        endpoint,
        "--endpoint",
        query=True,
        ascii_only=True,
        credentials="give --user, and the password in CCPJ_PUSH_PASSWORD",
    )
    joiner = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{joiner}default"
    check_iri(graph, "--graph")
    return f"{endpoint}{joiner}graph={quote(graph, safe='')}"


def _request(
    url: str,
    *,
    method: str,
    timeout: float,
    data: bytes | None = None,
    headers: dict[str, str],
    endpoint: str,
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    where = f"--endpoint {redact(endpoint)}"
    try:
        # the URL's scheme was checked to be http(s) by graph_store_url
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", errors="replace").strip().splitlines()
        detail = f": {printable(body[0][:200])}" if body else ""
        raise CcpjError(
            f"{where}: {method} answered {err.code} {printable(err.reason)}{detail}"
        ) from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, ConnectionRefusedError):
            raise CcpjError(f"{where}: connection refused") from None
        if isinstance(reason, TimeoutError):
            raise CcpjError(f"{where}: no answer within {timeout:g} s") from None
        if isinstance(reason, socket.gaierror):
            raise CcpjError(f"{where}: unknown host") from None
        raise CcpjError(f"{where}: {printable(reason)}") from None
    except TimeoutError:
        raise CcpjError(f"{where}: no answer within {timeout:g} s") from None
    except ConnectionError as err:
        raise CcpjError(f"{where}: connection failed: {printable(err.strerror or err)}") from None
    except http.client.HTTPException as err:  # a server that does not speak HTTP
        raise CcpjError(f"{where}: not an HTTP answer ({type(err).__name__})") from None
    except OSError as err:
        raise CcpjError(f"{where}: {printable(err.strerror or err)}") from None
    except ValueError as err:
        # what http.client refuses that the URL check let through (an invalid host name
        # label): the URL could not be used
        raise InputError(f"{where}: cannot be used ({printable(err)})") from None


def push_graph(
    triples: Sequence[ox.Triple],
    *,
    endpoint: str,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
    password: str | None = None,
    verify: bool = True,
) -> PushResult:
    """Replace ``graph`` (default: the default graph) at ``endpoint`` with ``triples``."""
    if timeout <= 0:
        raise InputError(f"--timeout {timeout}: must be more than 0 seconds")
    url = graph_store_url(endpoint, graph)
    headers: dict[str, str] = {}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    triples = sort_triples(triples)
    body = ntriples_bytes(triples)
    status, _ = _request(
        url,
        method="PUT",
        timeout=timeout,
        data=body,
        headers={**headers, "Content-Type": "application/n-triples"},
        endpoint=endpoint,
    )
    stored = None
    if verify:
        _, answer = _request(
            url,
            method="GET",
            timeout=timeout,
            headers={**headers, "Accept": "application/n-triples"},
            endpoint=endpoint,
        )
        try:
            stored = sum(1 for _ in ox.parse(answer, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            raise CcpjError(
                f"--endpoint {redact(endpoint)}: the store's copy is not N-Triples: "
                f"{printable(err.msg)}"
            ) from None
        if stored != len(triples):
            raise CcpjError(
                f"--endpoint {redact(endpoint)}: sent {len(triples)} triples but the store "
                f"holds {stored}"
            )
    return PushResult(url=url, sent=len(triples), stored=stored, status=status)
