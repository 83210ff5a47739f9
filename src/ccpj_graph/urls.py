"""The one check of every http(s) URL a user gives (``publish --base-uri``,
``--sparql-endpoint``, ``push --endpoint``) and of ``push --graph``'s IRI.

Why one: ``urllib.parse.urlsplit`` raises on some malformed URLs (``http://[::1``) and accepts
others that ``http.client`` then refuses with its own exception (``http://x:abc/``: a port
that is not a number) or that connect somewhere else than meant (port 99999 wraps, an empty
host). Each check here ends in one :class:`~ccpj_graph.errors.InputError` line naming the
option, and every message shows the URL through :func:`redact`, so a password written into
it (``http://user:secret@host/``) is never echoed to a terminal or a log.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from ccpj_graph.errors import InputError

__all__ = ["check_iri", "http_url", "printable", "redact"]

# an optional "scheme://" (or "//") then the user information: everything up to the
# authority's last "@"; without the scheme too ("user:pass@host/store", a scheme forgotten)
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?[^/?#]*@")
# characters an IRI may not hold (RFC 3987), besides the controls and spaces tested apart
_NOT_IN_IRI = frozenset('<>"{}|\\^`')


def redact(value: str) -> str:
    """``value`` with the user name and password of a URL replaced by ``***``; works on
    malformed text too (``http://u:p@[::1`` -> ``http://***@[::1``, ``u:p@host/`` ->
    ``***@host/``)."""
    return _USERINFO.sub(r"\1***@", value)


def _shown(value: str) -> str:
    # repr: a control character or a trailing space is visible, the line stays one line
    return repr(redact(value))


def printable(text: object) -> str:
    """``text`` with every character that is not printable escaped (a library's message or a
    server's answer may quote a control character or a terminal escape)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def http_url(
    value: str,
    option: str,
    *,
    query: bool = False,
    ascii_only: bool = False,
    credentials: str = "",
) -> SplitResult:
    """``value`` split, when it is an absolute ``http://`` or ``https://`` URL with a host, a
    port from 1 to 65535 if any, no user name or password (``credentials``: what to do
    instead, added to that message), no fragment (and no query unless ``query``), and only
    characters an IRI may hold (only ASCII with ``ascii_only``, as an HTTP request line
    needs); else :class:`InputError` naming ``option``."""
    where = f"{option} {_shown(value)}"
    if any(c.isspace() or not c.isprintable() or c in _NOT_IN_IRI for c in value):
        raise InputError(f"{where}: contains characters not allowed in a URL")
    if ascii_only and not value.isascii():
        raise InputError(f"{where}: must be ASCII (percent-encode other characters)")
    try:
        parts = urlsplit(value)
    except ValueError as err:  # "Invalid IPv6 URL"
        raise InputError(f"{where}: not a URL ({printable(err)})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{where}: must be an absolute http:// or https:// URL")
    if "@" in parts.netloc:
        instead = f"; {credentials}" if credentials else ""
        raise InputError(f"{where}: must not carry a user name or password{instead}")
    try:
        port = parts.port
    except ValueError:  # not digits, or over 65535
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise InputError(f"{where}: the port must be a number from 1 to 65535")
    if parts.fragment or "#" in value:
        raise InputError(f"{where}: must not have a fragment")
    if not query and (parts.query or "?" in value):
        raise InputError(f"{where}: must not have a query")
    check_iri(value, option, shown=where)
    return parts


def check_iri(value: str, option: str, *, shown: str | None = None) -> None:
    """Refuse ``value`` unless it is an absolute IRI (RFC 3987, as Oxigraph reads it)."""
    import pyoxigraph as ox

    where = shown or f"{option} {_shown(value)}"
    try:
        ox.NamedNode(value)
    except ValueError as err:
        raise InputError(f"{where}: not an absolute IRI ({printable(err)})") from None
