"""The evaluator: per-paragraph sets, strict partners for recall, all partners for precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from ccpj_graph.errors import InputError
from ccpj_graph.evaluate import evaluate, load_gold

GOLD = [
    {
        "report": "001",
        "para": "3",
        "themes": ["data", "other:terrorism"],
        "year": 2021,
        "activities": [
            {
                "countries": ["KAZ", "UZB"],
                "partners": [
                    {
                        "name": "United Nations Development Programme",
                        "acronym": "UNDP",
                        "strict": True,
                    },
                    {
                        "name": "Global Focal Point for the Rule of Law",
                        "acronym": None,
                        "strict": False,
                    },
                ],
                "standards": [
                    "United Nations Standard Minimum Rules for the Treatment of Prisoners "
                    "(the Nelson Mandela Rules)"
                ],
                "mandates": ["GA resolution 76/183"],
            }
        ],
    },
    {"report": "001", "para": "4", "themes": [], "year": None, "activities": []},
]


def record(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "report": "001",
        "paragraph": "3",
        "countries": ["KAZ"],
        "partners": [{"name": "UNDP", "acronym": "UNDP", "role": "co-deliverer"}],
        "standards": [
            {
                "label": "Standard Minimum Rules for the Treatment of Prisoners",
                "short_name": "Nelson Mandela Rules",
            }
        ],
        "mandates": ["GA resolution 76/183"],
    }
    base.update(kw)
    return base


def test_scores_per_field() -> None:
    info = {
        ("001", "3"): {"themes": ["data", "terrorism"], "year": 2021},
        ("001", "4"): {"themes": ["prison"], "year": 2021},
    }
    extra = {"name": "Global Focal Point for the Rule of Law", "acronym": None, "role": "other"}
    recs = [
        record(),
        record(countries=["KAZ", "FRA"], partners=[extra]),
    ]
    scores = evaluate(recs, info, GOLD)
    countries = scores.fields["countries"]
    assert (countries.precision, countries.recall) == (0.5, 0.5)
    partners = scores.fields["partners"]
    # the non-strict partner is no miss for recall and no error for precision
    assert (partners.precision, partners.recall) == (1.0, 1.0)
    assert scores.fields["standards"].f1 == 1.0
    assert scores.fields["mandates"].f1 == 1.0
    themes = scores.fields["themes"]  # "terrorism" is written other:terrorism
    assert (themes.tp_precision, themes.predicted, themes.expected) == (2, 3, 2)
    assert scores.year_correct == 1 and scores.year_total == 2
    assert scores.fields["activities"].predicted == 2
    found = {(d.paragraph, d.field): (d.extra, d.missing) for d in scores.differences}
    assert found == {
        ("3", "countries"): (("FRA",), ("UZB",)),
        ("3", "activities"): (("2",), ("1",)),
        ("4", "themes"): (("prison",), ()),
        ("4", "year"): (("2021",), ("none",)),
    }


@pytest.fixture(scope="module")
def committed_graph() -> Graph:
    """The committed graph as ``ccpj evaluate`` reads it, once for the module."""
    from ccpj_graph.build.merged import merged_graph

    return merged_graph(ontology=False)


@pytest.mark.slow
@pytest.mark.parametrize("report", ["000", "001", "002", "003", "004"])
def test_the_differences_are_exactly_what_the_scores_count(
    report: str, committed_graph: Graph
) -> None:
    """On the committed graph and every annotation: each field's listed extras are its
    precision errors and its listed missing items its recall errors, one for one, so a
    maintainer reading the list reads every error the scores count and nothing else."""
    from ccpj_graph.evaluate import SET_FIELDS, evaluate_graph

    gold = Path(__file__).parent / "data" / f"dev-{report}.jsonl"
    scores = evaluate_graph(committed_graph, gold)
    assert scores.paragraphs == len(load_gold(gold))
    for name in SET_FIELDS:
        score = scores.fields[name]
        listed = [d for d in scores.differences if d.field == name]
        assert sum(len(d.extra) for d in listed) == score.predicted - score.tp_precision
        assert sum(len(d.missing) for d in listed) == score.expected - score.tp_recall
        assert all(d.extra or d.missing for d in listed)
    years = [d for d in scores.differences if d.field == "year"]
    assert len(years) == scores.year_total - scores.year_correct
    assert all(d.extra != d.missing for d in years)


def test_records_can_name_their_report_by_source_file() -> None:
    rec = record()
    del rec["report"]
    rec["source_file"] = "001_x.txt"
    scores = evaluate([rec], {}, GOLD, report_of={"001_x.txt": "001"})
    assert scores.fields["countries"].tp_precision == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "holds no paragraphs"),
        ("{", ":1: not JSON"),
        ('{"x": 1}\n', ":1: unknown key 'x'"),
        ("[1]\n", ":1: expected an object"),
    ],
)
def test_bad_gold_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")


def test_fixture_is_the_annotation_format() -> None:
    rows = load_gold(Path(__file__).parent / "data" / "dev-001.jsonl")
    assert len(rows) == 69
    assert json.dumps(rows[0])


@pytest.mark.slow
def test_every_annotated_paragraph_with_an_activity_yields_one() -> None:
    """On the committed graph: no paragraph the annotation says reports work comes out empty."""
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.export.activities import activity_records

    found = {
        (r["source_file"].split("_")[0], r["paragraph"])
        for r in activity_records(merged_graph(ontology=False))
    }
    gold = load_gold(Path(__file__).parent / "data" / "dev-001.jsonl")
    missing = [
        row["para"] for row in gold if row["activities"] and ("001", row["para"]) not in found
    ]
    assert missing == []
    assert sum(1 for row in gold if row["activities"]) == 63
