"""The level of one unit for one week, from plain figures, with the explanation of every step.

Pure: figures in, level and criteria out (no session, no clock, no I/O). The rules and their
figures are the policy's (levels.policy: 4800/QĐ-BYT, 218/QĐ-BYT, a province's adjustment);
this module applies them in the order the decisions give:

1. community cases per 100,000 in 7 days -> the base level (the band it falls in);
2. vaccination targets missed -> +1 (4800: not where there were no cases), never above 4;
3. (218) deaths per 100,000 in 7 days above the threshold -> +1;
4. capacity not met -> the level may not be lowered below last week's;
5. a manual decision in force overrides the computed level and is shown as such.

A missing figure that the result depends on is named ("no population for ward X") and the unit
gets no level; a figure the result does not depend on (coverage in a week without cases under
4800, capacity when the level does not fall) is not required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from episurv.levels.policy import (
    COLOURS,
    THRESHOLD_NAMES,
    Policy,
    Threshold,
    retroactive,
)

COVERAGE_FIELDS = ("adult_dose1_pct", "elderly_full_pct", "population_full_pct",
                   "high_risk_full_pct")
COVERAGE_LABELS = {
    "adult_dose1_pct": "18+ with ≥1 dose",
    "elderly_full_pct": "65+ full coverage",
    "population_full_pct": "population full coverage",
    "high_risk_full_pct": "high-risk full coverage",
}
UNCONFIRMED = " (UNCONFIRMED default)"


@dataclass(frozen=True)
class Coverage:
    """Vaccination coverage in %, as of a date; `of` names the unit the figures are of when
    they are a parent unit's (a ward without its own figures)."""

    as_of: date
    adult_dose1_pct: float | None = None
    elderly_full_pct: float | None = None
    population_full_pct: float | None = None
    high_risk_full_pct: float | None = None
    of: str | None = None


@dataclass(frozen=True)
class Capacity:
    as_of: date
    oxygen_at_station: bool | None = None
    mobile_station_plan: bool | None = None
    free_beds_per_100k: float | None = None
    icu_beds: int | None = None
    of: str | None = None


@dataclass(frozen=True)
class Decision:
    level: int
    valid_from: date
    reason: str
    reference: str | None
    decided_by: str
    valid_to: date | None = None


@dataclass(frozen=True)
class UnitFigures:
    """What a unit's assessment reads for the week ending on `day`."""

    unit_level: str  # ward | district | province
    code: int
    name: str
    day: date
    population: int | None
    cases: int | None  # community cases in the 7 days ending on `day`
    deaths: int | None = None
    oxygen_cases: int | None = None
    coverage: Coverage | None = None
    capacity: Capacity | None = None
    previous_level: int | None = None  # last week's level before any capacity hold


@dataclass
class Criterion:
    key: str
    value: float | int | str | None
    threshold: str | None
    effect: str
    text: str
    unconfirmed: bool = False

    def as_dict(self) -> Any:
        return {"key": self.key, "value": self.value, "threshold": self.threshold,
                "effect": self.effect, "unconfirmed": self.unconfirmed, "text": self.text}


@dataclass
class Assessment:
    level: int | None
    computed_level: int | None
    criteria: list[Criterion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    decision: Decision | None = None
    rate: float | None = None
    # The level before the capacity hold: next week's `previous_level`.
    level_before_hold: int | None = None
    # Capacity is lacking or unknown and last week's level was not given: with it the result
    # could differ (the level may not fall), so the caller should assess again with it.
    needs_previous: bool = False

    @property
    def colour(self) -> str | None:
        return COLOURS.get(self.level) if self.level else None

    @property
    def unconfirmed(self) -> bool:
        return any(c.unconfirmed for c in self.criteria)

    def explanation(self) -> list[str]:
        lines = [c.text for c in self.criteria]
        lines += [f"not assessable: {m}" for m in self.missing]
        return lines


def dmy(d: date) -> str:
    """A date as the explanations write it (13/11/2021); faster than strftime."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


_FMT: dict[float, str] = {}


def fmt(x: float) -> str:
    """A figure as the explanation writes it: whole numbers without decimals, else one.
    Remembered: thresholds and coverage figures repeat across thousands of units."""
    text = _FMT.get(x)
    if text is None:
        text = f"{x:.1f}"
        text = text[:-2] if text.endswith(".0") else text
        if len(_FMT) < 100_000:
            _FMT[x] = text
    return text


SYMBOL = {">=": "≥", ">": ">"}


@lru_cache(maxsize=256)
def _bound(t: Threshold) -> str:
    return f"{SYMBOL[t.op]} {fmt(t.value)}"


def band(rate: float, policy: Policy) -> tuple[int, str, bool]:
    """The level of a weekly rate, the band written out, and whether a boundary of that band is
    an unconfirmed default."""
    thresholds = policy.case_bands
    level = 1
    for t in thresholds:
        if t.reached(rate):
            level += 1
    below = thresholds[level - 2] if level > 1 else None
    above = thresholds[level - 1] if level < 4 else None
    parts = []
    if below:
        parts.append(_bound(below))
    if above:
        parts.append(("< " if above.op == ">=" else "≤ ") + fmt(above.value))
    unconfirmed = any(t is not None and t.unconfirmed for t in (below, above))
    return level, " and ".join(parts), unconfirmed


def _mark(unconfirmed: bool, adjusted_by: str | None = None) -> str:
    if adjusted_by:
        return f" (set by {adjusted_by})"
    return UNCONFIRMED if unconfirmed else ""


def assess(unit: UnitFigures, policy: Policy, decision: Decision | None = None) -> Assessment:
    """The unit's level under `policy`, with one criterion per step (see the module notes)."""
    out = Assessment(level=None, computed_level=None, decision=decision)
    label = f"{unit.unit_level} {unit.name}"
    if not unit.population:
        out.missing.append(f"no population for {label}")
    if unit.cases is None:
        out.missing.append(f"no community case counts for {label}")
    if out.missing:
        return _decided(out, decision)
    assert unit.population is not None and unit.cases is not None
    if retroactive(policy, unit.day):
        out.criteria.append(Criterion(
            "policy", policy.name, None, "applied retroactively",
            f"{policy.name} applied retroactively: levels did not exist before "
            f"{dmy(policy.valid_from)}"))
    rate = unit.cases * 100_000 / unit.population
    out.rate = rate
    level, written, unconfirmed = band(rate, policy)
    adjusted_by = next((t.adjusted_by for t in policy.case_bands if t.adjusted_by), None)
    out.criteria.append(Criterion(
        "cases", round(rate, 1), written, f"level {level}",
        f"{fmt(rate)} community cases per 100,000 in 7 days ({unit.cases} "
        f"case{'' if unit.cases == 1 else 's'}, population "
        f"{unit.population:,}) {written} → level {level}{_mark(unconfirmed, adjusted_by)}",
        unconfirmed))

    level = _vaccination(out, unit, policy, level, label)
    if level is None:
        return _decided(out, decision)
    if policy.deaths_step:
        level = _deaths(out, unit, policy, level, label)
        if level is None:
            return _decided(out, decision)
        _oxygen(out, unit)
    out.level_before_hold = level
    level = _capacity(out, unit, policy, level, label)
    if level is None:
        return _decided(out, decision)
    out.computed_level = level
    out.level = level
    return _decided(out, decision)


def _vaccination(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
                 label: str) -> int | None:
    if policy.vaccination_needs_cases and unit.cases == 0:
        out.criteria.append(Criterion(
            "vaccination", None, None, "not applied",
            "no community cases in 7 days → vaccination coverage not applied"
            + _mark(policy.vaccination_unconfirmed)))
        return level
    missed = []
    coverage = unit.coverage
    of = ""
    if coverage is not None:
        of = (f" ({coverage.of}, as of {dmy(coverage.as_of)})" if coverage.of
              else f" (as of {dmy(coverage.as_of)})")
    for key in policy.vaccination_targets:
        value = getattr(coverage, key) if coverage else None
        if value is None:
            out.missing.append(f"no vaccination coverage ({THRESHOLD_NAMES[key]}) for {label}")
            continue
        t = policy.thresholds[key]
        met = t.reached(value)
        if not met:
            missed.append(key)
        sign = ("≥" if met else "<") if t.op == ">=" else (">" if met else "≤")
        unconfirmed = t.unconfirmed or policy.vaccination_unconfirmed
        effect = "met" if met else "+1"
        out.criteria.append(Criterion(
            key, value, _bound(t), effect,
            f"{COVERAGE_LABELS[key]} {fmt(value)}% {sign} {fmt(t.value)}%{of} → {effect}"
            + _mark(unconfirmed, t.adjusted_by), unconfirmed))
    if out.missing:
        return None
    if missed:
        raised = min(level + 1, 4)
        effect = f"level {raised}" if raised > level else "already level 4"
        out.criteria.append(Criterion(
            "vaccination", len(missed), None, effect,
            f"vaccination target missed → +1 → {effect}"
            + _mark(policy.vaccination_unconfirmed), policy.vaccination_unconfirmed))
        return raised
    return level


def _deaths(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
            label: str) -> int | None:
    if unit.deaths is None:
        out.missing.append(f"no death counts for {label}")
        return None
    assert unit.population
    t = policy.thresholds["deaths_per_100k"]
    rate = unit.deaths * 100_000 / unit.population
    if t.reached(rate):
        raised = min(level + 1, 4)
        effect = f"level {raised}" if raised > level else "already level 4"
        text = f"{fmt(rate)} deaths per 100,000 in 7 days {_bound(t)} → +1 → {effect}"
    else:
        raised, effect = level, "no change"
        text = f"{fmt(rate)} deaths per 100,000 in 7 days, not {_bound(t)} → no change"
    out.criteria.append(Criterion("deaths_per_100k", round(rate, 2), _bound(t), effect,
                                  text + _mark(t.unconfirmed, t.adjusted_by), t.unconfirmed))
    return raised


def _oxygen(out: Assessment, unit: UnitFigures) -> None:
    # 218 names cases needing oxygen or ventilation among the criteria; its figure was not
    # found, so the count is shown and not applied.
    if unit.oxygen_cases is None:
        return
    assert unit.population
    rate = unit.oxygen_cases * 100_000 / unit.population
    out.criteria.append(Criterion(
        "oxygen_cases_per_100k", round(rate, 2), None, "not applied",
        f"{fmt(rate)} cases needing oxygen or ventilation per 100,000 in 7 days → shown, not "
        "applied (threshold NOT FOUND)", True))


def _capacity_problems(unit: UnitFigures, policy: Policy) -> list[str] | None:
    """What capacity lacks ([] when met); None when the figures are missing."""
    cap = unit.capacity
    if cap is None:
        return None
    problems = []
    if cap.oxygen_at_station is None or cap.mobile_station_plan is None:
        return None
    if not cap.oxygen_at_station:
        problems.append("no oxygen at every health station")
    if not cap.mobile_station_plan:
        problems.append("no plan for mobile medical stations")
    if unit.unit_level != "ward":
        for key, value in (("free_beds_per_100k", cap.free_beds_per_100k),
                           ("icu_beds", cap.icu_beds)):
            t = policy.thresholds.get(key)
            if t is None:
                continue  # NOT FOUND in the decisions; applied only when a province sets it
            if value is None:
                return None
            if not t.reached(value):
                problems.append(f"{THRESHOLD_NAMES[key]} {fmt(value)} < {fmt(t.value)}")
    return problems


def _capacity(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
              label: str) -> int | None:
    if not policy.capacity_holds_level:
        return level
    problems = _capacity_problems(unit, policy)
    previous = unit.previous_level
    out.needs_previous = previous is None and (problems is None or bool(problems))
    falls = previous is not None and level < previous
    mark = _mark(policy.capacity_unconfirmed)
    if problems is None:
        if falls:
            out.missing.append(f"no capacity figures for {label}: cannot tell whether the level "
                               f"may be lowered from {previous}")
            return None
        out.criteria.append(Criterion(
            "capacity", None, None, "not needed",
            "capacity not reported → not needed (it matters only when the level would fall)"))
        return level
    if not problems:
        out.criteria.append(Criterion("capacity", "met", None, "met",
                                      "treatment capacity met" + mark,
                                      policy.capacity_unconfirmed))
        return level
    lacking = "; ".join(problems)
    if falls:
        assert previous is not None
        out.criteria.append(Criterion(
            "capacity", lacking, None, f"held at level {previous}",
            f"capacity not met ({lacking}) → may not be lowered below last week's level "
            f"{previous} → level {previous}" + mark, policy.capacity_unconfirmed))
        return previous
    out.criteria.append(Criterion(
        "capacity", lacking, None, "no change",
        f"capacity not met ({lacking}) → the level may not be lowered" + mark,
        policy.capacity_unconfirmed))
    return level


def _decided(out: Assessment, decision: Decision | None) -> Assessment:
    if decision is None:
        return out
    computed = (f"computed level {out.computed_level}" if out.computed_level
                else "no computed level")
    reference = f" ({decision.reference})" if decision.reference else ""
    out.criteria.append(Criterion(
        "decision", decision.level, None, f"level {decision.level}",
        # Who decided stays out of the text: explanations are published, staff names are not.
        f"decision: level {decision.level} from {dmy(decision.valid_from)}: "
        f"{decision.reason}{reference} → overrides {computed}"))
    out.level = decision.level
    return out


def combine(children: list[tuple[str, int | None, int | None]], how: str) -> tuple[
        int | None, str, list[str]]:
    """A district's or province's level from its wards' (name, level, population): the highest,
    or the population-weighted mean rounded half up. Returns the level, the explanation and the
    children that have no level (the result is then not assessable)."""
    missing = [name for name, level, _pop in children if level is None]
    if missing or not children:
        return None, "", missing
    if how == "highest":
        level = max(level for _n, level, _p in children if level)
        return level, f"highest level of its {len(children)} units → level {level}", []
    total = sum(pop or 0 for _n, _l, pop in children)
    if total == 0:
        return None, "", [name for name, _l, _p in children]
    mean = sum((level or 0) * (pop or 0) for _n, level, pop in children) / total
    level = min(4, max(1, int(mean + 0.5)))
    return level, (f"population-weighted mean level of its {len(children)} units "
                   f"{mean:.2f} → level {level}"), []
