"""The waves of Vietnam's epidemic by their first day.

Source: the Ministry of Health counts the fourth wave from 27/4/2021 (its daily notices of 2021:
"Đợt dịch thứ 4 (từ ngày 27/4/2021 đến nay)"; domain README section 1). Reports and bulletins
that count their running totals from that day are counting that wave.
"""

from __future__ import annotations

from datetime import date

# The one place the day is written: the settings' default wave start and the demo's curve
# read it from here.
WAVE_4_START = date(2021, 4, 27)
WAVE_STARTS: dict[date, int] = {WAVE_4_START: 4}


def wave_starting(day: date | str | None) -> int | None:
    """The wave that starts on `day` (a date or ISO text), None when no wave starts then."""
    if day is None:
        return None
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return None
    return WAVE_STARTS.get(day)


def first_day(wave: int | float | None) -> date | None:
    """The day wave number `wave` began, None for a wave of no known start."""
    for day, number in WAVE_STARTS.items():
        if number == wave:
            return day
    return None
