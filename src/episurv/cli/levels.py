"""`episurv levels ...`: epidemic levels of a week, their inputs, decisions and history.

`episurv levels --province "Hà Nội" --date 2021-11-13 --unit ward --format json` prints the
levels (the same JSON as GET /api/v1/levels); the subcommands import coverage and capacity,
set or lift a decision, load a province's policy adjustment and show a unit's history."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import typer

from episurv.cli.support import day_option, err, failing_cleanly, print_json, print_text

app = typer.Typer(help="Epidemic levels (cấp độ dịch) per ward, district and province.")


class UnitOpt(StrEnum):
    ward = "ward"
    district = "district"
    province = "province"


class LevelFmt(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def _day(session, value: str | None, province_code: int | None):
    """The day asked, or the latest reporting day in the data (never the machine's clock)."""
    from episurv.errors import InvalidInput
    from episurv.reporting.daily import latest_data_day
    from episurv.reporting.service import parse_day

    day = parse_day(value) or latest_data_day(session, province_code)
    if day is None:
        raise InvalidInput("no cases in the register to date the week: give --date")
    return day


CSV_COLUMNS = ("unit", "code", "name", "parent_name", "level", "colour", "computed_level",
               "decision_level", "cases", "population", "rate_per_100k", "policy",
               "explanation")


@app.callback(invoke_without_command=True)
def levels(ctx: typer.Context,
           province: str | None = typer.Option(None, help="Province; none: the whole country"),
           date: str | None = day_option(None, "--date", help="Last day of the week; "
                                                   "default the latest reporting day"),
           unit: UnitOpt = typer.Option(UnitOpt.ward, help="ward | district | province"),
           district: str | None = typer.Option(None, help="Only this district's wards"),
           format: LevelFmt = typer.Option(LevelFmt.text, "--format")) -> None:
    """The level of every unit for the week ending on --date, with its criteria."""
    if ctx.invoked_subcommand is not None:
        return
    from episurv.db import session_scope
    from episurv.geo import units
    from episurv.geo.units import DISTRICT, register
    from episurv.levels import service

    with failing_cleanly(), session_scope() as session:
        province_code = units.province_code(province)
        district_code = None
        if district:
            if province_code is None:
                raise typer.BadParameter("--district needs --province")
            district_code = register().resolve(district, DISTRICT, province_code).code
        day = _day(session, date, province_code)
        result = service.assess_week(session, scope=None, province_code=province_code, day=day,
                                     unit=unit.value, district_code=district_code)
    if format == LevelFmt.json:
        print_json(result.model_dump(mode="json"))
        return
    if format == LevelFmt.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for u in result.units:
            d = u["decision"]
            writer.writerow([u["unit"], u["code"], u["name"], u["parent_name"] or "",
                             u["level"] or "", u["colour"] or "", u["computed_level"] or "",
                             d.level if d else "", u["cases"], u["population"] or "",
                             "" if u["rate_per_100k"] is None else u["rate_per_100k"],
                             u["policy"], "; ".join(c["text"] for c in u["criteria"])])
        return
    lines = [f"Epidemic levels, week {result.date:%d/%m/%Y} (7 days ending that day), "
             f"{result.province or 'Vietnam'}, by {result.unit}"]
    for p in result.policies:
        lines.append(f"policy {p.name}: {p.source}" + (f"; adjusted: {p.adjustment}"
                                                       if p.adjustment else ""))
        if p.unconfirmed:
            lines.append(f"  unconfirmed defaults: {', '.join(p.unconfirmed)}")
    lines.append("units per level: " + ", ".join(f"{k}: {v}" for k, v in result.counts.items()))
    for u in result.units:
        where = f" ({u['parent_name']})" if u["parent_name"] else ""
        level = f"level {u['level']} {u['colour']}" if u["level"] else "not assessable"
        lines.append(f"{u['name']}{where}: {level}" + (" [decision]" if u["decision"] else ""))
        lines += [f"    {c['text']}" for c in u["criteria"]]
    print_text("\n".join(lines))


@app.command("coverage")
def coverage_cmd(file: Path = typer.Argument(..., exists=True, dir_okay=False),
                 skip_invalid: Path | None = typer.Option(None, "--skip-invalid")) -> None:
    """Import vaccination coverage per unit and date (province, district, ward, date,
    adult_dose1_pct, elderly_full_pct, population_full_pct, high_risk_full_pct)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.levels.inputs import import_coverage

    with failing_cleanly(), session_scope() as session:
        result = import_coverage(session, file, scope=SYSTEM, rejects=skip_invalid)
    err.print(f"{result['rows']} coverage rows" + (
        f"; {result['rejected']} rejected, written to {skip_invalid}" if skip_invalid else ""))


@app.command("capacity")
def capacity_cmd(file: Path = typer.Argument(..., exists=True, dir_okay=False),
                 skip_invalid: Path | None = typer.Option(None, "--skip-invalid")) -> None:
    """Import treatment capacity per unit and date (province, district, ward, date,
    oxygen_at_station, mobile_station_plan, free_beds_per_100k, icu_beds)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.levels.inputs import import_capacity

    with failing_cleanly(), session_scope() as session:
        result = import_capacity(session, file, scope=SYSTEM, rejects=skip_invalid)
    err.print(f"{result['rows']} capacity rows" + (
        f"; {result['rejected']} rejected, written to {skip_invalid}" if skip_invalid else ""))


@app.command("decide")
def decide_cmd(province: str = typer.Option(...),
               name: str = typer.Option(..., "--name", help="The unit (ward, district, or "
                                                            "the province itself)"),
               unit: UnitOpt = typer.Option(UnitOpt.ward),
               district: str | None = typer.Option(None, help="The ward's district, when the "
                                                              "name is shared"),
               level: int = typer.Option(..., min=1, max=4),
               start: str = day_option(..., "--from", help="First day"),
               until: str | None = day_option(None, "--until",
                                              help="Last day; default until lifted"),
               reason: str = typer.Option(...),
               reference: str | None = typer.Option(None, help="The decision's document"),
               by: str = typer.Option("system", help="Who decides (written to the audit)")
               ) -> None:
    """Set a unit's level from a date, overriding the computed one (audited)."""
    from episurv.accounts.scope import Scope
    from episurv.db import session_scope
    from episurv.levels import service
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        code = service.resolve_unit(province, name, unit.value, district)
        first = parse_day(start)
        assert first is not None
        out = service.set_decision(session, scope=Scope(role="admin", actor=by),
                                   unit=unit.value, code=code, level=level, valid_from=first,
                                   valid_to=parse_day(until), reason=reason,
                                   reference=reference)
    print_json(out.model_dump(mode="json"))


@app.command("lift")
def lift_cmd(decision: int = typer.Argument(..., help="The decision's id"),
             last_day: str = day_option(..., "--last-day", help="Last day it applies"),
             by: str = typer.Option("system")) -> None:
    """End a decision: the computed level applies again from the next day (audited)."""
    from episurv.accounts.scope import Scope
    from episurv.db import session_scope
    from episurv.levels import service
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        day = parse_day(last_day)
        assert day is not None
        out = service.lift_decision(session, scope=Scope(role="admin", actor=by),
                                    decision_id=decision, last_day=day)
    print_json(out.model_dump(mode="json"))


@app.command("adjust")
def adjust_cmd(file: Path = typer.Argument(..., exists=True, dir_okay=False),
               by: str = typer.Option("system", help="Who adjusts (written to the record)")
               ) -> None:
    """Load a province's adjustment of a policy (TOML: policy, province, from, [thresholds],
    aggregation); recorded with who and when."""
    from episurv.accounts.scope import Scope
    from episurv.db import session_scope
    from episurv.levels.inputs import import_adjustment

    with failing_cleanly(), session_scope() as session:
        out = import_adjustment(session, file, scope=Scope(role="admin", actor=by))
    print_json(out)


@app.command("policies")
def policies_cmd() -> None:
    """The shipped policies with their thresholds; unconfirmed defaults are marked."""
    from episurv.levels.policy import POLICIES, THRESHOLD_NAMES

    lines = []
    for p in POLICIES.values():
        lines.append(f"{p.name}: {p.source}; in force from {p.valid_from:%d/%m/%Y}")
        for key, t in p.thresholds.items():
            mark = " (UNCONFIRMED default)" if t.unconfirmed else ""
            lines.append(f"  {key} {t.op} {t.value:g}: {THRESHOLD_NAMES[key]}{mark}")
    print_text("\n".join(lines))


@app.command("history")
def history_cmd(province: str = typer.Option(...),
                name: str | None = typer.Option(None, "--name", help="The ward or district"),
                unit: UnitOpt = typer.Option(UnitOpt.ward),
                district: str | None = typer.Option(None),
                date: str | None = day_option(None, "--date", help="Last week's last day"),
                weeks: int = typer.Option(26, min=1, max=260),
                format: LevelFmt = typer.Option(LevelFmt.text, "--format")) -> None:
    """A unit's weekly levels and its changes up and down with their effective dates."""
    from episurv.db import session_scope
    from episurv.geo.units import province_code
    from episurv.levels import service

    with failing_cleanly(), session_scope() as session:
        if unit != UnitOpt.province and not name:
            raise typer.BadParameter("--name is needed for a ward or district")
        code = service.resolve_unit(province, name or province, unit.value, district)
        day = _day(session, date, province_code(province))
        out = service.unit_history(session, scope=None, unit=unit.value, code=code, day=day,
                                   weeks=weeks)
    if format == LevelFmt.json:
        print_json(out.model_dump(mode="json"))
        return
    if format == LevelFmt.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(("week_end", "level", "computed_level", "decided", "cases",
                         "rate_per_100k"))
        for w in out.weeks:
            writer.writerow((w.week_end, w.level or "", w.computed_level or "", int(w.decided),
                             w.cases, w.rate_per_100k if w.rate_per_100k is not None else ""))
        return
    lines = [f"{out.name}" + (f" ({out.parent_name})" if out.parent_name else "")]
    lines += [f"  week to {w.week_end:%d/%m/%Y}: "
              + (f"level {w.level}" if w.level else "not assessable")
              + (" (decision)" if w.decided else "") for w in out.weeks]
    lines += [f"  {c.effective:%d/%m/%Y}: {c.direction} {c.from_level} → {c.to_level}"
              for c in out.changes]
    print_text("\n".join(lines))
