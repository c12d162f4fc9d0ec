"""Medicine packages for F0 cared for at home, and whether one may be dispensed to a person.

The contents are data (packages.json: Hà Nội's packages A, B and C of December 2021 for adults
18 and over; EPISURV_PACKAGES names another file): A — paracetamol 500 mg ×28 and vitamins ×14;
B — methylprednisolone 16 mg ×14 (twice daily) and rivaroxaban 10 mg ×7 (daily), a course of up
to 7 days, only on a doctor's order and never in pregnancy, breastfeeding, liver, kidney or
gastric disease or bleeding risk; C — molnupiravir 400 mg ×20 under the controlled programme
(dispensed on a doctor's order; its 5-day course and the pregnancy/breastfeeding exclusions are
the programme's, UNCONFIRMED as Hà Nội's text). The first day the packages were handed out,
1/12/2021, is UNCONFIRMED and a field of the data.

Pure: `check` takes plain values and returns the reasons for a refusal (empty: may dispense).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from episurv.core.i18n import N_
from episurv.errors import InvalidInput

DEFAULT_FILE = Path(__file__).with_name("packages.json")

CONDITIONS = {
    "pregnant": "pregnancy", "breastfeeding": "breastfeeding", "liver_disease": "liver disease",
    "kidney_disease": "kidney disease", "gastric_disease": "gastric disease",
    "bleeding_risk": "bleeding risk",
}


@dataclass(frozen=True)
class Package:
    code: str
    title: str
    items: tuple[dict, ...]
    doctor_order: bool
    course_days: int | None
    contraindications: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    source: str
    in_force_from: date
    min_age: int
    packages: dict[str, Package]


def parse(data: dict) -> Catalogue:
    packages = {}
    for code, p in data["packages"].items():
        unknown = set(p.get("contraindications", [])) - set(CONDITIONS)
        if unknown:
            raise ValueError(f"package {code}: unknown contraindications {sorted(unknown)}")
        packages[code] = Package(code, p["title"], tuple(p["items"]), bool(p["doctor_order"]),
                                 p.get("course_days"), tuple(p.get("contraindications", [])))
    return Catalogue(data["source"], date.fromisoformat(data["in_force_from"]),
                     int(data["min_age"]), packages)


@cache
def catalogue() -> Catalogue:
    path = Path(os.environ.get("EPISURV_PACKAGES") or DEFAULT_FILE)
    return parse(json.loads(path.read_text(encoding="utf-8")))


# Each contraindication said whole: a language may not build it from the condition's name.
_NOT_GIVEN_IN = {
    "pregnant": N_("package %(package)s is not given in pregnancy"),
    "breastfeeding": N_("package %(package)s is not given in breastfeeding"),
    "liver_disease": N_("package %(package)s is not given in liver disease"),
    "kidney_disease": N_("package %(package)s is not given in kidney disease"),
    "gastric_disease": N_("package %(package)s is not given in gastric disease"),
    "bleeding_risk": N_("package %(package)s is not given in bleeding risk"),
}


def check(cat: Catalogue, code: str, *, day: date, age: int | None, conditions: set[str],
          doctor_order: str | None, last_same: date | None) -> list[InvalidInput]:
    """Why package `code` may not be dispensed on `day` to a person of this age with these
    recorded conditions (keys of CONDITIONS), given the doctor's order (its reference) and the
    day the same package was last dispensed to them. Empty: it may. Each reason is an error
    with its code and values (not raised), so a page says it in its reader's language."""
    package = cat.packages.get(code)
    if package is None:
        return [InvalidInput(N_("no package %(package)r (packages: %(packages)s)"),
                             code="no_package", package=code, packages=sorted(cat.packages))]
    reasons = []
    if day < cat.in_force_from:
        reasons.append(InvalidInput(N_("packages are handed out from %(day)s"),
                                    code="package_before_catalogue",
                                    day=cat.in_force_from.isoformat()))
    if age is None:
        reasons.append(InvalidInput(N_("the packages are for adults aged %(age)s and over (age "
                                       "not recorded)"), code="package_age_unknown",
                                    age=cat.min_age))
    elif age < cat.min_age:
        reasons.append(InvalidInput(N_("the packages are for adults aged %(age)s and over"),
                                    code="package_age", age=cat.min_age))
    if package.doctor_order and not (doctor_order or "").strip():
        reasons.append(InvalidInput(N_("package %(package)s needs a doctor's order"),
                                    code="package_doctor_order", package=code))
    reasons += [InvalidInput(_NOT_GIVEN_IN[c], code="package_contraindicated", package=code)
                for c in package.contraindications if c in conditions]
    if package.course_days and last_same is not None \
            and day < last_same + timedelta(days=package.course_days):
        reasons.append(InvalidInput(N_("a course of package %(package)s (%(days)s days) was "
                                       "given on %(day)s"), code="package_course",
                                    package=code, days=package.course_days,
                                    day=last_same.isoformat()))
    return reasons

