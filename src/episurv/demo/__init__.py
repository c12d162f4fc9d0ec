"""Synthetic outbreak data for `episurv demo` and the benchmarks.

Everything this package produces is invented: the people (names, phone numbers, addresses,
ages) do not exist, and the cluster sizes and dates are made up. Only the administrative units
are real (the 2021 register) and the shape of the curve follows the published course of
Hà Nội's fourth wave (27/4–21/11/2021). Start at `generator.generate`.
"""

from episurv.demo.generator import generate, generate_columns, write_csv

__all__ = ["generate", "generate_columns", "write_csv"]
