"""The public landing page at `/` and the navigation each role sees."""

from __future__ import annotations

import re

import pytest
import signing

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.exposures.service import add_visits, publish_from_case
from episurv.web.navigation import current, menu

# Latest reporting day 8/11 (N4 confirmed after the 18:00 cut-off of 7/11): 1 new case,
# 7/11 had 3 (N1, N2, N3), 6/11 had 1 (N5): change -2, last 7 days 5, cumulative 5.
LINE_LIST = """case_id,report_date,report_time,province,district,ward,detected_in,name,phone,address
N1,2021-11-07,08:00,Hà Nội,Ba Đình,Cống Vị,community,Lò Thị Hoa,0911000111,Số 3 ngõ 9 phố Đào Tấn
N2,2021-11-07,09:00,Hà Nội,Ba Đình,Cống Vị,quarantine,,,
N3,2021-11-07,17:00,Hà Nội,Đống Đa,,community,,,
N4,2021-11-07,19:30,Hà Nội,Ba Đình,Cống Vị,community,,,
N5,2021-11-06,10:00,Hà Nội,Hà Đông,,quarantine,,,
"""


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    add_visits(session, scope=SYSTEM, case_id="N1", visits=[
        {"kind": "home", "place": "Nhà riêng", "address": "Số 3 ngõ 9 phố Đào Tấn",
         "day": "2021-11-06"},
        {"kind": "visit", "place": "Chợ Ngọc Hà", "day": "2021-11-05", "start": "7h",
         "end": "8h30", "district": "Ba Đình", "ward": "Ngọc Hà"},
        {"kind": "visit", "place": "Nhà thuốc Đội Cấn", "day": "2021-10-20",
         "district": "Ba Đình"}])
    publish_from_case(session, scope=SYSTEM, case_id="N1")
    session.commit()


def test_anyone_sees_the_landing_page_of_the_latest_day(anonymous, loaded):
    page = anonymous.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="landing-day">Báo cáo ngày 8/11/2021 · số liệu tính đến 18:00<' in html
    assert re.search(r'data-testid="new-cases">1<', html)
    assert "▼ −2 so với hôm trước" in html
    assert 'data-testid="week">5<' in html
    # The notice of 5/11 (within 14 days of 8/11), not the one of 20/10, never the home.
    assert "Chợ Ngọc Hà" in html and "07:00–08:30" in html
    assert "Nhà thuốc Đội Cấn" not in html and "Nhà riêng" not in html
    for personal in ("Lò Thị Hoa", "0911000111", "Đào Tấn"):
        assert personal not in html
    assert 'data-testid="hotline" href="tel:19009095">1900 9095<' in html
    assert 'href="/public/levels"' in html and 'href="/signin"' in html
    # The public menu only: no staff page is offered.
    assert 'href="/cases"' not in html and 'href="/followup"' not in html
    assert anonymous.get("/public").text.count("Chợ Ngọc Hà") == 1
    english = anonymous.get("/", params={"lang": "en"}).text
    assert "▼ −2 against the day before" in english and "Latest places visited" in english


def test_landing_page_without_data_says_so(anonymous):
    html = anonymous.get("/").text
    assert "Chưa có dữ liệu ca bệnh." in html and "1900 9095" in html


def test_signed_in_staff_get_the_dashboard_with_their_menu(anonymous, make_user, loaded):
    email, password = make_user("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    signing.sign_in(anonymous, email, password)
    html = anonymous.get("/").text
    assert "Tình hình dịch COVID-19" in html and "Địa điểm mới nhất" not in html
    links = re.findall(r'data-testid="nav-([a-z-]+)"', html)
    # The nurse's station first, the public pages last (under "More"), no import.
    assert links[:5] == ["followup", "homecare", "cases", "clusters", "dashboard"]
    assert links[-1] == "api" and "import" not in links
    assert 'data-testid="nav-dashboard" aria-current="page"' in html
    # Each headline figure of 8/11 against 7/11: all 1 vs 3, community 1 vs 2, quarantine 0 vs 1.
    assert html.count("▼ −2 so với hôm trước") == 1 and html.count("▼ −1 so với hôm trước") == 2
    assert 'data-copy="#bulletin-text"' in html and 'id="bulletin-text"' in html
    followup = anonymous.get("/followup", params={"date": "2021-11-08"}).text
    assert 'data-testid="nav-followup" aria-current="page"' in followup


@pytest.mark.parametrize(("role", "first", "absent"), [
    (None, "/public/report", "/cases"),
    ("station", "/followup", "/import"),
    ("province", "/", None),
    ("national", "/national", None),
    ("viewer", "/", "/import"),
])
def test_menu_by_role(role, first, absent):
    groups = menu(role)
    hrefs = [link.href for group in groups for link in group.links]
    assert hrefs[0] == first
    assert absent is None or absent not in hrefs
    assert groups[-1].title == "Public" and len(hrefs) == len(set(hrefs))


def test_current_page_is_the_longest_matching_link():
    groups = menu("province")
    assert current(groups, "/") == "dashboard"
    assert current(groups, "/cases/BN1/chain") == "cases"
    assert current(groups, "/public/exposures") == "public-exposures"
    assert current(groups, "/signin") is None


def test_audit_entries_and_dates_read_as_people_write_them(session, anonymous, make_user,
                                                            loaded):
    from episurv.cases.service import save_case

    save_case(session, {"case_id": "N5", "report_date": "2021-11-06", "report_time": "10:00",
                        "province": "Hà Nội", "district": "Hà Đông",
                        "detected_in": "quarantine", "outcome": "recovered",
                        "outcome_date": "2021-11-20"}, scope=SYSTEM)
    session.commit()
    email, password = make_user("province")
    signing.sign_in(anonymous, email, password)
    history = anonymous.get("/cases/N5").text.split('id="history"')[1]
    # Not "outcome: active → recovered": the label and the words of the page's language.
    assert '<span class="field">Kết cục</span>: đang điều trị → khỏi bệnh' in history
    assert '<span class="field">Ngày kết cục</span>: — → 20/11/2021' in history
    assert re.search(r"<td>\d{1,2}/\d{1,2}/20\d\d \d\d:\d\d</td>", history)
    english = anonymous.get("/cases/N5", params={"lang": "en"}).text.split('id="history"')[1]
    assert '<span class="field">Outcome</span>: active → recovered' in english
    assert '<span class="field">Outcome date</span>: — → 20 Nov 2021' in english


def test_when_filter_writes_days_and_local_times():
    from datetime import UTC, date, datetime

    from episurv.web.formatting import when

    vi = {"lang": "vi"}
    assert when(vi, date(2021, 11, 8)) == "8/11/2021"
    assert when(vi, "2021-11-08") == "8/11/2021"
    # 23:30 UTC on 7/11 is 06:30 on 8/11 in Vietnam (UTC+7).
    assert when(vi, datetime(2021, 11, 7, 23, 30, tzinfo=UTC)) == "8/11/2021 06:30"
    assert when(vi, "2021-11-07T23:30:00+00:00") == "8/11/2021 06:30"
    assert when({"lang": "en"}, "2021-11-07T23:30:00") == "8 Nov 2021 06:30"
    assert when(vi, None) == "—" and when(vi, "hôm qua") == "hôm qua"


def test_a_refused_self_declaration_is_said_in_the_pages_language(anonymous, loaded, session):
    from sqlalchemy import select

    from episurv.exposures.models import ExposureNotice

    notice = session.scalar(select(ExposureNotice.id))
    form = {"notice_id": str(notice), "province": "Hà Nội", "name": "Lê 3",
            "phone": "12345", "ward": "Phường Không Có"}
    html = anonymous.post("/public/exposures", data=form).text
    alert = re.search(r'<p role="alert" class="error">([^<]+)</p>', html).group(1)
    # The notice's age counts to the data's latest day, so it is not refused as too old.
    assert alert.startswith("Hãy ghi họ và tên bằng chữ (từ 2 đến 100 ký tự). Hãy ghi số điện "
                            "thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0. Không tìm thấy phường, "
                            "xã này trong thành phố")
    assert "quá 14 ngày" not in alert
    assert "Có phải bạn muốn ghi:" in alert and "phone" not in alert
    english = anonymous.post("/public/exposures?lang=en", data=form).text
    assert "Write a phone number of 10 or 11 digits starting with 0." in english
    # The form comes back open, with what was typed (the phone too, to correct it).
    item = html[html.index(f'data-notice="{notice}"'):]
    item = item[:item.index("</li>")]
    assert "<details open>" in item
    assert 'value="Lê 3"' in item and 'value="12345"' in item
    assert 'value="Phường Không Có"' in item


def test_the_public_levels_page_names_its_unconfirmed_thresholds_in_words(anonymous, loaded):
    """The rule in force (4800/QĐ-BYT) has three thresholds no published text confirms: the
    public page says what they are, in the reader's language, never the names the code keeps
    them by (adult_dose1_pct, cases_level_3, elderly_full_pct)."""
    def policy_line(lang: str) -> str:
        page = anonymous.get("/public/levels", params={"lang": lang}).text
        line = re.search(r'data-testid="policy">(.*?)</p>', page, re.S).group(1)
        return " ".join(line.split())

    vi = policy_line("vi")
    assert vi.endswith(
        "Ngưỡng ghi CHƯA XÁC NHẬN là mặc định chưa được văn bản công bố xác nhận: % người "
        "≥18 tuổi tiêm ít nhất 1 mũi; số ca cộng đồng/100.000 dân trong 7 ngày của cấp độ 3; "
        "% người ≥65 tuổi tiêm đủ liều.")
    en = policy_line("en")
    assert en.endswith(
        "Thresholds marked UNCONFIRMED are defaults no published text confirms: % of people "
        "18+ with at least one dose; community cases per 100,000 in 7 days for level 3; % of "
        "people 65+ fully vaccinated.")
    for line in (vi, en):
        assert not re.search(r"\b[a-z]+(_[a-z0-9]+)+\b", line), line
    # The decision the rules come from, in the reader's language too.
    assert vi.startswith("Tiêu chí: QD-4800-2021 — Quyết định 4800/QĐ-BYT ngày 12/10/2021 của "
                         "Bộ Y tế, hướng dẫn thực hiện Nghị quyết 128/NQ-CP ngày 11/10/2021.")
    assert en.startswith("Rules: QD-4800-2021 — Decision 4800/QĐ-BYT of 12/10/2021 (Ministry of "
                         "Health), guidance on Resolution 128/NQ-CP of 11/10/2021.")
