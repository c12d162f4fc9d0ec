"""The command line reads a date and time (`stations checkin/worklist --at`) and a bulletin's
day (`parse bulletin --date`) as the home-care forms and the imports do (core.days): --at read
ISO only and said "--at '12/11/2021 09:05' is not YYYY-MM-DDTHH:MM"."""

from __future__ import annotations

import json
from datetime import datetime

from typer.testing import CliRunner

from episurv.cli import app
from episurv.cli.stations import _moment
from episurv.core.time import LOCAL

runner = CliRunner()


def _said(result) -> str:
    return " ".join(result.output.split())


def test_at_reads_a_day_as_clerks_type_it_with_its_time():
    expected = datetime(2021, 11, 12, 9, 5, tzinfo=LOCAL)
    for typed in ("12/11/2021 09:05", "12/11/2021 9:05", "2021-11-12T09:05",
                  "12.11.2021 09:05"):
        assert _moment(typed) == expected, typed
    assert _moment("12/11/2021") == datetime(2021, 11, 12, tzinfo=LOCAL)
    assert _moment(None) is None and _moment("") is None


def test_at_that_writes_no_moment_is_refused_naming_the_option_and_why():
    # Refused before the database is opened, so no database is needed.
    result = runner.invoke(app, ["stations", "worklist", "1", "--at", "31/11/2021 09:05"])
    assert result.exit_code == 2
    assert "--at “31/11/2021 09:05”: no such day: month 11 of 2021 has 30 days" in _said(result)
    result = runner.invoke(app, ["stations", "worklist", "1", "--at", "soon"])
    assert result.exit_code == 2
    assert ("--at “soon”: not a date and time (day, month, year and hour: 7/11/2021 14:30 or "
            "2021-11-07T14:30)") in _said(result)


def test_parse_date_reads_a_day_month_year(tmp_path):
    text = tmp_path / "b.txt"
    text.write_text("Từ 18h ngày 6/11 đến 18h ngày 7/11, cả nước ghi nhận 7.006 ca mắc mới.\n",
                    encoding="utf-8")
    for typed in ("7/11/2021", "07.11.2021", "2021-11-07"):
        result = runner.invoke(app, ["parse", "bulletin", str(text), "--date", typed])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["date"] == "2021-11-07"
