"""`episurv analytics rt`: CSV in, CSV out; bad input exits 2 naming line, column and value."""

import io

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from episurv.analytics.rt import rt_cori
from episurv.cli.analytics import app

runner = CliRunner()

GOOD = (
    "region,date,cases\n"
    "Thu Duc,2021-07-01,3\n"
    "Thu Duc,2021-07-02,5\n"
    "Thu Duc,2021-07-04,8\n"  # 3 July not reported: counts as 0
    "Thu Duc,2021-07-05,13\n"
    "Thu Duc,2021-07-06,12\n"
    "Thu Duc,2021-07-07,20\n"
    "Thu Duc,2021-07-08,25\n"
    "Thu Duc,2021-07-09,30\n"
)


def write(tmp_path, text, name="cases.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rt_to_stdout(tmp_path):
    result = runner.invoke(app, ["rt", "--cases", str(write(tmp_path, GOOD))])
    assert result.exit_code == 0, result.output
    out = pl.read_csv(io.StringIO(result.stdout), try_parse_dates=True)
    assert out.columns == ["region", "date", "mean", "sd", "q025", "median", "q975"]
    assert out.height == 9  # 1..9 July, the gap included
    expected = rt_cori(np.array([3, 5, 0, 8, 13, 12, 20, 25, 30], dtype=float))
    np.testing.assert_allclose(out["mean"].to_numpy()[7:], expected.mean[7:], rtol=1e-12)
    assert out["mean"][:7].null_count() == 7


def test_rt_to_file_with_options(tmp_path):
    target = tmp_path / "rt.csv"
    args = ["rt", "--cases", str(write(tmp_path, GOOD)), "--si-mean", "5.0", "--si-sd", "3.0"]
    result = runner.invoke(app, [*args, "--window", "5", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    out = pl.read_csv(target)
    expected = rt_cori(np.array([3, 5, 0, 8, 13, 12, 20, 25, 30], dtype=float), 5.0, 3.0, 5)
    np.testing.assert_allclose(out["mean"].to_numpy()[5:], expected.mean[5:], rtol=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("region,day,cases\nA,2021-07-01,1\n", "missing column(s) 'date'"),
        ("region,date,cases\nA,2021-07-01,1\nA,2021-07-02,-4\n", "line 3, column 'cases'"),
        ("region,date,cases\nA,2021-07-01,1\nA,2021-07-02,-4\n", "value '-4'"),
        ("region,date,cases\nA,2021-07-01,2.5\n", "line 2, column 'cases', value '2.5'"),
        ("region,date,cases\nA,2021-07-01,many\n", "value 'many': not a whole number"),
        ("region,date,cases\nA,2021-02-30,1\n", "line 2, column 'date', value '2021-02-30'"),
        ("region,date,cases\nA,07/01/2021,1\n", "not a date in YYYY-MM-DD form"),
        ("region,date,cases\nA,2021-07-01,1\nA,2021-07-01,2\n", "repeats this date"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, text, message):
    result = runner.invoke(app, ["rt", "--cases", str(write(tmp_path, text))])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_parameters_and_missing_file_exit_2(tmp_path):
    result = runner.invoke(app, ["rt", "--cases", str(write(tmp_path, GOOD)), "--si-mean", "1"])
    assert result.exit_code == 2
    assert "serial interval mean must be more than 1 day" in result.stderr
    result = runner.invoke(app, ["rt", "--cases", str(tmp_path / "absent.csv")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
