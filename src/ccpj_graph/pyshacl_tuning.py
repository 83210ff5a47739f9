"""pySHACL's hot spots, patched for the time of one run (``with tuned():``): its focus-node
list as a set, the shapes harvested once per shapes graph, each SPARQL text parsed once per
process, and its constraint-parameter list with a set's membership test. Same results; the
reference engine stays pySHACL as released outside the ``with``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pyshacl

__all__ = ["tuned"]


class _FocusValidator(pyshacl.Validator):
    """pySHACL's validator with its focus-node list as a set (pySHACL tests every targeted
    node for membership in the list: quadratic for a report's thousands of nodes), and the
    shapes harvested once per shapes graph, not once per run (0.18 s a run: the build
    validates one part of the graph at a time)."""

    def __init__(self, data_graph: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(data_graph, *args, **kwargs)
        source = kwargs.get("shacl_graph")
        if source is not None:
            known = _HARVESTED.get(id(source))
            if known is not None and known[0] is source:
                self.shacl_graph = known[1]
            else:
                _HARVESTED.clear()
                _HARVESTED[id(source)] = (source, self.shacl_graph)

    def make_executor(self) -> Any:
        executor = super().make_executor()
        if executor.focus_nodes:
            executor.focus_nodes = frozenset(executor.focus_nodes)  # type: ignore[assignment]
        return executor


_HARVESTED: dict[int, tuple[Any, Any]] = {}


class _QueryText(str):
    """A SPARQL text not parsed yet: :func:`_translate_once` parses it once per process."""


_TRANSLATED: dict[tuple[str, Any, Any], Any] = {}


def _translate_once(tree: Any, base: Any = None, init_ns: Any = None) -> Any:
    """rdflib's parse and translation of a query, kept by text: pySHACL hands rdflib each
    SPARQL target's text on every run (11 texts, 0.16 s a run) and each constraint's text
    once per focus node; the translated query is what rdflib's own prepared queries reuse."""
    from rdflib.plugins.sparql import algebra, parser

    if not isinstance(tree, _QueryText):
        return algebra.translateQuery(tree, base, init_ns)
    key = (str(tree), base, tuple(sorted((init_ns or {}).items())))
    if key not in _TRANSLATED:
        if len(_TRANSLATED) > 512:
            _TRANSLATED.clear()
        _TRANSLATED[key] = algebra.translateQuery(parser.parseQuery(str(tree)), base, init_ns)
    return _TRANSLATED[key]


class _Parameters(list[Any]):
    """pySHACL's list of constraint parameters with a set's membership test. pySHACL asks
    ``p in parameters`` for every predicate of a shape each time it validates the shape on a
    focus node: on a plain list of ~50 IRIs that was 4.4 million rdflib ``__eq__`` calls, a
    quarter of a build's validation CPU. Same members, same order, same answers."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def copy(self) -> _Parameters:
        return _Parameters(self)

    def append(self, item: Any) -> None:
        super().append(item)
        self._members = self._members | {item}


def _fast_parameters() -> tuple[Any, Any]:
    """(pySHACL's shape module, its cached parameters before) after installing
    :class:`_Parameters` as the cache ``Shape.validate`` reads."""
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    previous = getattr(shape, "CONSTRAINT_PARAMS", None)
    fast = (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    setattr(shape, "CONSTRAINT_PARAMS", fast)  # noqa: B010 (pySHACL's own module cache)
    return shape, previous


@contextmanager
def tuned() -> Iterator[None]:
    from pyshacl import entrypoints
    from rdflib.plugins.sparql import processor

    previous = entrypoints.Validator  # type: ignore[attr-defined]
    parse, translate = processor.parseQuery, processor.translateQuery  # type: ignore[attr-defined]
    entrypoints.Validator = _FocusValidator  # type: ignore[attr-defined]
    setattr(processor, "parseQuery", _QueryText)  # noqa: B010 (rdflib does not export it)
    setattr(processor, "translateQuery", _translate_once)  # noqa: B010
    shape, parameters = _fast_parameters()
    try:
        yield
    finally:
        entrypoints.Validator = previous  # type: ignore[attr-defined]
        setattr(processor, "parseQuery", parse)  # noqa: B010
        setattr(processor, "translateQuery", translate)  # noqa: B010
        if parameters is None:
            delattr(shape, "CONSTRAINT_PARAMS")  # pySHACL fills it in again when it needs it
        else:
            setattr(shape, "CONSTRAINT_PARAMS", parameters)  # noqa: B010
