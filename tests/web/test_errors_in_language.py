"""Errors said in the page's language: a refusal of home care, clusters, levels, accounts and
the line-list import, submitted through the real page in Vietnamese, reads as a Vietnamese
sentence with its days and figures written the Vietnamese way, and changes nothing; the API
keeps its English detail and adds the code. An address no route takes, a method an address
does not take and a failure of ours answer a page in the reader's language with the site's
navigation and a way home, and JSON under /api/."""

from __future__ import annotations

import re
import warnings
from datetime import date

import pytest
import signing
from sqlalchemy import select
from untranslated import alerts, untranslated

from episurv.accounts.scope import SYSTEM
from episurv.cases import service as cases
from episurv.cases.importer import import_cases
from episurv.clusters import service as clusters
from episurv.homecare import service as hc
from episurv.homecare.schemas import AssessmentIn, PersonIn
from episurv.levels import service as levels
from web.test_pages import csrf_of, finished_job

CASES = """case_id,report_date,province,district,ward,age,vaccine_doses,name
BN900001,2021-11-10,Hà Nội,Ba Đình,Cống Vị,40,2,Nguyễn Văn An
"""


def alert_of(html: str) -> str:
    """The page's one error message, as a reader sees it."""
    found = alerts(html)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def browser(anonymous, make_user):
    """A signed-in browser of the role asked (in Vietnamese, the default)."""
    def sign_in(role: str, *args) -> object:
        email, password = make_user(role, *args)
        assert signing.sign_in(anonymous, email, password).status_code == 303
        anonymous.email, anonymous.password = email, password
        return anonymous
    return sign_in


@pytest.fixture
def register(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    session.commit()


@pytest.fixture
def f0_at_home(register, session):
    """An F0 of Cống Vị at home from 10/11/2021 (day 1), fully vaccinated: day 10 is 19/11."""
    s = hc.create_station(session, scope=SYSTEM, name="Trạm lưu động Cống Vị 1", kind="mobile",
                          province="Hà Nội", district="Ba Đình", wards=["Cống Vị"],
                          capacity=80)
    h = hc.add_household(session, scope=SYSTEM, station_id=s.id, code="Tổ 5-12",
                         ward="Cống Vị")
    f0 = hc.add_person(session, scope=SYSTEM, province_code=1, household_id=h.id,
                       values=PersonIn(name="Nguyễn Văn An", role="F0", birth_year=1981,
                                       sex="M", case_id="BN900001", vaccine_doses=2))
    hc.assess(session, scope=SYSTEM, province_code=1, person_id=f0.id, answers=AssessmentIn(
        date=date(2021, 11, 10), positive_on=date(2021, 11, 10), confirmed_by="rapid",
        symptoms="mild", resp_rate=18, spo2=98, abnormal_breathing=False, underlying="none",
        listed_disease=False, self_care=True))
    session.commit()
    return f"/stations/{s.id}/people/{f0.id}", f0.id


def test_home_care_a_test_before_care_began_is_said_in_vietnamese(browser, f0_at_home,
                                                                    session):
    path, pid = f0_at_home
    nurse = browser("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    page = nurse.get(path)
    refused = nurse.post(f"{path}/tests", data={
        "csrf_token": csrf_of(page.text), "date": "2021-11-09", "result": "negative"})
    assert refused.status_code == 422
    assert alert_of(refused.text) == (
        "ngày 9/11/2021 trước khi bắt đầu chăm sóc tại nhà (10/11/2021)")
    assert untranslated(refused.text, "vi") == []
    detail = hc.person_detail(session, scope=SYSTEM, province_code=1, person_id=pid)
    assert detail.tests == []  # nothing recorded


def test_clusters_an_unknown_case_and_a_viewer_are_refused_in_vietnamese(browser, register,
                                                                          session):
    cluster = clusters.create_cluster(session, scope=SYSTEM, name="Chợ Long Biên",
                                      province="Hà Nội")
    session.commit()
    cdc = browser("province")
    page = cdc.get(f"/clusters/{cluster.id}")
    refused = cdc.post(f"/clusters/{cluster.id}", data={
        "csrf_token": csrf_of(page.text), "action": "link", "case_ids": "BN900001 BN404"})
    assert refused.status_code == 404
    assert alert_of(refused.text) == "không có ca 'BN404'"
    assert untranslated(refused.text, "vi") == []
    # The accounts' refusal: a viewer reads the cluster but cannot link.
    viewer = browser("viewer")
    page = viewer.get(f"/clusters/{cluster.id}")
    forbidden = viewer.post(f"/clusters/{cluster.id}", data={
        "csrf_token": csrf_of(page.text), "action": "link", "case_ids": "BN900001"})
    assert forbidden.status_code == 403
    assert alert_of(forbidden.text) == "tài khoản chỉ xem không được thay đổi hồ sơ"
    assert cases.get_case(session, "BN900001", scope=SYSTEM).cluster_id is None  # not linked


def test_clusters_the_api_keeps_english_and_adds_the_code(client_as, register, session):
    cluster = clusters.create_cluster(session, scope=SYSTEM, name="Chợ Long Biên",
                                      province="Hà Nội")
    session.commit()
    refused = client_as("province").post(f"/api/v1/clusters/{cluster.id}/cases",
                                         json={"case_ids": ["BN404", "BN405"]})
    assert refused.status_code == 404
    assert refused.json() == {"detail": "no case 'BN404', 'BN405'", "code": "no_cases"}


def test_levels_a_decision_ending_before_it_starts_is_said_in_vietnamese(browser, register,
                                                                         session):
    cdc = browser("province")
    page = cdc.get("/levels/province/1")
    form = {"csrf_token": csrf_of(page.text), "level": "3", "valid_from": "2021-11-15",
            "valid_to": "2021-11-08", "reason": "Ổ dịch chợ Long Biên"}
    refused = cdc.post("/levels/province/1", data=form)
    assert refused.status_code == 422
    assert alert_of(refused.text) == "đến ngày 8/11/2021: trước ngày bắt đầu 15/11/2021"
    assert untranslated(refused.text, "vi") == []
    english = cdc.post("/levels/province/1?lang=en", data=form)
    assert alert_of(english.text) == "until 8 Nov 2021: before the start 15 Nov 2021"
    history = levels.unit_history(session, scope=SYSTEM, unit="province", code=1,
                                  day=date(2021, 11, 14), weeks=2)
    assert history.decisions == []  # nothing decided


def test_accounts_a_wrong_current_password_is_said_in_vietnamese(browser, db):
    user = browser("district", "Hà Nội", "Ba Đình")
    page = user.get("/account/password")
    refused = user.post("/account/password", data={
        "csrf_token": csrf_of(page.text), "current_password": "not-my-password",
        "new_password": "a-new-long-password", "repeat_password": "a-new-long-password"})
    assert refused.status_code == 422
    assert alert_of(refused.text) == "mật khẩu hiện tại không đúng"
    user.cookies.clear()
    # Unchanged: the old password still signs in.
    assert signing.sign_in(user, user.email, user.password).status_code == 303


def test_import_a_file_of_too_many_columns_is_said_in_vietnamese(browser, session):
    cdc = browser("province")
    page = cdc.get("/import")
    header = ",".join(["case_id", "report_date"] + [f"extra_{n}" for n in range(1198)])
    upload = f"{header}\nBN1,2021-11-10{',' * 1198}\n".encode()
    sent = cdc.post("/import", data={"csrf_token": csrf_of(page.text)},
                    files={"file": ("wide.csv", upload, "text/csv")}, follow_redirects=False)
    assert sent.status_code == 303
    job = finished_job(cdc, sent.headers["location"])
    assert alert_of(job.text) == "wide.csv: 1.200 cột, vượt quá 256 cột cho phép"
    assert untranslated(job.text, "vi") == []
    english = cdc.get(sent.headers["location"], params={"lang": "en"})
    assert alert_of(english.text) == "wide.csv: 1,200 columns, more than the 256 allowed"
    assert cases.list_cases(session, scope=SYSTEM)[0] == []  # nothing imported


# A line list with a good row and three bad ones: a day February has not, an age out of range,
# a district Hà Nội has not, a word of no vocabulary and a patient code given twice.
BAD_LINE_LIST = """case_id,report_date,province,district,age,detected_in
N1,2021-11-09,Hà Nội,Tây Hồ,34,community
N2,2021-02-30,Hà Nội,Tây Hồ,150,community
N3,2021-11-09,Hà Nội,Atlantis,,community
N1,2021-11-09,Hà Nội,Tây Hồ,,airport
"""


def rejected_reasons(client, lang: str) -> list[list[str]]:
    """Upload BAD_LINE_LIST from the import page in `lang`; the downloaded rejects file's row
    numbers and reasons, after checking its header is the file's own."""
    import csv
    import io

    page = client.get("/import", params={"lang": lang})
    sent = client.post(f"/import?lang={lang}", data={"csrf_token": csrf_of(page.text)},
                       files={"file": ("bad.csv", BAD_LINE_LIST.encode(), "text/csv")},
                       follow_redirects=False)
    assert sent.status_code == 303
    job = sent.headers["location"]
    finished_job(client, job)
    rows = list(csv.reader(io.StringIO(client.get(f"{job}/rejected-rows.csv").text)))
    assert rows[0] == ["row", "case_id", "report_date", "province", "district", "age",
                       "detected_in", "reason"]
    return [[row[0], row[-1]] for row in rows[1:]]


def test_import_rejected_rows_give_their_reasons_in_the_pages_language(browser):
    """Issue 15: the rejects file of an upload from a Vietnamese page gave English reasons."""
    cdc = browser("province")
    assert rejected_reasons(cdc, "vi") == [
        ["3", "report_date '2021-02-30': không có ngày này: tháng 2 năm 2021 chỉ có 28 ngày; "
              "age '150': phải từ 0 đến 120"],
        ["4", "district 'Atlantis': không có quận, huyện 'Atlantis' ở Thành phố Hà Nội; "
              "có phải là 'Thanh Trì', 'Thanh Oai', 'Nam Từ Liêm'?"],
        ["5", "case_id 'N1': bị trùng (xuất hiện lần đầu ở dòng 2); detected_in 'airport': "
              "phải là một trong các giá trị community, quarantine, lockdown"],
    ]
    assert rejected_reasons(cdc, "en") == [
        ["3", "report_date '2021-02-30': no such day: month 2 of 2021 has 28 days; "
              "age '150': must be between 0 and 120"],
        ["4", "district 'Atlantis': unknown district 'Atlantis' in Thành phố Hà Nội; "
              "did you mean 'Thanh Trì', 'Thanh Oai', 'Nam Từ Liêm'?"],
        ["5", "case_id 'N1': appears again (first in row 2); detected_in 'airport': "
              "must be one of community, quarantine, lockdown"],
    ]


# --- addresses no route takes, methods an address does not take, failures of ours -------

def test_an_unknown_address_answers_a_page_in_the_readers_language(anonymous, browser):
    page = anonymous.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert alert_of(page.text) == ("Không có trang nào ở địa chỉ này. Trang có thể đã chuyển "
                                   "đi, hoặc đường dẫn bị gõ sai.")
    assert 'data-testid="error-home">Về trang chủ</a>' in page.text
    assert 'id="site-nav"' in page.text and 'href="/signin"' in page.text
    assert untranslated(page.text, "vi") == []
    english = anonymous.get("/no/such/page", params={"lang": "en"})
    assert english.status_code == 404
    assert alert_of(english.text) == ("There is no page at this address. It may have moved, "
                                      "or the link may be mistyped.")
    assert 'data-testid="error-home">Back to the home page</a>' in english.text
    assert untranslated(english.text, "en") == []
    # A signed-in reader keeps their navigation (their own pages and sign-out).
    cdc = browser("province")
    signed = cdc.get("/no/such/page", params={"lang": "vi"})
    assert signed.status_code == 404 and 'href="/import"' in signed.text
    assert cdc.email in signed.text


def test_a_method_an_address_does_not_take_answers_a_page(anonymous):
    page = anonymous.get("/signout")  # sign-out is a form's POST
    assert page.status_code == 405 and page.headers["allow"] == "POST"
    assert alert_of(page.text) == "Địa chỉ này không nhận loại yêu cầu đó."
    assert 'id="site-nav"' in page.text and 'href="/"' in page.text


def test_the_api_keeps_json_for_unknown_addresses_and_methods(anonymous):
    missing = anonymous.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    method = anonymous.delete("/api/openapi.json")
    assert method.status_code == 405 and method.json() == {"detail": "Method Not Allowed"}


def test_a_failure_of_ours_answers_a_page_and_json_under_the_api(db):
    from episurv.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    app = create_app()

    @app.get("/broken")
    @app.get("/api/v1/broken")
    def broken() -> None:
        raise RuntimeError("a bug of ours, with details no reader should see")

    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/broken")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert alert_of(page.text) == ("Hệ thống gặp lỗi và chưa có gì bị thay đổi. Hãy thử lại "
                                   "sau ít phút; nếu lỗi lặp lại, hãy báo cho quản trị viên.")
    assert "a bug of ours" not in page.text and 'id="site-nav"' in page.text
    api = client.get("/api/v1/broken")
    assert api.status_code == 500 and api.json() == {"detail": "Internal Server Error"}


# --- place names, the edit conflict, home care's dates and release reasons -----------------

def test_an_unknown_ward_is_said_in_vietnamese_inside_the_stations_refusal(browser, session):
    cdc = browser("province")
    page = cdc.get("/stations")
    form = {"csrf_token": csrf_of(page.text), "name": "Trạm lưu động số 7", "kind": "mobile",
            "province": "Hà Nội", "district": "Ba Đình", "wards": "Cống Vịt",
            "capacity": "40"}
    refused = cdc.post("/stations", data=form)
    assert refused.status_code == 422
    assert alert_of(refused.text) == (
        "phường/xã 'Cống Vịt': không có phường, xã 'Cống Vịt' ở Quận Ba Đình; có phải là "
        "'Cống Vị', 'Thành Công', 'Giảng Võ'?")
    assert untranslated(refused.text, "vi") == []
    english = cdc.post("/stations?lang=en", data=form)
    assert alert_of(english.text) == (
        "ward 'Cống Vịt': unknown ward 'Cống Vịt' in Quận Ba Đình; did you mean 'Cống Vị', "
        "'Thành Công', 'Giảng Võ'?")
    assert hc.list_stations(session, scope=SYSTEM) == []  # nothing created


def test_an_edit_made_on_an_older_version_is_refused_in_vietnamese(browser, register, session):
    cdc = browser("province")
    form = {"csrf_token": csrf_of(cdc.get("/cases/BN900001/edit").text), "version": "1",
            "age": "41"}
    saved = cdc.post("/cases/BN900001", data=form, follow_redirects=False)
    assert saved.status_code == 303  # now version 2
    stale = cdc.post("/cases/BN900001", data={**form, "age": "39"})
    assert stale.status_code == 409
    assert alert_of(stale.text) == (
        "ca 'BN900001' đã được người khác sửa (phiên bản 2, bạn sửa trên phiên bản 1); hãy "
        "tải lại trang và sửa lại")
    assert untranslated(stale.text, "vi") == []
    assert cases.get_case(session, "BN900001", scope=SYSTEM).age == 41  # the first edit stays


def test_home_care_release_refusals_and_dates_are_said_in_vietnamese(browser, f0_at_home,
                                                                     session):
    path, pid = f0_at_home
    nurse = browser("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    token = csrf_of(nurse.get(path).text)
    early = nurse.post(f"{path}/release", data={"csrf_token": token, "date": "2021-11-18"})
    assert early.status_code == 422
    assert alert_of(early.text) == (
        "chưa thể kết thúc cách ly ngày 18/11/2021 theo Hà Nội 2021 (từ ngày thứ 10, có test "
        "nhanh âm tính): cách ly đến ngày thứ 10")
    assert untranslated(early.text, "vi") == []
    before = nurse.post(f"{path}/release", data={"csrf_token": token, "date": "2021-11-09"})
    assert before.status_code == 422
    assert alert_of(before.text) == "ngày 9/11/2021 trước ngày bắt đầu cách ly (10/11/2021)"
    # An assessment dated before the first home-care rule (4038/QĐ-BYT, 21/8/2021).
    assessed = nurse.post(f"{path}/assess", data={
        "csrf_token": token, "date": "2021-08-01", "positive_on": "2021-08-01",
        "confirmed_by": "rapid", "symptoms": "mild", "resp_rate": "18", "spo2": "98",
        "abnormal_breathing": "no", "underlying": "none", "listed_disease": "no",
        "self_care": "yes"})
    assert assessed.status_code == 422
    assert alert_of(assessed.text) == (
        "ngày 1/8/2021: chưa có quy định chăm sóc F0 tại nhà (quy định đầu tiên, 4038/QĐ-BYT, "
        "có hiệu lực từ ngày 21/8/2021)")
    # The English page (its cookie stays: asked last).
    english = nurse.post(f"{path}/release?lang=en", data={"csrf_token": token,
                                                          "date": "2021-11-09"})
    assert alert_of(english.text) == "date 9 Nov 2021 is before the isolation began (10 Nov 2021)"
    detail = hc.person_detail(session, scope=SYSTEM, province_code=1, person_id=pid)
    assert (detail.released, len(detail.assessments)) == (False, 1)  # nothing changed


def test_a_release_record_keeps_a_code_and_the_certificate_says_it_in_vietnamese(
        browser, f0_at_home, session):
    from episurv.homecare.models import ReleaseRecord

    path, pid = f0_at_home
    hc.record_test(session, scope=SYSTEM, province_code=1, person_id=pid,
                   day=date(2021, 11, 19), result="negative")
    session.commit()
    nurse = browser("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    done = nurse.post(f"{path}/release", data={"csrf_token": csrf_of(nurse.get(path).text),
                                               "date": "2021-11-19"}, follow_redirects=False)
    assert done.status_code == 303
    record = session.scalar(select(ReleaseRecord))
    assert record.reason == "negative_test_day10 2021-11-19"
    cert = nurse.get(done.headers["location"])
    assert re.search(r'data-testid="cert-reason">([^<]*)<', cert.text).group(1) == (
        "test nhanh âm tính ngày 19/11/2021 (từ ngày thứ 10 trở đi)")
    assert "Hà Nội 2021 (từ ngày thứ 10, có test nhanh âm tính)" in cert.text
    assert untranslated(cert.text, "vi") == []
    # A record stored before the code held the English sentence: still said in Vietnamese.
    record.reason = "negative rapid test on 2021-11-19 (day 10 or later)"
    session.commit()
    again = nurse.get(done.headers["location"])
    assert re.search(r'data-testid="cert-reason">([^<]*)<', again.text).group(1) == (
        "test nhanh âm tính ngày 19/11/2021 (từ ngày thứ 10 trở đi)")
    api = hc.certificate(session, scope=SYSTEM, province_code=1, person_id=pid)
    assert (api.reason, api.reason_code) == (
        "negative rapid test on 2021-11-19 (day 10 or later)", "negative_test_day10")


def test_a_malformed_query_value_answers_a_page_and_json_under_the_api(anonymous, browser):
    page = anonymous.get("/public/levels/province/1", params={"weeks": "mười"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert alert_of(page.text) == ("Địa chỉ này có giá trị mà trang không đọc được: "
                                   "weeks='mười'. Hãy sửa lại, hoặc mở trang mà không có giá trị "
                                   "đó.")
    assert 'id="site-nav"' in page.text and untranslated(page.text, "vi") == []
    staff = browser("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    path = staff.get("/stations/abc", params={"lang": "en"})
    assert path.status_code == 422 and alert_of(path.text) == (
        "This address holds a value the page cannot read: station_id='abc'. Correct it, or "
        "open the page without it.")
    assert untranslated(path.text, "en") == []
    api = anonymous.get("/api/v1/levels/province/1", params={"weeks": "mười"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "weeks"]
