"""The command line: parse arguments, call a service, print. Each command has an API twin that
returns the same JSON from the same service call."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from episurv import outbreak_cli
from episurv.accounts.scope import SYSTEM
from episurv.analytics import cli as analytics_cli
from episurv.bulletins import cli as bulletins_cli
from episurv.cli_support import (
    Fmt,
    Lang,
    err,
    failing_cleanly,
    print_json,
    print_text,
    progress_bar,
)
from episurv.config import get_settings

app = typer.Typer(help="episurv: epidemic surveillance and response.", no_args_is_help=True,
                  add_completion=False)
units_app = typer.Typer(help="Administrative units (2021 structure).", no_args_is_help=True)
import_app = typer.Typer(help="Import line lists and population files.", no_args_is_help=True)
report_app = typer.Typer(help="Reports.", no_args_is_help=True)
app.add_typer(units_app, name="units")
app.add_typer(import_app, name="import")
app.add_typer(report_app, name="report")
export_app = typer.Typer(help="Open data exports.", no_args_is_help=True)
app.add_typer(export_app, name="export")
users_app = typer.Typer(help="Accounts: who may see and change which jurisdiction.",
                        no_args_is_help=True)
tokens_app = typer.Typer(help="API bearer tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(analytics_cli.app, name="analytics", help="Epidemiological analytics (Rt, ...).")
app.add_typer(bulletins_cli.app, name="parse", help="Read published bulletins into data.")
app.add_typer(outbreak_cli.clusters_app, name="clusters")
app.add_typer(outbreak_cli.contacts_app, name="contacts")
app.add_typer(outbreak_cli.exposures_app, name="exposures")

@app.command()
def init() -> None:
    """Create or migrate the database named by EPISURV_DATABASE_URL and load the units."""
    from episurv.setup import init_database

    with failing_cleanly():
        added = init_database()
    err.print(f"database ready at {get_settings().database_url} ({added} units added)")


@units_app.command("list")
def units_list(province: str | None = typer.Option(None, help="List this province's districts"),
               district: str | None = typer.Option(None, help="List this district's wards"),
               format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """List provinces, a province's districts, or a district's wards, with population."""
    from episurv.db import session_scope
    from episurv.geo.service import list_units

    with failing_cleanly():
        if district and not province:
            raise typer.BadParameter("--district needs --province")
        with session_scope() as session:
            units = list_units(session, province, district)
    if format == Fmt.json:
        print_json(units)
        return
    table = Table("code", "name", "type", "population", *(
        [k for k in units[0] if k.endswith("s") and k not in ("name", "level")] if units else []))
    for u in units:
        extra = [str(u[k]) for k in u if k.endswith("s") and k not in ("name", "level")]
        table.add_row(str(u["code"]), u["name"], u["division_type"],
                      f"{u['population']:,}" if u["population"] else "", *extra)
    Console().print(table)
    err.print(f"{len(units)} units; population: 2019 census (General Statistics Office)")


@import_app.command("cases")
def import_cases_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX line list"),
    province: str | None = typer.Option(None, help="Province of rows that name none"),
    skip_invalid: Path | None = typer.Option(
        None, "--skip-invalid", help="Import valid rows; write rejected rows and reasons here"),
) -> None:
    """Import (upsert) a line list of confirmed cases: all rows or none."""
    from episurv.cases.importer import import_cases
    from episurv.db import session_scope

    with failing_cleanly(), progress_bar("importing") as report, session_scope() as session:
        result = import_cases(session, file, scope=SYSTEM, province=province,
                              rejects=skip_invalid, progress=report)
    if result["ignored_columns"]:
        err.print("ignored columns: " + ", ".join(result["ignored_columns"]))
    err.print(f"{result['rows']} rows imported: {result['new']} new cases, "
              f"{result['existing']} already present (updated where changed)"
              + (f"; {result['rejected']} rejected, written to {skip_invalid}"
                 if skip_invalid else ""))


@import_app.command("population")
def import_population_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False),
    skip_invalid: Path | None = typer.Option(None, "--skip-invalid"),
) -> None:
    """Load ward population from a census-like CSV (city, district, ward, total)."""
    from episurv.db import session_scope
    from episurv.geo.service import import_population

    with failing_cleanly(), session_scope() as session:
        result = import_population(session, file, skip_invalid)
    err.print(f"{result['wards']} wards, population {result['population']:,}"
              + (f"; {result['rejected']} rows not matched, written to {skip_invalid}"
                 if skip_invalid else ""))


@report_app.command("daily")
def report_daily(
    province: str = typer.Option(..., help='e.g. "Hà Nội"'),
    date_: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: latest)"),
    format: Fmt = typer.Option(Fmt.text, "--format"),
    lang: Lang = typer.Option(Lang.vi, "--lang"),
) -> None:
    """The city's daily report for the reporting day ending at the cut-off."""
    from episurv.reporting.service import daily_report_for

    with failing_cleanly():
        report = daily_report_for(province, date_)
        if format == Fmt.json:
            print_json(report)
            return
        from episurv.reporting.render_daily import render_html, render_text

        print_text(render_text(report, lang.value) if format == Fmt.text
                   else render_html(report, lang.value))


@users_app.command("add")
def users_add(email: str = typer.Option(...), role: str = typer.Option(
                  ..., help="admin, national, province, district, station or viewer"),
              unit: str | None = typer.Option(None, help="Province of the jurisdiction"),
              district: str | None = typer.Option(None),
              ward: list[str] | None = typer.Option(None, help="Ward(s) of a station")) -> None:
    """Add an account; prints its one-time password."""
    from episurv.accounts.service import add_user
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        _user, password = add_user(session, scope=SYSTEM, email=email, role=role, unit=unit,
                                   district=district, wards=ward)
    typer.echo(f"{email}\t{role}\tone-time password: {password}")


@users_app.command("list")
def users_list(format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    from episurv.accounts.service import list_users
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        users = list_users(session, scope=SYSTEM)
    if format == Fmt.json:
        print_json(users)
        return
    table = Table("email", "role", "unit", "wards", "active")
    for u in users:
        table.add_row(u["email"], u["role"], u["unit"], ", ".join(u["wards"]),
                      "yes" if u["active"] else "no")
    Console().print(table)


@users_app.command("disable")
def users_disable(email: str = typer.Option(...)) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    from episurv.accounts.service import disable_user
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        disable_user(session, scope=SYSTEM, email=email)
    err.print(f"{email} disabled")


@tokens_app.command("create")
def tokens_create(email: str = typer.Option(...)) -> None:
    """Create an API token for an account; it is shown once and stored hashed."""
    from episurv.accounts.service import create_token
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        token = create_token(session, scope=SYSTEM, email=email)
    typer.echo(token)


@app.command()
def audit(entity: str = typer.Option(..., help="e.g. case:BN123456"),
          format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """The history of a record: who changed what, when and from where."""
    from episurv.accounts.audit import history
    from episurv.db import session_scope

    with failing_cleanly():
        kind, _sep, ident = entity.partition(":")
        if not ident:
            raise typer.BadParameter("--entity is KIND:ID, e.g. case:BN123456")
        with session_scope() as session:
            entries = history(session, kind, ident)
    if format == Fmt.json:
        print_json(entries)
        return
    for e in entries:
        typer.echo(f"{e['at'][:19]}  {e['actor']}  {e['address'] or '-'}  {e['action']}  "
                   + json.dumps(e["changes"], ensure_ascii=False))
    if not entries:
        err.print(f"no history for {entity}")


@import_app.command("aggregates")
def import_aggregates_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="CSV or XLSX: date,province[,district],<measure>..."),
    wide: bool = typer.Option(False, "--wide", help="Rows are units, columns are dates"),
    measure: str | None = typer.Option(None, help="The measure of a --wide table"),
    year: int | None = typer.Option(None, help="Year of d/m dates"),
    skip_invalid: Path | None = typer.Option(
        None, "--skip-invalid", help="Import valid rows; write rejected rows and reasons here"),
) -> None:
    """Import daily figures of provinces or districts; corrections keep the old values."""
    from episurv.accounts.scope import SYSTEM
    from episurv.aggregates.importer import import_aggregates
    from episurv.db import session_scope

    with failing_cleanly(), progress_bar("importing") as report, session_scope() as session:
        result = import_aggregates(session, file, scope=SYSTEM, wide=wide, measure=measure,
                                   year=year, rejects=skip_invalid, progress=report)
    err.print(f"{result['rows']} rows, {result['figures']} figures: {result['new']} new, "
              f"{result['corrected']} corrected, {result['unchanged']} unchanged"
              + (f"; {result['rejected']} rows rejected, written to {skip_invalid}"
                 if skip_invalid else ""))


class ChartFormat(StrEnum):
    svg = "svg"
    png = "png"


@report_app.command("national")
def report_national(
    date_: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: latest)"),
    as_of: str | None = typer.Option(None, "--as-of",
                                        help="As it stood then: YYYY-MM-DDTHH:MM (local time)"),
    format: Fmt = typer.Option(Fmt.text, "--format"),
    lang: Lang = typer.Option(Lang.vi, "--lang"),
    charts: Path | None = typer.Option(None, "--charts", file_okay=False,
                                          help="Also write the charts into this directory"),
    chart_format: ChartFormat = typer.Option(ChartFormat.svg, "--chart-format"),
) -> None:
    """The ministry's national report: cases, deaths, tests, doses, by province."""
    from episurv.accounts.scope import SYSTEM
    from episurv.reporting.national import national_report_for

    with failing_cleanly():
        report = national_report_for(date_, scope=SYSTEM, as_of=as_of)
        if charts is not None:
            from episurv.reporting.render_national import write_charts

            for path in write_charts(report, charts, lang.value, chart_format.value):
                err.print(f"chart written: {path}")
        if format == Fmt.json:
            print_json(report)
            return
        from episurv.reporting.render_national import render_html, render_text

        print_text(render_text(report, lang.value) if format == Fmt.text
                   else render_html(report, lang.value))


@export_app.command("owid")
def export_owid(
    by: str = typer.Option("nation", help="nation or province"),
    date_: str | None = typer.Option(None, "--date", help="Last day (default: latest)"),
    since: str | None = typer.Option(None, help="First day YYYY-MM-DD"),
    as_of: str | None = typer.Option(None, "--as-of", help="As it stood then"),
    out: Path | None = typer.Option(None, help="Write the CSV here, not to stdout"),
) -> None:
    """Daily figures as CSV in Our World in Data's column names."""
    from episurv.accounts.scope import SYSTEM
    from episurv.aggregates.series import default_until, owid_export
    from episurv.db import session_scope
    from episurv.reporting.national import parse_date, parse_moment

    with failing_cleanly(), session_scope() as session:
        until = parse_date(date_) or default_until(session)
        table = owid_export(session, scope=SYSTEM, until=until, since=parse_date(since), by=by,
                            as_of=parse_moment(as_of))
    if out is None:
        sys.stdout.write(table.write_csv())
    else:
        table.write_csv(out)
        err.print(f"{table.height} rows written to {out}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web application and the API."""
    import uvicorn

    from episurv.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port)


@app.command()
def demo(cases: int | None = typer.Option(None, help="Number of cases (default ~6,800)"),
         seed: int = typer.Option(2021),
         serve_after: bool = typer.Option(True, "--serve/--no-serve"),
         port: int = 8000) -> None:
    """Build a synthetic Hà Nội outbreak (27/4-21/11/2021; its people are synthetic) into the
    database, then serve it."""
    from episurv.setup import build_demo

    with failing_cleanly(), progress_bar("demo data") as report:
        result = build_demo(cases, seed, progress=report)
    err.print(f"demo: {result['rows']} synthetic cases in {get_settings().database_url}")
    if result["accounts"]:
        typer.echo("demo accounts (one-time passwords, shown once):")
        for email, role, password in result["accounts"]:
            typer.echo(f"  {email:34} {role:9} {password}")
    if serve_after:
        err.print(f"serving at http://127.0.0.1:{port}")
        serve(port=port)





