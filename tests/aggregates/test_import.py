"""Importing daily figures: long and wide files, corrections kept with who and when, bad files
refused whole with row, column and value named, --skip-invalid, scope; on both databases."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM, Forbidden, Scope
from episurv.aggregates.importer import import_aggregates, parse_count
from episurv.aggregates.models import AggregateDay, AggregateSubmission
from episurv.aggregates.rules import combine, complete
from episurv.aggregates.service import Figure, history, list_figures, submit
from episurv.cli import app as cli
from episurv.errors import InvalidInput

LONG = """Ngày,Tỉnh,Huyện,Ca mới,Cộng đồng,Tử vong
2021-11-06,Hà Nội,,50,20,1
7/11/2021,Hà Nội,,60,,2
2021-11-07,TP HCM,,"1.000",400,31
2021-11-07,Hải Phòng,Lê Chân,3,,
2021-11-07,Hải Phòng,Ngô Quyền,4,1,
"""

WIDE = """province,2021-11-05,2021-11-06,2021-11-07
Hà Nội,40,50,60
Bình Dương,,"1.200",1100
"""


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_rules_complete_and_combine():
    assert complete({"new_cases": 10, "quarantine": 4, "imported": 1}) == {
        "new_cases": 10, "community": 5, "quarantine": 4, "imported": 1, "deaths": None,
        "recovered": None, "severe": None, "tests_samples": None, "tests_people": None,
        "doses": None, "first_doses": None, "second_doses": None, "domestic": 9}
    assert complete({"community": 2, "quarantine": 3, "first_doses": 7})["new_cases"] == 5
    assert complete({"first_doses": 7, "second_doses": 1})["doses"] == 8
    # A district with only a total and one with a split: the province sums the completed rows.
    province = combine(None, [{"new_cases": 5}, {"community": 2, "quarantine": 1}])
    assert (province["new_cases"], province["community"], province["quarantine"]) == (8, 7, 1)
    # The province's own figure wins over its districts' sum.
    assert combine({"new_cases": 20}, [{"new_cases": 5}])["new_cases"] == 20
    assert parse_count("1.234") == 1234 and parse_count(" ") is None
    with pytest.raises(ValueError):
        parse_count("1.5")


def test_long_file_with_vietnamese_headers(session, write_csv):
    result = import_aggregates(session, write_csv(LONG, "long.csv"), scope=SYSTEM)
    assert (result["rows"], result["figures"], result["new"]) == (5, 11, 11)
    rows = {(r["unit"], r["date"]): r for r in list_figures(session, scope=SYSTEM)}
    assert rows[("Hà Nội", "2021-11-07")]["community"] == 60  # no split: under investigation
    assert rows[("Hồ Chí Minh", "2021-11-07")]["new_cases"] == 1000
    # Hải Phòng sent only district figures: the province is their sum.
    hp = rows[("Hải Phòng", "2021-11-07")]
    assert (hp["new_cases"], hp["community"], hp["quarantine"]) == (7, 4, 3)
    districts = list_figures(session, scope=SYSTEM, districts=True)
    assert [(r["unit"], r["new_cases"]) for r in districts] == [
        ("Hải Phòng, Ngô Quyền", 4), ("Hải Phòng, Lê Chân", 3)]  # by district code


def test_reimport_changes_nothing_and_a_correction_keeps_the_old_value(session, write_csv):
    path = write_csv(LONG, "long.csv")
    import_aggregates(session, path, scope=SYSTEM)
    again = import_aggregates(session, path, scope=SYSTEM)
    assert (again["new"], again["corrected"], again["unchanged"]) == (0, 0, 11)
    assert count(session, AggregateSubmission) == 11
    days = count(session, AggregateDay)
    fixer = Scope(role="province", province_code=1, actor="an@hanoi.vn")
    result = submit(session, [Figure(1, 0, date(2021, 11, 7), "new_cases", 65)], scope=fixer,
                    source="api", note="6 cases reclassified")
    assert (result["corrected"], result["days_rebuilt"]) == (1, 1)
    # The old version of Hà Nội's 7/11 row is closed, a new one added.
    assert count(session, AggregateDay) == days + 1
    trail = history(session, scope=SYSTEM, province_code=1, day=date(2021, 11, 7),
                    measure="new_cases")
    assert [(h["value"], h["submitted_by"], h["source"], h["status"]) for h in trail] == [
        (60, "system", "file long.csv", "replaced"),
        (65, "an@hanoi.vn", "api", "in force")]
    assert trail[1]["note"] == "6 cases reclassified"
    from episurv.accounts.audit import history as audit_history
    entry = audit_history(session, "aggregates", "api")[-1]
    assert entry["actor"] == "an@hanoi.vn"
    assert entry["changes"]["figures_changed"] == {"1/0/2021-11-07/new_cases": [60, 65]}


def test_wide_file(session, write_csv):
    result = import_aggregates(session, write_csv(WIDE, "wide.csv"), scope=SYSTEM, wide=True,
                               measure="new_cases")
    assert (result["rows"], result["figures"]) == (2, 5)
    rows = {(r["unit"], r["date"]): r["new_cases"] for r in list_figures(session, scope=SYSTEM)}
    assert rows == {("Hà Nội", "2021-11-05"): 40, ("Hà Nội", "2021-11-06"): 50,
                    ("Hà Nội", "2021-11-07"): 60, ("Bình Dương", "2021-11-06"): 1200,
                    ("Bình Dương", "2021-11-07"): 1100}
    with pytest.raises(InvalidInput, match="needs --measure"):
        import_aggregates(session, write_csv(WIDE, "wide.csv"), scope=SYSTEM, wide=True)
    with pytest.raises(InvalidInput, match=r"column '7/11' is neither .* --year"):
        import_aggregates(session, write_csv("province,7/11\nHà Nội,3\n", "w2.csv"),
                          scope=SYSTEM, wide=True, measure="deaths")
    done = import_aggregates(session, write_csv("province,7/11\nHà Nội,3\n", "w2.csv"),
                             scope=SYSTEM, wide=True, measure="deaths", year=2021)
    assert done["new"] == 1


BAD = """date,province,new_cases,community,quarantine,deaths
2021-11-07,Hà Nội,10,4,5,1
2021-11-07,Hà Nôi Xyz,3,,,
2021-11-07,TP HCM,ba,,,
2021-11-07,Bình Dương,5,4,3,
2021-13-01,Tây Ninh,1,,,
2021-11-07,Hà Nội,2,,,
"""


def test_a_bad_file_is_refused_whole_naming_row_column_value(session, write_csv):
    with pytest.raises(InvalidInput) as caught:
        import_aggregates(session, write_csv(BAD, "bad.csv"), scope=SYSTEM)
    message = str(caught.value)
    assert "bad.csv: 5 row(s) invalid; nothing was imported" in message
    assert "row 2, column new_cases, value '10': is not community + quarantine = 9" not in \
        message  # no imported column: 4 + 5 <= 10 is fine
    assert "row 3, column province, value 'Hà Nôi Xyz': unknown province" in message
    assert "row 4, column new_cases, value 'ba': not a whole number of 0 or more" in message
    assert "row 5, column new_cases, value '5': is less than community + quarantine = 7" in \
        message
    # The forms a day is read in, as every other import names them (they named two before).
    assert ("row 6, column date, value '2021-13-01': not a date (day, month and year: "
            "7/11/2021, 07-11-21, 7.11.2021, 7 tháng 11 năm 2021 or 2021-11-07)") in message
    assert "row 7, column date, value '2021-11-07': the same unit and date as row 2" in message
    assert count(session, AggregateSubmission) == 0


def test_skip_invalid_imports_the_good_rows_and_writes_the_rest(session, write_csv, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = import_aggregates(session, write_csv(BAD, "bad.csv"), scope=SYSTEM,
                               rejects=rejects)
    assert (result["rows"], result["rejected"], result["figures"]) == (6, 5, 4)
    with open(rejects, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "date", "province", "new_cases", "community", "quarantine",
                       "deaths", "reason"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5", "6", "7"]
    assert rows[2][-1] == "new_cases 'ba': not a whole number of 0 or more"


def test_unknown_columns_and_missing_ones(session, write_csv):
    with pytest.raises(InvalidInput, match="unknown column.*'new_case'"):
        import_aggregates(session, write_csv("date,province,new_case\n2021-11-07,Hà Nội,1\n",
                                             "x.csv"), scope=SYSTEM)
    with pytest.raises(InvalidInput, match="no measure column"):
        import_aggregates(session, write_csv("date,province\n2021-11-07,Hà Nội\n", "y.csv"),
                          scope=SYSTEM)


def test_scope_limits_what_a_province_may_submit(session, write_csv):
    hanoi = Scope(role="province", province_code=1, actor="an@hanoi.vn")
    with pytest.raises(InvalidInput, match="row 4, column province, value 'TP HCM': outside"):
        import_aggregates(session, write_csv(LONG, "long.csv"), scope=hanoi)
    with pytest.raises(Forbidden):
        submit(session, [Figure(79, 0, date(2021, 11, 7), "deaths", 1)], scope=hanoi,
               source="api")
    with pytest.raises(Forbidden):
        submit(session, [Figure(1, 0, date(2021, 11, 7), "deaths", 1)],
               scope=Scope(role="viewer"), source="api")


def test_cli_import_and_exit_code(db, write_csv):
    runner = CliRunner()
    ok = runner.invoke(cli, ["import", "aggregates", str(write_csv(LONG, "long.csv"))])
    assert ok.exit_code == 0, ok.output
    assert "5 rows, 11 figures: 11 new, 0 corrected, 0 unchanged" in ok.output
    bad = runner.invoke(cli, ["import", "aggregates", str(write_csv(BAD, "bad.csv"))])
    assert bad.exit_code == 2 and "nothing was imported" in bad.output


def test_cells_longer_than_their_column_allows_are_named_and_nothing_is_read(
        session, write_csv):
    """The importers share the API's length limits (hardening issue): a place name of 10,000
    characters is refused by its length, before any name matching, in long and wide files."""
    long_file = write_csv("Ngày,Tỉnh,Ca mới\n"
                          f"2021-11-06,{'Hà Nội' * 2000},50\n"
                          f"2021-11-06,Hà Nội,{'5' * 101}\n"
                          "2021-11-07,Hà Nội,60\n", "long.csv")
    with pytest.raises(InvalidInput) as err:
        import_aggregates(session, long_file, scope=SYSTEM)
    assert [(p["row"], p["column"], p["message"]) for p in err.value.problems] == [
        (2, "Tỉnh", "longer than 120 characters"), (3, "Ca mới", "longer than 100 characters")]
    wide_file = write_csv(f"province,2021-11-05\n{'B' * 121},40\nHà Nội,{'4' * 101}\n",
                          "wide.csv")
    with pytest.raises(InvalidInput) as err:
        import_aggregates(session, wide_file, scope=SYSTEM, wide=True, measure="new_cases")
    assert [(p["row"], p["column"], p["message"]) for p in err.value.problems] == [
        (2, "province", "longer than 120 characters"),
        (3, "2021-11-05", "longer than 100 characters")]
    assert count(session, AggregateDay) == 0


def test_a_day_no_calendar_has_is_named_as_such(session, write_csv):
    """"29/02/2021" and "2021-11-31" were refused as not a date, listing the forms they are
    written in: each names its month's length, as the line list does, in either language."""
    from episurv.messages import said

    path = write_csv("date,province,new_cases\n29/02/2021,Hà Nội,3\n2021-11-31,Hà Nội,4",
                     "days.csv")
    with pytest.raises(InvalidInput) as caught:
        import_aggregates(session, path, scope=SYSTEM)
    assert [(p["row"], p["message"]) for p in caught.value.problems] == [
        (2, "no such day: month 2 of 2021 has 28 days"),
        (3, "no such day: month 11 of 2021 has 30 days")]
    assert count(session, AggregateSubmission) == 0
    from episurv.aggregates import importer
    problems: list = []
    importer._check_day(None, "31/11/2021", 4, "date", problems)
    assert said(problems[0], "vi") == "không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày"
