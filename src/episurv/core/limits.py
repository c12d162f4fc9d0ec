"""The longest text each field may hold: one definition read by the importers (a file row), the
API schemas (a request body) and the database columns (String(n)), so a value refused by one is
refused by all and a stored value always fits its column."""

from __future__ import annotations

TEXT_MAX: dict[str, int] = {
    "case_id": 64, "case": 64, "contact_code": 64, "source_case": 64, "source_contact": 64,
    "province": 120, "district": 120, "ward": 120,
    "cluster": 200, "exposure_place": 200, "name": 200,
    "phone": 40, "address": 300, "team": 60, "relation": 40,
}
# Any other text cell of an imported file (a vocabulary word, a date, a number as written).
OTHER_TEXT_MAX = 100
# A bulletin's text, pasted, uploaded or sent to the API: the longest real one we read (a
# national evening report of December 2021) is about 20 KB; a megabyte leaves room for a month.
BULLETIN_BYTES_MAX = 1 << 20


def limit_of(column: str) -> int:
    """The most characters `column` may hold."""
    return TEXT_MAX.get(column, OTHER_TEXT_MAX)


def too_long(column: str, value: str | None) -> str | None:
    """The message for a value longer than its column allows, or None when it fits."""
    limit = limit_of(column)
    return f"longer than {limit} characters" if value is not None and len(value) > limit else None
