"""`episurv stations ...` end to end on a real database: the same JSON as the API, bad input
named with exit code 2 and nothing written."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.cli import app
from episurv.db import session_scope
from episurv.homecare.models import CheckIn, Station

run = CliRunner().invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_station_day_from_the_command_line(db, client_as, tmp_path):
    s = _json(run(app, ["stations", "add", "Trạm lưu động Cống Vị 2", "--district", "Ba Đình",
                        "--ward", "Cống Vị", "--capacity", "60"]))
    assert (s["wards"], s["capacity"], s["f0_at_home"]) == (["Phường Cống Vị"], 60, 0)
    sid = str(s["id"])
    h = _json(run(app, ["stations", "household", sid, "T1-01", "--ward", "Cống Vị"]))
    p = _json(run(app, ["stations", "person", sid, str(h["id"]), "Phạm Thị Dung", "--role", "F0",
                        "--birth-year", "1950", "--flag", "chronic"]))
    assert p["attention"] == ["chronic", "65+", "unvaccinated"]
    pid = str(p["id"])
    a = _json(run(app, ["stations", "assess", sid, pid, "--date", "2021-11-15", "--positive-on",
                        "2021-11-15", "--confirmed-by", "pcr", "--symptoms", "mild",
                        "--resp-rate", "18", "--spo2", "98", "--no-abnormal-breathing",
                        "--underlying", "stable", "--no-listed-disease", "--self-care"]))
    # 4038/QĐ-BYT: 71 years old and unvaccinated -> not for home care.
    assert a["eligible"] is False and a["care_status"] == "transfer"
    assert [c["name"] for c in a["criteria"] if not c["met"]] == ["vaccine_or_age"]
    a = _json(run(app, ["stations", "assess", sid, pid, "--date", "2022-02-01", "--positive-on",
                        "2022-02-01", "--confirmed-by", "pcr", "--symptoms", "mild",
                        "--resp-rate", "18", "--spo2", "98", "--no-abnormal-breathing",
                        "--underlying", "stable", "--no-listed-disease", "--self-care"]))
    assert a["eligible"] is True and a["policy"] == "261/QĐ-BYT"
    qr = tmp_path / "qr.svg"
    link = _json(run(app, ["stations", "link", sid, pid, "--qr", str(qr)]))["link"]
    assert link.startswith("http://127.0.0.1:8000/c/1#") and qr.read_text().startswith("<?xml")
    c = _json(run(app, ["stations", "checkin", sid, pid, "--at", "2022-02-02T08:10",
                        "--spo2", "95", "--spo2-recheck", "95", "--resp-rate", "22"]))
    assert c["colour"] == "red"
    assert c["reasons"] == ["respiratory rate 22/min ≥ 20", "SpO2 95% ≤ 96% (re-measured)"]
    work = _json(run(app, ["stations", "worklist", sid, "--format", "json"]))
    api = client_as("admin").get(f"/api/v1/stations/{sid}/worklist").json()
    assert work == api and work["items"][0]["tags"] == ["red"]

    bad = run(app, ["stations", "checkin", sid, pid, "--at", "2022-02-02T16:00", "--spo2", "101"])
    assert bad.exit_code == 2 and "spo2" in bad.output
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 1
    refused = run(app, ["stations", "dispense", sid, pid, "--date", "2022-02-02", "--package",
                        "C"])
    assert refused.exit_code == 2 and "package C needs a doctor's order" in refused.output
    given = _json(run(app, ["stations", "dispense", sid, pid, "--date", "2022-02-02",
                            "--package", "B", "--doctor-order", "BS Hà 02/02"]))
    assert (given["package"], given["doctor_order"]) == ("B", "BS Hà 02/02")


def test_bad_ward_is_named_and_nothing_is_written(db):
    result = run(app, ["stations", "add", "Trạm X", "--district", "Ba Đình", "--ward",
                       "Không Có"])
    assert result.exit_code == 2 and "Không Có" in result.output
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(Station)) == 0
