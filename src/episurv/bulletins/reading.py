"""What a bulletin has been read to say so far: the fields, the checks, and which figures of
which sentence were used. Shared by the readers of each kind of bulletin."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from episurv.bulletins.numbers import magnitude_after, read_date, read_number
from episurv.bulletins.segment import Sentence

FIELDS_ORDER = (
    "kind", "date", "jurisdiction", "new_cases", "community", "quarantine", "by_unit",
    "community_by_unit", "by_cluster", "clusters", "cumulative", "exposures",
)


@dataclass
class Reading:
    """The state of one parse. `fields` becomes the JSON; `checks` are added as rules run."""

    year: int
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # hints between sentences
    bad_dates: list[str] = field(default_factory=list)

    @property
    def jurisdiction(self) -> dict | None:
        return self.fields.get("jurisdiction")

    def put(self, key: str, value: Any, where: str = "") -> None:
        """Set a field; a figure stated twice with two values is reported, the first kept."""
        if value is None:
            return
        old = self.fields.get(key)
        if old is None or old == [] or old == {}:
            self.fields[key] = value
        elif old != value:
            self.check(f"restated_{key}", False,
                       f"{key} is stated as {old!r} and as {value!r} {where}".strip())

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append({"name": name, "ok": bool(ok), "detail": detail})

    def date(self, day_month: str) -> str | None:
        """ISO date of a d/m in the bulletin's year; an impossible one is remembered."""
        iso = read_date(day_month, self.year)
        if iso is None and day_month not in self.bad_dates:
            self.bad_dates.append(day_month)
        return iso


def take(s: Sentence, match: re.Match[str], group: int | str = 1) -> int | float:
    """The figure in `group`, with a magnitude word after it ("89.6 triệu"); marks it read."""
    start, end = match.span(group)
    magnitude, mag_end = magnitude_after(s.text, end)
    s.use(start, max(end, mag_end))
    return read_number(match.group(group), magnitude)


def taken(s: Sentence, match: re.Match[str], group: int | str = 1) -> bool:
    """True when the figure in `group` was already read by an earlier rule."""
    start, end = match.span(group)
    for i, (a, b) in enumerate(s.numbers):
        if a >= start and b <= end and i in s.used:
            return True
    return False
