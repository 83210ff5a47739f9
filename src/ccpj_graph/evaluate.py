"""Measure extraction against a paragraph-by-paragraph annotation (``dev-001.jsonl`` format).

Fields are compared per paragraph, as sets, so that two readings that split a paragraph into
activities differently are not punished for the split itself. Partners follow the annotation's
convention: partners marked ``strict`` count for recall, every annotated partner counts for
precision. Names are compared after light normalisation (case, articles, punctuation) and an
organisation also matches on its acronym; a standard matches on its full name or short name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from ccpj_graph.errors import InputError
from ccpj_graph.export.activities import CORE_THEMES, activity_records, theme_key
from ccpj_graph.limits import ANNOTATION_BYTES, read_capped
from ccpj_graph.namespaces import CCPJ

__all__ = ["FieldScore", "Scores", "evaluate", "evaluate_graph", "load_gold"]

SET_FIELDS = ("countries", "partners", "standards", "mandates", "themes")


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


@dataclass(slots=True)
class Scores:
    """Per-field scores, year accuracy and the paragraphs where each field went wrong."""

    fields: dict[str, FieldScore] = field(default_factory=dict)
    year_correct: int = 0
    year_total: int = 0
    paragraphs: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def year_accuracy(self) -> float:
        return self.year_correct / self.year_total if self.year_total else 1.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: s.as_dict() for name, s in self.fields.items()}
        out["year"] = {
            "accuracy": round(self.year_accuracy, 4),
            "correct": self.year_correct,
            "total": self.year_total,
        }
        out["paragraphs"] = self.paragraphs
        return out

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


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Read an annotation file, one JSON object per paragraph; errors name file and line."""
    rows: list[dict[str, Any]] = []
    if not Path(path).exists():
        raise InputError(f"{path}: cannot read annotation: no such file")
    data = read_capped(path, ANNOTATION_BYTES, what="an annotation file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        where = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}:{where}: not UTF-8 text") from None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{lineno}: not JSON: {err.msg}") from err
        if not isinstance(row, dict) or "para" not in row or "report" not in row:
            raise InputError(f"{path}:{lineno}: expected an object with 'report' and 'para'")
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: the annotation holds no paragraphs")
    return rows


def _match(pred: Iterable[set[str]], gold: Iterable[set[str]]) -> int:
    """How many predicted items match some gold item (items are sets of match keys)."""
    gold = list(gold)
    return sum(1 for p in pred if any(p & g for g in gold))


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
    scores.misses = {name: [] for name in scores.fields}
    scores.misses["year"] = []
    for row in gold_rows:
        key = (str(row["report"]), str(row["para"]))
        preds = by_para.get(key, [])
        acts = row.get("activities") or []
        info = paragraph_info.get(key, {})
        scores.paragraphs += 1

        pred_sets: dict[str, list[set[str]]] = {
            "countries": [{c} for c in {c for r in preds for c in r["countries"]}],
            "mandates": [{m} for m in {m for r in preds for m in r["mandates"]}],
            "themes": [{_theme_label(t)} for t in set(info.get("themes", ()))],
            "partners": _dedupe(
                _name_keys(p["name"], p.get("acronym")) for r in preds for p in r["partners"]
            ),
            "standards": _dedupe(
                _standard_keys(s["label"], s.get("short_name"))
                for r in preds
                for s in r["standards"]
            ),
        }
        gold_all: dict[str, list[set[str]]] = {
            "countries": [{c} for c in {c for a in acts for c in a.get("countries", ())}],
            "mandates": [{m} for m in {m for a in acts for m in a.get("mandates", ())}],
            "themes": [{t} for t in set(row.get("themes") or ())],
            "partners": _dedupe(
                _name_keys(p["name"], p.get("acronym")) for a in acts for p in a["partners"]
            ),
            "standards": _dedupe(
                _standard_keys(s, None) for a in acts for s in a.get("standards", ())
            ),
        }
        gold_recall = dict(gold_all)
        gold_recall["partners"] = _dedupe(
            _name_keys(p["name"], p.get("acronym"))
            for a in acts
            for p in a["partners"]
            if p.get("strict", True)
        )
        for name in SET_FIELDS:
            s = scores.fields[name]
            tp_p = _match(pred_sets[name], gold_all[name])
            tp_r = _match(gold_recall[name], pred_sets[name])
            s.tp_precision += tp_p
            s.predicted += len(pred_sets[name])
            s.tp_recall += tp_r
            s.expected += len(gold_recall[name])
            if tp_p < len(pred_sets[name]) or tp_r < len(gold_recall[name]):
                scores.misses[name].append(key[1])

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
            scores.misses["year"].append(key[1])
    return scores


def _dedupe(key_sets: Iterable[set[str]]) -> list[set[str]]:
    """Merge key sets that name the same entity (e.g. once by name, once by acronym)."""
    merged: list[set[str]] = []
    for keys in key_sets:
        for existing in merged:
            if existing & keys:
                existing |= keys
                break
        else:
            merged.append(set(keys))
    return merged


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
    return evaluate(activity_records(graph), info, gold, report_of=report_of)
