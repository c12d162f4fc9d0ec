"""Epidemic levels from the database: the week's figures of every unit in scope, the policy in
force (with the province's adjustment), manual decisions, history, and the writes that feed them.

Reads are set-based: one grouped query for the community cases of all units and weeks asked
(ward counts are not pre-aggregated, so they come from the line list grouped on its
(province_code, report_day) index), one for coverage, capacity, decisions and adjustments each;
the rules (levels.assess) then run in memory.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.aggregates import service as aggregates
from episurv.cases.models import Case
from episurv.core.i18n import N_
from episurv.dataversion import bump
from episurv.errors import EpisurvError, InvalidInput, NotFound
from episurv.geo.models import AdminUnit
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.levels import assess as rules
from episurv.levels.models import (
    LevelCapacity,
    LevelCoverage,
    LevelDecision,
    LevelPolicyAdjustment,
)
from episurv.levels.policy import (
    Adjustment,
    Policy,
    adjusted,
    check_adjustment,
    policy_for,
    policy_named,
)
from episurv.levels.schemas import (
    Change,
    CriterionOut,
    DecisionOut,
    LevelsResult,
    PolicyRef,
    UnitHistory,
    UnitLevel,
    WeekLevel,
)

UNIT_LEVELS = (WARD, DISTRICT, PROVINCE)
_CASE_COLUMN = {WARD: Case.ward_code, DISTRICT: Case.district_code, PROVINCE: Case.province_code}
WRITERS = ("admin", "national", "province", "district")


@dataclass(frozen=True)
class _Unit:
    level: str
    code: int
    name: str
    parent_code: int | None
    province_code: int
    population: int | None


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """An assessment makes some hundred thousand small objects with no reference cycles
    (criteria, dicts, rows): reference counting frees them. The cyclic collector runs each time
    allocations outnumber frees by a threshold (700 by default, Python's gc module
    documentation) and then walks the objects still alive, so while they are made it would walk
    a growing heap again and again for nothing. It is paused for the assessment only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_unit_level(unit: str) -> str:
    if unit not in UNIT_LEVELS:
        raise InvalidInput(N_("unit %(unit)r: one of %(units)s"), code="level_unit",
                           unit=unit, units=list(UNIT_LEVELS))
    return unit


def resolve_unit(province: str, name: str, unit: str, district: str | None = None) -> int:
    """The code of a unit named as people write it, inside a province (and district)."""
    reg = register()
    prov = reg.resolve(province, PROVINCE)
    if unit == PROVINCE:
        return prov.code
    if unit == DISTRICT:
        return reg.resolve(name, DISTRICT, prov.code).code
    if district:
        return reg.resolve(name, WARD, reg.resolve(district, DISTRICT, prov.code).code).code
    return reg.resolve(name, WARD, province=prov.code).code


def _load_units(session: Session, unit: str, province_code: int | None,
                district_code: int | None = None, codes: list[int] | None = None
                ) -> list[_Unit]:
    query = select(AdminUnit.code, AdminUnit.name, AdminUnit.parent_code,
                   AdminUnit.province_code, AdminUnit.population).where(
        AdminUnit.level == unit)
    if province_code is not None:
        query = query.where(AdminUnit.province_code == province_code)
    if district_code is not None and unit == WARD:
        query = query.where(AdminUnit.parent_code == district_code)
    if codes is not None:
        query = query.where(AdminUnit.code.in_(codes))
    return [_Unit(unit, code, name, parent, prov, pop)
            for code, name, parent, prov, pop in session.execute(query.order_by(AdminUnit.code))]


# Up to this many weeks the counts come as one row per unit with a sum per week; beyond, as a
# row per unit and day added up here (a year's 53 sums per row cost SQLite more than the rows).
SUMS_UP_TO_WEEKS = 4


def _weekly(session: Session, column: Any, day_column: Any, where: list,
            province_code: int | None, ends: list[date], flag: Any = None
            ) -> dict[int, list[int]]:
    """Counts per unit code for each of the consecutive weeks ending on `ends` (oldest first),
    from one grouped query. With `flag`, each unit's list holds the weeks' counts of the rows
    meeting it, then the weeks' counts of all rows."""
    n = len(ends)
    last = ends[-1]
    bounds = [day_column >= ends[0] - timedelta(days=6), day_column <= last,
              column.is_not(None), *where]
    if province_code is not None:
        bounds.append(Case.province_code == province_code)
    width = 2 * n if flag is not None else n
    if n <= SUMS_UP_TO_WEEKS:
        weeks = [day_column.between(end - timedelta(days=6), end) for end in ends]
        sums = ([func.sum(case((and_(w, flag), 1), else_=0)) for w in weeks]
                if flag is not None else [])
        sums += [func.sum(case((w, 1), else_=0)) for w in weeks]
        return {code: [int(x) for x in counts] for code, *counts in
                session.execute(select(column, *sums).where(*bounds).group_by(column))}
    per_day = [func.sum(case((flag, 1), else_=0))] if flag is not None else []
    query = select(column, day_column, *per_day, func.count()).where(*bounds).group_by(
        column, day_column)
    out: dict[int, list[int]] = {}
    for code, day, *counts in session.execute(query):
        if isinstance(day, str):  # SQLite may hand grouped dates back as text
            day = date.fromisoformat(day)
        i = n - 1 - (last - day).days // 7
        row = out.get(code)
        if row is None:
            row = out[code] = [0] * width
        if flag is not None:
            row[i] += int(counts[0])
            row[n + i] += int(counts[1])
        else:
            row[i] += int(counts[0])
    return out


def _community_cases(session: Session, unit: str, province_code: int | None,
                     ends: list[date], as_of: datetime | None = None
                     ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Community cases per unit and week, and for the weeks counted from aggregate reports the
    number of days reported (unit code -> a list per week, 0 where the case register counted).

    The case register counts where it holds any case of the unit in the week (community or
    not); a district or province whose register holds none that week, but which submitted
    daily figures (the versions in force now, or at `as_of`), counts the community cases of
    those figures. One
    source per unit and week, never both added."""
    n = len(ends)
    cases: dict[int, list[int]] = {}
    held: dict[int, list[int]] = {}
    for code, counts in _weekly(session, _CASE_COLUMN[unit], Case.report_day, [],
                                province_code, ends, Case.detected_in == "community").items():
        cases[code], held[code] = counts[:n], counts[n:]
    reported: dict[int, list[int]] = {}
    if unit == WARD:
        return cases, reported  # figures are submitted by provinces and districts only
    first = ends[0] - timedelta(days=6)
    figures: dict[int, list[int]] = {}
    for prov, district, day, count in aggregates.community_days(
            session, first=first, last=ends[-1], province_code=province_code, as_of=as_of):
        code = prov if unit == PROVINCE and district == 0 else district \
            if unit == DISTRICT and district else None
        if code is None:
            continue
        i = n - 1 - (ends[-1] - day).days // 7
        if i < 0:
            continue
        weeks = figures.setdefault(code, [0] * (2 * n))
        weeks[i] += count
        weeks[n + i] += 1
    for code, weeks in figures.items():
        own = held.get(code)
        for i in range(n):
            if weeks[n + i] and not (own and own[i]):
                cases.setdefault(code, [0] * n)[i] = weeks[i]
                reported.setdefault(code, [0] * n)[i] = weeks[n + i]
    return cases, reported


def _nth(counts: dict[int, list[int]], code: int, i: int) -> int:
    weeks = counts.get(code)
    return weeks[i] if weeks else 0


def _by_unit(rows: list[Any]) -> dict[tuple[str, int], list[Any]]:
    out: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for level, code, item in rows:
        out[(level, code)].append(item)
    for items in out.values():
        items.sort(key=lambda r: r.as_of)
    return out


def _as_of(rows: list[Any] | None, day: date) -> Any:
    if not rows:
        return None
    for row in reversed(rows):  # a unit has a few dated rows, newest last
        if row.as_of <= day:
            return row
    return None


def _inputs(session: Session, model: Any, province_code: int | None, until: date
            ) -> dict[tuple[str, int], list[Any]]:
    """The coverage or capacity rows as the rules' plain values (one object per row, shared by
    every unit and week that reads it), per unit, oldest first."""
    if model is LevelCoverage:
        fields = rules.COVERAGE_FIELDS
        make: Any = rules.Coverage
    else:
        fields = CAPACITY_FIELDS
        make = rules.Capacity
    table = model.__table__
    query = select(table.c.unit_level, table.c.unit_code, table.c.as_of,
                   *(table.c[f] for f in fields)).where(model.as_of <= until)
    if province_code is not None:
        query = query.where(model.province_code == province_code)
    return _by_unit([(level, code, make(as_of, *values))
                     for level, code, as_of, *values in session.execute(query)])


def _decisions(session: Session, unit: str, province_code: int | None, until: date,
               codes: list[int] | None = None) -> dict[int, list[LevelDecision]]:
    query = select(LevelDecision).where(LevelDecision.unit_level == unit,
                                        LevelDecision.valid_from <= until)
    if province_code is not None:
        query = query.where(LevelDecision.province_code == province_code)
    if codes is not None:
        query = query.where(LevelDecision.unit_code.in_(codes))
    out: dict[int, list[LevelDecision]] = defaultdict(list)
    for d in session.scalars(query.order_by(LevelDecision.valid_from, LevelDecision.id)):
        out[d.unit_code].append(d)
    return out


def _decision_on(decisions: list[LevelDecision], day: date) -> LevelDecision | None:
    """The latest decision that started on or before `day` and was not lifted by then."""
    found = None
    for d in decisions:
        if d.valid_from <= day and (d.valid_to is None or d.valid_to >= day):
            found = d
    return found


def _adjustments(session: Session, province_code: int | None
                 ) -> dict[int, list[LevelPolicyAdjustment]]:
    query = select(LevelPolicyAdjustment).order_by(LevelPolicyAdjustment.valid_from,
                                                   LevelPolicyAdjustment.id)
    if province_code is not None:
        query = query.where(LevelPolicyAdjustment.province_code == province_code)
    out: dict[int, list[LevelPolicyAdjustment]] = defaultdict(list)
    for a in session.scalars(query):
        out[a.province_code].append(a)
    return out


class _Policies:
    """The policy in force in a province on a day, for one run: each province's adjustment
    applied once, however many of its units and weeks are assessed."""

    def __init__(self, adjustments: dict[int, list[LevelPolicyAdjustment]]):
        self.adjustments = adjustments
        self.on: dict[tuple[int, date], Policy] = {}  # (province, day) -> policy
        # (policy, adjustment row) -> the policy as adjusted (None: not adjusted)
        self.adjusted: dict[tuple[str, int | None], Policy] = {}

    def __call__(self, province_code: int, day: date) -> Policy:
        hit = self.on.get((province_code, day))
        if hit is None:
            hit = self.on[(province_code, day)] = self._in_force(province_code, day)
        return hit

    def _in_force(self, province_code: int, day: date) -> Policy:
        base = policy_for(day)
        found = None
        for a in self.adjustments.get(province_code, ()):
            if a.policy == base.name and a.valid_from <= day:
                found = a
        key = (base.name, found.id if found else None)
        hit = self.adjusted.get(key)
        if hit is None:
            hit = self.adjusted[key] = adjusted(
                base, _adjustment_of(found, province_code) if found else None)
        return hit


def _adjustment_of(row: LevelPolicyAdjustment, province_code: int) -> Adjustment:
    province = register().get(PROVINCE, province_code).short_name
    label = (f"{province}, {row.file_name}, from {row.valid_from:%d/%m/%Y}, by "
             f"{row.created_by} on {row.created_at:%d/%m/%Y}")
    return Adjustment(policy=row.policy, province_code=province_code,
                      valid_from=row.valid_from, thresholds=json.loads(row.thresholds),
                      aggregation=row.aggregation, label=label)


def _fallback(inputs: dict[tuple[str, int], list[Any]], unit: _Unit, day: date,
              ) -> tuple[Any, str | None]:
    """The unit's own figures as of `day`, else its district's, else its province's (Hà Nội
    published coverage by district; the explanation names whose figures were used)."""
    row = _as_of(inputs.get((unit.level, unit.code)), day)
    if row is not None:
        return row, None
    reg = register()
    chain = []
    if unit.level == WARD and unit.parent_code is not None:
        chain.append((DISTRICT, unit.parent_code))
    if unit.level != PROVINCE:
        chain.append((PROVINCE, unit.province_code))
    for level, code in chain:
        row = _as_of(inputs.get((level, code)), day)
        if row is not None:
            return row, f"figures of {reg.get(level, code).name}"
    return None, None


class _Run:
    """One assessment of a set of units over consecutive weeks (oldest first)."""

    def __init__(self, session: Session, unit: str, province_code: int | None,
                 ends: list[date], district_code: int | None = None,
                 codes: list[int] | None = None, lang: str = "en",
                 as_of: datetime | None = None):
        self.session, self.unit, self.province_code, self.ends = (
            session, unit, province_code, ends)
        self.lang = lang
        self.units = _load_units(session, unit, province_code, district_code, codes)
        if not self.units:
            raise NotFound(f"no {unit} units in the scope asked")
        until = ends[-1]
        column = _CASE_COLUMN[unit]
        self.cases, self.reported = _community_cases(session, unit, province_code, ends, as_of)
        self.policy_on = _Policies(_adjustments(session, province_code))
        self.deaths: dict[int, list[int]] = {}
        self.oxygen: dict[int, list[int]] = {}
        # Deaths and oxygen cases are counted only where a week's policy has the deaths step.
        if any(policy_for(d).deaths_step for d in ends):
            self.deaths = _weekly(session, column, Case.outcome_date, [Case.outcome == "died"],
                                  province_code, ends)
            self.oxygen = _weekly(session, column, Case.report_day,
                                  [Case.severity.in_(("severe", "critical"))], province_code,
                                  ends)
        self.coverage = _inputs(session, LevelCoverage, province_code, until)
        self.capacity = _inputs(session, LevelCapacity, province_code, until)
        self.decisions = _decisions(session, unit, province_code, until,
                                    codes if codes is not None else None)
        self.reg = register()
        self.rules_inputs: dict[tuple[Any, str], Any] = {}
        self.memo: dict = {}  # the rules' own (levels.assess.assess)
        self.results: dict[tuple, rules.Assessment] = {}

    def run(self, lazy_first: bool = False
            ) -> dict[int, list[tuple[rules.Assessment, LevelDecision | None, Policy]]]:
        """Each unit's assessments, week by week, each week given last week's level. With
        `lazy_first` the first week (there only to give the next its previous level) is
        assessed only for the units whose capacity makes it matter, and left None otherwise."""
        out: dict[int, list] = {}
        for u in self.units:
            previous = None
            weeks: list = []
            for i in range(len(self.ends)):
                if lazy_first and i == 0:
                    weeks.append(None)
                    continue
                result = self._assess(u, i, previous)
                if lazy_first and i == 1 and result[0].needs_previous:
                    weeks[0] = self._assess(u, 0, None)
                    result = self._assess(u, i, weeks[0][0].level_before_hold)
                previous = result[0].level_before_hold
                weeks.append(result)
            out[u.code] = weeks
        return out

    def cases_of(self, code: int, i: int) -> int:
        return _nth(self.cases, code, i)

    def source_of(self, code: int, i: int) -> tuple[str, int | None]:
        """Where the week's community cases come from, and for aggregate reports how many of
        its days were reported."""
        days = _nth(self.reported, code, i)
        return ("aggregates", days) if days else ("register", None)

    def _inputs_of(self, u: _Unit, day: date) -> tuple[Any, Any]:
        out = []
        for inputs in (self.coverage, self.capacity):
            found, of = _fallback(inputs, u, day)
            if found is not None and of is not None:
                # A parent's figures, named: made once per row and name.
                key = (found, of)
                named = self.rules_inputs.get(key)
                if named is None:
                    named = self.rules_inputs[key] = replace(found, of=of)
                found = named
            out.append(found)
        return out[0], out[1]

    def _assess(self, u: _Unit, i: int, previous: int | None
                ) -> tuple[rules.Assessment, LevelDecision | None, Policy]:
        day = self.ends[i]
        policy = self.policy_on(u.province_code, day)
        coverage, capacity = self._inputs_of(u, day)
        deaths = policy.deaths_step
        cases = self.cases_of(u.code, i)
        source, reported = self.source_of(u.code, i)
        n_deaths = _nth(self.deaths, u.code, i) if deaths else None
        n_oxygen = _nth(self.oxygen, u.code, i) if deaths else None
        decisions = self.decisions.get(u.code)
        row = _decision_on(decisions, day) if decisions else None
        # Units with the same figures, inputs and last week's level get the same assessment:
        # remembered for the run (not where a decision or a missing figure names the unit).
        key = None
        if row is None and u.population:
            key = (policy, u.population, cases, source, reported, n_deaths, n_oxygen,
                   coverage, capacity, previous, rules.retroactive(policy, day))
            hit = self.results.get(key)
            if hit is not None:
                return hit, None, policy
        figures = rules.UnitFigures(
            unit_level=u.level, code=u.code, name=u.name, day=day, population=u.population,
            cases=cases, cases_source=source, reported_days=reported, deaths=n_deaths,
            oxygen_cases=n_oxygen,
            coverage=coverage, capacity=capacity, previous_level=previous)
        decision = rules.Decision(row.level, row.valid_from, row.reason, row.reference,
                                  row.decided_by, row.valid_to) if row else None
        result = rules.assess(figures, policy, decision, self.lang, self.memo)
        if key is not None and not result.missing:
            self.results[key] = result
        return result, row, policy

    def parent_names(self) -> dict[int, str]:
        if self.unit == PROVINCE:
            return {}
        level = DISTRICT if self.unit == WARD else PROVINCE
        return {u.parent_code: self.reg.get(level, u.parent_code).name
                for u in self.units if u.parent_code is not None}


def _decision_out(row: LevelDecision | None) -> DecisionOut | None:
    if row is None:
        return None
    return DecisionOut(id=row.id, level=row.level, valid_from=row.valid_from,
                       valid_to=row.valid_to, reason=row.reason, reference=row.reference,
                       decided_by=row.decided_by)


def _unit_level(u: _Unit, day: date, result: rules.Assessment, row: LevelDecision | None,
                policy: Policy, parents: dict[int, str], cases: int | None,
                lang: str = "en", source: str = "register") -> UnitLevel:
    not_assessable = rules.messages(lang)["not_assessable"]
    return UnitLevel(
        unit=u.level, code=u.code, name=u.name, parent_code=u.parent_code,
        parent_name=parents.get(u.parent_code) if u.parent_code else None,
        province_code=u.province_code, week_start=day - timedelta(days=6), week_end=day,
        level=result.level, colour=result.colour, computed_level=result.computed_level,
        decision=_decision_out(row), assessable=result.computed_level is not None,
        missing=result.missing, population=u.population, cases=cases, cases_source=source,
        rate_per_100k=round(result.rate, 1) if result.rate is not None else None,
        criteria=[c.as_dict() for c in result.criteria]
        + [CriterionOut(key="missing", value=None, threshold=None, effect="not assessable",
                        unconfirmed=False, text=not_assessable.format(m))
           for m in result.missing],
        policy=policy.name)


def _policy_ref(policy: Policy) -> PolicyRef:
    return PolicyRef(name=policy.name, source=policy.source, aggregation=policy.aggregation,
                     adjustment=policy.adjustment,
                     unconfirmed=sorted(k for k, t in policy.thresholds.items()
                                        if t.unconfirmed))


def _aggregate(levels: list[UnitLevel], session: Session, unit: str, province_code: int | None,
               day: date, policies: dict[int, Policy], lang: str = "en") -> None:
    """Districts and provinces whose policy says to take their wards' levels (highest or
    population-weighted) instead of their own figures; a decision still overrides."""
    wanted = [u for u in levels if policies[u["province_code"]].aggregation != "own"]
    if not wanted:
        return
    wards = assess_week(session, scope=None, province_code=province_code, day=day, unit=WARD,
                        lang=lang)
    key = "parent_code" if unit == DISTRICT else "province_code"
    children: dict[int, list] = defaultdict(list)
    for w in wards.units:
        children[w[key]].append((w["name"], w["level"], w["population"]))
    for u in wanted:
        how = policies[u["province_code"]].aggregation
        level, text, missing = rules.combine(children[u["code"]], how, lang)
        u["criteria"] = [c for c in u["criteria"] if c["key"] == "decision"]
        u["missing"] = [f"no level for {name}" for name in missing]
        u["computed_level"] = level
        u["assessable"] = level is not None
        u["criteria"].insert(0, CriterionOut(
            key="aggregation", value=how, threshold=None,
            effect=f"level {level}" if level else "not assessable",
            unconfirmed=False, text=text or rules.messages(lang)["not_assessable"].format(
                rules.messages(lang)["no_level"].format(", ".join(missing[:5])))))
        if u["decision"] is None:
            u["level"] = level
            u["colour"] = rules.COLOURS.get(level) if level else None


@_without_cycle_collection()
def assess_week(session: Session, *, scope: Scope | None, province_code: int | None, day: date,
                unit: str = WARD, district_code: int | None = None,
                lang: str = "en", as_of: datetime | None = None) -> LevelsResult:
    """Every unit of `unit` level in the province (or the country) for the 7 days ending on
    `day`. Levels are public information: the scope is not a filter here (they are published
    for everyone), only writes check it. `as_of`: the submitted daily figures as they stood
    then (an export reproduced as it was sent)."""
    check_unit_level(unit)
    ends = [day - timedelta(days=7), day]  # last week is needed for the capacity rule
    run = _Run(session, unit, province_code, ends, district_code, lang=lang, as_of=as_of)
    parents = run.parent_names()
    results = run.run(lazy_first=True)
    policies: dict[int, Policy] = {}
    out = []
    for u in run.units:
        result, row, policy = results[u.code][-1]
        policies[u.province_code] = policy
        out.append(_unit_level(u, day, result, row, policy, parents,
                               run.cases_of(u.code, 1), lang, run.source_of(u.code, 1)[0]))
    if unit != WARD:
        _aggregate(out, session, unit, province_code, day, policies, lang)
    counts: dict[str, int] = {str(n): 0 for n in (1, 2, 3, 4)} | {"none": 0}
    for u in out:
        counts[str(u["level"]) if u["level"] else "none"] += 1
    refs = {p.name + str(p.adjustment): _policy_ref(p) for p in policies.values()}
    name = register().get(PROVINCE, province_code).name if province_code else None
    # Built by our own code from checked figures: not validated again (10,598 units a week).
    return LevelsResult.model_construct(province=name, date=day, unit=unit,
                                        policies=list(refs.values()), counts=counts, units=out)


@_without_cycle_collection()
def unit_history(session: Session, *, scope: Scope | None, unit: str, code: int, day: date,
                weeks: int = 26, lang: str = "en") -> UnitHistory:
    """A unit's weekly levels for `weeks` weeks ending on `day`, its changes up and down with
    the day each took effect (the first day of the week it was assessed for, or a decision's
    start), and its decisions."""
    check_unit_level(unit)
    if not 1 <= weeks <= 260:
        raise InvalidInput(N_("weeks %(weeks)s: between 1 and 260"), code="level_weeks",
                           weeks=weeks)
    reg = register()
    info = reg.get(unit, code)
    ends = [day - timedelta(days=7 * k) for k in range(weeks, -1, -1)]
    run = _Run(session, unit, info.province_code, ends, codes=[code], lang=lang)
    u = run.units[0]
    parents = run.parent_names()
    series = run.run()[code]
    result, row, policy = series[-1]
    current = _unit_level(u, day, result, row, policy, parents,
                          run.cases_of(code, len(ends) - 1), lang,
                          run.source_of(code, len(ends) - 1)[0])
    if unit != WARD and policy.aggregation != "own":
        _aggregate([current], session, unit, info.province_code, day,
                   {info.province_code: policy}, lang)
    out_weeks = []
    changes = []
    previous: int | None = None
    for i, (res, drow, _p) in enumerate(series[1:], start=1):
        end = ends[i]
        out_weeks.append(WeekLevel(
            week_end=end, level=res.level, computed_level=res.computed_level,
            decided=drow is not None, cases=run.cases_of(code, i),
            cases_source=run.source_of(code, i)[0],
            rate_per_100k=round(res.rate, 1) if res.rate is not None else None,
            missing=res.missing))
        if i > 1 and res.level != previous:
            effective = drow.valid_from if drow is not None and drow.valid_from > ends[i - 1] \
                else end - timedelta(days=6)
            direction = ("assessable" if previous is None else "not assessable"
                         if res.level is None else "up" if res.level > previous else "down")
            changes.append(Change(effective=effective, from_level=previous, to_level=res.level,
                                  direction=direction))
        previous = res.level
    decisions = [_decision_out(d) for d in session.scalars(
        select(LevelDecision).where(LevelDecision.unit_level == unit,
                                    LevelDecision.unit_code == code,
                                    LevelDecision.province_code == info.province_code)
        .order_by(LevelDecision.valid_from, LevelDecision.id))]
    return UnitHistory(unit=unit, code=code, name=info.name, parent_name=current["parent_name"],
                       province_code=info.province_code, current=current, weeks=out_weeks,
                       changes=changes, decisions=[d for d in decisions if d])


@_without_cycle_collection()
def province_history(session: Session, *, scope: Scope | None, province_code: int, day: date,
                    weeks: int = 52, unit: str = WARD) -> dict[int, list[int | None]]:
    """Weekly levels of every unit of a province for `weeks` weeks ending on `day`: code ->
    levels, oldest first (the series behind a province's history view)."""
    ends = [day - timedelta(days=7 * k) for k in range(weeks, -1, -1)]
    run = _Run(session, unit, province_code, ends)
    return {code: [res.level for res, _row, _p in series[1:]]
            for code, series in run.run().items()}


# --- writes ----------------------------------------------------------------------------------

def check_writer(scope: Scope, unit: str, code: int) -> Any:
    scope.require_write()
    scope.require_role(*WRITERS)
    reg = register()
    info = reg.get(unit, code)
    district = (info.code if unit == DISTRICT else info.parent_code if unit == WARD else None)
    ward = info.code if unit == WARD else None
    if not scope.allows(info.province_code, district, ward) or (
            scope.district_code is not None and unit == PROVINCE):
        raise NotFound(_OUTSIDE[unit], code="level_outside_scope", name=info.name)
    return info


# Said whole for each kind of unit: a language may not build it from "province" + name.
_OUTSIDE = {PROVINCE: N_("province %(name)s is outside your jurisdiction"),
            DISTRICT: N_("district %(name)s is outside your jurisdiction"),
            WARD: N_("ward %(name)s is outside your jurisdiction")}


def may_write(scope: Scope, unit: str, code: int) -> bool:
    """Whether the caller may set this unit's level or enter its inputs (for showing forms)."""
    try:
        check_writer(scope, unit, code)
    except EpisurvError:  # Forbidden, NotFound
        return False
    return True


def set_decision(session: Session, *, scope: Scope, unit: str, code: int, level: int,
                 valid_from: date, reason: str, reference: str | None = None,
                 valid_to: date | None = None) -> DecisionOut:
    """A CDC sets the level of a unit from a date (until lifted or `valid_to`), with its reason;
    it overrides the computed level and is written to the audit log."""
    check_unit_level(unit)
    if level not in (1, 2, 3, 4):
        raise InvalidInput(N_("level %(level)s: one of 1, 2, 3, 4"), code="level_value",
                           level=level)
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput(N_("reason: say why the level is set (at least 3 characters)"),
                           code="level_reason_missing")
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInput(N_("until %(until)s: before the start %(start)s"),
                           code="level_until_before_start", until=valid_to.isoformat(),
                           start=valid_from.isoformat())
    info = check_writer(scope, unit, code)
    row = LevelDecision(province_code=info.province_code, unit_level=unit, unit_code=code,
                        level=level, valid_from=valid_from, valid_to=valid_to,
                        reason=reason.strip(), reference=(reference or "").strip() or None,
                        decided_by=scope.actor, decided_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    audit.record(session, scope, "decide", "level", f"{unit}:{code}", province_code=
                 info.province_code, changes={"level": [None, level],
                                              "valid_from": [None, valid_from.isoformat()],
                                              "valid_to": [None, valid_to and valid_to.isoformat()],
                                              "reason": [None, row.reason],
                                              "reference": [None, row.reference]})
    out = _decision_out(row)
    assert out is not None
    return out


def lift_decision(session: Session, *, scope: Scope, decision_id: int, last_day: date
                  ) -> DecisionOut:
    """End a decision: it applies up to and including `last_day`; the computed level returns."""
    row = session.get(LevelDecision, decision_id)
    if row is None:
        raise NotFound(N_("no level decision %(decision)s"), code="no_level_decision",
                       decision=str(decision_id))
    check_writer(scope, row.unit_level, row.unit_code)
    if last_day < row.valid_from - timedelta(days=1):
        raise InvalidInput(N_("last day %(last)s: before the decision's start %(start)s"),
                           code="level_lift_before_start", last=last_day.isoformat(),
                           start=row.valid_from.isoformat())

    before = row.valid_to
    row.valid_to = last_day
    audit.record(session, scope, "lift", "level", f"{row.unit_level}:{row.unit_code}",
                 province_code=row.province_code,
                 changes={"decision": [decision_id, decision_id],
                          "valid_to": [before and before.isoformat(), last_day.isoformat()]})
    out = _decision_out(row)
    assert out is not None
    return out


def adjust_policy(session: Session, *, scope: Scope, province_code: int, policy: str,
                  valid_from: date, thresholds: dict[str, Any], aggregation: str | None,
                  note: str | None, file_name: str) -> dict:
    """Record a province's adjustment of a policy, checked first (every problem named)."""
    base = policy_named(policy)
    problems = check_adjustment(base, thresholds, aggregation)
    if problems:
        raise InvalidInput(f"{file_name}: " + "; ".join(problems),
                           [{"message": p} for p in problems])
    check_writer(scope, PROVINCE, province_code)
    scope.require_role("admin", "national", "province")
    row = LevelPolicyAdjustment(
        province_code=province_code, policy=base.name, valid_from=valid_from,
        thresholds=json.dumps({k: float(v) for k, v in thresholds.items()}, sort_keys=True),
        aggregation=aggregation, note=note, file_name=file_name, created_by=scope.actor,
        created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    audit.record(session, scope, "adjust", "level_policy", f"{province_code}:{base.name}",
                 province_code=province_code,
                 changes={"thresholds": [None, thresholds], "aggregation": [None, aggregation],
                          "valid_from": [None, valid_from.isoformat()],
                          "file": [None, file_name]})
    return {"id": row.id, "policy": base.name, "province_code": province_code,
            "valid_from": valid_from.isoformat(), "thresholds": thresholds,
            "aggregation": aggregation}


def upsert_inputs(session: Session, *, scope: Scope, model: Any, rows: list[dict],
                  source: str) -> int:
    """Write coverage or capacity rows (natural key: unit and date; a re-import replaces)."""
    _write_inputs(session, scope=scope, model=model, rows=rows, source=source)
    audit.record(session, scope, "import", model.__tablename__, source,
                 province_code=rows[0]["province_code"] if rows else None,
                 changes={"rows": [None, len(rows)]})
    # The entry names the first row's province; a file of several changes each one's levels.
    bump(session, {r["province_code"] for r in rows})
    return len(rows)


def _write_inputs(session: Session, *, scope: Scope, model: Any, rows: list[dict],
                  source: str) -> dict[tuple, dict[str, Any]]:
    """Insert or replace rows by (unit, date); returns the old values of the replaced ones."""
    now = datetime.now(UTC)
    for r in rows:
        check_writer(scope, r["unit_level"], r["unit_code"])
    have = {}
    if rows:
        existing = session.scalars(select(model).where(
            model.province_code.in_({r["province_code"] for r in rows}),
            model.as_of.in_({r["as_of"] for r in rows})))
        have = {(e.province_code, e.unit_level, e.unit_code, e.as_of): e for e in existing}
    old: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (r["province_code"], r["unit_level"], r["unit_code"], r["as_of"])
        values = {**r, "source": source, "imported_by": scope.actor, "imported_at": now}
        if key in have:
            old[key] = {k: getattr(have[key], k) for k in r}
            for k, v in values.items():
                setattr(have[key], k, v)
        else:
            session.add(model(**values))
    session.flush()
    return old


CAPACITY_FIELDS = ("oxygen_at_station", "mobile_station_plan", "free_beds_per_100k", "icu_beds")


def enter_capacity(session: Session, *, scope: Scope, unit: str, code: int, as_of: date,
                   values: dict[str, Any]) -> dict:
    """A unit's treatment capacity as of a date, entered by a form (4800/QĐ-BYT: oxygen at
    every health station, a plan for mobile medical stations, beds and ICU beds): replaces the
    figures of that unit and date, audited with the old and new values."""
    check_unit_level(unit)
    info = check_writer(scope, unit, code)
    row = {"province_code": info.province_code, "unit_level": unit, "unit_code": code,
           "as_of": as_of, **{f: values.get(f) for f in CAPACITY_FIELDS}}
    old = _write_inputs(session, scope=scope, model=LevelCapacity, rows=[row], source="form")
    before = old.get((info.province_code, unit, code, as_of), {})
    changes = {f: [before.get(f), row[f]] for f in CAPACITY_FIELDS
               if before.get(f) != row[f] or not before}
    audit.record(session, scope, "enter", "level_capacity", f"{unit}:{code}:{as_of.isoformat()}",
                 province_code=info.province_code, changes=changes)
    return {"unit": unit, "code": code, "as_of": as_of.isoformat(), "replaced": bool(before),
            **{f: row[f] for f in CAPACITY_FIELDS}}


def capacity_entries(session: Session, *, unit: str, code: int, limit: int = 10) -> list[dict]:
    """A unit's own capacity figures, newest first, with where they came from (the form or a
    file) and when (who entered them is for staff, not for the public page)."""
    info = register().get(unit, code)
    t = LevelCapacity
    query = (select(t.as_of, *(t.__table__.c[f] for f in CAPACITY_FIELDS), t.source,
                    t.imported_by, t.imported_at)
             .where(t.province_code == info.province_code, t.unit_level == unit,
                    t.unit_code == code).order_by(t.as_of.desc()).limit(limit))
    return [{"as_of": r[0], **dict(zip(CAPACITY_FIELDS, r[1:5], strict=True)),
             "source": r[5], "by": r[6], "at": r[7]} for r in session.execute(query)]
