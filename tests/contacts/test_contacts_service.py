"""Contacts over a real database: registering with the rule in force, import rules, the
follow-up of the day (due and missed, both sides), and an F1 becoming a case."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM, Scope
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts import service as contacts
from episurv.contacts.followup import followup_day
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.errors import Conflict, InvalidInput
from episurv.reporting.daily import daily_report

D = date
CASES = """case_id,report_date,province,district,ward,onset_date,cluster
A1,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-03,Chợ Dịch Vọng
"""


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    return session


def f1(session, code="F-1", exposure="2021-11-04", **extra):
    values = {"contact_code": code, "level": "F1", "source_case": "A1",
              "exposure_date": exposure, "relation": "household", "name": "Nguyễn Văn Bình",
              "phone": "+84 912.345.678", "district": "Cầu Giấy", "ward": "Dịch Vọng",
              "team": "Tổ 3", **extra}
    return contacts.add_contact(session, scope=SYSTEM, values=values)


def test_register_names_the_rule_and_schedules_tests(loaded):
    c = f1(loaded)
    assert c["phone"] == "0912345678" and c["province"] == "Hà Nội"
    assert c["quarantine"] | {"notes": []} == {
        "policy": "5599/BYT-MT", "protected": False, "setting": "home", "start": "2021-11-04",
        "end": "2021-11-18", "monitoring_end": "2021-12-02", "follow_end": "2021-12-02",
        "notes": []}
    assert [t["due_on"] for t in c["tests"]] == ["2021-11-05", "2021-11-11", "2021-11-18"]
    assert c["next_test_on"] == "2021-11-05" and c["flag"] is None
    # Onset 3/11: infectious from 1/11. An exposure on 31/10 is flagged, not refused.
    early = f1(loaded, code="F-2", exposure="2021-10-31")
    assert early["flag"] == ("exposure 2021-10-31 is before the source's infectious period "
                             "(from 2021-11-01)")
    assert f1(loaded, code="F-3", exposure="2021-11-01")["flag"] is None


def test_vaccinated_f1_under_10696(loaded):
    c = f1(loaded, exposure="2021-12-20", vaccine_doses="2", last_dose_date="2021-10-01")
    assert (c["quarantine"]["policy"], c["quarantine"]["end"], c["quarantine"]["protected"]) == (
        "10696/BYT-MT", "2021-12-27", True)


def test_f2_follows_its_f1(loaded):
    f1(loaded)
    f2 = contacts.add_contact(loaded, scope=SYSTEM, values={
        "contact_code": "F-9", "level": "F2", "source_contact": "F-1",
        "exposure_date": "2021-11-04", "relation": "workplace"})
    assert (f2["source_contact"], f2["quarantine"]["policy"], f2["quarantine"]["monitoring_end"],
            f2["province"]) == ("F-1", "3638/QĐ-BYT", "2021-11-18", "Hà Nội")


def test_bad_rows_are_named(loaded):
    with pytest.raises(InvalidInput) as err:
        contacts.add_contact(loaded, scope=SYSTEM, values={
            "level": "F1", "source_case": "NOPE", "exposure_date": "4/13/2021",
            "phone": "12345", "relation": "cousin"})
    fields = {p["field"] for p in err.value.problems}
    assert fields == {"source_case", "exposure_date", "phone", "relation", "province"}


def test_an_office_contact_list_its_headings_repeated_headers_and_lines_below(
        loaded, write_csv, tmp_path):
    """A tracing team's list as the office keeps it, under a title: a heading of one cell over
    each ward's group, the header repeated where a second ward's list was pasted below, a
    totals line, and the place, date and signatures below it. Each was refused as a contact
    without its exposure date: they are left aside and said, by the case list's rules, and
    the contacts are imported. An undated row before a later dated one is still refused."""
    header = "STT,Mã F1,Mã BN nguồn,Ngày tiếp xúc,Quan hệ,Phường"
    rows = ["DANH SÁCH F1 TỔ TRUY VẾT SỐ 3,,,,,", header,
            "I. PHƯỜNG DỊCH VỌNG,,,,,",
            "1,F-31,A1,04/11/2021,cùng nhà,Dịch Vọng",
            header,
            "1,F-32,A1,05/11/2021,đồng nghiệp,Dịch Vọng Hậu",
            "Tổng cộng,2,,,,",
            ",,,,,",
            ",,,\"Hà Nội, ngày 07 tháng 11 năm 2021\",,",
            "Người lập biểu,,,,Tổ trưởng,",
            "Nguyễn Thị Lập,,,,Trần Văn Duyệt,"]
    path = write_csv("\n".join(rows), name="f1.csv")
    result = import_contacts(loaded, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"], result["totals_rows"]) == (
        2, ["STT"], [{"row": 7, "value": "Tổng cộng"}])
    assert result["rows_not_cases"] == [
        {"row": 3, "value": "I. PHƯỜNG DỊCH VỌNG"}, {"row": 5, "value": "STT"},
        {"row": 9, "value": "Hà Nội, ngày 07 tháng 11 năm 2021"},
        {"row": 10, "value": "Người lập biểu"}, {"row": 11, "value": "Nguyễn Thị Lập"}]
    assert sorted(loaded.scalars(select(Contact.contact_code))) == ["F-31", "F-32"]

    rows.insert(4, ",,A1,,cùng nhà,Dịch Vọng")  # a contact typed without its date
    with pytest.raises(InvalidInput) as err:
        import_contacts(loaded, write_csv("\n".join(rows), name="bad.csv"), scope=SYSTEM)
    assert str(err.value).splitlines()[1:] == [
        "  row 5, column exposure_date, value '': required"]


def test_import_all_or_nothing_skip_invalid_and_rerun(loaded, write_csv, tmp_path):
    good = write_csv("""Mã F1,Phân loại,Mã BN nguồn,Ngày tiếp xúc,Quan hệ,Họ tên,SĐT,Quận,Phường
F-10,F1,A1,2021-11-04,cùng nhà,Trần Thị Lan,0987654321,Cầu Giấy,Dịch Vọng
F-11,F1,A1,04/11/2021,đồng nghiệp,Lê Văn Hải,0987000111,Cầu Giấy,Dịch Vọng
""", name="contacts.csv")
    assert import_contacts(loaded, good, scope=SYSTEM) | {"ignored_columns": []} == {
        "rows": 2, "new": 2, "updated": 0, "unchanged": 0, "rejected": 0, "ignored_columns": [],
        "totals_rows": [], "rows_not_cases": []}
    again = import_contacts(loaded, good, scope=SYSTEM)
    assert (again["new"], again["unchanged"]) == (0, 2)
    assert loaded.scalar(select(func.count()).select_from(Contact)) == 2

    bad = write_csv("""contact_code,level,source_case,exposure_date,relation,ward
F-12,F1,A1,2021-11-05,household,Dịch Vọng
F-13,F1,A1,2021-13-01,household,Dịch Vọng
F-14,F2,,2021-11-05,household,Dịch Vọng
""", name="bad.csv")
    with pytest.raises(InvalidInput) as err:
        import_contacts(loaded, bad, scope=SYSTEM)
    assert "row 3, column exposure_date, value '2021-13-01'" in str(err.value)
    assert "row 4, column source_contact" in str(err.value)
    assert loaded.scalar(select(func.count()).select_from(Contact)) == 2
    rejects = tmp_path / "rejects.csv"
    result = import_contacts(loaded, bad, scope=SYSTEM, rejects=rejects)
    assert (result["new"], result["rejected"]) == (1, 2)
    assert rejects.read_text(encoding="utf-8").count("\n") == 3


def test_followup_due_and_missed_both_sides(loaded):
    f1(loaded)  # exposure 4/11: quarantine 4/11..18/11, tests 5/11, 11/11, 18/11
    def item(day):
        return followup_day(loaded, scope=SYSTEM, day=day, province="Hà Nội")["items"][0]
    first = item(D(2021, 11, 4))
    assert (first["call_due"], first["call_missed"], first["test_due"]) == (True, False, False)
    fifth = item(D(2021, 11, 5))
    assert (fifth["call_missed"], fifth["test_due"], fifth["test_missed"]) == (True, True, False)
    contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 5),
                          kind="call", result="well")
    after_call = item(D(2021, 11, 5))
    # Reached today: yesterday's missed call needs no more action.
    assert (after_call["call_due"], after_call["call_missed"]) == (False, False)
    sixth = item(D(2021, 11, 6))
    assert (sixth["call_due"], sixth["call_missed"], sixth["test_missed"]) == (True, False, True)
    contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 6),
                          kind="test", result="negative")
    assert item(D(2021, 11, 6))["test_missed"] is False
    assert item(D(2021, 11, 11))["test_due"] is True
    # Quarantine ends 18/11: calls due on 18/11, none on 19/11 (monitoring), followed to 2/12.
    assert item(D(2021, 11, 18))["phase"] == "quarantine"
    nineteenth = item(D(2021, 11, 19))
    assert (nineteenth["phase"], nineteenth["call_due"]) == ("monitoring", False)
    assert followup_day(loaded, scope=SYSTEM, day=D(2021, 12, 2))["totals"]["followed"] == 1
    assert followup_day(loaded, scope=SYSTEM, day=D(2021, 12, 3))["totals"]["followed"] == 0


def test_followup_counts_per_station_and_scope(loaded):
    f1(loaded)
    f1(loaded, code="F-2", ward="Quan Hoa", team="Tổ 1")
    day = followup_day(loaded, scope=SYSTEM, day=D(2021, 11, 5), province="Hà Nội")
    assert [(s["ward"], s["team"], s["followed"], s["test_due"]) for s in day["stations"]] == [
        ("Dịch Vọng", "Tổ 3", 1, 1), ("Quan Hoa", "Tổ 1", 1, 1)]
    assert day["totals"]["call_missed"] == 2
    ward = loaded.scalar(select(Contact.ward_code).where(Contact.contact_code == "F-2"))
    station = Scope(role="station", ward_codes=frozenset({ward}), actor="tram-quan-hoa")
    seen = followup_day(loaded, scope=station, day=D(2021, 11, 5))
    assert [i["contact_code"] for i in seen["items"]] == ["F-2"]
    narrowed = followup_day(loaded, scope=SYSTEM, day=D(2021, 11, 5), province="Hà Nội",
                            ward="Dịch Vọng")
    assert [i["contact_code"] for i in narrowed["items"]] == ["F-1"]


def test_positive_f1_becomes_a_case_keeping_the_link(loaded):
    f1(loaded)
    contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 5),
                          kind="test", result="positive")
    result = contacts.become_case(loaded, scope=SYSTEM, contact_code="F-1",
                                  report_date=D(2021, 11, 6), case_id="A2")
    case = loaded.scalar(select(Case).where(Case.case_id == "A2"))
    assert (case.detected_in, case.source, case.name, case.phone) == (
        "quarantine", "cluster", "Nguyễn Văn Bình", "0912345678")
    assert case.cluster_id is not None  # joined its source's cluster
    assert [(e["source"], e["target"]) for e in result["chain"]["edges"]] == [
        (f"case:{loaded.scalar(select(Case.id).where(Case.case_id == 'A1'))}", f"case:{case.id}")]
    assert daily_report(loaded, "Hà Nội", D(2021, 11, 6))["quarantine"] == 1
    with pytest.raises(Conflict, match="is a case already"):
        contacts.become_case(loaded, scope=SYSTEM, contact_code="F-1",
                             report_date=D(2021, 11, 6))
    assert followup_day(loaded, scope=SYSTEM, day=D(2021, 11, 6))["totals"]["followed"] == 0


def test_an_f2_whose_f1_was_rejected_is_in_the_rejects_file(loaded, write_csv, tmp_path):
    path = write_csv("""contact_code,level,source_case,source_contact,exposure_date,relation,\
province,district,ward
F-20,F1,A1,,2021-13-01,household,Hà Nội,Cầu Giấy,Dịch Vọng
F-21,F2,,F-20,2021-11-06,household,Hà Nội,Cầu Giấy,Dịch Vọng
F-22,F1,A1,,2021-11-05,household,Hà Nội,Cầu Giấy,Dịch Vọng
""", name="chain.csv")
    rejects = tmp_path / "rejects.csv"
    result = import_contacts(loaded, path, scope=SYSTEM, rejects=rejects)
    assert (result["new"], result["rejected"]) == (1, 2)
    with open(rejects, encoding="utf-8") as fh:
        rows = {r["contact_code"]: r["reason"] for r in csv.DictReader(fh)}
    assert rows["F-21"] == "source_contact 'F-20': its F1 was rejected in this file"
    assert rows["F-20"].startswith("exposure_date '2021-13-01'")


BAC_NINH = Scope(role="province", province_code=27, actor="cdc-bac-ninh")


def test_a_contact_code_of_another_province_is_a_new_record_and_says_nothing(
        loaded, write_csv):
    """A code is issued per province (hardening issue, item 3): Bắc Ninh registering F-1, which
    Hà Nội holds, gets exactly the answer of a code nobody holds, and each keeps its own."""
    f1(loaded)  # Hà Nội's F-1
    import_cases(loaded, write_csv("case_id,report_date,province,district\n"
                                   "B7,2021-11-06,Bắc Ninh,Từ Sơn\n"), scope=SYSTEM)
    rows = ("contact_code,level,source_case,exposure_date,relation,district\n"
            "{code},F1,B7,2021-11-05,household,Từ Sơn\n")
    taken = import_contacts(loaded, write_csv(rows.format(code="F-1")), scope=BAC_NINH)
    unknown = import_contacts(loaded, write_csv(rows.format(code="F-77")), scope=BAC_NINH)
    assert taken == unknown == {"rows": 1, "new": 1, "updated": 0, "unchanged": 0,
                                "rejected": 0, "ignored_columns": [], "totals_rows": [],
                                "rows_not_cases": []}
    added = contacts.add_contact(loaded, scope=BAC_NINH, values={
        "contact_code": "F-1", "level": "F1", "source_case": "B7", "exposure_date": "2021-11-05",
        "relation": "household", "district": "Từ Sơn"})
    assert added["province"] == "Bắc Ninh"  # the API answers with Bắc Ninh's record
    assert sorted(loaded.execute(select(Contact.province_code, Contact.district_code).where(
        Contact.contact_code == "F-1")).all()) == [(1, 5), (27, 261)]
    # Each province sees its own F-1; a national scope names the province, else the lowest.
    assert contacts.get_contact(loaded, "F-1", scope=BAC_NINH).province_code == 27
    assert contacts.get_contact(loaded, "F-1", scope=SYSTEM).province_code == 1
    assert contacts.get_contact(loaded, "F-1", scope=SYSTEM, province_code=27).district_code \
        == 261


def test_contact_fields_have_the_same_length_limits_as_the_api(loaded, write_csv):
    """A 1,000,000-character name was stored by the contacts importer while the API caps names
    at 200 (hardening issue): one definition of the limits, for every importer."""
    rows = write_csv("contact_code,level,source_case,exposure_date,relation,name,team\n"
                     f"F-20,F1,A1,2021-11-04,household,{'N' * 1_000_000},Tổ 3\n"
                     f"F-21,F1,A1,2021-11-04,household,Lê Văn Hải,{'T' * 61}\n"
                     f"F-22,F1,A1,2021-11-04,household,{'N' * 200},{'T' * 60}\n")
    with pytest.raises(InvalidInput) as err:
        import_contacts(loaded, rows, scope=SYSTEM)
    assert [(p["row"], p["column"], p["message"]) for p in err.value.problems] == [
        (2, "name", "longer than 200 characters"), (3, "team", "longer than 60 characters")]
    assert len(err.value.problems[0]["value"]) == 81  # the start of the value, not all of it
    assert loaded.scalar(select(func.count()).select_from(Contact)) == 0


def test_after_a_positive_no_scheduled_test_is_due_or_missed(loaded):
    f1(loaded)  # tests 5/11, 11/11, 18/11
    # No test on 5/11 nor 11/11; a positive on 12/11 fulfils the earliest (5/11).
    contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 12),
                          kind="test", result="positive")
    item = followup_day(loaded, scope=SYSTEM, day=D(2021, 11, 12))["items"][0]
    # 11/11 is still pending in the plan, but a positive person leaves the test plan.
    assert (item["test_missed"], item["test_due"], item["next_test_on"]) == (False, False, None)
    assert followup_day(loaded, scope=SYSTEM, day=D(2021, 11, 12))["totals"]["test_missed"] == 0


def test_undo_takes_back_the_latest_result_of_its_author_within_ten_minutes(loaded):
    from datetime import timedelta

    from episurv.accounts.audit import history

    f1(loaded)
    nurse = Scope(role="station", actor="y-ta@tram")
    done = contacts.record_check(loaded, scope=nurse, contact_code="F-1", day=D(2021, 11, 5),
                                 kind="test", result="positive")
    assert done["next_test_on"] is None and contacts.positive_contacts(loaded, ["F-1"])
    other = Scope(role="station", actor="khac@tram")
    with pytest.raises(Conflict, match="only the person who recorded"):
        contacts.undo_check(loaded, scope=other, contact_code="F-1", check_id=done["check_id"])
    check = contacts.contact_checks(loaded, contacts.get_contact(loaded, "F-1", scope=SYSTEM))[0]
    with pytest.raises(Conflict, match="within 10 minutes"):
        contacts.undo_check(loaded, scope=nurse, contact_code="F-1", check_id=check.id,
                            now=check.at + timedelta(minutes=10, seconds=1))
    undone = contacts.undo_check(loaded, scope=nurse, contact_code="F-1", check_id=check.id,
                                 now=check.at + timedelta(minutes=9))
    assert undone["next_test_on"] == "2021-11-05"
    assert [(t["due_on"], t["result"]) for t in undone["tests"]] == [
        ("2021-11-05", None), ("2021-11-11", None), ("2021-11-18", None)]
    assert not contacts.positive_contacts(loaded, ["F-1"])
    assert contacts.contact_checks(loaded, contacts.get_contact(loaded, "F-1", scope=SYSTEM)) == []
    entry = history(loaded, "contact", "F-1")[-1]
    assert (entry["action"], entry["actor"]) == ("undo", "y-ta@tram")
    assert entry["changes"] == {"next_test_on": [None, "2021-11-05"], "undone": "test:positive",
                                "day": "2021-11-05"}


def test_undo_removes_an_extra_test_and_restores_the_last_call(loaded):
    f1(loaded)
    call = contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 6),
                                 kind="call", result="well")
    later = contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 7),
                                  kind="call", result="symptoms")
    with pytest.raises(Conflict, match="only the latest"):
        contacts.undo_check(loaded, scope=SYSTEM, contact_code="F-1", check_id=call["check_id"])
    assert contacts.undo_check(loaded, scope=SYSTEM, contact_code="F-1",
                               check_id=later["check_id"])["last_call_on"] == "2021-11-06"
    # A test on 4/11, before any scheduled one: an extra test, removed again by the undo.
    extra = contacts.record_check(loaded, scope=SYSTEM, contact_code="F-1", day=D(2021, 11, 4),
                                  kind="test", result="negative")
    assert [t["due_on"] for t in extra["tests"]][0] == "2021-11-04"
    back = contacts.undo_check(loaded, scope=SYSTEM, contact_code="F-1",
                               check_id=extra["check_id"])
    assert [t["due_on"] for t in back["tests"]] == ["2021-11-05", "2021-11-11", "2021-11-18"]
    assert (back["last_call_on"], back["next_test_on"]) == ("2021-11-06", "2021-11-05")


def test_a_contacts_file_reads_days_as_the_line_list_does(loaded, write_csv):
    """One reading of a written day (core.days) for contacts as for cases: "4-11-2021",
    "04.11.2021" and a spreadsheet's midnight were refused here before ("not a date") while the
    line list took them; so were "ngày 4/11/2021", "04 tháng 11 năm 2021", "04 / 11 / 2021",
    Excel's day number (44504 is 4/11/2021) and a day with its time of day after it, which the
    line list reads as that day. A time that is no time makes it no day."""
    path = write_csv("""Mã F1,Phân loại,Mã BN nguồn,Ngày tiếp xúc,Quan hệ,Phường
F-20,F1,A1,4-11-2021,cùng nhà,Dịch Vọng
F-21,F1,A1,04.11.2021,cùng nhà,Dịch Vọng
F-22,F1,A1,2021-11-04 00:00:00,cùng nhà,Dịch Vọng
F-23,F1,A1,ngày 4/11/2021,cùng nhà,Dịch Vọng
F-24,F1,A1,04 tháng 11 năm 2021,cùng nhà,Dịch Vọng
F-25,F1,A1,04 / 11 / 2021,cùng nhà,Dịch Vọng
F-26,F1,A1,44504,cùng nhà,Dịch Vọng
F-27,F1,A1,2021-11-04 10:30,cùng nhà,Dịch Vọng
""", name="contacts.csv")
    assert import_contacts(loaded, path, scope=SYSTEM)["new"] == 8
    days = set(loaded.scalars(select(Contact.exposure_date)))
    assert {d.isoformat() for d in days} == {"2021-11-04"}
    bad = write_csv("""contact_code,level,source_case,exposure_date,relation,ward
F-28,F1,A1,2021-11-04 25:00,household,Dịch Vọng
""", name="bad.csv")
    with pytest.raises(InvalidInput, match="row 2, column exposure_date, value '2021-11-04 25:00'"):
        import_contacts(loaded, bad, scope=SYSTEM)


def test_a_contacts_day_outside_the_epidemic_is_refused_as_a_case_day_is(loaded, write_csv):
    """"4/11/2012" for 4/11/2021 was stored as an exposure nine years before COVID-19; the
    contact list now refuses it as the line list does, naming the days it may fall on."""
    bad = write_csv("""contact_code,level,source_case,exposure_date,relation,ward
F-29,F1,A1,4/11/2012,household,Dịch Vọng
""", name="bad.csv")
    with pytest.raises(InvalidInput) as err:
        import_contacts(loaded, bad, scope=SYSTEM)
    assert "row 2, column exposure_date, value '4/11/2012': outside 2020-01-01 to " in str(
        err.value)
    assert loaded.scalar(select(func.count()).select_from(Contact)) == 0


def test_the_reasons_the_database_gives_are_said_in_vietnamese(loaded):
    """A source, a case or a place no record has, a code given twice, a province with nothing
    to take it from: said in English only before."""
    from episurv.messages import said

    rows = [(2, {"contact_code": "F-40", "source_case": "NOPE", "exposure_date": "4/11/2021",
                 "ward": "Dịch Vọng"}),
            (3, {"contact_code": "F-40", "source_case": "A1", "exposure_date": "4/11/2021",
                 "ward": "Dịch Vọng"}),
            (4, {"contact_code": "F-41", "level": "F2", "source_contact": "F-99",
                 "exposure_date": "4/11/2021", "case": "B9"})]
    _resolved, problems = contacts.resolve_rows(loaded, SYSTEM, rows)
    assert [(p.row, p.column, said(p, "vi")) for p in problems] == [
        (2, "source_case", "không có ca bệnh này"),
        (2, "province", "bắt buộc (không có ca nguồn để lấy tỉnh/thành phố)"),
        (3, "contact_code", "bị trùng (xuất hiện lần đầu ở dòng 2)"),
        (4, "source_contact", "không có người tiếp xúc này"),
        (4, "case", "không có ca bệnh này"),
        (4, "province", "bắt buộc (không có ca nguồn để lấy tỉnh/thành phố)"),
    ]
