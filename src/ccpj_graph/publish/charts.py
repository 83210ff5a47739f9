"""The charts page (``charts/index.html``): activities per year per theme, partners by kind, and a
world map of beneficiary countries that the page filters by theme, year and standard.

The bar charts are drawn here as plain SVG (bars, labels, a ``<title>`` per bar and the same
numbers as a table below each chart, for screen readers and copying); the map's outlines come
from :mod:`ccpj_graph.publish.worldmap` and its colours from the activity data the browser page
also reads (``assets/activities.js``), so map, browser and pages count alike.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ccpj_graph.publish.analyst import Analyst
from ccpj_graph.publish.worldmap import COLOURS, NONE, edge, legend, outlines, view_box

__all__ = ["charts_context"]

#: Colour-blind-safe qualitative colours (Okabe-Ito), one per series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_C = "https://w3id.org/ccpj/ontology#"
_LABEL_WIDTH = 350
_PLOT_WIDTH = 520


def _hbars(rows: list[dict[str, Any]], series: list[dict[str, str]]) -> dict[str, Any]:
    """Geometry of a horizontal grouped bar chart: one group per row, one bar per series."""
    bar, gap = 9, 10
    top = max([v for r in rows for v in r["values"]] + [1])
    y = 0
    shapes = []
    for row in rows:
        group_height = bar * len(series)
        bars = []
        for i, value in enumerate(row["values"]):
            width = round(value / top * _PLOT_WIDTH, 1)
            bars.append(
                {
                    "x": _LABEL_WIDTH,
                    "y": y + i * bar,
                    "w": width,
                    "h": bar - 1,
                    "fill": series[i]["colour"],
                    "value": value,
                    "title": f"{row['label']}, {series[i]['label']}: {value}",
                }
            )
        shapes.append({"label": row["label"], "y": y + group_height / 2 + 4, "bars": bars})
        y += group_height + gap
    return {
        "width": _LABEL_WIDTH + _PLOT_WIDTH + 50,
        "height": y,
        "label_x": _LABEL_WIDTH - 8,
        "rows": shapes,
        "series": series,
    }


def charts_context(analyst: Analyst, href: Any) -> dict[str, Any]:
    """Everything ``charts.html.j2`` draws."""
    years = sorted({a.year for a in analyst.activities.values() if a.year})
    per_theme: dict[str, Counter[str]] = defaultdict(Counter)
    for activity in analyst.activities.values():
        for theme in activity.themes:
            per_theme[theme][activity.year or "—"] += 1
    themes = sorted(per_theme, key=lambda t: (-sum(per_theme[t].values()), analyst.label(t)))
    year_series = [
        {"label": y, "colour": PALETTE[i % len(PALETTE)]} for i, y in enumerate(reversed(years))
    ]
    theme_rows = [
        {
            "label": analyst.label(t),
            "href": href(t, "../"),
            "values": [per_theme[t][s["label"]] for s in year_series],
            "total": sum(per_theme[t].values()),
        }
        for t in themes
    ]
    orgs_by_kind: dict[str, set[str]] = defaultdict(set)
    acts_by_kind: Counter[str] = Counter()
    for activity in analyst.activities.values():
        seen = set()
        for org, _ in activity.partners:
            kind = analyst.kind_label(analyst.kind_of(org))
            orgs_by_kind[kind].add(org)
            seen.add(kind)
        for kind in seen:
            acts_by_kind[kind] += 1
    kinds = sorted(orgs_by_kind, key=lambda k: (-len(orgs_by_kind[k]), k))
    kind_series = [
        {"label": "organisations", "colour": PALETTE[0]},
        {"label": "activities", "colour": PALETTE[1]},
    ]
    kind_rows = [
        {"label": k, "values": [len(orgs_by_kind[k]), acts_by_kind[k]], "href": None} for k in kinds
    ]
    names = {
        (analyst.literal(c, _C + "m49") or analyst.literal(c, _C + "isoNumeric") or ""): c
        for c in analyst.by("countries")
    }
    return {
        "year_theme": _hbars(theme_rows, year_series),
        "year_theme_rows": theme_rows,
        "years": [s["label"] for s in year_series],
        "partner_kinds": _hbars(kind_rows, kind_series),
        "partner_kind_rows": kind_rows,
        "map": {
            "view_box": view_box(),
            "edge": edge(),
            "outlines": [
                {
                    "code": o.code,
                    "name": analyst.label(names[o.code]) if o.code in names else o.name,
                    "path": o.path,
                }
                for o in outlines()
            ],
            "legend": legend(),
            "steps": [list(step) for step in COLOURS],
            "none": NONE,
        },
    }
