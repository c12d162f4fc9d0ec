"""Triage of a home-care check-in: the warning signs of Decision 261/QĐ-BYT (31/1/2022, the
guidance on managing COVID-19 patients at home), giving each check-in a colour and its reasons.

- red, transfer now: any warning sign the decision lists for immediate report and transfer —
  shortness of breath (abnormal breathing in a child); respiratory rate ≥ 20/min (adults and
  children from 12), ≥ 30 (age 5 to under 12), ≥ 40 (age 1 to under 5); SpO2 ≤ 96% confirmed by
  a re-measure after 30 s–1 min; pulse > 120 or < 50/min; blood pressure under 90 systolic or
  under 60 diastolic; persistent chest pain; altered consciousness; cyanosis; a child unable to
  drink or feed, or with signs of MIS-C; a new acute illness (dengue, ...); other instability.
- yellow, call today: signs that are not on the decision's list but that a station nurse should
  follow up on the same day (station practice, UNCONFIRMED as any published figure, so each is a
  field of the rule and may be changed): an SpO2 reading ≤ 96% whose re-measure was above 96%;
  SpO2 of exactly 97%; temperature ≥ 38.5 °C; vomiting or diarrhoea.
- green: continue home care.

Pure: plain values in, a result out (no session, no clock). A result names its policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

POLICY = "261/QĐ-BYT"

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOURS = (RED, YELLOW, GREEN)
_RANK = {RED: 0, YELLOW: 1, GREEN: 2}

# Symptoms a person or a nurse can tick. The red ones are the decision's warning signs.
RED_SYMPTOMS = {
    "dyspnoea": "shortness of breath",
    "abnormal_breathing": "abnormal breathing",
    "chest_pain": "persistent chest pain",
    "confusion": "altered consciousness",
    "cyanosis": "cyanosis (blue lips or skin)",
    "not_feeding": "child unable to drink or feed",
    "mis_c": "signs of MIS-C",
    "new_illness": "a new acute illness",
    "unstable": "other instability",
}
YELLOW_SYMPTOMS = {"vomiting": "vomiting or diarrhoea"}
MILD_SYMPTOMS = {
    "fever": "fever", "cough": "cough", "sore_throat": "sore throat",
    "smell_taste": "loss of smell or taste", "fatigue": "tiredness", "headache": "headache",
    "runny_nose": "runny nose", "aches": "muscle aches",
}
SYMPTOMS = RED_SYMPTOMS | YELLOW_SYMPTOMS | MILD_SYMPTOMS


@dataclass(frozen=True)
class Rule:
    """The thresholds, as the decision states them (red) and as station practice (yellow)."""

    policy: str = POLICY
    # Respiratory rate at or above which it is a warning sign, by age band [from, to) in years.
    # Under 1 year the decision (as summarised in our sources) gives no figure: 50/min is the
    # WHO IMCI fast-breathing threshold for infants, UNCONFIRMED for 261/QĐ-BYT.
    resp_rate_bands: tuple[tuple[int, int, int], ...] = ((0, 1, 50), (1, 5, 40), (5, 12, 30),
                                                         (12, 200, 20))
    spo2_max_warning: int = 96
    pulse_high: int = 120  # > 120
    pulse_low: int = 50  # < 50
    systolic_low: int = 90  # < 90
    diastolic_low: int = 60  # < 60
    # Yellow (station practice, UNCONFIRMED).
    spo2_watch: int = 97
    fever_high: float = 38.5
    red_symptoms: frozenset[str] = frozenset(RED_SYMPTOMS)
    yellow_symptoms: frozenset[str] = frozenset(YELLOW_SYMPTOMS)


RULE = Rule()


@dataclass(frozen=True)
class Reading:
    """One check-in: what was measured (None where not measured) and the symptoms ticked."""

    age: int | None = None
    resp_rate: int | None = None
    pulse: int | None = None
    temperature: float | None = None
    spo2: int | None = None
    # The re-measure after 30 s–1 min the decision asks for when SpO2 ≤ 96%.
    spo2_recheck: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    symptoms: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Triage:
    colour: str
    reasons: tuple[str, ...]
    policy: str


def resp_rate_limit(age: int | None, rule: Rule = RULE) -> int:
    """The respiratory rate (per minute) from which breathing is too fast at this age; an
    unknown age takes the adult figure (the lowest, so no warning is missed)."""
    if age is None:
        return rule.resp_rate_bands[-1][2]
    for low, high, limit in rule.resp_rate_bands:
        if low <= age < high:
            return limit
    return rule.resp_rate_bands[-1][2]


def triage(reading: Reading, rule: Rule = RULE) -> Triage:
    """The colour of a check-in and every reason for it (red reasons first)."""
    r = reading
    red: list[str] = []
    yellow: list[str] = []
    unknown = sorted(r.symptoms - set(SYMPTOMS))
    if unknown:
        raise ValueError(f"unknown symptoms: {', '.join(unknown)}")
    if r.resp_rate is not None and r.resp_rate >= (limit := resp_rate_limit(r.age, rule)):
        red.append(f"respiratory rate {r.resp_rate}/min ≥ {limit}")
    if r.spo2 is not None:
        confirmed = r.spo2_recheck if r.spo2_recheck is not None else r.spo2
        if r.spo2 <= rule.spo2_max_warning and confirmed <= rule.spo2_max_warning:
            red.append(f"SpO2 {confirmed}% ≤ {rule.spo2_max_warning}%"
                       + (" (re-measured)" if r.spo2_recheck is not None else
                          " (not re-measured)"))
        elif r.spo2 <= rule.spo2_max_warning:
            yellow.append(f"SpO2 {r.spo2}% ≤ {rule.spo2_max_warning}%, "
                          f"re-measured {confirmed}%")
        elif min(r.spo2, confirmed) == rule.spo2_watch:
            yellow.append(f"SpO2 {rule.spo2_watch}%")
        elif confirmed <= rule.spo2_max_warning:
            # A re-measure is taken after a low first reading; a low re-measure still counts.
            red.append(f"SpO2 {confirmed}% ≤ {rule.spo2_max_warning}% (re-measured)")
    if r.pulse is not None:
        if r.pulse > rule.pulse_high:
            red.append(f"pulse {r.pulse}/min > {rule.pulse_high}")
        elif r.pulse < rule.pulse_low:
            red.append(f"pulse {r.pulse}/min < {rule.pulse_low}")
    if r.systolic is not None and r.systolic < rule.systolic_low:
        red.append(f"systolic blood pressure {r.systolic} < {rule.systolic_low} mmHg")
    if r.diastolic is not None and r.diastolic < rule.diastolic_low:
        red.append(f"diastolic blood pressure {r.diastolic} < {rule.diastolic_low} mmHg")
    red += [SYMPTOMS[s] for s in sorted(r.symptoms & rule.red_symptoms)]
    if r.temperature is not None and r.temperature >= rule.fever_high:
        yellow.append(f"temperature {r.temperature:g} °C ≥ {rule.fever_high:g}")
    yellow += [SYMPTOMS[s] for s in sorted(r.symptoms & rule.yellow_symptoms)]
    colour = RED if red else YELLOW if yellow else GREEN
    return Triage(colour, tuple(red + yellow), rule.policy)


def worst(colours: list[str]) -> str:
    """The most urgent of several colours (green when there are none)."""
    return min(colours, key=_RANK.__getitem__, default=GREEN)
