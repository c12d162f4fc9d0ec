"""Use cases of interoperability: daily figures to and from DHIS2, people and results to and
from HL7 FHIR R4. Reads and writes go through the services that own the data (aggregates, cases,
contacts), in the caller's scope; this module only translates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.errors import InvalidInput
from episurv.interop import dhis2
from episurv.interop.mapping import LEVEL_MEASURE, Mapping, unit_label
from episurv.interop.payload import Problem


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
    silently. A mapping that names the epidemic level gets each mapped unit's level of every day
    (the week ending that day, as `episurv levels` assesses it); a unit not assessable that day
    sends no value rather than a guess."""
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
    if LEVEL_MEASURE in mapping.measures:
        for value in _level_values(session, scope, since, until, mapping, province_code, as_of):
            values.append(value)
            units.add((value.province_code, value.district_code))
    if fmt == "json":
        text = dhis2.dumps_json(dhis2.build_json(values, mapping))
    else:
        text = dhis2.build_adx(values, mapping)
    return text, {"values": len(values), "units": len(units),
                  "from": since.isoformat(), "to": until.isoformat(), "format": fmt}


def _read(text: str, fmt: str, mapping: Mapping, name: str
          ) -> tuple[list[dhis2.Value], list[Problem]]:
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
            problems.append(Problem(where, "dataElement", LEVEL_MEASURE,
                                          "epidemic levels are assessed in episurv, not "
                                          "imported; leave them out of the payload"))
            continue
        if not scope.allows(v.province_code, v.district_code or None):
            problems.append(Problem(where, "orgUnit",
                                          mapping.org_units[(v.province_code, v.district_code)],
                                          "outside your jurisdiction"))
            continue
        if v.day > tomorrow:
            problems.append(Problem(where, "period", v.day.isoformat(),
                                          "is in the future"))
            continue
        key = (v.province_code, v.district_code, v.day, v.measure)
        if key in seen and seen[key] != v.value:
            problems.append(Problem(where, v.measure, str(v.value),
                                          f"given twice, also as {seen[key]}"))
            continue
        seen[key] = v.value
        by_unit_day[key[:3]][v.measure] = v.value
    for (p, d, day), figures in sorted(by_unit_day.items()):
        for measure, message in rule_problems(figures):
            problems.append(Problem(f"{unit_label((p, d))} {day.isoformat()}", measure,
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


# --- FHIR ---------------------------------------------------------------------------------

# Roles that hold the right to personal data (names, phones, addresses): those whose work is
# the line list of their own jurisdiction. A national account reads counts and chains, and a
# viewer only reads: their exports are always pseudonymised.
PERSONAL_DATA_ROLES = ("admin", "province", "district", "station")
EXPORT_LIMIT = 100_000


def pseudonymiser(session: Session) -> Callable[[str, str], str]:
    """The keyed hash that stands for a case or contact code: the same code gives the same
    pseudonym in every export of this installation (so exports can be linked), and nobody
    without the installation's secret can map one back by hashing every code."""
    import hashlib
    import hmac

    from episurv.accounts.secrets import secret

    # Derived from the installation's secret for this one purpose, so a pseudonym reveals
    # nothing about the declaration hashes made with the same secret.
    key = hmac.new(secret(session, "declaration_key").encode(), b"fhir-pseudonym/v1",
                   hashlib.sha256).digest()

    def pseudonym(kind: str, code: str) -> str:
        return hmac.new(key, f"{kind}\x1f{code}".encode(), hashlib.sha256).hexdigest()[:32]

    return pseudonym


def _check_personal(scope: Scope, personal: bool) -> None:
    from episurv.accounts.scope import Forbidden

    if personal and scope.role not in PERSONAL_DATA_ROLES:
        raise Forbidden(f"a {scope.role} account has no right to personal data: export "
                        "without it (pseudonymised)")


def _case_resources(values: dict, personal: bool, pseudonym: Callable[[str, str], str]
                    ) -> list[dict]:
    from episurv.interop import fhir

    who = fhir.person(values["case_id"], fhir.CASE_SYSTEM,
                      pseudonym("case", values["case_id"]), personal,
                      values["name"], values["phone"], values["address"])
    died = values["outcome_date"] if values["outcome"] == "died" else None
    return [
        fhir.patient(who, sex=values["sex"], province=values["province"],
                     district=values["district"], ward=values["ward"], died_on=died),
        fhir.condition(who, outcome=values["outcome"], report_date=values["report_date"],
                       onset_date=values["onset_date"], outcome_date=values["outcome_date"],
                       severity=values["severity"])]


def _level_values(session: Session, scope: Scope, since: date, until: date, mapping: Mapping,
                  province_code: int | None = None,
                  as_of: datetime | None = None) -> list[dhis2.Value]:
    """The epidemic level (Resolution 128/NQ-CP, 1 to 4) of each unit the mapping names, for
    each day from `since` to `until`: the week ending that day, assessed by the levels
    service (with the daily figures as they stood at `as_of`). Levels are public; the caller's
    scope still bounds what is exported."""
    from episurv.levels import service as levels

    out: list[dhis2.Value] = []
    for unit, districts in (("province", False), ("district", True)):
        provinces = sorted({p for p, d in mapping.org_units if bool(d) == districts
                            and province_code in (None, p)})
        day = since
        while day <= until:
            for p in provinces:
                result = levels.assess_week(session, scope=None, province_code=p, day=day,
                                            unit=unit, as_of=as_of)
                for u in result.units:
                    d = u["code"] if districts else 0
                    if (u["level"] is None or (p, d) not in mapping.org_units
                            or not scope.allows(p, d or None)):
                        continue
                    out.append(dhis2.Value(p, d, day, LEVEL_MEASURE,
                                           dhis2.level_value(u["level"])))
            day += timedelta(days=1)
    return out


def _check_in_resources(session: Session, scope: Scope, values: list[dict], personal: bool,
                        pseudonym: Callable[[str, str], str]) -> list[dict]:
    """The home care of these cases: an Encounter (home health) for the stretch of care and its
    check-ins as vital-sign Observations of their Patients."""
    from episurv.homecare import service as homecare
    from episurv.interop import fhir

    found = homecare.check_ins_of_cases(session, scope=scope, cases=[
        (v["province_code"], v["case_id"]) for v in values])
    out: list[dict] = []
    for v in values:
        if (v["province_code"], v["case_id"]) not in found:
            continue
        person, rows = found[(v["province_code"], v["case_id"])]
        who = fhir.person(v["case_id"], fhir.CASE_SYSTEM, pseudonym("case", v["case_id"]),
                          personal, v["name"], v["phone"], v["address"])
        out.append(fhir.encounter(who, ident=f"homecare-{person.province_code}-{person.id}",
                                  start=person.care_start, end=person.care_end))
        for c in rows:
            # The re-measured SpO2 is the one that counts (261/QĐ-BYT: re-measure after 30 s).
            spo2 = c.spo2_recheck if c.spo2_recheck is not None else c.spo2
            # SQLite hands back naive UTC; FHIR wants a moment with its offset.
            at = c.measured_at if c.measured_at.tzinfo else c.measured_at.replace(tzinfo=UTC)
            out += fhir.check_in_observations(who, fhir.CheckIn(
                ident=f"checkin-{c.province_code}-{c.id}", at=at, spo2=spo2,
                respiratory_rate=c.resp_rate, pulse=c.pulse, temperature=c.temperature,
                systolic=c.systolic, diastolic=c.diastolic))
    return out


def export_fhir(session: Session, *, scope: Scope, case_id: str | None = None,
                province_code: int | None = None, since: date | None = None,
                until: date | None = None, personal: bool = False) -> tuple[list[dict], dict]:
    """Cases as FHIR R4 resources, read in the caller's scope and audited like every read of
    personal data (the entry says whether personal data was given).

    With `case_id`: the case's transmission chain — every case in it as Patient + Condition,
    every contact as RelatedPerson of the case they were traced from (an F2, of the nearest
    case up the chain) with an exposure Observation. Otherwise the cases of a province (or the
    whole scope) reported from `since` to `until`, as Patient + Condition. A case cared for at
    home brings its check-ins as vital-sign Observations.
    Pseudonymised unless `personal` (which the caller's role must allow)."""
    from episurv.accounts import audit
    from episurv.cases import service as cases
    from episurv.contacts import service as contacts
    from episurv.interop import fhir

    _check_personal(scope, personal)
    pseudonym = pseudonymiser(session)
    resources: list[dict] = []
    counts = {"patients": 0, "related_persons": 0}
    if case_id is not None:
        if province_code is not None or since is not None or until is not None:
            raise InvalidInput("give a case, or a province and days, not both")
        cases.get_case(session, case_id, scope=scope)
        chain = contacts.transmission_chain(session, scope=scope, case_id=case_id,
                                            max_nodes=EXPORT_LIMIT)
        case_of_node = {n["id"]: n["case_id"] for n in chain["nodes"]
                        if n["kind"] == "case" and not n.get("hidden")}
        chain_values = [cases.case_values(session, cases.get_case(session, code, scope=scope))
                        for code in case_of_node.values()]
        for values in chain_values:
            resources += _case_resources(values, personal, pseudonym)
            counts["patients"] += 1
        resources += _check_in_resources(session, scope, chain_values, personal, pseudonym)
        source_of = {e["target"]: e["source"] for e in chain["edges"]}

        def nearest_case(node: str) -> str | None:
            seen = set()
            while node not in case_of_node and node in source_of and node not in seen:
                seen.add(node)
                node = source_of[node]
            return case_of_node.get(node)

        for edge in chain["edges"]:
            patient_code = nearest_case(edge["source"])
            if patient_code is None:  # its case is outside the caller's jurisdiction
                continue
            c = contacts.get_contact(session, edge["contact_code"], scope=scope)
            who = fhir.person(c.contact_code, fhir.CONTACT_SYSTEM,
                              pseudonym("contact", c.contact_code), personal,
                              c.name, c.phone, c.address)
            case_ident = (fhir.resource_id(patient_code) if personal
                          else pseudonym("case", patient_code))
            resources.append(fhir.related_person(who, case_ident=case_ident, level=c.level,
                                                 relation=c.relation))
            resources.append(fhir.exposure_observation(who, exposure_date=c.exposure_date,
                                                       relation=c.relation,
                                                       place=c.exposure_place))
            counts["related_persons"] += 1
        subject, where = case_id, None
    else:
        if since is not None and until is not None:
            _check_range(since, until)
        filters = cases.CaseFilter(province_code=province_code, date_from=since, date_to=until)
        cursor = None
        while counts["patients"] < EXPORT_LIMIT:
            page_values, cursor = cases.list_cases(session, scope=scope, filters=filters,
                                                   limit=1000, after=cursor)
            for values in page_values:
                resources += _case_resources(values, personal, pseudonym)
                counts["patients"] += 1
            resources += _check_in_resources(session, scope, page_values, personal, pseudonym)
            if cursor is None:
                break
        subject, where = "list", province_code
    audit.record(session, scope, "export", "fhir", subject, changes={
        "personal": personal, **counts,
        "filters": {k: v for k, v in (("case", case_id), ("province_code", province_code),
                                      ("since", since), ("until", until)) if v is not None}},
        province_code=where)
    return resources, {**counts, "personal": personal}


def _outcome(problems: list) -> dict:
    """An OperationOutcome naming each problem (FHIR's answer to a refused request)."""
    return {"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": "invalid", "diagnostics": str(p),
         "expression": [p.where]} for p in problems]}


def _structure_problems(raw: object) -> list:
    """What makes `raw` not a FHIR R4 Bundle, as fhir.resources (R4B models) reads it."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    from episurv.interop.payload import Problem

    if not isinstance(raw, dict) or raw.get("resourceType") != "Bundle":
        return [Problem("Bundle", "resourceType",
                           str(raw.get("resourceType") if isinstance(raw, dict) else raw)[:60],
                           "not a Bundle")]
    try:
        Bundle.model_validate(raw)
    except ValidationError as exc:
        return [Problem(".".join(str(x) for x in err["loc"][:-1]) or "Bundle",
                           str(err["loc"][-1]) if err["loc"] else "",
                           str(err.get("input", ""))[:60], err["msg"])
                for err in exc.errors()[:50]]
    if raw.get("type") not in ("transaction", "batch", "collection"):
        return [Problem("Bundle", "type", str(raw.get("type")),
                           "send a transaction (or batch, collection) Bundle")]
    return []


class RefusedBundle(InvalidInput):
    """A laboratory Bundle refused whole, with its OperationOutcome."""

    def __init__(self, message: str, problems: list):
        super().__init__(message, [p.as_dict() for p in problems])
        self.outcome = _outcome(problems)


def import_lab_bundle(session: Session, *, scope: Scope, raw: object, name: str
                      ) -> tuple[dict, dict]:
    """Positive SARS-CoV-2 RNA results (LOINC 94500-6) of a laboratory's Bundle into the line
    list, through the line list's own validation (cases.validation) and upsert, all or nothing:
    a result of a known case (the Patient's episurv case identifier, or a resent result) fills
    what the case lacks and keeps what it has; any other is a new case, found in the community
    (the laboratory does not know how it was found). Negative results are counted, not taken.
    Returns the transaction-response Bundle and the counts (rows, new, existing, negative)."""
    import hashlib

    import polars as pl

    from episurv.cases import service as cases
    from episurv.cases import vocabulary as V
    from episurv.cases.validation import ROW, validate_frame
    from episurv.config import get_settings
    from episurv.core.time import LOCAL
    from episurv.errors import NotFound
    from episurv.interop import fhir

    scope.require_write()
    problems = _structure_problems(raw)
    if problems:
        raise RefusedBundle(f"{name}: not a FHIR R4 Bundle: " + "; ".join(map(str, problems)),
                            problems)
    assert isinstance(raw, dict)
    rows, problems, negatives = fhir.lab_rows(raw, LOCAL)
    statuses: dict[str, str] = {}
    merged: list[dict] = []
    for where, row, lab_id in rows:
        if row["case_id"] is None:
            row["case_id"] = "LAB-" + hashlib.sha1(str(lab_id).encode()).hexdigest()[:12] \
                .upper()
        try:
            current = cases.case_values(session, cases.get_case(session, row["case_id"],
                                                                scope=scope))
        except NotFound:
            current = None
        statuses[where] = "201 Created" if current is None else "200 OK"
        if current is not None:
            # The case as registered wins; the result fills only what it lacks.
            keep = {k: (v.strftime("%H:%M") if k == "report_time" and v else v)
                    for k, v in current.items() if k in V.COLUMNS and v is not None}
            # The report date and hour go together (they decide the reporting day): a case
            # reported without an hour does not take the result's.
            row = {**row, **keep, "report_time": keep.get("report_time")}
        merged.append({"where": where, **row})
    if merged:
        frame = pl.DataFrame(
            {ROW: list(range(len(merged))),
             **{c: [None if m.get(c) is None else str(m[c]) for m in merged]
                for c in V.COLUMNS}},
            schema={ROW: pl.Int64, **{c: pl.Utf8 for c in V.COLUMNS}})
        typed, row_problems = validate_frame(frame, cutoff=get_settings().cutoff)
        for p in row_problems:
            problems.append(Problem(merged[p.row]["where"], p.column, p.value,
                                            p.message))
        outside = cases.outside_scope(typed, scope) & typed["province_code"].is_not_null()
        for i in typed.filter(outside)[ROW].to_list():
            problems.append(Problem(merged[i]["where"], "province",
                                            str(merged[i].get("province")),
                                            "outside your jurisdiction"))
    if problems:
        raise RefusedBundle(f"{name}: {len(problems)} problem(s); nothing was imported: "
                            + "; ".join(map(str, problems[:25])), problems)
    result = {"rows": 0, "new": 0, "existing": 0}
    if merged:
        # A savepoint: a refusal inside the upsert leaves nothing behind, even where the
        # caller answers the refusal and commits (the API's OperationOutcome).
        try:
            with session.begin_nested():
                result = cases.upsert_rows(session, typed, scope=scope,
                                           origin=f"fhir {name}"[:100])
        except InvalidInput as exc:  # a case code another jurisdiction registered
            raise RefusedBundle(f"{name}: {exc}", [Problem("Bundle", "case_id", "",
                                                                   str(exc))]) from None
    ids = {m["where"]: m["case_id"] for m in merged}
    entries = []
    for i in range(len(raw.get("entry", []))):
        where = f"entry[{i}]"
        if where in ids:
            entries.append({"response": {
                "status": statuses[where],
                "location": f"Patient/{fhir.resource_id(ids[where])}"}})
        else:
            entries.append({"response": {"status": "200 OK"}})
    return ({"resourceType": "Bundle", "type": "transaction-response", "entry": entries},
            {**result, "negative": negatives})
