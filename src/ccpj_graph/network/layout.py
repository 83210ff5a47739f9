"""Node positions for the pictures, the HTML page and (on request) GEXF ``viz:position``.

Why this way: networkx's spring layout (Fruchterman-Reingold, method "force", in numpy) is
seeded, so the same network always gets the same picture, and needs no scipy (networkx's
default for 500+ nodes does). Each connected component is laid out on its own and the
components are packed in rows, largest first, each given room in proportion to the square root
of its size: laid out together, one isolated node would fly off and squash the rest into a
corner. Positions are scaled into [-1, 1] and rounded, so floating-point noise does not leak
into the files. Big components get fewer iterations: the ``full`` network is for Gephi; a
picture of it only has to be quick and stable.
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["layout"]

_SEED = 7
_DIGITS = 4
_GAP = 0.25  # room between packed components, in units of a one-node component's radius


def _iterations(n: int) -> int:
    if n <= 300:
        return 200
    if n <= 1000:
        return 80
    return 30


def _plain(graph: nx.Graph) -> nx.Graph:
    """A fresh undirected graph in sorted order: layouts must not depend on insertion order."""
    plain = nx.Graph()
    plain.add_nodes_from(sorted(graph))
    plain.add_weighted_edges_from(
        sorted((min(u, v), max(u, v), float(w)) for u, v, w in graph.edges(data="weight", default=1))
    )
    return plain


def _component(graph: nx.Graph, members: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one component inside the unit disc-ish box [-1, 1]^2."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = _plain(graph.subgraph(members))
    pos = nx.spring_layout(
        sub, seed=seed, iterations=_iterations(len(members)), weight="weight", method="force"
    )
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (2 * (float(pos[v][0]) - cx) / span, 2 * (float(pos[v][1]) - cy) / span) for v in members}


def layout(graph: nx.Graph, *, seed: int = _SEED) -> dict[str, tuple[float, float]]:
    """Positions of every node in [-1, 1] x [-1, 1]; deterministic for a given graph."""
    plain = _plain(graph)
    if plain.number_of_nodes() == 0:
        return {}
    parts = sorted((sorted(c) for c in nx.connected_components(plain)), key=lambda c: (-len(c), c[0]))
    radii = [math.sqrt(len(c)) for c in parts]
    area = sum((2 * r + _GAP) ** 2 for r in radii)
    row_width = max(2 * radii[0] + _GAP, math.sqrt(area) * 1.15)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, r in zip(parts, radii, strict=True):
        size = 2 * r + _GAP
        if x > 0 and x + size > row_width:  # start a new row below
            x, y, row_height = 0.0, y - row_height, 0.0
        local = _component(plain, members, seed)
        for v, (px, py) in local.items():
            placed[v] = (x + size / 2 + px * r, y - size / 2 + py * r)
        x += size
        row_height = max(row_height, size)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        v: (round(2 * (placed[v][0] - cx) / span, _DIGITS), round(2 * (placed[v][1] - cy) / span, _DIGITS))
        for v in sorted(placed)
    }
