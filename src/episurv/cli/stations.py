"""`episurv stations ...`: care at home — stations and their logs, households and people,
intake, check-ins, the worklist, alerts, tests, release, outcomes and medicine. Each command
prints the JSON of its API twin (/api/v1/stations/..., /api/v1/checkins), from the same service
call; the operator's scope is the whole country."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from episurv.cli.support import Fmt, day_option, err, failing_cleanly, print_json

app = typer.Typer(help="Care at home: mobile medical stations, households, check-ins, triage.",
                  no_args_is_help=True)


def _run(action: Callable[[Any, Any], Any]) -> Any:
    """Run `action(session, scope)` in one transaction as the operator; a user's mistake
    ends with its message and exit code 2, changing nothing."""
    from pydantic import ValidationError

    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.errors import InvalidInput

    with failing_cleanly():
        try:
            with session_scope() as session:
                return action(session, SYSTEM)
        except ValidationError as exc:
            raise InvalidInput("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                         for e in exc.errors())) from None


def _province(session, scope, station_id: int, person_id: int) -> int:
    from episurv.homecare import service as hc

    return hc.person_province(session, scope=scope, station_id=station_id, person_id=person_id)


def _moment(value: str | None) -> datetime | None:
    """--at as the home-care forms read it (core.days.read_moment: "12/11/2021 09:05"
    as well as "2021-11-12T09:05"), in Vietnam's time; one that writes no date and time is
    refused naming the option and why."""
    from episurv.core.days import read_moment
    from episurv.core.time import LOCAL

    if not value:
        return None
    with failing_cleanly():
        return read_moment(value, "--at").replace(tzinfo=LOCAL)


@app.command("list")
def stations_list(format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Stations with their wards, capacity and F0 cared for at home."""
    from episurv.homecare import service as hc

    rows = _run(lambda s, scope: hc.list_stations(s, scope=scope))
    if format == Fmt.json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r.id:>4}  {r.name}  ({r.kind}, {', '.join(r.wards)})  "
                   f"F0 at home {r.f0_at_home}/{r.capacity}")


@app.command("add")
def stations_add(name: str, kind: str = typer.Option("mobile", help="ward|mobile|industrial_park"),
                 province: str = typer.Option("Hà Nội"), district: str = typer.Option(...),
                 ward: list[str] = typer.Option(..., help="A ward it covers (repeat)"),
                 capacity: int = typer.Option(80, help="F0 it can follow")) -> None:
    """Create a station covering one or more wards of a district."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import StationIn

    def act(s, scope):
        body = StationIn(name=name, kind=kind, province=province, district=district,
                         wards=ward, capacity=capacity)
        return hc.create_station(s, scope=scope, **body.model_dump())
    print_json(_run(act))


@app.command("staff")
def stations_staff(station_id: int, email: str) -> None:
    """Attach an account with the role `station` to a station."""
    from episurv.homecare import service as hc

    print_json(_run(lambda s, scope: hc.add_staff(s, scope=scope, station_id=station_id,
                                                  email=email)))


@app.command("log")
def stations_log(station_id: int, date_: str = day_option(..., "--date"),
                 task: str = typer.Option(..., help="followed|tests|vaccinations|"
                                                    "communications|consultations"),
                 count: int = typer.Option(...), note: str | None = typer.Option(None)) -> None:
    """Log one of the five tasks' counts for a day."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import LogIn

    def act(s, scope):
        body = LogIn(date=date_, task=task, count=count, note=note)
        return hc.log_activity(s, scope=scope, station_id=station_id, day=body.date,
                               task=body.task, count=body.count, note=body.note)
    print_json(_run(act))


@app.command("activity")
def stations_activity(station_id: int, until: str | None = day_option(None, "--until")) -> None:
    """The five tasks' counts per day for the 14 days up to --until (default: the station's
    latest check-in day)."""
    from episurv.homecare import service as hc

    def act(s, scope):
        day = date.fromisoformat(until) if until else hc.latest_moment(
            s, scope=scope, station_id=station_id).date()
        return hc.activity(s, scope=scope, station_id=station_id, until=day)
    print_json(_run(act))


@app.command("household")
def stations_household(station_id: int, code: str, ward: str = typer.Option(...),
                       address: str | None = typer.Option(None),
                       phone: str | None = typer.Option(None)) -> None:
    """Add a household of the station's catchment."""
    from episurv.homecare import service as hc

    print_json(_run(lambda s, scope: hc.add_household(
        s, scope=scope, station_id=station_id, code=code, ward=ward, address=address,
        phone=phone)))


@app.command("households")
def stations_households(station_id: int, date_: str | None = day_option(None, "--date")
                        ) -> None:
    """The station's households with their members and attention flags (JSON)."""
    from episurv.homecare import service as hc

    def act(s, scope):
        day = date.fromisoformat(date_) if date_ else hc.latest_moment(
            s, scope=scope, station_id=station_id).date()
        return hc.households(s, scope=scope, station_id=station_id, day=day)
    print_json(_run(act))


@app.command("person")
def stations_person(station_id: int, household_id: int, name: str,
                    role: str = typer.Option("other", help="F0|F1|other"),
                    birth_year: int | None = typer.Option(None),
                    sex: str | None = typer.Option(None), phone: str | None = typer.Option(None),
                    case_id: str | None = typer.Option(None),
                    contact_code: str | None = typer.Option(None),
                    vaccine_doses: int = typer.Option(0),
                    flag: list[str] = typer.Option([], help="chronic|pregnant|breastfeeding|"
                                                            "liver_disease|kidney_disease|"
                                                            "gastric_disease|bleeding_risk")
                    ) -> None:
    """Add a member to a household (an F0 may be linked to their case)."""
    from episurv.errors import InvalidInput
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import PersonIn

    def act(s, scope):
        unknown = sorted(set(flag) - set(hc.FLAGS))
        if unknown:
            raise InvalidInput(f"--flag {unknown[0]!r} is not one of {', '.join(hc.FLAGS)}")
        body = PersonIn(name=name, role=role, birth_year=birth_year, sex=sex, phone=phone,
                        case_id=case_id, contact_code=contact_code,
                        vaccine_doses=vaccine_doses, **{f: True for f in flag})
        return hc.add_person(s, scope=scope,
                             province_code=hc.station_province(s, station_id, scope=scope),
                             household_id=household_id, values=body)
    print_json(_run(act))


@app.command("assess")
def stations_assess(station_id: int, person_id: int, date_: str = day_option(..., "--date"),
                    positive_on: str = day_option(..., "--positive-on",
                                  help="Day of the positive test"),
                    confirmed_by: str | None = typer.Option(None, help="pcr|rapid"),
                    symptoms: str | None = typer.Option(None, help="none|mild|moderate|severe"),
                    resp_rate: int | None = typer.Option(None),
                    spo2: int | None = typer.Option(None),
                    abnormal_breathing: bool | None = typer.Option(None),
                    underlying: str | None = typer.Option(None, help="none|stable|unstable"),
                    listed_disease: bool | None = typer.Option(None),
                    self_care: bool | None = typer.Option(None)) -> None:
    """Assess an F0 for home care by the rule in force: each criterion met or not; the
    personal link (shown once) when eligible, a transfer flag when not."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import AssessmentIn

    def act(s, scope):
        body = AssessmentIn(date=date_, positive_on=positive_on, confirmed_by=confirmed_by,
                            symptoms=symptoms, resp_rate=resp_rate, spo2=spo2,
                            abnormal_breathing=abnormal_breathing, underlying=underlying,
                            listed_disease=listed_disease, self_care=self_care)
        return hc.assess(s, scope=scope, province_code=_province(s, scope, station_id,
                                                                 person_id),
                         person_id=person_id, answers=body)
    print_json(_run(act))


@app.command("link")
def stations_link(station_id: int, person_id: int,
                  base_url: str = typer.Option("http://127.0.0.1:8000"),
                  qr: Path | None = typer.Option(None, help="Write the QR code here (SVG)")
                  ) -> None:
    """A new personal check-in link (the old one stops working), and its QR code to print."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import PersonalLink

    path = _run(lambda s, scope: hc.issue_link(
        s, scope=scope, province_code=_province(s, scope, station_id, person_id),
        person_id=person_id))
    url = base_url.rstrip("/") + path
    if qr is not None:
        import segno

        segno.make(url, error="m").save(str(qr), kind="svg", scale=4)
        err.print(f"QR code written to {qr}")
    print_json(PersonalLink(link=url))


@app.command("checkin")
def stations_checkin(station_id: int, person_id: int,
                     at: str = typer.Option(..., help="When measured: D/M/YYYY HH:MM or "
                                                     "YYYY-MM-DDTHH:MM (local time)"),
                     spo2: int | None = typer.Option(None),
                     spo2_recheck: int | None = typer.Option(None),
                     resp_rate: int | None = typer.Option(None),
                     pulse: int | None = typer.Option(None),
                     temperature: float | None = typer.Option(None),
                     systolic: int | None = typer.Option(None),
                     diastolic: int | None = typer.Option(None),
                     symptom: list[str] = typer.Option([], help="A symptom code (repeat)"),
                     client_id: str | None = typer.Option(None, help="Idempotency id (UUID)")
                     ) -> None:
    """Record a check-in; it is triaged at once (red opens an alert on the worklist)."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import CheckInIn

    moment = _moment(at)

    def act(s, scope):
        extra = {"client_id": client_id} if client_id else {}
        body = CheckInIn(measured_at=moment, spo2=spo2, spo2_recheck=spo2_recheck,
                         resp_rate=resp_rate, pulse=pulse, temperature=temperature,
                         systolic=systolic, diastolic=diastolic, symptoms=symptom, **extra)
        return hc.staff_checkin(s, scope=scope,
                                province_code=_province(s, scope, station_id, person_id),
                                person_id=person_id, values=body)
    print_json(_run(act))


@app.command("worklist")
def stations_worklist(station_id: int, at: str | None = typer.Option(
                          None, help="D/M/YYYY HH:MM or YYYY-MM-DDTHH:MM (local time)"),
                      format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Who is due a check-in, who missed one, alerts, tests and releases due, most urgent
    first (at --at; default the station's latest check-in)."""
    from episurv.homecare import service as hc

    moment = _moment(at)
    result = _run(lambda s, scope: hc.station_worklist(s, scope=scope, station_id=station_id,
                                                       at=moment))
    if format == Fmt.json:
        print_json(result)
        return
    typer.echo(f"{result.station.name} at {result.at}: "
               + ", ".join(f"{k} {v}" for k, v in result.counts))
    for i in result.items:
        if not i.tags:
            continue
        reasons = "; ".join(r for a in i.alerts for r in a.reasons)
        typer.echo(f"{i.person_id:>6}  {i.name}  {i.phone or ''}  "
                   f"{', '.join(i.tags)}" + (f"  ({reasons})" if reasons else ""))


@app.command("resolve")
def stations_resolve(station_id: int, alert_id: int,
                     resolution: str = typer.Option(..., help="called|visited|transferred"),
                     note: str | None = typer.Option(None)) -> None:
    """Close an alert with what was done."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import ResolveIn

    def act(s, scope):
        body = ResolveIn(resolution=resolution, note=note)
        return hc.resolve_alert(s, scope=scope,
                                province_code=hc.station_province(s, station_id, scope=scope),
                                alert_id=alert_id, resolution=body.resolution, note=body.note)
    print_json(_run(act))


@app.command("test")
def stations_test(station_id: int, person_id: int, date_: str = day_option(..., "--date"),
                  result: str = typer.Option(..., help="negative|positive"),
                  supervised: bool = typer.Option(True, help="Done or supervised by a health "
                                                             "worker")) -> None:
    """Record a rapid antigen test."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import TestIn

    def act(s, scope):
        body = TestIn(date=date_, result=result, supervised=supervised)
        return hc.record_test(s, scope=scope,
                              province_code=_province(s, scope, station_id, person_id),
                              person_id=person_id, day=body.date, result=body.result,
                              supervised=body.supervised)
    print_json(_run(act))


@app.command("release")
def stations_release(station_id: int, person_id: int,
                     date_: str = day_option(..., "--date")) -> None:
    """Release by the rule in force and print the certificate (JSON); the case becomes
    recovered in the register."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import ReleaseIn

    def act(s, scope):
        body = ReleaseIn(date=date_)
        return hc.release(s, scope=scope, province_code=_province(s, scope, station_id,
                                                                  person_id),
                          person_id=person_id, day=body.date)
    print_json(_run(act))


@app.command("outcome")
def stations_outcome(station_id: int, person_id: int, date_: str = day_option(..., "--date"),
                     outcome: str = typer.Option(..., help="transferred|died"),
                     note: str | None = typer.Option(None)) -> None:
    """End home care by transfer or death (death flows to the case register)."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import OutcomeIn

    def act(s, scope):
        body = OutcomeIn(date=date_, outcome=outcome, note=note)
        return hc.set_outcome(s, scope=scope,
                              province_code=_province(s, scope, station_id, person_id),
                              person_id=person_id, day=body.date, outcome=body.outcome,
                              note=body.note)
    print_json(_run(act))


@app.command("dispense")
def stations_dispense(station_id: int, person_id: int, date_: str = day_option(..., "--date"),
                      package: str = typer.Option(..., help="A|B|C"),
                      doctor_order: str | None = typer.Option(None)) -> None:
    """Record a medicine package, or refuse it with every reason."""
    from episurv.homecare import service as hc
    from episurv.homecare.schemas import DispenseIn

    def act(s, scope):
        body = DispenseIn(date=date_, package=package, doctor_order=doctor_order)
        return hc.dispense(s, scope=scope,
                           province_code=_province(s, scope, station_id, person_id),
                           person_id=person_id, day=body.date, package=body.package,
                           doctor_order=body.doctor_order)
    print_json(_run(act))


@app.command("show")
def stations_show(station_id: int, person_id: int) -> None:
    """A person under care: assessments, check-ins, tests, medicine, release (JSON)."""
    from episurv.homecare import service as hc

    print_json(_run(lambda s, scope: hc.person_detail(
        s, scope=scope, province_code=_province(s, scope, station_id, person_id),
        person_id=person_id)))
