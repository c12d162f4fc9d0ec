"""The spans the parser reports, the highlighted text, and a person's corrections (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from episurv.bulletins import parse_bulletin
from episurv.bulletins.review import apply_corrections, fixable, highlight
from episurv.bulletins.segment import normalise, split_sentences
from episurv.errors import InvalidInput

CORPUS = Path(__file__).parent / "corpus"


def _read(name: str) -> dict:
    return parse_bulletin((CORPUS / name).read_text(encoding="utf-8"))


def _spans(result: dict) -> list[tuple[str, str]]:
    return [(result["text"][s["start"]:s["end"]], s["field"]) for s in result["spans"]]


def test_spans_name_the_text_each_field_was_read_from():
    r = _read("01-hanoi-daily.txt")
    spans = _spans(r)
    assert ("tối 9/11", "date") in spans
    assert spans[1:3] == [("38", "community"), ("27", "quarantine")]
    listed = [t for t, f in spans if f == "community_by_unit"]
    assert listed == ["Hoàng Mai 9, Thanh Xuân 7, Đống Đa 5; Cầu Giấy, Hà Đông mỗi nơi 4; "
                      "Ba Đình, Long Biên mỗi nơi 3; Sóc Sơn, Mê Linh, Gia Lâm mỗi nơi một."]
    assert [t for t, f in spans if f == "cumulative"] == ["4", "từ ngày 27/4", "5.120", "2.018",
                                                           "3.102"]
    assert ("20", "by_source") in spans and ("36", "by_source") in spans


def test_spans_point_into_the_normalised_text_of_an_nfd_bulletin():
    text = (CORPUS / "04-hanoi-nfd-nbsp.txt").read_text(encoding="utf-8")
    r = parse_bulletin(text)
    assert r["text"] == normalise(text) and r["text"] != text
    assert r["spans"] and all(0 <= s["start"] < s["end"] <= len(r["text"]) for s in r["spans"])
    for s in split_sentences(r["text"]):
        assert r["text"][s.offset:s.offset + len(s.text)] == s.text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_every_span_fed_a_field_the_result_holds(path):
    r = parse_bulletin(path.read_text(encoding="utf-8"))
    for s in r["spans"]:
        assert r.get(s["field"]) not in (None, [], {}), (s, r["text"][s["start"]:s["end"]])
    # Every figure that was read lies inside some span.
    covered = {i for s in r["spans"] for i in range(s["start"], s["end"])}
    unread = sum(len(u["numbers"]) for u in r["unparsed"])
    digits = [i for i, c in enumerate(r["text"]) if c.isdigit() and i not in covered]
    assert unread or not [i for i in digits if not r["text"][i - 1:i].isalnum()
                          and r["text"][i - 1:i] != "-"]


def test_highlight_gives_each_character_to_the_shortest_span():
    spans = [{"start": 0, "end": 8, "field": "by_unit"}, {"start": 3, "end": 5, "field": "x"}]
    assert highlight("ab 12 cd!", spans) == [("ab ", "by_unit"), ("12", "x"), (" cd", "by_unit"),
                                             ("!", None)]
    assert highlight("", []) == []


def test_a_correction_that_fixes_the_split_makes_the_reading_ok():
    r = _read("14-danang-split-disagrees.txt")
    assert r["status"] == "needs_review"
    assert ("quarantine", "quarantine", 22) in fixable(r)
    assert ("by_unit.0", "by_unit: Sơn Trà", 15) in fixable(r)
    fixed = apply_corrections(r, {"quarantine": "25", "community": "20"})
    assert fixed["corrected"] == {"quarantine": [22, 25]}  # 20 was what was read
    assert fixed["status"] == "ok" and fixed["quarantine"] == 25
    check = next(c for c in fixed["checks"] if c["name"] == "community_plus_quarantine")
    assert check["ok"] and check["detail"] == "20 community + 25 quarantine = 45, total 45"
    assert r["quarantine"] == 22  # the reading itself is untouched


def test_a_list_correction_and_a_wrong_one():
    r = _read("06-hanoi-districts-disagree.txt")
    assert r["community_by_unit"][0]["unit"] == "Hoàng Mai"
    assert r["list_totals"] == {"community_by_unit": 52}
    # The districts add up to 54 against 52 community cases; Hoàng Mai was 14, not 16.
    fixed = apply_corrections(r, {"community_by_unit.0": "14"})
    assert fixed["corrected"] == {"community_by_unit.0": [16, 14]}
    assert fixed["community_by_unit"][0]["new_cases"] == 14
    assert fixed["status"] == "ok", fixed["checks"]
    with pytest.raises(InvalidInput, match="cannot be corrected"):
        apply_corrections(r, {"clusters.0": "3"})
    with pytest.raises(InvalidInput, match="not a whole number"):
        apply_corrections(r, {"community": "many"})
    with pytest.raises(InvalidInput) as refused:
        apply_corrections(r, {"date": "14/11"})
    assert str(refused.value) == (
        "date “14/11”: not a date (day, month and year: 7/11/2021, 07-11-21, 7.11.2021, "
        "7 tháng 11 năm 2021 or 2021-11-07)")
    assert apply_corrections(r, {})["corrected"] == {}


def test_a_corrected_day_typed_as_a_person_types_it():
    """The reading's day was corrected in ISO only ("date '14/11/2021' is not YYYY-MM-DD")."""
    r = _read("06-hanoi-districts-disagree.txt")
    assert apply_corrections(r, {"date": "14/11/2021"})["date"] == "2021-11-14"
    assert apply_corrections(r, {"date": "ngày 14 tháng 11 năm 2021"})["date"] == "2021-11-14"
