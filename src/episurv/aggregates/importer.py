"""Reading files of daily figures and submitting them whole or not at all.

Two shapes:
- long: one row per unit and day, ``date,province[,district],<measure>...`` with any subset of the
  measures (rules.MEASURES; Vietnamese headers such as "Ngày", "Tỉnh", "Tử vong" are understood);
  an empty cell is a figure not reported.
- wide (``--wide --measure M``): the table analysts keep, one row per unit
  (``province[,district]``) and one column per date, every cell a value of measure M.

Any bad cell refuses the whole file, naming row, column and value; with `rejects` the good rows
go in and the bad ones are written there with their reasons.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.aggregates.rules import HEADER_ALIASES, MEASURES
from episurv.aggregates.rules import problems as rule_problems
from episurv.aggregates.service import Figure, Progress, submit
from episurv.core.days import typed_day, unread_day
from episurv.core.limits import too_long
from episurv.errors import InvalidInput
from episurv.geo.names import header_key
from episurv.geo.units import DISTRICT, PROVINCE, register
from episurv.importing import Problem, bad_rows, is_blank, read_table, write_rejects

UNIT_COLUMNS = ("date", "province", "district")
# Each column's own name and the words files use for it, keyed as `header_key` keys a header.
_HEADERS = {**{header_key(k): v for k, v in HEADER_ALIASES.items()},
            **{header_key(c): c for c in (*UNIT_COLUMNS, *MEASURES)}}
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
# Local time of the reports (DESIGN: dates are local dates in Asia/Ho_Chi_Minh, UTC+7).
_DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})")
_LOCAL = timezone(timedelta(hours=7))


def parse_count(text: str | None) -> int | None:
    """A whole number as spreadsheets write it ("1234", "1.234", "1,234"); None if empty.
    Raises ValueError for anything else (a decimal, a negative, a word)."""
    if text is None or not text.strip():
        return None
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if _GROUPED.match(s):
        s = s.replace(".", "").replace(",", "")
    s = s.removesuffix(".0")
    if not s.isdigit():
        raise ValueError(s)
    return int(s)


def parse_day(text: str | None, year: int | None = None) -> date | None:
    """A day as a person types one (core.days.typed_day: 2021-11-07, 7/11/2021, 7-11-2021,
    07.11.2021) or, with `year`, a day and month alone (7/11), as the figures' own column
    headers often are."""
    if text is None:
        return None
    day = typed_day(text)
    if day is not None:
        return day
    m = _DAY_MONTH.fullmatch(text.strip())
    if m and year:
        try:
            return date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


def _column(header: str) -> str | None:
    return _HEADERS.get(header_key(header))


class _Units:
    """Province and district names -> codes, each distinct name resolved once."""

    def __init__(self) -> None:
        self.reg = register()
        self.cache: dict[tuple[str, str | None], tuple[int, int] | tuple[str, str, str]] = {}

    def resolve(self, province: str | None, district: str | None
                ) -> tuple[int, int] | tuple[str, str, str]:
        """(province_code, district_code) or (column, value, message)."""
        key = ((province or "").strip(), (district or "").strip() or None)
        if key not in self.cache:
            try:
                if not key[0]:
                    raise InvalidInput("required")
                column, value = "province", key[0]
                p = self.reg.resolve(key[0], PROVINCE).code
                d = 0
                if key[1]:
                    column, value = "district", key[1]
                    d = self.reg.resolve(key[1], DISTRICT, p).code
                self.cache[key] = (p, d)
            except InvalidInput as exc:
                self.cache[key] = (column if key[0] else "province", value if key[0] else "",
                                   str(exc))
        return self.cache[key]


def _today() -> date:
    return datetime.now(_LOCAL).date()


def import_aggregates(session: Session, path: Path, *, scope: Scope, wide: bool = False,
                      measure: str | None = None, year: int | None = None,
                      rejects: Path | None = None, progress: Progress | None = None) -> dict:
    """Import a file of daily figures (long, or wide with `measure`). Returns submit's counts
    plus rows read and rows rejected."""
    scope.require_write()
    table = read_table(path)
    frame, first = table.frame, table.first_row
    headers = list(frame.columns)
    rows = [list(r) for r in frame.iter_rows()]
    if wide:
        figures, problems, row_of = _wide(headers, rows, measure, year, scope, path, first)
    else:
        figures, problems, row_of = _long(headers, rows, year, scope, path, first)
    bad = bad_rows(path, problems, rejects)
    if rejects is not None:
        write_rejects(rejects, headers, enumerate(rows, start=first), problems)
    good = [f for f, r in zip(figures, row_of, strict=True) if r not in bad]
    result = submit(session, good, scope=scope, source=f"file {path.name}", progress=progress)
    return {**result, "rows": len(rows), "rejected": len(bad)}


def _check_day(day: date | None, raw: str | None, row: int, column: str,
               problems: list[Problem]) -> bool:
    if day is None:
        if raw:
            template, params = unread_day(raw)
            problems.append(Problem.of(row, column, raw, template, **params))
        else:
            problems.append(Problem(row, column, "", "required"))
        return False
    if day > _today() + timedelta(days=1):
        problems.append(Problem(row, column, raw or "", "is in the future"))
        return False
    return True


def _overlong(n: int, row: list, columns: dict[int, str], headers: list[str],
              problems: list[Problem]) -> bool:
    """Name the cells of row `n` longer than their column allows (the limits of every importer
    and of the API); True when there is one, and the row is read no further."""
    found = [Problem(n, headers[i], row[i], message) for i, column in columns.items()
             if (message := too_long(column, row[i]))]
    problems.extend(found)
    return bool(found)


def _long(headers: list[str], rows: list[list], year: int | None, scope: Scope,
          path: Path, first: int = 2) -> tuple[list[Figure], list[Problem], list[int]]:
    mapping: dict[int, str] = {}
    unknown = []
    for i, h in enumerate(headers):
        column = _column(h)
        if column is None:
            unknown.append(h)
        elif column in mapping.values():
            raise InvalidInput(f"{path.name}: two headers name column {column!r}")
        else:
            mapping[i] = column
    if unknown:
        raise InvalidInput(f"{path.name}: unknown column(s) {', '.join(repr(u) for u in unknown)}"
                           f"; columns are date, province, district and the measures "
                           f"{', '.join(MEASURES)} (or --wide for dates as columns)")
    for needed in ("date", "province"):
        if needed not in mapping.values():
            raise InvalidInput(f"{path.name}: no {needed} column (headers: {', '.join(headers)})")
    measures = [(i, c) for i, c in mapping.items() if c in MEASURES]
    if not measures:
        raise InvalidInput(f"{path.name}: no measure column; give any of {', '.join(MEASURES)}")
    at = {c: i for i, c in mapping.items()}
    header_of = {c: headers[i] for i, c in mapping.items()}
    units = _Units()
    figures: list[Figure] = []
    row_of: list[int] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int, date], int] = {}
    for n, row in enumerate(rows, start=first):
        if is_blank(row) or _overlong(n, row, mapping, headers, problems):
            continue
        before = len(problems)
        raw_day = row[at["date"]]
        day = parse_day(raw_day, year)
        ok_day = _check_day(day, raw_day, n, "date", problems)
        unit = units.resolve(row[at["province"]], row[at["district"]] if "district" in at
                             else None)
        if len(unit) == 3:
            problems.append(Problem(n, unit[0], unit[1], unit[2]))  # type: ignore[arg-type]
        elif not scope.allows(unit[0], unit[1] or None):  # type: ignore[misc]
            problems.append(Problem(n, "province", row[at["province"]] or "",
                                    "outside your jurisdiction"))
        values: dict[str, int | None] = {}
        for i, m in measures:
            try:
                values[m] = parse_count(row[i])
            except ValueError:
                problems.append(Problem(n, headers[i], row[i], "not a whole number of 0 or more"))
        for m, message in rule_problems(values):
            problems.append(Problem(n, header_of[m], str(values[m]), message))
        if len(problems) == before and ok_day and len(unit) == 2:
            key = (unit[0], unit[1], day)
            if key in seen:
                problems.append(Problem(n, "date", raw_day or "", f"the same unit and date as "
                                                                  f"row {seen[key]}"))
                continue
            seen[key] = n
            for m, v in values.items():
                if v is not None:
                    figures.append(Figure(unit[0], unit[1], day, m, v))  # type: ignore[arg-type]
                    row_of.append(n)
    return figures, problems, row_of


def _wide(headers: list[str], rows: list[list], measure: str | None, year: int | None,
          scope: Scope, path: Path,
          first: int = 2) -> tuple[list[Figure], list[Problem], list[int]]:
    if measure not in MEASURES:
        raise InvalidInput(f"--wide needs --measure, one of {', '.join(MEASURES)}"
                           + (f" (got {measure!r})" if measure else ""))
    unit_cols: dict[str, int] = {}
    day_cols: list[tuple[int, date]] = []
    for i, h in enumerate(headers):
        column = _column(h)
        if column in ("province", "district"):
            unit_cols[column] = i
            continue
        day = parse_day(h, year)
        if day is None:
            hint = " (d/m headers need --year)" if re.fullmatch(r"\d{1,2}/\d{1,2}", h.strip()) \
                else ""
            raise InvalidInput(f"{path.name}: column {h!r} is neither province, district nor a "
                               f"date{hint}")
        day_cols.append((i, day))
    if "province" not in unit_cols:
        raise InvalidInput(f"{path.name}: no province column (headers: {', '.join(headers)})")
    if not day_cols:
        raise InvalidInput(f"{path.name}: no date columns")
    if len({d for _i, d in day_cols}) != len(day_cols):
        raise InvalidInput(f"{path.name}: a date appears in two columns")
    units = _Units()
    figures: list[Figure] = []
    row_of: list[int] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], int] = {}
    today = _today()
    columns = {i: c for c, i in unit_cols.items()} | {i: h for i, h in enumerate(headers)
                                                      if i not in unit_cols.values()}
    for n, row in enumerate(rows, start=first):
        if is_blank(row) or _overlong(n, row, columns, headers, problems):
            continue
        province = row[unit_cols["province"]]
        unit = units.resolve(province, row[unit_cols["district"]] if "district" in unit_cols
                             else None)
        if len(unit) == 3:
            problems.append(Problem(n, unit[0], unit[1], unit[2]))  # type: ignore[arg-type]
            continue
        p, d = unit  # type: ignore[misc]
        if not scope.allows(p, d or None):
            problems.append(Problem(n, "province", province or "", "outside your jurisdiction"))
            continue
        if (p, d) in seen:
            problems.append(Problem(n, "province", province or "",
                                    f"the same unit as row {seen[(p, d)]}"))
            continue
        seen[(p, d)] = n
        for i, day in day_cols:
            try:
                value = parse_count(row[i])
            except ValueError:
                problems.append(Problem(n, headers[i], row[i], "not a whole number of 0 or more"))
                continue
            if value is None:
                continue
            if day > today + timedelta(days=1):
                problems.append(Problem(n, headers[i], row[i], "date is in the future"))
                continue
            figures.append(Figure(p, d, day, measure, value))
            row_of.append(n)
    return figures, problems, row_of
