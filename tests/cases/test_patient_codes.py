"""Patient codes are issued per province (hardening issue, item 3): no answer tells whether a
code exists in another province; the same code in two provinces is two records, and national
accounts get the list of such codes to resolve."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.schemas import SharedCode
from episurv.cli import app

HANOI = ("case_id,report_date,province,district,age,sex\n"
         "BN1,2021-11-05,Hà Nội,Cầu Giấy,34,F\n"
         "BN2,2021-11-05,Hà Nội,Đống Đa,51,M\n")


def _new(client, code, province="Bắc Ninh", district="Từ Sơn"):
    return client.post("/api/v1/cases", json={"case_id": code, "report_date": "2021-11-06",
                                              "province": province, "district": district,
                                              "age": 30, "sex": "M"})


def test_a_code_of_another_province_is_a_new_record_and_says_nothing(
        session, write_csv, client_as):
    import_cases(session, write_csv(HANOI), scope=SYSTEM)
    session.commit()
    bac_ninh = client_as("province", "Bắc Ninh")
    taken_elsewhere, unknown = _new(bac_ninh, "BN1"), _new(bac_ninh, "BN77")
    # The same answer for a code Hà Nội uses and one nobody uses.
    assert (taken_elsewhere.status_code, unknown.status_code) == (201, 201)
    assert taken_elsewhere.json()["province"] == "Bắc Ninh"
    assert taken_elsewhere.json().keys() == unknown.json().keys()
    # Inside its own province the code is taken.
    again = _new(bac_ninh, "BN1")
    assert again.status_code == 409 and "exists already" in again.json()["detail"]
    # Each province sees its own BN1 only.
    hanoi = client_as("province", "Hà Nội")
    assert hanoi.get("/api/v1/cases/BN1").json()["district"] == "Quận Cầu Giấy"
    assert bac_ninh.get("/api/v1/cases/BN1").json()["district"] == "Thành phố Từ Sơn"
    # Hà Nội's BN1 was created and read once by Hà Nội; Bắc Ninh's read is of its own BN1.
    assert [h["action"] for h in hanoi.get("/api/v1/cases/BN1/history").json()] == [
        "create", "read"]
    session.expire_all()
    assert sorted(session.execute(select(Case.province_code, Case.district_code).where(
        Case.case_id == "BN1")).all()) == [(1, 5), (27, 261)]


def test_an_import_of_a_code_used_elsewhere_adds_a_record_of_its_province(session, write_csv):
    import_cases(session, write_csv(HANOI), scope=SYSTEM)
    result = import_cases(session, write_csv("case_id,report_date,province,district\n"
                                             "BN2,2021-11-07,Bắc Ninh,Từ Sơn\n"), scope=SYSTEM)
    assert (result["new"], result["existing"]) == (1, 0)
    again = import_cases(session, write_csv(HANOI), scope=SYSTEM)
    assert (again["new"], again["existing"]) == (0, 2)  # Hà Nội's rows update Hà Nội's cases


def test_national_accounts_list_the_codes_used_by_several_provinces(
        session, write_csv, client_as):
    import_cases(session, write_csv(HANOI), scope=SYSTEM)
    import_cases(session, write_csv("case_id,report_date,province,district,age,sex\n"
                                    "BN1,2021-11-07,Bắc Ninh,Từ Sơn,34,F\n"), scope=SYSTEM)
    session.commit()
    expected = [{"case_id": "BN1", "records": [
        {"province": "Hà Nội", "province_code": 1, "district": "Cầu Giấy",
         "report_date": "2021-11-05", "onset_date": None, "age": 34, "sex": "F"},
        {"province": "Bắc Ninh", "province_code": 27, "district": "Từ Sơn",
         "report_date": "2021-11-07", "onset_date": None, "age": 34, "sex": "F"}]}]
    national = client_as("national", None)
    assert national.get("/api/v1/cases/duplicates").json() == expected
    assert client_as("province", "Hà Nội").get("/api/v1/cases/duplicates").status_code == 403
    # A national account names the province where a code is shared.
    assert national.get("/api/v1/cases/BN1", params={"province": "Bắc Ninh"}).json()[
        "report_date"] == "2021-11-07"
    cli = CliRunner().invoke(app, ["cases", "duplicates"])
    assert cli.exit_code == 0
    assert json.loads(cli.stdout) == expected
    assert [SharedCode.model_validate(c).model_dump() for c in expected] == expected
