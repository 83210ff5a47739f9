"""``python -m ccpj_graph.samework [--graph DIR] [--from S] [--to S]``: print the candidate
pairs of overlapping reports, best first, with their quotes, to read when choosing the
threshold (``samework/settings.toml``) or a curation entry."""

from __future__ import annotations

import argparse
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.corpus.manifest import MANIFEST_NAME, load_manifest
from ccpj_graph.samework import FILE_NAME, candidates, load_settings, periods_of, read_items
from ccpj_graph.samework.items import organisation_names


def main(argv: list[str] | None = None) -> int:
    """Print candidate pairs scoring in [--from, --to)."""
    parser = argparse.ArgumentParser(prog="python -m ccpj_graph.samework")
    parser.add_argument("--graph", default=None, help="graph folder (default data/graph)")
    parser.add_argument("--from", dest="low", type=float, default=0.5)
    parser.add_argument("--to", dest="high", type=float, default=1.01)
    args = parser.parse_args(argv)
    folder = resources.graph_dir() if args.graph is None else Path(args.graph)
    metas = load_manifest(resources.sources_dir() / MANIFEST_NAME)
    items = {}
    names = organisation_names(sorted(resources.reference_dir().glob("organisations.ttl")))
    for meta in metas:
        path = folder / f"{meta.key}.ttl"
        if path.name != FILE_NAME and path.is_file():
            items[meta.key] = read_items(path.read_bytes(), meta.key, names)
    settings = load_settings()
    for link in candidates(items, periods_of(metas), settings, floor=args.low):
        if link.score.score >= args.high:
            continue
        mark = "*" if link.score.score >= settings.threshold else " "
        print(
            f"{mark} {link.score.score:.3f} text={link.score.text:.3f} {link.a.key} {link.b.key}"
            f" {link.a.type}/{link.b.type} {link.a.year}/{link.b.year}"
            f" words={','.join(link.score.words[:6])}"
        )
        print(f"    A: {link.a.quote}")
        print(f"    B: {link.b.quote}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
