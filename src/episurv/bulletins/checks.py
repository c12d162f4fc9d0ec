"""The arithmetic a bulletin's own figures must obey, run on what was read.

Source: how the bulletins build their figures (the domain README §1-2, §7):
every case is found either in the community or in quarantine/lockdown; the district lists break
down the day's counts; clusters and the other ways of finding a case break down the community
count; a cluster's running total never falls; cumulative figures split the same way; the case
fatality rate is deaths / cases × 100. A check that cannot be run because the text does not state
its figures is not reported.
"""

from __future__ import annotations

from datetime import date as _date
from typing import Any

from episurv.bulletins.check_details import check as _check
from episurv.bulletins.clusters import cluster_key


def _sum(items: list[dict] | None, key: str) -> int | float:
    return sum(i.get(key) or 0 for i in items or [])


def run_checks(f: dict, context: dict, derived: list[str], bad_dates: list[str]) -> list[dict]:
    """Every check the figures in `f` allow."""
    out: list[dict] = []
    total, com, qua = f.get("new_cases"), f.get("community"), f.get("quarantine")
    # Imported cases are neither: in national and timeline notices the split is of the
    # domestic count.
    whole = f.get("domestic") if f.get("kind") != "city_daily" and f.get("domestic") is not None \
        else total
    if whole is not None and com is not None and qua is not None \
            and "new_cases" not in derived and "community" not in derived:
        out.append(_check("community_plus_quarantine", com + qua == whole,
                          "community_plus_quarantine", community=com, quarantine=qua,
                          sum=com + qua, total=whole))
    for part, stated in (f.get("shares") or {}).items():
        # A part's share of the cases it is a part of (the domestic ones in a ministry text
        # that states them, as the split above), as stated to the whole percent or finer.
        if f.get(part) is not None and whole:
            computed = round(f[part] / whole * 100, 1)
            out.append(_check("share_of_total", abs(computed - stated) < 1, "share_of_total",
                              part=f[part], total=whole, computed=computed, stated=stated))
    partial = context.get("partial_lists") or {}
    if f.get("by_unit"):
        s = _sum(f["by_unit"], "new_cases")
        target = f.get("domestic") if f.get("kind") != "city_daily" else total
        if target is None and f.get("imported") is None:
            target = total  # no case said to be imported: the list is of all the day's cases
        if target is not None:
            out.append(_adds_up("by_unit_sum", s, target, partial, "by_unit", "units_sum",
                                sum=s, total=target))
    top = f.get("top_by_unit")
    if top:
        s = _sum(top["by_unit"], "new_cases")
        target = f.get("domestic") if f.get("kind") != "city_daily" \
            and f.get("domestic") is not None else total
        n, listed = top.get("units_with_cases"), len(top["by_unit"])
        ok = (target is None or s <= target) and (
            n is None or listed <= n <= (top["units"] if top["units"] is not None else n))
        said = {"listed": listed, "sum": s}
        if target is not None:
            said["total"] = target
        if n is not None:
            said |= {"with_cases": n, "units": top["units"]}
        # One place is named apart, not "the 1 places with the most cases".
        code = ("top_one_within" if listed == 1 else "top_within") \
            + ("_total" if target is not None else "") + ("_places" if n is not None else "")
        out.append(_check("top_by_unit_within", ok, code, **said))
    support, severe = f.get("severe_support"), f.get("severe")
    if support and severe is not None:
        # Each kind of support is given to severe patients only: together no more than they.
        s = sum(support.values())
        out.append(_check("severe_support_within", s <= severe, "severe_support_within",
                          sum=s, severe=severe))
    if f.get("community_by_unit") and com is not None:
        s = _sum(f["community_by_unit"], "new_cases")
        out.append(_adds_up("community_by_unit_sum", s, com, partial, "community_by_unit",
                            "districts_community_sum", sum=s, community=com))
    if f.get("quarantine_by_unit") and qua is not None:
        s = _sum(f["quarantine_by_unit"], "new_cases")
        out.append(_adds_up("quarantine_by_unit_sum", s, qua, partial, "quarantine_by_unit",
                            "districts_quarantine_sum", sum=s, quarantine=qua))
    for key, stated in (context.get("list_totals") or {}).items():
        items = f.get(key) or (f.get("mobile_stations") or {}).get("by_unit")
        value_key = {"deaths_by_unit": "deaths", "recovered_by_unit": "recovered",
                     "mobile_stations_by_unit": "stations"}.get(key, "new_cases")
        s = _sum(items, value_key)
        out.append(_adds_up(f"{key}_stated_total", s, stated, partial, key,
                            "list_stated_total", sum=s, stated=stated))
    out += _cluster_checks(f, context)
    out += _cumulative_checks(f)
    out += _national_checks(f, derived, partial)
    for n, listed in context.get("timeline_lines") or []:
        out.append(_check("timeline_line_sum", n == listed, "timeline_line_sum",
                          listed=listed, stated=n))
    if (stations := f.get("mobile_stations")) and stations.get("by_unit") and \
            stations.get("total") is not None:
        s = _sum(stations["by_unit"], "stations")
        out.append(_check("mobile_stations_sum", s == stations["total"], "stations_sum",
                          sum=s, total=stations["total"]))
    if bad_dates:
        out.append(_check("dates_exist", False, "impossible_dates", dates=list(bad_dates)))
    if f.get("date") is None:
        out.append(_check("date_found", False, "no_date"))
    return out


def _adds_up(name: str, listed: int | float, whole: int | float, partial: dict, key: str,
             code: str, **said: Any) -> dict:
    """A list that must add up to its total; a list that names some places only (`partial`,
    "..., Bình Dương 10 và 18 ca ở các tỉnh khác") adds up with its rest, or, its rest not
    counted ("... và các tỉnh khác"), stays within the total."""
    if key not in partial:
        return _check(name, listed == whole, code, **said)
    rest = partial[key]
    if rest is None:
        return _check(name, listed <= whole, "partial_list_within", sum=listed, total=whole)
    return _check(name, listed + rest == whole, "partial_list_rest", sum=listed, rest=rest,
                  total=whole)


def _cluster_checks(f: dict, context: dict) -> list[dict]:
    out = []
    com, total = f.get("community"), f.get("new_cases")
    by_cluster = f.get("by_cluster") or []
    sources = f.get("by_source") or {}
    # One basis: the split by cluster and source covers every case of the day, quarantine
    # areas included, as episurv's own report writes it (render_daily S3-S4, from the day's
    # counts of every case). A split that adds up to the community count alone fails.
    if by_cluster and total is not None:
        in_clusters = _sum(by_cluster, "new_cases")
        other = sum(sources.values())
        if sources:
            s = in_clusters + other
            ok = s == total
            code = "clusters_and_sources_of_total"
            said = {"clusters": in_clusters, "other": other, "sum": s, "total": total}
        else:
            ok = in_clusters <= total
            code = "clusters_within_day"
            said = {"clusters": in_clusters, "total": total}
        if com is not None:
            code, said = code + "_community", said | {"community": com}
        out.append(_check("by_cluster_vs_total", ok, code, **said))
    if sources and not by_cluster and total is not None:
        s = sum(sources.values())
        said = {"sum": s, "total": total}
        if com is not None:
            said["community"] = com
        out.append(_check("by_source_vs_total", s == total,
                          "sources_of_total" + ("_community" if com is not None else ""),
                          **said))
    if (old := context.get("old_clusters")) is not None:
        stated, listed = old
        out.append(_check("old_clusters_listed", stated == listed, "old_clusters",
                          stated=stated, listed=listed))
    running = f.get("clusters") or []
    bulletin_day = f.get("date")
    for c in running:
        if c.get("first_case_date") is None and c.get("first_case_date_as_written"):
            out.append(_check("cluster_first_date_valid", False, "cluster_date_not_a_date",
                              cluster=c["cluster"], written=c["first_case_date_as_written"]))
        elif bulletin_day and c.get("first_case_date") and c["first_case_date"] > bulletin_day:
            out.append(_check("cluster_first_date_not_after_bulletin", False,
                              "cluster_date_after_bulletin", cluster=c["cluster"],
                              first=c["first_case_date"], day=bulletin_day))
    totals: dict[str, dict] = {}
    for c in running:
        totals.setdefault(cluster_key(c["cluster"]), c)
    for b in by_cluster:
        c = totals.get(cluster_key(b["cluster"]))
        if c is not None:
            out.append(_check("cluster_total_covers_today", c["total_cases"] >= b["new_cases"],
                              "cluster_today_and_total", cluster=c["cluster"],
                              today=b["new_cases"], total=c["total_cases"]))
    new = f.get("new_clusters")
    if new and running:
        listed_dates = {c.get("first_case_date") for c in running}
        missing = [d for d in new.get("first_case_dates") or [] if d not in listed_dates]
        if missing:
            out.append(_check("new_clusters_in_running_list", False, "new_clusters_missing",
                              dates=[str(d) for d in missing]))
        else:
            out.append(_check("new_clusters_in_running_list", True, "new_clusters_all_listed"))
    if new and new.get("count") is not None and new.get("first_case_dates"):
        n = len(new["first_case_dates"])
        out.append(_check("new_clusters_dates", n == new["count"], "new_clusters_dates",
                          count=new["count"], dates=n))
    record = f.get("record")
    if record and total is not None and record.get("date") != f.get("date"):
        out.append(_check("record_not_below_today", record["new_cases"] >= total,
                          "record_and_today", record=record["new_cases"], day=record.get("date"),
                          today=total))
    return out


def _cumulative_checks(f: dict) -> list[dict]:
    cum = f.get("cumulative") or {}
    out = []
    if None not in (cum.get("total"), cum.get("community"), cum.get("quarantine")):
        s = cum["community"] + cum["quarantine"]
        out.append(_check("cumulative_split", s == cum["total"], "cumulative_split",
                          community=cum["community"], quarantine=cum["quarantine"], sum=s,
                          total=cum["total"]))
    if cum.get("total") is not None and f.get("new_cases") is not None:
        out.append(_check("cumulative_covers_today", cum["total"] >= f["new_cases"],
                          "cumulative_and_today", cumulative=cum["total"], today=f["new_cases"]))
    return out


def _national_checks(f: dict, derived: list[str], partial: dict) -> list[dict]:
    out = []
    dom, total = f.get("domestic"), f.get("new_cases")
    if dom is not None and total is not None:
        imported = f.get("imported")
        if imported is not None:
            out.append(_check("domestic_plus_imported", dom + imported == total,
                              "domestic_plus_imported", domestic=dom, imported=imported,
                              total=total))
        else:
            out.append(_check("domestic_within_total", dom <= total, "domestic_of_total",
                              domestic=dom, total=total))
    qua, inv = f.get("quarantine"), f.get("under_investigation")
    if dom is not None and qua is not None and inv is not None \
            and f.get("kind") == "national_daily":
        out.append(_check("quarantine_plus_investigation", qua + inv == dom,
                          "quarantine_plus_investigation", quarantine=qua, investigation=inv,
                          sum=qua + inv, domestic=dom))
    # Deaths summed from the list (derived) would be checked against themselves.
    if f.get("deaths_by_unit") and f.get("deaths") is not None and "deaths" not in derived:
        s = _sum(f["deaths_by_unit"], "deaths")
        out.append(_adds_up("deaths_by_unit_sum", s, f["deaths"], partial, "deaths_by_unit",
                            "provinces_deaths_sum", sum=s, total=f["deaths"]))
    if f.get("provinces_with_cases") is not None and f.get("by_unit") \
            and "by_unit" not in partial:  # a list that names some only lists fewer
        n = len(f["by_unit"])
        out.append(_check("provinces_listed", n == f["provinces_with_cases"],
                          "provinces_listed", stated=f["provinces_with_cases"], listed=n))
    cum_total = (f.get("cumulative") or {}).get("total")
    if f.get("cfr") is not None and f.get("total_deaths") is not None and cum_total:
        computed = f["total_deaths"] / cum_total * 100
        stated = f["cfr"]
        # A rate stated to one decimal agrees when it is within one unit of that decimal: the
        # ministry's rounding rule is not published (7/11/2021: 22.531/968.684 = 2,33%, "2,4%").
        ok = abs(computed - stated) < 0.1 + 1e-9
        # The computed rate is given to two decimals (2.33), the stated one as written.
        out.append(_check("cfr", ok, "cfr", deaths=f["total_deaths"], cases=cum_total,
                          computed=round(computed, 2), stated=stated))
    doses = f.get("doses") or {}
    if None not in (doses.get("total"), doses.get("first"), doses.get("second")):
        s = doses["first"] + doses["second"]
        # Each figure is rounded to 0.1 million, so the sum may be off by up to 0.1 million.
        ok = abs(s - doses["total"]) <= 100_000 + 1
        out.append(_check("doses_split", ok, "doses_split", first=doses["first"],
                          second=doses["second"], sum=s, total=doses["total"]))
    nst = f.get("no_secondary_transmission")
    if nst and nst.get("units"):  # a count of provinces stated without their names lists none
        n = len(nst.get("units") or [])
        out.append(_check("no_secondary_listed", n == nst["count"], "provinces_listed",
                          stated=nst["count"], listed=n))
    top = f.get("top_units")
    if top:
        totals = [u["total"] for u in top["units"]]
        descending = totals == sorted(totals, reverse=True)
        out.append(_check("top_units_listed", len(totals) == top["count"] and descending,
                          "top_units_descending" if descending else "top_units_not_descending",
                          stated=top["count"], listed=len(totals)))
        wave = (f.get("wave_totals") or {}).get("cases")
        if wave is not None:
            out.append(_check("top_units_within_wave", sum(totals) <= wave,
                              "top_units_within_wave", top=sum(totals), wave=wave))
    wave = f.get("wave_totals") or {}
    if wave.get("cases") is not None and cum_total is not None:
        out.append(_check("wave_within_cumulative", wave["cases"] <= cum_total,
                          "wave_within_cumulative", wave=wave["cases"], cumulative=cum_total))
    if wave.get("recovered") is not None and f.get("recovered_total") is not None:
        out.append(_check("wave_recovered_within_total",
                          wave["recovered"] <= f["recovered_total"],
                          "wave_recovered_within_total", wave=wave["recovered"],
                          total=f["recovered_total"]))
    return out


def check_series(results: list[dict]) -> list[dict]:
    """Checks across several bulletins of one jurisdiction: running cluster totals and the
    cumulative total never fall from one day to the next, a cluster keeps its first-case date,
    and on consecutive days the cumulative total grows by the day's new cases."""
    out: list[dict] = []
    by_place: dict[Any, list[dict]] = {}
    for r in results:
        if r.get("date"):
            by_place.setdefault((r.get("jurisdiction") or {}).get("code"), []).append(r)
    for series in by_place.values():
        series.sort(key=lambda r: r["date"])
        seen: dict[str, tuple[str, dict]] = {}
        previous = None
        for r in series:
            for c in r.get("clusters") or []:
                key = cluster_key(c["cluster"])
                if key in seen:
                    day, old = seen[key]
                    out.append(_check("cluster_total_never_falls",
                                      c["total_cases"] >= old["total_cases"],
                                      "cluster_total_on_two_days", cluster=c["cluster"],
                                      before=old["total_cases"], day_before=day,
                                      now=c["total_cases"], day=r["date"]))
                    if old.get("first_case_date") and c.get("first_case_date"):
                        out.append(_check("cluster_first_date_stable",
                                          old["first_case_date"] == c["first_case_date"],
                                          "cluster_first_date_on_two_days",
                                          cluster=c["cluster"],
                                          first_before=old["first_case_date"], day_before=day,
                                          first=c["first_case_date"], day=r["date"]))
                seen[key] = (r["date"], c)
            cum = (r.get("cumulative") or {}).get("total")
            if previous is not None and cum is not None:
                prev_cum = (previous.get("cumulative") or {}).get("total")
                if prev_cum is not None:
                    out.append(_check("cumulative_never_falls", cum >= prev_cum,
                                      "cumulative_on_two_days", before=prev_cum,
                                      day_before=previous["date"], now=cum, day=r["date"]))
                    consecutive = (_date.fromisoformat(r["date"])
                                   - _date.fromisoformat(previous["date"])).days == 1
                    if consecutive and r.get("new_cases") is not None:
                        out.append(_check("cumulative_grows_by_new_cases",
                                          cum - prev_cum == r["new_cases"],
                                          "cumulative_grows", before=prev_cum,
                                          new=r["new_cases"], sum=prev_cum + r["new_cases"],
                                          stated=cum))
            if cum is not None:
                previous = r
    return out
