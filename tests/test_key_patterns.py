"""Keys checked with a pattern are checked whole: a pattern ending in "$" under ``re.match``
also accepts the key followed by a newline, which then reached an IRI, a file name of the
published site or a profile folder's name."""

from __future__ import annotations

import pytest

from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.profile import load_profile
from ccpj_graph.namespaces import instance_iri
from ccpj_graph.publish.base import SiteBase


@pytest.mark.parametrize("tail", ["\n", " ", "\t", "\r\n", "/x"])
def test_a_key_with_anything_after_it_is_refused(tail: str) -> None:
    assert str(instance_iri("country", "KEN")).endswith("/id/country/KEN")
    with pytest.raises(ValueError, match="is not a slug"):
        instance_iri("country", "KEN" + tail)
    base = SiteBase.parse("https://example.org/ccpj/")
    assert base.doc_path(base.id_base + "org/undp") == "id/org/undp"
    with pytest.raises(CcpjError, match="cannot be published as a document"):
        base.doc_path(base.id_base + "org/undp" + tail)
    with pytest.raises(CcpjError, match="not a profile name"):
        load_profile("unodc-standards-norms" + tail)
