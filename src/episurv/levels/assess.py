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
from functools import cache, lru_cache
from typing import Any

from episurv.core.i18n import N_
from episurv.levels.policy import (
    COLOURS,
    LEVELS,
    WRITTEN_THRESHOLD_NAMES,
    Policy,
    Threshold,
    retroactive,
)
from episurv.textfmt import in_marks, translator

COVERAGE_FIELDS = ("adult_dose1_pct", "elderly_full_pct", "population_full_pct",
                   "high_risk_full_pct")
COVERAGE_LABELS = {
    "adult_dose1_pct": N_("18+ with ≥1 dose"),
    "elderly_full_pct": N_("65+ full coverage"),
    "population_full_pct": N_("population full coverage"),
    "high_risk_full_pct": N_("high-risk full coverage"),
}


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


# Not frozen: built for every unit and week, and a frozen dataclass's __init__ must set each
# field through object.__setattr__ instead of a plain assignment (Python's dataclasses
# documentation, "Frozen instances").
@dataclass(slots=True)
class UnitFigures:
    """What a unit's assessment reads for the week ending on `day`."""

    unit_level: str  # ward | district | province
    code: int
    name: str
    day: date
    population: int | None
    cases: int | None  # community cases in the 7 days ending on `day`
    # Where they were counted: "register" (the line list) or "aggregates" (the daily figures
    # a province or district submitted, `reported_days` of the 7); None: not said.
    cases_source: str | None = None
    reported_days: int | None = None
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
        # Written once: the criteria that coverage and capacity rows share are the same object
        # for every unit and week that reads them.
        d = self.__dict__.get("_dict")
        if d is None:
            d = self.__dict__["_dict"] = {
                "key": self.key, "value": self.value, "threshold": self.threshold,
                "effect": self.effect, "unconfirmed": self.unconfirmed, "text": self.text}
        return d


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

    def explanation(self, lang: str = "en") -> list[str]:
        lines = [c.text for c in self.criteria]
        lines += [messages(lang)["not_assessable"].format(m) for m in self.missing]
        return lines


# The explanations' sentences, in English (the API's); each other language's are in the
# "reports" catalog, so a further language is a catalog. Vietnamese (the pages' default) writes
# a unit by its name alone ("label").
_MESSAGES: dict[str, str] = {
    "not_assessable": N_("not assessable: {}"),
    "no_level": N_("no level for {}"),
    "label": N_("{level} {name}"),
    "no_population": N_("no population for {label}"),
    "no_cases": N_("no community case counts for {label}"),
    "retroactive": N_("{policy} applied retroactively: levels did not exist before {date}"),
    "cases": N_("{rate} community cases per 100,000 in 7 days ({n} {cases}{source}, population "
                "{pop}) {band} → level {level}{mark}"),
    "register": N_(" in the case register"),
    "aggregates": N_(" in the daily figures reported for {days} of the 7 days"),
    "and": N_(" and "),
    "no_cases_vaccination": N_("no community cases in 7 days → vaccination coverage not "
                               "applied{mark}"),
    "as_of": N_(" (as of {date})"),
    "of_as_of": N_(" ({of}, as of {date})"),
    "coverage": N_("{what} {value}% {sign} {threshold}%{of} → {effect}{mark}"),
    "met": N_("met"),
    "no_coverage": N_("no vaccination coverage ({what}) for {label}"),
    "missed": N_("vaccination target missed → +1 → {effect}{mark}"),
    "level": N_("level {}"),
    "already_4": N_("already level 4"),
    "no_deaths": N_("no death counts for {label}"),
    "deaths_up": N_("{rate} deaths per 100,000 in 7 days {bound} → +1 → {effect}{mark}"),
    "deaths_same": N_("{rate} deaths per 100,000 in 7 days, not {bound} → no change{mark}"),
    "oxygen": N_("{rate} cases needing oxygen or ventilation per 100,000 in 7 days → shown, "
                 "not applied (threshold NOT FOUND)"),
    "no_oxygen": N_("no oxygen at every health station"),
    "no_plan": N_("no plan for mobile medical stations"),
    "short": N_("{what} {value} < {threshold}"),
    "no_capacity": N_("no capacity figures for {label}: cannot tell whether the level may be "
                      "lowered from {previous}"),
    "capacity_unknown": N_("capacity not reported → not needed (it matters only when the level "
                           "would fall)"),
    "capacity_met": N_("treatment capacity met{mark}"),
    "held": N_("capacity not met ({lacking}) → may not be lowered below last week's level "
               "{previous} → level {previous}{mark}"),
    "not_lowered": N_("capacity not met ({lacking}) → the level may not be lowered{mark}"),
    "computed": N_("computed level {}"),
    "no_computed": N_("no computed level"),
    "decision": N_("decision: level {level} from {date}: {reason}{reference} → overrides "
                   "{computed}"),
    "unconfirmed": N_(" (UNCONFIRMED default)"),
    "set_by": N_(" (set by {})"),
    "highest": N_("highest level of its {n} units → level {level}"),
    "weighted": N_("population-weighted mean level of its {n} units {mean} → level {level}"),
}


@cache
def messages(lang: str) -> dict[str, str]:
    """The explanations' sentences in `lang`, from the "reports" catalog (English: as written)."""
    t = translator(lang)
    return {key: t.gettext(text) for key, text in _MESSAGES.items()}


@cache
def coverage_words(lang: str) -> dict[str, str]:
    """A coverage figure's name in `lang` ("18+ with ≥1 dose")."""
    t = translator(lang)
    return {key: t.gettext(text) for key, text in COVERAGE_LABELS.items()}


@cache
def threshold_words(lang: str) -> dict[str, str]:
    """The names in `lang` of the thresholds an explanation can find unreported or short."""
    t = translator(lang)
    return {key: t.gettext(name) for key, name in WRITTEN_THRESHOLD_NAMES.items()}


def _cases_word(n: int, lang: str) -> str:
    return translator(lang).ngettext("case", "cases", n)


def dmy(d: date) -> str:
    """A date as the explanations write it (13/11/2021); faster than strftime."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


_FMT: dict[tuple[float, str], str] = {}


def fmt(x: float, lang: str = "en") -> str:
    """A figure as the explanation writes it: whole numbers without decimals, else one, with
    the language's decimal mark from CLDR (vi 11,4). Remembered: thresholds and coverage
    figures repeat across thousands of units."""
    text = _FMT.get((x, lang))
    if text is None:
        text = f"{x:.1f}"
        text = text[:-2] if text.endswith(".0") else text
        text = in_marks(text, lang)
        if len(_FMT) < 100_000:
            _FMT[(x, lang)] = text
    return text


def _count(n: int, lang: str) -> str:
    return in_marks(f"{n:,}", lang)


SYMBOL = {">=": "≥", ">": ">"}


@lru_cache(maxsize=512)
def _bound(t: Threshold, lang: str = "en") -> str:
    return f"{SYMBOL[t.op]} {fmt(t.value, lang)}"


def band(rate: float, policy: Policy, lang: str = "en") -> tuple[int, str, bool]:
    """The level of a weekly rate, the band written out, and whether a boundary of that band is
    an unconfirmed default."""
    level = _case_level(rate, policy)
    written, unconfirmed = _written(policy, lang).bands[level]
    return level, written, unconfirmed


def _case_level(rate: float, policy: Policy) -> int:
    """The base level of a weekly rate: 1, and one more for each case band boundary reached."""
    return 1 + sum(t.reached(rate) for t in policy.case_bands)


@dataclass(frozen=True)
class _Target:
    """A vaccination target as every explanation writes it."""

    key: str
    rule: Threshold
    words: str
    bound: str  # in English, for the criterion's threshold field
    threshold: str
    mark: str
    unconfirmed: bool


@dataclass(frozen=True)
class _Written:
    """What a policy's explanations write the same way for every unit, in one language: the
    case bands, their marks and the vaccination targets."""

    bands: dict[int, tuple[str, bool]]
    bands_en: dict[int, str]
    marks: dict[int, str]
    targets: tuple[_Target, ...]


# Keyed by the policy's value: a province's adjusted policy, built again by a later run, finds
# what was written for the same thresholds.
_WRITTEN: dict[tuple[Policy, str], _Written] = {}


def _written(policy: Policy, lang: str) -> _Written:
    w = _WRITTEN.get((policy, lang))
    if w is None:
        thresholds = policy.case_bands
        bands = {level: _band_text(thresholds, level, lang) for level in LEVELS}
        adjusted_by = next((t.adjusted_by for t in thresholds if t.adjusted_by), None)
        targets = []
        for key in policy.vaccination_targets:
            t = policy.thresholds[key]
            unconfirmed = t.unconfirmed or policy.vaccination_unconfirmed
            targets.append(_Target(key, t, coverage_words(lang)[key],
                                   _bound(t), fmt(t.value, lang),
                                   _mark(lang, unconfirmed, t.adjusted_by), unconfirmed))
        w = _Written(bands,
                     {level: _band_text(thresholds, level, "en")[0] for level in LEVELS},
                     {level: _mark(lang, bands[level][1], adjusted_by) for level in LEVELS},
                     tuple(targets))
        if len(_WRITTEN) > 256:
            _WRITTEN.clear()
        _WRITTEN[(policy, lang)] = w
    return w


def _band_text(thresholds: tuple[Threshold, Threshold, Threshold], level: int,
               lang: str) -> tuple[str, bool]:
    below = thresholds[level - 2] if level > 1 else None
    above = thresholds[level - 1] if level < 4 else None
    parts = []
    if below:
        parts.append(_bound(below, lang))
    if above:
        parts.append(("< " if above.op == ">=" else "≤ ") + fmt(above.value, lang))
    unconfirmed = bool((below and below.unconfirmed) or (above and above.unconfirmed))
    return messages(lang)["and"].join(parts), unconfirmed


def _mark(lang: str, unconfirmed: bool, adjusted_by: str | None = None) -> str:
    if adjusted_by:
        return messages(lang)["set_by"].format(adjusted_by)
    return messages(lang)["unconfirmed"] if unconfirmed else ""


def _level(lang: str, level: int, before: int) -> str:
    return messages(lang)["level"].format(level) if level > before else messages(lang)["already_4"]


def assess(unit: UnitFigures, policy: Policy, decision: Decision | None = None,
           lang: str = "en", memo: dict | None = None) -> Assessment:
    """The unit's level under `policy`, with one criterion per step (see the module notes);
    the explanations in `lang` (any language textfmt writes). `memo`: a dict the caller keeps
    while it assesses many units with the same policy and input rows, so the criteria that
    depend only on them (coverage, capacity) are written once; the result is the same without
    it."""
    m = messages(lang)
    out = Assessment(level=None, computed_level=None, decision=decision)
    if not unit.population or unit.cases is None:
        label = m["label"].format(level=unit.unit_level, name=unit.name)
        if not unit.population:
            out.missing.append(m["no_population"].format(label=label))
        if unit.cases is None:
            out.missing.append(m["no_cases"].format(label=label))
        return _decided(out, decision, lang)
    if retroactive(policy, unit.day):
        out.criteria.append(Criterion(
            "policy", policy.name, None, "applied retroactively",
            m["retroactive"].format(policy=policy.name, date=dmy(policy.valid_from))))
    cases, population = unit.cases, unit.population
    rate = cases * 100_000 / population
    out.rate = rate
    w = _written(policy, lang)
    level = _case_level(rate, policy)
    written, unconfirmed = w.bands[level]
    out.criteria.append(Criterion(
        "cases", round(rate, 1), w.bands_en[level], _LEVEL_EFFECT[level],
        m["cases"].format(rate=fmt(rate, lang), n=cases,
                          cases=_cases_word(cases, lang),
                          source=_source(unit, lang),
                          pop=_count(population, lang), band=written, level=level,
                          mark=w.marks[level]),
        unconfirmed))

    level = _vaccination(out, unit, policy, level, lang, memo)
    if level is None:
        return _decided(out, decision, lang)
    if policy.deaths_step:
        level = _deaths(out, unit, policy, level, lang)
        if level is None:
            return _decided(out, decision, lang)
        _oxygen(out, unit, lang)
    out.level_before_hold = level
    level = _capacity(out, unit, policy, level, lang, memo)
    if level is None:
        return _decided(out, decision, lang)
    out.computed_level = level
    out.level = level
    return _decided(out, decision, lang)


_LEVEL_EFFECT = {level: f"level {level}" for level in LEVELS}


def _source(unit: UnitFigures, lang: str) -> str:
    if unit.cases_source is None:
        return ""
    return messages(lang)[unit.cases_source].format(days=unit.reported_days)


def _label(unit: UnitFigures, lang: str) -> str:
    return messages(lang)["label"].format(level=unit.unit_level, name=unit.name)


def _remembered(memo: dict | None, key: tuple) -> Any:
    """What `memo` holds under `key` (its policy, coverage and capacity by value), None when
    nothing or there is no memo."""
    return None if memo is None else memo.get(key)


def _vaccination(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
                 lang: str, memo: dict | None = None) -> int | None:
    m = messages(lang)
    if policy.vaccination_needs_cases and unit.cases == 0:
        key = ("no_cases_vaccination", policy, lang)
        criterion = _remembered(memo, key)
        if criterion is None:
            criterion = Criterion(
                "vaccination", None, None, "not applied",
                m["no_cases_vaccination"].format(
                    mark=_mark(lang, policy.vaccination_unconfirmed)))
            if memo is not None:
                memo[key] = criterion
        out.criteria.append(criterion)
        return level
    coverage = unit.coverage
    key = ("coverage", coverage, policy, lang)
    found = _remembered(memo, key)
    if found is None:
        found = _coverage_criteria(unit, policy, lang)
        if memo is not None and not found[2]:
            memo[key] = found
    criteria, missed, missing = found
    out.criteria.extend(criteria)
    if missing:
        out.missing.extend(missing)
        return None
    if missed:
        raised = min(level + 1, 4)
        key = ("missed", policy, lang, level, missed)
        criterion = _remembered(memo, key)
        if criterion is None:
            effect = f"level {raised}" if raised > level else "already level 4"
            criterion = Criterion(
                "vaccination", missed, None, effect,
                m["missed"].format(effect=_level(lang, raised, level),
                                   mark=_mark(lang, policy.vaccination_unconfirmed)),
                policy.vaccination_unconfirmed)
            if memo is not None:
                memo[key] = criterion
        out.criteria.append(criterion)
        return raised
    return level


def _coverage_criteria(unit: UnitFigures, policy: Policy, lang: str
                       ) -> tuple[list[Criterion], int, list[str]]:
    """One criterion per vaccination target, how many were missed, and what is missing."""
    m = messages(lang)
    criteria: list[Criterion] = []
    missing: list[str] = []
    missed = 0
    coverage = unit.coverage
    of = ""
    if coverage is not None:
        of = (m["of_as_of"].format(of=coverage.of, date=dmy(coverage.as_of)) if coverage.of
              else m["as_of"].format(date=dmy(coverage.as_of)))
    template = m["coverage"]
    for t in _written(policy, lang).targets:
        value = getattr(coverage, t.key) if coverage else None
        if value is None:
            missing.append(m["no_coverage"].format(what=threshold_words(lang)[t.key],
                                                   label=_label(unit, lang)))
            continue
        met = t.rule.reached(value)
        if not met:
            missed += 1
        sign = (">" if met else "≤") if t.rule.op == ">" else ("≥" if met else "<")
        effect = "met" if met else "+1"
        criteria.append(Criterion(
            t.key, value, t.bound, effect,
            template.format(what=t.words, value=fmt(value, lang), sign=sign,
                            threshold=t.threshold, of=of, effect=m["met"] if met else "+1",
                            mark=t.mark),
            t.unconfirmed))
    return criteria, missed, missing


def _deaths(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
            lang: str) -> int | None:
    m = messages(lang)
    if unit.deaths is None:
        out.missing.append(m["no_deaths"].format(label=_label(unit, lang)))
        return None
    assert unit.population
    t = policy.thresholds["deaths_per_100k"]
    rate = unit.deaths * 100_000 / unit.population
    mark = _mark(lang, t.unconfirmed, t.adjusted_by)
    if t.reached(rate):
        raised = min(level + 1, 4)
        effect = f"level {raised}" if raised > level else "already level 4"
        text = m["deaths_up"].format(rate=fmt(rate, lang), bound=_bound(t, lang),
                                     effect=_level(lang, raised, level), mark=mark)
    else:
        raised, effect = level, "no change"
        text = m["deaths_same"].format(rate=fmt(rate, lang), bound=_bound(t, lang), mark=mark)
    out.criteria.append(Criterion("deaths_per_100k", round(rate, 2), _bound(t), effect, text,
                                  t.unconfirmed))
    return raised


def _oxygen(out: Assessment, unit: UnitFigures, lang: str) -> None:
    # 218 names cases needing oxygen or ventilation among the criteria; its figure was not
    # found, so the count is shown and not applied.
    if unit.oxygen_cases is None:
        return
    assert unit.population
    rate = unit.oxygen_cases * 100_000 / unit.population
    out.criteria.append(Criterion(
        "oxygen_cases_per_100k", round(rate, 2), None, "not applied",
        messages(lang)["oxygen"].format(rate=fmt(rate, lang)), True))


def _capacity_problems(unit: UnitFigures, policy: Policy, lang: str) -> list[str] | None:
    """What capacity lacks ([] when met); None when the figures are missing."""
    cap = unit.capacity
    if cap is None:
        return None
    m = messages(lang)
    problems = []
    if cap.oxygen_at_station is None or cap.mobile_station_plan is None:
        return None
    if not cap.oxygen_at_station:
        problems.append(m["no_oxygen"])
    if not cap.mobile_station_plan:
        problems.append(m["no_plan"])
    if unit.unit_level != "ward":
        for key, value in (("free_beds_per_100k", cap.free_beds_per_100k),
                           ("icu_beds", cap.icu_beds)):
            t = policy.thresholds.get(key)
            if t is None:
                continue  # NOT FOUND in the decisions; applied only when a province sets it
            if value is None:
                return None
            if not t.reached(value):
                problems.append(m["short"].format(what=threshold_words(lang)[key],
                                                  value=fmt(value, lang),
                                                  threshold=fmt(t.value, lang)))
    return problems


def _capacity(out: Assessment, unit: UnitFigures, policy: Policy, level: int,
              lang: str, memo: dict | None = None) -> int | None:
    if not policy.capacity_holds_level:
        return level
    m = messages(lang)
    cap = unit.capacity
    key = ("capacity", cap, policy, lang, unit.unit_level == "ward")
    problems = _remembered(memo, key)
    if problems is None:
        problems = _capacity_problems(unit, policy, lang)
        if memo is not None:
            # None (figures missing) is stored as False to tell it from "not remembered".
            memo[key] = False if problems is None else problems
    elif problems is False:
        problems = None
    previous = unit.previous_level
    out.needs_previous = previous is None and (problems is None or bool(problems))
    falls = previous is not None and level < previous
    if problems is None and falls:
        out.missing.append(m["no_capacity"].format(label=_label(unit, lang), previous=previous))
        return None
    lacking = "; ".join(problems) if problems else ""
    kind = "unknown" if problems is None else "met" if not problems else \
        "held" if falls else "not_lowered"
    key = ("capacity_criterion", policy, lang, kind, lacking, previous if falls else None)
    criterion = _remembered(memo, key)
    if criterion is None:
        mark = _mark(lang, policy.capacity_unconfirmed)
        if kind == "unknown":
            criterion = Criterion("capacity", None, None, "not needed", m["capacity_unknown"])
        elif kind == "met":
            criterion = Criterion("capacity", "met", None, "met",
                                  m["capacity_met"].format(mark=mark),
                                  policy.capacity_unconfirmed)
        elif kind == "held":
            criterion = Criterion(
                "capacity", lacking, None, f"held at level {previous}",
                m["held"].format(lacking=lacking, previous=previous, mark=mark),
                policy.capacity_unconfirmed)
        else:
            criterion = Criterion(
                "capacity", lacking, None, "no change",
                m["not_lowered"].format(lacking=lacking, mark=mark),
                policy.capacity_unconfirmed)
        if memo is not None:
            memo[key] = criterion
    out.criteria.append(criterion)
    if kind == "held":
        assert previous is not None
        return previous
    return level


def _decided(out: Assessment, decision: Decision | None, lang: str) -> Assessment:
    if decision is None:
        return out
    m = messages(lang)
    computed = (m["computed"].format(out.computed_level) if out.computed_level
                else m["no_computed"])
    reference = f" ({decision.reference})" if decision.reference else ""
    out.criteria.append(Criterion(
        "decision", decision.level, None, f"level {decision.level}",
        # Who decided stays out of the text: explanations are published, staff names are not.
        m["decision"].format(level=decision.level, date=dmy(decision.valid_from),
                             reason=decision.reason, reference=reference, computed=computed)))
    out.level = decision.level
    return out


def combine(children: list[tuple[str, int | None, int | None]], how: str,
            lang: str = "en") -> tuple[int | None, str, list[str]]:
    """A district's or province's level from its wards' (name, level, population): the highest,
    or the population-weighted mean rounded half up. Returns the level, the explanation and the
    children that have no level (the result is then not assessable)."""
    missing = [name for name, level, _pop in children if level is None]
    if missing or not children:
        return None, "", missing
    m = messages(lang)
    if how == "highest":
        level = max(level for _n, level, _p in children if level)
        return level, m["highest"].format(n=len(children), level=level), []
    total = sum(pop or 0 for _n, _l, pop in children)
    if total == 0:
        return None, "", [name for name, _l, _p in children]
    mean = sum((level or 0) * (pop or 0) for _n, level, pop in children) / total
    level = min(4, max(1, int(mean + 0.5)))
    written = in_marks(f"{mean:.2f}", lang)
    return level, m["weighted"].format(n=len(children), mean=written, level=level), []
