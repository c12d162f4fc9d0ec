"""The schemas of care at home describe the JSON exactly: what `episurv stations ...` prints
validates against them (no unknown key, no missing one) and dumps back to the same JSON; the
personal link's answers publish nothing about the person."""

from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError
from typer.testing import CliRunner

from episurv.cli import app
from episurv.homecare.schemas import (
    AlertResolution,
    CheckInStored,
    DispensingOut,
    HouseholdMembers,
    HouseholdOut,
    IntakeResult,
    PersonalLink,
    PersonAtHome,
    PersonDetail,
    PublicCheckIn,
    RapidTestOut,
    ReleaseCertificate,
    StationActivity,
    StationLogEntry,
    StationSummary,
    Worklist,
)

INTAKE = ["--confirmed-by", "pcr", "--symptoms", "mild", "--resp-rate", "18", "--spo2", "98",
          "--no-abnormal-breathing", "--underlying", "none", "--no-listed-disease",
          "--self-care"]


def _cli(schema, args: list[str]):
    """The command's JSON, checked to be exactly `schema` (a model or a list of one)."""
    result = CliRunner().invoke(app, ["stations", *args])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    adapter = TypeAdapter(schema)
    assert adapter.dump_python(adapter.validate_python(printed), mode="json",
                               by_alias=True) == printed
    return printed


def test_the_stations_commands_print_their_schemas(db):
    s = _cli(StationSummary, ["add", "Trạm lưu động Cống Vị 2", "--district", "Ba Đình",
                              "--ward", "Cống Vị", "--capacity", "60"])
    assert (s["wards"], s["capacity"], s["f0_at_home"], s["staff"]) == (
        ["Phường Cống Vị"], 60, 0, [])
    sid = str(s["id"])
    log = _cli(StationLogEntry, ["log", sid, "--date", "2022-02-02", "--task", "tests",
                                 "--count", "3"])
    assert (log["date"], log["task"], log["count"], log["note"]) == ("2022-02-02", "tests", 3,
                                                                     None)
    assert _cli(StationActivity, ["activity", sid, "--until", "2022-02-05"]) == {
        "2022-02-02": {"tests": 3}}
    h = _cli(HouseholdOut, ["household", sid, "T1-01", "--ward", "Cống Vị", "--address",
                            "1 ngõ 1"])
    assert (h["ward"], h["address"], h["phone"]) == ("Phường Cống Vị", "1 ngõ 1", None)
    p = _cli(PersonAtHome, ["person", sid, str(h["id"]), "Phạm Thị Dung", "--role", "F0",
                            "--birth-year", "1980", "--vaccine-doses", "2"])
    assert (p["care_status"], p["attention"], p["last_colour"]) == ("none", [], None)
    pid = str(p["id"])
    intake = _cli(IntakeResult, ["assess", sid, pid, "--date", "2022-02-01", "--positive-on",
                                 "2022-02-01", *INTAKE])
    assert (intake["policy"], intake["eligible"], intake["care_status"]) == (
        "261/QĐ-BYT", True, "home")
    assert intake["link"].startswith("/c/1#")
    link = _cli(PersonalLink, ["link", sid, pid])
    assert link["link"].startswith("http://127.0.0.1:8000/c/1#")
    red = _cli(CheckInStored, ["checkin", sid, pid, "--at", "2022-02-02T08:10", "--spo2", "95",
                               "--spo2-recheck", "95", "--resp-rate", "22"])
    assert (red["colour"], red["source"], red["duplicate"]) == ("red", "staff", False)
    assert red["measured_at"] == "2022-02-02T01:10:00+00:00"  # 08:10 in Hà Nội, stored in UTC
    work = _cli(Worklist, ["worklist", sid, "--at", "2022-02-02T09:00", "--format", "json"])
    assert work["counts"] == {"red": 1, "missed": 0, "yellow": 0, "checkin_due": 0,
                              "test_due": 0, "release_due": 0}
    alert = work["items"][0]["alerts"][0]
    # The text form reads the same model.
    text = CliRunner().invoke(app, ["stations", "worklist", sid, "--at", "2022-02-02T09:00"])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines() == [
        "Trạm lưu động Cống Vị 2 at 2022-02-02T09:00:00+07:00: red 1, missed 0, yellow 0, "
        "checkin_due 0, test_due 0, release_due 0",
        f"{pid:>6}  Phạm Thị Dung    red  (respiratory rate 22/min ≥ 20; SpO2 95% ≤ 96% "
        "(re-measured))"]
    assert alert["reasons"] == ["respiratory rate 22/min ≥ 20", "SpO2 95% ≤ 96% (re-measured)"]
    done = _cli(AlertResolution, ["resolve", sid, str(alert["id"]), "--resolution", "called",
                                  "--note", "đã gọi"])
    assert done["resolution"] == "called: đã gọi"
    given = _cli(DispensingOut, ["dispense", sid, pid, "--date", "2022-02-02", "--package",
                                 "A"])
    assert (given["package"], given["doctor_order"]) == ("A", None)
    test = _cli(RapidTestOut, ["test", sid, pid, "--date", "2022-02-10", "--result",
                               "negative"])
    assert (test["date"], test["result"], test["supervised"]) == ("2022-02-10", "negative",
                                                                  True)
    shown = _cli(PersonDetail, ["show", sid, pid])
    assert [len(shown[k]) for k in ("assessments", "checkins", "tests", "medicine",
                                    "open_alerts")] == [1, 1, 1, 1, 0]
    assert shown["household"]["code"] == "T1-01" and shown["released"] is False
    cert = _cli(ReleaseCertificate, ["release", sid, pid, "--date", "2022-02-10"])
    assert (cert["name"], cert["care_start"], cert["release_date"]) == (
        "Phạm Thị Dung", "2022-02-01", "2022-02-10")
    homes = _cli(list[HouseholdMembers], ["households", sid, "--date", "2022-02-10"])
    assert [m["care_status"] for m in homes[0]["members"]] == ["released"]
    second = _cli(PersonAtHome, ["person", sid, str(h["id"]), "Phạm Văn Em", "--role", "F0",
                                 "--birth-year", "1975", "--vaccine-doses", "2"])
    _cli(IntakeResult, ["assess", sid, str(second["id"]), "--date", "2022-02-03",
                        "--positive-on", "2022-02-03", *INTAKE])
    ended = _cli(PersonAtHome, ["outcome", sid, str(second["id"]), "--date", "2022-02-04",
                                "--outcome", "transferred"])
    assert (ended["care_status"], ended["care_end"]) == ("transferred", "2022-02-04")
    listed = _cli(list[StationSummary], ["list", "--format", "json"])
    assert [(x["name"], x["f0_at_home"]) for x in listed] == [("Trạm lưu động Cống Vị 2", 0)]
    text = CliRunner().invoke(app, ["stations", "list"])
    assert text.stdout == (f"{sid:>4}  Trạm lưu động Cống Vị 2  (mobile, Phường Cống Vị)  "
                           "F0 at home 0/60\n")


def test_a_field_left_out_of_a_schema_is_refused():
    answer = {"client_id": "8c4a1f3e-4a56-4c2e-9f0b-2f8a5d7e9b10", "colour": "green",
              "reasons": [], "duplicate": False, "reasons_text": []}
    assert PublicCheckIn.model_validate(answer).model_dump() == answer
    with pytest.raises(ValidationError, match="name"):
        PublicCheckIn.model_validate(answer | {"name": "Phạm Thị Dung"})


def test_the_personal_links_answers_publish_nothing_personal(anonymous):
    """What the page of the personal link is answered, as published: the link's validity, and
    a check-in's colour and reasons; never a name, phone, address or measurement."""
    spec = anonymous.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    ops = spec["paths"]["/api/v1/public/checkins/{province_code}"]
    refs = {method: op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            for method, code, op in (("get", "200", ops["get"]), ("post", "201", ops["post"]))}
    assert refs == {"get": "#/components/schemas/LinkStatus",
                    "post": "#/components/schemas/PublicCheckIn"}
    assert set(schemas["LinkStatus"]["properties"]) == {"valid"}
    assert set(schemas["PublicCheckIn"]["properties"]) == {
        "client_id", "colour", "reasons", "duplicate", "reasons_text"}
    assert schemas["PublicCheckIn"]["additionalProperties"] is False
