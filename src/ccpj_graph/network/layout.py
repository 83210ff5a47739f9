"""Node positions for the pictures, the HTML page and (on request) GEXF ``viz:position``.

Why this way: a force-directed layout (Fruchterman-Reingold), seeded, so the same network
always gets the same picture. It is written here in numpy, vectorised over the distance
matrix, because networkx's ``spring_layout`` needs scipy from 500 nodes on and then runs a
Python loop per node (tens of seconds for the ``full`` network). Each connected component is
laid out on its own and the
components are packed in rows, largest first, each given room in proportion to the square root
of its size: laid out together, one isolated node would fly off and squash the rest into a
corner. Positions are scaled into [-1, 1] and rounded, so floating-point noise does not leak
into the files. Big components get fewer iterations: the ``full`` network is for Gephi; a
picture of it only has to be quick and stable.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["fruchterman_reingold", "layout"]

_SEED = 7
_DIGITS = 4
_GAP = 0.25  # room between packed components, in units of a one-node component's radius


def _iterations(n: int) -> int:
    if n <= 300:
        return 150
    if n <= 1000:
        return 80
    if n <= 2500:
        return 40
    return 20


def fruchterman_reingold(weights: np.ndarray, *, iterations: int, seed: int) -> np.ndarray:
    """Positions (n x 2) for the weighted adjacency matrix ``weights``: repulsion k²/d between
    every pair, attraction w·d²/k along edges, a cooling step; as networkx's dense version, but
    with the displacement computed by matrix products (O(n²) memory, no per-node loop)."""
    n = weights.shape[0]
    pos = np.random.default_rng(seed).random((n, 2))
    k = math.sqrt(1.0 / n)
    step = 0.1
    cooling = step / (iterations + 1)
    for _ in range(iterations):
        squares = (pos**2).sum(axis=1)
        d2 = squares[:, None] + squares[None, :] - 2.0 * (pos @ pos.T)
        np.maximum(d2, 1e-4, out=d2)
        force = k * k / d2 - weights * np.sqrt(d2) / k
        np.fill_diagonal(force, 0.0)
        moves = pos * force.sum(axis=1)[:, None] - force @ pos
        length = np.sqrt((moves**2).sum(axis=1))
        length = np.where(length < 0.01, 0.1, length)
        pos = pos + moves * (step / length)[:, None]
        step -= cooling
    return pos


def _plain(graph: nx.Graph) -> nx.Graph:
    """A fresh undirected graph in sorted order: layouts must not depend on insertion order."""
    plain = nx.Graph()
    plain.add_nodes_from(sorted(graph))
    plain.add_weighted_edges_from(
        sorted(
            (min(u, v), max(u, v), float(w)) for u, v, w in graph.edges(data="weight", default=1)
        )
    )
    return plain


def _component(graph: nx.Graph, members: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one component inside the unit disc-ish box [-1, 1]^2."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = _plain(graph.subgraph(members))
    matrix = nx.to_numpy_array(sub, nodelist=members, weight="weight")
    pos = fruchterman_reingold(matrix, iterations=_iterations(len(members)), seed=seed)
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = float(max(high - low)) or 1.0
    centre = (low + high) / 2
    return {
        v: (float(2 * (pos[i, 0] - centre[0]) / span), float(2 * (pos[i, 1] - centre[1]) / span))
        for i, v in enumerate(members)
    }


def layout(graph: nx.Graph, *, seed: int = _SEED) -> dict[str, tuple[float, float]]:
    """Positions of every node in [-1, 1] x [-1, 1]; deterministic for a given graph."""
    plain = _plain(graph)
    if plain.number_of_nodes() == 0:
        return {}
    parts = sorted(
        (sorted(c) for c in nx.connected_components(plain)), key=lambda c: (-len(c), c[0])
    )
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
        v: (
            round(2 * (placed[v][0] - cx) / span, _DIGITS),
            round(2 * (placed[v][1] - cy) / span, _DIGITS),
        )
        for v in sorted(placed)
    }
