"""``ccpj serve`` under malformed requests, sent as raw bytes: request framing, UTF-8 and methods.

A probe found four holes, each reproduced here before the fix: ``Content-Length: ¹`` passed
``str.isdigit`` and crashed ``int()`` (the connection closed with no answer); of two
``Content-Length`` headers the first won, and the rest of the body was read as a second request
on the kept-alive connection (request smuggling); bodies and query strings that were not UTF-8
ran with U+FFFD in place of the bad bytes; DELETE, PUT and PATCH got an HTML 501 and 405 had no
``Allow``. Every request now passes one gate (``ccpj_graph.serve.request``): the properties
below hold it for any Content-Length value and any body.

Each exchange sends its bytes on one connection, half-closes it and reads until the server
closes: a request the server did not answer shows as a missing response.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ccpj_graph.serve import SiteServer, open_site_server
from ccpj_graph.serve.request import Refused, body_length

HEALTH = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
ASK = b"ASK { ?s ?p ?o }"
PLAIN_LENGTH = re.compile(rb"[ \t]*[0-9]+[ \t]*")  # what Content-Length may be, with its OWS
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes


@pytest.fixture(scope="module")
def server(site: tuple[Path, int]) -> Iterator[SiteServer]:
    srv = open_site_server(site[0], port=site[1], quiet=True, workers=1, timeout=10)
    srv.start_in_thread()
    yield srv
    srv.stop()


def exchange(srv: SiteServer, data: bytes, *, bodiless: int = 0) -> list[Response]:
    """The responses to ``data`` (one or more requests) on one connection; the first
    ``bodiless`` are answers to HEAD, with a Content-Length but no body."""
    host, port = srv.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return parse_responses(b"".join(chunks), bodiless=bodiless)


def parse_responses(stream: bytes, *, bodiless: int = 0) -> list[Response]:
    responses = []
    while stream:
        head, separator, rest = stream.partition(b"\r\n\r\n")
        assert separator, f"a response without the end of its head: {stream[:200]!r}"
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(status_line.split()[1])
        bodied = status >= 200 and len(responses) >= bodiless  # 100 Continue has no body
        length = int(headers["content-length"]) if bodied else 0
        responses.append(Response(status, headers, rest[:length]))
        stream = rest[length:]
    return responses


def post(path: str, body: bytes, *headers: bytes) -> bytes:
    head = b"".join(h + b"\r\n" for h in headers)
    return b"POST %s HTTP/1.1\r\nHost: x\r\n%s\r\n%s" % (path.encode(), head, body)


def sparql_query(body: bytes, *, length: bytes | None = None) -> bytes:
    declared = str(len(body)).encode() if length is None else length
    return post(
        "/sparql",
        body,
        b"Content-Type: application/sparql-query",
        b"Accept: application/sparql-results+json",
        b"Content-Length: " + declared,
    )


def assert_refused_and_closed(responses: list[Response], status: int, words: bytes) -> None:
    """One answer, ``status`` naming the problem, and the connection closed after it (the
    request that followed it in the stream got none)."""
    assert [r.status for r in responses] == [status], responses
    assert words in responses[0].body, responses[0].body
    assert responses[0].headers["connection"] == "close"
    assert b"Traceback" not in responses[0].body


def assert_still_serving(srv: SiteServer) -> None:
    (health,) = exchange(srv, HEALTH)
    assert health.status == 200


# --- Content-Length ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        b"\xb9",  # superscript one in Latin-1: str.isdigit() says yes, int() says no
        b"\xb2",
        "²".encode(),
        "٣".encode(),  # Arabic-Indic three
        b"\xef\xbc\x95",  # fullwidth five
        b"1\xa0",  # a no-break space, which str.strip() would remove
        b"+6",
        b"-1",
        b"0x6",
        b"6 6",
        b"6,6",
        b"6;",
        b"",
    ],
)
def test_a_content_length_that_is_not_ascii_digits_is_400_and_closes(server, value):
    answer = exchange(server, sparql_query(ASK, length=value) + HEALTH)
    assert_refused_and_closed(answer, 400, b"Content-Length")
    assert_still_serving(server)


def test_a_content_length_past_the_limit_is_413_even_with_thousands_of_digits(server):
    for value in (b"1000001", b"9" * 5000):  # int() of more than 4,300 digits raises
        answer = exchange(server, sparql_query(ASK, length=value) + HEALTH)
        assert_refused_and_closed(answer, 413, b"more than 1000000 bytes")
    (answer,) = exchange(server, sparql_query(ASK, length=b"0000" + str(len(ASK)).encode()))
    assert answer.status == 200 and b'"boolean":true' in answer.body.replace(b" ", b"")


def test_a_refused_body_is_not_invited_with_100_continue(server):
    head = post("/sparql", b"", b"Expect: 100-continue", b"Content-Length: 2000000")
    assert_refused_and_closed(exchange(server, head), 413, b"more than 1000000 bytes")
    head = post(
        "/sparql",
        b"",
        b"Expect: 100-continue",
        b"Content-Type: application/sparql-query",
        b"Content-Length: %d" % len(ASK),
    )
    answers = exchange(server, head + ASK)
    assert [r.status for r in answers] == [100, 200]


def test_two_content_lengths_are_400_and_the_rest_is_never_a_request(server):
    smuggled = b"GET /id/country/KEN.ttl HTTP/1.1\r\nHost: x\r\n\r\n"
    body = b"ASK {" + smuggled + b"}"
    for lengths in ((b"5", str(len(body)).encode()), (b"5", b"5")):
        request = post(
            "/sparql",
            body,
            b"Content-Type: application/sparql-query",
            *(b"Content-Length: " + n for n in lengths),
        )
        assert_refused_and_closed(exchange(server, request), 400, b"more than once")
    request = post("/sparql", body, b"Content-Length: 5, %d" % len(body))
    assert_refused_and_closed(exchange(server, request), 400, b"not a number of bytes")


def test_transfer_encoding_is_refused_and_closes(server):
    chunked = b"6\r\nASK {}\r\n0\r\n\r\n"
    both = post("/sparql", chunked, b"Transfer-Encoding: chunked", b"Content-Length: 6")
    assert_refused_and_closed(exchange(server, both + HEALTH), 400, b"Transfer-Encoding")
    alone = post("/sparql", chunked, b"Transfer-Encoding: chunked")
    assert_refused_and_closed(exchange(server, alone + HEALTH), 411, b"Transfer-Encoding")


@pytest.mark.parametrize(
    "line",
    [
        b"Content-Length : 200",  # http.client stops reading headers here, a proxy may not
        b"Content-Length\t: 200",
        b"X-Note: a\r\n\tfolded",  # obs-fold
        b"X(Note): a",
    ],
)
def test_a_header_line_that_is_not_name_colon_value_is_400_and_closes(server, line):
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n" + line + b"\r\n\r\n" + HEALTH
    assert_refused_and_closed(exchange(server, request), 400, b"header")


def test_a_body_is_read_whole_whatever_the_method_and_path(server):
    hidden = b"GET /id/country/KEN.ttl HTTP/1.1\r\nHost: x\r\n\r\n"  # would be a 200 of its own
    get = b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(hidden)
    answers = exchange(server, get + hidden + HEALTH)
    assert [(r.status, r.headers["content-type"]) for r in answers] == [
        (200, "application/json")
    ] * 2
    wrong_path = post("/id/country/KEN", hidden, b"Content-Length: %d" % len(hidden))
    assert [r.status for r in exchange(server, wrong_path + HEALTH)] == [405, 200]


def test_a_body_shorter_than_its_content_length_is_400(server):
    answer = exchange(server, sparql_query(ASK, length=b"100"))
    assert_refused_and_closed(answer, 400, b"16 bytes of the 100")


def test_a_client_still_sending_its_body_when_refused_is_not_reset(server):
    """The gate answers from the head and closes with the body unread. Closed at once, the
    socket answers the body with a reset and a client that writes its whole request before
    reading (urllib, curl) loses the answer; so the server first reads what still comes, for a
    bounded time."""
    body = b"#" * 600_000
    head = post("/sparql", b"", *[b"Content-Length: %d" % len(body)] * 2)
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(head)
        answer = b"".join(iter(lambda: sock.recv(65536), b""))  # the 400, then end of input
        sock.sendall(body)
        time.sleep(0.1)
        sock.sendall(b"\r\n")  # BrokenPipeError if the server had reset the connection
    assert_refused_and_closed(parse_responses(answer), 400, b"more than once")


# --- UTF-8 -----------------------------------------------------------------------------------


LATIN1_QUERY = 'SELECT ("café" AS ?x) {}'


def test_a_query_body_that_is_not_utf8_is_400_and_the_connection_carries_on(server):
    answers = exchange(server, sparql_query(LATIN1_QUERY.encode("latin-1")) + HEALTH)
    assert [r.status for r in answers] == [400, 200]
    assert answers[0].body == b"query: not UTF-8 (byte 0xe9 at 12); send UTF-8 text\n"
    (good,) = exchange(server, sparql_query(LATIN1_QUERY.encode()))
    assert good.status == 200 and "café".encode() in good.body


def test_a_form_or_query_string_with_a_non_utf8_escape_is_400(server):
    latin1 = urllib.parse.quote(LATIN1_QUERY, encoding="latin-1").encode()
    form = b"query=" + latin1
    request = post(
        "/sparql",
        form,
        b"Content-Type: application/x-www-form-urlencoded",
        b"Content-Length: %d" % len(form),
    )
    get = b"GET /sparql?query=%s HTTP/1.1\r\nHost: x\r\n\r\n" % latin1
    for data, where in ((request, b"form"), (get, b"query string")):
        answers = exchange(server, data + HEALTH)
        assert [r.status for r in answers] == [400, 200]
        reason = b": not UTF-8 (%E9 in a percent-escape); send UTF-8 text\n"
        assert answers[0].body == where + reason


def test_a_utf8_query_string_answers_raw_or_escaped(server):
    accept = b"Accept: application/sparql-results+json\r\n"
    escaped = urllib.parse.quote(LATIN1_QUERY).encode()
    for target in (escaped, LATIN1_QUERY.replace(" ", "%20").encode()):  # raw UTF-8 bytes too
        request = b"GET /sparql?query=%s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (target, accept)
        (answer,) = exchange(server, request)
        assert answer.status == 200 and "café".encode() in answer.body, answer
    request = b"GET /id/%FF HTTP/1.1\r\nHost: x\r\n\r\n"
    (answer,) = exchange(server, request)
    assert answer.status == 400 and b"path: not UTF-8" in answer.body


# --- methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "TRACE", "CONNECT", "BREW", "get"])
@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/sparql", "GET, HEAD, POST, OPTIONS"),
        ("/sparql?query=ASK%7B%7D", "GET, HEAD, POST, OPTIONS"),
        ("/id/country/KEN", "GET, HEAD, OPTIONS"),
        ("/", "GET, HEAD, OPTIONS"),
    ],
)
def test_other_methods_are_405_with_allow(server, method, path, allow):
    request = b"%s %s HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" % (
        method.encode(),
        path.encode(),
    )
    answers = exchange(server, request + HEALTH)
    assert [r.status for r in answers] == [405, 200]
    assert answers[0].headers["allow"] == allow
    assert answers[0].headers["content-type"] == "text/plain; charset=utf-8"


def test_post_outside_sparql_and_options_name_what_the_path_allows(server):
    (answer,) = exchange(server, post("/", b"", b"Content-Length: 0"))
    assert answer.status == 405 and answer.headers["allow"] == "GET, HEAD, OPTIONS"
    for path, allow in (("/sparql", "GET, HEAD, POST, OPTIONS"), ("/", "GET, HEAD, OPTIONS")):
        (answer,) = exchange(server, b"OPTIONS %s HTTP/1.1\r\nHost: x\r\n\r\n" % path.encode())
        assert answer.status == 204 and answer.headers["allow"] == allow


def test_a_head_refusal_has_no_body_and_the_next_answer_parses(server):
    head = b"HEAD /sparql?update=DROP%20ALL HTTP/1.1\r\nHost: x\r\n\r\n"
    answers = exchange(server, head + HEALTH, bodiless=1)
    assert (answers[0].status, answers[0].body) == (403, b"")
    assert answers[1].status == 200 and answers[1].body.startswith(b"{")


# --- properties ------------------------------------------------------------------------------

NOT_PLAIN = st.one_of(
    st.binary(max_size=24),
    st.text(alphabet="0123456789 \t²³¹¼", min_size=1, max_size=8).map(
        lambda t: t.encode("latin-1")
    ),
    st.text(st.characters(categories=["Nd", "No", "Zs"]), min_size=1, max_size=4).map(
        lambda t: t.encode("utf-8")
    ),
).filter(lambda v: b"\r" not in v and b"\n" not in v and not PLAIN_LENGTH.fullmatch(v))


@PROPERTY
@given(value=NOT_PLAIN)
@example(value=b"\xb9")
@example(value="²".encode())
def test_any_content_length_not_plain_ascii_digits_is_400_and_serving_goes_on(server, value):
    answer = exchange(server, sparql_query(ASK, length=value) + HEALTH)
    assert_refused_and_closed(answer, 400, b"Content-Length")
    assert_still_serving(server)


@PROPERTY
@given(body=st.binary(max_size=2048), path=st.sampled_from(["/health", "/", "/sparql"]))
def test_any_body_of_the_declared_length_is_read_whole(server, body, path):
    request = b"GET %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (
        path.encode(),
        len(body),
    )
    answers = exchange(server, request + body + HEALTH)
    assert len(answers) == 2 and answers[1].status == 200, answers


def _first_bad_byte(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.object[err.start]
    return None


@PROPERTY
@given(body=st.binary(min_size=1, max_size=512).filter(lambda b: _first_bad_byte(b) is not None))
@example(body=LATIN1_QUERY.encode("latin-1"))
def test_any_query_body_that_is_not_utf8_is_400_naming_the_byte(server, body):
    bad = _first_bad_byte(body)
    answers = exchange(server, sparql_query(body) + HEALTH)
    assert [r.status for r in answers] == [400, 200]
    assert b"query: not UTF-8 (byte 0x%02x" % bad in answers[0].body


@given(value=st.text(max_size=12))
def test_body_length_takes_only_ascii_digits(value):
    """The gate alone, over any text http.client could hand it as a header value."""
    from email.message import Message

    headers = Message()
    headers["Content-Length"] = value
    plain = re.fullmatch(r"[ \t]*([0-9]+)[ \t]*", value)
    if plain and int(plain.group(1)) <= 100:
        assert body_length(headers, limit=100) == int(plain.group(1))
    else:
        with pytest.raises(Refused) as refused:
            body_length(headers, limit=100)
        assert refused.value.close
        assert refused.value.status == (413 if plain else 400)
