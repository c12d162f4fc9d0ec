"""`episurv report daily|national` and `episurv export owid`: the city's and the nation's
reports."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from episurv.cli.groups import export_app, report_app
from episurv.cli.support import (
    Fmt,
    day_option,
    err,
    failing_cleanly,
    lang_option,
    print_json,
    print_text,
)


@report_app.command("daily")
def report_daily(
    province: str = typer.Option(..., help='e.g. "Hà Nội"'),
    date_: str | None = day_option(None, "--date", help="Default: latest"),
    format: Fmt = typer.Option(Fmt.text, "--format"),
    lang: str = lang_option(),
) -> None:
    """The city's daily report for the reporting day ending at the cut-off."""
    from episurv.reporting.service import daily_report_for

    with failing_cleanly():
        report = daily_report_for(province, date_)
        if format == Fmt.json:
            print_json(report)
            return
        from episurv.reporting.render_daily import render_html, render_text

        print_text(render_text(report, lang) if format == Fmt.text
                   else render_html(report, lang))


class ChartFormat(StrEnum):
    svg = "svg"
    png = "png"


@report_app.command("national")
def report_national(
    date_: str | None = day_option(None, "--date", help="Default: latest"),
    as_of: str | None = typer.Option(None, "--as-of",
                                        help="As it stood then: D/M/YYYY HH:MM or "
                                        "YYYY-MM-DDTHH:MM (local time)"),
    format: Fmt = typer.Option(Fmt.text, "--format"),
    lang: str = lang_option(),
    charts: Path | None = typer.Option(None, "--charts", file_okay=False,
                                          help="Also write the charts into this directory"),
    chart_format: ChartFormat = typer.Option(ChartFormat.svg, "--chart-format"),
) -> None:
    """The ministry's national report: cases, deaths, tests, doses, by province."""
    from episurv.accounts.scope import SYSTEM
    from episurv.reporting.national import national_report_for, parse_moment

    with failing_cleanly():
        report = national_report_for(date_, scope=SYSTEM, as_of=parse_moment(as_of, "--as-of"))
        if charts is not None:
            from episurv.reporting.render_national import write_charts

            for path in write_charts(report, charts, lang, chart_format.value):
                err.print(f"chart written: {path}")
        if format == Fmt.json:
            print_json(report)
            return
        from episurv.reporting.render_national import render_html, render_text

        print_text(render_text(report, lang) if format == Fmt.text
                   else render_html(report, lang))


@export_app.command("owid")
def export_owid(
    by: str = typer.Option("nation", help="nation or province"),
    date_: str | None = day_option(None, "--date", help="Last day (default: latest)"),
    since: str | None = day_option(None, "--since", help="First day"),
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
                            as_of=parse_moment(as_of, "--as-of"))
    from episurv.core.cells import write_csv

    if out is None:
        sys.stdout.write(write_csv(table))
    else:
        write_csv(table, out)
        err.print(f"{table.height} rows written to {out}")
