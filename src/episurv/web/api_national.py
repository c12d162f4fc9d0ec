"""The JSON API of aggregate figures, the national report, open data and Rt from the database.
Each route calls the same service as its CLI twin (`episurv import aggregates`, `report
national`, `export owid`, `analytics rt`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from episurv.accounts.scope import Scope
from episurv.aggregates import service as aggregates
from episurv.aggregates.rules import problems as rule_problems
from episurv.aggregates.schemas import AggregateDay, AggregateIn, RtDay, Submission, SubmitResult
from episurv.aggregates.series import default_until, owid_export, rt_from_db
from episurv.core.cells import write_csv
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, register
from episurv.reporting.national import national_report, parse_date, parse_moment
from episurv.reporting.schemas import NationalReport
from episurv.reporting.service import TYPED_DAY, TYPED_MOMENT
from episurv.web.deps import DB, Session, current_scope, public_scope

router = APIRouter(prefix="/api/v1")
# A query's day when none is asked for is the latest with figures; its as-of moment as it is read.
LATEST_DAY = f"{TYPED_DAY}; default latest"
AS_OF = f"As it stood then. {TYPED_MOMENT}"


class CsvResponse(Response):
    """A CSV table (UTF-8): declared so, the OpenAPI names the content type."""

    media_type = "text/csv"


def _codes(province: str, district: str | None) -> tuple[int, int]:
    reg = register()
    p = reg.resolve(province, PROVINCE).code
    return p, reg.resolve(district, DISTRICT, p).code if district else 0


@router.post("/aggregates", response_model=SubmitResult, tags=["aggregates"])
def submit_aggregates(body: AggregateIn | list[AggregateIn],
                      session: Session = DB,
                      scope: Scope = Depends(current_scope)) -> dict:
    """Daily figures of a province or district (one unit-day or a list). A figure that differs
    from the one in force is a correction: the old value stays in the history."""
    items = body if isinstance(body, list) else [body]
    figures = []
    for i, item in enumerate(items):
        p, d = _codes(item.province, item.district)
        values = item.figures.model_dump()
        found = rule_problems(values)
        if found:
            raise InvalidInput("; ".join(f"item {i}, {m} {values[m]}: {msg}" for m, msg in found),
                               [{"item": i, "field": m, "value": values[m], "message": msg}
                                for m, msg in found])
        figures += [aggregates.Figure(p, d, item.date, m, v) for m, v in values.items()
                    if v is not None]
    notes = {item.note for item in items if item.note}
    return aggregates.submit(session, figures, scope=scope, source="api",
                             note="; ".join(sorted(notes)) or None)


@router.get("/aggregates", tags=["aggregates"], response_model=list[AggregateDay])
def list_aggregates(province: str | None = None, district: str | None = None,
                    since: str | None = Query(None, description=TYPED_DAY),
                    until: str | None = Query(None, description=TYPED_DAY),
                    as_of: str | None = Query(None, description=AS_OF),
                    districts: bool = Query(False, description="Districts, not provinces"),
                    session: Session = DB,
                    scope: Scope = Depends(current_scope)) -> list[dict]:
    p, d = _codes(province, district) if province else (None, 0)
    return aggregates.list_figures(session, scope=scope, province_code=p,
                                   district_code=d or None, since=parse_date(since, "since"),
                                   until=parse_date(until, "until"), as_of=parse_moment(as_of),
                                   districts=districts)


@router.get("/aggregates/history", tags=["aggregates"], response_model=list[Submission])
def aggregate_history(province: str, date: str = Query(..., description=TYPED_DAY),
                      district: str | None = None,
                      measure: str | None = None, session: Session = DB,
                      scope: Scope = Depends(current_scope)) -> list[dict]:
    """Every value sent for a unit's day, who sent it and when."""
    p, d = _codes(province, district)
    day = parse_date(date)
    assert day is not None
    return aggregates.history(session, scope=scope, province_code=p, district_code=d, day=day,
                              measure=measure)


@router.get("/reports/national", tags=["reports"], response_model=NationalReport)
def national(date: str | None = Query(None, description=LATEST_DAY),
             as_of: str | None = Query(None, description=AS_OF),
             session: Session = DB,
             scope: Scope = Depends(public_scope)) -> dict:
    """The national report (published, counts only; no sign-in): the same JSON as
    `episurv report national --format json`."""
    day = parse_date(date) or default_until(session)
    return national_report(session, scope=scope, day=day, as_of=parse_moment(as_of))


@router.get("/exports/owid", tags=["open data"], response_class=CsvResponse)
def owid(by: str = "nation", date: str | None = Query(None, description=LATEST_DAY),
         since: str | None = Query(None, description=TYPED_DAY),
         as_of: str | None = Query(None, description=AS_OF), session: Session = DB,
         scope: Scope = Depends(public_scope)) -> Response:
    """Open data, no sign-in: daily figures as CSV in Our World in Data's column names
    (`episurv export owid`)."""
    table = owid_export(session, scope=scope, until=parse_date(date) or default_until(session),
                        since=parse_date(since, "since"), by=by, as_of=parse_moment(as_of))
    return CsvResponse(write_csv(table))


@router.get("/analytics/rt", tags=["analytics"], response_model=list[RtDay])
def rt(province: str | None = None, by: str | None = None,
       date: str | None = Query(None, description=LATEST_DAY),
       since: str | None = Query(None, description=TYPED_DAY),
       as_of: str | None = Query(None, description=AS_OF),
       session: Session = DB,
       scope: Scope = Depends(current_scope)) -> list[dict]:
    """Rt of domestic cases by report date (`episurv analytics rt --province ... --by ...`)."""
    table = rt_from_db(session, scope=scope, until=parse_date(date) or default_until(session),
                       province=province, by=by or ("district" if province else "province"),
                       as_of=parse_moment(as_of), since=parse_date(since, "since"))
    return [{**row, "date": row["date"].isoformat()} for row in table.iter_rows(named=True)]
