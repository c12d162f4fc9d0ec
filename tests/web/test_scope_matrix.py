"""Every role against every route that returns personal data: each sees exactly its
jurisdiction; outside it a record is 404 (never 403); without a credential 401."""

from __future__ import annotations

import pytest

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.web.app import create_app

LINES = """case_id,report_date,province,district,ward,name,phone
HN-BD-CV,2021-11-07,Hà Nội,Ba Đình,Cống Vị,Nguyễn Văn Thử,0900000001
HN-BD,2021-11-07,Hà Nội,Ba Đình,Kim Mã,Trần Thị Mẫu,0900000002
HN-TX,2021-11-07,Hà Nội,Thanh Xuân,,Lê Văn Thí,0900000003
HP-LC,2021-11-07,Hải Phòng,Lê Chân,,Phạm Thị Nghiệm,0900000004
"""
ALL = {"HN-BD-CV", "HN-BD", "HN-TX", "HP-LC"}
# role, unit, district, wards -> the cases it may see
ROLES = [
    ("admin", None, None, None, ALL),
    ("national", None, None, None, ALL),
    ("province", "Hà Nội", None, None, {"HN-BD-CV", "HN-BD", "HN-TX"}),
    ("province", "Hải Phòng", None, None, {"HP-LC"}),
    ("district", "Hà Nội", "Ba Đình", None, {"HN-BD-CV", "HN-BD"}),
    ("station", "Hà Nội", "Ba Đình", ["Cống Vị"], {"HN-BD-CV"}),
    ("viewer", "Hà Nội", None, None, {"HN-BD-CV", "HN-BD", "HN-TX"}),
]
# Routes that return or change personal data; any new route must be classified below.
PERSONAL = {("GET", "/api/v1/cases"), ("POST", "/api/v1/cases"),
            ("GET", "/api/v1/cases/{case_id}"), ("PATCH", "/api/v1/cases/{case_id}"),
            ("GET", "/api/v1/cases/{case_id}/history"),
            # Outbreak investigation (tests/contacts/test_contacts_api.py covers their scope).
            ("GET", "/api/v1/cases/{case_id}/chain"), ("POST", "/api/v1/cases/{case_id}/visits")}
PUBLIC = {("GET", "/api/v1/reports/daily"), ("GET", "/api/v1/reports/daily/as-published")}
# The one answer that says a code exists in several provinces: for accounts that see them all.
NATIONAL_ONLY = {("GET", "/api/v1/cases/duplicates")}


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINES))
    session.commit()


def test_every_api_route_is_classified():
    paths = create_app().openapi()["paths"]
    routes = {(method.upper(), path) for path, ops in paths.items() for method in ops}
    core = {r for r in routes if r[1].startswith(("/api/v1/cases", "/api/v1/reports/daily"))}
    assert core == PERSONAL | PUBLIC | NATIONAL_ONLY


@pytest.mark.parametrize("role,unit,district,wards,visible", ROLES,
                         ids=[f"{r[0]}-{r[1] or 'VN'}-{r[2] or ''}" for r in ROLES])
def test_only_national_accounts_list_codes_shared_by_provinces(client_as, loaded, role, unit,
                                                                district, wards, visible):
    answer = client_as(role, unit, district, wards).get("/api/v1/cases/duplicates")
    assert answer.status_code == (200 if visible == ALL else 403)
    if visible == ALL:
        assert answer.json() == []  # no code of LINES is used by two provinces


@pytest.mark.parametrize("role,unit,district,wards,visible", ROLES,
                         ids=[f"{r[0]}-{r[1] or 'VN'}-{r[2] or ''}" for r in ROLES])
def test_role_sees_exactly_its_jurisdiction(client_as, loaded, role, unit, district, wards,
                                            visible):
    client = client_as(role, unit, district, wards)
    listed = {c["case_id"] for c in client.get("/api/v1/cases",
                                               params={"limit": 100}).json()["items"]}
    assert listed == visible
    for case_id in sorted(ALL):
        expected = 200 if case_id in visible else 404
        assert client.get(f"/api/v1/cases/{case_id}").status_code == expected, case_id
        assert client.get(f"/api/v1/cases/{case_id}/history").status_code == expected
        patch = client.patch(f"/api/v1/cases/{case_id}", json={"age": 30, "version": 1})
        if case_id not in visible:
            assert patch.status_code == 404
        else:
            assert patch.status_code == (403 if role == "viewer" else 200), patch.text


@pytest.mark.parametrize("role,unit,district,wards,visible", ROLES,
                         ids=[f"{r[0]}-{r[1] or 'VN'}-{r[2] or ''}" for r in ROLES])
def test_role_can_only_create_inside_its_jurisdiction(client_as, loaded, role, unit, district,
                                                      wards, visible):
    client = client_as(role, unit, district, wards)
    inside = {"report_date": "2021-11-08", "province": "Hà Nội", "district": "Ba Đình",
              "ward": "Cống Vị"}
    outside = {"report_date": "2021-11-08", "province": "Hải Phòng", "district": "Lê Chân"}
    can_inside = role != "viewer" and "HN-BD-CV" in visible
    can_outside = role != "viewer" and "HP-LC" in visible
    assert client.post("/api/v1/cases", json=inside).status_code == (
        201 if can_inside else 403 if role == "viewer" else 422)
    assert client.post("/api/v1/cases", json=outside).status_code == (
        201 if can_outside else 403 if role == "viewer" else 422)


def test_no_credential_is_401_on_every_personal_route(anonymous, loaded):
    for method, path in sorted(PERSONAL):
        url = path.replace("{case_id}", "HN-TX")
        response = anonymous.request(method, url, json={} if method in ("POST", "PATCH")
                                     else None)
        assert response.status_code == 401, (method, url)
