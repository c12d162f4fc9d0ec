"""Use cases of contacts: register (one or a file's worth, upserting by contact code), record
the station's calls and tests, turn a positive F1 into a case, and read transmission chains.

Reads go through `scoped`; writes check the scope, record an audit entry with the diff, and keep
the quarantine plan and the follow-up fields (next_test_on, last_call_on) current.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope, scoped
from episurv.cases.models import Case
from episurv.cases.validation import APPEARS_AGAIN
from episurv.contacts import chain as G
from episurv.contacts.followup import FOLLOWED
from episurv.contacts.models import Contact, ContactCheck, ContactTest
from episurv.contacts.quarantine import Immunity, plan_quarantine
from episurv.contacts.validation import Row, check_row, generated_code
from episurv.core.codes import patient_code
from episurv.core.i18n import N_
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.importing import Problem

# A row's reasons that need the database to give (the rest: contacts.validation).
NO_SUCH_CASE = N_("no such case")
NO_SUCH_CONTACT = N_("no such contact")
NO_PROVINCE = N_("required (no source case to take it from)")
OUTSIDE_JURISDICTION = N_("outside your jurisdiction")

CHECK_KINDS = ("call", "test")
CALL_RESULTS = ("well", "symptoms", "no_answer", "refused")
TEST_RESULTS = ("negative", "positive", "not_done")
_TRACKED = ("level", "province_code", "district_code", "ward_code", "team", "source_case_id",
            "source_contact_id", "case_id", "exposure_date", "exposure_place", "relation",
            "identified_on", "name", "phone", "address", "age", "sex", "vaccine_doses",
            "last_dose_date", "recovered_on", "policy", "setting", "quarantine_start",
            "quarantine_end", "monitoring_end", "status", "flag")


def _now() -> datetime:
    return datetime.now(UTC)


def _snapshot(c: Contact | None) -> dict | None:
    return None if c is None else {k: getattr(c, k) for k in _TRACKED}


def source_period(session: Session, case: Case) -> G.Period:
    end = case.outcome_date if case.outcome in ("recovered", "died") else None
    return G.infectious_period(case.onset_date, case.sample_date, case.report_date, end)


def contact_period(source: Contact) -> G.Period:
    """An F1 may pass the virus on from their own exposure until they are quarantined
    (3638/QĐ-BYT: F2 is a contact of the F1 in that time)."""
    return G.Period(source.exposure_date, source.quarantine_start)


# --- graph -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Link:
    id: int
    code: str
    level: str
    source_case_id: int | None
    source_contact_id: int | None
    case_id: int | None
    exposure_date: date
    relation: str
    flag: str | None
    status: str


def _node(row: _Link) -> str:
    return f"case:{row.case_id}" if row.case_id else f"contact:{row.id}"


_LINK_COLUMNS = (Contact.id, Contact.contact_code, Contact.level, Contact.source_case_id,
                 Contact.source_contact_id, Contact.case_id, Contact.exposure_date,
                 Contact.relation, Contact.flag, Contact.status)


def chain_edges(session: Session, scope: Scope, root: str, max_nodes: int = 2000
                ) -> tuple[dict[int, _Link], list[tuple[str, str, _Link]], bool]:
    """The contact rows around `root` (breadth first, both directions, inside the scope), and
    the edges source -> person they make; whether the walk stopped at `max_nodes`."""
    rows: dict[int, _Link] = {}
    seen = {root}
    frontier = {root}
    truncated = False

    def fetch(*conditions) -> None:
        if conditions:
            for r in session.execute(scoped(select(*_LINK_COLUMNS).where(or_(*conditions)),
                                            scope, Contact)):
                rows.setdefault(r[0], _Link(*r))

    while frontier:
        cases = [int(n[5:]) for n in frontier if n.startswith("case:")]
        contacts = [int(n[8:]) for n in frontier if n.startswith("contact:")]
        conditions = []
        if cases:
            conditions += [Contact.source_case_id.in_(cases), Contact.case_id.in_(cases)]
        if contacts:
            conditions += [Contact.id.in_(contacts), Contact.source_contact_id.in_(contacts)]
        fetch(*conditions)
        # A contact who became a case keeps its F2s, which hang from the contact's id.
        wanted = set(cases)
        converted = [r.id for r in rows.values() if r.case_id in wanted]
        if converted:
            fetch(Contact.source_contact_id.in_(converted))
        missing = {r.source_contact_id for r in rows.values()
                   if r.source_contact_id and r.source_contact_id not in rows}
        if missing:
            fetch(Contact.id.in_(missing))
        frontier = set()
        for r in list(rows.values()):
            for node in (_node(r), _source(r, rows)):
                if node is None or node in seen:
                    continue
                if len(seen) >= max_nodes:
                    truncated = True
                    continue
                seen.add(node)
                frontier.add(node)
    edges = [(src, _node(r), r) for r in rows.values()
             if (src := _source(r, rows)) is not None and _node(r) in seen and src in seen]
    return rows, edges, truncated


def _source(row: _Link, rows: dict[int, _Link]) -> str | None:
    if row.source_case_id:
        return f"case:{row.source_case_id}"
    if row.source_contact_id and row.source_contact_id in rows:
        return _node(rows[row.source_contact_id])
    return None


def check_new_link(session: Session, scope: Scope, source: str, target: str) -> None:
    """Refuse a link source -> target that is a self-link or closes a cycle: one that `target`
    already leads to `source`. Only what descends from `target` is walked, and the walk stops
    at `source`. (The whole chain around `target`, both ways, was walked before: importing the
    demo's largest cluster, whose chain reaches most of its contacts, took minutes, 81% of it
    here.)"""
    G.check_link(_edges_from(session, scope, target, goal=source), source, target)


def _edges_from(session: Session, scope: Scope, start: str, goal: str,
                max_nodes: int = 20_000) -> list[tuple[str, str]]:
    """The edges of the people `start` leads to (its F1s and theirs, and the cases they
    became), breadth first, until `goal` is reached or `max_nodes` are seen."""
    seen = {start}
    frontier = [start]
    edges: list[tuple[str, str]] = []
    while frontier and len(seen) < max_nodes:
        cases = [int(n[5:]) for n in frontier if n.startswith("case:")]
        contacts = [int(n[8:]) for n in frontier if n.startswith("contact:")]
        # A case's F2s hang from the id of the contact record that became the case.
        became = dict(session.execute(scoped(
            select(Contact.id, Contact.case_id).where(Contact.case_id.in_(cases)),
            scope, Contact)).all()) if cases else {}
        conditions = []
        if cases:
            conditions.append(Contact.source_case_id.in_(cases))
        if contacts or became:
            conditions.append(Contact.source_contact_id.in_([*contacts, *became]))
        frontier = []
        for link in session.execute(scoped(select(*_LINK_COLUMNS).where(or_(*conditions)),
                                           scope, Contact)):
            link = _Link(*link)
            if link.source_case_id:
                src = f"case:{link.source_case_id}"
            elif link.source_contact_id in became:
                src = f"case:{became[link.source_contact_id]}"
            else:
                src = f"contact:{link.source_contact_id}"
            node = _node(link)
            edges.append((src, node))
            if node == goal:
                return edges
            if node not in seen:
                seen.add(node)
                frontier.append(node)
    return edges


def transmission_chain(session: Session, *, scope: Scope, case_id: str,
                       include_contacts: bool = True, max_nodes: int = 500) -> dict:
    """The chain a case belongs to: every person linked to it by exposures, in either
    direction, as nodes (cases with report day, district and cluster; contacts with level and
    status; no personal data) and edges (exposure date, relation, infectious-period flag)."""
    root_case = session.scalar(scoped(select(Case).where(Case.case_id == case_id), scope, Case))
    if root_case is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    root = f"case:{root_case.id}"
    rows, edges, truncated = chain_edges(session, scope, root, max_nodes)
    nodes = {root} | {s for s, _t, _r in edges} | {t for _s, t, _r in edges}
    if not include_contacts:
        edges = [e for e in edges if e[1].startswith("case:")]
        nodes = {root} | {s for s, _t, _r in edges} | {t for _s, t, _r in edges}
    case_ids = [int(n[5:]) for n in nodes if n.startswith("case:")]
    from episurv.clusters.models import Cluster

    cases = {c.id: c for c in session.scalars(scoped(select(Case).where(Case.id.in_(case_ids)),
                                                     scope, Case))}
    clusters = dict(session.execute(select(Cluster.id, Cluster.name).where(
        Cluster.id.in_({c.cluster_id for c in cases.values() if c.cluster_id}))).all())
    generation = G.generations([(s, t) for s, t, _r in edges], nodes)
    reg = register()
    out_nodes = []
    for node in sorted(nodes, key=lambda n: (generation.get(n, 0), n)):
        kind, ident = node.split(":")
        if kind == "case":
            case = cases.get(int(ident))
            if case is None:  # outside the caller's jurisdiction: shown as a bare node
                out_nodes.append({"id": node, "kind": "case", "hidden": True})
                continue
            out_nodes.append({
                "id": node, "kind": "case", "case_id": case.case_id,
                "report_day": case.report_day.isoformat(),
                "district": reg.get(DISTRICT, case.district_code).short_name
                if case.district_code else None,
                "cluster": clusters.get(case.cluster_id), "generation": generation.get(node, 0),
                "root": node == root})
        else:
            row = rows[int(ident)]
            out_nodes.append({"id": node, "kind": "contact", "contact_code": row.code,
                              "level": row.level, "status": row.status,
                              "generation": generation.get(node, 0), "root": False})
    out_edges = [{"source": s, "target": t, "contact_code": r.code, "level": r.level,
                  "exposure_date": r.exposure_date.isoformat(), "relation": r.relation,
                  "flag": r.flag} for s, t, r in sorted(edges, key=lambda e: (e[0], e[1]))]
    return {"root": root, "case_id": case_id, "nodes": out_nodes, "edges": out_edges,
            "truncated": truncated}


# --- registering contacts ------------------------------------------------------------------

@dataclass
class _Resolved:
    row: Row
    code: str
    source_case: Case | None
    source_contact_code: str | None
    case: Case | None
    place: tuple[int, int | None, int | None]


def _resolve_place(values: dict, default_province: int | None
                   ) -> tuple[int, int | None, int | None, str, InvalidInput | None]:
    """(province, district, ward, failing column, its error); no error when resolved."""
    reg = register()
    column = "province"
    try:
        if values.get("province"):
            p = reg.resolve(values["province"], PROVINCE).code
        elif default_province is not None:
            p = default_province
        else:
            raise InvalidInput(NO_PROVINCE, code="no_province")
        d = w = None
        if values.get("district"):
            column = "district"
            d = reg.resolve(values["district"], DISTRICT, p).code
        if values.get("ward"):
            column = "ward"
            unit = reg.resolve(values["ward"], WARD, d, province=p)
            w, d = unit.code, d or unit.parent_code
        return p, d, w, "", None
    except InvalidInput as exc:
        return 0, None, None, column, exc


def _by_id(session: Session, model, row_id: int | None):
    """The row of a person-table by its id alone. Ids are unique on their own (one sequence per
    table); the key is (province_code, id) only so the tables can be split by province, and a
    source case or F1 may be in another province than the contact."""
    if row_id is None:
        return None
    return session.scalar(select(model).where(model.id == row_id))


def _lookup(session: Session, scope: Scope, model, column, codes: set[str],
            spell: Callable[[str], str] = str) -> dict:
    """The records of `codes`, keyed by each code as given; `spell` is the code's kept
    spelling (a patient code "bn 1" is case BN1: core.codes)."""
    wanted = {c: spell(c) for c in codes if c}
    stored = {}
    codes_list = sorted(set(wanted.values()))
    for start in range(0, len(codes_list), 500):
        for obj in session.scalars(scoped(select(model).where(
                column.in_(codes_list[start:start + 500])), scope, model)):
            stored[getattr(obj, column.key)] = obj
    return {c: stored[s] for c, s in wanted.items() if s in stored}


def resolve_rows(session: Session, scope: Scope, raw_rows: list[tuple[int, dict]],
                 titled: date | None = None) -> tuple[list[_Resolved], list[Problem]]:
    """Check every row and resolve its references; nothing is written. `titled`: the day the
    list's title gives (`check_row`)."""
    checked, problems = [], []
    seen_codes: dict[str, int] = {}
    nth: dict[str, int] = {}
    for row_number, raw in raw_rows:
        row, found = check_row(row_number, raw, titled=titled)
        problems += found
        code = row.values.get("contact_code")
        if not code:
            key = generated_code(raw, 0)
            nth[key] = nth.get(key, -1) + 1
            code = generated_code(raw, nth[key])
        if code in seen_codes:
            problems.append(Problem.of(row_number, "contact_code", code, APPEARS_AGAIN,
                                       first=str(seen_codes[code])))
        seen_codes.setdefault(code, row_number)
        checked.append((row, code))
    cases = _lookup(session, scope, Case, Case.case_id,
                    {r.values.get("source_case") for r, _c in checked}
                    | {r.values.get("case") for r, _c in checked}, spell=patient_code)
    known_contacts = _lookup(session, scope, Contact, Contact.contact_code,
                             {r.values.get("source_contact") for r, _c in checked})
    file_f1 = {code for r, code in checked if r.values.get("level") == "F1"}
    resolved = []
    for row, code in checked:
        v = row.values
        source_case = cases.get(v.get("source_case")) if v.get("source_case") else None
        if v.get("source_case") and source_case is None:
            problems.append(Problem.of(row.row, "source_case", v["source_case"], NO_SUCH_CASE))
        if v.get("source_contact") and v["source_contact"] not in known_contacts \
                and v["source_contact"] not in file_f1:
            problems.append(Problem.of(row.row, "source_contact", v["source_contact"],
                                       NO_SUCH_CONTACT))
        case = cases.get(v.get("case")) if v.get("case") else None
        if v.get("case") and case is None:
            problems.append(Problem.of(row.row, "case", v["case"], NO_SUCH_CASE))
        parent = known_contacts.get(v.get("source_contact"))
        default_p = source_case.province_code if source_case else (
            parent.province_code if parent else None)
        p, d, w, column, unresolved = _resolve_place(v, default_p)
        if unresolved is not None:
            problems.append(Problem.from_error(row.row, column, v.get(column) or "", unresolved))
        elif not scope.allows(p, d, w):
            problems.append(Problem.of(row.row, "ward" if scope.ward_codes else "district",
                                       v.get("ward") or v.get("district") or "",
                                       OUTSIDE_JURISDICTION))
        resolved.append(_Resolved(row, code, source_case, v.get("source_contact"), case,
                                  (p, d, w)))
    problems.sort(key=lambda p: p.row)
    return resolved, problems


def _plan(contact: Contact, source_contact: Contact | None):
    return plan_quarantine(
        contact.exposure_date,
        Immunity(contact.vaccine_doses, contact.last_dose_date, contact.recovered_on),
        level=contact.level, identified_on=contact.identified_on,
        setting=None if contact.setting in (None, "none") else contact.setting,
        source_quarantine_end=source_contact.quarantine_end if source_contact else None)


def apply_plan(session: Session, contact: Contact, source_contact: Contact | None) -> None:
    """Set the plan of the rule in force and the scheduled tests (done tests are kept)."""
    plan = _plan(contact, source_contact)
    contact.policy, contact.protected, contact.setting = plan.policy, plan.protected, plan.setting
    contact.quarantine_start, contact.quarantine_end = plan.quarantine_start, plan.quarantine_end
    contact.monitoring_end, contact.follow_end = plan.monitoring_end, plan.follow_end
    session.flush()  # the contact needs its id for its tests
    tests = {t.due_on: t for t in session.scalars(select(ContactTest).where(
        ContactTest.contact_id == contact.id))}
    for due, test in tests.items():
        if test.done_on is None and due not in plan.test_dates:
            session.delete(test)
    for due in plan.test_dates:
        if due not in tests:
            session.add(ContactTest(province_code=contact.province_code, contact_id=contact.id,
                                    due_on=due))
    session.flush()
    contact.next_test_on = next_test(session, contact)


def next_test(session: Session, contact: Contact) -> date | None:
    """The earliest scheduled test not yet taken; none once a test came back positive: the
    person is then registered as a case and leaves the quarantine's test plan, so no test of
    that plan is due or missed any more."""
    if session.scalar(select(ContactTest.id).where(ContactTest.contact_id == contact.id,
                                                   ContactTest.result == "positive").limit(1)):
        return None
    return session.scalar(select(ContactTest.due_on).where(
        ContactTest.contact_id == contact.id, ContactTest.done_on.is_(None))
        .order_by(ContactTest.due_on).limit(1))


def write_rows(session: Session, scope: Scope, resolved: list[_Resolved], *,
               origin: str) -> dict:
    """Upsert checked rows (F1 before F2, so an F2 can name an F1 of the same file)."""
    scope.require_write()
    existing = _in_their_provinces(session, resolved)
    # A code is issued by a province (docs/patient-codes.md): a row matches the contact of its
    # own province only, so the same code in another province is a record of its own and no
    # answer tells that it exists there. Inside the province a code held by another district
    # or ward is taken, and the refusal says only that.
    foreign = [r for r in resolved if (key := (r.place[0], r.code)) in existing
               and not scope.allows(existing[key].province_code, existing[key].district_code,
                                    existing[key].ward_code)]
    if foreign:
        raise InvalidInput("contact_code " + ", ".join(repr(r.code) for r in foreign[:10])
                           + " already registered by another jurisdiction; nothing was written")
    by_code: dict[str, Contact] = {}
    new = updated = 0
    for item in sorted(resolved, key=lambda r: r.row.values["level"]):
        v = item.row.values
        contact = existing.get((item.place[0], item.code))
        before = _snapshot(contact)
        if contact is None:
            # The column keeps the kind of origin; the audit entry names the file.
            contact = Contact(contact_code=item.code, status="active",
                              origin=origin.split()[0][:16], version=1)
        parent = None
        if item.source_contact_code:
            parent = by_code.get(item.source_contact_code) or session.scalar(scoped(
                select(Contact).where(Contact.contact_code == item.source_contact_code),
                scope, Contact))
        p, d, w = item.place
        exposure: date = v["exposure_date"]
        values = {
            "level": v["level"], "province_code": p, "district_code": d, "ward_code": w,
            "team": v.get("team"),
            "source_case_id": item.source_case.id if item.source_case else None,
            "source_contact_id": parent.id if parent else None,
            "case_id": item.case.id if item.case else contact.case_id,
            "exposure_date": exposure, "exposure_place": v.get("exposure_place"),
            "relation": v["relation"], "identified_on": v.get("identified_on") or exposure,
            "name": v.get("name"), "phone": v.get("phone"), "address": v.get("address"),
            "age": v.get("age"), "sex": v.get("sex"), "vaccine_doses": v.get("vaccine_doses"),
            "last_dose_date": v.get("last_dose_date"), "recovered_on": v.get("recovered_on"),
            "setting": v.get("setting") or contact.setting}
        for key, value in values.items():
            setattr(contact, key, value)
        if item.case is not None:
            contact.status = "case"
        period = source_period(session, item.source_case) if item.source_case else (
            contact_period(parent) if parent else None)
        contact.flag = G.exposure_flag(exposure, period) if period else None
        session.add(contact)
        apply_plan(session, contact, parent)
        if item.case is not None:
            source = f"case:{item.source_case.id}" if item.source_case else (
                _node(_link_of(parent)) if parent else None)
            if source:
                try:
                    check_new_link(session, scope, source, f"case:{item.case.id}")
                except InvalidInput as exc:
                    raise InvalidInput(f"row {item.row.row}, column case, value "
                                       f"{v['case']!r}: {exc}") from None
        after = _snapshot(contact)
        if before is None:
            new += 1
            audit.record(session, scope, "create", "contact", item.code,
                         changes={"origin": origin, **audit.diff(None, after)},
                         province_code=p)
        elif changes := audit.diff(before, after):
            contact.version += 1
            contact.updated_at = _now()
            updated += 1
            audit.record(session, scope, "update", "contact", item.code,
                         changes={"origin": origin, **changes}, province_code=p)
        by_code[item.code] = contact
    session.flush()
    return {"rows": len(resolved), "new": new, "updated": updated,
            "unchanged": len(resolved) - new - updated,
            "contacts": [c.contact_code for c in by_code.values()]}


def _in_their_provinces(session: Session, resolved: list[_Resolved]
                        ) -> dict[tuple[int, str], Contact]:
    """The contacts already registered under the rows' codes, each in the row's own province."""
    found: dict[tuple[int, str], Contact] = {}
    by_province: dict[int, list[str]] = {}
    for r in resolved:
        by_province.setdefault(r.place[0], []).append(r.code)
    for province, codes in by_province.items():
        codes = sorted(set(codes))
        for start in range(0, len(codes), 500):
            for c in session.scalars(select(Contact).where(
                    Contact.province_code == province,
                    Contact.contact_code.in_(codes[start:start + 500]))):
                found[(province, c.contact_code)] = c
    return found


def _link_of(c: Contact) -> _Link:
    return _Link(c.id, c.contact_code, c.level, c.source_case_id, c.source_contact_id,
                 c.case_id, c.exposure_date, c.relation, c.flag, c.status)


def add_contact(session: Session, *, scope: Scope, values: dict,
                origin: str = "traced") -> dict:
    """Register one contact (the API): the import rules, one row."""
    resolved, problems = resolve_rows(session, scope, [(1, values)])
    if problems:
        raise InvalidInput("; ".join(f"{p.column} {p.shown!r}: {p.message}" for p in problems),
                           [{"field": p.column, "value": p.shown, "message": p.message}
                            for p in problems])
    result = write_rows(session, scope, resolved, origin=origin)
    return contact_values(session, get_contact(session, result["contacts"][0], scope=scope,
                                               province_code=resolved[0].place[0]))


def get_contact(session: Session, code: str, *, scope: Scope,
                province_code: int | None = None) -> Contact:
    """The contact of `code` inside `scope`. A code is issued per province: where a national
    scope sees it in several, `province_code` names the province, else the lowest wins."""
    query = select(Contact).where(Contact.contact_code == code)
    if province_code is not None:
        query = query.where(Contact.province_code == province_code)
    contact = session.scalar(scoped(query, scope, Contact).order_by(Contact.province_code)
                             .limit(1))
    if contact is None:
        raise NotFound(N_("no contact %(contact)r"), code="no_contact", contact=code)
    return contact


def contact_values(session: Session, c: Contact) -> dict:
    """A contact as the station sees it (personal data included: not for public outputs)."""
    reg = register()
    codes = dict(session.execute(select(Case.id, Case.case_id).where(
        Case.id.in_([i for i in (c.source_case_id, c.case_id) if i]))).all())
    parent = _by_id(session, Contact, c.source_contact_id)
    tests = session.scalars(select(ContactTest).where(ContactTest.contact_id == c.id)
                            .order_by(ContactTest.due_on))
    plan_notes = _plan(c, parent).notes
    return {
        "contact_code": c.contact_code, "level": c.level, "status": c.status, "origin": c.origin,
        "source_case": codes.get(c.source_case_id), "source_contact":
            parent.contact_code if parent else None, "case": codes.get(c.case_id),
        "exposure_date": c.exposure_date.isoformat(), "exposure_place": c.exposure_place,
        "relation": c.relation, "identified_on": c.identified_on.isoformat(),
        "province": reg.get(PROVINCE, c.province_code).short_name,
        "district": reg.get(DISTRICT, c.district_code).short_name if c.district_code else None,
        "ward": reg.get(WARD, c.ward_code).short_name if c.ward_code else None,
        "ward_code": c.ward_code, "team": c.team,
        "name": c.name, "phone": c.phone, "address": c.address, "age": c.age, "sex": c.sex,
        "vaccine_doses": c.vaccine_doses,
        "last_dose_date": c.last_dose_date.isoformat() if c.last_dose_date else None,
        "recovered_on": c.recovered_on.isoformat() if c.recovered_on else None,
        "quarantine": {
            "policy": c.policy, "protected": c.protected, "setting": c.setting,
            "start": c.quarantine_start.isoformat(),
            "end": c.quarantine_end.isoformat() if c.quarantine_end else None,
            "monitoring_end": c.monitoring_end.isoformat() if c.monitoring_end else None,
            "follow_end": c.follow_end.isoformat(), "notes": list(plan_notes)},
        "tests": [{"due_on": t.due_on.isoformat(),
                   "done_on": t.done_on.isoformat() if t.done_on else None,
                   "result": t.result} for t in tests],
        "last_call_on": c.last_call_on.isoformat() if c.last_call_on else None,
        "next_test_on": c.next_test_on.isoformat() if c.next_test_on else None,
        "flag": c.flag, "version": c.version,
    }


# --- follow-up writes ----------------------------------------------------------------------

def positive_contacts(session: Session, codes: list[str]) -> set[str]:
    """Of these contacts, those still followed whose test came back positive: the nurse must
    register them as cases."""
    if not codes:
        return set()
    return set(session.scalars(select(Contact.contact_code).join(
        ContactTest, ContactTest.contact_id == Contact.id).where(
        Contact.contact_code.in_(codes), Contact.status.in_(FOLLOWED),
        ContactTest.result == "positive")))


def chain_case(session: Session, c: Contact) -> str | None:
    """The case whose transmission chain shows this person: their own case, the source case,
    or, for an F2, the case of their F1 (or the F1's source)."""
    ids = [c.case_id, c.source_case_id]
    if c.source_contact_id:
        parent = _by_id(session, Contact, c.source_contact_id)
        if parent is not None:
            ids += [parent.case_id, parent.source_case_id]
    first = next((i for i in ids if i), None)
    return session.scalar(select(Case.case_id).where(Case.id == first)) if first else None


def contact_checks(session: Session, c: Contact) -> list[ContactCheck]:
    """A contact's calls and checks, oldest first."""
    return list(session.scalars(
        select(ContactCheck).where(ContactCheck.province_code == c.province_code,
                                   ContactCheck.contact_id == c.id)
        .order_by(ContactCheck.at, ContactCheck.id)))


def _no_longer_followed(contact_code: str, status: str) -> Conflict:
    return Conflict(N_("contact %(contact)r is %(status)s: no longer followed"),
                    code="contact_not_followed", contact=contact_code, status=status)


def record_check(session: Session, *, scope: Scope, contact_code: str, day: date, kind: str,
                 result: str, note: str | None = None) -> dict:
    """A call made or a test taken on `day`. A test fulfils the earliest pending scheduled test
    due on or before that day (or is recorded as an extra test)."""
    scope.require_write()
    if kind not in CHECK_KINDS:
        raise InvalidInput(N_("kind must be call or test, got %(kind)r"), code="check_kind",
                           kind=kind)
    allowed = CALL_RESULTS if kind == "call" else TEST_RESULTS
    if result not in allowed:
        raise InvalidInput(N_("a %(kind)s result is one of %(allowed)s, got %(result)r"),
                           code="check_result", kind=kind, allowed=list(allowed), result=result)
    contact = get_contact(session, contact_code, scope=scope)
    if contact.status in ("case", "closed"):
        raise _no_longer_followed(contact_code, contact.status)
    if day < contact.quarantine_start:
        raise InvalidInput(N_("%(day)s is before the follow-up started (%(start)s)"),
                           code="check_before_followup", day=day.isoformat(),
                           start=contact.quarantine_start.isoformat())
    before = _snapshot(contact) | {"last_call_on": contact.last_call_on,
                                   "next_test_on": contact.next_test_on}
    check = ContactCheck(province_code=contact.province_code, contact_id=contact.id, day=day,
                         kind=kind, result=result, note=note, at=_now(), by=scope.actor)
    session.add(check)
    if kind == "call" and result != "no_answer":
        contact.last_call_on = max(day, contact.last_call_on or day)
    if kind == "test" and result != "not_done":
        test = session.scalar(select(ContactTest).where(
            ContactTest.contact_id == contact.id, ContactTest.done_on.is_(None),
            ContactTest.due_on <= day).order_by(ContactTest.due_on).limit(1))
        if test is None:
            test = ContactTest(province_code=contact.province_code, contact_id=contact.id,
                               due_on=day)
            session.add(test)
        test.done_on, test.result = day, result
        session.flush()
        contact.next_test_on = next_test(session, contact)
    after = _snapshot(contact) | {"last_call_on": contact.last_call_on,
                                  "next_test_on": contact.next_test_on}
    audit.record(session, scope, kind, "contact", contact_code,
                 changes={**audit.diff(before, after), "result": result},
                 province_code=contact.province_code)
    session.flush()
    out = contact_values(session, contact) | {"check_id": check.id}
    if kind == "test" and result == "positive":
        out["advice"] = "positive test: register the person as a case (become-case)"
    return out


UNDO_MINUTES = 10


def undo_check(session: Session, *, scope: Scope, contact_code: str, check_id: int,
               now: datetime | None = None) -> dict:
    """Take back a call or test result recorded by mistake (a tap on "positive" for
    "negative"): only the contact's latest check, only by the person who recorded it, only
    within UNDO_MINUTES of recording it, and only while the contact is still followed. The
    check is removed, the test it fulfilled is pending again (an extra test is removed), the
    last call and the next test are read again from what remains; the undo is audited with
    what it took back."""
    scope.require_write()
    contact = get_contact(session, contact_code, scope=scope)
    latest = session.scalar(select(ContactCheck).where(
        ContactCheck.province_code == contact.province_code,
        ContactCheck.contact_id == contact.id)
        .order_by(ContactCheck.at.desc(), ContactCheck.id.desc()).limit(1))
    if latest is None or latest.id != check_id:
        raise Conflict(N_("only the latest call or test of a contact can be undone"),
                       code="undo_not_latest")
    if latest.by != scope.actor:
        raise Conflict(N_("only the person who recorded a result can undo it"),
                       code="undo_not_author")
    def aware(moment: datetime) -> datetime:  # SQLite gives back naive UTC times
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    if aware(now or _now()) - aware(latest.at) > timedelta(minutes=UNDO_MINUTES):
        raise Conflict(N_("a result can be undone within %(minutes)s minutes of recording it"),
                       code="undo_too_late", minutes=UNDO_MINUTES)
    if contact.status not in FOLLOWED:
        raise _no_longer_followed(contact_code, contact.status)
    before = {"last_call_on": contact.last_call_on, "next_test_on": contact.next_test_on}
    kind, result, day = latest.kind, latest.result, latest.day
    session.delete(latest)
    session.flush()
    if kind == "call":
        contact.last_call_on = session.scalar(select(func.max(ContactCheck.day)).where(
            ContactCheck.province_code == contact.province_code,
            ContactCheck.contact_id == contact.id, ContactCheck.kind == "call",
            ContactCheck.result != "no_answer"))
    elif result != "not_done":
        test = session.scalar(select(ContactTest).where(
            ContactTest.contact_id == contact.id, ContactTest.done_on == day,
            ContactTest.result == result).order_by(ContactTest.due_on.desc()).limit(1))
        if test is not None:
            planned = _plan(contact, _by_id(session, Contact, contact.source_contact_id))
            if test.due_on in planned.test_dates:
                test.done_on, test.result = None, None
            else:
                session.delete(test)
            session.flush()
        contact.next_test_on = next_test(session, contact)
    after = {"last_call_on": contact.last_call_on, "next_test_on": contact.next_test_on}
    audit.record(session, scope, "undo", "contact", contact_code,
                 changes={**audit.diff(before, after), "undone": f"{kind}:{result}",
                          "day": day.isoformat()},
                 province_code=contact.province_code)
    session.flush()
    return contact_values(session, contact) | {"undone": {"kind": kind, "result": result}}


def become_case(session: Session, *, scope: Scope, contact_code: str, report_date: date,
                report_time: str | None = None, case_id: str | None = None,
                existing_case: str | None = None, join_source_cluster: bool = True) -> dict:
    """An F1 (or F2) who tested positive becomes a case in one step, keeping the link: the new
    case carries the contact's place and details, source "contact", found in quarantine when
    the positive test fell in the quarantine period; with `existing_case` the contact is
    linked to a case already registered (refused if it closes a cycle or is a self-link)."""
    from episurv.cases.service import save_case
    from episurv.clusters.models import Cluster

    scope.require_write()
    contact = get_contact(session, contact_code, scope=scope)
    if contact.case_id:
        raise Conflict(N_("contact %(contact)r is a case already"), code="contact_is_case",
                       contact=contact_code)
    parent = _by_id(session, Contact, contact.source_contact_id) if contact.source_contact_id \
        else None
    source = f"case:{contact.source_case_id}" if contact.source_case_id else (
        _node(_link_of(parent)) if parent else None)
    before = _snapshot(contact)
    if existing_case:
        case = session.scalar(scoped(select(Case).where(Case.case_id == existing_case), scope,
                                     Case))
        if case is None:
            raise NotFound(N_("no case %(case)r"), code="no_case", case=existing_case)
        if source:
            check_new_link(session, scope, source, f"case:{case.id}")
    else:
        reg = register()
        in_quarantine = (contact.quarantine_end is not None
                         and contact.quarantine_start <= report_date <= contact.quarantine_end)
        cluster = None
        if join_source_cluster and contact.source_case_id:
            source_case = _by_id(session, Case, contact.source_case_id)
            if source_case and source_case.cluster_id:
                cluster = session.get(Cluster, source_case.cluster_id).name
        saved = save_case(session, {
            "case_id": case_id, "report_date": report_date, "report_time": report_time,
            "province": reg.get(PROVINCE, contact.province_code).name,
            "district": reg.get(DISTRICT, contact.district_code).name
            if contact.district_code else None,
            "ward": reg.get(WARD, contact.ward_code).name if contact.ward_code else None,
            "detected_in": "quarantine" if in_quarantine else "community",
            "source": "cluster" if cluster else "contact", "cluster": cluster,
            "age": contact.age, "sex": contact.sex, "vaccine_doses": contact.vaccine_doses,
            "name": contact.name, "phone": contact.phone, "address": contact.address,
        }, scope=scope, must_be_new=bool(case_id))
        case = session.scalar(select(Case).where(Case.case_id == saved["case_id"]))
    contact.case_id, contact.status = case.id, "case"
    contact.version += 1
    contact.updated_at = _now()
    audit.record(session, scope, "become_case", "contact", contact_code,
                 changes=audit.diff(before, _snapshot(contact)) | {"case": [None, case.case_id]},
                 province_code=contact.province_code)
    session.flush()
    return {"contact_code": contact_code, "case_id": case.case_id,
            "chain": transmission_chain(session, scope=scope, case_id=case.case_id)}


def close_contact(session: Session, *, scope: Scope, contact_code: str, reason: str) -> dict:
    """Stop following a contact (wrong person, moved away, duplicate), with the reason."""
    scope.require_write()
    if not reason or not reason.strip():
        raise InvalidInput(N_("say why the contact is no longer followed"),
                           code="close_reason_missing")
    contact = get_contact(session, contact_code, scope=scope)
    before = _snapshot(contact)
    contact.status = "closed"
    contact.version += 1
    audit.record(session, scope, "close", "contact", contact_code,
                 changes=audit.diff(before, _snapshot(contact)) | {"reason": reason},
                 province_code=contact.province_code)
    return contact_values(session, contact)
