"""Import of vaccination coverage and treatment capacity per unit and date (CSV or XLSX), and of a
province's policy adjustment file (TOML).

Coverage columns: province, district (optional), ward (optional), date, and any of
adult_dose1_pct (% of 18+ with at least one dose), elderly_full_pct (% of 65+ fully
vaccinated), population_full_pct, high_risk_full_pct. Capacity columns: province, district,
ward, date, and any of oxygen_at_station, mobile_station_plan (yes/no, có/không, 1/0),
free_beds_per_100k, icu_beds. The unit is the smallest one named. Percentages may be written
"74", "74%" or "74,5". One transaction: a bad row refuses the file, naming row, column and
value, unless a rejects file is given.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.core.days import typed_day, unread_day
from episurv.errors import InvalidInput
from episurv.geo.names import fold
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.importing import Problem, bad_rows, is_blank, read_table, write_rejects
from episurv.levels import service
from episurv.levels.models import LevelCapacity, LevelCoverage

COVERAGE = ("adult_dose1_pct", "elderly_full_pct", "population_full_pct", "high_risk_full_pct")
CAPACITY_FLAGS = ("oxygen_at_station", "mobile_station_plan")
CAPACITY_FIGURES = ("free_beds_per_100k", "icu_beds")
PLACE = ("province", "district", "ward", "date")
YES = {"yes", "y", "true", "1", "co", "x"}
NO = {"no", "n", "false", "0", "khong"}


class _NoDay(ValueError):
    """A date cell or field that writes no day, with the catalogue's message saying why
    (core.days.unread_day: a day no calendar has names its month's length)."""

    def __init__(self, text: str) -> None:
        self.template, self.params = unread_day(text)
        super().__init__(self.template % self.params)


def _day(text: str) -> date:
    day = typed_day(text)
    if day is None:
        raise _NoDay(text)
    return day


def _number(text: str, percent: bool) -> float:
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("not a number") from None
    if value < 0 or (percent and value > 100):
        raise ValueError("out of range" + (" (0-100)" if percent else ""))
    return value


def _flag(text: str) -> bool:
    key = fold(text).strip()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError("not yes/no (có/không, 1/0)")


def _value(field: str, text: str) -> bool | int | float:
    """A figure of a coverage or capacity column, checked (ValueError says what is wrong)."""
    if field in CAPACITY_FLAGS:
        return _flag(text)
    if field == "icu_beds":
        value = _number(text, False)
        if value != int(value):
            raise ValueError("not a whole number")
        return int(value)
    return _number(text, field.endswith("_pct"))


def _figures(fields: tuple[str, ...],
             cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The figures of `fields` read from their cells (an empty cell is None), and each cell
    that is wrong as (field, text, what is wrong)."""
    parsed: dict[str, Any] = {}
    wrong = []
    for f in fields:
        text = (cells.get(f) or "").strip()
        try:
            parsed[f] = _value(f, text) if text else None
        except ValueError as exc:
            wrong.append((f, text, str(exc)))
    return parsed, wrong


def enter_capacity(session: Session, *, scope: Scope, unit: str, code: int,
                   values: dict[str, str]) -> dict:
    """Capacity criteria typed into a form: `values` holds the text of each field (date,
    oxygen_at_station, mobile_station_plan, free_beds_per_100k, icu_beds), read as the file
    import reads its cells. Every field that is wrong is named, with its value, and nothing
    is written (InvalidInput.problems: field, value, message)."""
    service.check_unit_level(unit)
    service.check_writer(scope, unit, code)  # the jurisdiction first, whatever the values
    problems: list[dict] = []
    text = (values.get("date") or "").strip()
    as_of = None
    try:
        as_of = _day(text) if text else None
        if as_of is None:
            problems.append({"field": "date", "value": "", "message": "give the date"})
    except _NoDay as exc:
        problems.append({"field": "date", "value": text, "message": str(exc),
                         "template": exc.template, "params": exc.params})
    parsed, wrong = _figures(CAPACITY_FLAGS + CAPACITY_FIGURES, values)
    problems += [{"field": f, "value": text, "message": message} for f, text, message in wrong]
    if not problems and all(v is None for v in parsed.values()):
        problems.append({"field": CAPACITY_FLAGS[0], "value": "",
                         "message": "give at least one figure"})
    if problems:
        raise InvalidInput("; ".join(f"{p['field']} {p['value']!r}: {p['message']}"
                                     for p in problems) + "; nothing was saved", problems)
    assert as_of is not None
    return service.enter_capacity(session, scope=scope, unit=unit, code=code, as_of=as_of,
                                  values=parsed)


def _import(session: Session, path: Path, *, scope: Scope, kind: str,
            rejects: Path | None) -> dict:
    table = read_table(path)
    frame = table.frame
    headers = [h.strip() for h in frame.columns]
    fields = COVERAGE if kind == "coverage" else CAPACITY_FLAGS + CAPACITY_FIGURES
    missing = [c for c in ("province", "date") if c not in headers]
    if missing or not any(f in headers for f in fields):
        raise InvalidInput(f"{path.name}: needs columns province, date and at least one of "
                           f"{', '.join(fields)}; missing {', '.join(missing) or 'all figures'}")
    unknown = [h for h in headers if h not in PLACE + fields]
    if unknown:
        raise InvalidInput(f"{path.name}: unknown column(s) {', '.join(unknown)}; the columns "
                           f"are {', '.join(PLACE + fields)}")
    reg = register()
    problems: list[Problem] = []
    rows: dict[int, dict] = {}
    raw_rows = []
    for number, cells in enumerate(frame.iter_rows(), start=table.first_row):
        if is_blank(cells):
            continue
        raw = {h: (c or "").strip() for h, c in zip(headers, cells, strict=True)}
        raw_rows.append((number, [raw[h] for h in headers]))
        out: dict[str, Any] = {}
        try:
            prov = reg.resolve(raw["province"], PROVINCE)
            unit, level = prov, PROVINCE
            if raw.get("district"):
                unit, level = reg.resolve(raw["district"], DISTRICT, prov.code), DISTRICT
            if raw.get("ward"):
                if level == DISTRICT:
                    unit = reg.resolve(raw["ward"], WARD, unit.code)
                else:
                    unit = reg.resolve(raw["ward"], WARD, province=prov.code)
                level = WARD
        except InvalidInput as exc:
            column = "ward" if raw.get("ward") else "district" if raw.get("district") \
                else "province"
            problems.append(Problem(number, column, raw.get(column, ""), str(exc)))
            continue
        out.update(province_code=prov.code, unit_level=level, unit_code=unit.code)
        try:
            out["as_of"] = _day(raw["date"])
        except _NoDay as exc:
            problems.append(Problem.of(number, "date", raw["date"], exc.template,
                                       **exc.params))
        figures, wrong = _figures(fields, raw)
        out.update(figures)
        problems += [Problem(number, f, text, message) for f, text, message in wrong]
        if all(out.get(f) is None for f in fields):
            problems.append(Problem(number, fields[0], "", "the row has no figure"))
        rows[number] = out
    skip = bad_rows(path, problems, rejects)
    if rejects is not None:
        write_rejects(rejects, headers, raw_rows, problems)
    good = [r for n, r in rows.items() if n not in skip]
    keys = [(r["unit_level"], r["unit_code"], r["as_of"]) for r in good]
    if len(set(keys)) != len(keys):
        seen: dict = {}
        for n, r in rows.items():
            key = (r["unit_level"], r["unit_code"], r.get("as_of"))
            if n not in skip and key in seen:
                raise InvalidInput(f"{path.name}: rows {seen[key]} and {n} give the same unit "
                                   f"and date; nothing was imported")
            seen[key] = n
    model = LevelCoverage if kind == "coverage" else LevelCapacity
    written = service.upsert_inputs(session, scope=scope, model=model, rows=good,
                                    source=f"imported from {path.name}")
    return {"rows": written, "rejected": len(skip)}


def import_coverage(session: Session, path: Path, *, scope: Scope,
                    rejects: Path | None = None) -> dict:
    """Vaccination coverage per unit and date (see the module notes for the columns)."""
    return _import(session, path, scope=scope, kind="coverage", rejects=rejects)


def import_capacity(session: Session, path: Path, *, scope: Scope,
                    rejects: Path | None = None) -> dict:
    """Treatment capacity per unit and date (see the module notes for the columns)."""
    return _import(session, path, scope=scope, kind="capacity", rejects=rejects)


def import_adjustment(session: Session, path: Path, *, scope: Scope) -> dict:
    """A province's policy adjustment, a TOML file:

        policy = "QD-4800-2021"
        province = "Hà Nội"
        from = 2021-11-01
        aggregation = "highest"          # optional: own | highest | weighted
        note = "Kế hoạch ..."            # optional
        [thresholds]                     # optional: any of levels.policy.THRESHOLD_NAMES
        cases_level_3 = 60
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}: not a valid TOML file: {exc}") from None
    allowed = {"policy", "province", "from", "aggregation", "note", "thresholds"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"{path.name}: unknown key(s) {', '.join(unknown)}; the keys are "
                           f"{', '.join(sorted(allowed))}")
    for key in ("policy", "province", "from"):
        if key not in data:
            raise InvalidInput(f"{path.name}: missing key {key!r}")
    start = data["from"]
    if not isinstance(start, date):
        raise InvalidInput(f"{path.name}: from = {start!r} is not a date (write 2021-11-01)")
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise InvalidInput(f"{path.name}: [thresholds] must be a table of name = number")
    if not thresholds and "aggregation" not in data:
        raise InvalidInput(f"{path.name}: adjusts nothing (no [thresholds], no aggregation)")
    province = register().resolve(str(data["province"]), PROVINCE)
    return service.adjust_policy(session, scope=scope, province_code=province.code,
                                 policy=str(data["policy"]), valid_from=start,
                                 thresholds=thresholds, aggregation=data.get("aggregation"),
                                 note=data.get("note"), file_name=path.name)
