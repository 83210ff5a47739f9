"""Network statistics: per-node metrics for the exports, and a summary for ``ccpj network stats``.

Why here and not in each exporter: GEXF, GraphML, CSV, the pictures and the page all show the
same degree, betweenness and community, so they are computed once, deterministically, and
stored on the nodes (:func:`annotate`). Choices:

- degree counts neighbours; ``weighted_degree`` sums edge weights (shared activities);
- betweenness is on hops (weights are strengths, not distances), normalised; above
  ``EXACT_BETWEENNESS_NODES`` nodes it is estimated from a fixed-seed sample of
  ``BETWEENNESS_SAMPLE`` pivots, so the ``full`` network stays quick and still deterministic;
- communities are Louvain's (weighted, fixed seed), numbered 0, 1, ... by decreasing size then
  by their first member, with the modularity of that partition.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

__all__ = [
    "BETWEENNESS_SAMPLE",
    "EXACT_BETWEENNESS_NODES",
    "NetworkStats",
    "NodeRank",
    "annotate",
    "communities",
    "network_stats",
]

EXACT_BETWEENNESS_NODES = 1500
BETWEENNESS_SAMPLE = 400
_SEED = 20240601


@dataclass(frozen=True, slots=True)
class NodeRank:
    """One node in a top list."""

    id: str
    label: str
    type: str
    degree: int
    weighted_degree: float
    betweenness: float
    community: int


@dataclass(frozen=True, slots=True)
class Community:
    """One community: its number, size and its best-connected members."""

    id: int
    size: int
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NetworkStats:
    """The summary ``ccpj network stats`` prints."""

    network: str
    title: str
    filters: str
    directed: bool
    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    isolates: int
    total_weight: float
    years: tuple[int, ...]
    node_types: dict[str, int]
    betweenness_sampled: int | None
    modularity: float | None
    top_degree: tuple[NodeRank, ...]
    top_betweenness: tuple[NodeRank, ...]
    communities: tuple[Community, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["years"] = list(self.years)
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def render(self) -> str:
        """A plain-text report: summary lines, then the top tables and the communities."""
        span = f"{self.years[0]}–{self.years[-1]}" if self.years else "undated"
        lines = [
            f"network      {self.network} ({self.title})"
            + (f", {self.filters}" if self.filters else ""),
            f"nodes        {self.nodes}"
            + (
                f" ({', '.join(f'{k} {v}' for k, v in sorted(self.node_types.items()))})"
                if self.node_types
                else ""
            ),
            f"edges        {self.edges} ({'directed' if self.directed else 'undirected'}, "
            f"total weight {_number(self.total_weight)})",
            f"density      {self.density:.4f}",
            f"components   {self.components} (largest {self.largest_component} nodes, "
            f"{self.isolates} isolated)",
            f"years        {span}",
        ]
        if self.modularity is not None:
            lines.append(
                f"communities  {len(self.communities)} (Louvain, modularity {self.modularity:.3f})"
            )
        for title, rows in (
            ("Top nodes by degree", self.top_degree),
            ("Top nodes by betweenness", self.top_betweenness),
        ):
            lines += ["", title + (":" if rows else ": none")]
            if not rows:
                continue
            width = min(48, max(len(r.label) for r in rows))
            lines.append(
                f"  {'label':<{width}}  {'type':<12}  degree  weighted  betweenness  community"
            )
            for r in rows:
                label = r.label if len(r.label) <= width else r.label[: width - 1] + "…"
                weighted = _number(r.weighted_degree)
                lines.append(
                    f"  {label:<{width}}  {r.type:<12}  {r.degree:>6}  {weighted:>8}"
                    f"  {r.betweenness:>11.4f}  {r.community:>9}"
                )
        if self.betweenness_sampled:
            lines.append(f"  (betweenness estimated from {self.betweenness_sampled} sampled nodes)")
        if self.communities:
            lines += ["", "Communities (largest first, best-connected members):"]
            for c in self.communities:
                lines.append(f"  {c.id:>3}  {c.size:>5} nodes  {', '.join(c.members)}")
        return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def communities(graph: nx.Graph) -> tuple[list[set[str]], float | None]:
    """Louvain communities, ordered by decreasing size then first member, and the modularity."""
    if graph.number_of_edges() == 0:
        return [{n} for n in sorted(graph)], None
    found = nx.community.louvain_communities(graph, weight="weight", seed=_SEED)
    ordered = sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))
    return ordered, nx.community.modularity(graph, ordered, weight="weight")


def annotate(graph: nx.Graph) -> nx.Graph:
    """Store ``degree``, ``weighted_degree``, ``betweenness`` and ``community`` on each node.

    Also sets ``graph.graph["modularity"]`` and ``graph.graph["betweenness_sampled"]``.
    Returns the same graph. Running it twice gives the same values.
    """
    n = graph.number_of_nodes()
    sample = BETWEENNESS_SAMPLE if n > EXACT_BETWEENNESS_NODES else None
    between = nx.betweenness_centrality(graph, k=sample, normalized=True, seed=_SEED) if n else {}
    groups, modularity = communities(graph)
    member_of = {node: i for i, group in enumerate(groups) for node in group}
    for node in graph:
        graph.nodes[node]["degree"] = graph.degree(node)
        graph.nodes[node]["weighted_degree"] = float(graph.degree(node, weight="weight"))
        graph.nodes[node]["betweenness"] = round(float(between.get(node, 0.0)), 6)
        graph.nodes[node]["community"] = member_of[node]
    graph.graph["modularity"] = None if modularity is None else round(modularity, 6)
    graph.graph["betweenness_sampled"] = sample
    graph.graph["communities"] = len(groups)
    return graph


def _rank(graph: nx.Graph, node: str) -> NodeRank:
    data = graph.nodes[node]
    return NodeRank(
        id=node,
        label=str(data.get("label", node)),
        type=str(data.get("type", "")),
        degree=int(data["degree"]),
        weighted_degree=float(data["weighted_degree"]),
        betweenness=float(data["betweenness"]),
        community=int(data["community"]),
    )


def network_stats(graph: nx.Graph, *, top: int = 10, members: int = 5) -> NetworkStats:
    """The summary of an annotated network (``annotate`` is applied when it was not)."""
    if graph.number_of_nodes() and "community" not in graph.nodes[next(iter(graph))]:
        annotate(graph)
    nodes = sorted(graph)
    if graph.is_directed():
        parts = list(nx.weakly_connected_components(graph))
    else:
        parts = list(nx.connected_components(graph))
    by_degree = sorted(
        nodes,
        key=lambda n: (-graph.nodes[n]["degree"], -graph.nodes[n]["weighted_degree"], n),
    )
    by_between = sorted(
        (n for n in nodes if graph.nodes[n]["betweenness"] > 0),
        key=lambda n: (-graph.nodes[n]["betweenness"], -graph.nodes[n]["degree"], n),
    )
    groups: dict[int, list[str]] = {}
    for node in by_degree:
        groups.setdefault(graph.nodes[node]["community"], []).append(node)
    community_rows = tuple(
        Community(
            id=cid,
            size=len(group),
            members=tuple(str(graph.nodes[n]["label"]) for n in group[:members]),
        )
        for cid, group in sorted(groups.items())
        if graph.graph.get("modularity") is not None
    )
    types: dict[str, int] = {}
    for node in nodes:
        kind = str(graph.nodes[node].get("type") or "unknown")
        types[kind] = types.get(kind, 0) + 1
    return NetworkStats(
        network=str(graph.graph.get("name", "")),
        title=str(graph.graph.get("title", "")),
        filters=str(graph.graph.get("filter_text", "")),
        directed=graph.is_directed(),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 6) if graph.number_of_nodes() > 1 else 0.0,
        components=len(parts),
        largest_component=max((len(p) for p in parts), default=0),
        isolates=sum(1 for n in nodes if graph.degree(n) == 0),
        total_weight=float(sum(w for _, _, w in graph.edges(data="weight", default=1))),
        years=tuple(graph.graph.get("years", ())),
        node_types=dict(types),
        betweenness_sampled=graph.graph.get("betweenness_sampled"),
        modularity=graph.graph.get("modularity"),
        top_degree=tuple(_rank(graph, n) for n in by_degree[:top]),
        top_betweenness=tuple(_rank(graph, n) for n in by_between[:top]),
        communities=community_rows,
    )
