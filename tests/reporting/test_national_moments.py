"""The national report's "as of" moment is read as a person types it (reporting.service.
read_moment: "7/11/2021 18:00" as well as ISO), a day alone its end, a zone kept when a link
writes one; one that writes none is refused naming the field and why. parse_moment read ISO only
and said "as-of '7/11/2021 18:00' is not an ISO date-time" in English."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from episurv.core.time import LOCAL
from episurv.errors import InvalidInput
from episurv.reporting.national import parse_moment


def test_as_of_reads_a_typed_day_and_time_in_local_time():
    six_pm = datetime(2021, 11, 7, 18, 0, tzinfo=LOCAL)
    for typed in ("7/11/2021 18:00", "07.11.2021 18:00", "2021-11-07T18:00",
                  "2021-11-07 18:00"):
        assert parse_moment(typed) == six_pm, typed
    # A day alone is the whole day: its last moment.
    end = datetime.combine(datetime(2021, 11, 7).date(), time(23, 59, 59, 999999), LOCAL)
    assert parse_moment("7/11/2021") == parse_moment("2021-11-07") == end
    assert parse_moment("7 tháng 11 năm 2021") == end
    # A link's moment keeps its zone (11:00 UTC is 18:00 in Vietnam).
    assert parse_moment("2021-11-07T11:00:00+00:00") == six_pm
    assert parse_moment("2021-11-07T11:00:00+00:00").tzinfo == UTC
    assert parse_moment(None) is None and parse_moment("  ") is None


def test_as_of_that_writes_no_moment_names_the_field_and_why():
    with pytest.raises(InvalidInput) as refused:
        parse_moment("31/11/2021 18:00", "--as-of")
    assert str(refused.value) == ("--as-of “31/11/2021 18:00”: no such day: month 11 of 2021 "
                                  "has 30 days")
    assert refused.value.http_status == 422 and refused.value.code == "not_a_moment"
    with pytest.raises(InvalidInput) as refused:
        parse_moment("7/11/2021 25:00")
    assert str(refused.value) == ("as_of “7/11/2021 25:00”: not a date and time (day, month, "
                                  "year and hour: 7/11/2021 14:30 or 2021-11-07T14:30)")
