"""What a new user meets first on the command line (issue 11): a database that `episurv init`
never set up is one line saying to run it, from every command, and a day is typed the way the
line list takes it."""

from __future__ import annotations

import json

import pytest
from pg_for_tests import blank_database
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from episurv.cli import app

runner = CliRunner()

# A command of each noun that reads the database first, and one that writes.
COMMANDS = [
    ["units", "list"],
    ["report", "daily", "--province", "Hà Nội"],
    ["report", "national"],
    ["cases", "duplicates"],
    ["clusters", "list"],
    ["contacts", "followup"],
    ["exposures", "list", "--province", "Hà Nội"],
    ["levels", "--province", "Hà Nội"],
    ["stations", "list"],
    ["users", "list"],
    ["audit", "verify"],
    ["export", "cases"],
    ["users", "add", "--email", "cdc@example.vn", "--role", "province", "--unit", "Hà Nội"],
    ["serve", "--port", "0"],
]


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request, tmp_path):
    with blank_database(request.param, tmp_path, "episurv_blank") as blank:
        yield blank


def _said(result) -> str:
    """The output as one line: the usage error's panel wraps its message inside a box."""
    return " ".join(result.output.replace("│", " ").split())


def _name(command: list[str]) -> str:
    return "-".join(w for w in command[:2] if not w.startswith("-"))


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table'" if url.startswith("sqlite")
                else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )).scalars())
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_every_command_on_a_database_never_set_up_says_to_run_init(blank_url, monkeypatch,
                                                                    command):
    monkeypatch.setenv("EPISURV_DATABASE_URL", blank_url)
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert "has no episurv tables yet: run `episurv init` first" in _said(result)
    assert "Traceback" not in result.output
    assert _tables(blank_url) == []  # nothing was made by the attempt


def test_a_database_of_an_older_episurv_says_to_run_init_to_update_it(blank_url, monkeypatch):
    engine = create_engine(blank_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('0021_national_speed')"))
    engine.dispose()
    monkeypatch.setenv("EPISURV_DATABASE_URL", blank_url)
    result = runner.invoke(app, ["units", "list"])
    assert result.exit_code == 2, result.output
    assert ("was set up by an older episurv (revision 0021_national_speed): run `episurv init` "
            "to bring it up to date") in _said(result)


def test_a_day_is_typed_as_the_line_list_takes_it(db, write_csv):
    path = write_csv("case_id,report_date,report_time,district,detected_in\n"
                     "BN1,7/11/2021,09:00,Ba Đình,community\n"
                     "BN2,07/11/2021,10:00,Tây Hồ,quarantine\n"
                     "BN3,2021-11-08,10:00,Tây Hồ,quarantine\n")
    imported = runner.invoke(app, ["import", "cases", str(path), "--province", "Hà Nội"])
    assert imported.exit_code == 0, imported.output
    for typed in ("2021-11-07", "7/11/2021", "07/11/2021", "7-11-2021", "07.11.2021"):
        result = runner.invoke(app, ["report", "daily", "--province", "Hà Nội", "--date", typed,
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert (report["date"], report["new_cases"], report["community"]) == ("2021-11-07", 2, 1)
    listed = runner.invoke(app, ["export", "cases", "--from", "8/11/2021", "--to", "8/11/2021"])
    assert listed.exit_code == 0, listed.output
    assert [line.split(",")[0] for line in listed.stdout.splitlines()[1:]] == ["BN3"]

    for wrong in ("7/13/2021", "7.11/2021", "tomorrow"):
        result = runner.invoke(app, ["report", "daily", "--province", "Hà Nội", "--date", wrong])
        assert result.exit_code == 2
        assert (f"'{wrong}' is not a day: write YYYY-MM-DD (2021-11-07) or D/M/YYYY (7/11/2021)"
                in _said(result))
    # A day written in a form but that November has not: its month's length, as imports say.
    result = runner.invoke(app, ["report", "daily", "--province", "Hà Nội", "--date",
                                 "2021-11-31"])
    assert result.exit_code == 2
    assert "'2021-11-31': no such day: month 11 of 2021 has 30 days" in _said(result)


def test_commands_without_a_day_read_the_latest_reporting_day_not_the_clock(db, write_csv):
    """On 2021's data a command run years later shows the data's last day, as the pages do:
    by the machine's clock every cluster was closed and nobody was due a call."""
    from handmade import LINE_LIST

    imported = runner.invoke(app, ["import", "cases", str(write_csv(LINE_LIST))])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, ["clusters", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    # The latest reporting day is 8/11 (A4, 18:01 on 7/11): Chợ Khương Trung had cases on
    # 6/11 and 7/11, active; Bạch Trữ its one on 20/10, 19 days before: under monitoring from
    # its 15th quiet day, not closed before its 28th. By the clock both were closed.
    assert sorted((c["name"], c["status"]) for c in json.loads(listed.stdout)) == [
        ("Bạch Trữ", "monitoring"), ("Chợ Khương Trung", "active")]
    on_the_day = runner.invoke(app, ["clusters", "list", "--date", "8/11/2021", "--format",
                                     "json"])
    assert on_the_day.stdout == listed.stdout
    followup = runner.invoke(app, ["contacts", "followup", "--format", "json"])
    assert followup.exit_code == 0, followup.output
    assert json.loads(followup.stdout)["date"] == "2021-11-08"
    # A province's own latest day: Hải Phòng's one case (B1) counts on 7/11.
    one_province = runner.invoke(app, ["contacts", "followup", "--province", "Hải Phòng",
                                       "--format", "json"])
    assert one_province.exit_code == 0, one_province.output
    assert json.loads(one_province.stdout)["date"] == "2021-11-07"
