"""The report schemas describe the JSON exactly: the CLI's output validates against them (no
unknown key, no missing one) and dumps back to the same JSON; the API publishes them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from episurv.cli import app
from episurv.clusters.schemas import ClusterDetail, ClusterSummary
from episurv.contacts.schemas import FollowupDay, TransmissionChain
from episurv.exposures.schemas import PublicExposures
from episurv.reporting.schemas import DailyReport, NationalReport


def _cli_json(args: list[str]) -> dict:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# The demo the web and browser tests share: one build for the group, under `--dist loadgroup`.
@pytest.mark.xdist_group("demo_700_5")
def test_cli_reports_validate_against_their_schemas(db, demo_builds):
    demo_builds(700, 5, db)
    daily = _cli_json(["report", "daily", "--province", "Hà Nội", "--date", "2021-11-07",
                       "--format", "json"])
    assert DailyReport.model_validate(daily).model_dump(mode="json") == daily
    national = _cli_json(["report", "national", "--date", "2021-11-07", "--format", "json"])
    assert NationalReport.model_validate(national).model_dump(mode="json") == national
    assert national["by_province"][0]["province"] == "Hà Nội"

    # The outbreak nouns, on the same demo: clusters, a cluster, the follow-up and a chain.
    clusters = _cli_json(["clusters", "list", "--date", "2021-11-07", "--format", "json"])
    assert len(clusters) > 3
    for row in clusters:
        assert ClusterSummary.model_validate(row).model_dump(mode="json") == row
    # The demo imports its cases with their clusters; a case moved by hand shows in the links.
    first = _cli_json(["clusters", "show", str(clusters[0]["id"]), "--date", "2021-11-07"])
    case_id = first["cases"][-1]["case_id"]
    moved = CliRunner().invoke(app, ["clusters", "link", str(clusters[1]["id"]), case_id,
                                     "--reason", "same workplace"])
    assert moved.exit_code == 0, moved.output
    detail = _cli_json(["clusters", "show", str(clusters[1]["id"]), "--date", "2021-11-07"])
    assert [(x["case_id"], x["reason"]) for x in detail["links"]] == [(case_id,
                                                                       "same workplace")]
    assert ClusterDetail.model_validate(detail).model_dump(mode="json", by_alias=True) == detail
    # The demo traces the contacts of its last two weeks: the first day someone is followed.
    followup = next(f for day in range(1, 30) if (f := _cli_json(
        ["contacts", "followup", "--date", f"2021-11-{day:02d}", "--format", "json"]))["items"])
    assert FollowupDay.model_validate(followup).model_dump(mode="json") == followup
    chain = _cli_json(["contacts", "chain", case_id])
    assert TransmissionChain.model_validate(chain).model_dump(mode="json") == chain
    notices = _cli_json(["exposures", "list", "--province", "Hà Nội", "--format", "json"])
    assert notices["notices"]
    assert PublicExposures.model_validate(notices).model_dump(mode="json") == notices


def test_the_api_publishes_the_report_schemas(anonymous):
    spec = anonymous.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"DailyReport", "NationalReport", "ProvinceFigures"} <= set(schemas)
    assert {"ClusterSummary", "ClusterDetail", "FollowupDay", "TransmissionChain",
            "PublicExposures", "PublishResult"} <= set(schemas)
    followup = spec["paths"]["/api/v1/followup"]["get"]["responses"]["200"]
    assert followup["content"]["application/json"]["schema"]["$ref"].endswith("/FollowupDay")
    daily = spec["paths"]["/api/v1/reports/daily"]["get"]["responses"]["200"]
    assert daily["content"]["application/json"]["schema"]["$ref"].endswith("/DailyReport")
