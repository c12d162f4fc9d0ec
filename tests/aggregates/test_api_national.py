"""The API twins of the CLI: aggregates POST/GET with scope, the national report (same JSON as
the CLI), OWID export, Rt from the database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aggregates.figures import csv_text
from episurv.accounts.scope import SYSTEM
from episurv.aggregates.importer import import_aggregates
from episurv.aggregates.schemas import AggregateDay, RtDay, Submission
from episurv.aggregates.series import OWID_COLUMNS
from episurv.cli import app as cli
from episurv.db import session_scope


@pytest.fixture
def loaded(db, write_csv):
    with session_scope(db) as s:
        import_aggregates(s, write_csv(csv_text(), "figures.csv"), scope=SYSTEM)


def test_a_province_submits_its_own_figures_only(db, client_as):
    hanoi = client_as("province", "Hà Nội")
    body = {"date": "2021-11-07", "province": "Hà Nội",
            "figures": {"new_cases": 12, "community": 5, "quarantine": 7}}
    answer = hanoi.post("/api/v1/aggregates", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"figures": 3, "new": 3, "corrected": 0, "unchanged": 0,
                             "days_rebuilt": 1}
    fix = hanoi.post("/api/v1/aggregates", json={**body, "figures": {"new_cases": 13},
                                                 "note": "one late case"})
    assert fix.json()["corrected"] == 1
    trail = hanoi.get("/api/v1/aggregates/history", params={
        "province": "Hà Nội", "date": "2021-11-07", "measure": "new_cases"}).json()
    assert [(h["value"], h["status"]) for h in trail] == [(12, "replaced"), (13, "in force")]
    assert trail[1]["submitted_by"] == hanoi.email and trail[1]["note"] == "one late case"
    assert [Submission.model_validate(h).model_dump() for h in trail] == trail
    other = hanoi.post("/api/v1/aggregates", json={**body, "province": "TP HCM"})
    assert other.status_code == 403
    wrong = hanoi.post("/api/v1/aggregates", json={**body, "figures": {"new_cases": 3,
                                                                       "community": 5}})
    assert wrong.status_code == 422
    assert wrong.json()["problems"][0]["field"] == "new_cases"
    typo = hanoi.post("/api/v1/aggregates", json={**body, "figures": {"new_case": 3}})
    assert typo.status_code == 422
    listed = hanoi.get("/api/v1/aggregates").json()
    assert [(r["unit"], r["new_cases"], r["community"]) for r in listed] == [("Hà Nội", 13, 5)]
    # Every stored measure is a key; those not sent are null.
    assert AggregateDay.model_validate(listed[0]).model_dump() == listed[0]
    assert (listed[0]["district_code"], listed[0]["quarantine"], listed[0]["deaths"]) == (
        None, 7, None)


def test_national_report_api_returns_the_cli_json(loaded, client_as):
    api = client_as("national").get("/api/v1/reports/national", params={"date": "2021-11-07"})
    assert api.status_code == 200, api.text
    out = CliRunner().invoke(cli, ["report", "national", "--date", "2021-11-07", "--format",
                                   "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == api.json()
    assert api.json()["domestic"] == 210


def test_owid_export_and_rt(loaded, client_as):
    client = client_as("national")
    owid = client.get("/api/v1/exports/owid", params={"date": "2021-11-07"})
    assert owid.headers["content-type"] == "text/csv; charset=utf-8"
    lines = owid.text.splitlines()
    assert lines[0].split(",") == list(OWID_COLUMNS)
    assert lines[-1].startswith("VNM,Vietnam,2021-11-07,2650.0,215.0,")
    cli_out = CliRunner().invoke(cli, ["export", "owid", "--date", "2021-11-07"])
    assert cli_out.stdout == owid.text
    rt = client.get("/api/v1/analytics/rt", params={"by": "nation", "date": "2021-11-07"})
    rows = rt.json()
    assert len(rows) == 16 and rows[-1]["region"] == "Việt Nam"
    assert rows[-1]["q025"] < rows[-1]["mean"] < rows[-1]["q975"]
    assert [RtDay.model_validate(r).model_dump() for r in rows] == rows
    cli_rt = CliRunner().invoke(cli, ["analytics", "rt", "--by", "nation", "--date",
                                      "2021-11-07"])
    assert cli_rt.exit_code == 0 and cli_rt.stdout.splitlines()[-1].startswith(
        "Việt Nam,2021-11-07,")
