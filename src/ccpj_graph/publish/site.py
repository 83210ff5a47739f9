"""``ccpj publish``: write the graph as a static linked-data site, atomically.

The site is built in a hidden sibling directory and swapped into place in one step (Linux
``renameat2(RENAME_EXCHANGE)``; elsewhere two renames with roll-back), so a web server never
sees half a site and an interrupted publish leaves the previous one as it was. Every byte is a
function of the graph, the ontology and the options: files are sorted, gzip headers carry no
time, and no timestamp is written unless ``issued`` asks for one.
"""

from __future__ import annotations

import ctypes
import errno
import gzip
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox

from ccpj_graph import __version__
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish.analyst import Analyst
from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.publish.browse import FACETS, activities_js, browse_data
from ccpj_graph.publish.charts import charts_context
from ccpj_graph.publish.conneg import DEFAULT_FORMAT, FORMATS, NEGOTIATED, STATIC_ORDER
from ccpj_graph.publish.entities import SiteGraph
from ccpj_graph.publish.ontology import OntologyModel
from ccpj_graph.publish.pages import PageBuilder
from ccpj_graph.publish.rdfout import (
    RDF_TYPE,
    canonical_triples,
    jsonld_bytes,
    ntriples_bytes,
    sort_triples,
    turtle_bytes,
    value_of,
)
from ccpj_graph.publish.search import search_documents, search_index_js
from ccpj_graph.publish.staging import open_staging
from ccpj_graph.publish.views import NAV, Views, kind_title
from ccpj_graph.publish.void import Dump, dataset_metadata, void_triples

__all__ = ["MARKER", "PublishResult", "publish_site", "template_environment"]

#: Written at the root of every site; a directory without it is never replaced.
MARKER = ".ccpj-site.json"
_DUMP_STEM = "dump/ccpj"
_STATIC = Path(__file__).parent / "static"
_VENDOR = Path(__file__).parent / "vendor"


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What ``publish_site`` wrote."""

    out: Path
    base_uri: str
    triples: int
    entities: int
    files: int
    kinds: dict[str, int] = field(default_factory=dict)


def template_environment() -> jinja2.Environment:
    """The jinja2 environment of ``templates/publish`` (HTML autoescaped, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ccpj_graph", "templates/publish"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["nav"] = NAV  # every page, including those ccpj serve renders, has the menu
    return env


def publish_site(
    data: Iterable[ox.Triple],
    *,
    ontology: Sequence[ox.Triple],
    base_uri: str,
    out: Path,
    sparql_endpoint: str | None = None,
    issued: str | None = None,
    ontology_turtle: bytes | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishResult:
    """Write the site for ``data`` (instance triples) and ``ontology`` to ``out``.

    ``ontology_turtle``, when given, is published verbatim as ``ontology.ttl`` (keeping the
    authors' comments and layout); otherwise the ontology triples are serialized.
    """
    base = SiteBase.parse(base_uri)
    if sparql_endpoint is not None:
        sparql_endpoint = SiteBase.parse(sparql_endpoint, option="--sparql-endpoint").uri[:-1]
    if issued is not None:
        _check_date(issued)
    out = Path(out)
    _check_target(out)
    say = progress or (lambda _message: None)

    site = SiteGraph(rebase(data, base), base)
    ontology_triples = canonical_triples(rebase(ontology, base))
    model = OntologyModel(ontology_triples)
    model.count_usage(site.triples)
    say(f"{len(site.triples)} triples, {len(site.entities)} entities")

    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging, lock = open_staging(parent, out.name)  # stale ones from killed runs go
    except OSError as err:
        raise CcpjError(f"--out {out}: cannot create a directory beside it: {_why(err)}") from err
    try:
        writer = _SiteWriter(
            staging, base, site, model, sparql_endpoint, issued, ontology=ontology_triples
        )
        writer.write_all(ontology_triples, ontology_turtle)
        # mkdtemp makes the directory private; a web server must be able to read the site
        os.chmod(staging, 0o755)  # noqa: S103
        _swap_into_place(staging, out)
    except OSError as err:
        raise CcpjError(f"--out {out}: cannot write the site: {_why(err)}") from err
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)
    say(f"wrote {writer.files} files to {out}")
    return PublishResult(
        out=out,
        base_uri=base.uri,
        triples=len(site.triples),
        entities=len(site.entities),
        files=writer.files,
        kinds={kind: len(items) for kind, items in site.by_kind().items()},
    )


def _why(err: OSError) -> str:
    return err.strerror or str(err)


def _check_date(value: str) -> None:
    # the manifest's rule: fromisoformat alone also takes 20230321, not an xsd:date
    from ccpj_graph.corpus.manifest import is_iso_date

    if not is_iso_date(value):
        raise InputError(f"--issued {value!r}: not a date (YYYY-MM-DD)")


def _check_target(out: Path) -> None:
    """Refuse a file, or a directory that is not empty and not a site we wrote."""
    if out.is_symlink() and not out.exists():
        raise InputError(f"--out {out}: is a broken symbolic link")
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(
            f"--out {out}: exists, is not empty and is not a site written by ccpj publish "
            f"(no {MARKER}); choose a new or empty directory"
        )
    if out.is_symlink():
        raise InputError(f"--out {out}: is a symbolic link; give the directory itself")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_into_place(staging: Path, out: Path) -> None:
    """Make ``staging`` the site at ``out``; the previous site (if any) is removed after."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now the previous site
        return
    previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
    os.rename(out, previous)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(previous, out)
        raise
    shutil.rmtree(previous, ignore_errors=True)


class _SiteWriter:
    """Writes every file of one site into ``root`` (a fresh staging directory)."""

    def __init__(
        self,
        root: Path,
        base: SiteBase,
        site: SiteGraph,
        model: OntologyModel,
        sparql_endpoint: str | None,
        issued: str | None,
        *,
        ontology: Sequence[ox.Triple] = (),
    ) -> None:
        self.root = root
        self.base = base
        self.site = site
        self.model = model
        self.analyst = Analyst(site, ontology)
        site.labels.update(self.analyst.labels)  # human labels everywhere: "Judiciary (Kenya)"
        self.pages = PageBuilder(site, model)
        self.views = Views(self.analyst, self.pages.href)
        self.pages.views = self.views
        self.sparql_endpoint = sparql_endpoint
        self.issued = issued
        self.env = template_environment()
        self.files = 0
        self.kinds = list(site.by_kind())
        meta = dataset_metadata()
        self.common: dict[str, Any] = {
            "site_title": meta["title"],
            "site_short": "ccpj-graph",
            "license": meta["license"],
            "tool_version": __version__,
            "kinds": self.kinds,
        }
        self._made: set[Path] = set()

    def write(self, relative: str, data: bytes) -> int:
        path = self.root / relative
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        path.write_bytes(data)
        self.files += 1
        return len(data)

    def render(self, relative: str, template: str, context: dict[str, Any]) -> None:
        html = self.env.get_template(template).render({**self.common, **context})
        self.write(relative, html.encode("utf-8"))

    def write_rdf(self, stem: str, triples: list[ox.Triple]) -> None:
        self.write(f"{stem}.ttl", turtle_bytes(triples))
        self.write(f"{stem}.jsonld", jsonld_bytes(triples))
        self.write(f"{stem}.nt", ntriples_bytes(triples))

    def write_all(self, ontology: list[ox.Triple], ontology_turtle: bytes | None) -> None:
        self.write(
            MARKER,
            (
                json.dumps(
                    {"generator": "ccpj-graph", "version": __version__, "base_uri": self.base.uri},
                    indent=2,
                )
                + "\n"
            ).encode(),
        )
        for entity in self.site.entities.values():
            self.write_rdf(entity.path, entity.triples)
            self.render(f"{entity.path}.html", "entity.html.j2", self.pages.entity(entity))
        for kind, entities in self.site.by_kind().items():
            self.render(
                f"id/{kind}/index.html", "kind.html.j2", self.pages.kind_index(kind, entities)
            )
        dumps = self.write_dumps()
        self.write_ontology(ontology, ontology_turtle)
        description = sort_triples(
            void_triples(
                self.site,
                dumps=dumps,
                sparql_endpoint=self.sparql_endpoint,
                issued=self.issued,
                ontology_triples=len(ontology),
            )
        )
        self.write_rdf("dataset", description)
        self.render("dataset.html", "dataset.html.j2", self.dataset_page(description))
        self.render("index.html", "index.html.j2", self.index_page(dumps))
        self.write_assets()
        self.write_sparql_page()
        self.render(
            "charts/index.html",
            "charts.html.j2",
            {
                "title": "Charts and map",
                "root": "../",
                **charts_context(self.analyst, self.pages.href),
            },
        )
        loader = self.env.loader
        assert loader is not None  # template_environment() always sets one
        self.write("style.css", loader.get_source(self.env, "style.css")[0].encode())
        context = {
            "base": self.base.uri,
            "path": self.base.path,
            "host": self.base.uri.split("/")[2],
            "pattern": NEGOTIATED.pattern.removeprefix("^(?P<doc>").removesuffix(")$"),
            "formats": FORMATS,
            "static_order": STATIC_ORDER,
            "default": DEFAULT_FORMAT,
        }
        for name, template in ((".htaccess", "htaccess.j2"), ("nginx.conf", "nginx.conf.j2")):
            text = self.env.get_template(template).render(**context)
            self.write(name, text.encode("utf-8"))

    def write_assets(self) -> None:
        """Scripts, vendored libraries (with their licences) and the search index and page."""
        for path in sorted(_STATIC.iterdir()):
            if path.is_file():
                self.write(f"assets/{path.name}", path.read_bytes())
        for path in sorted(_VENDOR.rglob("*")):
            if path.is_file() and path.name != "countries-110m.json":
                self.write(
                    f"assets/vendor/{path.relative_to(_VENDOR).as_posix()}", path.read_bytes()
                )
        paths = {iri: entity.path for iri, entity in self.site.entities.items()}
        docs = search_documents(self.analyst, paths, self.views.counts, kind_title)
        self.write("assets/search-index.js", search_index_js(docs))
        self.render("search.html", "search.html.j2", {"title": "Search", "root": ""})
        data = browse_data(self.analyst, self.views)
        self.write("assets/activities.js", activities_js(data))
        self.render(
            "browse/index.html",
            "browse.html.j2",
            {
                "title": "Browse activities",
                "root": "../",
                "facets": FACETS,
                "total": len(data["activities"]),
            },
        )

    def write_sparql_page(self) -> None:
        """``sparql/index.html``: the editor, with the canned queries as examples."""
        from ccpj_graph.query.canned import load_queries

        examples = [
            {"name": q.name, "description": " ".join(q.description.split()), "text": q.text}
            for q in sorted(load_queries().values(), key=lambda q: q.name)
        ]
        flagship = [e for e in examples if e["name"] == "partners"]
        examples = flagship + [e for e in examples if e["name"] != "partners"]
        payload = json.dumps(examples, ensure_ascii=False, indent=1).replace("</", "<\\/")
        self.render(
            "sparql/index.html",
            "sparql-editor.html.j2",
            {"title": "SPARQL", "root": "../", "examples": examples, "examples_json": payload},
        )

    def write_dumps(self) -> list[Dump]:
        triples = self.site.triples
        turtle = turtle_bytes(triples)
        ntriples = gzip.compress(ntriples_bytes(triples), compresslevel=9, mtime=0)
        jsonld = jsonld_bytes(triples)
        dumps = [
            Dump(
                f"{_DUMP_STEM}.ttl",
                "text/turtle",
                "Whole dataset (Turtle)",
                self.write(f"{_DUMP_STEM}.ttl", turtle),
                w3c_format="Turtle",
            ),
            Dump(
                f"{_DUMP_STEM}.nt.gz",
                "application/n-triples",
                "Whole dataset (N-Triples, gzip)",
                self.write(f"{_DUMP_STEM}.nt.gz", ntriples),
                compressed=True,
                w3c_format="N-Triples",
            ),
            Dump(
                f"{_DUMP_STEM}.jsonld",
                "application/ld+json",
                "Whole dataset (JSON-LD)",
                self.write(f"{_DUMP_STEM}.jsonld", jsonld),
                w3c_format="JSON-LD",
            ),
        ]
        return dumps

    def write_ontology(self, ontology: list[ox.Triple], verbatim: bytes | None) -> None:
        self.write("ontology.ttl", verbatim if verbatim is not None else turtle_bytes(ontology))
        self.write("ontology.jsonld", jsonld_bytes(ontology))
        self.write("ontology.nt", ntriples_bytes(ontology))
        meta = self.model.metadata
        root = ""
        self.render(
            "ontology.html",
            "ontology.html.j2",
            {
                "title": meta.get("dcterms:title", meta.get("rdfs:label", "ccpj ontology")),
                "root": root,
                "iri": meta.get("iri", ""),
                "version": meta.get("owl:versionInfo", ""),
                "version_iri": meta.get("owl:versionIRI", ""),
                "namespace": meta.get("vann:preferredNamespaceUri", ""),
                "prefix": meta.get("vann:preferredNamespacePrefix", ""),
                "ontology_license": meta.get("dcterms:license", ""),
                "creator": meta.get("dcterms:creator", ""),
                "description": meta.get("dcterms:description", ""),
                "sections": self.model.sections(),
                "term_link": lambda iri: self.pages.link(iri, root),
            },
        )

    def dataset_page(self, description: list[ox.Triple]) -> dict[str, Any]:
        dataset = self.base.dataset
        rows: dict[str, list[dict[str, Any]]] = {}
        classes: list[dict[str, Any]] = []
        predicates: list[dict[str, Any]] = []
        counts: dict[str, str] = {}
        for t in description:
            if isinstance(t.object, ox.Literal) and t.predicate.value.endswith(
                ("#entities", "#triples")
            ):
                counts[value_of(t.subject) + " " + t.predicate.value] = t.object.value
        for t in description:
            p = t.predicate.value
            if value_of(t.subject) != dataset:
                continue
            if p.endswith(("#classPartition", "#propertyPartition", "#subset")):
                continue
            rows.setdefault(p, []).append(self.pages.value(t.object, ""))
        for t in description:
            if t.predicate.value.endswith("#class"):
                count = counts.get(value_of(t.subject) + " http://rdfs.org/ns/void#entities", "0")
                classes.append({"link": self.pages.link(value_of(t.object), ""), "count": count})
            elif t.predicate.value.endswith("#property") and isinstance(t.object, ox.NamedNode):
                count = counts.get(value_of(t.subject) + " http://rdfs.org/ns/void#triples", "0")
                predicates.append({"link": self.pages.link(t.object.value, ""), "count": count})
        properties = [
            {"property": self.pages.link(p, ""), "values": values}
            for p, values in sorted(rows.items(), key=lambda kv: (kv[0] != RDF_TYPE, kv[0]))
        ]
        return {
            "title": dataset_metadata()["title"],
            "root": "",
            "iri": dataset,
            "properties": properties,
            "classes": classes,
            "predicates": predicates,
        }

    def index_page(self, dumps: list[Dump]) -> dict[str, Any]:
        kinds = self.site.by_kind()
        example = next(iter(self.site.entities), self.base.id_base)
        return {
            "title": "Home",
            "root": "",
            "base": self.base.uri,
            "description": " ".join(dataset_metadata()["description"].split()),
            "kind_rows": [
                {
                    "kind": kind,
                    "title": kind_title(kind),
                    "entities": len(items),
                    "triples": sum(len(e.triples) for e in items),
                }
                for kind, items in kinds.items()
            ],
            "entities": len(self.site.entities),
            "triples": len(self.site.triples),
            "dumps": dumps,
            "example": example,
            "sparql_endpoint": self.sparql_endpoint,
            **self.views.home(),
        }
