"""Querying the graph: canned SPARQL files, user SPARQL behind a safety gate, the fast store.

Modules, each importable on its own so the ``ccpj query`` path stays light (no rdflib):

- ``canned``: ``queries/*.rq`` with their headers, as frozen records; binding as VALUES.
- ``params``: friendly values (theme key, ISO code, acronym, short name) to RDF terms.
- ``safety``: parse user SPARQL, walk the algebra, refuse updates, SERVICE and FROM.
- ``store``: build, check and open the Oxigraph store; run a job in a killable worker.
- ``run``: what the CLI calls; ``results``: rows and how they are written; ``terms``: terms.
- ``reference``: rdflib as a second engine, for tests and the benchmark.
"""

__all__: list[str] = []
