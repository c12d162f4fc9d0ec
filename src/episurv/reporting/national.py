"""The ministry's national daily report, read from the daily figures in force (now or as of a
past moment) and, for the provinces that keep their line list in episurv, from the line list.

What the report decides (named here so the renderers need not know it; the figures and their
order are the Ministry of Health's report of 7/11/2021, domain README section 2):
- new cases are domestic + imported; domestic = found in quarantine or lockdown areas + under
  investigation (community); "change vs the day before" compares domestic cases;
- a province that keeps its line list in episurv (cases in case_daily_counts) has its case
  counts (new, community, quarantine) from the line list from the first day of that list on; its
  submitted counts are only compared, and a difference is shown with what explains it;
- cumulative cases and deaths count everything recorded ("since the start of the epidemic");
  wave totals, cumulative tests and recoveries of the wave count from settings.wave_start;
- the 7-day averages are OWID's trailing mean (analytics.smoothing, domain README section 7);
  CFR = cumulative deaths / cumulative cases x 100 and cases per million use analytics.rates
  with the 2019 census population (geo);
- vaccine doses are those of the day before the report's date (`DOSES_LAG_DAYS`): the ministry's
  report of 7/11 gives the doses of 6/11;
- "no secondary transmission in 14 days": provinces with cases in the wave and no community case
  in the 14 days ending on the date (a day with no figure counts as none);
- a day with no figure from a province counts as 0 in national sums; the provinces that reported
  recently but not on the date are listed under `missing`;
- a figure that no province sent (deaths, recoveries, severe patients, tests, doses; and so the
  CFR) is None, "no figure", never 0; a day of the deaths curve without a figure is a gap.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.aggregates.rules import STORED
from episurv.aggregates.service import latest_submissions, utc
from episurv.aggregates.sources import Sources, line_list_cut, line_list_starts, sources
from episurv.config import Settings, get_settings
from episurv.core.days import read_moment
from episurv.core.time import LOCAL
from episurv.errors import InvalidInput
from episurv.geo.service import populations
from episurv.geo.units import PROVINCE, register
from episurv.reporting import national_rules as rules
from episurv.reporting.national_rules import DOSES_LAG_DAYS, NO_SECONDARY_DAYS, Daily
from episurv.reporting.service import parse_day as parse_date  # the one date parser

# --- the queries ----------------------------------------------------------------------------


def _window_rows(session: Session, src: Sources, params: dict) -> list:
    """Submitted figures of each province and day from :since to :day."""
    cols = ", ".join(f"a.{m}" for m in STORED)
    return session.execute(text(
        f"SELECT a.province_code, a.day, {cols} FROM aggregate_days a "
        f"WHERE {src.where} AND a.district_code = 0 AND a.day BETWEEN :since AND :day"),
        params).all()


def _line_list_window_rows(session: Session, src: Sources, params: dict) -> list:
    """Line-list cases of each province, day and place of detection from :since to :day."""
    return session.execute(text(
        f"SELECT province_code, report_day, detected_in, SUM(n) FROM {src.line_list} ll "
        f"WHERE report_day BETWEEN :since AND :day "
        f"GROUP BY province_code, report_day, detected_in"), params).all()


def _cumulative(session: Session, src: Sources, cut: str, params: dict,
                starts: dict[int, date]) -> rules.Cumulative:
    sums, names = rules.cumulative_columns()
    rows = session.execute(text(
        f"SELECT a.province_code, {cut} AS ll, {', '.join(sums)} FROM aggregate_days a "
        f"WHERE {src.where} AND a.district_code = 0 AND a.day <= :day "
        "GROUP BY 1, 2"), params).all()
    imported_rows: list = []
    line_list_rows: list = []
    if starts:
        imported_rows = session.execute(text(
            f"SELECT a.province_code, SUM(a.imported), "
            f"SUM(CASE WHEN a.day >= :wave THEN a.imported END) FROM aggregate_days a "
            f"WHERE {src.where} AND a.district_code = 0 AND a.day <= :day AND {cut} = 1 "
            f"GROUP BY a.province_code"), params).all()
        line_list_rows = session.execute(text(
            f"SELECT province_code, detected_in, SUM(n), "
            f"SUM(CASE WHEN report_day >= :wave THEN n END) FROM {src.line_list} ll "
            f"WHERE report_day <= :day GROUP BY province_code, detected_in"), params).all()
    return rules.cumulative(rows, names, imported_rows, line_list_rows)


def _curve_rows(session: Session, src: Sources, cut: str, params: dict,
                starts: dict[int, date]) -> tuple[list, list]:
    """The national sums per day since the wave start, line-list case counts apart."""
    rows = session.execute(text(
        f"SELECT a.day, SUM(CASE WHEN {cut} = 1 THEN 0 ELSE a.community END), "
        f"SUM(CASE WHEN {cut} = 1 THEN 0 ELSE a.quarantine END), SUM(a.imported), "
        f"SUM(a.deaths) FROM aggregate_days a WHERE {src.where} AND a.district_code = 0 "
        f"AND a.day BETWEEN :wave AND :day GROUP BY a.day"), params).all()
    line_list_rows: list = []
    if starts:
        line_list_rows = session.execute(text(
            f"SELECT report_day, detected_in, SUM(n) FROM {src.line_list} ll "
            f"WHERE report_day BETWEEN :wave AND :day GROUP BY report_day, detected_in"),
            params).all()
    return rows, line_list_rows


# --- the report -----------------------------------------------------------------------------


def national_report(session: Session, *, scope: Scope, day: date,
                    as_of: datetime | None = None, settings: Settings | None = None) -> dict:
    """The national report of `day` (figures in force now, or at `as_of`). The report is the
    public national bulletin: every scope may read it; no personal data is in it."""
    del scope  # aggregate figures of the whole country: nothing to filter (see docstring)
    settings = settings or get_settings()
    wave = settings.wave_start
    if day < wave:
        raise InvalidInput(f"date {day} is before the wave start {wave}")
    src = sources(session, as_of)
    starts = line_list_starts(session, src, day)
    cut, cut_params = line_list_cut(starts)
    window_start = day - timedelta(days=NO_SECONDARY_DAYS)  # 14 days and the day before them
    params = {**src.params, **cut_params, "day": day, "wave": wave, "since": window_start,
              "dose_day": day - timedelta(days=DOSES_LAG_DAYS)}

    daily, submitted_today = rules.daily_figures(_window_rows(session, src, params), day)
    rules.replace_case_counts(daily, _line_list_window_rows(session, src, params), starts,
                              window_start, NO_SECONDARY_DAYS + 1)
    cum = _cumulative(session, src, cut, params, starts)
    curve, domestic_curve = rules.national_curve(*_curve_rows(session, src, cut, params, starts),
                                                 starts, wave, (day - wave).days + 1)
    return rules.assemble(
        day=day, wave=wave, as_of=utc(as_of).isoformat() if as_of else None,
        cutoff=settings.cutoff.strftime("%H:%M"), daily=daily, cum=cum, starts=starts,
        populations=populations(session, PROVINCE), curve=curve, domestic_curve=domestic_curve,
        differences=differences(session, src, starts, day, submitted_today, daily, as_of))


def differences(session: Session, src: Sources, starts: dict[int, date], day: date,
                submitted: dict[int, dict[str, int | None]],
                daily: Daily, moment: datetime | None) -> list[dict]:
    """For each province keeping a line list whose submitted case counts of `day` differ from
    it: both figures, and the cases that explain a difference: cases without a patient code yet
    (the ministry counts coded cases), and cases moved to the next day by the cut-off hour."""
    out = []
    as_of = " AND created_at <= :as_of" if "as_of" in src.params else ""
    # Only the figures the province itself sent are compared, not those derived from them.
    sent_raw = latest_submissions(session, [(p, day) for p in starts if p in submitted],
                                  moment)
    # Grouped in one pass over the submissions, not one pass over all of them per province.
    sent_by_province: dict[int, dict[str, int]] = {}
    for (q, d, _day, m), v in sent_raw.items():
        if d == 0:
            sent_by_province.setdefault(q, {})[m] = v[0]
    for p in sorted(starts):
        sent = sent_by_province.get(p, {})
        if not sent:
            continue
        derived = daily[p][day]
        diffs = {m: {"line_list": int(derived[m] or 0), "submitted": int(sent[m])}
                 for m in ("new_cases", "community", "quarantine")
                 if m in sent and int(sent[m]) != int(derived[m] or 0)}
        if not diffs:
            continue
        uncoded, late_in, late_out = session.execute(text(
            "SELECT SUM(CASE WHEN report_day = :day AND case_id LIKE 'GEN-%' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN report_day = :day AND report_date < report_day THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN report_date = :day AND report_day > :day THEN 1 ELSE 0 END) "
            f"FROM cases WHERE province_code = :p AND report_day BETWEEN :day AND :next{as_of}"),
            {**src.params, "p": p, "day": day, "next": day + timedelta(days=1)}).one()
        reasons = [r for r in (
            {"reason": "no_patient_code", "cases": int(uncoded or 0)},
            {"reason": "confirmed_after_cutoff_day_before", "cases": int(late_in or 0)},
            {"reason": "confirmed_after_cutoff_counted_next_day", "cases": int(late_out or 0)},
        ) if r["cases"]]
        out.append({"province": register().get(PROVINCE, p).short_name, "province_code": p,
                    "measures": diffs, "reasons": reasons})
    return out


# --- shared by the CLI and the API --------------------------------------------------------


def parse_moment(value: str | None, field: str = "as_of") -> datetime | None:
    """An as-of moment as a person types it (core.days.read_moment: "7/11/2021 18:00",
    "2021-11-07T18:00") in local time (UTC+7), or as a link writes it with its zone
    ("2021-11-07T18:00:00+07:00", the page's list of changes); a day alone is the end of that
    day. One that writes none is refused naming the field and why (422)."""
    if value is None or not value.strip():
        return None
    s = value.strip()
    try:
        zoned = datetime.fromisoformat(s)
    except ValueError:
        zoned = None
    if zoned is not None and zoned.tzinfo is not None:
        return zoned
    moment = read_moment(s, field)
    if ":" not in s:  # no time of day written (every form of one has a colon): the day's end
        moment = datetime.combine(moment.date(), time(23, 59, 59, 999999))
    return moment.replace(tzinfo=LOCAL)


def national_report_for(day: str | date | None, *, scope: Scope,
                        as_of: str | datetime | None = None) -> dict:
    """The national report of `day` (default: the latest day with figures), as of a moment."""
    from episurv.aggregates.series import default_until
    from episurv.db import session_scope

    moment = as_of if isinstance(as_of, datetime) or as_of is None else parse_moment(as_of)
    with session_scope() as session:
        when = day if isinstance(day, date) else parse_date(day)
        return national_report(session, scope=scope, day=when or default_until(session),
                               as_of=moment)
