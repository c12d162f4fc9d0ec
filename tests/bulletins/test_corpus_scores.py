"""The parser against the project's own corpus: every field's F1 >= 0.98."""

from __future__ import annotations

import json
from pathlib import Path

from episurv.bulletins.score import FIELDS, format_table, load_corpus, mismatches, score_corpus

CORPUS = Path(__file__).parent / "corpus"


def test_corpus_is_complete():
    corpus = load_corpus(CORPUS)
    assert len(corpus) >= 30
    kinds = {e["kind"] for _, _, e in corpus}
    assert kinds == {"city_daily", "national_daily", "moh_timeline"}
    assert sum(e["status"] == "needs_review" for _, _, e in corpus) >= 5
    for path, _, expected in corpus:
        assert set(expected) <= set(FIELDS) | {"year"}, path.name


def test_every_field_f1_at_least_098(record_property):
    scores = score_corpus(CORPUS)
    table = format_table(scores)
    print("\n" + table)  # shown with -s; also attached to the test report below
    record_property("corpus_scores", json.dumps(
        {f: round(s["f1"], 4) for f, s in scores.items()}))
    low = {f: s["f1"] for f, s in scores.items() if s["f1"] < 0.98}
    assert not low, f"fields below F1 0.98: {low}\n{table}\n{mismatches(CORPUS)}"
    assert scores["community_by_unit"]["tp"] >= 100  # the table measures something


def test_scorer_counts_misses_and_inventions():
    from episurv.bulletins.score import score_pairs

    result = {"kind": "city_daily", "date": "2021-11-09", "jurisdiction": None, "checks": [],
              "new_cases": 10, "community_by_unit": [{"unit": "Thanh Xuân", "new_cases": 8},
                                                     {"unit": "Ba Đình", "new_cases": 2}]}
    expected = {"kind": "city_daily", "date": "2021-11-09", "new_cases": 12,
                "community_by_unit": [["Thanh Xuân", 8], ["Hà Đông", 4]]}
    scores = score_pairs([(result, expected)])
    cbu = scores["community_by_unit"]
    assert (cbu.tp, cbu.fp, cbu.fn) == (1, 1, 1) and cbu.f1 == 0.5
    assert (scores["new_cases"].tp, scores["new_cases"].fp, scores["new_cases"].fn) == (0, 1, 1)
    assert scores["kind"].f1 == 1.0
