"""Local time: every date in episurv is a local date in Asia/Ho_Chi_Minh (UTC+7, no daylight
saving time), the zone of the bulletins and of the reporting day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local_now() -> datetime:
    return datetime.now(LOCAL)


def local_today() -> date:
    """Today's local date: for stamping what happens now, never as the default day of a page
    (pages default to the latest reporting day in the data)."""
    return local_now().date()
