"""Eligibility, release, packages and the worklist: dates on both sides of each boundary."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from episurv.core.time import LOCAL
from episurv.errors import InvalidInput
from episurv.homecare import eligibility as E
from episurv.homecare import packages as P
from episurv.homecare import worklist as W
from episurv.homecare.release import QD_250, RapidResult, release_on

OK = dict(confirmed_by="pcr", symptoms="mild", resp_rate=18, spo2=97, abnormal_breathing=False,
          underlying="stable", age=55, fully_vaccinated=False, listed_disease=False,
          pregnant=False, self_care=True)


@pytest.mark.parametrize("day,policy,eligible", [
    (date(2022, 1, 30), "4038/QĐ-BYT", False),  # 55, unvaccinated: 4038 keeps them out
    (date(2022, 1, 31), "261/QĐ-BYT", True),
    (date(2021, 8, 21), "4038/QĐ-BYT", False),
])
def test_the_rule_in_force_decides(day, policy, eligible):
    result = E.assess(E.Assessment(**OK), day)
    assert (result.policy, result.eligible) == (policy, eligible)
    if policy.startswith("4038"):
        assert [c.name for c in result.criteria if not c.met] == ["vaccine_or_age"]


def test_before_4038_there_was_no_rule():
    with pytest.raises(InvalidInput) as refused:
        E.assess(E.Assessment(**OK), date(2021, 8, 20))
    assert (refused.value.code, str(refused.value)) == (
        "no_homecare_rule", "date 2021-08-20: no home-care rule was in force (the first, "
        "4038/QĐ-BYT, took effect on 2021-08-21)")


@pytest.mark.parametrize("changes,failed", [
    ({"age": 49}, []), ({"age": 50}, ["vaccine_or_age"]), ({"age": 0}, ["vaccine_or_age"]),
    ({"age": 1}, []), ({"age": 30, "pregnant": True}, ["vaccine_or_age"]),
    ({"fully_vaccinated": True}, []), ({"spo2": 96}, ["spo2"]),
    ({"resp_rate": 20}, ["resp_rate"]), ({"underlying": "unstable"}, ["underlying"]),
    ({"symptoms": None}, ["mild"]), ({"self_care": False}, ["self_care"]),
])
def test_each_criterion_of_4038(changes, failed):
    result = E.assess(E.Assessment(**(OK | {"age": 40} | changes)), date(2021, 11, 1))
    assert [c.name for c in result.criteria if not c.met] == failed
    assert result.eligible == (not failed)


START = date(2021, 11, 10)  # day 1; day 10 is 19/11


def test_late_2021_day_10_and_a_negative_test():
    assert not release_on(START, date(2021, 11, 18), True,
                          [RapidResult(date(2021, 11, 18), "negative")]).releasable
    r = release_on(START, date(2021, 11, 19), True, [RapidResult(date(2021, 11, 19), "negative")])
    assert r.releasable and r.earliest == date(2021, 11, 19)
    r = release_on(START, date(2021, 11, 25), True, [RapidResult(date(2021, 11, 19), "positive")])
    assert not r.releasable and r.test_due == date(2021, 11, 25)


def test_from_28_1_2022_day_7_or_day_10_or_14():
    start = date(2022, 1, 25)  # day 7 = 31/1, day 10 = 3/2, day 14 = 7/2
    assert release_on(start, date(2022, 1, 27), True, []).policy != QD_250
    assert release_on(start, date(2022, 1, 28), True, []).policy == QD_250
    assert not release_on(start, date(2022, 1, 30), True,
                          [RapidResult(date(2022, 1, 30), "negative")]).releasable
    assert release_on(start, date(2022, 1, 31), True,
                      [RapidResult(date(2022, 1, 31), "negative")]).releasable
    assert not release_on(start, date(2022, 1, 31), True,
                          [RapidResult(date(2022, 1, 31), "negative", supervised=False)]).releasable
    assert not release_on(start, date(2022, 2, 2), True, []).releasable
    assert release_on(start, date(2022, 2, 3), True, []).releasable
    assert not release_on(start, date(2022, 2, 6), False, []).releasable
    reached = release_on(start, date(2022, 2, 7), False, []).reason
    assert (reached.stored(), str(reached)) == ("day14_unvaccinated",
                                                "day 14 reached (not fully vaccinated)")


def _check(code, day=date(2021, 12, 1), age=40, conditions=(), order=None, last=None):
    # The reasons as the API writes them (each is an error with a code, said by pages).
    return [str(r) for r in P.check(P.catalogue(), code, day=day, age=age,
                                    conditions=set(conditions), doctor_order=order,
                                    last_same=last)]


def test_packages_have_hanoi_contents():
    cat = P.catalogue()
    assert [i["quantity"] for i in cat.packages["A"].items] == [28, 14]
    assert [i["quantity"] for i in cat.packages["B"].items] == [14, 7]
    assert cat.packages["C"].items[0]["medicine"] == "molnupiravir 400 mg"


def test_package_rules_with_dates_on_both_sides():
    assert _check("A") == []
    assert _check("A", day=date(2021, 11, 30)) == ["packages are handed out from 2021-12-01"]
    assert _check("A", age=17) == ["the packages are for adults aged 18 and over"]
    assert _check("B") == ["package B needs a doctor's order"]
    assert _check("B", order="BS X", conditions=["pregnant", "bleeding_risk"]) == [
        "package B is not given in pregnancy", "package B is not given in bleeding risk"]
    assert _check("B", order="BS X", day=date(2021, 12, 8), last=date(2021, 12, 2)) == [
        "a course of package B (7 days) was given on 2021-12-02"]
    assert _check("B", order="BS X", day=date(2021, 12, 9), last=date(2021, 12, 2)) == []
    assert _check("D") == ["no package 'D' (packages: A, B, C)"]


def _at(day, hour, minute=0):
    return datetime.combine(date(2021, 11, day), time(hour, minute), tzinfo=LOCAL)


def test_checkin_due_and_missed_times():
    start = date(2021, 11, 10)
    assert W.checkin_state(_at(10, 7, 59), start, None) == (None, None)
    assert W.checkin_state(_at(10, 8), start, None) == ("due", _at(10, 8))
    assert W.checkin_state(_at(10, 19, 59), start, None) == ("due", _at(10, 16))
    assert W.checkin_state(_at(10, 20), start, None) == ("missed", _at(10, 8))
    # A morning check-in answers 08:00 even when made before it.
    assert W.checkin_state(_at(10, 20), start, _at(10, 6)) == ("due", _at(10, 16))
    assert W.checkin_state(_at(11, 3, 59), start, _at(10, 11, 59)) == ("due", _at(10, 16))
    assert W.checkin_state(_at(11, 4), start, _at(10, 11, 59)) == ("missed", _at(10, 16))
    assert W.checkin_state(_at(11, 4), start, _at(10, 12)) == (None, None)


def test_worklist_order():
    now = _at(20, 9)
    red = W.Person(1, date(2021, 11, 18), True, _at(20, 8),
                   (W.Alert(1, "red", ("SpO2 95%",), _at(20, 8)),))
    missed = W.Person(2, date(2021, 11, 18), True, _at(19, 7))
    yellow = W.Person(3, date(2021, 11, 18), True, _at(20, 8),
                      (W.Alert(2, "yellow", ("SpO2 97%",), _at(20, 8)),))
    due = W.Person(4, date(2021, 11, 18), True, _at(19, 17))
    test = W.Person(5, date(2021, 11, 11), True, _at(20, 8, 30))
    release = W.Person(6, date(2021, 11, 10), True, _at(20, 8, 30),
                       tests=(RapidResult(date(2021, 11, 19), "negative"),))
    fine = W.Person(7, date(2021, 11, 18), True, _at(20, 8, 30))
    items = W.worklist([fine, release, test, due, yellow, missed, red], now)
    assert [i.person.id for i in items] == [1, 2, 3, 4, 5, 6, 7]
    assert [i.tags for i in items] == [("red",), ("missed",), ("yellow",), ("checkin_due",),
                                       ("test_due",), ("release_due",), ()]
