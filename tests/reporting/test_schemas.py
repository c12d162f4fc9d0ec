"""The report schemas describe the JSON exactly: the CLI's output validates against them (no
unknown key, no missing one) and dumps back to the same JSON; the API publishes them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from episurv.cli import app
from episurv.reporting.schemas import DailyReport, NationalReport
from episurv.setup import build_demo


def _cli_json(args: list[str]) -> dict:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_reports_validate_against_their_schemas(db):
    build_demo(600, 5, url=db)
    daily = _cli_json(["report", "daily", "--province", "Hà Nội", "--date", "2021-11-07",
                       "--format", "json"])
    assert DailyReport.model_validate(daily).model_dump(mode="json") == daily
    national = _cli_json(["report", "national", "--date", "2021-11-07", "--format", "json"])
    assert NationalReport.model_validate(national).model_dump(mode="json") == national
    assert national["by_province"][0]["province"] == "Hà Nội"


def test_the_api_publishes_the_report_schemas(anonymous):
    spec = anonymous.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"DailyReport", "NationalReport", "ProvinceFigures"} <= set(schemas)
    daily = spec["paths"]["/api/v1/reports/daily"]["get"]["responses"]["200"]
    assert daily["content"]["application/json"]["schema"]["$ref"].endswith("/DailyReport")
