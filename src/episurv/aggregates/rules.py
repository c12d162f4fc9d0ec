"""What a day's aggregate figures mean, which can be derived from which, and which are wrong.

Pure: plain dicts of measure -> whole number (or None, not reported) in and out.

Measures (the Ministry of Health's national daily report, as of its report of 7/11/2021):
- new_cases = community + quarantine + imported. "community" are the domestic cases not found in
  a quarantine or lockdown area: the ministry calls them "under investigation" (đang điều tra
  dịch tễ) until classified, so domestic cases with no split count there.
- domestic = new_cases - imported (stored, never submitted).
- deaths, recovered: of the day; severe: patients under treatment that day (a stock, not a flow).
- tests_samples, tests_people: of the day.
- doses = first_doses + second_doses + other doses (boosters) of the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Submittable measures, in the order of the long CSV and the reports.
MEASURES = (
    "new_cases", "community", "quarantine", "imported", "deaths", "recovered", "severe",
    "tests_samples", "tests_people", "doses", "first_doses", "second_doses",
)
# Stored per unit and day: the submitted measures and what is derived from them.
STORED = MEASURES + ("domestic",)
CASE_PARTS = ("community", "quarantine", "imported")
DOSE_PARTS = ("first_doses", "second_doses")
# Counts a line list gives (cases.counts): these replace submitted figures where one is kept.
LINE_LIST_MEASURES = ("new_cases", "community", "quarantine", "domestic")

# Header words of Vietnamese spreadsheets, folded (geo.names.fold), for the long CSV.
HEADER_ALIASES = {
    "ngay": "date", "tinh": "province", "tinh thanh": "province", "tinh/thanh pho": "province",
    "huyen": "district", "quan huyen": "district", "quan/huyen": "district",
    "ca moi": "new_cases", "ca mac moi": "new_cases", "so ca moi": "new_cases",
    "cong dong": "community", "dang dieu tra dich te": "community",
    "cach ly": "quarantine", "khu cach ly": "quarantine", "cach ly phong toa": "quarantine",
    "nhap canh": "imported", "tu vong": "deaths", "khoi benh": "recovered",
    "benh nhan nang": "severe", "nang": "severe",
    "xet nghiem": "tests_samples", "mau xet nghiem": "tests_samples",
    "luot nguoi xet nghiem": "tests_people", "luot nguoi": "tests_people",
    "lieu": "doses", "lieu vaccine": "doses", "mui 1": "first_doses", "mui 2": "second_doses",
}


def _sum(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def complete(values: Mapping[str, int | None]) -> dict[str, int | None]:
    """Every stored measure of one unit and day, derived where it is not given:
    new_cases from its parts; domestic = new_cases - imported; community (under investigation)
    = domestic - quarantine; quarantine = domestic - community; doses from first and second.
    A derived part is never below 0 (inconsistent parts are reported by `problems`)."""
    out: dict[str, int | None] = {m: values.get(m) for m in STORED}
    if out["new_cases"] is None:
        out["new_cases"] = _sum(out[m] for m in CASE_PARTS)
    if out["new_cases"] is not None:
        domestic = max(0, out["new_cases"] - (out["imported"] or 0))
        out["domestic"] = domestic
        if out["community"] is None:
            out["community"] = max(0, domestic - (out["quarantine"] or 0))
        if out["quarantine"] is None:
            out["quarantine"] = max(0, domestic - out["community"])
    else:
        out["domestic"] = None
    if out["doses"] is None:
        out["doses"] = _sum(out[m] for m in DOSE_PARTS)
    return out


def combine(own: Mapping[str, int | None] | None,
            districts: Iterable[Mapping[str, int | None]]) -> dict[str, int | None]:
    """A province's figures of a day: for each measure its own submission where it sent one,
    else the sum of its districts' (completed) figures; then completed."""
    rows = [complete(d) for d in districts]
    own = own or {}
    merged = {m: own[m] if own.get(m) is not None else _sum(r[m] for r in rows)
              for m in MEASURES}
    return complete(merged)


def problems(values: Mapping[str, int | None]) -> list[tuple[str, str]]:
    """(measure, message) for figures of one row that cannot all be true."""
    out: list[tuple[str, str]] = []
    for m in MEASURES:
        v = values.get(m)
        if v is not None and v < 0:
            out.append((m, "must be 0 or more"))
    parts = [values.get(m) for m in CASE_PARTS]
    total = values.get("new_cases")
    if total is not None and any(p is not None for p in parts):
        s = sum(p or 0 for p in parts)
        named = " + ".join(m for m, p in zip(CASE_PARTS, parts, strict=False) if p is not None)
        if all(p is not None for p in parts) and s != total:
            out.append(("new_cases", f"is not {named} = {s}"))
        elif s > total:
            out.append(("new_cases", f"is less than {named} = {s}"))
    doses = values.get("doses")
    dose_parts = [values.get(m) for m in DOSE_PARTS]
    if doses is not None and any(p is not None for p in dose_parts):
        s = sum(p or 0 for p in dose_parts)
        if s > doses:
            out.append(("doses", f"is less than first_doses + second_doses = {s}"))
    return out
