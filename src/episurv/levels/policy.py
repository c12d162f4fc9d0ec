"""Epidemic level policies as data: named, versioned rule sets with their thresholds, their
combination rule and their source.

Resolution 128/NQ-CP (11/10/2021) set four levels (1 green "new normal", 2 yellow, 3 orange,
4 red), assessed from the ward upward, and lets provinces adapt the criteria. Two Ministry of
Health decisions gave the criteria:

- Decision 4800/QĐ-BYT (12/10/2021): new community cases per 100,000 per week (level 1 < 20 and
  level 4 >= 150 as reported; the middle boundaries 50 and the 20-50 band UNCONFIRMED); vaccine
  coverage (>= 70% of people 18+ with one dose, >= 80% of people 65+ fully vaccinated, as Hà Nội
  applied it on 1/11/2021): not met -> one level higher, not above 4, not where there are no
  cases (UNCONFIRMED as the final text); treatment capacity not met -> the level may not be
  lowered (bed and ICU figures NOT FOUND: not applied unless a province sets them).
- Decision 218/QĐ-BYT (27/1/2022) replaced it: > 600 new community cases per 100,000 per week is
  very high (level 4); vaccination target (>= 75% of the population and >= 90% of high-risk
  people fully vaccinated) missed -> +1; more than 6 deaths per 100,000 per week -> +1 (as HCMC
  applied it). The lower bands are UNCONFIRMED.

Every figure not confirmed by a published text is marked `unconfirmed`, and every explanation
that uses one says so. A province adjusts thresholds by a file (`Adjustment`); the adjusted
figure is the province's own, recorded with who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from episurv.core.i18n import N_

LEVELS = (1, 2, 3, 4)
# Colours of Resolution 128/NQ-CP: green, yellow, orange, red.
COLOURS = {1: "green", 2: "yellow", 3: "orange", 4: "red"}
HEX = {1: "#1a9850", 2: "#f2c40f", 3: "#f46d43", 4: "#d73027"}

# How a district's or province's level relates to its wards (Resolution 128 assesses from the
# ward upward and leaves the method to the province).
AGGREGATIONS = ("own", "highest", "weighted")


@dataclass(frozen=True)
class Threshold:
    """One figure of a rule. `unconfirmed`: a default no published text confirms."""

    value: float
    unconfirmed: bool = False
    # ">=" (the value reaches the threshold) or ">" (strictly above it).
    op: str = ">="
    adjusted_by: str | None = None  # the province's adjustment that set it

    def reached(self, x: float) -> bool:
        return x > self.value if self.op == ">" else x >= self.value


@dataclass(frozen=True)
class Policy:
    """A named rule set. Thresholds are keyed by name (see THRESHOLD_NAMES)."""

    name: str
    title: str
    source: str
    valid_from: date
    thresholds: dict[str, Threshold]
    # Vaccination targets (coverage fields, each with its threshold of the same name): any
    # target missed -> +1 level.
    vaccination_targets: tuple[str, ...]
    vaccination_unconfirmed: bool
    # 4800: the vaccination step does not apply where there are no cases in the week.
    vaccination_needs_cases: bool
    # Capacity not met -> the level may not be lowered below last week's.
    capacity_holds_level: bool
    capacity_unconfirmed: bool
    # Deaths per 100,000 per week above this -> +1 (218); None: no such step.
    deaths_step: bool
    aggregation: str = "own"
    adjustment: str | None = None  # "Hà Nội, file.toml, by x at t" when a province adjusted it

    def __hash__(self) -> int:
        # By value, as equality is, so a policy can key the caches of its explanations and
        # assessments: equal policies have the same name and adjustment. The thresholds (a
        # dict, with no hash of its own) are left to equality; hashing two strings keeps the
        # lookups, one per unit and week, cheap.
        return hash((self.name, self.adjustment))

    @property
    def case_bands(self) -> tuple[Threshold, Threshold, Threshold]:
        t = self.thresholds
        return t["cases_level_2"], t["cases_level_3"], t["cases_level_4"]


# The thresholds an explanation names when their figure is unreported or short (a coverage
# target, a capacity figure): name -> what it is, marked for the "reports" catalog.
WRITTEN_THRESHOLD_NAMES = {
    "adult_dose1_pct": N_("% of people 18+ with at least one dose"),
    "elderly_full_pct": N_("% of people 65+ fully vaccinated"),
    "population_full_pct": N_("% of the population fully vaccinated"),
    "high_risk_full_pct": N_("% of high-risk people fully vaccinated"),
    "free_beds_per_100k": N_("free COVID-19 beds per 100,000 (district and province)"),
    "icu_beds": N_("ICU beds (district and province)"),
}
# Every threshold: name -> what it is (for messages, the adjustment file's validation and the
# public levels page, which names the unconfirmed ones: marked for the pages' catalog).
THRESHOLD_NAMES = {
    "cases_level_2": N_("community cases per 100,000 in 7 days for level 2"),
    "cases_level_3": N_("community cases per 100,000 in 7 days for level 3"),
    "cases_level_4": N_("community cases per 100,000 in 7 days for level 4"),
    **WRITTEN_THRESHOLD_NAMES,
    "deaths_per_100k": N_("deaths per 100,000 in 7 days for +1 level"),
}

QD_4800_2021 = Policy(
    name="QD-4800-2021",
    title="Quyết định 4800/QĐ-BYT",
    source=N_("Decision 4800/QĐ-BYT of 12/10/2021 (Ministry of Health), guidance on "
              "Resolution 128/NQ-CP of 11/10/2021"),
    valid_from=date(2021, 10, 12),
    thresholds={
        "cases_level_2": Threshold(20),
        "cases_level_3": Threshold(50, unconfirmed=True),
        "cases_level_4": Threshold(150),
        "adult_dose1_pct": Threshold(70, unconfirmed=True),
        "elderly_full_pct": Threshold(80, unconfirmed=True),
    },
    vaccination_targets=("adult_dose1_pct", "elderly_full_pct"),
    vaccination_unconfirmed=True,
    vaccination_needs_cases=True,
    capacity_holds_level=True,
    capacity_unconfirmed=False,
    deaths_step=False,
)

QD_218_2022 = Policy(
    name="QD-218-2022",
    title="Quyết định 218/QĐ-BYT",
    source=N_("Decision 218/QĐ-BYT of 27/1/2022 (Ministry of Health), replacing 4800/QĐ-BYT"),
    valid_from=date(2022, 1, 27),
    thresholds={
        "cases_level_2": Threshold(20, unconfirmed=True),
        "cases_level_3": Threshold(150, unconfirmed=True),
        "cases_level_4": Threshold(600, op=">"),
        "population_full_pct": Threshold(75),
        "high_risk_full_pct": Threshold(90),
        "deaths_per_100k": Threshold(6, op=">"),
    },
    vaccination_targets=("population_full_pct", "high_risk_full_pct"),
    vaccination_unconfirmed=False,
    vaccination_needs_cases=False,
    capacity_holds_level=True,
    capacity_unconfirmed=True,
    deaths_step=True,
)

POLICIES = {p.name: p for p in (QD_4800_2021, QD_218_2022)}


def policy_named(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        from episurv.errors import InvalidInput

        raise InvalidInput(f"unknown level policy {name!r}; one of "
                           f"{', '.join(POLICIES)}") from None


def policy_for(day: date) -> Policy:
    """The policy in force on `day`; before 12/10/2021 (no levels yet) 4800 is applied
    retroactively, which `retroactive` says."""
    return QD_218_2022 if day >= QD_218_2022.valid_from else QD_4800_2021


def retroactive(policy: Policy, day: date) -> bool:
    return day < policy.valid_from


@dataclass(frozen=True)
class Adjustment:
    """A province's adaptation of a policy (Resolution 128/NQ-CP lets provinces adapt), from a
    date: new threshold values and/or the way districts and provinces relate to their wards."""

    policy: str
    province_code: int
    valid_from: date
    thresholds: dict[str, float] = field(default_factory=dict)
    aggregation: str | None = None
    label: str = ""  # who, when, which file: shown in every explanation


def check_adjustment(policy: Policy, thresholds: dict[str, object],
                     aggregation: object) -> list[str]:
    """Problems of an adjustment, each naming the field and value (empty: valid)."""
    problems = []
    for key, value in thresholds.items():
        if key not in THRESHOLD_NAMES:
            problems.append(f"threshold {key!r} is unknown; known: "
                            f"{', '.join(THRESHOLD_NAMES)}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"threshold {key}: {value!r} is not a number")
        elif value < 0 or (key.endswith("_pct") and value > 100):
            problems.append(f"threshold {key}: {value} is out of range")
    merged = {k: t.value for k, t in policy.thresholds.items()}
    merged.update({k: v for k, v in thresholds.items() if isinstance(v, (int, float))})
    bands = [merged.get(f"cases_level_{n}") for n in (2, 3, 4)]
    if not problems and None not in bands and not (bands[0] < bands[1] < bands[2]):
        problems.append(f"case thresholds must rise with the level: levels 2, 3, 4 at "
                        f"{bands[0]}, {bands[1]}, {bands[2]}")
    if aggregation is not None and aggregation not in AGGREGATIONS:
        problems.append(f"aggregation {aggregation!r}: one of {', '.join(AGGREGATIONS)}")
    return problems


def adjusted(policy: Policy, adjustment: Adjustment | None) -> Policy:
    """`policy` with a province's thresholds and aggregation: an adjusted threshold is the
    province's figure, no longer an unconfirmed default."""
    if adjustment is None:
        return policy
    thresholds = dict(policy.thresholds)
    for key, value in adjustment.thresholds.items():
        old = thresholds.get(key, Threshold(value))
        thresholds[key] = Threshold(float(value), unconfirmed=False, op=old.op,
                                    adjusted_by=adjustment.label)
    return replace(policy, thresholds=thresholds,
                   aggregation=adjustment.aggregation or policy.aggregation,
                   adjustment=adjustment.label)
