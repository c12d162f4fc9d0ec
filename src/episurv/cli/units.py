"""`episurv units ...` and `episurv import population`: administrative units and their
population."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from episurv.cli.groups import import_app
from episurv.cli.support import Fmt, err, failing_cleanly, print_json

app = typer.Typer(help="Administrative units (2021 structure).", no_args_is_help=True)

@app.command("list")
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


@import_app.command("boundaries")
def import_boundaries_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="GeoJSON (.geojson, .json) or TopoJSON (.topojson)"),
    province: str = typer.Option("Hà Nội", help="The province whose units the file draws"),
    level: str = typer.Option("district", help="district or ward"),
    name_field: str | None = typer.Option(None, help="Property holding the unit's name "
                                          "(default: NAME_2/NAME_3, Ten_Huyen/Ten_Xa, name)"),
    district_field: str | None = typer.Option(None, help="For wards: property holding the "
                                              "ward's district, to tell same-named wards apart"),
    format: Fmt = typer.Option(Fmt.text, "--format"),
) -> None:
    """Load the outlines of districts or wards for the maps, each feature matched to its unit
    code by name (as in the line list); features that match no unit are listed."""
    from episurv.db import session_scope
    from episurv.geo.service import import_boundaries

    with failing_cleanly(), session_scope() as session:
        result = import_boundaries(session, file, province=province, level=level,
                                   name_field=name_field, district_field=district_field)
    if format == Fmt.json:
        print_json(result)
        return
    err.print(f"{result['matched']} {level}s of {result['province']} from {result['features']} "
              f"features (names in {result['field']!r})")
    for miss in result["unmatched"]:
        typer.echo(f"  not matched: feature {miss['feature']} {miss['name']!r}: {miss['reason']}")
