"""`episurv analytics ...`: Rt and other analytics, over a file or the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from episurv.analytics.defaults import SI_MEAN_DAYS, SI_SD_DAYS, WINDOW_DAYS
from episurv.cli.support import as_iso_day, failing_cleanly
from episurv.errors import InvalidInput

if TYPE_CHECKING:
    import polars as pl

app = typer.Typer(
    help="Surveillance analytics: smoothing, rates, growth, Rt.", no_args_is_help=True
)

@app.callback()
def _group() -> None:
    """Surveillance analytics: smoothing, rates, growth, Rt."""
    # An explicit callback keeps `rt` a subcommand even while it is the only command.


def read_cases_csv(path: Path) -> pl.DataFrame:
    """A ``region,date,cases`` CSV checked row by row; errors name the file's line numbers."""
    import polars as pl

    from episurv.analytics.incidence import checked_incidence

    try:
        raw = pl.read_csv(path, infer_schema=False)
    except FileNotFoundError as exc:
        raise InvalidInput(f"cannot read {path}: no such file") from exc
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path} as CSV: {exc}") from exc
    return checked_incidence(raw, row_label=f"{path}: line", first_row=2)


@app.command("rt")
def rt(
    cases: Annotated[
        Path | None, typer.Option("--cases", help="CSV with columns region,date,cases.")
    ] = None,
    province: Annotated[
        str | None, typer.Option(help="From the database: this province (default: all).")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="From the database: nation, province or district.")
    ] = None,
    until: Annotated[str | None, typer.Option("--date", callback=as_iso_day,
                                              help="Last day (database).")] = None,
    since: Annotated[str | None, typer.Option(callback=as_iso_day,
                                              help="First day (database).")] = None,
    as_of: Annotated[str | None,
                     typer.Option("--as-of", help="Figures as they stood then.")] = None,
    si_mean: Annotated[float, typer.Option(help="Serial interval mean, days.")] = SI_MEAN_DAYS,
    si_sd: Annotated[float, typer.Option(help="Serial interval sd, days.")] = SI_SD_DAYS,
    window: Annotated[int, typer.Option(help="Width of the sliding window, days.")] = WINDOW_DAYS,
    out: Annotated[Path | None, typer.Option(help="Write the CSV here, not to stdout.")] = None,
) -> None:
    """Rt (Cori et al. 2013, as EpiEstim) per region and day, as CSV.

    Dates missing inside a region's span count as 0 cases. Empty estimates (too early in the
    series) are empty fields. Without --cases, the domestic cases by report date are read from
    the database (line lists and submitted figures), e.g. --province "Hà Nội" --by district.
    """
    with failing_cleanly():
        if cases is not None:
            if province or by or until or since or as_of:
                raise InvalidInput("--cases reads a file; --province/--by/--date/--since/--as-of "
                                   "read the database: give one or the other")
            from episurv.analytics.rt import rt_table

            table = rt_table(read_cases_csv(cases), si_mean=si_mean, si_sd=si_sd, window=window)
        else:
            table = _rt_from_database(province, by, until, since, as_of, si_mean, si_sd, window)
    from episurv.core.cells import write_csv

    if out is None:
        sys.stdout.write(write_csv(table))
    else:
        write_csv(table, out)


def _rt_from_database(province: str | None, by: str | None, until: str | None,
                      since: str | None, as_of: str | None, si_mean: float, si_sd: float,
                      window: int) -> pl.DataFrame:
    from episurv.accounts.scope import SYSTEM
    from episurv.aggregates.series import default_until, rt_from_db
    from episurv.db import session_scope
    from episurv.reporting.national import parse_date, parse_moment

    with session_scope() as session:
        last = parse_date(until) or default_until(session)
        return rt_from_db(session, scope=SYSTEM, until=last, province=province,
                          by=by or ("district" if province else "province"),
                          as_of=parse_moment(as_of, "--as-of"),
                          since=parse_date(since), si_mean=si_mean,
                          si_sd=si_sd, window=window)
