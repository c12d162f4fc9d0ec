"""Cluster status 14/28 days, both sides of each boundary (dates worked by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from episurv.clusters.status import StatusPolicy, cluster_status

LAST = date(2021, 11, 1)


@pytest.mark.parametrize("day, status, quiet", [
    (date(2021, 11, 1), "active", 0),       # the case's own day
    (date(2021, 11, 14), "active", 13),     # 1/11..14/11 are the last 14 days: still a case in them
    (date(2021, 11, 15), "monitoring", 14),  # 2/11..15/11: 14 days without a case
    (date(2021, 11, 28), "monitoring", 27),
    (date(2021, 11, 29), "closed", 28),     # 2/11..29/11: 28 days without a case
    (date(2022, 1, 1), "closed", 61),
])
def test_status_boundaries(day, status, quiet):
    result = cluster_status(LAST, day)
    assert (result.status, result.days_without_case) == (status, quiet)
    assert result.policy == "cluster-status-14-28"


def test_status_since_dates():
    assert cluster_status(LAST, date(2021, 11, 20)).since == date(2021, 11, 15)
    assert cluster_status(LAST, date(2021, 12, 5)).since == date(2021, 11, 29)


def test_reopened_cluster_is_active_from_the_reopening():
    # Closed on 29/11; reopened on 3/12 with no new case: active 3/12..16/12, monitoring 17/12.
    assert cluster_status(LAST, date(2021, 12, 2), reopened_on=date(2021, 12, 3)).status == \
        "closed"
    assert cluster_status(LAST, date(2021, 12, 16), reopened_on=date(2021, 12, 3)).status == \
        "active"
    assert cluster_status(LAST, date(2021, 12, 17), reopened_on=date(2021, 12, 3)).status == \
        "monitoring"
    # A new case after closing reopens it by itself.
    assert cluster_status(date(2021, 12, 10), date(2021, 12, 10)).status == "active"


def test_a_later_case_than_the_day_is_not_seen():
    # The report of 5/11 does not know the case of 6/11.
    assert cluster_status(date(2021, 11, 6), date(2021, 11, 5)).since is None


def test_thresholds_are_configuration():
    policy = StatusPolicy(active_days=7, closed_after_days=21)
    assert cluster_status(LAST, date(2021, 11, 7), policy).status == "active"
    assert cluster_status(LAST, date(2021, 11, 8), policy).status == "monitoring"
    assert cluster_status(LAST, date(2021, 11, 22), policy).status == "closed"
    assert cluster_status(LAST, date(2021, 11, 22), policy).policy == "cluster-status-7-21"
    with pytest.raises(ValueError):
        StatusPolicy(active_days=28, closed_after_days=14)
