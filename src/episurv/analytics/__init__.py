"""Pure numerics for surveillance figures: smoothing, per-capita rates, growth, Rt.

Arrays are days along the last axis: a 1-D array is one series, a 2-D array is regions x days.
Missing days are NaN. Nothing here reads files, a database or the clock. Conventions: the 7-day
average and weekly rates as Our World in Data defines them; Rt as Cori et al. 2013 (EpiEstim).
Import the module you need (`analytics.rt` loads SciPy; the others NumPy alone).
"""
