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


def test_rates_of_nothing_are_not_a_perfect_score():
    from episurv.bulletins.score import rates

    assert rates(3, 1, 0) == (0.75, 1.0, 2 * 0.75 / 1.75)
    assert rates(0, 0, 0) == (None, None, None)  # nothing expected, nothing read: n/a
    assert rates(0, 2, 0) == (0.0, None, 0.0)  # read where nothing is expected
    assert rates(0, 0, 2) == (None, 0.0, 0.0)  # every expected fact missed
    assert rates(0, 1, 1) == (0.0, 0.0, 0.0)


def test_both_scorers_give_a_field_without_facts_no_score(tmp_path):
    from episurv.bulletins.gold import format_gold_table, score_gold
    from episurv.bulletins.score import score_pairs

    # The corpus scorer: a field neither expected nor read has no score (it had F1 1.0).
    result = {"kind": "city_daily", "date": "2021-11-09", "jurisdiction": None, "checks": []}
    scores = score_pairs([(result, {"kind": "city_daily", "date": "2021-11-09"})])
    assert (scores["deaths"].precision, scores["deaths"].recall, scores["deaths"].f1) == (
        None, None, None)
    assert scores["kind"].f1 == 1.0
    # The gold scorer: deaths read where the gold states none count against the reading (it
    # showed n/a); community, neither stated nor read, stays n/a.
    (tmp_path / "a.txt").write_text("Tối 12/7, Bộ Y tế thông báo ghi nhận 1.303 ca mắc mới "
                                    "trong nước; có 12 ca tử vong.", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text('{"kind": "national_daily", "date": "2021-07-12", '
                                          '"domestic": 1303}', encoding="utf-8")
    fields = score_gold(tmp_path)["fields"]
    assert fields["deaths"] == {"precision": 0.0, "recall": None, "f1": 0.0, "tp": 0, "fp": 1,
                                "fn": 0}
    assert fields["community"]["f1"] is None and fields["domestic"]["f1"] == 1.0
    rows = {line.split()[0]: line.split()[1:] for line in format_gold_table(
        score_gold(tmp_path)).splitlines()[1:-1]}
    assert rows["deaths"] == ["0.000", "n/a", "0.000", "0", "1", "0"]
    assert rows["community"] == ["n/a", "n/a", "n/a", "0", "0", "0"]
