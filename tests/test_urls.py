"""The one URL check (``ccpj_graph.urls``) that ``publish --base-uri``, ``--sparql-endpoint``
and ``push --endpoint`` / ``--graph`` share: malformed text is one InputError line naming the
option, never another exception, and a password in a URL is never shown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import InputError
from ccpj_graph.publish.base import SiteBase
from ccpj_graph.urls import http_url, redact


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("http://user:pw@example.org/x", "http://***@example.org/x"),
        ("https://:pw@[::1", "https://***@[::1"),
        ("http://a@b@example.org/", "http://***@example.org/"),
        ("user:pw@example.org/store", "***@example.org/store"),
        ("http://example.org/a@b", "http://example.org/a@b"),  # an "@" in the path is kept
        ("http://example.org/", "http://example.org/"),
    ],
)
def test_redact_hides_the_user_information(value: str, shown: str) -> None:
    assert redact(value) == shown


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http://", "https://", "ftp://", "//", ""]),
    user=st.text(max_size=6).filter(lambda t: not set(t) & set("/?#")),
    password=st.text(min_size=1, max_size=8).filter(lambda t: not set(t) & set("/?#@")),
    rest=st.text(max_size=20).filter(lambda t: "Z" not in t)
    | st.sampled_from(["example.org/", "[::1", "x:abc/", "x:99999/", "x/\u00e9"]),
)
def test_no_message_shows_a_password(scheme: str, user: str, password: str, rest: str) -> None:
    marked = f"Z{password}"  # no other part of the value holds a "Z"
    value = f"{scheme}{user.replace('Z', '')}:{marked}@{rest}"
    with pytest.raises(InputError) as caught:
        http_url(value, "--endpoint", query=True, ascii_only=True)
    assert "Z" not in str(caught.value).replace("--endpoint", "")


@settings(max_examples=500, deadline=None)
@given(value=st.text(max_size=40) | st.from_regex(r"\Ahttps?://[^/]{0,12}(/.{0,10})?\Z"))
def test_any_text_is_a_url_or_one_line_naming_the_option(value: str) -> None:
    """urlsplit raises ValueError for some texts (``http://[::1``) and accepts ports that
    cannot be used; the check ends every one in InputError or a usable URL."""
    try:
        parts = http_url(value, "--endpoint", query=True)
    except InputError as err:
        message = str(err)
        assert message.startswith("--endpoint ") and "\n" not in message
        assert err.exit_code == 2
    else:
        assert parts.scheme in ("http", "https") and parts.hostname
        assert parts.port is None or 1 <= parts.port <= 65535


def test_the_base_uri_refuses_credentials_without_showing_them() -> None:
    with pytest.raises(InputError) as caught:
        SiteBase.parse("https://editor:hunter2@example.org/")
    assert str(caught.value) == (
        "--base-uri 'https://***@example.org/': must not carry a user name or password"
    )


@pytest.mark.parametrize("value", ["https://example.org:0/", "https://[::1/", "https://x:p/"])
def test_the_base_uri_shares_the_endpoint_s_checks(value: str) -> None:
    with pytest.raises(InputError, match=r"^--base-uri "):
        SiteBase.parse(value)
