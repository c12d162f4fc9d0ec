"""Pages through HTTP with a real sign-in: session cookie, CSRF, scope, audit, import."""

from __future__ import annotations

import re
import time

import pytest
from signing import sign_in
from sqlalchemy import func, select
from untranslated import alerts

from episurv.accounts.models import SignInAttempt
from episurv.accounts.scope import SYSTEM
from episurv.cases import service as cases
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from handmade import LINE_LIST


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()


@pytest.fixture
def signed_in(anonymous, make_user):
    """A browser-like client signed in as a new account of the given role."""
    def sign(role: str, unit: str | None = "Hà Nội", district: str | None = None,
             wards: list[str] | None = None):
        email, password = make_user(role, unit, district, wards)
        response = sign_in(anonymous, email, password)
        assert response.status_code == 303, response.text
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        return anonymous
    return sign


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_pages_need_sign_in(anonymous, loaded):
    response = anonymous.get("/cases", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin?next=/cases"


def test_a_one_time_password_opens_no_dashboard_before_it_is_changed(anonymous, loaded):
    """Signing in with a one-time password lands on `/`: the dashboard asks for the new
    password first, as every other staff page does, and shows none of the day's figures."""
    from episurv.accounts.service import add_user
    from episurv.db import session_scope

    with session_scope() as s:
        _user, one_time = add_user(s, scope=SYSTEM, email="moi@test.episurv", role="province",
                                   unit="Hà Nội")
    assert sign_in(anonymous, "moi@test.episurv", one_time).headers["location"] == "/"
    page = anonymous.get("/?date=2021-11-07", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (
        303, "/account/password?next=/%3Fdate%3D2021-11-07")
    followed = anonymous.get("/")
    assert followed.url.path == "/account/password" and 'name="new_password"' in followed.text


def test_sign_in_returns_to_the_page_asked_with_its_query(anonymous, make_user, loaded):
    asked = anonymous.get("/cases", params={"district": "268", "q": "A1"},
                          follow_redirects=False)
    assert asked.headers["location"] == "/signin?next=/cases%3Fdistrict%3D268%26q%3DA1"
    form = anonymous.get(asked.headers["location"]).text
    assert '<input type="hidden" name="next" value="/cases?district=268&amp;q=A1">' in form
    email, password = make_user("province")
    done = sign_in(anonymous, email, password, next="/cases?district=268&q=A1")
    assert done.status_code == 303 and done.headers["location"] == "/cases?district=268&q=A1"


def test_wrong_password_then_rate_limit(anonymous, make_user, session):
    email, password = make_user("province")
    for _ in range(5):
        wrong = sign_in(anonymous, email, "nope-nope-nope")
        assert wrong.status_code == 401 and "Sai email hoặc mật khẩu" in wrong.text
    assert session.scalar(select(SignInAttempt.email).limit(1)) == email
    locked = sign_in(anonymous, email, password)
    assert locked.status_code == 429


def test_dashboard_in_vietnamese_and_english(signed_in, loaded):
    client = signed_in("province")
    page = client.get("/", params={"date": "2021-11-07"})
    assert page.status_code == 200
    assert 'data-testid="new-cases">7<' in page.text and "<svg" in page.text
    assert "Ca mới theo quận, huyện" in page.text and "CDC Hà Nội" in page.text
    english = client.get("/", params={"date": "2021-11-07", "lang": "en"})
    assert "New cases by district" in english.text and 'lang="en"' in english.text
    # The choice sticks (cookie) on the next page.
    assert 'lang="en"' in client.get("/cases").text


def test_case_list_filters_and_search(signed_in, loaded):
    client = signed_in("province")
    def ids(**params):
        page = client.get("/cases", params=params).text
        return re.findall(r'<td><a href="/cases/([^"]+)"', page)

    assert ids(district="268") == ["A11", "A6", "A5"]  # Hà Đông: newest day first, then id
    assert ids(district="268", detected_in="lockdown") == ["A5"]
    assert ids(date_from="2021-11-08") == ["A4"]
    assert ids(date_to="2021-10-31") == ["A8", "A9"]
    assert ids(q="a1") == ["A11", "A10", "A1"]
    partial = client.get("/cases", params={"outcome": "died"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "Không có ca nào" in partial.text



def test_the_case_list_writes_its_days_as_its_readers_do(signed_in, loaded):
    """The reporting day reads "7/11/2021" on a Vietnamese page and "7 Nov 2021" on an English
    one, as on every other page; the list wrote the ISO "2021-11-07"."""
    client = signed_in("province")
    row = r'<td><a href="/cases/A1">A1</a></td><td>([^<]*)</td>'
    assert re.search(row, client.get("/cases", params={"q": "A1"}).text).group(1) == "7/11/2021"
    english = client.get("/cases", params={"q": "A1", "lang": "en"}).text
    assert re.search(row, english).group(1) == "7 Nov 2021"


def test_edit_a_case_records_audit_and_refuses_stale_edit(signed_in, loaded):
    client = signed_in("province")
    page = client.get("/cases/A1")
    # The read view: values, an Edit button, no form fields.
    assert 'href="/cases/A1/edit"' in page.text and 'name="age"' not in page.text
    assert 'data-testid="case-report_date">7/11/2021<' in page.text
    form_page = client.get("/cases/A1/edit")
    assert 'name="age"' in form_page.text and ">Lưu<" in form_page.text
    token = csrf_of(form_page.text)
    form = {"csrf_token": token, "version": "1", "report_date": "2021-11-07",
            "district": "Thanh Xuân", "detected_in": "community", "source": "screening",
            "outcome": "active", "age": "52"}
    saved = client.post("/cases/A1", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/cases/A1?saved=1"
    after = client.get("/cases/A1")
    assert 'name="version" value="2"' in client.get("/cases/A1/edit").text
    assert 'data-testid="case-age">52<' in after.text
    history = after.text[after.text.index('id="history"'):]
    assert '<span class="field">Tuổi</span>: — → 52' in history
    assert "province-" in history and "testclient" in history
    stale = client.post("/cases/A1", data={**form, "age": "53"})
    assert stale.status_code == 409 and "đã được người khác sửa" in stale.text
    assert 'value="52"' in stale.text
    no_csrf = client.post("/cases/A1", data={**form, "csrf_token": "forged", "version": "2"})
    assert no_csrf.status_code == 403


def test_district_user_cannot_open_another_district(signed_in, loaded):
    client = signed_in("district", "Hà Nội", "Ba Đình")
    assert client.get("/cases/A3").status_code == 200  # Ba Đình
    assert client.get("/cases/A1").status_code == 404  # Thanh Xuân
    assert re.findall(r'<td><a href="/cases/([^"]+)"', client.get("/cases").text) == ["A4", "A3"]


def test_opening_a_case_page_is_audited_and_listed_in_its_history(signed_in, loaded, db):
    from episurv.accounts.audit import verify
    from episurv.accounts.models import AuditEntry
    from episurv.db import session_scope

    def reads() -> list[tuple[str, str, int, str]]:
        with session_scope(db) as s:
            return [(e.entity, e.entity_id, e.province_code, e.actor.split("-")[0])
                    for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "read")
                                       .order_by(AuditEntry.id))]
    client = signed_in("district", "Hà Nội", "Ba Đình")
    first = client.get("/cases/A3")
    assert first.status_code == 200 and reads() == [("case", "A3", 1, "district")]
    # The second view lists the first among the case's history, in the page's language.
    second = client.get("/cases/A3")
    history = second.text[second.text.index('id="history"'):]
    assert history.count("<td>xem</td>") == 1
    # A case outside the user's district is not found, and nothing is recorded for it.
    assert client.get("/cases/A1").status_code == 404
    assert reads() == [("case", "A3", 1, "district")] * 2
    with session_scope(db) as s:
        assert verify(s)["ok"]


def test_viewer_reads_but_cannot_write(signed_in, loaded):
    client = signed_in("viewer")
    page = client.get("/cases/A1")
    assert page.status_code == 200 and ">Lưu<" not in page.text
    assert 'href="/cases/A1/edit"' not in page.text
    assert client.get("/cases/A1/edit").status_code == 403
    refused = client.post("/cases/A1", data={"csrf_token": csrf_of(page.text), "version": "1",
                                             "age": "1", "report_date": "2021-11-07"})
    assert refused.status_code == 403


def finished_job(client, location: str, *, within: float = 300):
    """The page of an upload's import once it has ended (it no longer asks to be drawn again).
    The import runs in a process of its own, started fresh: on a loaded machine that took over
    a minute, so the wait is long, and an import that does not end says so."""
    deadline = time.monotonic() + within
    while True:
        job = client.get(location)
        if 'hx-trigger="every' not in job.text:
            return job
        assert time.monotonic() < deadline, f"the import at {location} ran over {within:.0f} s"
        time.sleep(0.1)


def uploaded(client, name: str, content: str) -> str:
    """The address of the import job of `content` uploaded as the file `name`."""
    started = client.post("/import", data={"csrf_token": csrf_of(client.get("/import").text)},
                          files={"file": (name, content.encode(), "text/csv")},
                          follow_redirects=False)
    assert started.status_code == 303
    return started.headers["location"]


# One good row, one of a district Hà Nội has not.
GOOD_AND_BAD = ("case_id,report_date,province,district\n"
                "N1,2021-11-09,Hà Nội,Tây Hồ\nN2,2021-11-09,Hà Nội,Nowhere\n")


def test_import_page_shows_progress_result_and_rejects(signed_in, loaded, tmp_path):
    client = signed_in("province")
    job = uploaded(client, "new.csv", GOOD_AND_BAD)
    status = finished_job(client, job)
    assert "1 ca mới" in status.text and "1 dòng bị từ chối" in status.text
    rejects = client.get(f"{job}/rejected-rows.csv")
    assert rejects.status_code == 200
    # The page is in Vietnamese: so are the reasons (tests/web/test_errors_in_language.py).
    assert "N2" in rejects.text and "không có quận, huyện 'Nowhere'" in rejects.text


def test_an_uploads_rejected_rows_are_removed_a_day_after_its_last_change(signed_in, loaded):
    """The rejected rows hold the names, phones and addresses of the rows refused: the page
    says they are removed a day after the import, and the next upload removes every job's
    folder unchanged for longer; before, every job's folder stayed in the temporary folder for
    ever."""
    import os
    import time

    from episurv.web import import_jobs

    client = signed_in("province")
    old = uploaded(client, "old.csv", GOOD_AND_BAD)
    page = finished_job(client, old)
    assert "(dữ liệu cá nhân: tệp bị xóa sau một ngày" in page.text
    recent = uploaded(client, "recent.csv", GOOD_AND_BAD)
    finished_job(client, recent)
    folder = import_jobs._root() / old.rsplit("/", 1)[1]
    assert (folder / "rejected-rows.csv").is_file()
    day_and_a_minute_ago = time.time() - import_jobs.KEEP_SECONDS - 60
    os.utime(folder / import_jobs.STATE, (day_and_a_minute_ago, day_and_a_minute_ago))
    stranger = import_jobs._root() / "not-a-job"  # not named as a job: never touched
    stranger.mkdir(exist_ok=True)
    os.utime(stranger, (day_and_a_minute_ago, day_and_a_minute_ago))

    finished_job(client, uploaded(client, "next.csv", GOOD_AND_BAD))
    assert not folder.exists() and stranger.is_dir()
    assert client.get(old).status_code == 404
    assert client.get(f"{recent}/rejected-rows.csv").status_code == 200
    stranger.rmdir()


def test_an_upload_says_what_the_command_line_says_of_its_file(signed_in, loaded):
    """Besides its counts, the upload's page names what the command line names: the columns
    ignored, the totals lines left aside and the rows warned about (a case of a cluster not
    yet named, the signature below the list), each in the page's language; the page said only
    the counts."""
    client = signed_in("province")
    content = ("case_id,report_date,province,district,source,cluster,Ghi chú\n"
               "N1,2021-11-09,Hà Nội,Tây Hồ,cluster,,gọi lại sau\n"
               "N2,2021-11-09,Hà Nội,Tây Hồ,screening,,\n"
               "Tổng cộng,,,,,,\n"
               ",,,Người lập biểu,,,\n")
    page = finished_job(client, uploaded(client, "ghichu.csv", content)).text
    notes = " ".join(page[page.index('data-testid="import-notes"'):].split("</ul>\n")[0]
                     .split())
    assert "Đã nhập: 2 ca mới" in " ".join(page.split())
    assert "<li>Các cột bỏ qua: Ghi chú</li>" in notes
    assert "<li>Các dòng tổng cộng được để riêng: dòng 4 (Tổng cộng)</li>" in notes
    assert ("<li>Các dòng không phải ca bệnh được để riêng (tiêu đề nhóm, dòng tiêu đề cột lặp "
            "lại, các dòng dưới danh sách): dòng 5 (Người lập biểu)</li>") in notes
    assert ("<li>dòng 2: nguồn lây là ổ dịch nhưng chưa ghi tên ổ dịch: được tính vào ổ dịch "
            "chưa đặt tên</li>") in notes
    assert "Cảnh báo (1):" in notes and "Trang tính" not in notes and "UTF-8" not in notes


def test_an_upload_of_a_sheet_a_district_names_the_sheets(signed_in, loaded, tmp_path):
    """A workbook kept a sheet a district is read as one list: the page names the sheets read,
    and each row it lists by its sheet as well as its row."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Tây Hồ"
    header = ["case_id", "report_date", "province", "district", "source", "cluster"]
    for row in [header, ["N1", "2021-11-09", "Hà Nội", "Tây Hồ", "screening", ""],
                ["", "", "", "Người lập biểu", "", ""]]:
        book.active.append(row)
    second = book.create_sheet("Long Biên")
    for row in [header, ["N2", "2021-11-09", "Hà Nội", "Long Biên", "screening", ""],
                ["N3", "2021-11-09", "Hà Nội", "Long Biên", "cluster", ""]]:
        second.append(row)
    path = tmp_path / "quan.xlsx"
    book.save(path)
    client = signed_in("province")
    started = client.post("/import", data={"csrf_token": csrf_of(client.get("/import").text)},
                          files={"file": ("quan.xlsx", path.read_bytes(),
                                          "application/octet-stream")},
                          follow_redirects=False)
    page = finished_job(client, started.headers["location"]).text
    notes = " ".join(page[page.index('data-testid="import-notes"'):].split("</ul>\n")[0]
                     .split())
    assert "Đã nhập: 3 ca mới" in " ".join(page.split())
    assert "<li>Các trang tính đã đọc, lần lượt từng trang: Tây Hồ, Long Biên</li>" in notes
    assert "trang tính Tây Hồ, dòng 3 (Người lập biểu)</li>" in notes
    assert "<li>trang tính Long Biên, dòng 3: nguồn lây là ổ dịch" in notes


# Another worker process of the server: a new app in a Python of its own, the same database,
# the browser's session cookie; it answers the job's page and its rejected rows' file.
OTHER_WORKER = """
import sys, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from episurv.web.app import create_app
client = TestClient(create_app())
client.cookies.set("episurv_session", sys.argv[1])
page = client.get(sys.argv[2], headers={"HX-Request": "true"})
rejects = client.get(sys.argv[2] + "/rejected-rows.csv")
print(page.status_code, rejects.status_code)
print(page.text)
"""


def test_an_import_is_followed_from_any_worker_of_the_server(signed_in, loaded):
    """`episurv serve` runs a process per core: the upload is taken by one, the progress page
    polled by any. The job held in one process's memory answered "no such import" to the
    others (3 polls of 8 with two workers); its state is where every worker reads it."""
    import subprocess
    import sys

    client = signed_in("province")
    job = uploaded(client, "new.csv", GOOD_AND_BAD)
    finished_job(client, job)
    other = subprocess.run([sys.executable, "-c", OTHER_WORKER,
                            client.cookies["episurv_session"], job],
                           capture_output=True, text=True, timeout=120)
    statuses, page = other.stdout.split("\n", 1)
    assert statuses == "200 200", other.stderr[-2000:]
    assert "Đã nhập: 1 ca mới, 0 đã có; 1 dòng bị từ chối." in " ".join(page.split())
    # Another account never sees it, from any worker.
    stranger = signed_in("province")
    assert stranger.get(job).status_code == 404


def test_public_report_needs_no_sign_in_and_shows_no_person(anonymous, loaded, session):
    page = anonymous.get("/public/report", params={"province": "Hà Nội", "date": "2021-11-07"})
    assert page.status_code == 200 and 'data-testid="new-cases">7<' in page.text


def test_case_export_is_scoped_and_audited(signed_in, loaded, session):
    from episurv.accounts.audit import history

    client = signed_in("district", "Hà Nội", "Ba Đình")
    export = client.get("/cases/export.csv", params={"detected_in": "community"})
    assert export.status_code == 200
    lines = export.text.strip().splitlines()
    assert lines[0].startswith("case_id,report_date,report_time,province,district")
    assert [line.split(",")[0] for line in lines[1:]] == ["A4"]  # Ba Đình, community
    entry = history(session, "cases", "list")[-1]
    assert entry["action"] == "export" and entry["actor"].startswith("district-")
    assert entry["changes"] == {"filters": {"detected_in": "community"}, "rows": 1}


def test_pages_default_to_the_latest_reporting_day_not_the_clock(signed_in, loaded):
    """Issue 11: on historical data the clusters page showed every cluster closed (the clock's
    day) while the dashboard listed them developing. The latest day in the data is 8/11."""
    client = signed_in("province")
    clusters = client.get("/clusters")
    assert 'name="date" value="2021-11-08"' in clusters.text
    row = re.search(r'<tr class="status-(\w+)"><td><a href="/clusters/\d+\?date=2021-11-08">'
                    r'Chợ Khương Trung<', clusters.text)
    assert row and row.group(1) == "active"
    assert 'name="date" value="2021-11-08"' in client.get("/followup").text
    assert 'name="date" value="2021-11-08"' in client.get("/figures").text


def test_public_report_is_cached_by_data_version_with_an_etag(anonymous, session, write_csv):
    """Issue 11: pages drew their report and chart on every request. The public report now
    carries an ETag of the data version: unchanged data answers 304, a write changes it."""
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    first = anonymous.get("/public/report", params={"date": "2021-11-07"})
    assert first.status_code == 200 and 'data-testid="new-cases">7<' in first.text
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    again = anonymous.get("/public/report", params={"date": "2021-11-07"},
                          headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    import_cases(session, scope=SYSTEM, path=write_csv(
        "case_id,report_date,province,district\nZ1,2021-11-07,Hà Nội,Ba Đình\n", "z.csv"))
    session.commit()
    changed = anonymous.get("/public/report", params={"date": "2021-11-07"},
                            headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert 'data-testid="new-cases">8<' in changed.text


def test_an_upload_is_imported_in_a_process_of_its_own(db, tmp_path):
    """Hardening issue, item 4: the file is read outside the server's memory. With a budget far
    below what reading it costs, the child ends and says so, and nothing is imported."""
    from episurv.cases.import_process import ImportFailed, import_in_child
    from episurv.cases.models import Case
    from episurv.db import session_scope

    path = tmp_path / "wave.csv"
    path.write_text("case_id,report_date,province,district\n" + "".join(
        f"W{i},2021-11-09,Hà Nội,Tây Hồ\n" for i in range(20_000)), encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_in_child(path, scope=SYSTEM, rejects=None, memory_mb=1)
    assert str(failed.value).startswith("wave.csv: ")
    assert "1 MB" in str(failed.value) and "nothing was imported" in str(failed.value)
    progress: list[tuple[int, int]] = []
    result = import_in_child(path, scope=SYSTEM, rejects=None,
                             progress=lambda done, total: progress.append((done, total)))
    assert (result["rows"], result["new"]) == (20_000, 20_000)
    assert progress[-1] == (20_000, 20_000)
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 20_000


def test_an_upload_over_the_size_limit_is_refused_unread(signed_in, monkeypatch):
    from episurv.safe_reading import Limits
    from episurv.web import pages

    monkeypatch.setattr(pages, "Limits", lambda: Limits(file_bytes=3 << 20))
    client = signed_in("province")
    token = csrf_of(client.get("/import").text)
    refused = client.post("/import", data={"csrf_token": token},
                          files={"file": ("big.csv", b"x" * (4 << 20), "text/csv")},
                          follow_redirects=False)
    assert refused.status_code == 413
    assert "Tệp lớn hơn 3 MB" in refused.text


def test_a_case_page_offers_and_shows_the_transferred_outcome(signed_in, loaded):
    client = signed_in("province")
    form = {"csrf_token": csrf_of(client.get("/cases/A1/edit").text), "version": "1",
            "report_date": "2021-11-07", "detected_in": "community", "source": "screening",
            "outcome": "transferred", "outcome_date": "2021-11-09"}
    assert client.post("/cases/A1", data=form, follow_redirects=False).status_code == 303
    edit = client.get("/cases/A1/edit").text
    assert '<option value="transferred" selected>đã chuyển viện</option>' in edit
    assert "đã chuyển viện" in client.get("/cases/A1").text  # the read view
    listed = client.get("/cases", params={"outcome": "transferred"}).text
    assert re.findall(r'<td><a href="/cases/([^"]+)"', listed) == ["A1"]


def test_an_outcome_asks_for_its_date_and_a_refused_edit_keeps_what_was_typed(signed_in,
                                                                             loaded):
    client = signed_in("province")
    token = csrf_of(client.get("/cases/A1/edit").text)
    form = {"csrf_token": token, "version": "1", "report_date": "2021-11-07",
            "district": "Thanh Xuân", "detected_in": "community", "source": "screening",
            "age": "47", "name": "Trần Thị Lan", "outcome": "recovered", "outcome_date": ""}
    missing = client.post("/cases/A1", data=form)
    assert missing.status_code == 422
    # Said in the page's language, with the outcome and the days as the page writes them.
    assert ("Ngày kết cục: bắt buộc khi kết cục là “khỏi bệnh”: hãy ghi ngày của kết cục đó"
            in missing.text)
    # What was typed is still there: the new age and name, the outcome chosen.
    assert 'name="age" min="0" max="120" value="47"' in missing.text
    assert 'value="Trần Thị Lan"' in missing.text
    assert '<option value="recovered" selected>' in missing.text
    early = client.post("/cases/A1", data={**form, "outcome_date": "2021-11-06"})
    assert early.status_code == 422
    assert "Ngày kết cục: 6/11/2021 trước ngày báo cáo 7/11/2021" in early.text
    assert 'name="outcome_date" value="2021-11-06"' in early.text
    future = client.post("/cases/A1", data={**form, "outcome_date": "2999-01-01"})
    assert future.status_code == 422
    assert "Ngày kết cục: 1/1/2999 là một ngày trong tương lai" in future.text
    english = client.post("/cases/A1?lang=en", data={**form, "outcome_date": "2999-01-01"})
    assert "outcome_date: 1 Jan 2999 is in the future" in english.text
    client.get("/cases/A1/edit?lang=vi")  # back to Vietnamese
    assert 'data-testid="case-age">—<' in client.get("/cases/A1").text  # nothing changed
    saved = client.post("/cases/A1", data={**form, "outcome_date": "2021-11-20"},
                        follow_redirects=False)
    assert saved.status_code == 303
    page = client.get("/cases/A1").text
    assert 'data-testid="case-outcome">khỏi bệnh<' in page
    assert 'data-testid="case-outcome_date">20/11/2021<' in page


def test_a_refused_edit_names_each_field_in_the_pages_language(signed_in, loaded):
    """The line-list rules refuse an age of 150 and doses typed as words: the page names each
    field as its form labels it, in Vietnamese ("age '150': must be between 0 and 120" was
    the API's English), keeps what was typed, and changes nothing."""
    client = signed_in("province")
    token = csrf_of(client.get("/cases/A1/edit").text)
    form = {"csrf_token": token, "version": "1", "report_date": "2021-11-07",
            "district": "Thanh Xuân", "age": "150", "vaccine_doses": "hai"}
    refused = client.post("/cases/A1", data=form)
    assert refused.status_code == 422
    assert alerts(refused.text) == [
        "Tuổi '150': phải từ 0 đến 120; Số mũi vắc xin 'hai': không phải số nguyên"]
    assert 'name="age" min="0" max="120" value="150"' in refused.text
    assert 'name="vaccine_doses" min="0" max="4" value="hai"' in refused.text
    english = client.post("/cases/A1?lang=en", data=form)
    assert alerts(english.text) == [
        "Age '150': must be between 0 and 120; Vaccine doses 'hai': not a whole number"]
    assert 'data-testid="case-age">—<' in client.get("/cases/A1?lang=vi").text


def test_a_case_is_entered_on_its_own_page(signed_in, loaded, session):
    """A case reported by phone is entered on a page of its own (before, only an upload or the
    API could add one): the form has the account's province filled in, a refusal names each
    field in the page's language and keeps what was typed, a code entered twice is refused,
    and without a code the register gives one. A viewer has no such page."""
    client = signed_in("province")
    assert 'data-testid="new-case"' in client.get("/cases").text
    page = client.get("/cases/new")
    assert 'name="province" value="Hà Nội"' in page.text
    form = {"csrf_token": csrf_of(page.text), "case_id": "BN777001", "province": "Hà Nội",
            "report_date": "2021-11-09", "report_time": "19:40", "district": "Cầu Giấy",
            "detected_in": "community", "source": "unknown", "age": "150", "sex": "F",
            "outcome": "active", "name": "Nguyễn Thị Mơ", "phone": "0912000111"}
    refused = client.post("/cases/new", data=form)
    assert refused.status_code == 422
    assert alerts(refused.text) == ["Tuổi '150': phải từ 0 đến 120"]
    assert 'name="case_id" value="BN777001"' in refused.text
    assert 'name="name" value="Nguyễn Thị Mơ"' in refused.text
    assert session.scalar(select(func.count()).select_from(Case).where(
        Case.case_id == "BN777001")) == 0
    entered = client.post("/cases/new", data={**form, "age": "41"}, follow_redirects=False)
    assert entered.status_code == 303
    assert entered.headers["location"] == "/cases/BN777001?saved=1"
    session.rollback()  # a new read: SQLite's read transaction saw the database before the save
    case = cases.case_values(session, cases.get_case(session, "BN777001", scope=SYSTEM))
    assert (case["district"], case["age"], case["sex"], str(case["report_time"])[:5],
            case["phone"]) == ("Quận Cầu Giấy", 41, "F", "19:40", "0912000111")
    again = client.post("/cases/new", data={**form, "age": "41"})
    assert again.status_code == 409
    assert alerts(again.text) == ["ca 'BN777001' đã có: hãy sửa hồ sơ đó (PATCH) thay vì nhập "
                                  "lại"]
    coded = client.post("/cases/new", data={**form, "case_id": "", "age": "7"},
                        follow_redirects=False)
    assert coded.status_code == 303
    code = coded.headers["location"].removeprefix("/cases/").removesuffix("?saved=1")
    assert code and code != "BN777001"
    session.rollback()
    assert cases.case_values(session, cases.get_case(session, code, scope=SYSTEM))["age"] == 7
    viewer = signed_in("viewer")
    assert viewer.get("/cases/new").status_code == 403
    assert 'data-testid="new-case"' not in viewer.get("/cases").text


def test_the_case_pages_have_no_untranslated_word(signed_in, loaded):
    from untranslated import untranslated

    client = signed_in("province")
    for lang in ("vi", "en"):
        for path in ("/cases/A1", "/cases/A1/edit", "/cases/new"):
            assert untranslated(client.get(path, params={"lang": lang}).text, lang) == [], path


def test_the_site_has_an_icon_so_no_page_logs_a_missing_one(anonymous):
    """Chromium asks every site for /favicon.ico; its 404 was the one console error of the
    public pages. Pages name the icon, and /favicon.ico answers it too (JSON, the personal
    check-in link)."""
    page = anonymous.get("/public/exposures").text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    named = anonymous.get("/static/favicon.svg")
    asked = anonymous.get("/favicon.ico")
    assert (asked.status_code, asked.headers["content-type"]) == (200, "image/svg+xml")
    assert asked.content == named.content and asked.content.startswith(b"<svg ")
