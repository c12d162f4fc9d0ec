"""Bulletins read per second by episurv.bulletins.parse_bulletin, over the project's corpus.

Baseline: `re.findall(r"\\d+", text)` over the same texts in the same run, the least any reader
of figures must do; the ratio says how many times slower the full parse is. The target is at
least 1,000 bulletins per second on one core. The administrative register is loaded (and the
name caches warmed) before timing: a long-running reader pays that once.

Run: .venv/bin/python benchmarks/bench_bulletins.py
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from episurv.bulletins import parse_bulletin

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "bulletins" / "corpus"
# The shared folder beside the project root, or where EPISURV_SHARED_DIR says it is.
REFERENCE = Path(os.environ.get("EPISURV_SHARED_DIR")
                 or Path(__file__).resolve().parents[2] / "shared") / "reference"
ROUNDS = 20
_DIGITS = re.compile(r"\d+")


def rate(fn: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Best of three runs of `rounds` passes over `texts`, in texts per second."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                fn(text)
        best = min(best, time.perf_counter() - t0)
    return rounds * len(texts) / best


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for text in texts:  # warm the register and the name caches
        parse_bulletin(text)
    parsed = rate(parse_bulletin, texts, ROUNDS)
    baseline = rate(_DIGITS.findall, texts, ROUNDS * 50)
    size = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {len(texts)} bulletins, mean {size:.0f} characters")
    print(f"parse_bulletin: {parsed:,.0f} bulletins/s (ratio {parsed / baseline:.4f} x baseline)")
    print(f"re.findall digits baseline: {baseline:,.0f} bulletins/s (ratio 1.00 x baseline)")
    print(f"parse_bulletin per corpus bulletin: {1e3 / parsed:.3f} ms "
          f"(target >= 1,000 bulletins/s: {'met' if parsed >= 1000 else 'NOT met'})")
    # The two published bulletins of 7/11/2021 are eight times longer than the corpus's; read
    # where they sit in the shared workspace (never copied into the project), when present;
    # else corpus texts joined to the same length stand in for them.
    refs = [p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.txt"))]
    label = "the reference bulletins"
    if not refs:
        label = "corpus texts joined to reference length"
        refs = ["\n".join(texts[i:i + 8]) for i in range(0, len(texts), 8)]
    for text in refs:
        parse_bulletin(text)
    long_rate = rate(parse_bulletin, refs, ROUNDS * 5)
    long_base = rate(_DIGITS.findall, refs, ROUNDS * 100)
    print(f"parse_bulletin on {label} ({sum(map(len, refs)) // len(refs)} characters): "
          f"{long_rate:,.0f} bulletins/s (ratio {long_rate / long_base:.4f} x baseline)")
    print(f"re.findall digits baseline on the same: {long_base:,.0f} bulletins/s "
          f"(ratio 1.00 x baseline)")
    print(f"parse_bulletin per long bulletin: {1e3 / long_rate:.3f} ms "
          f"(target >= 1,000 bulletins/s: {'met' if long_rate >= 1000 else 'NOT met'})")

if __name__ == "__main__":
    main()
