"""Use cases of interoperability: daily figures to and from DHIS2, people and results to and
from HL7 FHIR R4. Reads and writes go through the services that own the data (aggregates, cases,
contacts), in the caller's scope; this module only translates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.errors import InvalidInput
from episurv.interop import dhis2
from episurv.interop.mapping import LEVEL_MEASURE, Mapping, unit_label


def _check_range(since: date, until: date) -> None:
    if since > until:
        raise InvalidInput(f"--from {since.isoformat()} is after --to {until.isoformat()}")


def export_dhis2(session: Session, *, scope: Scope, since: date, until: date, mapping: Mapping,
                 fmt: str = "json", as_of: datetime | None = None,
                 province_code: int | None = None) -> tuple[str, dict]:
    """The daily figures of the units inside `scope` from `since` to `until` (as they stood at
    `as_of`), as a dataValueSets JSON payload or an ADX message, and what it holds.

    The levels the mapping names are exported (provinces, districts or both); within them a
    unit that has figures but no org unit is a named error, so a payload never drops a unit
    silently. The epidemic level is not on this branch's data yet: see `dhis2.level_value`."""
    from episurv.aggregates.rules import MEASURES
    from episurv.aggregates.series import unit_days

    if fmt not in dhis2.FORMATS:
        raise InvalidInput(f"format {fmt!r}: one of {', '.join(dhis2.FORMATS)}")
    _check_range(since, until)
    levels = {bool(d) for _p, d in mapping.org_units}
    measures = [m for m in MEASURES if m in mapping.measures]
    values: list[dhis2.Value] = []
    units: set[tuple[int, int]] = set()
    for row in unit_days(session, since=since, until=until, as_of=as_of,
                         province_code=province_code):
        p, d = row["province_code"], row["district_code"]
        if bool(d) not in levels or not scope.allows(p, d or None):
            continue
        for m in measures:
            if row[m] is not None:
                values.append(dhis2.Value(p, d, row["date"], m, int(row[m])))
                units.add((p, d))
    if fmt == "json":
        payload = dhis2.build_json(values, mapping)
        import json

        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        text = dhis2.build_adx(values, mapping)
    return text, {"values": len(values), "units": len(units),
                  "from": since.isoformat(), "to": until.isoformat(), "format": fmt}


def _read(text: str, fmt: str, mapping: Mapping, name: str
          ) -> tuple[list[dhis2.Value], list[dhis2.Problem]]:
    if fmt == "json":
        reader = dhis2.read_json
    elif fmt == "adx":
        reader = dhis2.read_adx
    else:
        raise InvalidInput(f"format {fmt!r}: one of {', '.join(dhis2.FORMATS)}")
    try:
        return reader(text, mapping)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc}") from None


def guess_format(name: str, text: str) -> str:
    """json or adx, from the file name, else from its first character."""
    lower = name.lower()
    if lower.endswith((".xml", ".adx")):
        return "adx"
    if lower.endswith(".json"):
        return "json"
    return "adx" if text.lstrip().startswith("<") else "json"


def import_dhis2(session: Session, *, scope: Scope, text: str, mapping: Mapping, name: str,
                 fmt: str | None = None, dry_run: bool = False) -> dict:
    """Read a DHIS2 payload into the versioned daily figures: one submission (so a report as of
    a moment before it is unchanged), all figures or none. Refused, naming each data value:
    an unknown data element, org unit or period, a value that is not a count, a unit outside
    the caller's jurisdiction, a day in the future, the same figure twice with two values,
    figures of one unit and day that cannot all be true (aggregates.rules.problems).
    With `dry_run` nothing is written and the changes are listed."""
    from episurv.aggregates.rules import problems as rule_problems
    from episurv.aggregates.service import Figure, latest_submissions, submit
    from episurv.core.time import local_today

    scope.require_write()
    fmt = fmt or guess_format(name, text)
    values, problems = _read(text, fmt, mapping, name)
    tomorrow = local_today() + timedelta(days=1)
    seen: dict[tuple[int, int, date, str], int] = {}
    by_unit_day: dict[tuple[int, int, date], dict[str, int | None]] = defaultdict(dict)
    for v in values:
        where = f"{unit_label((v.province_code, v.district_code))} {v.day.isoformat()}"
        if v.measure == LEVEL_MEASURE:
            problems.append(dhis2.Problem(where, "dataElement", LEVEL_MEASURE,
                                          "epidemic levels are assessed in episurv, not "
                                          "imported; leave them out of the payload"))
            continue
        if not scope.allows(v.province_code, v.district_code or None):
            problems.append(dhis2.Problem(where, "orgUnit",
                                          mapping.org_units[(v.province_code, v.district_code)],
                                          "outside your jurisdiction"))
            continue
        if v.day > tomorrow:
            problems.append(dhis2.Problem(where, "period", v.day.isoformat(),
                                          "is in the future"))
            continue
        key = (v.province_code, v.district_code, v.day, v.measure)
        if key in seen and seen[key] != v.value:
            problems.append(dhis2.Problem(where, v.measure, str(v.value),
                                          f"given twice, also as {seen[key]}"))
            continue
        seen[key] = v.value
        by_unit_day[key[:3]][v.measure] = v.value
    for (p, d, day), figures in sorted(by_unit_day.items()):
        for measure, message in rule_problems(figures):
            problems.append(dhis2.Problem(f"{unit_label((p, d))} {day.isoformat()}", measure,
                                          str(figures[measure]), message))
    dhis2.refuse(name, problems)
    figures = [Figure(p, d, day, m, value) for (p, d, day, m), value in sorted(seen.items())]
    if dry_run:
        current = latest_submissions(session, {(f.province_code, f.day) for f in figures})
        changes = []
        counts = {"figures": len(figures), "new": 0, "corrected": 0, "unchanged": 0}
        for f in figures:
            before = current.get((f.province_code, f.district_code, f.day, f.measure))
            kind = ("new" if before is None else "unchanged" if before[0] == f.value
                    else "corrected")
            counts[kind] += 1
            if kind != "unchanged":
                changes.append({"unit": unit_label((f.province_code, f.district_code)),
                                "date": f.day.isoformat(), "measure": f.measure,
                                "before": before[0] if before else None, "after": f.value})
        return {**counts, "dry_run": True, "changes": changes}
    result = submit(session, figures, scope=scope, source=f"dhis2 {name}"[:200])
    return {**result, "dry_run": False}
