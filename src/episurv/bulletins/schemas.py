"""What a reading of a bulletin is, as it crosses a layer: the JSON of `episurv parse bulletin
--format json|jsonl`, of `POST /api/v1/bulletins/parse`, and what review and storage read.

One schema for the three kinds of bulletin (city daily report, the ministry's national report,
the ministry's timeline notice): a field a kind never states is absent, null or empty. Counts by
place (`by_unit` and its kin) carry the name as the text writes it (`written`), the unit it
names when it is one of the register's units (`unit`, `code`, `name`), and the count. The
models forbid unknown keys, so a field the reader adds without its schema fails the tests
(tests/bulletins/test_schemas.py validates the CLI's JSON of every text against this model).
Dates are ISO text; hours "HH:MM".
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from episurv.aggregates.schemas import SubmitResult

Num = int | float  # "2,4" (a rate) is read as a float; every count is an int


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Unit(_Strict):
    """A place of the register (province, district, ward), or a place named as written."""

    unit: str = Field(description="Short name of the unit, or the name as written")
    code: int | None = Field(description="Register code; null for a place that is not a unit")
    name: str | None = Field(None, description="Full name of the unit")
    level: str | None = None
    written: str | None = Field(None, description="The name as the text writes it")


class UnitCount(_Strict):
    """One item of a list of counts by place ("TP. Hồ Chí Minh (2.461)", "Thanh Xuân 8")."""

    written: str | None = Field(None, description="The name as the text writes it")
    unit: str | None = Field(description="Short name of the unit; the written name otherwise")
    code: int | None = Field(description="Register code; null for a place that is not a unit "
                                         "(a hospital, \"chưa rõ địa bàn\")")
    name: str | None = Field(None, description="Full name of the unit")
    level: str | None = Field(None, description='"ward" for a ward named in a list of the '
                                                "city's districts; absent otherwise")


class NewCasesByUnit(UnitCount):
    new_cases: Num


class OfWhich(_Strict):
    """A detail the text gives of one item ("TP. Hồ Chí Minh (75) trong đó có 10 ca từ các tỉnh
    chuyển đến như sau: Long An (2), ..."): part of the item's count, not more items."""

    count: Num
    what: str = Field(description="What the part is, as written")
    by_unit: list[PlaceCount]


class PlaceCount(UnitCount):
    count: Num


class DeathsByUnit(UnitCount):
    deaths: Num
    of_which: OfWhich | None = None


class RecoveredByUnit(UnitCount):
    recovered: Num


class StationsByUnit(UnitCount):
    stations: Num


class TotalByUnit(UnitCount):
    total: Num


class ChangeByUnit(_Strict):
    unit: str
    code: int | None
    name: str | None
    change: Num = Field(description="Change from the day before: + more, - fewer")


class RunningTotal(_Strict):
    """A running total as stated: since a day (`since`), since the epidemic began (`since`
    null) or over a wave (`wave`), with the parts the text gives. A part may be stated alone,
    without `total` ("Tổng số ca mắc trong khu cách ly từ đầu đợt: 1.240", a city's report):
    then only that part is set."""

    since: str | None
    wave: Num | None = None
    total: Num | None = None
    community: Num | None = None
    quarantine: Num | None = None
    domestic: Num | None = None
    imported: Num | None = None
    recovered: Num | None = None
    deaths: Num | None = None
    by_unit: list[TotalByUnit] | None = None


class Check(_Strict):
    name: str
    ok: bool
    code: str | None = Field(None, description="What the detail says, as a key of "
                             "episurv.bulletins.check_details.DETAILS (none in readings stored "
                             "before it existed)")
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="The values the detail names: numbers, ISO dates, "
                                               "names as written, lists of them")
    detail: str = Field(description="The detail in English")


class Unparsed(_Strict):
    sentence: str
    numbers: list[str] = Field(description="Figures of the sentence no rule read")


class Approximate(_Strict):
    about: str = Field(description="The word that makes it approximate: gần, hơn, khoảng, ...")
    count: Num
    written: str


class PatientCodes(_Strict):
    """A range of patients' numbers the text gives its cases ("(BN 4691-4720)")."""

    first: int
    last: int
    count: int = Field(description="How many numbers the range spans")


class Span(_Strict):
    start: int
    end: int
    field: str = Field(description="The field the figure at [start, end) of `text` fed")


class Period(_Strict):
    from_date: str | None
    from_time: str | None
    to_date: str | None
    to_time: str | None


class ClusterCount(_Strict):
    cluster: str
    new_cases: Num
    place: str | None = None
    places: list[Unit] = []


class Cluster(_Strict):
    cluster: str
    total_cases: Num | None = None
    first_case_date: str | None = None
    first_case_date_as_written: str | None = None
    place: str | None = None
    places: list[Unit] = []


class Exposure(_Strict):
    date: str | None
    time: str | None = None
    until: str | None = None
    place: str
    district: Unit | None = None


class NewClusters(_Strict):
    count: Num
    first_case_dates: list[str] = []


class Record(_Strict):
    date: str | None
    new_cases: Num
    within: str | None


class MobileStations(_Strict):
    total: Num | None = None
    by_unit: list[StationsByUnit] | None = None


class Drill(_Strict):
    date: str | None
    station_no: int | None = None
    ward: str | None = None
    district: str | None = None
    province: str | None = None
    tasks: Num | None = None
    scenarios: Num | None = None
    households: Num | None = None
    f0: Num | None = None
    f1: Num | None = None


class Deadline(_Strict):
    date: str | None
    what: str


class Lockdown(_Strict):
    province: str
    unit: str
    code: int | None = None
    from_: str = Field(alias="from", description="ISO date and hour the lockdown starts")


class Doses(_Strict):
    """Vaccine doses: the day's (`day`, on `date` when the text names it) and so far. A city's
    report states the day's alone ("Trong ngày, thành phố đã tiêm 61.300 liều vắc xin"): read
    into `day`, its doses so far left unread."""

    date: str | None = None
    day: Num | None = None
    total: Num | None = None
    first: Num | None = None
    second: Num | None = None


class SevereSupport(_Strict):
    """How many severe patients need each kind of breathing support."""

    oxygen_mask: Num | None = None
    high_flow_oxygen: Num | None = None
    noninvasive_ventilation: Num | None = None
    invasive_ventilation: Num | None = None
    ecmo: Num | None = None


class UnitsList(_Strict):
    count: Num
    days: Num | None = None
    units: list[Unit | TotalByUnit]


class TestsCumulative(_Strict):
    since: str | None
    samples: Num
    people: Num


class WaveTotals(_Strict):
    wave: Num | None = None
    since: str | None = None
    cases: Num
    recovered: Num | None = None


class WorldRank(_Strict):
    rank: int
    of: int


class PartialByUnit(_Strict):
    """The places with the most cases, or a few picked out, not every place ("tại 29/30 quận,
    huyện, nhiều nhất là Thanh Xuân 25, ...", "trong đó TP HCM 4.907 ca", "riêng Hà Nội 141
    ca"): a part of the day's cases, never its full split by place."""

    units_with_cases: Num | None = Field(None, description="How many places had cases")
    units: Num | None = Field(None, description="Of how many places in all")
    by_unit: list[NewCasesByUnit] = Field(description="The places listed, as many as stated")


class UnitsWithCases(_Strict):
    """How many places had cases of the day, of how many: "tại 29/30 quận, huyện" (a city's
    districts), with or without the places with the most after it."""

    count: Num
    of: Num | None = None


class BulletinReading(_Strict):
    """What one bulletin states, read; its checks; and `status` "ok" or "needs_review" (a
    figure that does not add up, a name not in the register, a figure no rule read)."""

    kind: str = Field(description="city_daily | national_daily | moh_timeline")
    date: str | None = Field(description="The day the bulletin reports on (ISO)")
    jurisdiction: Unit | None = Field(description="Whose bulletin: a province, or the nation")
    status: str = Field(description="ok | needs_review")
    # The day's figures.
    new_cases: Num | None = None
    community: Num | None = None
    quarantine: Num | None = Field(None, description="Found in quarantine or lockdown areas")
    lockdown: Num | None = Field(None, description="Of `quarantine`, found in lockdown areas")
    domestic: Num | None = None
    imported: Num | None = None
    deaths: Num | None = Field(
        None, description="The day's deaths as stated; when the text states no total but lists "
        "the deaths by place (every place known), the list's sum, named in `derived`")
    recovered: Num | None = None
    severe: Num | None = None
    severe_support: SevereSupport | None = Field(
        None, description="Of `severe`, how many need oxygen, a ventilator or ECMO")
    under_treatment: Num | None = Field(
        None, description="Patients under treatment on the day (\"1.200 bệnh nhân đang điều "
        "trị\"), severe or not; not a total since the start")
    under_investigation: Num | None = None
    provinces_with_cases: Num | None = None
    units_with_cases: UnitsWithCases | None = Field(
        None, description="How many places had cases, of how many when stated (\"tại 29/30 "
        "quận, huyện\", \"tại 25 quận, huyện\")")
    units_without_cases: Num | None = Field(
        None, description="How many places had no new case on the day (\"Hà Nội có 3 quận, "
        "huyện không ghi nhận ca mắc mới\")")
    shares: dict[str, Num] | None = Field(
        None, description="Parts of the day's cases stated as a percentage of them, by the "
        "part's field (\"số ca cộng đồng chiếm 57%\": {\"community\": 57})")
    change_vs_yesterday: Num | None = None
    community_change: Num | None = None
    quarantine_change: Num | None = None
    under_investigation_change: Num | None = None
    # Counts by place.
    by_unit: list[NewCasesByUnit] = Field(description="New cases by place")
    top_by_unit: PartialByUnit | None = Field(
        None, description="Only the places with the most new cases, or those the text picks "
        "out (a partial list)")
    community_by_unit: list[NewCasesByUnit] = []
    imported_by_unit: list[NewCasesByUnit] | None = None
    quarantine_by_unit: list[NewCasesByUnit] | None = None
    deaths_by_unit: list[DeathsByUnit] | None = None
    recovered_by_unit: list[RecoveredByUnit] | None = None
    change_by_unit: list[ChangeByUnit] | None = None
    list_totals: dict[str, Num] = Field(
        {}, description="The total a list's own sentence states, by list")
    # Clusters and exposures (city reports).
    by_cluster: list[ClusterCount] = []
    clusters: list[Cluster] = []
    new_clusters: NewClusters | None = None
    new_cluster_units: list[Unit] | None = None
    by_source: dict[str, Num] | None = None
    exposures: list[Exposure] = []
    # Running totals.
    cumulative: RunningTotal | None = Field(description="The first running total stated")
    running_totals: list[RunningTotal] | None = Field(
        None, description="Every running total the text states, in its order")
    wave_totals: WaveTotals | None = None
    record: Record | None = None
    recovered_total: Num | None = None
    total_deaths: Num | None = None
    cfr: Num | None = Field(None, description="Case fatality rate, %")
    avg7_cases: Num | None = None
    avg7_deaths: Num | None = None
    world_rank: WorldRank | None = None
    per_million_rank: int | None = None
    cases_per_million: Num | None = None
    top_units: UnitsList | None = None
    no_secondary_transmission: UnitsList | None = None
    highlight_rise: str | None = None
    # Tests and vaccination.
    tests_samples: Num | None = Field(
        None, description="Samples tested on the day (the national report's, or a city's: "
        "\"thực hiện 45.000 mẫu xét nghiệm\")")
    tests_people: Num | None = None
    tests_cumulative: TestsCumulative | None = None
    doses: Doses | None = None
    # Response measures.
    mobile_stations: MobileStations | None = None
    drills: list[Drill] | None = None
    deadlines: list[Deadline] | None = None
    lockdowns: list[Lockdown] | None = None
    testing_priority_levels: list[int] | None = None
    hotline: str | None = None
    # When and over which hours.
    date_part: str | None = Field(None, description="sáng | trưa | chiều | tối | đêm")
    cutoff: str | None = Field(None, description="Closing hour of the count")
    window_hours: Num | None = None
    period: Period | None = None
    approximate: list[Approximate] | None = Field(
        None, description="Counts the text gives as approximate (\"gần 8.500 ca\"): in no "
        "other field and no check")
    patient_codes: list[PatientCodes] | None = Field(
        None, description="Ranges of the patients' numbers the text gives (\"BN 4691-4720\", "
        "\"từ số 4691 đến 4720\"), checked against the count of cases beside them")
    # How it was read.
    derived: list[str] = Field(description="Fields the text implies without stating them")
    checks: list[Check]
    unparsed: list[Unparsed] = Field(description="Sentences with figures no rule read")
    text: str = Field(description="The normalised text the spans point into")
    spans: list[Span]
    file: str | None = Field(None, description="The file read (`--format jsonl` of the CLI)")


OfWhich.model_rebuild()


# --- what storing a reviewed bulletin did (POST /api/v1/bulletins/store) --------------------

class ClusterRef(_Strict):
    id: int
    name: str


class StoredClusters(_Strict):
    """The clusters a city bulletin names: found among the province's clusters by name, or
    created."""

    matched: list[ClusterRef]
    created: list[ClusterRef]


class BulletinStored(_Strict):
    """What was stored from a bulletin, after a person's corrections."""

    bulletin: str = Field(description="KIND:PLACE:DATE, the audit entry's record")
    kind: str = Field(description="city_daily | national_daily | moh_timeline")
    date: str
    status: str = Field(description="ok | needs_review, after the corrections")
    failed_checks: list[str]
    corrected: dict[str, list[Any]] = Field(
        description="Each corrected field: [value read, value given]")
    confirmed_despite_failed_checks: bool
    figures: SubmitResult = Field(description="The figures stored as aggregate submissions")
    clusters: StoredClusters
    exposure_notices: list[int] = Field(description="Ids of the exposure notices published")
    not_stored: list[str] = Field(description="Figures read that have no aggregate measure")
