"""A report's version names the newest case the caller may see, not one of another province
(the national page took max(created_at) over every province, ignoring scope)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from episurv.accounts.scope import SYSTEM, Scope
from episurv.cases import service as cases
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.geo.units import PROVINCE, register

HEADER = "case_id,report_date,province,district,detected_in,source"


def test_latest_entry_stays_inside_the_callers_province(session, write_csv):
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,Hà Nội,Ba Đình,community,screening
BN2,2021-11-07,Đà Nẵng,Hải Châu,community,screening""")
    import_cases(session, scope=SYSTEM, path=path)
    hanoi_time = datetime(2021, 11, 7, 13, 0, tzinfo=UTC)
    danang_time = datetime(2021, 11, 8, 2, 30, tzinfo=UTC)
    session.execute(update(Case).where(Case.case_id == "BN1").values(created_at=hanoi_time))
    session.execute(update(Case).where(Case.case_id == "BN2").values(created_at=danang_time))
    hanoi = register().resolve("Hà Nội", PROVINCE).code
    scope = Scope(role="province", actor="cdc", province_code=hanoi)

    def latest(**kw) -> datetime:
        # SQLite hands back naive UTC, PostgreSQL an aware moment.
        found = cases.latest_entry(session, **kw)
        return found if found.tzinfo else found.replace(tzinfo=UTC)

    assert latest(scope=scope) == hanoi_time
    assert latest(scope=SYSTEM) == danang_time
    assert latest(scope=SYSTEM, until=hanoi_time) == hanoi_time
