"""Measure extraction against a paragraph-by-paragraph annotation (``dev-001.jsonl`` format).

Fields are compared per paragraph, as sets, so that two readings that split a paragraph into
activities differently are not punished for the split itself. Partners follow the annotation's
convention: partners marked ``strict`` count for recall, every annotated partner counts for
precision. Names are compared after light normalisation (case, articles, punctuation) and an
organisation also matches on its acronym; a standard matches on its full name or short name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from ccpj_graph.annotation import AnnotatedParagraph, load_annotation
from ccpj_graph.errors import InputError
from ccpj_graph.export.activities import CORE_THEMES, activity_records, theme_key
from ccpj_graph.namespaces import CCPJ

__all__ = ["Difference", "FieldScore", "Scores", "evaluate", "evaluate_graph", "load_gold"]

SET_FIELDS = ("countries", "partners", "standards", "mandates", "themes")
#: Fields compared as one value per paragraph, not as sets: a difference gives both values.
_COUNTED = ("year", "activities")


@dataclass(slots=True)
class FieldScore:
    """Counts behind precision and recall for one field."""

    tp_precision: int = 0
    predicted: int = 0
    tp_recall: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.tp_precision / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_recall / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "expected": self.expected,
        }


@dataclass(frozen=True, slots=True)
class Difference:
    """Where the graph and the annotation disagree on one field of one paragraph: what the
    graph has that the annotation does not (``extra``, against precision) and what the
    annotation has that the graph lacks (``missing``, against recall). For the year, ``extra``
    is the graph's year and ``missing`` the annotation's."""

    report: str
    paragraph: str
    field: str
    extra: tuple[str, ...]
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "paragraph": self.paragraph,
            "field": self.field,
            "extra": list(self.extra),
            "missing": list(self.missing),
        }

    def render(self) -> str:
        where = f"{self.report} \N{SECTION SIGN}{self.paragraph:<4} {self.field:<11}"
        if self.field in _COUNTED:
            return f"{where}graph {', '.join(self.extra)}, annotation {', '.join(self.missing)}"
        said = [
            f"{sign} {'; '.join(items)}"
            for sign, items in (("+", self.extra), ("-", self.missing))
            if items
        ]
        return where + "  ".join(said)


@dataclass(slots=True)
class Scores:
    """Per-field scores, year accuracy and, paragraph by paragraph, where they disagree."""

    fields: dict[str, FieldScore] = field(default_factory=dict)
    year_correct: int = 0
    year_total: int = 0
    paragraphs: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def year_accuracy(self) -> float:
        return self.year_correct / self.year_total if self.year_total else 1.0

    def as_dict(self, *, differences: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {name: s.as_dict() for name, s in self.fields.items()}
        if differences:
            out["differences"] = [d.as_dict() for d in self.differences]
        out["year"] = {
            "accuracy": round(self.year_accuracy, 4),
            "correct": self.year_correct,
            "total": self.year_total,
        }
        out["paragraphs"] = self.paragraphs
        return out

    def render_differences(self) -> str:
        """One line per field and paragraph that disagree: ``+`` what only the graph has,
        ``-`` what only the annotation has (so a maintainer can read both in the text)."""
        if not self.differences:
            return "no differences"
        return "\n".join(d.render() for d in self.differences)

    def render(self) -> str:
        lines = [f"{'field':<16}{'precision':>10}{'recall':>10}{'f1':>8}{'pred':>7}{'gold':>7}"]
        for name, s in self.fields.items():
            lines.append(
                f"{name:<16}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}"
                f"{s.predicted:>7}{s.expected:>7}"
            )
        lines.append(
            f"{'year accuracy':<16}{self.year_accuracy:>10.3f}"
            f"{'':>10}{'':>8}{self.year_correct:>7}{self.year_total:>7}"
        )
        lines.append(f"paragraphs compared: {self.paragraphs}")
        return "\n".join(lines)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the", "of", "and", "for", "on"}]
    return " ".join(words)


def _strip_parenthetical(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _name_keys(name: str, acronym: str | None) -> set[str]:
    keys = {_norm(name), _norm(_strip_parenthetical(name))}
    if acronym:
        keys.add("acr:" + _norm(acronym))
    return {k for k in keys if k}


def _standard_keys(label: str, short_name: str | None) -> set[str]:
    keys = {_norm(label), _norm(_strip_parenthetical(label))}
    inner = re.findall(r"\(([^)]*)\)", label)
    keys.update(_norm(x) for x in inner)
    if short_name:
        keys.add(_norm(short_name))
    return {k for k in keys if k}


def _theme_label(key: str) -> str:
    if key in CORE_THEMES or key.startswith("other:"):
        return key
    return f"other:{key}"


def load_gold(path: Path) -> list[AnnotatedParagraph]:
    """Read an annotation file, one JSON object per paragraph, every key and value checked
    (:mod:`ccpj_graph.annotation`); errors name file and line."""
    return load_annotation(path)


#: An entity as compared: the name shown for it and the keys it matches on.
_Item = tuple[str, set[str]]


def _plain(values: Iterable[str]) -> list[_Item]:
    """Codes compared as they are (countries, mandates, themes), in a stable order."""
    return [(value, {value}) for value in sorted(values)]


def _year(value: object) -> str:
    return "none" if value is None else str(value)


def _partner_label(partner: Mapping[str, Any]) -> str:
    acronym = partner.get("acronym")
    return f"{partner['name']} ({acronym})" if acronym else str(partner["name"])


def _items(pairs: Iterable[_Item]) -> list[_Item]:
    """Merge items that name the same entity (once by name, once by acronym), keeping the
    first name seen; sorted by that name."""
    merged: list[_Item] = []
    for label, keys in pairs:
        for _, existing in merged:
            if existing & keys:
                existing |= keys
                break
        else:
            merged.append((label, set(keys)))
    return sorted(merged, key=lambda item: item[0])


def _unmatched(items: list[_Item], others: list[_Item]) -> tuple[str, ...]:
    """The names of ``items`` that match none of ``others``."""
    return tuple(label for label, keys in items if not any(keys & k for _, k in others))


def evaluate(
    records: Iterable[Mapping[str, Any]],
    paragraph_info: Mapping[tuple[str, str], Mapping[str, Any]],
    gold_rows: Iterable[Mapping[str, Any]],
    *,
    report_of: Mapping[str, str] | None = None,
) -> Scores:
    """Compare flat activity records (the ``export activities`` format) with an annotation.

    A record names its report by ``report`` or, as the flat export does, by ``source_file``,
    which ``report_of`` maps to the report key. ``paragraph_info`` maps (report key, paragraph
    number) to ``{"themes": [...], "year": int | None}`` as classified per paragraph. Only
    paragraphs of reports the annotation covers are compared.
    """
    gold_rows = list(gold_rows)
    reports = {str(row["report"]) for row in gold_rows}
    by_para: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for rec in records:
        report = rec.get("report") or (report_of or {}).get(str(rec.get("source_file")))
        key = (str(report), str(rec["paragraph"]))
        if key[0] in reports:
            by_para.setdefault(key, []).append(rec)

    scores = Scores(fields={name: FieldScore() for name in (*SET_FIELDS, "activities")})
    for row in gold_rows:
        key = (str(row["report"]), str(row["para"]))
        preds = by_para.get(key, [])
        acts = row.get("activities") or []
        info = paragraph_info.get(key, {})
        scores.paragraphs += 1

        pred_sets: dict[str, list[_Item]] = {
            "countries": _plain({c for r in preds for c in r["countries"]}),
            "mandates": _plain({m for r in preds for m in r["mandates"]}),
            "themes": _plain({_theme_label(t) for t in info.get("themes", ())}),
            "partners": _items(
                (_partner_label(p), _name_keys(p["name"], p.get("acronym")))
                for r in preds
                for p in r["partners"]
            ),
            "standards": _items(
                (s["label"], _standard_keys(s["label"], s.get("short_name")))
                for r in preds
                for s in r["standards"]
            ),
        }
        gold_all: dict[str, list[_Item]] = {
            "countries": _plain({c for a in acts for c in a.get("countries", ())}),
            "mandates": _plain({m for a in acts for m in a.get("mandates", ())}),
            "themes": _plain(set(row.get("themes") or ())),
            "partners": _items(
                (_partner_label(p), _name_keys(p["name"], p.get("acronym")))
                for a in acts
                for p in a["partners"]
            ),
            "standards": _items(
                (s, _standard_keys(s, None)) for a in acts for s in a.get("standards", ())
            ),
        }
        gold_recall = dict(gold_all)
        gold_recall["partners"] = _items(
            (_partner_label(p), _name_keys(p["name"], p.get("acronym")))
            for a in acts
            for p in a["partners"]
            if p.get("strict", True)
        )
        for name in SET_FIELDS:
            s = scores.fields[name]
            extra = _unmatched(pred_sets[name], gold_all[name])
            missing = _unmatched(gold_recall[name], pred_sets[name])
            s.tp_precision += len(pred_sets[name]) - len(extra)
            s.predicted += len(pred_sets[name])
            s.tp_recall += len(gold_recall[name]) - len(missing)
            s.expected += len(gold_recall[name])
            if extra or missing:
                scores.differences.append(Difference(*key, name, extra, missing))

        count = scores.fields["activities"]
        both = min(len(preds), len(acts))
        count.tp_precision += both
        count.tp_recall += both
        count.predicted += len(preds)
        count.expected += len(acts)

        scores.year_total += 1
        if info.get("year") == row.get("year"):
            scores.year_correct += 1
        else:
            years = (_year(info.get("year")),), (_year(row.get("year")),)
            scores.differences.append(Difference(*key, "year", *years))
        if len(preds) != len(acts):
            counts = (str(len(preds)),), (str(len(acts)),)
            scores.differences.append(Difference(*key, "activities", *counts))
    return scores


def evaluate_graph(graph: Graph, gold_path: Path) -> Scores:
    """Compare the knowledge graph (merged) with the annotation in ``gold_path``."""
    gold = load_gold(gold_path)
    report_of = {
        str(file): str(key)
        for report, file in graph.subject_objects(CCPJ.sourceFile)
        if (key := graph.value(report, DCTERMS.identifier)) is not None
    }
    info: dict[tuple[str, str], dict[str, Any]] = {}
    for para in graph.subjects(RDF.type, CCPJ.Paragraph):
        report = graph.value(para, DCTERMS.isPartOf)
        para_key = (
            str(graph.value(report, DCTERMS.identifier)),
            str(graph.value(para, CCPJ.paragraphNumber)),
        )
        year = graph.value(para, CCPJ.year)
        info[para_key] = {
            "themes": [theme_key(graph, t) for t in graph.objects(para, CCPJ.theme)],
            "year": int(str(year)) if year is not None else None,
        }
    _check_covered(gold_path, gold, info)
    return evaluate(activity_records(graph), info, gold, report_of=report_of)


def _check_covered(
    path: Path, gold: list[AnnotatedParagraph], info: Mapping[tuple[str, str], object]
) -> None:
    """Every annotated paragraph is one the graph holds: an annotation of a report the graph
    was not built with (or of a paragraph its reader does not find) scored zero recall
    without a word, as if the extraction had found nothing."""
    numbers: dict[str, list[str]] = {}
    for report, number in info:
        numbers.setdefault(report, []).append(number)
    for row in gold:
        report, number = str(row["report"]), str(row["para"])
        where = f"{path}:{row.line}"  # the README promises file:line for these too
        if report not in numbers:
            known = ", ".join(sorted(numbers))
            raise InputError(f"{where}: report {report} is not in the graph (reports: {known})")
        if number not in numbers[report]:
            held = sorted(numbers[report], key=lambda n: (len(n), n))
            raise InputError(
                f"{where}: report {report} has no paragraph {number!r} in the graph "
                f"(paragraphs {held[0]}-{held[-1]})"
            )
