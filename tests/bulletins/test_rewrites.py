"""Meaning-preserving rewrites of the project's corpus read the same as the originals."""

from __future__ import annotations

import re
from pathlib import Path

from episurv.bulletins import parse_bulletin
from episurv.bulletins.score import load_corpus, score_pairs

CORPUS = Path(__file__).parent / "corpus"


def _f1(rewrite) -> dict[str, float]:
    pairs = [(parse_bulletin(rewrite(text)), expected)
             for _, text, expected in load_corpus(CORPUS)]
    return {f: round(s.f1, 6) for f, s in score_pairs(pairs).items()}


def test_truong_hop_for_ca_scores_the_same():
    # "12 ca" and "12 trường hợp" say the same: every field scores as on the originals.
    rewritten = _f1(lambda t: re.sub(r"(\d) ca\b", r"\1 trường hợp", t))
    assert rewritten == _f1(lambda t: t)
    assert rewritten["community_by_unit"] == 1.0 and rewritten["new_cases"] == 1.0


def test_truong_hop_is_read_as_a_case_count():
    r = parse_bulletin("Sở Y tế Hà Nội tối 9/11 ghi nhận 12 trường hợp cộng đồng, "
                       "5 trường hợp ở khu cách ly.")
    assert (r["community"], r["quarantine"], r["new_cases"]) == (12, 5, 17)
