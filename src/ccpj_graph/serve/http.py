"""The HTTP side of ``ccpj serve``: static files, content negotiation and ``/sparql``.

It answers exactly as the published ``.htaccess`` and nginx rules do (303 See Other from an
IRI to the document in the negotiated format, ``Vary: Accept``), but weighs q-values properly
and answers 406 when nothing offered is acceptable. Only files inside the site are served;
hidden files (``.htaccess``, the site marker) and directory listings are not. It binds to
127.0.0.1 unless told otherwise: it is a preview and a local endpoint, not a production server.
"""

from __future__ import annotations

import errno
import mimetypes
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish.conneg import FORMATS, NEGOTIATED, negotiate
from ccpj_graph.publish.site import MARKER, template_environment
from ccpj_graph.serve.sparql import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    QueryRefused,
    QueryTimeout,
    SparqlService,
)

__all__ = ["SiteServer", "open_site_server"]

_TYPES = {
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".gz": "application/gzip",
    ".json": "application/json",
}
_MAX_BODY = 1_000_000  # bytes of a POSTed query
_EXAMPLE = """PREFIX ccpj: <https://w3id.org/ccpj/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one published site and its SPARQL service."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], site: Path, sparql: SparqlService | None, *, quiet: bool
    ) -> None:
        self.site = site.resolve()
        self.sparql = sparql
        self.quiet = quiet
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        assert isinstance(host, str)  # an AF_INET address, never a bytes socket path
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        if self.sparql is not None:
            self.sparql.close()

    def start_in_thread(self) -> threading.Thread:
        """Serve from a daemon thread (for tests and embedding); stop with :meth:`stop`."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def open_site_server(
    site: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    sparql: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    quiet: bool = False,
) -> SiteServer:
    """Bind a server for the published ``site`` (call ``serve_forever`` or ``start_in_thread``)."""
    site = Path(site)
    if not site.is_dir():
        raise InputError(f"--site {site}: no such directory; run ccpj publish --out {site} first")
    if not (site / MARKER).is_file():
        raise InputError(f"--site {site}: not a site written by ccpj publish (no {MARKER})")
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: must be between 0 and 65535")
    service = None
    if sparql:
        files = [site / "dump" / "ccpj.nt.gz", site / "ontology.nt"]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise InputError(f"--site {site}: missing {missing[0]}; publish the site again")
        service = SparqlService(files, timeout=timeout, limit=limit)
    try:
        return SiteServer((host, port), site, service, quiet=quiet)
    except OSError as err:
        if service is not None:
            service.close()
        if err.errno == errno.EADDRINUSE:
            raise CcpjError(f"--port {port}: {host}:{port} is already in use") from None
        if isinstance(err, socket.gaierror) or err.errno in (
            errno.EADDRNOTAVAIL,
            errno.EAFNOSUPPORT,
        ):
            raise CcpjError(f"--host {host}: cannot bind to this address") from None
        raise CcpjError(f"--port {port}: cannot listen on {host}: {err.strerror}") from None


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "ccpj-serve"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # --- responses -------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        media_type: str,
        headers: dict[str, str] | None = None,
        *,
        head: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _error(self, status: int, message: str, *, head: bool = False) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", head=head)

    def _redirect(self, target: str, *, head: bool) -> None:
        body = f"See Other: {target}\n".encode()
        self._send(
            HTTPStatus.SEE_OTHER,
            body,
            "text/plain; charset=utf-8",
            {"Location": target, "Vary": "Accept"},
            head=head,
        )

    # --- methods ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._get(head=False)

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_OPTIONS(self) -> None:
        self._send(
            HTTPStatus.NO_CONTENT,
            b"",
            "text/plain",
            {
                "Allow": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
            },
        )

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/sparql":
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "POST is only accepted at /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"query: more than {_MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(parts.query)
        if media_type == "application/sparql-query":
            params.setdefault("query", []).append(body)
        elif media_type == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only")
            return
        elif media_type in ("application/x-www-form-urlencoded", ""):
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"Content-Type {media_type}: use application/sparql-query or a form",
            )
            return
        self._sparql(params, head=False)

    def _get(self, *, head: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/sparql":
            self._sparql(parse_qs(parts.query), head=head)
            return
        relative = path.lstrip("/")
        if relative == ".well-known/void":
            relative = "dataset"
        match = NEGOTIATED.match(relative)
        if match:
            fmt = negotiate(self.headers.get("Accept"))
            if fmt is None:
                offered = ", ".join(f.media_type for f in FORMATS)
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"Accept: offered are {offered}", head=head)
                return
            self._redirect(f"/{match.group('doc')}.{fmt.extension}", head=head)
            return
        self._file(relative, head=head)

    def _file(self, relative: str, *, head: bool) -> None:
        segments = [s for s in relative.split("/") if s]
        if any(s.startswith(".") or "\\" in s or "\x00" in s for s in segments):
            self._error(HTTPStatus.NOT_FOUND, "not found", head=head)
            return
        target = self.server.site.joinpath(*segments)
        if target.is_dir():
            if relative and not relative.endswith("/"):
                self._redirect(f"/{relative}/", head=head)
                return
            target = target / "index.html"
        try:
            resolved = target.resolve()
            resolved.relative_to(self.server.site)
            data = resolved.read_bytes()
        except (OSError, ValueError):
            self._error(HTTPStatus.NOT_FOUND, "not found", head=head)
            return
        media_type = _TYPES.get(resolved.suffix) or (
            mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        )
        self._send(HTTPStatus.OK, data, media_type, head=head)

    def _sparql(self, params: dict[str, list[str]], *, head: bool) -> None:
        service = self.server.sparql
        if service is None:
            self._error(HTTPStatus.NOT_FOUND, "this server was started without --sparql", head=head)
            return
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(
                HTTPStatus.FORBIDDEN,
                "default-graph-uri and named-graph-uri are refused: the endpoint answers "
                "over the published graph only",
                head=head,
            )
            return
        queries = params.get("query", [])
        if not queries:
            if negotiate(self.headers.get("Accept")) is not None and "text/html" in (
                self.headers.get("Accept") or ""
            ):
                html = (
                    template_environment()
                    .get_template("sparql.html.j2")
                    .render(
                        title="SPARQL",
                        root="",
                        site_title="ccpj-graph",
                        site_short="ccpj-graph",
                        license="https://creativecommons.org/licenses/by/4.0/",
                        tool_version="",
                        kinds=[],
                        triples=service.triples,
                        timeout=f"{service.timeout:g}",
                        limit=service.limit,
                        example=_EXAMPLE,
                    )
                )
                self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8", head=head)
                return
            self._error(HTTPStatus.BAD_REQUEST, "query: missing (pass query=...)", head=head)
            return
        if len(queries) > 1:
            self._error(HTTPStatus.BAD_REQUEST, "query: given more than once", head=head)
            return
        formats = params.get("format")
        fmt = formats[0] if formats else None
        try:
            answer = service.run(queries[0], accept=self.headers.get("Accept"), fmt=fmt)
        except QueryRefused as err:
            self._error(err.status, str(err), head=head)
            return
        except QueryTimeout as err:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(err), head=head)
            return
        except CcpjError as err:  # anything else the query stage reports, in one line
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(err), head=head)
            return
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-CCPJ-Truncated"] = f"limit {service.limit}"
        media_type = answer.media_type
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        self._send(HTTPStatus.OK, answer.body, media_type, headers, head=head)
