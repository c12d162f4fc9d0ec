"""Render a city daily report in Vietnamese, read it back: the same figures, field for field.

The report dict's shape is the one `episurv.reporting.render_daily` documents (province,
community, quarantine, by_district, by_cluster, by_source, active_clusters, cumulative, record).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episurv.bulletins import parse_bulletin
from episurv.geo.units import DISTRICT, WARD, register
from episurv.reporting.render_daily import render_text

CITIES = {1: "Hà Nội", 79: "Hồ Chí Minh", 48: "Đà Nẵng"}
# Cluster names as bulletins write them (no commas: a comma starts the place).
CLUSTER_NAMES = ["chợ Hôm", "Phú Đô", "kho hàng Shopee ở khu công nghiệp Đài Tư", "Trần Duy Hưng",
                 "Bạch Trữ", "công ty Pouyuen", "chợ Bình Điền", "đường Bưởi", "tòa nhà HH4C",
                 "bệnh viện Việt Đức", "Yên Xá", "thôn Đoài"]
counts = st.integers(min_value=0, max_value=2500)


def _short(unit) -> str:
    return unit.name if unit.short_name.isdigit() else unit.short_name


@st.composite
def reports(draw):
    code = draw(st.sampled_from(sorted(CITIES)))
    districts = register().units(DISTRICT, code)
    day = date(2021, 7, 1) + timedelta(days=draw(st.integers(0, 180)))
    chosen = draw(st.lists(st.sampled_from(districts), unique_by=lambda u: u.code, max_size=8))
    by_district = [{"district": _short(u), "community": draw(st.integers(1, 400))}
                   for u in chosen]
    unplaced = draw(st.integers(0, 30))
    community = sum(d["community"] for d in by_district) + unplaced
    quarantine = draw(counts)
    names = draw(st.lists(st.sampled_from(CLUSTER_NAMES), unique=True, max_size=5))
    by_cluster = []
    for name in names:
        district = draw(st.one_of(st.none(), st.sampled_from(districts)))
        by_cluster.append({"cluster": name, "district": _short(district) if district else None,
                           "new_cases": draw(st.integers(0, 60))})
    by_source = {k: draw(st.integers(0, 200)) for k in
                 draw(st.lists(st.sampled_from(["cluster", "screening", "travel", "contact",
                                                "unknown"]), unique=True, max_size=5))}
    active = []
    for name in draw(st.lists(st.sampled_from(CLUSTER_NAMES), unique=True, max_size=6)):
        district = draw(st.one_of(st.none(), st.sampled_from(districts)))
        ward = None
        wards = register().units(WARD, district.code) if district is not None else []
        if wards and draw(st.booleans()):  # Hoàng Sa (Đà Nẵng) has no wards
            ward = draw(st.sampled_from(wards)).short_name
        first = draw(st.one_of(st.none(), st.integers(1, 60)))
        active.append({"cluster": name, "ward": ward,
                       "district": _short(district) if district else None,
                       "first_case_date": (day - timedelta(days=first)).isoformat()
                       if first else None,
                       "total_cases": draw(st.integers(1, 3000))})
    report = {"date": day.isoformat(), "province": CITIES[code], "province_code": code,
              "cutoff": draw(st.sampled_from(["18:00", "12:00", "06:00", "20:30"])),
              "community": community, "quarantine": quarantine, "by_district": by_district,
              "by_cluster": by_cluster, "by_source": by_source, "active_clusters": active}
    if draw(st.booleans()):
        since = draw(st.sampled_from([date(2021, 4, 27), date(2020, 12, 1), date(2021, 1, 28)]))
        c, q = draw(counts) * 7, draw(counts) * 9
        report["cumulative"] = {"since": since.isoformat(), "total": c + q, "community": c,
                                "quarantine": q}
    if draw(st.booleans()):
        report["record"] = {"date": (day - timedelta(days=draw(st.integers(1, 30)))).isoformat(),
                            "new_cases": draw(counts),
                            "highest_in_days": draw(st.one_of(st.none(), st.integers(1, 400)))}
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_render_then_parse_gives_the_report_back(report):
    text = render_text(report, "vi")
    r = parse_bulletin(text, year=2021)
    assert r["kind"] == "city_daily", text
    assert r["jurisdiction"]["code"] == report["province_code"], text
    assert r["date"] == report["date"], text
    assert r["new_cases"] == report["community"] + report["quarantine"], text
    assert (r["community"], r["quarantine"]) == (report["community"], report["quarantine"]), text

    expected = {d["district"]: d["community"] for d in report["by_district"]}
    unplaced = report["community"] - sum(expected.values())
    got = {u["unit"]: u["new_cases"] for u in r["community_by_unit"] if u["code"] is not None}
    assert got == (expected if report["community"] else {}), text
    assert sum(u["new_cases"] for u in r["community_by_unit"] if u["code"] is None) == (
        unplaced if report["community"] else 0), text

    want_clusters = [(c["cluster"], c["district"], c["new_cases"]) for c in report["by_cluster"]
                     if c["new_cases"] > 0]
    got_clusters = [(c["cluster"], c["place"], c["new_cases"]) for c in r["by_cluster"]]
    assert got_clusters == want_clusters, text

    want_active = [(c["cluster"], c["first_case_date"], c["total_cases"],
                    ", ".join(p for p in (c["ward"], c["district"]) if p) or None)
                   for c in report["active_clusters"]]
    got_active = [(c["cluster"], c["first_case_date"], c["total_cases"], c["place"])
                  for c in r["clusters"]]
    assert got_active == want_active, text

    sources = {k: v for k, v in report["by_source"].items() if v > 0
               and not (k == "cluster" and want_clusters)}
    assert (r.get("by_source") or {}) == sources, text

    if "cumulative" in report:
        cum = report["cumulative"]
        assert {k: r["cumulative"][k] for k in ("since", "total", "community", "quarantine")} \
            == cum, text
    else:
        assert r["cumulative"] is None, text
    if "record" in report:
        assert r["record"]["date"] == report["record"]["date"], text
        assert r["record"]["new_cases"] == report["record"]["new_cases"], text
    assert r["unparsed"] == [], text
    assert not [c for c in r["checks"] if not c["ok"] and c["name"] in (
        "community_by_unit_sum", "community_by_unit_stated_total", "cumulative_split",
        "units_resolved", "dates_exist")], text
