"""Bulletins through HTTP: the parse API (same JSON as the CLI), storing a reviewed bulletin
(aggregate submissions, clusters, audit), the refusal of a reading that needs review, and the
review pages with a real sign-in. Both databases (the `db` fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from signing import sign_in
from sqlalchemy import func, select
from typer.testing import CliRunner
from untranslated import untranslated

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.aggregates.models import AggregateDay, AggregateSubmission
from episurv.bulletins.schemas import BulletinStored
from episurv.cli import app as cli
from episurv.clusters.models import Cluster
from episurv.clusters.service import create_cluster
from episurv.web.pages_bulletins import CHECK_LABELS, FIELD_LABELS

CORPUS = Path(__file__).parent / "corpus"
HANOI = CORPUS / "01-hanoi-daily.txt"  # 9/11: 38 community, 27 quarantine, checks pass
DANANG = CORPUS / "14-danang-split-disagrees.txt"  # 45 new, 20 + 22: the split fails


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _audits(session) -> list[dict]:
    session.commit()  # a new transaction: SQLite reads now see the requests' commits
    rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == "bulletin")
                           .order_by(AuditEntry.id)).all()
    return [{"id": e.entity_id, "actor": e.actor, **json.loads(e.changes)} for e in rows]


def _submissions(session) -> int:
    session.commit()
    return session.scalar(select(func.count()).select_from(AggregateSubmission))


def test_parse_needs_a_credential(anonymous):
    response = anonymous.post("/api/v1/bulletins/parse", json={"text": _text(HANOI)})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_parse_api_gives_the_cli_json(client_as):
    client = client_as("viewer")  # reading changes nothing: a viewer may
    cli_out = CliRunner().invoke(cli, ["parse", "bulletin", str(HANOI), "--format", "json"])
    assert cli_out.exit_code == 0, cli_out.output
    expected = json.loads(cli_out.stdout)
    as_json = client.post("/api/v1/bulletins/parse", json={"text": _text(HANOI), "year": 2021})
    assert as_json.status_code == 200 and as_json.json() == expected
    plain = client.post("/api/v1/bulletins/parse", content=_text(HANOI).encode("utf-8"),
                        headers={"Content-Type": "text/plain; charset=utf-8"})
    assert plain.json() == expected
    assert expected["community"] == 38 and expected["status"] == "ok"
    assert [expected["text"][s["start"]:s["end"]] for s in expected["spans"]
            if s["field"] == "community"][0] == "38"


def test_store_creates_figures_clusters_and_an_audit_entry(client_as, session):
    create_cluster(session, scope=SYSTEM, name="Chợ Hôm", province="Hà Nội",
                   district="Hai Bà Trưng")
    session.commit()
    client = client_as("province")
    response = client.post("/api/v1/bulletins/store", json={"text": _text(HANOI)})
    assert response.status_code == 200, response.text
    out = response.json()
    assert BulletinStored.model_validate(out).model_dump() == out
    assert out["bulletin"] == "city_daily:1:2021-11-09" and out["status"] == "ok"
    # 3 province figures and the community count of 10 districts.
    assert out["figures"]["figures"] == 13 and out["figures"]["new"] == 13
    assert [c["name"] for c in out["clusters"]["matched"]] == ["Chợ Hôm"]
    assert [c["name"] for c in out["clusters"]["created"]] == ["Định Công"]
    session.expire_all()
    assert set(session.scalars(select(AggregateSubmission.source))) == {"bulletin"}
    day = session.scalar(select(AggregateDay).where(
        AggregateDay.province_code == 1, AggregateDay.district_code == 0,
        AggregateDay.valid_to.is_(None)))
    assert (day.new_cases, day.community, day.quarantine) == (65, 38, 27)
    hoang_mai = session.scalar(select(AggregateDay).where(
        AggregateDay.district_code == 8, AggregateDay.valid_to.is_(None)))  # Hoàng Mai: 9
    assert hoang_mai.community == 9
    created = session.scalar(select(Cluster).where(Cluster.name == "Định Công"))
    assert (created.province_code, created.district_code) == (1, 8)
    [entry] = _audits(session)
    assert entry["id"] == "city_daily:1:2021-11-09" and entry["actor"] == client.email
    assert entry["confirmed_despite_failed_checks"] is False and entry["corrected"] == {}
    assert entry["clusters_created"] == [created.id]

    again = client.post("/api/v1/bulletins/store", json={"text": _text(HANOI)}).json()
    assert again["figures"]["unchanged"] == 13 and again["clusters"]["created"] == []
    assert _submissions(session) == 13


def test_a_reading_that_needs_review_is_refused_until_confirmed_or_corrected(client_as,
                                                                             session):
    client = client_as("province", "Đà Nẵng")
    refused = client.post("/api/v1/bulletins/store", json={"text": _text(DANANG)})
    assert refused.status_code == 409
    assert "community_plus_quarantine" in refused.json()["detail"]
    assert refused.json()["code"] == "needs_review"
    assert _submissions(session) == 0 and _audits(session) == []

    confirmed = client.post("/api/v1/bulletins/store",
                            json={"text": _text(DANANG), "confirm": True})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["confirmed_despite_failed_checks"] is True
    corrected = client.post("/api/v1/bulletins/store", json={
        "text": _text(DANANG), "corrections": {"quarantine": 25}})
    assert corrected.status_code == 200 and corrected.json()["status"] == "ok"
    stored = BulletinStored.model_validate(corrected.json())
    # Only the quarantine figure changes: the 45 new cases were stated, not summed.
    assert (stored.corrected, stored.failed_checks, stored.figures.corrected) == (
        {"quarantine": [22, 25]}, [], 1)
    first, second = _audits(session)
    assert first["confirmed_despite_failed_checks"] is True
    assert first["failed_checks"] == ["community_plus_quarantine"]
    assert second["corrected"] == {"quarantine": [22, 25]} and second["failed_checks"] == []
    session.expire_all()
    day = session.scalar(select(AggregateDay).where(
        AggregateDay.province_code == 48, AggregateDay.district_code == 0,
        AggregateDay.valid_to.is_(None)))
    assert (day.new_cases, day.community, day.quarantine) == (45, 20, 25)


def test_store_needs_write_rights_and_the_jurisdiction(client_as, session):
    viewer = client_as("viewer")
    assert viewer.post("/api/v1/bulletins/store",
                       json={"text": _text(HANOI)}).status_code == 403
    other = client_as("province", "Đà Nẵng")
    assert other.post("/api/v1/bulletins/store", json={"text": _text(HANOI)}).status_code == 403
    bad = client_as("province").post("/api/v1/bulletins/store", json={
        "text": _text(HANOI), "corrections": {"clusters.0": 3}})
    assert bad.status_code == 422 and "cannot be corrected" in bad.json()["detail"]
    assert _submissions(session) == 0 and _audits(session) == []


# --- pages ---------------------------------------------------------------------------------

@pytest.fixture
def signed_in(anonymous, make_user):
    def sign(role: str, unit: str | None = "Hà Nội"):
        email, password = make_user(role, unit)
        response = sign_in(anonymous, email, password)
        assert response.status_code == 303
        return anonymous
    return sign

# The reader's keys, which a page must not show as labels.
KEYS = tuple(list(FIELD_LABELS) + list(CHECK_LABELS) + ["figures_read"]
             + [f"{k}_stated_total" for k in FIELD_LABELS])


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _fields(html: str) -> dict[str, str]:
    """The store form's fields as the browser would send them."""
    form = html[html.index('action="/bulletins/store"'):]
    fields = dict(re.findall(r'name="(fix:[^"]+)" value="([^"]*)"', form))
    fields["csrf_token"] = _csrf(form)
    fields["year"] = re.search(r'name="year" value="(\d+)"', form).group(1)
    fields["text"] = re.search(r'<textarea name="text" hidden>(.*?)</textarea>', form,
                               re.S).group(1)
    return fields


def test_review_page_paste_highlight_correct_and_store(signed_in, session):
    client = signed_in("province")
    form = client.get("/bulletins/review")
    assert form.status_code == 200 and 'href="/bulletins/review"' in form.text
    assert "Đọc bản tin" in form.text
    page = client.post("/bulletins/review", data={"csrf_token": _csrf(form.text),
                                                  "text": _text(HANOI), "year": "2021"})
    assert page.status_code == 200
    assert ('<mark class="read" data-field="community" title="Trong cộng đồng">38</mark>'
            in page.text)
    assert '<mark class="read" data-field="date" title="Ngày">tối 9/11</mark>' in page.text
    # Labels and checks in the page's language, not the reader's keys.
    assert untranslated(page.text, "vi", KEYS) == []
    assert "<th>Ca mới</th>" in page.text and "Loại bản tin" in page.text
    assert "tổng ca cộng đồng các địa phương bằng số ca cộng đồng" in page.text
    # What each check found, in Vietnamese with Vietnamese numbers (was English, lang="en").
    checks = page.text[page.text.index('data-testid="checks"'):]
    checks = checks[:checks.index("</ul>")]
    assert 'lang="en"' not in checks
    assert "(2.018 + 3.102 = 5.120, tổng số 5.120)" in checks
    assert ("(9 ca trong các ổ dịch + 56 ca phát hiện cách khác = 65; tổng số 65, ca cộng đồng "
            "38)") in checks
    assert "(chợ Hôm: 6 ca hôm nay, tổng cộng 31 ca)" in checks
    english = client.post("/bulletins/review?lang=en", data={
        "csrf_token": _csrf(form.text), "text": _text(HANOI), "year": "2021"}).text
    assert untranslated(english, "en", KEYS) == []
    assert "community cases add up to the community figure" in english
    assert "(2,018 + 3,102 = 5,120, total 5,120)" in english
    client.get("/bulletins/review?lang=vi")
    assert 'data-testid="field-new_cases">65<' in page.text
    assert "Mọi kiểm tra đều đạt." in page.text
    fields = _fields(page.text)
    assert fields["fix:community_by_unit.0"] == "9" and fields["fix:date"] == "2021-11-09"
    fields["fix:community_by_unit.0"] = "10"  # a person's correction
    stored = client.post("/bulletins/store", data=fields)
    assert stored.status_code == 200, stored.text
    assert 'data-testid="stored">Đã lưu: city_daily:1:2021-11-09' in stored.text
    # The correction by its field's label and item, not the reader's key.
    assert ('<div data-path="community_by_unit.0">Ca cộng đồng theo địa phương #1: 9 → 10</div>'
            in stored.text)
    [entry] = _audits(session)
    assert entry["corrected"] == {"community_by_unit.0": [9, 10]}
    session.expire_all()
    assert session.scalar(select(AggregateDay.community).where(
        AggregateDay.district_code == 8, AggregateDay.valid_to.is_(None))) == 10


def test_review_page_upload_and_needs_review(signed_in, session):
    client = signed_in("province", "Đà Nẵng")
    form = client.get("/bulletins/review")
    page = client.post("/bulletins/review", data={"csrf_token": _csrf(form.text), "year": "2021"},
                       files={"file": ("danang.txt", DANANG.read_bytes(), "text/plain")})
    assert page.status_code == 200 and "Cần xem lại" in page.text
    assert 'data-check="community_plus_quarantine">cộng đồng + cách ly = số ca mới<' in page.text
    fields = _fields(page.text)
    refused = client.post("/bulletins/store", data=fields)
    assert refused.status_code == 409
    # The refusal in the page's language, the failed check by its label (was the API's English
    # sentence naming community_plus_quarantine).
    assert ("cần xem lại kết quả đọc: có kiểm tra không đạt (cộng đồng + cách ly = số ca mới); "
            "hãy sửa một trường, hoặc xác nhận dù có kiểm tra không đạt") in refused.text
    assert "the reading needs review" not in refused.text
    assert _submissions(session) == 0
    stored = client.post("/bulletins/store", data={**fields, "confirm": "yes"})
    assert stored.status_code == 200 and "Đã lưu dù kiểm tra không đạt" in stored.text
    assert ('<span data-check="community_plus_quarantine">cộng đồng + cách ly = số ca mới</span>'
            in stored.text)
    [entry] = _audits(session)
    assert entry["confirmed_despite_failed_checks"] is True


def test_review_page_refuses_a_form_without_csrf_and_an_empty_text(signed_in):
    client = signed_in("province")
    assert client.post("/bulletins/review", data={"text": "x"}).status_code == 403
    form = client.get("/bulletins/review")
    empty = client.post("/bulletins/review", data={"csrf_token": _csrf(form.text), "text": " "})
    assert empty.status_code == 422 and "Hãy dán bản tin" in empty.text


def test_store_publishes_the_listed_places_as_exposure_notices(client_as, anonymous, session):
    from episurv.exposures.models import ExposureNotice

    client = client_as("province")
    text = _text(CORPUS / "05-hanoi-exposures.txt")
    out = client.post("/api/v1/bulletins/store", json={"text": text, "confirm": True}).json()
    assert len(out["exposure_notices"]) == 4
    notices = session.scalars(select(ExposureNotice).order_by(ExposureNotice.id)).all()
    assert [(n.place, n.address, n.district_code, n.day.isoformat(),
             n.start_time.strftime("%H:%M")) for n in notices] == [
        ("chợ Hôm", "phố Huế", 7, "2021-11-09", "08:30"),
        ("siêu thị Thành Công", "12 Lê Văn Lương", 9, "2021-11-09", "15:00"),
        ("quán phở 25 phố Kim Liên", None, 6, "2021-11-10", "07:20"),
        ("nhà hàng Sen", "60 Láng Hạ", 6, "2021-11-10", "19:15")]
    # Storing the same bulletin again publishes nothing twice.
    again = client.post("/api/v1/bulletins/store", json={"text": text, "confirm": True}).json()
    assert again["exposure_notices"] == []
    public = anonymous.get("/api/v1/public/exposures",
                           params={"province": "Hà Nội", "since": "2021-11-01"})
    assert public.status_code == 200 and "chợ Hôm" in public.text
