"""Every reader of untrusted RDF goes through the one strict reader (``ccpj_graph.rdfio``).

Regression of issue 12 item 6: ``publish --input`` and ``push --input`` parsed with pyoxigraph
directly, skipping the DOCTYPE guard, so a billion-laughs RDF/XML file ran for minutes or
aborted with a Rust out-of-memory backtrace. Hypothesis generates the class (entity
declarations of every kind, in any case and place, behind BOMs, comments and XML
declarations) and feeds each document to every entry point: the library readers and the
``validate``, ``validate --shapes``, ``reason``, ``publish --input`` and ``push --input``
commands. Each must refuse it with one line, touch no socket, and never parse it.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph.cli import COMMANDS
from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.errors import InputError
from ccpj_graph.limits import read_capped
from ccpj_graph.publish import load
from ccpj_graph.rdfio import parse_data, parse_triples, read_graph, read_triples

CLI = CcpjGroup(lazy_commands=COMMANDS)
REFUSED = "RDF/XML with a DOCTYPE or ENTITY declaration is refused"
BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/">'
    '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description>'
    "</rdf:RDF>\n"
)


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    """A local port an external entity points at: it must never see a connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return
    connection.close()
    raise AssertionError("the reader connected to the address an entity named")


def laughs(depth: int) -> str:
    lines = ['<!ENTITY l0 "ha">']
    lines += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, depth + 1)]
    lines.append(f'<!ENTITY x "&l{depth};">')
    return "".join(lines)


@st.composite
def hostile_xml(draw: st.DrawFn, port: int = 1) -> bytes:
    """An RDF/XML document carrying some markup declaration."""
    keyword = draw(st.sampled_from(["DOCTYPE", "doctype", "DocType"]))
    space = draw(st.sampled_from([" ", "  ", "\n", "\t", " \r\n "]))
    entity = draw(
        st.sampled_from(
            [
                laughs(draw(st.integers(1, 9))),
                f'<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">',
                '<!ENTITY x SYSTEM "file:///etc/passwd">',
                f'<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p"> %p;',
                '<!ENTITY x "plain">',
                '<!ATTLIST rdf:RDF a CDATA "x">',
                "",
            ]
        )
    )
    subset = f"{space}[{space}{entity}{space}]" if entity or draw(st.booleans()) else ""
    doctype = f"<!{keyword}{space}rdf:RDF{subset}>"
    if draw(st.booleans()):  # a lone entity declaration, no DOCTYPE around it
        doctype = draw(st.sampled_from(['<!ENTITY x "y">', "<!ELEMENT e ANY>"]))
    head = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0"?>\n',
                "<?xml version='1.0' encoding='UTF-8'?>",
                "<!-- a comment -->\n",
                '<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><![CDATA[x]]>',
            ]
        )
    )
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + (head + doctype + "\n" + BODY).encode("utf-8")


@st.composite
def hostile_jsonld(draw: st.DrawFn, port: int = 1) -> bytes:
    """A JSON-LD document whose context would be fetched from elsewhere."""
    url = draw(
        st.sampled_from(
            [f"http://127.0.0.1:{port}/context.jsonld", "file:///etc/passwd", "context.jsonld"]
        )
    )
    context = draw(
        st.sampled_from(
            [
                url,
                [url],
                [{"ex": "http://example.org/"}, url],
                {"@import": url},
                {"ex": "http://example.org/", "p": {"@id": "ex:p", "@context": url}},
            ]
        )
    )
    node: dict[str, object] = {"@id": "http://example.org/a", "http://example.org/p": "v"}
    where = draw(st.sampled_from(["top", "node", "graph"]))
    if where == "top":
        document: object = {"@context": context, **node}
    elif where == "node":
        document = {"@graph": [{**node, "@context": context}]}
    else:
        document = [{"@context": context, "@graph": [node]}]
    return json.dumps(document, indent=draw(st.sampled_from([None, 1]))).encode()


REMOTE = "remote JSON-LD context"


def write(tmp: Path, data: bytes, suffix: str) -> Path:
    path = tmp / f"hostile{suffix}"
    path.write_bytes(data)
    return path


LIBRARY: dict[str, Callable[[Path], object]] = {
    "read_graph": lambda p: read_graph(p),
    "read_triples": lambda p: read_triples(p),
    "parse_data": lambda p: parse_data(p.read_bytes(), fmt="xml", source=str(p)),
    "parse_triples": lambda p: parse_triples(p.read_bytes(), fmt="xml", source=str(p)),
    "publish.load.read_triples": lambda p: load.read_triples([p]),
}


@pytest.mark.parametrize("entry", LIBRARY)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_library_readers_refuse_every_declaration(
    entry: str, data: st.DataObject, tmp_path: Path, listener: socket.socket
) -> None:
    document = data.draw(hostile_xml(listener.getsockname()[1]))
    suffix = data.draw(st.sampled_from([".rdf", ".owl", ".xml"]))
    path = write(tmp_path, document, suffix)
    with pytest.raises(InputError) as caught:
        LIBRARY[entry](path)
    message = str(caught.value)
    assert REFUSED in message or "must be UTF-8" in message, message
    assert message.startswith(str(path))
    assert_no_connection(listener)


def cli_args(command: str, path: Path, tmp: Path) -> list[str]:
    data = tmp / "data.nt"  # a small data file: the shapes are read without the whole project
    data.write_text('<http://example.org/a> <http://example.org/p> "1" .\n', encoding="utf-8")
    return {
        "validate": ["validate", str(path)],
        "validate --shapes": ["validate", str(data), "--shapes", str(path)],
        "reason": ["reason", str(path)],
        "publish --input": ["publish", "--input", str(path), "--out", str(tmp / "site")],
        "push --input": ["push", "--endpoint", "http://127.0.0.1:9/store", "--input", str(path)],
    }[command]


@pytest.mark.parametrize(
    "command", ["validate", "validate --shapes", "reason", "publish --input", "push --input"]
)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_commands_refuse_every_declaration(
    command: str, data: st.DataObject, tmp_path: Path, listener: socket.socket
) -> None:
    document = data.draw(hostile_xml(listener.getsockname()[1]))
    path = write(tmp_path, document, ".rdf")
    result = CliRunner().invoke(CLI, cli_args(command, path, tmp_path))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:"), result.output
    assert REFUSED in lines[0]
    assert not (tmp_path / "site").exists()
    assert_no_connection(listener)


@pytest.mark.parametrize(
    "command", ["validate", "validate --shapes", "reason", "publish --input", "push --input"]
)
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_reader_refuses_remote_json_ld_contexts(
    command: str, data: st.DataObject, tmp_path: Path, listener: socket.socket
) -> None:
    document = data.draw(hostile_jsonld(listener.getsockname()[1]))
    path = write(tmp_path, document, data.draw(st.sampled_from([".jsonld", ".json"])))
    for entry in LIBRARY.values():
        if entry in (LIBRARY["parse_data"], LIBRARY["parse_triples"]):
            continue  # these take their format as an option; below with fmt="json-ld"
        with pytest.raises(InputError, match=REMOTE):
            entry(path)
    for parse in (parse_data, parse_triples):
        with pytest.raises(InputError, match=REMOTE):
            parse(document, fmt="json-ld", source=str(path))
    result = CliRunner().invoke(CLI, cli_args(command, path, tmp_path))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {path}: {REMOTE}"), result.output
    assert result.output.count("\n") == 1
    assert_no_connection(listener)


def test_a_utf16_or_other_encoding_cannot_hide_a_declaration(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]>' + BODY
    for data, why in (
        (text.encode("utf-16"), "UTF-16 text; save it as UTF-8"),
        (text.replace("UTF-16", "ISO-8859-1").encode("latin-1"), "declared encoding"),
    ):
        with pytest.raises(InputError, match=why):
            read_triples(write(tmp_path, data, ".rdf"))


def test_plain_rdf_xml_still_reads_through_every_library_entry(tmp_path: Path) -> None:
    path = write(tmp_path, BODY.replace("&x;", "v").encode(), ".rdf")
    for entry in LIBRARY.values():
        assert entry(path)


def test_a_link_to_dev_zero_is_refused_at_the_first_chunk(tmp_path: Path) -> None:
    link = tmp_path / "zero.ttl"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"zero\.ttl: binary file \(a NUL byte at offset 0\)"):
        read_triples(link)
    with pytest.raises(InputError, match=r"zero\.ttl: holds more than 4 KB; a query may be"):
        read_capped(link, 4096, what="a query")  # not text: the cap alone bounds the read


def test_deeply_nested_json_ld_is_one_line(tmp_path: Path) -> None:
    depth = 100_000
    path = write(tmp_path, ('{"a": ' + "[" * depth + "]" * depth + "}").encode(), ".jsonld")
    with pytest.raises(InputError, match=r"jsonld: JSON nested too deeply$"):
        read_triples(path)


def test_moderately_nested_json_ld_still_reads(tmp_path: Path) -> None:
    nested = "[" * 600 + '{"@id": "http://example.org/a", "http://example.org/p": 1}' + "]" * 600
    path = write(tmp_path, ('{"@graph": ' + nested + "}").encode(), ".jsonld")
    assert len(read_triples(path)) == 1
