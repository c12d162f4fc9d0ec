"""The reader on real 2021 texts nobody on the team wrote, read in place from the shared folder
`reference/real` (66 texts with their figures read by hand); the table is printed."""

from __future__ import annotations

import json

from episurv.bulletins import parse_bulletin
from episurv.bulletins.gold import format_gold_table, score_gold

from .shared_texts import shared_path

REAL = shared_path("reference", "real")


def _read(name: str, date: str | None = None) -> dict:
    return parse_bulletin((REAL / f"{name}.txt").read_text(encoding="utf-8"), date=date)


def test_score_on_real_texts(record_property):
    scores = score_gold(REAL)
    table = format_gold_table(scores)
    print("\n" + table)
    record_property("real_scores", json.dumps(
        {f: s["f1"] for f, s in scores["fields"].items()}))
    f1 = {f: s["f1"] for f, s in scores["fields"].items()}
    assert scores["texts"] == 66
    assert f1["kind"] == 1.0 and f1["by_unit"] >= 0.97, table
    assert f1["new_cases"] >= 0.98 and f1["quarantine"] >= 0.98, table
    assert scores["right"] >= 62, table
    assert f1["community_by_unit"] is None  # no gold fact: not a perfect score


def test_stray_space_in_brackets_and_date_told():
    # "Phú Yên (8 )" of the notice of 10/7/2021; the notice states no date of its own.
    r = _read("t010", date="2021-07-10")
    assert r["date"] == "2021-07-10" and r["kind"] == "moh_timeline"
    got = {e["written"]: e["new_cases"] for e in r["by_unit"]}
    assert got["Phú Yên"] == 8 and len(got) == 11 and sum(got.values()) == 593
    assert r["quarantine"] == 409


def test_october_notice_list_wrapped_over_lines():
    r = _read("r004")
    assert (r["kind"], r["date"]) == ("moh_timeline", "2021-10-03")
    assert (r["new_cases"], r["imported"], r["domestic"], r["community"]) == (5376, 9, 5367, 2674)
    got = {e["written"]: e["new_cases"] for e in r["by_unit"]}
    assert len(got) == 39 and sum(got.values()) == 5367
    assert got["Bà Rịa - Vũng Tàu"] == 13 and got["Thừa Thiên Huế"] == 1 and got["Nghệ An"] == 11


def test_hospital_is_a_named_place_not_a_unit():
    r = _read("r001")
    first = r["by_unit"][0]
    assert first["written"] == "Bệnh viện Bệnh nhiệt đới Trung ương" and first["code"] is None
    assert first["new_cases"] == 4 and r["by_unit"][1]["code"] == 26  # Vĩnh Phúc (13)
    assert (r["new_cases"], r["imported"], r["domestic"]) == (34, 1, 33)
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(48, 1)]
    assert not any(c["name"] == "units_resolved" and not c["ok"] for c in r["checks"])


def test_lockdown_cases_count_with_quarantine():
    # Hà Nội, 28/11/2021: 141 community, 133 in quarantine areas, 27 in lockdown areas ("tỏa").
    r = _read("r003")
    assert (r["kind"], r["date"]) == ("city_daily", "2021-11-28")
    assert (r["new_cases"], r["community"], r["quarantine"], r["lockdown"]) == (301, 141, 160, 27)
    assert "new_cases" not in r["derived"]
