"""Allow ``python -m ccpj_graph``."""

from ccpj_graph.cli import main

main()
