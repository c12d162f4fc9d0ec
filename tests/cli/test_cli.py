"""The command line end to end on a real database: exit codes, messages, output."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from episurv.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_init_units_import_report_audit(db, write_csv, tmp_path):
    assert run("init").exit_code == 0
    units = run("units", "list", "--province", "Hà Nội", "--format", "json")
    districts = json.loads(units.stdout)
    assert len(districts) == 30
    ba_dinh = next(d for d in districts if d["short_name"] == "Ba Đình")
    assert (ba_dinh["population"], ba_dinh["wards"]) == (221_893, 14)
    wards = json.loads(run("units", "list", "--province", "ha noi", "--district", "ba dinh",
                           "--format", "json").stdout)
    assert len(wards) == 14
    provinces = json.loads(run("units", "list", "--format", "json").stdout)
    assert len(provinces) == 63 and sum(p["population"] for p in provinces) == 96_208_984

    path = write_csv("case_id,report_date,report_time,district,detected_in\n"
                     "BN1,2021-11-07,09:00,Ba Đình,community\n"
                     "BN2,2021-11-07,20:00,Tây Hồ,quarantine\n")
    result = run("import", "cases", str(path), "--province", "Hà Nội")
    assert result.exit_code == 0, result.output
    report = json.loads(run("report", "daily", "--province", "Hà Nội", "--date", "2021-11-07",
                            "--format", "json").stdout)
    assert (report["new_cases"], report["community"]) == (1, 1)
    text = run("report", "daily", "--province", "Hà Nội", "--date", "2021-11-08").stdout
    assert text.startswith("CDC Hà Nội tối 8/11 ghi nhận 0 ca cộng đồng, 1 ca ở khu cách ly")
    english = run("report", "daily", "--province", "Hà Nội", "--date", "2021-11-07",
                  "--lang", "en").stdout
    assert "Hanoi" in english and "1 community case" in english
    html = run("report", "daily", "--province", "Hà Nội", "--date", "2021-11-07", "--format",
               "html").stdout
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")

    history = json.loads(run("audit", "--entity", "case:BN1", "--format", "json").stdout)
    assert [(h["actor"], h["action"]) for h in history] == [("system", "create")]


def test_bad_input_exits_2_with_the_reason(db, write_csv):
    path = write_csv("case_id,report_date,district\nBN1,2021-02-30,Ba Đình\n")
    result = run("import", "cases", str(path), "--province", "Hà Nội")
    assert result.exit_code == 2
    assert "row 2, column report_date, value '2021-02-30': no such day" in result.output
    unknown = run("report", "daily", "--province", "Atlantis", "--date", "2021-11-07")
    assert unknown.exit_code == 2 and "unknown province 'Atlantis'" in unknown.output


def test_a_workbook_of_a_sheet_a_district_names_sheets_and_rows(db, tmp_path):
    """The command line says the sheets it read as one list, and names each row it left
    aside or warns about by its sheet and its row in it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Ba Đình"
    header = ["case_id", "report_date", "district", "source", "cluster"]
    for row in [header, ["BN1", "2021-11-07", "Ba Đình", "screening", ""],
                ["", "", "Người lập biểu", "", ""]]:
        book.active.append(row)
    second = book.create_sheet("Tây Hồ")
    for row in [header, ["BN2", "2021-11-07", "Tây Hồ", "cluster", ""]]:
        second.append(row)
    path = tmp_path / "quan.xlsx"
    book.save(path)
    assert run("init").exit_code == 0
    result = run("import", "cases", str(path), "--province", "Hà Nội")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "read the sheets 'Ba Đình', 'Tây Hồ' of the workbook, one after another" in said
    assert "warning: sheet Tây Hồ, row 2, column cluster: source is cluster" in said
    assert "lines below the list): sheet Ba Đình, row 3 ('Người lập biểu')" in said
    contacts = tmp_path / "f1.csv"
    contacts.write_text("Mã F1,Mã BN nguồn,Ngày tiếp xúc,Phường\n"
                        "F-1,BN1,2021-11-05,Phúc Xá\nTổng cộng,1,,\n", encoding="utf-8")
    result = run("contacts", "import", str(contacts))
    assert result.exit_code == 0, result.output
    assert "totals rows left aside: row 3 ('Tổng cộng')" in " ".join(result.output.split())


def test_users_and_tokens(db):
    added = run("users", "add", "--email", "cdc@x.vn", "--role", "province", "--unit", "Hà Nội")
    assert added.exit_code == 0 and "one-time password: " in added.stdout
    station = run("users", "add", "--email", "tram@x.vn", "--role", "station", "--unit",
                  "Hà Nội", "--district", "Ba Đình", "--ward", "Cống Vị", "--ward", "Kim Mã")
    assert station.exit_code == 0, station.output
    listed = json.loads(run("users", "list", "--format", "json").stdout)
    assert [(u["email"], u["role"], u["unit"], u["wards"]) for u in listed] == [
        ("cdc@x.vn", "province", "Hà Nội", []),
        ("tram@x.vn", "station", "Hà Nội / Ba Đình", ["Cống Vị", "Kim Mã"])]
    token = run("tokens", "create", "--email", "cdc@x.vn").stdout.strip()
    assert token.startswith("eps_") and len(token) > 30
    bad_role = run("users", "add", "--email", "a@x.vn", "--role", "boss", "--unit", "Hà Nội")
    assert bad_role.exit_code == 2 and "role 'boss' is not one of" in bad_role.output
    assert run("users", "disable", "--email", "cdc@x.vn").exit_code == 0
    assert json.loads(run("users", "list", "--format", "json").stdout)[0]["active"] is False


def test_reset_password_gives_a_new_one_time_password(db):
    from episurv.accounts.service import NotSignedIn, sign_in
    from episurv.db import session_scope

    first = run("users", "add", "--email", "cdc@x.vn", "--role", "province", "--unit", "Hà Nội")
    old = first.stdout.rsplit("one-time password: ", 1)[1].strip()
    with session_scope(db) as s:
        sign_in(s, "cdc@x.vn", old, "127.0.0.1")
    reset = run("users", "reset-password", "--email", "CDC@x.vn")
    assert reset.exit_code == 0, reset.output
    new = reset.stdout.rsplit("one-time password: ", 1)[1].strip()
    assert len(new) >= 10 and new != old
    with session_scope(db) as s:
        sign_in(s, "cdc@x.vn", new, "127.0.0.1")
    with pytest.raises(NotSignedIn), session_scope(db) as s:
        sign_in(s, "cdc@x.vn", old, "127.0.0.2")
    history = json.loads(run("audit", "--entity", "user:cdc@x.vn", "--format", "json").stdout)
    assert {"password": "reset"} in [h["changes"] for h in history]
    assert new not in json.dumps(history) and old not in json.dumps(history)
    missing = run("users", "reset-password", "--email", "nobody@x.vn")
    assert missing.exit_code == 2 and "no account 'nobody@x.vn'" in missing.output


def test_a_second_demo_says_the_accounts_exist_and_how_to_get_a_password(db):
    first = run("demo", "--cases", "60", "--no-serve")
    assert first.exit_code == 0, first.output
    assert "admin@demo.episurv" in first.stdout and "one-time passwords" in first.stdout
    second = run("demo", "--cases", "60", "--no-serve")
    assert second.exit_code == 0, second.output
    assert "the demo accounts exist already" in second.stdout
    assert "episurv users reset-password --email admin@demo.episurv" in second.stdout
