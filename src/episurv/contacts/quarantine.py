"""Quarantine of a contact: which rule applies, and the days it sets.

Pure: the exposure date and the person's vaccination facts in, a plan naming its rule out.
The rule that applies is the one in force on the exposure date (domain notes, section 5):

- 5599/BYT-MT (14/7/2021): F1 quarantine 14 days, then 14 days self-monitoring; tests on days
  1, 7 and 14.
- 10696/BYT-MT (16/12/2021): F1 fully vaccinated (last dose 14 days to 6 months before the
  exposure) or recovered within 6 months: 7 days home quarantine + 7 days self-monitoring, tests
  days 1 and 7. Others: 14 days (tests days 1, 7, 14 and no self-monitoring afterwards are
  UNCONFIRMED: the notes give only the 14 days).
- 762/BYT-DP (21/2/2022): F1 with >= 2 doses or recovered within 3 months: 5 days, test day 5;
  others 7 days, test day 7 (no self-monitoring afterwards: UNCONFIRMED).
- 1909/BYT-DP (15/4/2022): F1 no longer quarantined.

F2 (3638/QĐ-BYT, 30/7/2021) are not quarantined: they watch their health at home while their F1
is in quarantine, so their monitoring ends with the F1's quarantine (end date given by the caller).

Day numbering: day n of quarantine is the n-th day after the last exposure (day 1 = exposure + 1),
so a 14-day quarantine after an exposure on 1/11 runs 2/11..15/11. A test day already past when
the contact is identified is moved to the identification day (the first test is done on finding).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from episurv.errors import InvalidInput

SETTINGS = ("home", "facility")


def add_months(d: date, months: int) -> date:
    """The same day `months` later (earlier if negative), clamped to the month's last day."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Immunity:
    """What the rules ask about a person's protection. Unknown counts as not protected."""

    doses: int | None = None
    last_dose: date | None = None
    recovered_on: date | None = None


@dataclass(frozen=True)
class Branch:
    quarantine_days: int
    monitoring_days: int
    test_days: tuple[int, ...]
    setting: str  # the setting the rule names; "none" when no quarantine
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    policy: str
    in_force_from: date
    protected: Branch
    others: Branch
    # How a person counts as protected under this rule (for the result's reason).
    min_doses: int | None  # None: one branch for everyone, vaccinated or not
    dose_age_days: tuple[int, int] | None  # (min days, max months) since the last dose
    recovered_months: int | None

    def is_protected(self, immunity: Immunity, exposure: date) -> tuple[bool, str]:
        if self.min_doses is None:
            return False, "same rule whatever the vaccination"
        if (self.recovered_months is not None and immunity.recovered_on is not None
                and add_months(exposure, -self.recovered_months) <= immunity.recovered_on
                <= exposure):
            return True, f"recovered within {self.recovered_months} months"
        doses = immunity.doses or 0
        if doses < self.min_doses:
            return False, (f"{doses} dose(s), fewer than {self.min_doses}"
                           if immunity.doses is not None else "vaccination unknown")
        if self.dose_age_days is None:
            return True, f"{doses} doses"
        min_days, max_months = self.dose_age_days
        if immunity.last_dose is None:
            return False, "date of the last dose unknown"
        earliest, latest = add_months(exposure, -max_months), exposure - timedelta(days=min_days)
        if earliest <= immunity.last_dose <= latest:
            return True, (f"fully vaccinated, last dose {min_days} days to {max_months} months "
                          "before")
        return False, f"last dose not {min_days} days to {max_months} months before the exposure"


RULES: tuple[Rule, ...] = (
    Rule("5599/BYT-MT", date(2021, 7, 14),
         protected=Branch(14, 14, (1, 7, 14), "home"), others=Branch(14, 14, (1, 7, 14), "home"),
         min_doses=None, dose_age_days=None, recovered_months=None),
    Rule("10696/BYT-MT", date(2021, 12, 16),
         protected=Branch(7, 7, (1, 7), "home"), others=Branch(14, 0, (1, 7, 14), "home", (
             ("UNCONFIRMED: tests on days 1, 7, 14 and no self-monitoring (the notes give only "
              "the 14 days)"),)),
         min_doses=2, dose_age_days=(14, 6), recovered_months=6),
    Rule("762/BYT-DP", date(2022, 2, 21),
         protected=Branch(5, 0, (5,), "home", ("UNCONFIRMED: no self-monitoring after",)),
         others=Branch(7, 0, (7,), "home", ("UNCONFIRMED: no self-monitoring after",)),
         min_doses=2, dose_age_days=None, recovered_months=3),
    Rule("1909/BYT-DP", date(2022, 4, 15),
         protected=Branch(0, 0, (), "none"), others=Branch(0, 0, (), "none"),
         min_doses=None, dose_age_days=None, recovered_months=None),
)


def rule_in_force(exposure: date, rules: tuple[Rule, ...] = RULES) -> Rule:
    """The rule in force on the exposure date: the latest one that started on or before it."""
    found = [r for r in rules if r.in_force_from <= exposure]
    if not found:
        first = min(rules, key=lambda r: r.in_force_from)
        raise InvalidInput(f"no quarantine rule in force on {exposure.isoformat()}: the rules "
                           f"known start with {first.policy} on {first.in_force_from.isoformat()}")
    return max(found, key=lambda r: r.in_force_from)


@dataclass(frozen=True)
class Plan:
    """What the station does for one contact, and which rule said so."""

    policy: str
    level: str
    setting: str
    protected: bool
    reason: str
    quarantine_start: date
    quarantine_end: date | None  # None: no quarantine
    monitoring_end: date | None
    test_dates: tuple[date, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def follow_end(self) -> date:
        """The last day the station follows the person (quarantine or self-monitoring)."""
        ends = [d for d in (self.quarantine_end, self.monitoring_end) if d is not None]
        return max(ends) if ends else self.quarantine_start

    def as_dict(self) -> dict:
        return {"policy": self.policy, "level": self.level, "setting": self.setting,
                "protected": self.protected, "reason": self.reason,
                "quarantine_start": self.quarantine_start.isoformat(),
                "quarantine_end": self.quarantine_end.isoformat() if self.quarantine_end else None,
                "monitoring_end": self.monitoring_end.isoformat() if self.monitoring_end else None,
                "test_dates": [d.isoformat() for d in self.test_dates],
                "notes": list(self.notes)}


def plan_quarantine(exposure: date, immunity: Immunity = Immunity(), *, level: str = "F1",
                    identified_on: date | None = None, setting: str | None = None,
                    source_quarantine_end: date | None = None,
                    rules: tuple[Rule, ...] = RULES) -> Plan:
    """The quarantine plan of a contact exposed on `exposure` under the rule in force then."""
    if level not in ("F1", "F2"):
        raise InvalidInput(f"level must be F1 or F2, got {level!r}")
    if setting is not None and setting not in SETTINGS:
        raise InvalidInput(f"setting must be one of {', '.join(SETTINGS)}, got {setting!r}")
    found = identified_on or exposure
    if found < exposure:
        raise InvalidInput(f"identified on {found.isoformat()}, before the exposure "
                           f"{exposure.isoformat()}")
    rule = rule_in_force(exposure, rules)
    if level == "F2":
        end = source_quarantine_end if source_quarantine_end and source_quarantine_end >= found \
            else None
        return Plan("3638/QĐ-BYT", "F2", "none", False, "F2: self-monitoring while the F1 is in "
                    "quarantine", found, None, end, (), ())
    protected, reason = rule.is_protected(immunity, exposure)
    branch = rule.protected if protected else rule.others
    if branch.quarantine_days == 0:
        return Plan(rule.policy, "F1", "none", protected, "no quarantine under this rule",
                    found, None, None, (), branch.notes)
    notes = branch.notes
    q_end = exposure + timedelta(days=branch.quarantine_days)
    if found > q_end:
        notes += (f"identified after the quarantine period ended ({q_end.isoformat()})",)
    m_end = q_end + timedelta(days=branch.monitoring_days) if branch.monitoring_days else None
    tests = sorted({max(exposure + timedelta(days=n), found) for n in branch.test_days
                    if exposure + timedelta(days=n) >= found or n == branch.test_days[0]})
    return Plan(rule.policy, "F1", setting or branch.setting, protected, reason,
                found, q_end, m_end, tuple(tests), notes)
