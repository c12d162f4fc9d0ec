"""The follow-up pages through HTTP with a real sign-in: the day's list (counts and order checked
by hand), recording calls and tests from a row, the contact's page and its actions, CSRF,
jurisdiction and the viewer's read-only access."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from signing import sign_in
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts import service as contacts
from episurv.contacts.followup import followup_day
from episurv.contacts.models import Contact
from episurv.web.pages_followup import followup_row

D = date(2021, 11, 10)
DV, ND = 166, 157  # wards Dịch Vọng and Nghĩa Đô (Cầu Giấy, Hà Nội)
CASES = """case_id,report_date,province,district,ward,onset_date
A1,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-03
"""


def _add(session, code, exposure, ward="Dịch Vọng", team="Tổ 1", identified=None, **extra):
    contacts.add_contact(session, scope=SYSTEM, values={
        "contact_code": code, "level": "F1", "source_case": "A1", "exposure_date": exposure,
        "identified_on": identified or exposure, "relation": "household",
        "name": f"Người {code}", "phone": f"0912345{ord(code[-1]):03d}",
        "district": "Cầu Giấy", "ward": ward, "team": team, "exposure_place": "chợ Dịch Vọng",
        **extra})


def _check(session, code, day, kind, result):
    contacts.record_check(session, scope=SYSTEM, contact_code=code, day=day, kind=kind,
                          result=result)


@pytest.fixture
def people(session, write_csv):
    """Seven people followed on 10/11/2021 (rule 5599/BYT-MT: 14 days from the exposure,
    tests on days 1, 7, 14), one closed, one not yet started. On that day:
    F-A test due (10/11), called 9/11              -> test due, call due
    F-B nothing done since 2/11                    -> test missed (3/11), call due and missed
    F-C test 6/11 done, 9/11 call unanswered       -> call due and missed, next test 12/11
    F-D test 9/11 done, called 10/11               -> nothing due
    F-E found 10/11, first test 10/11              -> test due, call due (not missed: new)
    F-F quarantine ended 3/11, tests done          -> self-monitoring, nothing due
    F-G Nghĩa Đô, nothing done since 6/11          -> test missed (7/11), call due and missed
    """
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    _add(session, "F-A", "2021-11-03")
    _check(session, "F-A", date(2021, 11, 4), "test", "negative")
    _check(session, "F-A", date(2021, 11, 9), "call", "well")
    _add(session, "F-B", "2021-11-02")
    _add(session, "F-C", "2021-11-05")
    _check(session, "F-C", date(2021, 11, 6), "test", "negative")
    _check(session, "F-C", date(2021, 11, 9), "call", "no_answer")
    _add(session, "F-D", "2021-11-08", team="Tổ 2")
    _check(session, "F-D", date(2021, 11, 9), "test", "negative")
    _check(session, "F-D", D, "call", "well")
    _add(session, "F-E", "2021-11-09", team="Tổ 2", identified="2021-11-10")
    _add(session, "F-F", "2021-10-20", team="Tổ 2")
    for day in (date(2021, 10, 21), date(2021, 10, 27), date(2021, 11, 3)):
        _check(session, "F-F", day, "test", "negative")
    _add(session, "F-G", "2021-11-06", ward="Nghĩa Đô")
    _add(session, "F-X", "2021-11-04")
    contacts.close_contact(session, scope=SYSTEM, contact_code="F-X", reason="trùng người")
    _add(session, "F-Y", "2021-11-11")  # exposed after the day: not on its list
    session.commit()
    return session


@pytest.fixture
def signed_in(anonymous, make_user):
    def sign(role: str, unit: str | None = "Hà Nội", district: str | None = None,
             wards: list[str] | None = None):
        email, password = make_user(role, unit, district, wards)
        response = sign_in(anonymous, email, password)
        assert response.status_code == 303, response.text
        anonymous.email = email
        return anonymous
    return sign


def station(signed_in):
    return signed_in("station", "Hà Nội", "Cầu Giấy", ["Dịch Vọng"])


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def order(html: str) -> list[str]:
    return re.findall(r'<article class="person[^"]*" data-code="([^"]+)"', html)


def counts(html: str) -> dict[str, str]:
    start = html.index('id="followup-summary"')
    return dict(re.findall(r'data-testid="([a-z-]+)">([\d.]+)<',
                           html[start:html.index("</section>", start)]))


def row(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[start:html.index("</article>", start)]


def test_province_list_counts_and_order(signed_in, people):
    client = signed_in("province")
    page = client.get("/followup", params={"date": "2021-11-10"})
    assert page.status_code == 200
    assert counts(page.text) == {"followed": "7", "in-quarantine": "6", "call-due": "5",
                                 "call-missed": "3", "test-due": "2", "test-missed": "2"}
    # Missed tests (by ward code: Nghĩa Đô 157 before Dịch Vọng 166), missed calls, tests due,
    # then the others; F-X (closed) and F-Y (exposed later) are not listed.
    assert order(page.text) == ["F-G", "F-B", "F-C", "F-A", "F-E", "F-D", "F-F"]
    stations = page.text[page.text.index('id="stations"'):page.text.index("</table>")]
    cells = [re.findall(r"<td>([\d.]+)</td>", r) for r in stations.split("<tr>")[2:]]
    # Dịch Vọng Tổ 1 (F-A, F-B, F-C), Dịch Vọng Tổ 2 (F-D, F-E, F-F), Nghĩa Đô Tổ 1 (F-G):
    # the wards with misses first.
    assert cells == [["3", "3", "3", "2", "1", "1"], ["1", "1", "1", "1", "0", "1"],
                     ["3", "2", "1", "0", "1", "0"]]
    b = row(page.text, "F-B")
    assert 'href="tel:' in b and "Người F-B" in b and "Dịch Vọng · Tổ 1" in b
    assert "Ngày cách ly <strong data-testid=\"quarantine-day\">8</strong>" in b
    assert "16/11/2021" in b and "5599/BYT-MT" in b and "Xét nghiệm tiếp theo: 3/11/2021" in b
    assert "lỡ xét nghiệm" in b and "lỡ gọi" in b
    assert "Tự theo dõi đến 17/11/2021" in row(page.text, "F-F")
    assert "không có việc cần làm" in row(page.text, "F-D")


def test_station_sees_its_ward_and_pages(signed_in, people):
    client = station(signed_in)
    page = client.get("/followup", params={"date": "2021-11-10"})
    assert counts(page.text) == {"followed": "6", "in-quarantine": "5", "call-due": "4",
                                 "call-missed": "2", "test-due": "2", "test-missed": "1"}
    assert order(page.text) == ["F-B", "F-C", "F-A", "F-E", "F-D", "F-F"]
    assert "Người F-G" not in page.text
    # Its ward is the one choice; another ward is not found.
    assert re.findall(r'<option value="(\d+)"', page.text) == [str(DV)]
    assert client.get("/followup", params={"date": "2021-11-10", "ward": ND}).status_code == 404
    team = client.get("/followup", params={"date": "2021-11-10", "team": "Tổ 2"})
    assert order(team.text) == ["F-E", "F-D", "F-F"] and counts(team.text)["followed"] == "3"
    pages = [client.get("/followup", params={"date": "2021-11-10", "limit": 2, "offset": o},
                        headers={"HX-Request": "true"}).text for o in (0, 2, 4)]
    assert [order(p) for p in pages] == [["F-B", "F-C"], ["F-A", "F-E"], ["F-D", "F-F"]]
    assert "<html" not in pages[0] and "offset=2" in pages[0] and "limit=2" in pages[0]
    assert "Trang sau" not in pages[2] and "offset=2" in pages[2]


def test_province_user_filters_one_ward(signed_in, people):
    client = signed_in("province")
    page = client.get("/followup", params={"date": "2021-11-10", "ward": ND})
    assert order(page.text) == ["F-G"] and counts(page.text)["followed"] == "1"
    other = signed_in("province", "Hải Phòng")
    assert other.get("/followup", params={"date": "2021-11-10"}).status_code == 200
    assert order(other.get("/followup", params={"date": "2021-11-10"}).text) == []


def test_recording_a_call_and_a_test_redraws_the_row_and_counts(signed_in, people):
    client = station(signed_in)
    token = csrf_of(client.get("/followup", params={"date": "2021-11-10"}).text)
    form = {"code": "F-B", "date": "2021-11-10", "ward": "", "team": ""}
    called = client.post("/followup/checks", data={**form, "kind": "call", "result": "well"},
                         headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert called.status_code == 200 and "<html" not in called.text
    assert order(called.text) == ["F-B"]
    # Reached today: neither due nor missed any more; the first test is still missed.
    b = row(called.text, "F-B")
    assert "lỡ gọi" not in b and "cần gọi" not in b and "lỡ xét nghiệm" in b
    assert 'id="followup-summary" hx-swap-oob="true"' in called.text
    assert counts(called.text) == {"followed": "6", "in-quarantine": "5", "call-due": "3",
                                   "call-missed": "1", "test-due": "2", "test-missed": "1"}
    # A test taken today fulfils the earliest pending one (3/11); the 9/11 one is still missed.
    tested = client.post("/followup/checks",
                         data={**form, "kind": "test", "result": "negative"},
                         headers={"HX-Request": "true", "X-CSRF-Token": token})
    b = row(tested.text, "F-B")
    assert "Xét nghiệm tiếp theo: 9/11/2021" in b and "lỡ xét nghiệm" in b
    # F-E's test due today comes back positive: the row asks to register a case.
    positive = client.post("/followup/checks",
                           data={**form, "code": "F-E", "kind": "test", "result": "positive"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert "xét nghiệm dương tính" in positive.text
    assert 'href="/contacts/F-E#become-case"' in positive.text
    assert counts(positive.text)["test-due"] == "1"
    # After a positive: no test plan any more (nothing missed, no next test), no test buttons,
    # and the result can be taken back for a few minutes.
    e = row(positive.text, "F-E")
    assert "Xét nghiệm tiếp theo: —" in e and "lỡ xét nghiệm" not in e
    assert 'value="negative"' not in e
    assert 'data-testid="recorded">Đã ghi: Xét nghiệm · Dương tính' in e
    assert "Hoàn tác" in e and "trong vòng 10 phút" in e
    check_id = re.search(r'name="check_id" value="(\d+)"', e).group(1)
    after = client.get("/followup", params={"date": "2021-11-10"}).text
    assert order(after) == ["F-B", "F-C", "F-A", "F-E", "F-D", "F-F"]
    assert "xét nghiệm dương tính" in row(after, "F-E")
    assert 'name="check_id"' not in after  # the undo is offered on the redrawn row only
    undone = client.post("/followup/undo", data={**form, "code": "F-E", "check_id": check_id},
                         headers={"HX-Request": "true", "X-CSRF-Token": token})
    e = row(undone.text, "F-E")
    assert 'data-testid="undone">Đã hoàn tác: Xét nghiệm · Dương tính' in e
    assert "xét nghiệm dương tính" not in e and "cần xét nghiệm" in e
    assert counts(undone.text)["test-due"] == "2"
    again = client.post("/followup/undo", data={**form, "code": "F-E", "check_id": check_id},
                        headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert "chỉ có thể hoàn tác lần gọi điện hoặc xét nghiệm gần nhất" in row(again.text, "F-E")
    positive = client.post("/followup/checks",
                           data={**form, "code": "F-E", "kind": "test", "result": "positive"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    # Without script the form posts back to the list.
    plain = client.post("/followup/checks", data={**form, "code": "F-C", "kind": "call",
                                                  "result": "no_answer", "csrf_token": token},
                        follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/followup?date=2021-11-10"
    checks = client.get("/contacts/F-C").text
    table = checks[checks.index('id="checks"'):checks.index('id="history"')]
    assert table.count("không nghe máy") == 2 and client.email in table


def test_csrf_forged_is_refused(signed_in, people):
    client = station(signed_in)
    form = {"code": "F-B", "date": "2021-11-10", "kind": "call", "result": "well"}
    assert client.post("/followup/checks", data={**form, "csrf_token": "forged"},
                       headers={"HX-Request": "true"}).status_code == 403
    assert client.post("/followup/checks", data=form, headers={
        "HX-Request": "true", "X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/contacts/F-B/close", data={"reason": "x", "csrf_token": "forged"}
                       ).status_code == 403
    assert people.scalar(select(Contact.last_call_on).where(
        Contact.contact_code == "F-B")) is None


def test_contact_page(signed_in, people):
    client = station(signed_in)
    page = client.get("/contacts/F-C")
    assert page.status_code == 200
    text = page.text
    assert "Người F-C" in text and 'href="/cases/A1"' in text and "chợ Dịch Vọng" in text
    assert "hộ gia đình" in text and 'href="/cases/A1/chain"' in text
    plan = text[text.index('id="plan"'):text.index('id="tests"')]
    assert "5599/BYT-MT (có hiệu lực từ 14/7/2021)" in plan and "5/11/2021 – 19/11/2021" in plan
    assert "3/12/2021" in plan  # 14 days of self-monitoring after the quarantine
    tests = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>",
                       text[text.index('id="tests"'):])
    assert tests == [("6/11/2021", "6/11/2021", "âm tính"), ("12/11/2021", "—", "—"),
                     ("19/11/2021", "—", "—")]
    assert 'id="record-check"' in text and 'id="become-case"' in text and 'id="close"' in text
    assert client.get("/contacts/F-G").status_code == 404  # Nghĩa Đô: not the station's
    token = csrf_of(text)
    assert client.post("/contacts/F-G/checks", data={
        "csrf_token": token, "date": "2021-11-10", "kind": "call", "result": "well"}
    ).status_code == 404
    saved = client.post("/contacts/F-C/checks", data={
        "csrf_token": token, "date": "2021-11-10", "kind": "call", "result": "symptoms",
        "note": "ho nhẹ"}, follow_redirects=False)
    assert saved.status_code == 303 and re.fullmatch(
        r"/contacts/F-C\?saved=1&recorded=\d+#record-check", saved.headers["location"])
    again = client.get(saved.headers["location"]).text
    # The result just recorded is offered for undo.
    assert 'data-testid="recorded">Đã ghi: Gọi điện · nghe máy, có triệu chứng<' in again
    table = again[again.index('id="checks"'):again.index('id="history"')]
    assert '<span class="result">nghe máy, có triệu chứng</span> — <span class="note">ho nhẹ' \
        in table
    bad = client.post("/contacts/F-C/checks", data={
        "csrf_token": token, "date": "2021-11-10", "kind": "call", "result": "negative"})
    assert bad.status_code == 422
    assert ("kết quả này không dùng được cho lần gọi điện (nhận được &#39;negative&#39;)"
            in bad.text)
    # A refused form keeps what was typed.
    refused = client.post("/contacts/F-C/checks", data={
        "csrf_token": token, "date": "2021-11-10", "kind": "visit", "result": "well",
        "note": "sốt 38,5"})
    kept = refused.text[refused.text.index('id="record-check"'):]
    kept = kept[:kept.index("</form>")]
    assert refused.status_code == 422 and 'value="sốt 38,5"' in kept
    closed = client.post("/contacts/F-C/close", data={"csrf_token": token,
                                                      "reason": "chuyển đi nơi khác"},
                         follow_redirects=False)
    assert closed.status_code == 303
    after = client.get("/contacts/F-C").text
    assert 'data-testid="contact-status">đã dừng theo dõi<' in after
    assert "chuyển đi nơi khác" in after
    assert 'id="record-check"' not in after  # no longer followed: no actions


def test_become_case_keeps_the_link(signed_in, people):
    client = station(signed_in)
    token = csrf_of(client.get("/contacts/F-E").text)
    client.post("/followup/checks", data={"code": "F-E", "date": "2021-11-10", "kind": "test",
                                          "result": "positive", "csrf_token": token})
    page = client.get("/contacts/F-E").text
    assert 'name="report_date" value="2021-11-10"' in page  # the day of the positive test
    done = client.post("/contacts/F-E/case", data={"csrf_token": token,
                                                   "report_date": "2021-11-10",
                                                   "case_id": "A2"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/cases/A2?saved=1"
    case_page = client.get("/cases/A2")
    assert case_page.status_code == 200 and "Người F-E" in case_page.text
    case = people.scalar(select(Case).where(Case.case_id == "A2"))
    contact = people.scalar(select(Contact).where(Contact.contact_code == "F-E"))
    people.refresh(contact)
    source = people.scalar(select(Case.id).where(Case.case_id == "A1"))
    assert (contact.case_id, contact.status, contact.source_case_id) == (case.id, "case", source)
    assert (case.detected_in, case.source, case.ward_code) == ("quarantine", "contact", DV)
    chain = client.get("/cases/A2/chain").text
    assert "F-E" in chain and 'href="/cases/A1/chain"' in chain
    after = client.get("/contacts/F-E").text
    assert 'data-testid="own-case">A2<' in after and 'id="become-case"' not in after
    assert "đã đăng ký thành ca bệnh" in after  # the audit history names the step
    assert "F-E" not in order(client.get("/followup", params={"date": "2021-11-10"}).text)
    twice = client.post("/contacts/F-E/case", data={"csrf_token": token,
                                                    "report_date": "2021-11-10"})
    assert twice.status_code == 409


def test_viewer_reads_but_cannot_write(signed_in, people):
    client = signed_in("viewer")
    page = client.get("/followup", params={"date": "2021-11-10"})
    assert page.status_code == 200 and order(page.text)[:2] == ["F-G", "F-B"]
    assert "/followup/checks" not in page.text
    contact = client.get("/contacts/F-B")
    assert contact.status_code == 200 and 'id="record-check"' not in contact.text
    assert 'id="become-case"' not in contact.text and 'id="close"' not in contact.text
    token = csrf_of(contact.text)  # the sign-out form's
    for path, data in (("/followup/checks", {"code": "F-B", "date": "2021-11-10",
                                             "kind": "call", "result": "well"}),
                       ("/contacts/F-B/checks", {"date": "2021-11-10", "kind": "call",
                                                 "result": "well"}),
                       ("/contacts/F-B/case", {"report_date": "2021-11-10"}),
                       ("/contacts/F-B/close", {"reason": "x"})):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403, path
    assert people.scalar(select(Contact.status).where(Contact.contact_code == "F-B")) == "active"


def test_pages_need_sign_in_and_speak_english(anonymous, signed_in, people):
    assert anonymous.get("/followup", follow_redirects=False).headers["location"] == (
        "/signin?next=/followup")
    client = station(signed_in)
    page = client.get("/followup", params={"date": "2021-11-10", "lang": "en"}).text
    assert "Follow-up of contacts" in page and "test missed" in page and "Has symptoms" in page


def test_row_is_the_list_item(people):
    """The row redrawn after a check is what the day's list says of that person."""
    for day in (D - timedelta(days=2), D, D + timedelta(days=3), D + timedelta(days=9)):
        listed = followup_day(people, scope=SYSTEM, day=day, province="Hà Nội")["items"]
        assert listed
        for item in listed:
            c = people.scalar(select(Contact).where(Contact.contact_code == item["contact_code"]))
            assert followup_row(c, day) == item, (day, item["contact_code"])


def test_the_nurses_pages_have_no_untranslated_word(signed_in, people):
    from untranslated import untranslated

    client = station(signed_in)
    token = csrf_of(client.get("/followup", params={"date": "2021-11-10"}).text)
    for lang in ("vi", "en"):
        page = client.get("/followup", params={"date": "2021-11-10", "lang": lang}).text
        assert untranslated(page, lang) == [], lang
        row = client.post(f"/followup/checks?lang={lang}", data={
            "code": "F-E", "date": "2021-11-10", "kind": "test", "result": "positive"},
            headers={"HX-Request": "true", "X-CSRF-Token": token}).text
        assert untranslated(row, lang) == [], lang
        check_id = re.search(r'name="check_id" value="(\d+)"', row).group(1)
        undone = client.post(f"/followup/undo?lang={lang}", data={
            "code": "F-E", "date": "2021-11-10", "check_id": check_id},
            headers={"HX-Request": "true", "X-CSRF-Token": token}).text
        assert untranslated(undone, lang) == [], lang
        assert untranslated(client.get(f"/contacts/F-C?lang={lang}").text, lang) == [], lang
