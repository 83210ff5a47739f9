"""ccpj-graph: the UN standards and norms in crime prevention and criminal justice as a graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ccpj-graph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
