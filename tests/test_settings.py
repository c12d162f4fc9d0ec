"""One validated Settings object, cached per set of EPISURV_* values; a bad value is one line
naming the variable."""

from __future__ import annotations

from datetime import date, time

import pytest

from episurv.config import InvalidSetting, get_settings


def test_defaults_and_the_cache(monkeypatch):
    for name in ("EPISURV_CUTOFF", "EPISURV_WAVE_START", "EPISURV_DECLARE_PER_HOUR"):
        monkeypatch.delenv(name, raising=False)
    first = get_settings()
    assert (first.cutoff, first.wave_start, first.declarations_per_hour) == (
        time(18, 0), date(2021, 4, 27), 5)
    assert get_settings() is first  # read and validated once
    # A variable that is no setting leaves the cached settings as they are.
    monkeypatch.setenv("EPISURV_NOT_A_SETTING", "1")
    assert get_settings() is first


def test_a_changed_variable_is_seen_without_a_reset(monkeypatch):
    monkeypatch.setenv("EPISURV_CUTOFF", "19:30")
    monkeypatch.setenv("EPISURV_DECLARE_PER_HOUR", "3")
    assert get_settings().cutoff == time(19, 30)
    assert get_settings().declarations_per_hour == 3
    monkeypatch.setenv("EPISURV_CUTOFF", "17:00")
    assert get_settings().cutoff == time(17, 0)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("EPISURV_CUTOFF", "18", "EPISURV_CUTOFF='18': must be HH:MM"),
    ("EPISURV_CUTOFF", "25:00", "EPISURV_CUTOFF='25:00': hour must be in 0..23"),
    ("EPISURV_ACTIVE_CLUSTER_DAYS", "0",
     "EPISURV_ACTIVE_CLUSTER_DAYS='0': Input should be greater than or equal to 1"),
    ("EPISURV_DECLARE_PER_HOUR", "abc", "EPISURV_DECLARE_PER_HOUR='abc': Input should be a "
     "valid integer, unable to parse string as an integer"),
])
def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidSetting) as caught:
        get_settings()
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


def test_the_command_line_reports_a_bad_setting_in_one_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from episurv.cli import app

    monkeypatch.setenv("EPISURV_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("EPISURV_CUTOFF", "6pm")
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 2
    assert "EPISURV_CUTOFF='6pm': must be HH:MM" in result.output
