"""Meaning-preserving rewrites of the project's corpus read the same as the originals: "ca" as
"trường hợp", "Tên n" lists as "Tên (n)", "mỗi nơi" as "mỗi quận", the opening sentence's
time and date moved before its publisher; each alone and all together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


# A list item "Name n" (a capitalised word before a whole figure that ends the item), written
# "Name (n)"; "Quận 1" and "Phường 3" are names, not items.
_ITEM_RE = re.compile(r"(?<![\w.])([^\W\d_][^\s\d,;:.()]*) (\d+(?:\.\d{3})*)(?=[,;]|\.(?!\d)|$)",
                      re.M)
# "CDC Hà Nội tối 9/11 ghi nhận ..." -> "Tối 9/11, CDC Hà Nội ghi nhận ...".
_OPENING_RE = re.compile(r"^((?:Trung tâm Kiểm soát bệnh tật \(CDC\)|CDC|Sở Y tế) [^\d,]*?) "
                         r"(sáng|trưa|chiều|tối) (\d{1,2}/\d{1,2}) ")


def _brackets(text: str) -> str:
    return _ITEM_RE.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(1)[0].isupper()
                        and m.group(1) not in ("Quận", "Phường") else m.group(0), text)


def _each_district(text: str) -> str:
    return text.replace("mỗi nơi", "mỗi quận")


def _reordered(text: str) -> str:
    return _OPENING_RE.sub(lambda m: f"{m.group(2).capitalize()} {m.group(3)}, {m.group(1)} ",
                           text, count=1)


def _truong_hop(text: str) -> str:
    return re.sub(r"(\d) ca\b", r"\1 trường hợp", text)


@pytest.mark.parametrize("rewrite, changes", [
    (_brackets, 15), (_each_district, 10), (_reordered, 12),
    (lambda t: _reordered(_each_district(_brackets(_truong_hop(t)))), 30),
])
def test_rewrites_score_the_same(rewrite, changes):
    texts = [text for _, text, _ in load_corpus(CORPUS)]
    # Each rewrite changes many texts, so the comparison below is not vacuous.
    assert sum(rewrite(t) != t for t in texts) >= changes
    assert _f1(rewrite) == _f1(lambda t: t)


def test_rewrites_do_what_they_say():
    text = ("CDC Hà Nội tối 9/11 ghi nhận 38 ca cộng đồng. Cụ thể: Hoàng Mai 9, Tây Hồ 5; "
            "Cầu Giấy, Hà Đông mỗi nơi 4.")
    assert _reordered(_each_district(_brackets(text))) == (
        "Tối 9/11, CDC Hà Nội ghi nhận 38 ca cộng đồng. Cụ thể: Hoàng Mai (9), Tây Hồ (5); "
        "Cầu Giấy, Hà Đông mỗi quận 4.")
    assert _brackets("tại Quận 12, Trong 9.889 ca") == "tại Quận 12, Trong 9.889 ca"
