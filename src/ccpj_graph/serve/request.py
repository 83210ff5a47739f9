"""The one gate every request to ``ccpj serve`` passes before a handler sees it.

On a kept-alive HTTP/1.1 connection the end of one request's body is the start of the next
request, so any doubt about a body's length lets the rest of a body be read as a request of
its own (request smuggling): two ``Content-Length`` headers, one beside ``Transfer-Encoding``,
a header line the parser skips (``Content-Length : 5``), or a length that ``str.isdigit`` takes
and ``int`` refuses (``'²'``). Such a request is answered 400 and its connection closed, for
every method and path alike. Text must be UTF-8 (the request target, a query body, a form):
replacing bad bytes with U+FFFD would answer a query the client never sent.
"""

from __future__ import annotations

import re
from email.message import Message
from http import HTTPStatus
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["Refused", "body_length", "form_fields", "request_target", "utf8_text"]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # a field name (RFC 9110, 5.6.2)
_DIGITS = re.compile(r"[0-9]+")  # not \d, which takes any Unicode decimal digit


class Refused(Exception):
    """A request answered ``status`` with a one-line ``message`` before any handler runs.

    ``close``: where its body ends is unknown, so the connection cannot carry another request.
    """

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close


def body_length(headers: Message, *, limit: int) -> int:
    """The length of the body that follows ``headers`` (0 if none), or :class:`Refused`.

    One ``Content-Length`` of ASCII digits, at most ``limit``; no ``Transfer-Encoding`` (not
    supported); every header line ``Name: value``, unfolded.
    """
    if headers.defects or headers.get_payload():  # http.client stops at a line it cannot read
        raise Refused(HTTPStatus.BAD_REQUEST, "headers: a line is not 'Name: value'", close=True)
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name) or "\n" in value or "\r" in value:
            raise Refused(
                HTTPStatus.BAD_REQUEST, f"header {name[:40]!r}: malformed or folded", close=True
            )
    lengths = headers.get_all("Content-Length") or []
    if "Transfer-Encoding" in headers:
        if lengths:
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                "Transfer-Encoding and Content-Length together: the body's end is ambiguous",
                close=True,
            )
        raise Refused(
            HTTPStatus.LENGTH_REQUIRED,
            "Transfer-Encoding is not supported: send the body with a Content-Length",
            close=True,
        )
    if not lengths:
        return 0
    if len(lengths) > 1:
        raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length: given more than once", close=True)
    value = lengths[0].strip(" \t")  # optional whitespace, not str.strip's Unicode spaces
    if not _DIGITS.fullmatch(value):
        raise Refused(
            HTTPStatus.BAD_REQUEST,
            f"Content-Length: {value[:40]!r} is not a number of bytes",
            close=True,
        )
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(limit)) or int(digits) > limit:  # int() of 5,000 digits raises
        raise Refused(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body: more than {limit} bytes", close=True
        )
    return int(digits)


def utf8_text(data: bytes, what: str) -> str:
    """``data`` decoded as UTF-8, or :class:`Refused` naming the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refused(HTTPStatus.BAD_REQUEST, _not_utf8(what, err)) from None


def request_target(raw: str) -> tuple[str, dict[str, list[str]]]:
    """The path and query parameters of a request target, decoded as UTF-8.

    ``raw`` is the target as ``http.server`` read it (Latin-1), so its bytes are recovered
    first: a raw UTF-8 target then reads as written, not as mojibake.
    """
    text = utf8_text(raw.encode("latin-1"), "request target")
    try:
        parts = urlsplit(text)
    except ValueError as err:
        raise Refused(HTTPStatus.BAD_REQUEST, f"request target: {err}") from None
    try:
        path = unquote(parts.path, errors="strict")
    except UnicodeDecodeError as err:
        raise Refused(HTTPStatus.BAD_REQUEST, _not_utf8("path", err, escaped=True)) from None
    return path, _fields(parts.query, "query string", keep_blank_values=False)


def form_fields(body: bytes) -> dict[str, list[str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body, decoded as UTF-8."""
    return _fields(utf8_text(body, "form"), "form", keep_blank_values=True)


def _fields(text: str, what: str, *, keep_blank_values: bool) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=keep_blank_values, errors="strict")
    except UnicodeDecodeError as err:  # a percent-escape that is not UTF-8
        raise Refused(HTTPStatus.BAD_REQUEST, _not_utf8(what, err, escaped=True)) from None


def _not_utf8(what: str, err: UnicodeDecodeError, *, escaped: bool = False) -> str:
    byte = err.object[err.start]
    where = f"%{byte:02X} in a percent-escape" if escaped else f"byte 0x{byte:02x} at {err.start}"
    return f"{what}: not UTF-8 ({where}); send UTF-8 text"
