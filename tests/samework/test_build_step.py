"""``ccpj build`` writes data/graph/same-work.ttl once every report's graph is made, and its
cached step is redone when a curation file retracts a link (the key covers curation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.build.pipeline import build
from ccpj_graph.cache import Cache
from ccpj_graph.samework import FILE_NAME

pytestmark = pytest.mark.slow

LINK = b"<https://w3id.org/ccpj/id/same-work/000-71-1--002-29-1>"
REPRESENTED = (
    b"<https://w3id.org/ccpj/id/activity/002-29-1>\n"
    b"    ccpj:sameWorkAs <https://w3id.org/ccpj/id/activity/000-71-1> ;\n"
    b"    ccpj:sameWorkRepresentative <https://w3id.org/ccpj/id/activity/000-71-1> ;"
)


def test_build_writes_the_links_and_a_retraction_removes_one(tmp_path: Path) -> None:
    out, curation, cache = tmp_path / "graph", tmp_path / "curation", Cache(tmp_path / "cache")
    out.mkdir()
    curation.mkdir()
    build(out_dir=out, curation_dir=curation, cache=cache)
    first = (out / FILE_NAME).read_bytes()
    assert LINK in first and REPRESENTED in first

    (curation / "links.toml").write_text(
        '[[retract-same-work]]\nactivities = ["000-71-1", "002-29-1"]\nreason = "test"\n',
        encoding="utf-8",
    )
    again = build(out_dir=out, curation_dir=curation, cache=cache)
    second = (out / FILE_NAME).read_bytes()
    assert LINK not in second and b"activity/002-29-1>\n    ccpj:sameWorkAs" not in second
    assert not any(report.changed for report in again.reports)  # report graphs untouched

    (curation / "links.toml").unlink()
    build(out_dir=out, curation_dir=curation, cache=cache)
    assert (out / FILE_NAME).read_bytes() == first
