"""Release from home isolation: when an F0 cared for at home may be certified recovered.

- Before 28/1/2022, as Hà Nội applied it in late 2021: from day 10, on a negative rapid antigen
  test (taken on day 10 or later).
- From 28/1/2022, Decision 250/QĐ-BYT (28/1/2022): from day 7 on a negative rapid antigen test
  done or supervised by a health worker; otherwise isolation continues to day 10 if fully
  vaccinated, to day 14 if not, and ends then without a further test.

Days are counted with the day of the positive test as day 1 (day N is start + N − 1). The rule
is the one in force on the day the release is decided. Pure: plain values in, a decision out.

A decision's reason is a code and the day it names (`Reason`): a release record stores it in
that form ("negative_test_day10 2021-11-19"), so a page says it in its reader's language; records
stored before held the English sentence, which `read` still recognises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from episurv.core.i18n import N_
from episurv.errors import InvalidInput

LATE_2021 = N_("Hà Nội 2021 (day 10 + negative rapid test)")
QD_250 = "250/QĐ-BYT"
QD_250_FROM = date(2022, 1, 28)


@dataclass(frozen=True)
class RapidResult:
    day: date
    result: str  # "negative" | "positive"
    supervised: bool = True  # done or supervised by a health worker


# Each reason's code and its English sentence, a message of the pages' catalog.
REASONS = {
    "negative_test_day10": N_("negative rapid test on %(day)s (day 10 or later)"),
    "until_day10": N_("isolation until day 10"),
    "test_needed_day10": N_("a negative rapid test is needed (day 10 or later)"),
    "negative_test_day7": N_("negative rapid test on %(day)s (day 7 or later, done or "
                             "supervised by a health worker)"),
    "day10_vaccinated": N_("day 10 reached (fully vaccinated)"),
    "day14_unvaccinated": N_("day 14 reached (not fully vaccinated)"),
    "until_day7": N_("isolation until day 7"),
    "test_or_day10": N_("a negative rapid test is needed, or day 10 (%(day)s)"),
    "test_or_day14": N_("a negative rapid test is needed, or day 14 (%(day)s)"),
}


@dataclass(frozen=True)
class Reason:
    """Why a person may be released, or not yet: a code of REASONS and the day its sentence
    names. Like an error with a code, it has a `template` and `params`, so episurv.messages.said
    says it in a page's language; str() is the English sentence the API gives."""

    code: str
    day: date | None = None

    @property
    def template(self) -> str:
        return REASONS[self.code]

    @property
    def params(self) -> dict[str, str]:
        return {"day": self.day.isoformat()} if self.day else {}

    def __str__(self) -> str:
        return self.template % self.params

    def stored(self) -> str:
        """The form a release record keeps: the code, and the day after a space."""
        return f"{self.code} {self.day.isoformat()}" if self.day else self.code


_STORED = re.compile(r"([a-z0-9_]+)(?: (\d{4}-\d{2}-\d{2}))?")
# The English sentences records held before the code: each template with its day as written.
_ENGLISH = [(code, re.compile(re.escape(t).replace(re.escape("%(day)s"),
                                                    r"(\d{4}-\d{2}-\d{2})")))
            for code, t in REASONS.items()]


def read(stored: str) -> Reason | str:
    """A release record's reason: its code form, or an English sentence an earlier version
    stored; any other text (a note written by hand) is given back as it is."""
    m = _STORED.fullmatch(stored)
    if m and m.group(1) in REASONS:
        return Reason(m.group(1), date.fromisoformat(m.group(2)) if m.group(2) else None)
    for code, pattern in _ENGLISH:
        if m := pattern.fullmatch(stored):
            return Reason(code, date.fromisoformat(m.group(1)) if m.groups() else None)
    return stored


@dataclass(frozen=True)
class Release:
    policy: str
    releasable: bool
    # The day a test is due (None when no test is needed any more) and the day release is
    # possible at the earliest under this rule.
    test_due: date | None
    earliest: date
    reason: Reason


def day_n(start: date, n: int) -> date:
    return start + timedelta(days=n - 1)


def release_on(start: date, day: date, fully_vaccinated: bool, tests: list[RapidResult]) -> Release:
    """Whether the person may be released on `day`, under the rule in force on `day`."""
    if day < start:
        raise InvalidInput(N_("date %(day)s is before the isolation began (%(start)s)"),
                           code="release_before_start", day=day.isoformat(),
                           start=start.isoformat())
    if day < QD_250_FROM:
        from_day = day_n(start, 10)
        negative = [t for t in tests if t.result == "negative" and from_day <= t.day <= day]
        if negative:
            return Release(LATE_2021, True, None, from_day,
                           Reason("negative_test_day10", negative[-1].day))
        reason = Reason("until_day10" if day < from_day else "test_needed_day10")
        return Release(LATE_2021, False, max(from_day, day), from_day, reason)
    test_day = day_n(start, 7)
    last = day_n(start, 10 if fully_vaccinated else 14)
    negative = [t for t in tests
                if t.result == "negative" and t.supervised and test_day <= t.day <= day]
    if negative:
        return Release(QD_250, True, None, test_day,
                       Reason("negative_test_day7", negative[-1].day))
    if day >= last:
        return Release(QD_250, True, None, test_day,
                       Reason("day10_vaccinated" if fully_vaccinated else "day14_unvaccinated"))
    if day < test_day:
        return Release(QD_250, False, test_day, test_day, Reason("until_day7"))
    return Release(QD_250, False, day, test_day,
                   Reason("test_or_day10" if fully_vaccinated else "test_or_day14", last))
