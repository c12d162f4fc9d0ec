"""The API of care at home, signed in as a station nurse, and the personal link without sign-in:
a resend is stored once, the limits answer 429, nothing personal is answered."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select

from episurv.core.time import LOCAL
from episurv.homecare.models import CheckIn

NURSE = ("station", "Hà Nội", "Ba Đình", ["Cống Vị"])


def _today_f0(client):
    """A station, a household and an F0 whose isolation began yesterday (so the link is
    valid now); returns (station id, person id, link)."""
    yesterday = (datetime.now(LOCAL) - timedelta(days=1)).date().isoformat()
    sid = client.post("/api/v1/stations", json={
        "name": "Trạm lưu động số 3", "kind": "mobile", "district": "Ba Đình",
        "wards": ["Cống Vị"], "capacity": 60}).json()["id"]
    hid = client.post(f"/api/v1/stations/{sid}/households", json={
        "code": "T3-07", "ward": "Cống Vị", "address": "7 ngõ 3", "phone": "0912345678"}
        ).json()["id"]
    pid = client.post(f"/api/v1/stations/{sid}/households/{hid}/people", json={
        "name": "Lê Văn Cường", "role": "F0", "birth_year": 1990, "vaccine_doses": 2}).json()["id"]
    a = client.post(f"/api/v1/stations/{sid}/people/{pid}/assessments", json={
        "date": yesterday, "positive_on": yesterday, "confirmed_by": "rapid", "symptoms": "mild",
        "resp_rate": 18, "spo2": 98, "abnormal_breathing": False, "underlying": "none",
        "listed_disease": False, "self_care": True})
    assert a.status_code == 200, a.text
    assert a.json()["policy"] == "261/QĐ-BYT"
    return sid, pid, a.json()["link"]


def test_a_district_creates_a_station_and_a_nurse_works_it(client_as, session):
    district = client_as("district", "Hà Nội", "Ba Đình")
    sid, pid, link = _today_f0(district)
    nurse = client_as(*NURSE)
    assert [s["name"] for s in nurse.get("/api/v1/stations").json()] == ["Trạm lưu động số 3"]
    now = datetime.now(LOCAL).replace(microsecond=0)
    body = {"person_id": pid, "province_code": 1, "client_id": str(uuid.uuid4()),
            "measured_at": now.isoformat(), "spo2": 95, "pulse": 90}
    first = nurse.post("/api/v1/checkins", json=body)
    assert first.status_code == 201 and first.json()["colour"] == "red"
    assert nurse.post("/api/v1/checkins", json=body).status_code == 200
    work = nurse.get(f"/api/v1/stations/{sid}/worklist").json()
    assert work["items"][0]["tags"][0] == "red" and work["counts"]["red"] == 1
    other = client_as("station", "Hà Nội", "Ba Đình", ["Điện Biên"])
    assert other.get(f"/api/v1/stations/{sid}/worklist").status_code == 404
    assert other.post("/api/v1/checkins", json=body | {"client_id": str(uuid.uuid4())}
                      ).status_code == 404
    viewer = client_as("viewer")
    assert viewer.post(f"/api/v1/stations/{sid}/log", json={
        "date": "2021-11-20", "task": "tests", "count": 3}).status_code == 403


def test_the_personal_link_stores_a_resend_once_and_says_nothing_personal(client_as,
                                                                         anonymous, session):
    sid, pid, link = _today_f0(client_as("district", "Hà Nội", "Ba Đình"))
    path, token = link.split("#")
    assert path == "/c/1"
    page = anonymous.get(link)  # as a browser: the fragment is not sent
    assert page.status_code == 200 and "Lê Văn Cường" not in page.text
    assert "7 ngõ 3" not in page.text and "0912345678" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    url, mine = "/api/v1/public/checkins/1", {"X-Checkin-Token": token}
    assert anonymous.get(url, headers=mine).json() == {"valid": True}
    assert anonymous.get(url, headers={"X-Checkin-Token": token + "x"}).status_code == 404
    body = {"client_id": str(uuid.uuid4()), "measured_at": datetime.now(LOCAL).isoformat(),
            "spo2": 97, "symptoms": ["cough"]}
    sent = anonymous.post(url, json=body, headers=mine)
    assert sent.status_code == 201
    assert sent.json() == {"client_id": body["client_id"], "colour": "yellow",
                           "reasons": ["SpO2 97%"], "reasons_text": ["SpO2 97%"],
                           "duplicate": False}
    assert anonymous.post(url, json=body, headers=mine).status_code == 200
    # A page opened before the token left the address sends to the old one: stored once.
    assert anonymous.post(f"{url}/{token}", json=body).status_code == 200
    assert session.scalar(select(func.count()).select_from(CheckIn)) == 1
    bad = anonymous.post(url, json=body | {"client_id": str(uuid.uuid4()), "spo2": 101},
                         headers=mine)
    assert bad.status_code == 422 and "spo2" in bad.text
    assert anonymous.post(url, json=body, headers={"X-Checkin-Token": token + "x"}
                          ).status_code == 404
    missing = anonymous.post(url, json=body)
    assert missing.status_code == 422 and "X-Checkin-Token" in missing.text
    # A printed link of that time opens the same form, the token moved to the fragment.
    old = anonymous.get(f"/c/1/{token}", follow_redirects=False)
    assert (old.status_code, old.headers["location"]) == (303, link)


def test_the_personal_link_is_rate_limited(client_as, anonymous, monkeypatch):
    monkeypatch.setenv("EPISURV_CHECKINS_PER_TOKEN_HOUR", "3")
    _sid, _pid, link = _today_f0(client_as("district", "Hà Nội", "Ba Đình"))
    token = link.split("#")[1]
    url = "/api/v1/public/checkins/1"
    codes = [anonymous.post(url, json={"client_id": str(uuid.uuid4()), "spo2": 98,
                                       "measured_at": datetime.now(LOCAL).isoformat()},
                            headers={"X-Checkin-Token": token}).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    monkeypatch.setenv("EPISURV_CHECKINS_PER_ADDRESS_MINUTE", "2")
    guesses = [anonymous.post(url, json={
        "spo2": 98, "measured_at": datetime.now(LOCAL).isoformat()},
        headers={"X-Checkin-Token": f"guess{i}"}).status_code for i in range(3)]
    assert guesses == [404, 404, 429]
