"""The words of home care that tables, pages and rules share."""

from __future__ import annotations

STATION_KINDS = ("ward", "mobile", "industrial_park")
TASKS = ("followed", "tests", "vaccinations", "communications", "consultations")
