"""Node colours and sizes, read from ``style.toml`` beside this module.

Why a data file: the palette is a design decision that readers of the pictures and Gephi users
may want to change; keeping it out of the code lets them, and keeps GEXF, the pictures and the
HTML page in agreement.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

__all__ = ["ORGANISATION_OTHER", "Style", "TypeStyle", "load_style", "rgb"]

#: The kind key of an organisation of no more specific kind.
ORGANISATION_OTHER = "organisation-other"


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """The colour (``#RRGGBB``) and legend label of one node type."""

    color: str
    label: str


@dataclass(frozen=True, slots=True)
class Style:
    """Colours by node type and by organisation kind, and the node size range."""

    types: dict[str, TypeStyle]
    default: TypeStyle
    size_min: float
    size_max: float
    kinds: dict[str, TypeStyle] = field(default_factory=dict)

    def of(self, node_type: str) -> TypeStyle:
        return self.types.get(node_type, self.default)

    def kind(self, kind: str) -> TypeStyle:
        """The style of an organisation kind (``un-entity``, ``government-body``, ...)."""
        return self.kinds.get(kind, self.default)

    def node(self, node_type: str, kind: str = "") -> TypeStyle:
        """How a node is drawn: by its kind where the style has one (organisations; one of no
        known kind as ``organisation-other``), else by its type."""
        if node_type == "Organisation" and kind not in self.kinds:
            kind = ORGANISATION_OTHER
        return self.kinds.get(kind) or self.of(node_type)

    def size(self, degree: int, max_degree: int) -> float:
        """Node size for ``degree`` in a network whose largest degree is ``max_degree``."""
        if max_degree <= 0:
            return self.size_min
        share = math.sqrt(max(degree, 0) / max_degree)
        return round(self.size_min + (self.size_max - self.size_min) * share, 2)


def rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` -> (r, g, b)."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@cache
def load_style() -> Style:
    """The shipped style (``network/style.toml``)."""
    text = resources.files("ccpj_graph.network").joinpath("style.toml").read_text("utf-8")
    data = tomllib.loads(text)
    types = {name: TypeStyle(v["color"], v["label"]) for name, v in data["types"].items()}
    default = TypeStyle(data["default"]["color"], data["default"]["label"])
    kinds = {name: TypeStyle(v["color"], v["label"]) for name, v in data.get("kinds", {}).items()}
    return Style(
        types, default, float(data["size"]["min"]), float(data["size"]["max"]), kinds=kinds
    )
