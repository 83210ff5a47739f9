"""``ccpj serve``: the published site over HTTP with content negotiation and ``/sparql``."""

from ccpj_graph.serve.http import SiteServer, open_site_server
from ccpj_graph.serve.sparql import DEFAULT_LIMIT, DEFAULT_TIMEOUT, SparqlService

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "SiteServer",
    "SparqlService",
    "open_site_server",
]
