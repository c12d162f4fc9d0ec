"""Release from home isolation: when an F0 cared for at home may be certified recovered.

- Before 28/1/2022, as Hà Nội applied it in late 2021: from day 10, on a negative rapid antigen
  test (taken on day 10 or later).
- From 28/1/2022, Decision 250/QĐ-BYT (28/1/2022): from day 7 on a negative rapid antigen test
  done or supervised by a health worker; otherwise isolation continues to day 10 if fully
  vaccinated, to day 14 if not, and ends then without a further test.

Days are counted with the day of the positive test as day 1 (day N is start + N − 1). The rule
is the one in force on the day the release is decided. Pure: plain values in, a decision out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

LATE_2021 = "Hà Nội 2021 (day 10 + negative rapid test)"
QD_250 = "250/QĐ-BYT"
QD_250_FROM = date(2022, 1, 28)


@dataclass(frozen=True)
class RapidResult:
    day: date
    result: str  # "negative" | "positive"
    supervised: bool = True  # done or supervised by a health worker


@dataclass(frozen=True)
class Release:
    policy: str
    releasable: bool
    # The day a test is due (None when no test is needed any more) and the day release is
    # possible at the earliest under this rule.
    test_due: date | None
    earliest: date
    reason: str


def day_n(start: date, n: int) -> date:
    return start + timedelta(days=n - 1)


def release_on(start: date, day: date, fully_vaccinated: bool, tests: list[RapidResult]) -> Release:
    """Whether the person may be released on `day`, under the rule in force on `day`."""
    if day < start:
        raise ValueError(f"{day.isoformat()} is before the isolation began "
                         f"({start.isoformat()})")
    if day < QD_250_FROM:
        from_day = day_n(start, 10)
        negative = [t for t in tests if t.result == "negative" and from_day <= t.day <= day]
        if negative:
            return Release(LATE_2021, True, None, from_day,
                           f"negative rapid test on {negative[-1].day.isoformat()} (day 10 or "
                           "later)")
        reason = ("isolation until day 10" if day < from_day
                  else "a negative rapid test is needed (day 10 or later)")
        return Release(LATE_2021, False, max(from_day, day), from_day, reason)
    test_day = day_n(start, 7)
    last = day_n(start, 10 if fully_vaccinated else 14)
    negative = [t for t in tests
                if t.result == "negative" and t.supervised and test_day <= t.day <= day]
    if negative:
        return Release(QD_250, True, None, test_day,
                       f"negative rapid test on {negative[-1].day.isoformat()} (day 7 or later,"
                       " done or supervised by a health worker)")
    if day >= last:
        return Release(QD_250, True, None, test_day,
                       f"day {10 if fully_vaccinated else 14} reached "
                       f"({'fully vaccinated' if fully_vaccinated else 'not fully vaccinated'})")
    if day < test_day:
        return Release(QD_250, False, test_day, test_day, "isolation until day 7")
    return Release(QD_250, False, day, test_day,
                   f"a negative rapid test is needed, or day {10 if fully_vaccinated else 14}"
                   f" ({last.isoformat()})")
