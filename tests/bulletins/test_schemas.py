"""The reading's JSON against its published schema: the CLI's JSON of every text validates, and
the API publishes the schema as the response of POST /api/v1/bulletins/parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from episurv.bulletins.schemas import BulletinReading
from episurv.cli.parse import app

from .shared_texts import shared_path

CORPUS = Path(__file__).parent / "corpus"
REAL = shared_path("reference", "real")


def _cli_json(files: list[Path]) -> list[dict]:
    out = CliRunner().invoke(app, ["bulletin", *map(str, files), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.output.splitlines()]


def test_cli_json_of_every_text_validates():
    files = sorted(CORPUS.glob("*.txt")) + sorted(REAL.glob("*.txt"))
    readings = _cli_json(files)
    assert len(readings) == len(files) >= 100
    for reading in readings:
        model = BulletinReading.model_validate(reading)
        # Nothing is lost: the model gives back the same JSON.
        assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == reading


def test_by_unit_entry_carries_written_name_code_and_count():
    (reading,) = _cli_json([REAL / "r002.txt"])
    model = BulletinReading.model_validate(reading)
    hcm = model.by_unit[3]
    assert (hcm.written, hcm.unit, hcm.code, hcm.new_cases) == (
        "TP. Hồ Chí Minh", "Hồ Chí Minh", 79, 915)
    assert model.deaths_by_unit[0].of_which.count == 10


def test_an_unknown_key_fails_validation():
    (reading,) = _cli_json([CORPUS / "01-hanoi-daily.txt"])
    with pytest.raises(ValidationError, match="new_case"):
        BulletinReading.model_validate({**reading, "new_case": 3})


def test_openapi_publishes_the_reading(anonymous):
    spec = anonymous.get("/api/openapi.json").json()
    op = spec["paths"]["/api/v1/bulletins/parse"]["post"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/BulletinReading")
    props = spec["components"]["schemas"]["BulletinReading"]["properties"]
    assert {"by_unit", "deaths_by_unit", "running_totals", "status"} <= set(props)
