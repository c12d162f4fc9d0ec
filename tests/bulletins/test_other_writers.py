"""The same figures as another writer, or the same writer on another day, puts them: each form
on a text written for the test, with invented places and figures, read as the usual form is."""

from __future__ import annotations

import pytest

from episurv.bulletins import parse_bulletin


def _by_unit(r: dict, field: str = "by_unit") -> list[tuple[int | None, int]]:
    return [(e["code"], e["new_cases"]) for e in r.get(field) or []]


@pytest.mark.parametrize("places", [
    "tại Hà Giang 6 ca, Nam Định 3 ca, Quảng Trị 1 ca",
    "tại: Hà Giang: 6 ca; Nam Định: 3 ca; Quảng Trị: 1 ca",
    "tại Hà Giang 6, Nam Định 3 và Quảng Trị 1",
    "tại Hà Giang 6 trường hợp, Nam Định 3 trường hợp, Quảng Trị 1 trường hợp",
])
def test_a_notice_line_lists_its_places_without_brackets(places):
    r = parse_bulletin(f"- 10 ca ghi nhận trong nước {places}; trong đó 4 ca được phát hiện "
                       "trong khu cách ly hoặc khu đã được phong toả.", date="2021-06-09")
    assert (r["kind"], r["new_cases"], r["quarantine"]) == ("moh_timeline", 10, 4)
    assert _by_unit(r) == [(2, 6), (36, 3), (45, 1)]
    assert r["status"] == "ok" and r["unparsed"] == []


def test_a_count_in_brackets_written_as_a_word_or_with_a_non_breaking_space():
    r = parse_bulletin("+ 9 ca ghi nhận trong nước tại Yên Bái (một), Sơn La (8\u00a0).",
                       date="2021-06-11")
    assert _by_unit(r) == [(15, 1), (14, 8)]
    assert (r["new_cases"], r["status"]) == (9, "ok")
