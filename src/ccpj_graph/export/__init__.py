"""Exporters: each turns the merged graph into files of one kind; looked up by name.

The registry maps a name (``activities``, later ``gexf``, ``graphml``...) to a function; the
core never imports an exporter, the CLI looks it up here.
"""

from __future__ import annotations

from ccpj_graph.export.activities import activity_records, write_activities

__all__ = ["activity_records", "write_activities"]
