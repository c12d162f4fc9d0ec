"""The synthetic Hà Nội wave: determinism, shape, and rows the importer can take."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from itertools import pairwise

import numpy as np
import pytest

from episurv.cases.vocabulary import COLUMNS, DETECTED_IN, OUTCOMES, SEVERITIES, SOURCES
from episurv.demo import clusters as cl
from episurv.demo import curve
from episurv.demo.generator import (
    DEFAULT_N_CASES,
    generate,
    generate_columns,
    write_columns_csv,
    write_csv,
)
from episurv.demo.people import SYNTHETIC_MARK
from episurv.geo.units import DISTRICT, WARD, register


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return generate()


def _d(text: str) -> date:
    return date.fromisoformat(text)


def test_same_seed_same_rows_other_seed_other_rows():
    assert generate(300, seed=7) == generate(300, seed=7)
    assert generate(300, seed=7) != generate(300, seed=8)


def test_row_count_follows_n_cases():
    assert len(generate(1234)) == 1234
    assert generate(0) == []
    assert len(generate_columns(5)["case_id"]) == 5
    with pytest.raises(ValueError):
        generate(-1)
    with pytest.raises(ValueError):
        generate(1_000_001)  # six-digit case ids run out


def test_columns_are_exactly_the_import_columns_and_all_strings(rows):
    assert len(rows) == DEFAULT_N_CASES
    for row in rows:
        assert tuple(row) == COLUMNS
        assert all(isinstance(v, str) for v in row.values())


def test_default_wave_shape(rows):
    per_day = Counter(r["report_date"] for r in rows)
    assert sum(per_day.values()) == DEFAULT_N_CASES
    assert 6_500 <= DEFAULT_N_CASES <= 7_000
    by_7_nov = sum(n for d, n in per_day.items() if d <= "2021-11-07")
    assert 4_500 <= by_7_nov <= 5_500  # Hà Nội CDC, 7/11/2021: 4,998
    record = per_day["2021-11-05"]
    before = [n for d, n in per_day.items() if "2021-09-06" <= d < "2021-11-05"]
    assert len(before) == 60 and record > max(before)
    assert 120 <= record <= 145
    # Low in October, small wave in May-June, the big one in August.
    october = sum(n for d, n in per_day.items() if "2021-10-01" <= d <= "2021-10-15")
    august = sum(n for d, n in per_day.items() if "2021-08-16" <= d <= "2021-08-31")
    may = sum(n for d, n in per_day.items() if "2021-05-10" <= d <= "2021-05-25")
    assert october < may < august
    assert 80 <= sum(per_day[f"2021-11-{d:02d}"] for d in range(8, 22)) / 14 <= 130
    assert min(per_day) == "2021-04-27" and max(per_day) == "2021-11-21"


def test_community_share_and_detected_in(rows):
    upto = [r for r in rows if r["report_date"] <= "2021-11-07"]
    community = sum(r["detected_in"] == "community" for r in upto) / len(upto)
    assert 0.35 <= community <= 0.45  # 1,961 of 4,998 = 39% (Hà Nội CDC, 7/11/2021)
    assert {r["detected_in"] for r in rows} == set(DETECTED_IN)


def test_cluster_cases_always_name_their_cluster(rows):
    names = {c.name for c in cl.CLUSTERS}
    for r in rows:
        assert (r["source"] == "cluster") == (r["cluster"] != "")
        assert r["cluster"] == "" or r["cluster"] in names
        assert r["source"] in SOURCES
    assert len({r["cluster"] for r in rows} - {""}) >= 35


def test_every_written_place_resolves_to_one_hanoi_unit(rows):
    reg = register()
    for district_text, ward_text, address in {(r["district"], r["ward"], r["address"])
                                              for r in rows}:
        district = reg.resolve(district_text, DISTRICT, 1)
        ward = reg.resolve(ward_text, WARD, district.code)
        assert district.province_code == ward.province_code == 1
        assert ward.name in address  # the address names the same ward
    assert {r["province"] for r in rows} == {"Hà Nội"}


def test_names_are_written_the_ways_people_write_them(rows):
    districts = {r["district"] for r in rows}
    wards = {r["ward"] for r in rows}
    assert "Thanh Xuân" in districts and "Thanh Xuan" in districts
    assert any(d.startswith("Q. ") for d in districts)
    assert any(d.startswith("Quận ") for d in districts)
    assert any(w.startswith("P. ") for w in wards)
    short = Counter(r["district"] for r in rows)["Thanh Xuân"]
    assert short > Counter(r["district"] for r in rows)["Thanh Xuan"]
    # Gia Lâm has both a Thị trấn and a Xã Yên Viên: the bare name would be ambiguous.
    assert "Yên Viên" not in wards and "Yen Vien" not in wards


def test_every_cluster_sits_in_a_real_hanoi_ward():
    reg = register()
    assert 38 <= len(cl.CLUSTERS) <= 45
    assert len({c.name for c in cl.CLUSTERS}) == len(cl.CLUSTERS)
    for c in cl.CLUSTERS:
        district = reg.resolve(c.district, DISTRICT, 1)
        ward = reg.resolve(c.ward, WARD, district.code)
        assert ward.short_name == c.ward and c.kind in cl.KINDS
        assert curve.FIRST_DAY <= c.start <= curve.LAST_DAY


def test_outcome_dates_follow_the_outcome(rows):
    for r in rows:
        assert r["outcome"] in OUTCOMES
        if r["outcome"] == "active":
            assert r["outcome_date"] == ""
        else:
            end = _d(r["outcome_date"])
            assert _d(r["report_date"]) <= end <= curve.LAST_DAY
            if r["outcome"] == "recovered":
                assert (end - _d(r["report_date"])).days >= 10
    # Cases reported in the last 9 days cannot have recovered yet.
    assert all(r["outcome"] != "recovered" for r in rows if r["report_date"] >= "2021-11-13")


def test_deaths_are_few_and_fall_on_old_unvaccinated_people():
    cols = generate_columns(50_000, seed=3)
    died = np.array(cols["outcome"]) == "died"
    age = np.array(cols["age"], dtype=int)
    doses = np.array(cols["vaccine_doses"], dtype=int)
    assert 0.002 < died.mean() < 0.02
    old_unvaccinated = (age >= 65) & (doses == 0)
    young = age < 40
    assert died[old_unvaccinated].mean() > 5 * died.mean() > 5 * died[young].mean()


def test_dates_ages_and_codes_are_well_formed(rows):
    for r in rows:
        report = _d(r["report_date"])
        assert 0 <= (report - _d(r["sample_date"])).days <= 2
        if r["onset_date"]:
            assert 0 <= (report - _d(r["onset_date"])).days <= 5
        assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", r["report_time"])
        assert 0 <= int(r["age"]) <= 95
        assert r["sex"] in ("M", "F")
        assert r["vaccine_doses"] in ("0", "1", "2", "3")
        assert r["severity"] in SEVERITIES
        assert re.fullmatch(r"09\d{8}", r["phone"])
        assert r["address"].endswith(SYNTHETIC_MARK)
        assert len(r["name"].split()) >= 3
    asymptomatic = [r for r in rows if r["severity"] == "asymptomatic"]
    assert sum(r["onset_date"] == "" for r in asymptomatic) > 0.8 * len(asymptomatic)
    late = sum(r["report_time"] >= "18:00" for r in rows) / len(rows)
    assert 0.1 <= late <= 0.35  # enough after the cut-off to matter
    mild = sum(r["severity"] in ("asymptomatic", "mild") for r in rows) / len(rows)
    assert mild > 0.9


def test_case_ids_unique_and_mostly_increasing(rows):
    ids = [r["case_id"] for r in rows]
    assert all(re.fullmatch(r"BN\d{6}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    rising = sum(a < b for a, b in pairwise(ids)) / (len(ids) - 1)
    assert 0.9 < rising < 1.0
    assert rows == sorted(rows, key=lambda r: (r["report_date"], r["report_time"]))


def test_vaccination_rises_over_time(rows):
    def mean_doses(lo: str, hi: str) -> float:
        sel = [int(r["vaccine_doses"]) for r in rows if lo <= r["report_date"] <= hi]
        return sum(sel) / len(sel)

    assert mean_doses("2021-05-01", "2021-06-30") < 0.2
    assert mean_doses("2021-11-08", "2021-11-21") > 1.2
    assert mean_doses("2021-08-01", "2021-08-31") < mean_doses("2021-10-01", "2021-10-31")


def test_scaling_keeps_the_shape():
    cols = generate_columns(66_000, seed=11)
    per_day = Counter(cols["report_date"])
    by_7_nov = sum(n for d, n in per_day.items() if d <= "2021-11-07")
    assert 0.70 <= by_7_nov / 66_000 <= 0.82
    before = [n for d, n in per_day.items() if "2021-09-06" <= d < "2021-11-05"]
    assert per_day["2021-11-05"] > max(before)


def test_allocation_is_exact_and_proportional():
    assert curve.allocate(np.array([1.0, 1.0, 1.0]), 5).tolist() == [2, 2, 1]
    assert curve.allocate(np.array([0.5, 0.25, 0.25]), 4).tolist() == [2, 1, 1]
    assert curve.allocate(np.array([3.0, 1.0]), 0).tolist() == [0, 0]


def test_cluster_profile_grows_then_declines():
    prof = cl.profile(6)
    assert prof.sum() == pytest.approx(1.0)
    assert int(prof.argmax()) == 6
    assert prof[0] < prof[6] and prof[30] < prof[6]


def test_csv_round_trip(tmp_path, rows):
    small = rows[:50]
    path = tmp_path / "demo.csv"
    assert write_csv(small, path) == 50
    with open(path, encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh))
    assert back == small
    cols = {c: [r[c] for r in small] for c in COLUMNS}
    other = tmp_path / "cols.csv"
    assert write_columns_csv(cols, other) == 50
    assert other.read_bytes() == path.read_bytes()


def test_the_extract_ends_at_the_last_days_cut_off():
    rows = generate(seed=2021)
    last = [r["report_time"] for r in rows if r["report_date"] == "2021-11-21"]
    assert last and max(last) <= "18:00"
