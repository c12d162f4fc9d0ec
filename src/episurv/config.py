"""Settings from the environment: the one Settings object lives in core/settings.py; this module
keeps the import path every caller uses."""

from episurv.core.settings import (  # noqa: F401
    DEFAULT_DATABASE_URL,
    InvalidSetting,
    Settings,
    get_settings,
)
