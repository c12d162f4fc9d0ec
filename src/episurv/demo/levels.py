"""Demo inputs of the epidemic levels for Hà Nội: ward population, vaccination coverage,
treatment capacity, and the Phú Đô decision of 13/11/2021.

SYNTHETIC except where said: ward population is each district's 2019 census total shared
equally among its wards (only where no ward figure was imported), coverage and capacity are
drawn with a seeded generator around the city's published situation in November 2021 (one dose
for nearly every adult, full coverage of people 65+ near the 80% target, oxygen at almost every
station). The decision is real in substance: on 13/11/2021 Phú Đô ward was raised to level 4,
the capital's only red zone, because of a growing cluster.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from episurv.accounts.scope import SYSTEM, Scope
from episurv.geo.census2019 import HANOI_DISTRICTS
from episurv.geo.models import AdminUnit
from episurv.geo.units import DISTRICT, WARD, register
from episurv.levels import service
from episurv.levels.models import LevelCapacity, LevelCoverage, LevelDecision

HANOI = 1
SOURCE = "demo (synthetic)"
WARD_POPULATION_SOURCE = ("demo (synthetic): the district's 2019 census population shared "
                          "equally among its wards")
# Coverage snapshots: (as of, mean % of adults with one dose, mean % of people 65+ fully
# vaccinated), rising from the summer.
SNAPSHOTS = ((date(2021, 7, 1), 22.0, 12.0), (date(2021, 9, 27), 88.0, 61.0),
             (date(2021, 10, 25), 95.5, 79.0), (date(2021, 11, 8), 96.5, 84.0))
CAPACITY_AS_OF = date(2021, 10, 15)
PHU_DO_DECISION = dict(
    level=4, valid_from=date(2021, 11, 13),
    reason="ổ dịch Phú Đô tăng nhanh hơn số liệu tuần cho thấy (cluster growing faster than "
           "the weekly figures show)",
    reference="Sở Y tế Hà Nội, đánh giá cấp độ dịch ngày 13/11/2021")


def ward_population(session: Session) -> int:
    """Give Hà Nội's wards without a population their share of the district census total."""
    reg = register()
    done = 0
    for district in reg.units(DISTRICT, HANOI):
        wards = reg.units(WARD, district.code)
        share = HANOI_DISTRICTS[district.code][1] // len(wards)
        result = session.execute(
            update(AdminUnit).where(AdminUnit.level == WARD,
                                    AdminUnit.code.in_([w.code for w in wards]),
                                    AdminUnit.population.is_(None))
            .values(population=share, population_source=WARD_POPULATION_SOURCE))
        done += result.rowcount or 0
    return done


def coverage_rows(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    wards = sorted(register().units(WARD, None), key=lambda u: u.code)
    wards = [w for w in wards if w.province_code == HANOI]
    rows = []
    base_adult = rng.uniform(-3, 2.5, len(wards))
    base_elderly = rng.normal(0, 3.5, len(wards))
    for as_of, adult, mean in SNAPSHOTS:
        for i, w in enumerate(wards):
            rows.append(dict(province_code=HANOI, unit_level=WARD, unit_code=w.code, as_of=as_of,
                             adult_dose1_pct=round(float(min(99.5, adult + base_adult[i])), 1),
                             elderly_full_pct=round(float(np.clip(mean + base_elderly[i], 50,
                                                                  99)), 1),
                             population_full_pct=None, high_risk_full_pct=None))
    for as_of, adult, mean in SNAPSHOTS:
        for d in register().units(DISTRICT, HANOI):
            rows.append(dict(province_code=HANOI, unit_level=DISTRICT, unit_code=d.code,
                             as_of=as_of, adult_dose1_pct=adult, elderly_full_pct=mean,
                             population_full_pct=None, high_risk_full_pct=None))
        rows.append(dict(province_code=HANOI, unit_level="province", unit_code=HANOI,
                         as_of=as_of, adult_dose1_pct=adult, elderly_full_pct=mean,
                         population_full_pct=None, high_risk_full_pct=None))
    return rows


def capacity_rows(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed + 1)
    rows = []
    for w in register().units(WARD, None):
        if w.province_code != HANOI:
            continue
        rows.append(dict(province_code=HANOI, unit_level=WARD, unit_code=w.code,
                         as_of=CAPACITY_AS_OF, oxygen_at_station=bool(rng.random() > 0.04),
                         mobile_station_plan=bool(rng.random() > 0.03),
                         free_beds_per_100k=None, icu_beds=None))
    for d in register().units(DISTRICT, HANOI):
        rows.append(dict(province_code=HANOI, unit_level=DISTRICT, unit_code=d.code,
                         as_of=CAPACITY_AS_OF, oxygen_at_station=True, mobile_station_plan=True,
                         free_beds_per_100k=None, icu_beds=None))
    rows.append(dict(province_code=HANOI, unit_level="province", unit_code=HANOI,
                     as_of=CAPACITY_AS_OF, oxygen_at_station=True, mobile_station_plan=True,
                     free_beds_per_100k=None, icu_beds=None))
    return rows


def build(session: Session, seed: int = 1) -> dict:
    """Load the demo's level inputs (idempotent: a second run replaces figures, and the Phú Đô
    decision is made once)."""
    wards = ward_population(session)
    coverage = service.upsert_inputs(session, scope=SYSTEM, model=LevelCoverage,
                                     rows=coverage_rows(seed), source=SOURCE)
    capacity = service.upsert_inputs(session, scope=SYSTEM, model=LevelCapacity,
                                     rows=capacity_rows(seed), source=SOURCE)
    phu_do = register().resolve("Phú Đô", WARD, province=HANOI).code
    have = session.scalar(select(LevelDecision.id).where(LevelDecision.unit_level == WARD,
                                                         LevelDecision.unit_code == phu_do))
    if have is None:
        cdc = Scope(role="province", province_code=HANOI, actor="CDC Hà Nội (demo)")
        service.set_decision(session, scope=cdc, unit=WARD, code=phu_do, **PHU_DO_DECISION)
    return {"ward_population": wards, "coverage": coverage, "capacity": capacity}
