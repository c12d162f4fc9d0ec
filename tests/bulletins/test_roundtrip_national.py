"""Render a national report in Vietnamese, read it back: the same figures, field for field.

The report dict's shape is the one `episurv.reporting.render_national` documents (N1-N14); the
figures drawn obey the report's own arithmetic (domestic = quarantine + under investigation,
provinces add up, deaths by province add up, first + second doses = total), as a real report's do.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episurv.bulletins import parse_bulletin
from episurv.geo.units import PROVINCE, register
from episurv.reporting.render_national import render_text

PROVINCES = [(u.code, u.short_name) for u in register().units(PROVINCE)]


def _unit(code_name: tuple[int, str]) -> dict:
    return {"province_code": code_name[0], "province": code_name[1]}


@st.composite
def reports(draw):
    day = date(2021, 7, 1) + timedelta(days=draw(st.integers(0, 180)))
    chosen = draw(st.lists(st.sampled_from(PROVINCES), unique=True, min_size=1, max_size=12))
    counts = sorted((draw(st.integers(1, 3000)) for _ in chosen), reverse=True)
    by_province = [{**_unit(p), "domestic": n} for p, n in zip(chosen, counts, strict=True)]
    domestic = sum(counts)
    imported = draw(st.integers(0, 200))
    quarantine = draw(st.integers(0, domestic))
    changes = draw(st.lists(st.integers(1, 900), max_size=len(chosen)))
    movers = [{**e, "change": c} for e, c in zip(by_province, changes, strict=False)]
    split = draw(st.integers(0, len(movers)))
    falls = [{**e, "change": -e["change"]} for e in movers[:split]]
    rises = movers[split:]
    dead = draw(st.lists(st.sampled_from(chosen), unique=True, max_size=6))
    deaths_by = sorted(({**_unit(p), "deaths": draw(st.integers(1, 60))} for p in dead),
                       key=lambda e: -e["deaths"])
    deaths = sum(e["deaths"] for e in deaths_by)
    total_cases = domestic + imported + deaths + draw(st.integers(0, 1_000_000))
    total_deaths = deaths + draw(st.integers(0, min(20_000, total_cases // 10)))  # CFR < 100%
    wave_cases = draw(st.integers(domestic, total_cases))
    recovered = draw(st.integers(0, 30_000))
    recovered_total = recovered + draw(st.integers(0, 900_000))
    top = sorted(draw(st.lists(st.integers(1, max(1, wave_cases // 5)),
                               max_size=min(5, wave_cases))), reverse=True)
    top_provinces = [{**_unit(p), "wave_cases": n}
                     for p, n in zip(draw(st.permutations(PROVINCES))[:len(top)], top,
                                     strict=True)]
    free = draw(st.lists(st.sampled_from(PROVINCES), unique=True, max_size=8))
    first = draw(st.integers(0, 80_000_000))
    second = draw(st.integers(0, first))
    if first + second >= 1_000_000:  # written in millions with one decimal ("89,6 triệu")
        first, second = first // 100_000 * 100_000, second // 100_000 * 100_000
    return {
        "date": day.isoformat(), "new_cases": domestic + imported, "imported": imported,
        "domestic": domestic, "provinces_with_cases": len(chosen),
        "change_vs_yesterday": draw(st.integers(-3000, 3000)),
        "largest_rises": rises, "largest_falls": falls, "deaths": deaths,
        "recovered": recovered, "quarantine": quarantine,
        "quarantine_change": draw(st.integers(-500, 500)), "community": domestic - quarantine,
        "community_change": draw(st.integers(-500, 500)), "by_province": by_province,
        "avg7_cases": draw(st.one_of(st.none(), st.floats(0, 20_000))),
        "deaths_by_province": deaths_by,
        "avg7_deaths": draw(st.one_of(st.none(), st.floats(0, 500))),
        "cfr": round(total_deaths / total_cases * 100, 1) if draw(st.booleans()) else None,
        "total_deaths": total_deaths, "total_cases": total_cases,
        "cases_per_million": draw(st.floats(0, 20_000)),
        "wave": {"number": draw(st.sampled_from([4, None])), "since": "2021-04-27",
                 "cases": wave_cases, "recovered": draw(st.integers(0, recovered_total))},
        "no_secondary_transmission": {"provinces": [_unit(p) for p in free], "days": 14},
        "top_provinces": top_provinces, "recovered_total": recovered_total,
        "severe": draw(st.integers(0, 9_000)),
        "tests": {"samples": draw(st.integers(0, 200_000)), "people": draw(st.integers(0, 900_000)),
                  "since": "2021-04-27", "samples_total": draw(st.integers(0, 70_000_000)),
                  "people_total": draw(st.integers(0, 90_000_000))},
        "doses": {"date": (day - timedelta(days=1)).isoformat(),
                  "day": draw(st.integers(0, 2_000_000)), "total": first + second,
                  "first_total": first, "second_total": second},
        "differences": [], "missing": [],
    }


def _codes(items: list[dict], key: str) -> list[tuple[int, int]]:
    return [(e["province_code"], e[key]) for e in items]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_render_then_parse_gives_the_national_report_back(report):
    text = render_text(report, "vi")
    r = parse_bulletin(text, year=2021)
    assert r["kind"] == "national_daily" and r["date"] == report["date"], text
    assert r["unparsed"] == [], text
    assert r["status"] == "ok", ([c for c in r["checks"] if not c["ok"]], text)
    assert (r["new_cases"], r["domestic"], r["provinces_with_cases"]) == (
        report["new_cases"], report["domestic"], report["provinces_with_cases"]), text
    assert (r.get("imported") or 0) == report["imported"], text
    assert (r.get("change_vs_yesterday") or 0) == report["change_vs_yesterday"], text
    assert (r["quarantine"], r["under_investigation"]) == (report["quarantine"],
                                                            report["community"]), text
    assert (r.get("quarantine_change") or 0, r.get("under_investigation_change") or 0) == (
        report["quarantine_change"], report["community_change"]), text
    assert [(u["code"], u["change"]) for u in r.get("change_by_unit") or []] == (
        _codes(report["largest_falls"] + report["largest_rises"], "change")), text
    assert [(u["code"], u["new_cases"]) for u in r["by_unit"]] == _codes(
        report["by_province"], "domestic"), text
    assert r["deaths"] == report["deaths"], text
    assert [(u["code"], u["deaths"]) for u in r["deaths_by_unit"] or []] == _codes(
        report["deaths_by_province"], "deaths"), text
    for key in ("avg7_cases", "avg7_deaths"):
        want = round(report[key]) if report[key] is not None else None
        assert r[key] == want, (key, text)
    assert (r["total_deaths"], r["cfr"]) == (report["total_deaths"], report["cfr"]), text
    assert r["cumulative"]["total"] == report["total_cases"], text
    assert r["cases_per_million"] == round(report["cases_per_million"]), text
    wave = report["wave"]
    assert r["wave_totals"]["cases"] == wave["cases"], text
    assert r["wave_totals"]["recovered"] == wave["recovered"], text
    if wave["number"]:
        assert r["wave_totals"]["wave"] == wave["number"], text
    free = [e["province_code"] for e in report["no_secondary_transmission"]["provinces"]]
    got_free = [u["code"] for u in (r.get("no_secondary_transmission") or {}).get("units", [])]
    assert got_free == free, text
    assert [(u["code"], u["total"]) for u in (r.get("top_units") or {}).get("units", [])] == (
        _codes(report["top_provinces"], "wave_cases")), text
    assert (r["recovered"], r["recovered_total"], r["severe"]) == (
        report["recovered"], report["recovered_total"], report["severe"]), text
    t = report["tests"]
    assert (r["tests_samples"], r["tests_people"]) == (t["samples"], t["people"]), text
    assert r["tests_cumulative"] == {"since": t["since"], "samples": t["samples_total"],
                                     "people": t["people_total"]}, text
    d = report["doses"]
    assert r["doses"] == {"date": d["date"], "day": d["day"], "total": d["total"],
                          "first": d["first_total"], "second": d["second_total"]}, text
