"""What a report is, as it crosses a layer: the JSON of `episurv report daily|national
--format json`, of `GET /api/v1/reports/daily|national`, and what the renderers read.

The models forbid unknown keys, so a field added to a report without its schema fails the tests
(tests/reporting/test_schemas.py validates the CLI's JSON against them) and the OpenAPI
document stays true. Dates travel as ISO text, as the report builders write them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the city's daily report --------------------------------------------------------------

class DistrictCount(_Strict):
    district: str
    district_code: int
    new_cases: int
    community: int


class DailyClusterCount(_Strict):
    cluster: str
    district: str | None
    ward: str | None
    new_cases: int


class Cumulative(_Strict):
    since: str = Field(description="First day counted (the start of the wave)")
    total: int
    community: int
    quarantine: int


class ActiveCluster(_Strict):
    cluster: str
    district: str | None
    ward: str | None
    first_case_date: str | None
    last_case_date: str | None
    total_cases: int
    new_cases: int


class RecordDay(_Strict):
    date: str
    new_cases: int
    highest_in_days: int = Field(description="The day is the highest of this many days")


class CurveDay(_Strict):
    date: str
    community: int
    quarantine: int


class DailyReport(_Strict):
    """The city CDC's evening report for the reporting day that ends at the cut-off."""

    province: str
    province_code: int
    date: str
    view: str = Field(description="as_known (clusters as known now) or as_published")
    as_of: str | None
    cutoff: str
    new_cases: int
    community: int
    quarantine: int
    by_district: list[DistrictCount]
    by_cluster: list[DailyClusterCount]
    by_source: dict[str, int] = Field(description="New cases by how they were found")
    by_source_outside_clusters: dict[str, int] = Field(
        description="The same for the cases in no cluster (the bulletin's 'còn lại')")
    cumulative: Cumulative
    active_clusters: list[ActiveCluster]
    record: RecordDay | None
    epi_curve: list[CurveDay]


# --- the ministry's national report -------------------------------------------------------

# A figure no province sent is null, not 0 (issue 11: recoveries, tests, doses and the CFR).
NO_FIGURE = "null: no figure was received (never 0 for a figure that did not arrive)"

class ProvinceChange(_Strict):
    province: str
    province_code: int
    change: int


class ProvinceFigures(_Strict):
    province: str
    province_code: int
    source: str = Field(description="'line list' or 'submitted' figures")
    new_cases: int
    domestic: int
    community: int | None
    quarantine: int | None
    imported: int
    yesterday: int | None
    change: int | None
    deaths: int | None = Field(description=NO_FIGURE)
    recovered: int | None = Field(description=NO_FIGURE)
    severe: int | None = Field(description=NO_FIGURE)
    total_cases: int
    wave_cases: int
    total_deaths: int | None = Field(description=NO_FIGURE)
    cases_per_million: int | None
    reported_today: bool


class ProvinceDeaths(_Strict):
    province: str
    province_code: int
    deaths: int


class Wave(_Strict):
    since: str
    number: int | None
    cases: int
    recovered: int | None = Field(description=NO_FIGURE)
    deaths: int | None


class TopProvince(_Strict):
    province: str
    province_code: int
    wave_cases: int


class NoSecondaryTransmission(_Strict):
    days: int
    provinces: list[TopProvince]


class Province(_Strict):
    province: str
    province_code: int


class MeasureDifference(_Strict):
    line_list: int
    submitted: int


class DifferenceReason(_Strict):
    reason: str = Field(description="no_patient_code, confirmed_after_cutoff_day_before or "
                        "confirmed_after_cutoff_counted_next_day")
    cases: int


class Difference(_Strict):
    """A province whose submitted figures differ from its line list, and the reasons found."""

    province: str
    province_code: int
    measures: dict[str, MeasureDifference]
    reasons: list[DifferenceReason]


class Tests(_Strict):
    samples: int | None = Field(description=NO_FIGURE)
    people: int | None = Field(description=NO_FIGURE)
    since: str
    samples_total: int | None = Field(description=NO_FIGURE)
    people_total: int | None


class NationalDoses(_Strict):
    date: str | None
    day: int | None = Field(description=NO_FIGURE)
    first: int | None = Field(description=NO_FIGURE)
    second: int | None = Field(description=NO_FIGURE)
    total: int | None = Field(description=NO_FIGURE)
    first_total: int | None = Field(description=NO_FIGURE)
    second_total: int | None


class RtPoint(_Strict):
    date: str
    mean: float
    q025: float
    q975: float


class Rt(_Strict):
    latest: RtPoint | None
    series: list[RtPoint]
    of: str


class NationalCurveDay(_Strict):
    date: str
    community: int
    quarantine: int
    deaths: int | None


class NationalReport(_Strict):
    """The Ministry of Health's national situation report of a day, as of a moment."""

    date: str
    as_of: str | None
    cutoff: str
    new_cases: int
    domestic: int
    imported: int
    provinces_with_cases: int
    change_vs_yesterday: int | None
    quarantine: int | None
    quarantine_change: int | None
    community: int | None
    community_change: int | None
    largest_rises: list[ProvinceChange]
    largest_falls: list[ProvinceChange]
    by_province: list[ProvinceFigures]
    deaths: int | None = Field(description=NO_FIGURE)
    deaths_by_province: list[ProvinceDeaths]
    recovered: int | None = Field(description=NO_FIGURE)
    avg7_cases: float | None
    avg7_deaths: float | None
    total_cases: int
    total_deaths: int | None = Field(description=NO_FIGURE)
    cfr: float | None = Field(description=NO_FIGURE)
    cases_per_million: float | None
    population: int
    wave: Wave
    recovered_total: int | None = Field(description=NO_FIGURE)
    no_secondary_transmission: NoSecondaryTransmission
    top_provinces: list[TopProvince]
    severe: int | None = Field(description=NO_FIGURE)
    tests: Tests
    doses: NationalDoses
    differences: list[Difference]
    missing: list[Province] = Field(description="Provinces whose figures of the day are missing")
    rt: Rt
    epi_curve: list[NationalCurveDay]
    curve_basis: str
