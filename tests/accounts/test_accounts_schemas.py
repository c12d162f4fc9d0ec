"""The accounts' schemas describe the JSON of `episurv users list` and `episurv tokens list`
exactly (no unknown key, no missing one), and the tables print the same rows."""

from __future__ import annotations

import json

from pydantic import TypeAdapter
from typer.testing import CliRunner

from episurv.accounts.schemas import AccountOut, TokenOut
from episurv.cli import app

run = CliRunner().invoke


def _json(schema, args: list[str]):
    result = run(app, args)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    adapter = TypeAdapter(schema)
    assert adapter.dump_python(adapter.validate_python(printed), mode="json") == printed
    return printed


def test_accounts_and_tokens_print_their_schemas(db):
    assert run(app, ["users", "add", "--email", "tram@x.vn", "--role", "station", "--unit",
                     "Hà Nội", "--district", "Ba Đình", "--ward", "Cống Vị"]).exit_code == 0
    assert run(app, ["users", "add", "--email", "bo@x.vn", "--role", "national"]).exit_code == 0
    assert run(app, ["tokens", "create", "--email", "tram@x.vn", "--name", "phone app",
                     "--days", "30"]).exit_code == 0
    assert run(app, ["users", "disable", "--email", "bo@x.vn"]).exit_code == 0
    users = _json(list[AccountOut], ["users", "list", "--format", "json"])
    assert users == [
        {"email": "bo@x.vn", "role": "national", "unit": "Việt Nam", "wards": [],
         "active": False},
        {"email": "tram@x.vn", "role": "station", "unit": "Hà Nội / Ba Đình",
         "wards": ["Cống Vị"], "active": True}]
    tokens = _json(list[TokenOut], ["tokens", "list", "--format", "json"])
    assert [(t["email"], t["name"], t["last_used_at"], t["state"]) for t in tokens] == [
        ("tram@x.vn", "phone app", None, "valid")]
    table = run(app, ["tokens", "list"])
    assert table.exit_code == 0 and "phone app" in table.stdout and "never" in table.stdout
    table = run(app, ["users", "list"])
    assert table.exit_code == 0 and "tram@x.vn" in table.stdout and "Cống Vị" in table.stdout
