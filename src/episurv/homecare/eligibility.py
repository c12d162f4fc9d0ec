"""Whether an infected person (F0) may be cared for at home: the criteria of Decision
4038/QĐ-BYT (21/8/2021) until 30/1/2022, and of Decision 261/QĐ-BYT (31/1/2022) from 31/1/2022.

Both decisions: confirmed by RT-PCR or a rapid antigen test; no symptoms or mild ones;
respiratory rate under the warning threshold (< 20/min for adults; for children the age bands
of the same decision's warning signs, see triage.py) and SpO2 > 96% on room air; no abnormal
breathing; no underlying disease, or one that is stable; able to care for oneself with a phone,
or with a caregiver. 4038/QĐ-BYT adds: fully vaccinated, or aged over 1 and under 50 with none
of the listed diseases and not pregnant ("over 1" is read as a completed first year, age ≥ 1).

Pure: the result lists each criterion met or not and names the decision that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from episurv.core.i18n import N_
from episurv.errors import InvalidInput
from episurv.homecare.triage import RULE, resp_rate_limit


@dataclass(frozen=True)
class Policy:
    name: str
    in_force_from: date
    # 4038 only: the vaccination-or-age criterion.
    needs_vaccine_or_age: bool


POLICIES = (Policy("4038/QĐ-BYT", date(2021, 8, 21), True),
            Policy("261/QĐ-BYT", date(2022, 1, 31), False))


@dataclass(frozen=True)
class Assessment:
    """What the station found at intake. None where not known: an unknown criterion is not
    met (a person is kept at home only on what was checked)."""

    confirmed_by: str | None  # "pcr" | "rapid"
    symptoms: str | None  # "none" | "mild" | "moderate" | "severe"
    resp_rate: int | None
    spo2: int | None
    abnormal_breathing: bool | None
    underlying: str | None  # "none" | "stable" | "unstable"
    age: int | None
    fully_vaccinated: bool | None
    listed_disease: bool | None
    pregnant: bool | None
    self_care: bool | None  # a phone and able to use it, or a caregiver at home


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool
    detail: str


@dataclass(frozen=True)
class Result:
    policy: str
    eligible: bool
    criteria: tuple[Criterion, ...]


def policy_on(day: date) -> Policy:
    """The decision in force on `day`; before 4038/QĐ-BYT there was no home-care rule."""
    current = None
    for policy in POLICIES:
        if day >= policy.in_force_from:
            current = policy
    if current is None:
        raise InvalidInput(N_("date %(day)s: no home-care rule was in force (the first, "
                              "%(policy)s, took effect on %(first)s)"), code="no_homecare_rule",
                           day=day.isoformat(), policy=POLICIES[0].name,
                           first=POLICIES[0].in_force_from.isoformat())
    return current


def assess(a: Assessment, day: date) -> Result:
    """Each criterion of the rule in force on `day`, met or not, and the verdict."""
    policy = policy_on(day)
    limit = resp_rate_limit(a.age, RULE)
    criteria = [
        Criterion("confirmed", a.confirmed_by in ("pcr", "rapid"),
                  "confirmed by RT-PCR or a rapid antigen test"),
        Criterion("mild", a.symptoms in ("none", "mild"), "no symptoms or mild symptoms"),
        Criterion("resp_rate", a.resp_rate is not None and a.resp_rate < limit,
                  f"respiratory rate < {limit}/min"),
        Criterion("spo2", a.spo2 is not None and a.spo2 > RULE.spo2_max_warning,
                  f"SpO2 > {RULE.spo2_max_warning}% on room air"),
        Criterion("breathing", a.abnormal_breathing is False, "no abnormal breathing"),
        Criterion("underlying", a.underlying in ("none", "stable"),
                  "no underlying disease, or a stable one"),
    ]
    if policy.needs_vaccine_or_age:
        young = (a.age is not None and 1 <= a.age < 50 and a.listed_disease is False
                 and a.pregnant is False)
        criteria.append(Criterion(
            "vaccine_or_age", bool(a.fully_vaccinated) or young,
            "fully vaccinated, or aged over 1 and under 50 with no listed disease and not "
            "pregnant"))
    criteria.append(Criterion("self_care", a.self_care is True,
                              "can self-care with a phone, or has a caregiver"))
    return Result(policy.name, all(c.met for c in criteria), tuple(criteria))
