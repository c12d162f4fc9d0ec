"""The settings of this installation: one validated object, read from the environment once per
set of values.

`get_settings()` is the one accessor. It keys its cache on the values of the variables it reads, so
a process reads and validates them once, and a test (or a server) that sets a variable gets the
settings of the new values without any reset. A bad value is one line naming the variable and
what it must be, raised as `InvalidSetting` (exit code 2 on the command line).
"""

from __future__ import annotations

import os
from datetime import date, time
from functools import lru_cache

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from episurv.core.waves import WAVE_4_START
from episurv.errors import EpisurvError

DEFAULT_DATABASE_URL = "sqlite:///./episurv.db"
PREFIX = "EPISURV_"


class InvalidSetting(EpisurvError):
    """An EPISURV_* variable whose value cannot be used."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # A reporting day ends at the cut-off: a case confirmed after it counts the next day.
    cutoff: time = time(18, 0)
    # Cumulative figures count from the start of the wave (by default wave 4's, core.waves).
    wave_start: date = WAVE_4_START
    # A cluster is "developing" while it had a case within this many days.
    active_cluster_days: int = Field(14, ge=1)
    # A day is a record worth reporting when it is the highest for at least this many days.
    record_min_days: int = Field(14, ge=1)
    # The period whose highest day the daily report names.
    record_period_days: int = Field(7, ge=1)
    # A cluster with no case for this many days is closed (between the two it is monitored).
    cluster_closed_days: int = Field(28, ge=1)
    # The hotline printed on public exposure notices (the Ministry of Health's by default).
    hotline: str = "1900 9095"
    # Self-declarations accepted per network address per hour on the public form.
    declarations_per_hour: int = Field(5, ge=1, validation_alias="EPISURV_DECLARE_PER_HOUR")
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or networks, comma-
    # separated); none by default, so a client cannot pick its own address.
    trusted_proxies: str = ""
    # The memory (MB) an uploaded file's import may take on top of the interpreter that runs it:
    # uploads are read in a process of their own, capped at this, so a file that would cost more
    # ends that process with a message and the server keeps its memory.
    upload_memory_mb: int = Field(2048, ge=64)

    @field_validator("cutoff", mode="before")
    @classmethod
    def _hour_minute(cls, value: object) -> object:
        # The cut-off is written HH:MM ("18:00"); seconds or a bare hour are not accepted.
        if isinstance(value, str):
            hour, sep, minute = value.partition(":")
            if not (sep and hour.isdigit() and minute.isdigit() and len(minute) == 2):
                raise ValueError("must be HH:MM")
            return time(int(hour), int(minute))
        return value


# The environment name of each field, for the one-line error.
_NAMES = {name: (field.validation_alias or PREFIX + name.upper())
          for name, field in Settings.model_fields.items()}


_VARIABLES = tuple(_NAMES.values())


def _environment() -> tuple[str | None, ...]:
    # The values of the variables Settings reads, each looked up by its name: every caller pays
    # for this key, and a scan of the whole environment cost more than the rest of the call.
    get = os.environ.get
    return tuple([get(name) for name in _VARIABLES])


@lru_cache(maxsize=16)
def _settings(environment: tuple[str | None, ...]) -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        name = _NAMES.get(field, field)
        value = dict(zip(_VARIABLES, environment, strict=True)).get(name) or ""
        message = error["msg"].removeprefix("Value error, ")
        raise InvalidSetting(f"{name}={value!r}: {message}") from None


def get_settings() -> Settings:
    """The settings of the current environment (validated once per set of values)."""
    return _settings(_environment())
