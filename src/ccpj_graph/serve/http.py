"""The HTTP side of ``ccpj serve``: static files, content negotiation and ``/sparql``.

It answers exactly as the published ``.htaccess`` and nginx rules do (303 See Other from an
IRI to the document in the negotiated format, ``Vary: Accept``), but weighs q-values properly
and answers 406 when nothing offered is acceptable. Only files inside the site are served;
hidden files (``.htaccess``, the site marker) and directory listings are not. It binds to
127.0.0.1 unless told otherwise: it is a preview and a local endpoint, not a production server.

Limits, as public SPARQL endpoints keep them: at most ``max_connections`` open connections
(one more is answered 503 with ``Retry-After`` and closed), a request line of 8 KiB, headers as
``http.client`` bounds them (100 lines of 64 KiB), a 1 MB query body, ``client_timeout``
seconds for a slow client to send its request, and the query pool's own back-pressure
(:mod:`ccpj_graph.serve.pool`). ``GET /health`` says whether the query workers are up.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import signal
import socket
import string
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish.conneg import FORMATS, NEGOTIATED, negotiate
from ccpj_graph.publish.site import MARKER
from ccpj_graph.serve.sparql import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    Busy,
    QueryRefused,
    QueryTimeout,
    SparqlService,
)

__all__ = ["SiteServer", "open_site_server", "serve_until_stopped"]

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
_MAX_REQUEST_LINE = 8192
_SITE_EDITORS = ("sparql/index.html", "sparql.html")  # the published site's SPARQL page
_EXAMPLE = """PREFIX ccpj: <https://w3id.org/ccpj/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one published site and its SPARQL service."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int],
        site: Path,
        sparql: SparqlService | None,
        *,
        quiet: bool,
        max_connections: int = 64,
        client_timeout: float = 10.0,
    ) -> None:
        self.site = site.resolve()
        self.sparql = sparql
        self.quiet = quiet
        self.client_timeout = client_timeout
        self.max_connections = max_connections
        self._connections = threading.BoundedSemaphore(max_connections)
        # the socket timeout of every connection: a slow client cannot hold a thread
        handler = type("_TimedHandler", (_Handler,), {"timeout": client_timeout})
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve in a thread, unless ``max_connections`` are open: then 503 and close."""
        if not self._connections.acquire(blocking=False):
            body = b"too many connections; try again shortly\n"
            head = (
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            try:
                request.settimeout(1.0)
                request.sendall(head.encode() + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

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
    workers: int = 2,
    queue_size: int = 16,
    memory_mb: int = 1024,
    max_connections: int = 64,
    client_timeout: float = 10.0,
) -> SiteServer:
    """Bind a server for the published ``site`` (call ``serve_forever`` or ``start_in_thread``).

    ``workers``, ``queue_size`` and ``memory_mb`` size the SPARQL worker pool; see the module
    docstring for ``max_connections`` and ``client_timeout``.
    """
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
        service = SparqlService(
            files,
            timeout=timeout,
            limit=limit,
            id_base=_site_base(site) + "id/",
            workers=workers,
            queue_size=queue_size,
            memory_mb=memory_mb,
        )
    try:
        return SiteServer(
            (host, port),
            site,
            service,
            quiet=quiet,
            max_connections=max_connections,
            client_timeout=client_timeout,
        )
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


def _site_base(site: Path) -> str:
    """The base URI the site was published for (its marker file records it)."""
    try:
        base = json.loads((site / MARKER).read_text(encoding="utf-8"))["base_uri"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"--site {site}: {MARKER} is unreadable; publish the site again") from None
    if not isinstance(base, str) or not base.endswith("/"):
        raise InputError(f"--site {site}: {MARKER} names no base URI; publish the site again")
    return base


def serve_until_stopped(server: SiteServer) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the workers and remove the temporary store.

    The signal asks ``serve_forever`` to stop (from a thread: ``shutdown`` waits for the loop
    to end) instead of raising in whatever the main thread was doing: a KeyboardInterrupt
    raised while socketserver started a request's thread was turned into a "semaphore released
    too many times" error, which socketserver reports and serves on, so the signal was lost
    (a fresh-clone CI run caught it; 4 runs in 6 on this machine)."""

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, name="ccpj-serve-stop", daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "ccpj-serve"
    protocol_version = "HTTP/1.1"

    def handle_one_request(self) -> None:
        """As the standard one, with a shorter request line (414 past 8 KiB)."""
        try:
            self.raw_requestline = self.rfile.readline(_MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > _MAX_REQUEST_LINE:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                self.close_connection = True
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.send_error(
                    HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})"
                )
                return
            method()
            self.wfile.flush()
        except TimeoutError as err:
            self.log_error("Request timed out: %r", err)
            self.close_connection = True
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True

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
        declared = (self.headers.get("Content-Length") or "").strip()
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length")
            return
        if not (declared.isascii() and declared.isdigit()):  # "²" is a digit to isdigit()
            self.close_connection = True
            status = HTTPStatus.LENGTH_REQUIRED if not declared else HTTPStatus.BAD_REQUEST
            self._error(status, f"Content-Length: {declared[:40]!r} is not a number of bytes")
            return
        length = int(declared)
        if length > _MAX_BODY:
            self.close_connection = True
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
        if path == "/health":
            self._health(head=head)
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
        accept = self.headers.get("Accept") or ""
        if not queries or (self.command == "GET" and _prefers_html(accept)):
            if not queries and not _prefers_html(accept):
                self._error(HTTPStatus.BAD_REQUEST, "query: missing (pass query=...)", head=head)
                return
            self._send(HTTPStatus.OK, self._editor(service), "text/html; charset=utf-8", head=head)
            return
        if len(queries) > 1:
            self._error(HTTPStatus.BAD_REQUEST, "query: given more than once", head=head)
            return
        formats = params.get("format")
        fmt = formats[0] if formats else None
        try:
            answer = service.run(queries[0], accept=self.headers.get("Accept"), fmt=fmt)
        except Busy as err:
            self._send(
                HTTPStatus.SERVICE_UNAVAILABLE,
                (str(err) + "\n").encode(),
                "text/plain; charset=utf-8",
                {"Retry-After": str(err.retry_after)},
                head=head,
            )
            return
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

    def _health(self, *, head: bool) -> None:
        service = self.server.sparql
        doc: dict[str, object] = {"status": "ok", "sparql": service is not None}
        if service is not None:
            doc.update(service.health())
        status = HTTPStatus.OK if doc["status"] == "ok" else HTTPStatus.SERVICE_UNAVAILABLE
        body = (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()
        self._send(status, body, "application/json", {"Cache-Control": "no-store"}, head=head)

    def _editor(self, service: SparqlService) -> bytes:
        """The site's own SPARQL page if it has one, else the small built-in one."""
        for relative in _SITE_EDITORS:
            page = self.server.site / relative
            if page.is_file():
                return page.read_bytes()
        template = package_files("ccpj_graph.serve").joinpath("templates", "sparql.html")
        return (
            string.Template(template.read_text(encoding="utf-8"))
            .safe_substitute(
                triples=f"{service.triples:,}",
                inferred=f"{service.inferred:,}",
                timeout=f"{service.timeout:g}",
                limit=f"{service.limit:,}",
                example=_EXAMPLE.replace("&", "&amp;").replace("<", "&lt;"),
            )
            .encode("utf-8")
        )


def _prefers_html(accept: str) -> bool:
    """A browser's Accept: it names text/html (a SPARQL client names a results format)."""
    return "text/html" in accept.lower()
