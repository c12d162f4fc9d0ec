"""What a check of a bulletin's reading says about its figures: a code and the values it names.

A check is ``{"name", "ok", "code", "params", "detail"}``: ``code`` names the sentence below and
``params`` holds its values (numbers, ISO dates, names as written, lists of them), so a page
writes the sentence in its own language with the values written its way; ``detail`` is the
sentence in English, as the API and the command line have always given it.
"""

from __future__ import annotations

from typing import Any

from episurv.core.i18n import N_

# Each code's sentence, in English, with named placeholders; the pages' catalog translates it.
DETAILS: dict[str, str] = {
    "community_plus_quarantine": N_(
        "%(community)s community + %(quarantine)s quarantine = %(sum)s, total %(total)s"),
    "units_sum": N_("units add up to %(sum)s, total %(total)s"),
    "districts_community_sum": N_("districts add up to %(sum)s, community %(community)s"),
    "districts_quarantine_sum": N_("districts add up to %(sum)s, quarantine %(quarantine)s"),
    "list_stated_total": N_("the list adds up to %(sum)s, its sentence states %(stated)s"),
    # A list that names some places and counts the rest together ("và 18 ca ở các tỉnh khác").
    "partial_list_rest": N_(
        "the places named add up to %(sum)s and the rest to %(rest)s, total %(total)s"),
    "partial_list_within": N_(
        "the places named add up to %(sum)s of the total %(total)s (the rest not counted)"),
    "timeline_line_sum": N_("provinces add up to %(listed)s, the line states %(stated)s"),
    "patient_codes_count": N_(
        "patients no. %(first)s to %(last)s are %(codes)s, the count beside them %(count)s"),
    "stations_sum": N_("districts add up to %(sum)s stations, total %(total)s"),
    "impossible_dates": N_("impossible dates as written: %(dates)s"),
    "no_date": N_("no date of the bulletin was found"),
    "clusters_and_sources_of_total": N_(
        "%(clusters)s in clusters + %(other)s found otherwise = %(sum)s; total %(total)s"),
    "clusters_and_sources_of_total_community": N_(
        "%(clusters)s in clusters + %(other)s found otherwise = %(sum)s; total %(total)s, "
        "community %(community)s"),
    "clusters_within_day": N_("%(clusters)s in clusters, total %(total)s (clusters cannot "
                              "exceed the cases they split)"),
    "clusters_within_day_community": N_(
        "%(clusters)s in clusters, total %(total)s, community %(community)s (clusters cannot "
        "exceed the cases they split)"),
    "sources_of_total": N_("sources add up to %(sum)s, total %(total)s"),
    "sources_of_total_community": N_(
        "sources add up to %(sum)s, total %(total)s, community %(community)s"),
    "top_within": N_("the %(listed)s places with the most cases add up to %(sum)s"),
    "top_within_total": N_(
        "the %(listed)s places with the most cases add up to %(sum)s of %(total)s"),
    "top_within_places": N_(
        "the %(listed)s places with the most cases add up to %(sum)s; %(with_cases)s of "
        "%(units)s places had cases"),
    "top_within_total_places": N_(
        "the %(listed)s places with the most cases add up to %(sum)s of %(total)s; "
        "%(with_cases)s of %(units)s places had cases"),
    # One place named apart ("riêng Hà Nội 141 ca"): no plural, and not "the most".
    "top_one_within": N_("the one place named apart has %(sum)s cases"),
    "top_one_within_total": N_("the one place named apart has %(sum)s of %(total)s cases"),
    "top_one_within_places": N_(
        "the one place named apart has %(sum)s cases; %(with_cases)s of %(units)s places had "
        "cases"),
    "top_one_within_total_places": N_(
        "the one place named apart has %(sum)s of %(total)s cases; %(with_cases)s of "
        "%(units)s places had cases"),
    "severe_support_within": N_(
        "%(sum)s on breathing support, %(severe)s severe (support is for severe patients)"),
    "old_clusters": N_("%(stated)s older clusters stated, %(listed)s listed"),
    "cluster_date_not_a_date": N_("%(cluster)s: first case on %(written)s, which is not a date"),
    "cluster_date_after_bulletin": N_(
        "%(cluster)s: first case %(first)s after the bulletin's day %(day)s"),
    "cluster_today_and_total": N_("%(cluster)s: %(today)s today, %(total)s in all"),
    "new_clusters_missing": N_(
        "first-case dates of the new clusters missing from the running list: %(dates)s"),
    "new_clusters_all_listed": N_("first-case dates of the new clusters all in the running list"),
    "new_clusters_dates": N_("%(count)s new clusters, %(dates)s first-case dates"),
    "record_and_today": N_("record %(record)s on %(day)s, today %(today)s"),
    "cumulative_split": N_("%(community)s + %(quarantine)s = %(sum)s, total %(total)s"),
    "cumulative_and_today": N_("cumulative %(cumulative)s, today %(today)s"),
    "domestic_plus_imported": N_(
        "%(domestic)s domestic + %(imported)s imported, total %(total)s"),
    "domestic_of_total": N_("%(domestic)s domestic of %(total)s"),
    "quarantine_plus_investigation": N_(
        "%(quarantine)s in quarantine + %(investigation)s under investigation = %(sum)s, "
        "domestic %(domestic)s"),
    "share_of_total": N_("%(part)s of %(total)s = %(computed)s%%, stated %(stated)s%%"),
    "provinces_deaths_sum": N_("provinces add up to %(sum)s deaths, total %(total)s"),
    "provinces_listed": N_("%(stated)s provinces stated, %(listed)s listed"),
    "cfr": N_("%(deaths)s / %(cases)s = %(computed)s%%, stated %(stated)s%%"),
    "doses_split": N_("%(first)s + %(second)s = %(sum)s, total %(total)s"),
    "top_units_descending": N_("%(stated)s stated, %(listed)s listed, in descending order"),
    "top_units_not_descending": N_(
        "%(stated)s stated, %(listed)s listed, not in descending order"),
    "top_units_within_wave": N_("top provinces %(top)s, wave %(wave)s"),
    "wave_within_cumulative": N_("wave %(wave)s, since the start %(cumulative)s"),
    "wave_recovered_within_total": N_("wave %(wave)s, all recovered %(total)s"),
    "cluster_total_on_two_days": N_(
        "%(cluster)s: %(before)s on %(day_before)s, %(now)s on %(day)s"),
    "cluster_first_date_on_two_days": N_(
        "%(cluster)s: first case %(first_before)s on %(day_before)s, %(first)s on %(day)s"),
    "cumulative_on_two_days": N_("%(before)s on %(day_before)s, %(now)s on %(day)s"),
    "cumulative_grows": N_("%(before)s + %(new)s new = %(sum)s, stated %(stated)s"),
    "list_not_in_register": N_("%(field)s: not in the register: %(names)s"),
    "not_in_register": N_("not in the register: %(names)s"),
    "names_without_count": N_("names without a count: %(names)s"),
    "scenarios_listed": N_("%(stated)s scenarios stated, %(listed)s listed"),
    "restated": N_("%(field)s is stated as %(first)s and as %(second)s"),
    "restated_list_total": N_(
        "%(field)s is stated as %(first)s and as %(second)s (total of the list)"),
    "all_figures_read": N_("every figure was read"),
    "unread_figures": N_("%(n)s sentence(s) with unread figures"),
}


def plain(value: Any) -> str:
    """A value as the English detail writes it: a float without trailing zeros ("89.6"), a
    list joined by commas, anything else as Python writes it."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    return str(value)


def check(name: str, ok: bool, code: str, **params: Any) -> dict:
    """A check's result: its name, whether it passed, and what it found (code, values and the
    English sentence)."""
    return {"name": name, "ok": bool(ok), "code": code, "params": params,
            "detail": DETAILS[code] % {k: plain(v) for k, v in params.items()}}
