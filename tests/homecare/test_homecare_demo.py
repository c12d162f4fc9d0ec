"""The demo's station: the bulletin's exercise in size, two weeks of check-ins, and a worklist
that opens on the last afternoon's red check-in."""

from __future__ import annotations

from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.db import session_scope
from episurv.demo import homecare as demo
from episurv.homecare import service as hc
from episurv.homecare.models import Household, Person, Station


def test_demo_station(db):
    made = demo.build(db, seed=2021)
    assert (made["households"], made["f0"], made["f1"]) == (306, 52, 250)
    assert made["checkins"] > 400 and made["released"] > 0
    assert demo.build(db, seed=2021) == {"station": demo.STATION, "created": False}
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 306
        assert session.scalar(select(func.count()).select_from(Person).where(
            Person.role == "F0")) == 52
        sid = session.scalar(select(Station.id))
        work = hc.station_worklist(session, scope=SYSTEM, station_id=sid)
    assert work.at.startswith("2021-11-21T15:")
    assert work.items[0].tags[0] == "red"
