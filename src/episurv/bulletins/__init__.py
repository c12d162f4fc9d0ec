"""Reading published Vietnamese COVID-19 bulletins into structured data (pure rules)."""

from episurv.bulletins.checks import check_series
from episurv.bulletins.parse import parse_bulletin

__all__ = ["check_series", "parse_bulletin"]
