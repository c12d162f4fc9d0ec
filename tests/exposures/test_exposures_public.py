"""Exposure notices from movement histories, the public JSON (never anything about a person),
and the self-declaration form's limits: validation, duplicates, spam, rate limit."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.contacts.followup import followup_day
from episurv.contacts.models import Contact
from episurv.errors import InvalidInput
from episurv.exposures import declarations as D
from episurv.exposures.models import CaseVisit, DeclarationAttempt, ExposureNotice
from episurv.exposures.schemas import DeclarationResult
from episurv.exposures.service import (
    add_visits,
    public_exposures,
    publish_from_case,
    withdraw_notice,
)

# Personal data of the invented case: none of it may reach a public output.
PERSON = {"name": "Phạm Thị Hồng Nhung", "phone": "0911222333",
          "address": "Số 8 ngõ 17 Hoàng Quốc Việt"}
CASES = f"""case_id,report_date,province,district,ward,name,phone,address,age
BN901234,2021-11-09,Hà Nội,Cầu Giấy,Nghĩa Đô,{PERSON['name']},{PERSON['phone']},\
"{PERSON['address']}",34
BN901235,2021-11-09,Hà Nội,Cầu Giấy,Nghĩa Đô,,,,
"""
VISITS = [
    {"kind": "home", "place": "nhà riêng", "address": PERSON["address"], "district": "Cầu Giấy",
     "ward": "Nghĩa Đô", "day": "2021-11-07"},
    {"kind": "visit", "place": "chợ Nghĩa Tân", "address": "phố Tô Hiệu",
     "district": "Cầu Giấy", "ward": "Nghĩa Tân", "day": "2021-11-07", "start": "8h30",
     "end": "9h15"},
    {"kind": "workplace", "place": "văn phòng Công ty Sao Mai", "address": "25 Trần Quốc Hoàn",
     "district": "Cầu Giấy", "day": "2021-11-08", "start": "8:00", "end": "17:00"},
]


@pytest.fixture
def published(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    add_visits(session, scope=SYSTEM, case_id="BN901234", visits=VISITS)
    notices = publish_from_case(session, scope=SYSTEM, case_id="BN901234")["published"]
    return session, notices


def test_notices_from_places_outside_the_home(published):
    session, notices = published
    assert [(n["date"], n["place"], n["start"], n["end"]) for n in notices] == [
        ("2021-11-07", "chợ Nghĩa Tân", "08:30", "09:15"),
        ("2021-11-08", "văn phòng Công ty Sao Mai", "08:00", "17:00")]
    # A second case at the same place and hours adds no second notice.
    add_visits(session, scope=SYSTEM, case_id="BN901235", visits=[VISITS[1]])
    assert publish_from_case(session, scope=SYSTEM, case_id="BN901235") == {
        "published": [], "left_out": []}
    result = public_exposures(session, province="Hà Nội", since=date(2021, 11, 7))
    assert result["text"].splitlines()[1:3] == [
        "Ngày 7/11: 8h30-9h15 chợ Nghĩa Tân, phố Tô Hiệu, phường Nghĩa Tân, quận Cầu Giấy.",
        "Ngày 8/11: 8h-17h văn phòng Công ty Sao Mai, 25 Trần Quốc Hoàn, quận Cầu Giấy."]
    assert public_exposures(session, province="Hà Nội", since=date(2021, 11, 8))[
        "notices"][0]["place"] == "văn phòng Công ty Sao Mai"
    assert public_exposures(session, province="Hà Nội", district="Đống Đa")["notices"] == []


def test_no_personal_data_in_any_public_output(published):
    session, _ = published
    outputs = [public_exposures(session, province="Hà Nội", lang=lang) for lang in ("vi", "en")]
    # The notices' own ids are left out of the search: the case's age, 34, may be one of them
    # (ids follow the database's sequence, whatever other tests used).
    dumped = json.dumps([{**out, "notices": [{k: v for k, v in n.items() if k != "id"}
                                             for n in out["notices"]]} for out in outputs],
                        ensure_ascii=False)
    for value in (*PERSON.values(), "BN901234", "Hoàng Quốc Việt", "nhà riêng", "34"):
        assert value not in dumped
    keys = {k for out in outputs for n in out["notices"] for k in n}
    assert keys == {"id", "province", "district", "ward", "place", "address", "date", "start",
                    "end", "text_vi", "text_en"}


def test_a_withdrawn_notice_is_no_longer_public(published):
    session, notices = published
    withdraw_notice(session, scope=SYSTEM, notice_id=notices[0]["id"], reason="wrong day")
    assert [n["id"] for n in public_exposures(session, province="Hà Nội")["notices"]] == [
        notices[1]["id"]]


NOW = datetime(2021, 11, 10, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội, 10/11


def _declare(session, notice_id, **overrides):
    values = {"notice_id": notice_id, "name": "Đỗ Minh Quân", "phone": "0987 111 222",
              "ward": "Dịch Vọng", "district": "Cầu Giấy", "now": NOW, **overrides}
    return D.declare(session, **values)


def test_declaration_creates_a_contact_for_the_ward_station(published):
    session, notices = published
    result = _declare(session, notices[0]["id"])
    assert (result["status"], result["ward"], result["policy"]) == ("declared", "Dịch Vọng",
                                                                    "5599/BYT-MT")
    contact = session.scalar(select(Contact))
    assert (contact.status, contact.origin, contact.exposure_date, contact.relation,
            contact.phone, contact.address) == (
        "declared", "self_declared", date(2021, 11, 7), "public_place", "0987111222", None)
    assert contact.source_case_id is not None  # linked internally to the case, never shown
    day = followup_day(session, scope=SYSTEM, day=date(2021, 11, 10), province="Hà Nội",
                       ward="Dịch Vọng")
    assert [(i["name"], i["status"], i["test_due"]) for i in day["items"]] == [
        ("Đỗ Minh Quân", "declared", True)]  # the first test is done on finding
    # The same phone written differently for the same notice: once only.
    again = _declare(session, notices[0]["id"], phone="+84 987-111-222")
    assert again["status"] == "already_declared"
    assert session.scalar(select(func.count()).select_from(Contact)) == 1
    # Another notice is another exposure.
    assert _declare(session, notices[1]["id"])["status"] == "declared"


@pytest.mark.parametrize("field, value", [
    ("name", "A"), ("name", "http://spam.example"), ("name", "Quân 123"), ("name", "x" * 101),
    ("phone", "12345"), ("phone", "09871112223333"), ("ward", "Phường Không Có"),
])
def test_declaration_validation(published, field, value):
    session, notices = published
    with pytest.raises(InvalidInput) as err:
        _declare(session, notices[0]["id"], **{field: value})
    assert [p["field"] for p in err.value.problems] == [field]
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def _case_on(session, write_csv, day: str) -> None:
    import_cases(session, write_csv(f"case_id,report_date,province,district\n"
                                    f"BN9{day[-2:]}000,{day},Hà Nội,Ba Đình\n", f"{day}.csv"),
                 scope=SYSTEM)


def test_declaring_an_old_notice_both_sides(published, write_csv):
    session, notices = published
    # The notice of 7/11: declarable to 21/11 (14 days), not on 22/11, the days counted as the
    # data and the clock both reach them.
    _case_on(session, write_csv, "2021-11-21")
    last = datetime(2021, 11, 21, 16, 59, tzinfo=UTC)  # 23:59 on 21/11 in Hà Nội
    assert _declare(session, notices[0]["id"], now=last)["status"] == "declared"
    _case_on(session, write_csv, "2021-11-22")
    with pytest.raises(InvalidInput, match="more than 14 days"):
        _declare(session, notices[0]["id"], phone="0987000000", now=last + timedelta(minutes=1))


def test_the_exposure_age_is_counted_to_the_latest_reporting_day(published):
    """Issue 11: on historical data (the demo) the clock made every notice too old. The latest
    reporting day here is 9/11: a notice of 7/11 is 2 days old, whatever the clock says."""
    session, notices = published
    years_later = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    assert _declare(session, notices[0]["id"], now=years_later)["status"] == "declared"


def test_honeypot_stores_nothing(published):
    session, notices = published
    assert _declare(session, notices[0]["id"], website="http://buy.example")["status"] == \
        "declared"
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_rate_limit_per_address_both_sides(session, monkeypatch):
    monkeypatch.setenv("EPISURV_DECLARE_PER_HOUR", "3")
    for left in (2, 1, 0):
        assert D.count_attempt(session, address="203.0.113.7", now=NOW) == left
    with pytest.raises(D.TooManyRequests):
        D.count_attempt(session, address="203.0.113.7", now=NOW + timedelta(minutes=59))
    assert D.count_attempt(session, address="198.51.100.1", now=NOW) == 2  # another address
    # An attempt counts for one hour exactly; old attempts are deleted, not kept.
    assert D.count_attempt(session, address="203.0.113.7", now=NOW + timedelta(hours=1)) == 2
    # Only that last attempt is left (the others were an hour old), stored as a keyed hash.
    [stored] = session.scalars(select(DeclarationAttempt.address_hash)).all()
    assert stored == D._key(session, "address", "203.0.113.7") and "." not in stored
    # The key is this database's own, not a constant shipped with the code.
    import hashlib
    assert stored != hashlib.sha256(b"address\x1f203.0.113.7").hexdigest()


def test_public_api_needs_no_sign_in_and_limits_the_form(published, anonymous, monkeypatch):
    session, notices = published
    notice = session.scalar(select(ExposureNotice).where(ExposureNotice.id == notices[0]["id"]))
    notice.day = datetime.now(UTC).date() - timedelta(days=1)  # a notice of yesterday
    session.commit()
    listed = anonymous.get("/api/v1/public/exposures",
                           params={"province": "Hà Nội", "lang": "en"})
    assert listed.status_code == 200
    assert listed.json()["text"].startswith("Places visited by people infected with COVID-19")
    assert PERSON["name"] not in listed.text and "BN901234" not in listed.text
    monkeypatch.setenv("EPISURV_DECLARE_PER_HOUR", "3")
    form = {"notice_id": notice.id, "name": "Đỗ Minh Quân", "phone": "0987111222",
            "ward": "Dịch Vọng", "district": "Cầu Giấy"}
    url = "/api/v1/public/exposures/declarations"
    assert anonymous.post(url, json={**form, "phone": "1"}).status_code == 422
    declared = anonymous.post(url, json=form)
    assert declared.status_code == 201
    # Each answer has its own keys (DeclarationResult): no key of another kind, no null.
    answer = DeclarationResult.model_validate(declared.json()).model_dump(exclude_unset=True)
    assert answer == declared.json()
    assert (answer["status"], answer["ward"], answer["notice"]["id"]) == (
        "declared", "Dịch Vọng", notice.id)
    assert set(answer) == {"status", "notice", "ward", "quarantine_until", "policy"}
    again = anonymous.post(url, json=form).json()
    assert set(again) == {"status", "notice"} and again["status"] == "already_declared"
    assert again["notice"] == answer["notice"]
    # The refused and duplicate submissions counted: the fourth is over the limit.
    refused = anonymous.post(url, json={**form, "phone": "0987000001"})
    assert refused.status_code == 429
    assert anonymous.post(url, json={**form, "extra": "x"}).status_code == 422


def test_only_visits_inside_the_infectious_period_are_published(session, write_csv):
    """Issue 11: notices went out for every visit. Onset 5/11: infectious from 3/11
    (11042/BYT-DP, 2 days before onset); recovered 20/11. The visits of 1/11 and 22/11 are
    left out, each with the reason; 3/11 (the first infectious day) is published."""
    import_cases(session, write_csv(
        "case_id,report_date,province,district,onset_date,outcome,outcome_date\n"
        "BN777001,2021-11-07,Hà Nội,Cầu Giấy,2021-11-05,recovered,2021-11-20\n"), scope=SYSTEM)
    visits = [{"kind": "visit", "place": place, "district": "Cầu Giấy", "day": day}
              for place, day in (("quán phở Thìn", "2021-11-01"), ("chợ Nghĩa Tân", "2021-11-03"),
                                 ("nhà sách Cầu Giấy", "2021-11-22"))]
    add_visits(session, scope=SYSTEM, case_id="BN777001", visits=visits)
    result = publish_from_case(session, scope=SYSTEM, case_id="BN777001")
    assert [(n["date"], n["place"]) for n in result["published"]] == [
        ("2021-11-03", "chợ Nghĩa Tân")]
    assert result["left_out"] == [
        {"date": "2021-11-01", "place": "quán phở Thìn", "reason":
         "visit 2021-11-01 is before the case's infectious period (from 2021-11-03)"},
        {"date": "2021-11-22", "place": "nhà sách Cầu Giấy", "reason":
         "visit 2021-11-22 is after the case's infectious period (to 2021-11-20)"}]
    assert [n["place"] for n in public_exposures(session, province="Hà Nội")["notices"]] == [
        "chợ Nghĩa Tân"]


def test_a_visits_day_typed_as_a_person_types_it(session, write_csv):
    """A visit's day was read ISO only ("day '8/11/2021' is not YYYY-MM-DD"); one that is no
    day is refused naming the visit and why, and nothing is recorded."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    added = add_visits(session, scope=SYSTEM, case_id="BN901234", visits=[
        {**VISITS[1], "day": "8/11/2021"}, {**VISITS[2], "day": "ngày 9/11/2021"}])
    assert [v["day"] for v in added] == ["2021-11-08", "2021-11-09"]
    with pytest.raises(InvalidInput) as refused:
        add_visits(session, scope=SYSTEM, case_id="BN901235", visits=[
            {**VISITS[1], "day": "8/11/2021"}, {**VISITS[2], "day": "8/13/2021"}])
    assert str(refused.value) == (
        "visit 2: day “8/13/2021”: not a date (day, month and year: 7/11/2021, 07-11-21, "
        "7.11.2021, 7 tháng 11 năm 2021 or 2021-11-07)")
    assert session.scalar(select(func.count()).select_from(CaseVisit)) == 2
