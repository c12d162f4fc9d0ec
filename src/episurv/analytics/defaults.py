"""Default parameters of the Rt estimate, apart from the numerics so that the command line can
show them without loading NumPy and SciPy."""

from __future__ import annotations

# Serial interval of the Delta variant: mean 4.0 days (pooled estimates 4.07 days); the sd is a
# sensitivity parameter, for no firm Delta figure was published.
SI_MEAN_DAYS = 4.0
SI_SD_DAYS = 2.9
# Width of the sliding window, as EpiEstim's default weekly window (Cori et al. 2013).
WINDOW_DAYS = 7
