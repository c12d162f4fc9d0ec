"""The verb groups that span nouns (`episurv import ...`, `report ...`, `export ...`): each noun's
module adds its own command to them."""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import line lists, figures and population files.",
                         no_args_is_help=True)
report_app = typer.Typer(help="Reports.", no_args_is_help=True)
export_app = typer.Typer(help="Exports for open data and other systems.", no_args_is_help=True)
