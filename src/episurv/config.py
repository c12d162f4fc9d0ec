"""Settings from the environment: one Settings object, read when asked for."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, time

DEFAULT_DATABASE_URL = "sqlite:///./episurv.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    # A reporting day ends at the cut-off: a case confirmed after it counts the next day.
    cutoff: time
    # Cumulative figures count from the start of the wave (wave 4 began on 27/4/2021).
    wave_start: date
    # A cluster is "developing" while it had a case within this many days.
    active_cluster_days: int
    # A day is a record worth reporting when it is the highest for at least this many days.
    record_min_days: int
    # The period whose highest day the daily report names.
    record_period_days: int
    # A cluster with no case for this many days is closed (between the two it is monitored).
    cluster_closed_days: int
    # The hotline printed on public exposure notices (the Ministry of Health's by default).
    hotline: str
    # Self-declarations accepted per network address per hour on the public form.
    declarations_per_hour: int
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or networks, comma-
    # separated); none by default, so a client cannot pick its own address.
    trusted_proxies: str = ""


def _parse_time(text: str, name: str) -> time:
    try:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))
    except ValueError as exc:
        raise ValueError(f"{name} must be HH:MM, got {text!r}") from exc


def get_settings() -> Settings:
    env = os.environ
    return Settings(
        database_url=env.get("EPISURV_DATABASE_URL", DEFAULT_DATABASE_URL),
        cutoff=_parse_time(env.get("EPISURV_CUTOFF", "18:00"), "EPISURV_CUTOFF"),
        wave_start=date.fromisoformat(env.get("EPISURV_WAVE_START", "2021-04-27")),
        active_cluster_days=int(env.get("EPISURV_ACTIVE_CLUSTER_DAYS", "14")),
        record_min_days=int(env.get("EPISURV_RECORD_MIN_DAYS", "14")),
        record_period_days=int(env.get("EPISURV_RECORD_PERIOD_DAYS", "7")),
        cluster_closed_days=int(env.get("EPISURV_CLUSTER_CLOSED_DAYS", "28")),
        hotline=env.get("EPISURV_HOTLINE", "1900 9095"),
        declarations_per_hour=int(env.get("EPISURV_DECLARE_PER_HOUR", "5")),
        trusted_proxies=env.get("EPISURV_TRUSTED_PROXIES", ""),
    )
