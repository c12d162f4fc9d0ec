"""Levels from a real database (SQLite and PostgreSQL): cases from the register, imported
population and coverage, decisions through the API with the audit, the adjustment file, the CLI
and the API giving the same JSON, history with its changes, and bad input changing nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.accounts.audit import history as audit_history
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cli import app
from episurv.db import session_scope
from episurv.errors import InvalidInput
from episurv.geo.service import import_population
from episurv.geo.units import province_code
from episurv.levels import service
from episurv.levels.inputs import import_capacity, import_coverage
from episurv.levels.models import LevelCoverage
from episurv.reporting.daily import latest_data_day

runner = CliRunner()
DAY = date(2021, 11, 13)


def _cases_csv() -> str:
    lines = ["case_id,report_date,report_time,province,district,ward,detected_in"]
    # 12 community cases in Phú Đô in the week 7-13/11, 3 in quarantine (not counted), 2 the
    # week before, one confirmed after the 18:00 cut-off of 13/11 (counts on 14/11).
    for i in range(12):
        lines.append(f"BN9{i:05d},2021-11-{7 + i % 7:02d},10:00,Hà Nội,Nam Từ Liêm,Phú Đô,"
                     "community")
    for i in range(3):
        lines.append(f"BN8{i:05d},2021-11-10,10:00,Hà Nội,Nam Từ Liêm,Phú Đô,quarantine")
    for i in range(2):
        lines.append(f"BN7{i:05d},2021-11-03,10:00,Hà Nội,Nam Từ Liêm,Phú Đô,community")
    lines.append("BN600000,2021-11-13,19:30,Hà Nội,Nam Từ Liêm,Phú Đô,community")
    lines.append("BN600001,2021-11-12,09:00,Hà Nội,Ba Đình,Cống Vị,community")
    return "\n".join(lines)


@pytest.fixture
def hanoi(db, write_csv):
    """Phú Đô with 20,000 people and coverage that misses the 65+ target; Đại Mỗ with 10,000
    people and no cases; Cống Vị without a population."""
    with session_scope(db) as s:
        import_cases(s, write_csv(_cases_csv()), scope=SYSTEM)
        import_population(s, write_csv(
            "city,district,ward,total\nHà Nội,Nam Từ Liêm,Phú Đô,20000\n"
            "Hà Nội,Nam Từ Liêm,Đại Mỗ,10000", "population.csv"))
        import_coverage(s, write_csv(
            "province,district,ward,date,adult_dose1_pct,elderly_full_pct\n"
            "Hà Nội,Nam Từ Liêm,Phú Đô,2021-11-01,95%,\"74,0\"\n"
            "Hà Nội,Nam Từ Liêm,,2021-11-01,96,83", "coverage.csv"), scope=SYSTEM)
        import_capacity(s, write_csv(
            "province,district,ward,date,oxygen_at_station,mobile_station_plan\n"
            "Hà Nội,Nam Từ Liêm,Phú Đô,2021-10-15,có,có", "capacity.csv"), scope=SYSTEM)
    return db


def _unit(result, name):
    return next(u for u in result.units if u["name"] == name)


def test_wards_are_assessed_from_the_register_with_named_gaps(hanoi, session):
    result = service.assess_week(session, scope=SYSTEM, province_code=1, day=DAY,
                                 district_code=service.resolve_unit(
                                     "Hà Nội", "Nam Từ Liêm", "district"))
    assert len(result.units) == 10  # Nam Từ Liêm's wards
    phu_do = _unit(result, "Phường Phú Đô")
    assert (phu_do["cases"], phu_do["rate_per_100k"], phu_do["level"], phu_do["colour"]) == (
        12, 60.0, 4, "red")
    assert [c["text"] for c in phu_do["criteria"]] == [
        "60 community cases per 100,000 in 7 days (12 cases in the case register, population "
        "20,000) ≥ 50 and < 150 → level 3 (UNCONFIRMED default)",
        "18+ with ≥1 dose 95% ≥ 70% (as of 01/11/2021) → met (UNCONFIRMED default)",
        "65+ full coverage 74% < 80% (as of 01/11/2021) → +1 (UNCONFIRMED default)",
        "vaccination target missed → +1 → level 4 (UNCONFIRMED default)",
        "treatment capacity met"]
    dai_mo = _unit(result, "Phường Đại Mỗ")
    assert (dai_mo["cases"], dai_mo["level"]) == (0, 1)
    assert result.counts == {"1": 1, "2": 0, "3": 0, "4": 1, "none": 8}
    me_tri = _unit(result, "Phường Mễ Trì")
    assert me_tri["level"] is None and me_tri["missing"] == [
        "no population for ward Phường Mễ Trì"]
    assert me_tri["criteria"][-1]["text"] == (
        "not assessable: no population for ward Phường Mễ Trì")


def test_district_coverage_stands_in_for_a_ward_and_is_named(hanoi, session, write_csv):
    import_cases(session, write_csv(
        "case_id,report_date,province,district,ward,detected_in\n"
        "BN500000,2021-11-12,Hà Nội,Nam Từ Liêm,Đại Mỗ,community", "more.csv"), scope=SYSTEM)
    result = service.assess_week(session, scope=SYSTEM, province_code=1, day=DAY)
    dai_mo = _unit(result, "Phường Đại Mỗ")
    assert dai_mo["level"] == 1  # 10 per 100,000
    assert dai_mo["criteria"][2]["text"] == (
        "65+ full coverage 83% ≥ 80% (figures of Quận Nam Từ Liêm, as of 01/11/2021) → met "
        "(UNCONFIRMED default)")


def test_api_and_cli_give_the_same_json(hanoi, client_as, anonymous):
    params = {"province": "Hà Nội", "date": "2021-11-13", "unit": "district"}
    assert anonymous.get("/api/v1/levels", params=params).status_code == 401
    api = client_as("viewer").get("/api/v1/levels", params=params)
    assert api.status_code == 200
    cli = runner.invoke(app, ["levels", "--province", "Hà Nội", "--date", "2021-11-13",
                              "--unit", "district", "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout) == api.json()
    body = api.json()
    nam_tu_liem = next(u for u in body["units"] if u["name"] == "Quận Nam Từ Liêm")
    # 12 + the Cống Vị case is elsewhere; 264,246 people (2019 census).
    assert (nam_tu_liem["cases"], nam_tu_liem["population"], nam_tu_liem["level"]) == (
        12, 264_246, 1)
    assert body["policies"][0]["name"] == "QD-4800-2021"
    assert body["policies"][0]["unconfirmed"] == [
        "adult_dose1_pct", "cases_level_3", "elderly_full_pct"]
    csv_out = runner.invoke(app, ["levels", "--province", "Hà Nội", "--date", "2021-11-13",
                                  "--unit", "province", "--format", "csv"])
    # No coverage for the city as a whole: named, no level.
    assert csv_out.stdout.splitlines()[1].startswith(
        "province,1,Thành phố Hà Nội,,,,,,13,8053663,0.2,QD-4800-2021,")
    assert csv_out.stdout.splitlines()[1].endswith(
        "not assessable: no vaccination coverage (% of people 65+ fully vaccinated) for "
        "province Thành phố Hà Nội\"")


def test_a_decision_overrides_is_audited_and_checks_the_jurisdiction(hanoi, client_as, db):
    code = service.resolve_unit("Hà Nội", "Đại Mỗ", "ward")
    body = {"unit": "ward", "code": code, "level": 4, "valid_from": "2021-11-13",
            "reason": "cluster growing faster than the weekly figures show",
            "reference": "CV 123/SYT"}
    assert client_as("viewer").post("/api/v1/levels/decisions", json=body).status_code == 403
    other = client_as("district", "Hà Nội", "Ba Đình")
    assert other.post("/api/v1/levels/decisions", json=body).status_code == 404
    bad = client_as("province").post("/api/v1/levels/decisions", json={**body, "level": 5})
    assert bad.status_code == 422
    cdc = client_as("province")
    made = cdc.post("/api/v1/levels/decisions", json=body)
    assert made.status_code == 201, made.text
    levels = cdc.get("/api/v1/levels", params={"province": "Hà Nội", "date": "2021-11-13"})
    dai_mo = next(u for u in levels.json()["units"] if u["code"] == code)
    assert (dai_mo["level"], dai_mo["computed_level"], dai_mo["decision"]["reason"]) == (
        4, 1, "cluster growing faster than the weekly figures show")
    assert dai_mo["decision"]["decided_by"] == cdc.email
    # The week before the decision keeps its computed level.
    before = cdc.get("/api/v1/levels", params={"province": "Hà Nội", "date": "2021-11-12"})
    assert next(u for u in before.json()["units"] if u["code"] == code)["level"] == 1
    with session_scope(db) as s:
        entries = audit_history(s, "level", f"ward:{code}")
    assert [(e["actor"], e["action"], e["changes"]["level"]) for e in entries] == [
        (cdc.email, "decide", [None, 4])]


def test_history_lists_changes_with_effective_dates(hanoi, session):
    code = service.resolve_unit("Hà Nội", "Phú Đô", "ward")
    history = service.unit_history(session, scope=SYSTEM, unit="ward", code=code,
                                   day=date(2021, 11, 20), weeks=3)
    assert [(w.week_end, w.level, w.cases) for w in history.weeks] == [
        (date(2021, 11, 6), 2, 2),  # 10 per 100,000 -> 1, coverage missed -> +1
        (date(2021, 11, 13), 4, 12),
        (date(2021, 11, 20), 2, 1)]  # the 19:30 case of 13/11 counts on 14/11
    assert [(c.effective, c.from_level, c.to_level, c.direction) for c in history.changes] == [
        (date(2021, 11, 7), 2, 4, "up"), (date(2021, 11, 14), 4, 2, "down")]
    # A longer history counts by day, not with a sum per week: the same weeks, and before
    # them no case.
    longer = service.unit_history(session, scope=SYSTEM, unit="ward", code=code,
                                  day=date(2021, 11, 20), weeks=service.SUMS_UP_TO_WEEKS + 2)
    assert [(w.week_end, w.level, w.cases) for w in longer.weeks][-3:] == [
        (w.week_end, w.level, w.cases) for w in history.weeks]
    assert [w.cases for w in longer.weeks[:-3]] == [0, 0, 0]


def test_bad_coverage_file_changes_nothing_and_names_the_cells(hanoi, session, write_csv,
                                                                tmp_path):
    path = write_csv("province,district,ward,date,adult_dose1_pct,elderly_full_pct\n"
                     "Hà Nội,Ba Đình,Cống Vị,2021-11-01,95,81\n"
                     "Hà Nội,Ba Đình,Cống Vị,2021-11-31,95,81\n"
                     "Hà Nội,Ba Đình,Kim Mã,2021-11-01,120,81\n"
                     "Hà Nội,Ba Đình,Không Có,2021-11-01,90,81", "bad.csv")
    before = session.scalar(select(func.count()).select_from(LevelCoverage))
    with pytest.raises(InvalidInput) as err:
        import_coverage(session, path, scope=SYSTEM)
    message = str(err.value)
    assert "3 row(s) invalid; nothing was imported" in message
    # A day November has not, said so as the line list says it (it listed the forms a day is
    # written in, in one of which it is written).
    assert ("row 3, column date, value '2021-11-31': no such day: month 11 of 2021 has 30 "
            "days") in message
    assert "row 4, column adult_dose1_pct, value '120': out of range (0-100)" in message
    assert "row 5, column ward, value 'Không Có': unknown ward" in message
    assert session.scalar(select(func.count()).select_from(LevelCoverage)) == before
    rejects = tmp_path / "rejects.csv"
    assert import_coverage(session, path, scope=SYSTEM, rejects=rejects) == {
        "rows": 1, "rejected": 3}
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 4


def test_adjustment_file_moves_a_band_from_its_date(hanoi, tmp_path):
    good = tmp_path / "hanoi.toml"
    good.write_text('policy = "QD-4800-2021"\nprovince = "Hà Nội"\nfrom = 2021-11-10\n'
                    'note = "Kế hoạch thí điểm"\n[thresholds]\ncases_level_3 = 70\n',
                    encoding="utf-8")
    out = runner.invoke(app, ["levels", "adjust", str(good), "--by", "cdc@hanoi"])
    assert out.exit_code == 0, out.output
    week = json.loads(runner.invoke(app, ["levels", "--province", "Hà Nội", "--date",
                                          "2021-11-13", "--district", "Nam Từ Liêm",
                                          "--format", "json"]).stdout)
    phu_do = next(u for u in week["units"] if u["name"] == "Phường Phú Đô")
    assert phu_do["level"] == 3  # 60 per 100,000 is now level 2, +1 for coverage
    assert phu_do["criteria"][0]["text"].startswith(
        "60 community cases per 100,000 in 7 days (12 cases in the case register, population "
        "20,000) ≥ 20 and < 70 → level 2 (set by Hà Nội, hanoi.toml, from 10/11/2021, by "
        "cdc@hanoi on ")
    assert week["policies"][0]["unconfirmed"] == ["adult_dose1_pct", "elderly_full_pct"]
    bad = tmp_path / "bad.toml"
    bad.write_text('policy = "QD-4800-2021"\nprovince = "Hà Nội"\nfrom = 2021-11-10\n'
                   '[thresholds]\ncases_level_9 = 70\n', encoding="utf-8")
    refused = runner.invoke(app, ["levels", "adjust", str(bad)])
    assert refused.exit_code == 2
    assert "threshold 'cases_level_9' is unknown" in refused.output


def test_a_district_may_take_the_highest_of_its_wards(hanoi, tmp_path):
    adjust = tmp_path / "highest.toml"
    adjust.write_text('policy = "QD-4800-2021"\nprovince = "Hà Nội"\nfrom = 2021-10-12\n'
                      'aggregation = "highest"\n', encoding="utf-8")
    assert runner.invoke(app, ["levels", "adjust", str(adjust)]).exit_code == 0
    out = json.loads(runner.invoke(app, ["levels", "--province", "Hà Nội", "--date",
                                         "2021-11-13", "--unit", "district", "--format",
                                         "json"]).stdout)
    nam_tu_liem = next(u for u in out["units"] if u["name"] == "Quận Nam Từ Liêm")
    # Eight of its ten wards have no population: the district cannot take their highest.
    assert nam_tu_liem["level"] is None
    assert nam_tu_liem["criteria"][0]["text"].startswith(
        "not assessable: no level for Phường Cầu Diễn")


def _figures(session, province, district, values):
    from episurv.aggregates.service import Figure, submit

    code = service.resolve_unit(province, district, "district") if district else \
        province_code(province)
    prov = province_code(province)
    submit(session, [Figure(prov, code if district else 0, day, "community", n)
                     for day, n in values], scope=SYSTEM, source="test")


def test_a_district_without_register_cases_counts_its_daily_figures_in_force(hanoi, session,
                                                                            write_csv):
    import_coverage(session, write_csv("province,date,adult_dose1_pct,elderly_full_pct\n"
                                       "Hà Nội,2021-11-01,96,83", "city.csv"), scope=SYSTEM)
    # Hoàn Kiếm keeps no line list: 20 + 40 + 30, then 40 corrected to 12.
    _figures(session, "Hà Nội", "Hoàn Kiếm", [(date(2021, 11, 11), 20),
                                             (date(2021, 11, 12), 40), (date(2021, 11, 13), 30)])
    _figures(session, "Hà Nội", "Hoàn Kiếm", [(date(2021, 11, 12), 12)])
    # Nam Từ Liêm's register holds its 12 cases of the week: its figures are not added.
    _figures(session, "Hà Nội", "Nam Từ Liêm", [(date(2021, 11, 10), 40)])
    result = service.assess_week(session, scope=SYSTEM, province_code=1, day=DAY,
                                 unit="district")
    hoan_kiem = _unit(result, "Quận Hoàn Kiếm")
    # 62 x 100,000 / 135,618 (2019 census) = 45.7: level 2 (the replaced 40 would give 66.4).
    assert (hoan_kiem["cases"], hoan_kiem["cases_source"], hoan_kiem["rate_per_100k"],
            hoan_kiem["level"]) == (62, "aggregates", 45.7, 2)
    assert hoan_kiem["criteria"][0]["text"] == (
        "45.7 community cases per 100,000 in 7 days (62 cases in the daily figures reported "
        "for 3 of the 7 days, population 135,618) ≥ 20 and < 50 → level 2 (UNCONFIRMED "
        "default)")
    nam_tu_liem = _unit(result, "Quận Nam Từ Liêm")
    assert (nam_tu_liem["cases"], nam_tu_liem["cases_source"]) == (12, "register")
    assert nam_tu_liem["criteria"][0]["text"].startswith(
        "4.5 community cases per 100,000 in 7 days (12 cases in the case register, population "
        "264,246)")
    # The city's register holds cases: 13 from it, not the 62 + 40 of the districts' figures.
    city = service.assess_week(session, scope=SYSTEM, province_code=1, day=DAY,
                               unit="province").units[0]
    assert (city["cases"], city["cases_source"]) == (13, "register")
    # The wards of Hoàn Kiếm have no figures of their own: 0 from the register.
    wards = service.assess_week(session, scope=SYSTEM, province_code=1, day=DAY,
                                district_code=service.resolve_unit("Hà Nội", "Hoàn Kiếm",
                                                                   "district"))
    assert {(u["cases"], u["cases_source"]) for u in wards.units} == {(0, "register")}
    history = service.unit_history(session, scope=SYSTEM, unit="district",
                                   code=hoan_kiem["code"], day=date(2021, 11, 20), weeks=2)
    assert [(w.week_end, w.cases, w.cases_source) for w in history.weeks] == [
        (date(2021, 11, 13), 62, "aggregates"), (date(2021, 11, 20), 0, "register")]


def test_a_province_that_only_submits_figures_is_assessed_from_them(db, session):
    _figures(session, "Đà Nẵng", None, [(date(2021, 11, 7 + k), 30 + k) for k in range(7)])
    _figures(session, "Đà Nẵng", None, [(date(2021, 11, 6), 500)])  # the week before
    assert latest_data_day(session, 48) == DAY
    result = service.assess_week(session, scope=SYSTEM, province_code=48, day=DAY,
                                 unit="province")
    da_nang = result.units[0]
    # 30 + 31 + ... + 36 = 231; 231 x 100,000 / 1,134,310 = 20.4: level 2 by the cases, but
    # the city has no coverage figures: named, no level.
    assert (da_nang["cases"], da_nang["cases_source"], da_nang["rate_per_100k"]) == (
        231, "aggregates", 20.4)
    assert da_nang["criteria"][0]["text"].startswith(
        "20.4 community cases per 100,000 in 7 days (231 cases in the daily figures reported "
        "for 7 of the 7 days, population 1,134,310) ≥ 20 and < 50 → level 2")
    assert da_nang["level"] is None and da_nang["missing"][0].startswith(
        "no vaccination coverage")


def test_deaths_are_counted_from_the_register_for_the_weeks_of_218(db, write_csv, session):
    """Under 218/QĐ-BYT (from 27/1/2022) the week's deaths per 100,000 raise the level; the
    deaths are read from the register by their outcome date. Under 4800/QĐ-BYT no death is
    counted."""
    lines = ["case_id,report_date,report_time,province,district,ward,detected_in,outcome,"
             "outcome_date"]
    lines += [f"BN5{i:05d},2022-02-0{1 + i},10:00,Hà Nội,Nam Từ Liêm,Phú Đô,community,died,"
              f"2022-02-0{2 + i}" for i in range(2)]
    with session_scope(db) as s:
        import_cases(s, write_csv("\n".join(lines)), scope=SYSTEM)
        import_population(s, write_csv("city,district,ward,total\nHà Nội,Nam Từ Liêm,Phú Đô,"
                                       "20000", "population.csv"))
        import_coverage(s, write_csv("province,district,ward,date,population_full_pct,"
                                     "high_risk_full_pct\nHà Nội,Nam Từ Liêm,Phú Đô,2022-01-01,"
                                     "90,95", "coverage.csv"), scope=SYSTEM)
    phu_do = service.resolve_unit("Hà Nội", "Phú Đô", "ward", "Nam Từ Liêm")
    week = service.assess_week(session, scope=SYSTEM, province_code=1, day=date(2022, 2, 6),
                               district_code=service.resolve_unit(
                                   "Hà Nội", "Nam Từ Liêm", "district"))
    deaths = next(c for c in next(u for u in week.units if u["code"] == phu_do)["criteria"]
                  if c["key"] == "deaths_per_100k")
    assert deaths["value"] == 10.0  # 2 deaths in 20,000 people
    before = service.assess_week(session, scope=SYSTEM, province_code=1, day=date(2022, 1, 20),
                                 district_code=service.resolve_unit(
                                     "Hà Nội", "Nam Từ Liêm", "district"))
    assert all(c["key"] != "deaths_per_100k" for u in before.units for c in u["criteria"])
