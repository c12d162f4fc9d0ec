"""What every command-line module shares: the one mapping from a user's mistake to its message
and exit code 2, the output formats, JSON on standard output, and the progress bar."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from episurv.errors import EpisurvError

err = Console(stderr=True)


class Fmt(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _a_language(value: str) -> str:
    # The languages are the report catalogs found when the command runs (textfmt.LANGS), so a
    # language is added by its catalog alone.
    from episurv import textfmt

    if value not in textfmt.LANGS:
        raise typer.BadParameter(f"{value!r} is not a language episurv writes: choose one of "
                                 f"{', '.join(textfmt.LANGS)}")
    return value


def lang_option() -> Any:
    """--lang: a language with a report catalog (src/episurv/locale), or English."""
    return typer.Option("vi", "--lang", callback=_a_language,
                        help="vi, en, or any language with a report catalog")


def as_iso_day(value: str | None) -> str | None:
    """A day typed on the command line in either form the line list accepts (core.days.FORMS),
    passed on in ISO, the form the services read; anything else is refused naming both forms."""
    from episurv.core.days import FORMS, NOT_A_DATE, typed_day, unread_day

    if value is None:
        return None
    day = typed_day(value)
    if day is None:
        template, params = unread_day(value)
        if template is not NOT_A_DATE:  # written in a form, but no calendar has the day
            raise typer.BadParameter(f"{value!r}: {template % params}")
        raise typer.BadParameter(f"{value!r} is not a day: write {FORMS}")
    return day.isoformat()


def day_option(default: Any, *names: str, help: str = "") -> Any:
    """An option that takes a day (as_iso_day)."""
    return typer.Option(default, *names, callback=as_iso_day,
                        help=f"{help} ({_DAY_FORMS})" if help else _DAY_FORMS)


_DAY_FORMS = "YYYY-MM-DD or D/M/YYYY"


@contextmanager
def failing_cleanly() -> Iterator[None]:
    """A user's mistake ends the command with its message and exit code 2, never a traceback."""
    try:
        yield
    except EpisurvError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None


def print_json(value: object) -> None:
    """JSON on standard output: a service's schema objects as the API writes them (by their
    aliases), any other value as text."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=_plain) + "\n")


def _plain(value: object) -> object:
    # Imported here: the command line's start does not pay for pydantic (test_startup).
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return str(value)


def print_text(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error, and the callback that moves it (done, total)."""
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def day_or_today(value: str | None) -> date:
    """A day given on the command line, or today in local time when none is given: the day of
    an action taken now (reopening a cluster)."""
    from episurv.core.time import local_today
    from episurv.reporting.service import parse_day

    return parse_day(value) or local_today()


def day_or_latest(session: Any, value: str | None, province: str | None = None) -> date:
    """A day given on the command line, or else the latest reporting day in the data of
    `province` (reporting.daily.shown_day, as every page shows when given none): on historical
    data the machine's clock would find every cluster closed and nobody to follow up
    (issue 11)."""
    from episurv.geo.units import province_code
    from episurv.reporting.daily import shown_day
    from episurv.reporting.service import parse_day

    return parse_day(value) or shown_day(session, province_code(province))


def print_rows_aside(result: dict, noun: str) -> None:
    """The columns and rows an import left aside (`importing.where` names a row), so a clerk
    sees what was not read: its ignored columns, totals lines, and the rows that are not
    `noun` (headings, repeated headers, the lines below the list)."""
    from episurv.importing import where

    if result["ignored_columns"]:
        err.print("ignored columns: " + ", ".join(result["ignored_columns"]))
    if result["totals_rows"]:
        err.print("totals rows left aside: " + ", ".join(
            f"{where(t['row'], t.get('sheet'))} ({t['value']!r})"
            for t in result["totals_rows"]))
    if result["rows_not_cases"]:
        err.print(f"rows that are not {noun} left aside (headings, repeated headers, lines "
                  "below the list): " + ", ".join(f"{where(t['row'], t.get('sheet'))} "
                                                  f"({t['value']!r})"
                                                  for t in result["rows_not_cases"]))
