"""Reading a published Vietnamese COVID-19 bulletin into structured data.

`parse_bulletin` is the entry: normalise, cut into sentences, decide the kind, run the rules of
that kind over every sentence, derive what the text implies, run every check the figures allow,
and list each sentence with a figure no rule read. Pure: no I/O, no clock.
Source of the forms: the domain README §2 and the bulletins it describes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from episurv.bulletins.approximate import read_approximate
from episurv.bulletins.breakdown import (
    read_breakdown,
    read_following_breakdown,
    read_partial_breakdown,
    read_places_after_days_count,
)
from episurv.bulletins.check_details import check
from episurv.bulletins.checks import run_checks
from episurv.bulletins.clusters import (
    read_by_cluster,
    read_new_clusters,
    read_running_list,
    read_sources,
)
from episurv.bulletins.detect import CITY, NATIONAL, TIMELINE, detect_kind
from episurv.bulletins.exposures import read_exposures
from episurv.bulletins.header import read_dates_of_figures, read_header
from episurv.bulletins.lexicon import read_shares, read_stated
from episurv.bulletins.measures import read_measures
from episurv.bulletins.national import (
    read_national,
    read_places_without_cases,
    read_report_figures,
)
from episurv.bulletins.patients import read_patient_codes
from episurv.bulletins.reading import Reading, all_counts_read
from episurv.bulletins.segment import Sentence, normalise, split_sentences
from episurv.bulletins.support import read_support
from episurv.bulletins.timeline import read_timeline
from episurv.bulletins.totals import read_cumulative, read_day_totals, read_record
from episurv.bulletins.unread_words import unread_word_counts
from episurv.bulletins.window import states_a_window, window_words

Rule = Callable[[Sentence, Reading], None]

# Order matters: a figure read by an earlier rule is not read again by a later one, so the
# rules that know a figure's context (cumulative, record, a list's total) come first; before
# them all, a figure given as approximate ("gần 8.500 ca") is set apart from every count (and,
# before the rules run, the patients' numbers "(BN 4691-4720)" are read as the codes they are).
RULES: dict[str, tuple[Rule, ...]] = {
    CITY: (read_approximate, read_exposures, read_record, read_cumulative, read_running_list,
           read_partial_breakdown, read_breakdown,
           read_following_breakdown, read_new_clusters, read_by_cluster, read_sources,
           read_measures, read_day_totals, read_stated, read_support, read_shares,
           read_dates_of_figures),
    NATIONAL: (read_approximate, read_cumulative, read_national, read_partial_breakdown,
               read_breakdown, read_places_after_days_count, read_following_breakdown,
               read_measures, read_day_totals,
               read_timeline, read_support, read_shares, read_dates_of_figures),
    TIMELINE: (read_approximate, read_places_without_cases, read_cumulative, read_timeline,
               read_partial_breakdown, read_breakdown, read_places_after_days_count,
               read_day_totals, read_measures,
               read_report_figures, read_shares, read_dates_of_figures),
}

# The field a rule's read spans fed when it wrote them without `Reading.put` (lists it appends
# to); the rules that write several such fields claim their spans themselves.
RULE_FIELDS: dict[Rule, str] = {
    read_exposures: "exposures", read_record: "record", read_cumulative: "cumulative",
    read_running_list: "clusters", read_breakdown: "by_unit",
    read_partial_breakdown: "top_by_unit", read_places_after_days_count: "top_by_unit",
    read_following_breakdown: "mobile_stations", read_new_clusters: "new_clusters",
    read_by_cluster: "by_cluster", read_sources: "by_source", read_measures: "measures",
    read_day_totals: "new_cases", read_national: "national", read_timeline: "by_unit",
    read_stated: "new_cases", read_dates_of_figures: "date", read_support: "severe_support",
    read_approximate: "approximate", read_report_figures: "national",
    read_places_without_cases: "no_secondary_transmission", read_shares: "shares",
}

# Rules that state nothing but what they read from a count of the sentence: once every count
# of a sentence is read, they have nothing left to do there and are not run. The others also
# read names, dates or hints without a count (a running list's header, new clusters' districts,
# "không ghi nhận ca mới", the national report's provinces without transmission). The lexicon's
# rows also read a part that is all of a count read already ("12 ca mắc mới, đều là các trường
# hợp đã được cách ly": the 12 are the quarantine's too).
COUNT_READERS = frozenset({read_record, read_cumulative, read_breakdown, read_following_breakdown,
                           read_partial_breakdown, read_places_after_days_count,
                           read_by_cluster, read_sources, read_timeline, read_support,
                           read_dates_of_figures, read_approximate, read_report_figures,
                           read_places_without_cases, read_shares})

# The rules that read the day's counts and their parts: not run on a sentence that states its
# counts for a longer period (a week's summary, `window`), whose counts are then left unread.
DAY_READERS = frozenset({read_approximate, read_national, read_timeline, read_breakdown,
                         read_partial_breakdown, read_places_after_days_count,
                         read_following_breakdown, read_day_totals,
                         read_stated, read_by_cluster, read_sources, read_shares})

# Each kind's rules with what the loop needs of each: whether it only reads counts, and the
# field its spans feed (looked up once here, not for every sentence).
_PLAN: dict[str, tuple[tuple[Rule, bool, str], ...]] = {
    kind: tuple((rule, rule in COUNT_READERS, RULE_FIELDS[rule]) for rule in rules)
    for kind, rules in RULES.items()}
_WINDOW_PLAN: dict[str, tuple[tuple[Rule, bool, str], ...]] = {
    kind: tuple(step for step in steps if step[0] not in DAY_READERS)
    for kind, steps in _PLAN.items()}

# Every result carries these keys, None or empty when the text does not state them.
LIST_KEYS = ("by_unit", "community_by_unit", "by_cluster", "clusters", "exposures")
NATIONAL_KEYS = ("deaths", "deaths_by_unit", "recovered", "recovered_total", "severe",
                 "avg7_cases", "avg7_deaths", "total_deaths", "cfr", "tests_samples",
                 "tests_people", "doses")


def parse_bulletin(text: str, year: int = 2021, date: str | None = None) -> dict:
    """The structured content of one bulletin (keys: see the module of each rule), its checks,
    the sentences with unread figures, and status "ok" or "needs_review".

    `date` (ISO) is the publication date, for a text that does not state its own (the
    ministry's timeline notices); it also gives the year of the text's d/m dates."""
    if date is not None:
        year = int(date[:4])
    normalised = normalise(text)
    sentences = split_sentences(normalised)
    kind = detect_kind(sentences)
    r = Reading(year, kind)
    r.fields["kind"] = kind
    read_header(sentences, r)
    for s in sentences[:3]:
        if s.pending:
            r.claim(s, "date")
    read_patient_codes(sentences, r)
    day_plan, window_plan = _PLAN[kind], _WINDOW_PLAN[kind]
    words = window_words(normalised)
    for s in sentences:
        r.previous, r.current = r.current, s
        plan = day_plan
        if states_a_window(s, r.year, words):
            plan = window_plan
            r.claim(s, "window")
        expect = r.context.get("expect")
        done = False  # every count of s read: stays so, as figures are only ever marked read
        for rule, counts_only, key in plan:
            # The length test is all_counts_read's own first one, made here: most sentences
            # with figures fail it, and the call costs more than the test.
            if counts_only and (done or (len(s.used) == len(s.numbers)
                                         and (done := all_counts_read(s)))):
                continue  # nothing left for it to read
            rule(s, r)
            if s.pending:
                r.claim(s, key)
        if r.context.get("expect") == expect:
            r.context["expect"] = None  # a hint lasts one sentence
    if date is not None and r.fields.get("date") is None:
        r.fields["date"] = date
    _derive(r)
    in_words = unread_word_counts(sentences, r.spans)
    unparsed = [{"sentence": s.text, "numbers": unread} for i, s in enumerate(sentences)
                if (unread := s.unread + in_words.get(i, []))]
    checks = r.checks + run_checks(r.fields, r.context, r.derived, r.bad_dates)
    checks.append(check("figures_read", True, "all_figures_read") if not unparsed else
                  check("figures_read", False, "unread_figures", n=len(unparsed)))
    out: dict[str, Any] = {"kind": kind, "date": None, "jurisdiction": None, "new_cases": None,
           "community": None, "quarantine": None}
    for key in LIST_KEYS:
        out[key] = []
    out["cumulative"] = None
    if kind != CITY:
        for key in NATIONAL_KEYS:
            out[key] = None
    out.update(r.fields)
    out["derived"] = r.derived
    # Totals a list's own sentence states ("52 ca cộng đồng ... tại: ..."), by list.
    out["list_totals"] = r.context.get("list_totals") or {}
    out["checks"] = checks
    out["unparsed"] = unparsed
    out["text"] = normalised
    out["spans"] = [{"start": a, "end": b, "field": f} for a, b, f in sorted(set(r.spans))]
    out["status"] = "ok" if all(c["ok"] for c in checks) else "needs_review"
    return out


def _derive(r: Reading) -> None:
    """Figures the text implies without stating: the day's total as community + quarantine in
    a city's report; in a ministry text, the total of a notice's line with the imported ones,
    and the domestic count when a province list places every case and none is imported; the
    day's deaths as the sum of a list of deaths by place when the text states no total of
    them. Named in `derived`."""
    f = r.fields
    deaths_by_unit = f.get("deaths_by_unit") or []
    if f.get("deaths") is None and deaths_by_unit \
            and all(e["code"] is not None for e in deaths_by_unit):
        # "Các ca tử vong tại: TP HCM (50), Bình Dương (20), Đồng Nai (8)" with no count of the
        # day's deaths: a list of places (every one known) is all the deaths it names. Only
        # when no total is stated: a stated total is kept, and checked against the list.
        f["deaths"] = sum(e["deaths"] for e in deaths_by_unit)
        r.derived.append("deaths")
    if f.get("new_cases") is None and f.get("community") is not None \
            and f.get("quarantine") is not None and r.kind == CITY:
        f["new_cases"] = f["community"] + f["quarantine"]
        r.derived.append("new_cases")
    if f.get("new_cases") is None and f.get("quarantine") is None and r.kind == CITY \
            and f.get("community") is not None \
            and r.context.get("new_community") == f["community"]:
        # "Ngày 26/5 tỉnh ghi nhận 30 ca mắc mới tại cộng đồng": the day's new cases, all
        # said to be found in the community, no other part stated.
        f["new_cases"] = f["community"]
        r.derived.append("new_cases")
    if f.get("new_cases") is None and f.get("community") is None and r.kind == CITY \
            and f.get("quarantine") is not None \
            and r.context.get("new_quarantine") == f["quarantine"]:
        # "tỉnh ghi nhận 59 ca mắc COVID-19 tại khu cách ly": the same, all in quarantine.
        f["new_cases"] = f["quarantine"]
        r.derived.append("new_cases")
    if r.kind == TIMELINE and f.get("new_cases") is None and (
            f.get("domestic") is not None or f.get("imported") is not None):
        # A notice's line states the domestic count; imported cases come on their own line. A
        # notice of a day with imported cases only ("ghi nhận 3 ca nhập cảnh tại Khánh Hòa
        # (2), Quảng Nam (1)") states no other: its count is the day's.
        f["new_cases"] = (f.get("domestic") or 0) + (f.get("imported") or 0)
        if f.get("imported") is not None or r.context.get("new_domestic") != f.get("domestic"):
            r.derived.append("new_cases")
        # else stated: "ghi nhận 3.600 ca nhiễm mới ghi nhận trong nước" names the day's new
        # cases and says they are domestic, with no imported ones beside them.
    by_unit = f.get("by_unit") or []
    if r.kind != CITY and f.get("domestic") is None and f.get("imported") is None \
            and f.get("new_cases") is not None and by_unit \
            and sum(e["new_cases"] for e in by_unit) == f["new_cases"]:
        # The ministry lists by province the cases found in the country and states imported
        # cases apart ("01 ca cách ly ngay sau khi nhập cảnh tại Đà Nẵng; 33 ca mắc ghi nhận
        # trong nước tại ... Vĩnh Phúc (13), ...", 12/5/2021): a list that places every case of
        # the day, with none said to be imported, is of domestic cases ("Bộ Y tế sáng 20/5 ghi
        # nhận 30 ca ..., tại Lạng Sơn một, Ninh Bình 2, ...", 20/5/2021 as news wrote it).
        f["domestic"] = f["new_cases"]
        r.derived.append("domestic")
