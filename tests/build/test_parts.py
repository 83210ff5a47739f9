"""Validation and reasoning per part of the graph (``build/parts/``) give exactly what the
whole-graph paths give: the same SHACL results, the same kept inferred triples and counts
(issue 13 items 1-3). Checked on the bundled corpus and on a copy changed so that problems
cross the parts: a tool another report produces loses its type, a quote no longer matches its
paragraph, a report mints a country whose code the reference data already uses, a same-work
link points at an activity nobody describes, and the manifest moves a report's period."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from ccpj_graph import resources
from ccpj_graph.build.parts import Corpus, pool, reason_parts, validate_parts
from ccpj_graph.build.parts.reasoning import _line
from ccpj_graph.build.parts.validation import CHUNK, _slices
from ccpj_graph.cache import Cache, code_digest, files_digest
from ccpj_graph.rdfio import read_graph
from ccpj_graph.reason import reason
from ccpj_graph.validate import ValidationReport, validate
from reference_cache import ReferenceCache

pytestmark = pytest.mark.slow

CCPJ = "https://w3id.org/ccpj/ontology#"
ID = "https://w3id.org/ccpj/id/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def bundled() -> tuple[list[Path], list[Path], list[Path]]:
    ontology = sorted(resources.ontology_dir().glob("*.ttl"))
    base = sorted(resources.reference_dir().glob("*.ttl")) + sorted(
        resources.sources_dir().glob("*.ttl")
    )
    data = sorted(resources.graph_dir().glob("*.ttl"))
    return ontology, base, data


def whole_validation(base: list[Path], data: list[Path], cache: ReferenceCache) -> ValidationReport:
    """The reference: pySHACL over the merged graph (the build's parts run the fast engine,
    :mod:`ccpj_graph.fastshacl`, so this compares the engines too). Its report
    is kept in the test cache under the hash of the files, the shapes, the ontology and the
    package's code and libraries (code_digest), as the build cache keeps a part's report:
    about 15 s of pySHACL a graph, asked twice a run."""

    def compute() -> str:
        return json.dumps(validate(read_graph(*base, *data), engine="pyshacl").to_record())

    shapes = sorted(resources.shapes_dir().glob("*.ttl"))
    ontology = sorted(resources.ontology_dir().glob("*.ttl"))
    parts = [
        "whole-graph-validation-pyshacl",
        code_digest(),
        files_digest([*base, *data]),
        files_digest(shapes),
        files_digest(ontology),
    ]
    return ValidationReport.from_record(json.loads(cache.text(parts, compute, suffix=".json")))


def by_parts(
    ontology: list[Path],
    base: list[Path],
    data: list[Path],
    tmp: Path,
    *,
    workers: bool,
    chunk: int = CHUNK,
) -> ValidationReport:
    corpus = Corpus.load(ontology, base, data)
    executor: Callable[[], object] | None = pool if workers else None
    report: ValidationReport = validate_parts(
        lambda: corpus,
        Cache(tmp / "cache"),
        shapes_key="test",
        executor=executor,  # type: ignore[arg-type]
        chunk=chunk,
    )
    return report


def lines_of(path: Path) -> list[str]:
    return [f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(path=str(path))]


def changed_corpus(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """The bundled graph files (as N-Triples) with problems that span parts."""
    ontology, base, data = bundled()
    files = {path.name: lines_of(path) for path in [*base, *data]}
    out = tmp / "changed"
    (out / "base").mkdir(parents=True)
    (out / "graph").mkdir()

    # a tool described by 000 and produced by another report loses its type in 000
    produced = f"<{CCPJ}produced>"
    tools_elsewhere = {
        line.split(" ")[2]
        for name, lines in files.items()
        if name not in ("000.ttl",) and name.endswith(".ttl")
        for line in lines
        if f" {produced} " in line
    }
    typed_in_000 = [
        line
        for line in files["000.ttl"]
        if line.split(" ")[1] == TYPE and line.split(" ")[0] in tools_elsewhere
    ]
    assert typed_in_000, "the corpus has a tool described by 000 and produced elsewhere"
    files["000.ttl"].remove(typed_in_000[0])

    # a quote in 002 that its paragraph does not contain
    quote = f"<{CCPJ}quote>"
    index = next(i for i, line in enumerate(files["002.ttl"]) if f" {quote} " in line)
    subject = files["002.ttl"][index].split(" ")[0]
    files["002.ttl"][index] = f'{subject} {quote} "words the paragraph never says" .'

    # 004 mints a country with Kenya's ISO alpha-3 code
    country = f"<{ID}country/XXK>"
    files["004.ttl"] += [
        f"{country} {TYPE} <{CCPJ}Country> .",
        f'{country} <{CCPJ}iso3> "KEN" .',
        f'{country} <http://www.w3.org/2000/01/rdf-schema#label> "Nowhere"@en .',
    ]

    # a same-work link to an activity no report describes
    links = f"<{CCPJ}linksActivity>"
    index = next(i for i, line in enumerate(files["same-work.ttl"]) if f" {links} " in line)
    subject = files["same-work.ttl"][index].split(" ")[0]
    files["same-work.ttl"][index] = f"{subject} {links} <{ID}activity/999-1-1> ."

    # the manifest moves report 001's period (2021) back: its activities' years fall outside
    year = "^^<http://www.w3.org/2001/XMLSchema#gYear>"
    moved = {"periodStart": f'"1989"{year}', "periodEnd": f'"1990"{year}'}
    for lines in files.values():
        for i, line in enumerate(lines):
            for term, value in moved.items():
                if line.startswith(f"<{ID}report/001> <{CCPJ}{term}> "):
                    lines[i] = f"<{ID}report/001> <{CCPJ}{term}> {value} ."

    base_out = []
    for path in base:
        target = out / "base" / path.name
        target.write_text("\n".join(files[path.name]) + "\n", encoding="utf-8")
        base_out.append(target)
    data_out = []
    for path in data:
        target = out / "graph" / path.name
        target.write_text("\n".join(files[path.name]) + "\n", encoding="utf-8")
        data_out.append(target)
    return ontology, base_out, data_out


def test_validation_by_parts_equals_whole_graph_validation(
    tmp_path: Path, reference_cache: ReferenceCache
) -> None:
    ontology, base, data = bundled()
    whole = whole_validation(base, data, reference_cache)
    parts = by_parts(ontology, base, data, tmp_path, workers=False)
    assert parts.to_record() == whole.to_record()
    assert parts.results  # the corpus has warnings: the comparison compares something


def test_validation_by_parts_equals_whole_on_a_changed_corpus(
    tmp_path: Path, reference_cache: ReferenceCache
) -> None:
    ontology, base, data = changed_corpus(tmp_path)
    whole = whole_validation(base, data, reference_cache)
    shapes = {result.shape for result in whole.results}
    # every planted problem shows in the reference, so the comparison covers each
    assert {
        "ccpjsh:Activity-produced",
        "ccpjsh:ActivityQuoteShape",
        "ccpjsh:UniqueIso3-places",
        "ccpjsh:SameWorkLink-activities",
        "ccpjsh:ActivityYearInPeriodShape",
    } <= shapes
    parts = by_parts(ontology, base, data, tmp_path, workers=True)
    assert parts.to_record() == whole.to_record()
    again = by_parts(ontology, base, data, tmp_path, workers=False)  # from the part cache
    assert again.to_record() == whole.to_record()


def test_the_same_work_part_validated_in_slices_equals_whole_graph_validation(
    tmp_path: Path, reference_cache: ReferenceCache
) -> None:
    """The same-work part grows with the corpus, so it is validated a slice of links at a
    time (validation.CHUNK); slices of 7 links here, so the bundled corpus has several, one
    of them with the planted link to nobody."""
    ontology, base, data = changed_corpus(tmp_path)
    corpus = Corpus.load(ontology, base, data)
    assert corpus.independent("same-work.ttl")
    assert not corpus.independent("000.ttl")  # its activities name their evidence nodes
    sliced = [only for name, only in _slices(corpus, 7) if name == "same-work.ttl"]
    assert len(sliced) > 3 and all(only is not None and len(only) <= 7 for only in sliced)
    whole = whole_validation(base, data, reference_cache)
    parts = by_parts(ontology, base, data, tmp_path, workers=False, chunk=7)
    assert parts.to_record() == whole.to_record()


@pytest.mark.parametrize("changed", [False, True])
def test_reasoning_by_parts_equals_whole_graph_reasoning(changed: bool, tmp_path: Path) -> None:
    ontology, base, data = changed_corpus(tmp_path) if changed else bundled()
    whole = reason(read_graph(*base, *data))
    corpus = Corpus.load(ontology, base, data)
    out = tmp_path / "inferred.nt"
    parts = reason_parts(lambda: corpus, Cache(tmp_path / "cache"), out, executor=pool)
    assert parts is not None
    assert out.read_text(encoding="utf-8").splitlines() == sorted(_line(t) for t in whole.graph)
    assert (parts.asserted, parts.closure, parts.inferred, parts.dropped) == (
        whole.asserted,
        whole.closure,
        whole.inferred,
        whole.dropped,
    )
    assert parts.inconsistencies == whole.inconsistencies
    assert parts.inferred > 5000


def test_a_parts_text_is_the_same_from_one_build_to_the_next() -> None:
    """A part's cache key is its text: blank nodes (the ontology's) are numbered as they
    appear, not by the parser's random labels, or no part would ever be found again."""
    from ccpj_graph.build.parts import shape_predicates
    from ccpj_graph.rdfio import read_shapes

    inverse, objects = shape_predicates(read_shapes())
    first, second = (Corpus.load(*bundled()) for _ in range(2))
    assert any(line.startswith("_:") for _, _, line in first.rows["base"])
    for name in first.parts():
        assert first.neighbourhood(name, inverse, objects) == second.neighbourhood(
            name, inverse, objects
        )
        assert first.part_triples(name) == second.part_triples(name)
