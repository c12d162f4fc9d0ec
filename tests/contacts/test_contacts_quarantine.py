"""Quarantine rules of domain section 5, with dates on both sides of every change of rule and of
every vaccination boundary, worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from episurv.contacts.quarantine import Immunity, add_months, plan_quarantine, rule_in_force
from episurv.errors import InvalidInput

D = date


@pytest.mark.parametrize("exposure, policy", [
    (D(2021, 7, 14), "5599/BYT-MT"),
    (D(2021, 12, 15), "5599/BYT-MT"),
    (D(2021, 12, 16), "10696/BYT-MT"),
    (D(2022, 2, 20), "10696/BYT-MT"),
    (D(2022, 2, 21), "762/BYT-DP"),
    (D(2022, 4, 14), "762/BYT-DP"),
    (D(2022, 4, 15), "1909/BYT-DP"),
])
def test_the_rule_in_force_on_the_exposure_date(exposure, policy):
    assert rule_in_force(exposure).policy == policy
    assert plan_quarantine(exposure).policy == policy


def test_no_rule_before_the_first():
    with pytest.raises(InvalidInput, match="no quarantine rule in force on 2021-07-13"):
        plan_quarantine(D(2021, 7, 13))


def test_5599_fourteen_days_then_fourteen_of_monitoring():
    # Exposure 1/11: day 1 = 2/11, day 7 = 8/11, day 14 = 15/11; monitoring to 29/11.
    plan = plan_quarantine(D(2021, 11, 1), Immunity(doses=2, last_dose=D(2021, 9, 1)))
    assert (plan.quarantine_end, plan.monitoring_end) == (D(2021, 11, 15), D(2021, 11, 29))
    assert plan.test_dates == (D(2021, 11, 2), D(2021, 11, 8), D(2021, 11, 15))
    assert plan.protected is False  # vaccination does not matter under 5599
    assert plan.follow_end == D(2021, 11, 29)


def test_the_day_before_10696_a_vaccinated_f1_still_has_fourteen_days():
    plan = plan_quarantine(D(2021, 12, 15), Immunity(doses=2, last_dose=D(2021, 10, 1)))
    assert (plan.policy, plan.quarantine_end) == ("5599/BYT-MT", D(2021, 12, 29))


@pytest.mark.parametrize("last_dose, protected", [
    (D(2021, 12, 2), True),    # exposure 16/12 - 14 days
    (D(2021, 12, 3), False),   # 13 days: not yet protected
    (D(2021, 6, 16), True),    # exactly 6 months before
    (D(2021, 6, 15), False),   # 6 months and a day
])
def test_10696_last_dose_window(last_dose, protected):
    plan = plan_quarantine(D(2021, 12, 16), Immunity(doses=2, last_dose=last_dose))
    assert plan.protected is protected
    if protected:
        assert (plan.quarantine_end, plan.monitoring_end) == (D(2021, 12, 23), D(2021, 12, 30))
        assert plan.test_dates == (D(2021, 12, 17), D(2021, 12, 23))
        assert plan.setting == "home"
    else:
        assert (plan.quarantine_end, plan.monitoring_end) == (D(2021, 12, 30), None)
        assert plan.test_dates == (D(2021, 12, 17), D(2021, 12, 23), D(2021, 12, 30))
        assert any("UNCONFIRMED" in n for n in plan.notes)


def test_10696_one_dose_or_unknown_is_not_protected():
    assert not plan_quarantine(D(2022, 1, 5), Immunity(doses=1, last_dose=D(2021, 12, 1))
                               ).protected
    plan = plan_quarantine(D(2022, 1, 5))
    assert (plan.protected, plan.reason) == (False, "vaccination unknown")


@pytest.mark.parametrize("recovered_on, protected", [
    (D(2021, 7, 5), True),   # exposure 5/1/2022 - 6 months
    (D(2021, 7, 4), False),
])
def test_10696_recovered_within_six_months(recovered_on, protected):
    assert plan_quarantine(D(2022, 1, 5), Immunity(recovered_on=recovered_on)).protected is \
        protected


def test_762_two_doses_five_days_others_seven():
    two = plan_quarantine(D(2022, 2, 21), Immunity(doses=2))  # no date rule under 762
    assert (two.quarantine_end, two.test_dates, two.monitoring_end) == (
        D(2022, 2, 26), (D(2022, 2, 26),), None)
    one = plan_quarantine(D(2022, 2, 21), Immunity(doses=1))
    assert (one.quarantine_end, one.test_dates) == (D(2022, 2, 28), (D(2022, 2, 28),))
    # The day before 762 the same person falls under 10696 (not recently vaccinated: 14 days).
    before = plan_quarantine(D(2022, 2, 20), Immunity(doses=2))
    assert (before.policy, before.quarantine_end) == ("10696/BYT-MT", D(2022, 3, 6))


@pytest.mark.parametrize("recovered_on, protected", [
    (D(2021, 11, 21), True),   # exposure 21/2/2022 - 3 months
    (D(2021, 11, 20), False),
])
def test_762_recovered_within_three_months(recovered_on, protected):
    assert plan_quarantine(D(2022, 2, 21), Immunity(recovered_on=recovered_on)).protected is \
        protected


def test_1909_no_quarantine():
    plan = plan_quarantine(D(2022, 4, 15), Immunity(doses=0))
    assert (plan.policy, plan.setting, plan.quarantine_end, plan.test_dates) == (
        "1909/BYT-DP", "none", None, ())
    assert plan_quarantine(D(2022, 4, 14)).quarantine_end == D(2022, 4, 21)


def test_a_late_found_contact_is_tested_on_finding():
    # Exposure 1/11 found on 9/11: the day-1 test is done on 9/11, the day-7 test (8/11) is past.
    plan = plan_quarantine(D(2021, 11, 1), identified_on=D(2021, 11, 9))
    assert plan.test_dates == (D(2021, 11, 9), D(2021, 11, 15))
    assert plan.quarantine_start == D(2021, 11, 9)
    assert plan.quarantine_end == D(2021, 11, 15)  # counted from the exposure, not the finding


def test_f2_monitors_while_their_f1_is_quarantined():
    plan = plan_quarantine(D(2021, 11, 3), level="F2", source_quarantine_end=D(2021, 11, 15))
    assert (plan.policy, plan.quarantine_end, plan.monitoring_end) == (
        "3638/QĐ-BYT", None, D(2021, 11, 15))


def test_bad_inputs_are_named():
    with pytest.raises(InvalidInput, match="before the exposure"):
        plan_quarantine(D(2021, 11, 5), identified_on=D(2021, 11, 4))
    with pytest.raises(InvalidInput, match="setting"):
        plan_quarantine(D(2021, 11, 5), setting="hotel")


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2021, 8, 31), -6) == D(2021, 2, 28)
    assert add_months(D(2021, 12, 16), -6) == D(2021, 6, 16)
    assert add_months(D(2022, 1, 31), 1) == D(2022, 2, 28)
