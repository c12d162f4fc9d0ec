"""Fuzz runs: a few hundred inputs per target in the test suite; `make fuzz` sets
EPISURV_FUZZ_EXAMPLES=100000 for the long run of each target."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("EPISURV_FUZZ_EXAMPLES", "300"))

settings.register_profile(
    "fuzz", max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 1000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ = settings.get_profile("fuzz")
