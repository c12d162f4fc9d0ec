"""A station of Cống Vị ward (Ba Đình, Hà Nội) with one household and an F0 linked to a case."""

from __future__ import annotations

from datetime import date

import pytest

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.homecare import limits
from episurv.homecare import service as hc
from episurv.homecare.schemas import AssessmentIn, PersonIn

CASES = """case_id,report_date,province,district,ward,age,vaccine_doses,name
BN900001,2021-11-10,Hà Nội,Ba Đình,Cống Vị,40,2,Nguyễn Văn An
"""

GOOD = dict(confirmed_by="rapid", symptoms="mild", resp_rate=18, spo2=98,
            abnormal_breathing=False, underlying="none", listed_disease=False, self_care=True)


@pytest.fixture(autouse=True)
def _fresh_limits():
    limits.reset()
    yield
    limits.reset()


@pytest.fixture
def station(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    s = hc.create_station(session, scope=SYSTEM, name="Trạm lưu động Cống Vị 1", kind="mobile",
                          province="Hà Nội", district="Ba Đình", wards=["Cống Vị"], capacity=80)
    h = hc.add_household(session, scope=SYSTEM, station_id=s.id, code="Tổ 5-12",
                         ward="Cống Vị", address="12 ngõ 5 Cống Vị", phone="0912000111")
    f0 = hc.add_person(session, scope=SYSTEM, province_code=1, household_id=h.id,
                       values=PersonIn(name="Nguyễn Văn An", role="F0", birth_year=1981,
                                       sex="M", case_id="BN900001", vaccine_doses=2))
    f1 = hc.add_person(session, scope=SYSTEM, province_code=1, household_id=h.id,
                       values=PersonIn(name="Trần Thị Bình", role="F1", birth_year=1950,
                                       chronic=True, vaccine_doses=0))
    session.commit()
    return {"station": s, "household": h, "f0": f0, "f1": f1}


@pytest.fixture
def at_home(session, station):
    """The F0 assessed eligible on 10/11/2021, positive that day (day 1)."""
    result = hc.assess(session, scope=SYSTEM, province_code=1, person_id=station["f0"].id,
                       answers=AssessmentIn(date=date(2021, 11, 10),
                                            positive_on=date(2021, 11, 10), **GOOD))
    session.commit()
    return station | {"assessment": result}
