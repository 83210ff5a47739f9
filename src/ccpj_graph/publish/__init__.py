"""Publishing the graph as linked open data: a static site others can host and link to.

Modules: ``base`` (the base URI and IRI rewriting), ``load`` (reading the graph), ``entities``
(one document per instance), ``rdfout`` (deterministic Turtle, N-Triples, JSON-LD),
``ontology`` (the ontology as a documentation model), ``pages`` (what each HTML page shows),
``views`` (the analyst section of each page, one module a page kind),
``void`` (VoID and DCAT), ``conneg`` (content negotiation shared with ``ccpj serve`` and the
web-server rules) and ``site`` (the atomic writer). Serving is ``ccpj_graph.serve``; loading
into a triplestore is ``ccpj_graph.push``.
"""

from ccpj_graph.publish.base import DEFAULT_BASE_URI, SiteBase
from ccpj_graph.publish.site import MARKER, PublishResult, publish_site

__all__ = ["DEFAULT_BASE_URI", "MARKER", "PublishResult", "SiteBase", "publish_site"]
