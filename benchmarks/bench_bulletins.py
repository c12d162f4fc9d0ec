"""Bulletins read per second per core by episurv.bulletins.parse_bulletin.

Texts: the two published reference bulletins of 7/11/2021 (about 3,000 characters each: the
"reference length" of the target, read in place from the shared folder; corpus texts joined to
the same length stand in when it is absent), the 66 real texts of 2021 (`reference/real`) and
the project's corpus.

Baseline, in the same run over the same texts: a simple full reader that does what every reader
of these texts must do and nothing more: the same normalisation and sentence cutting, the one
list grammar (`lists.read_counts`) over every list of a sentence, and one pass of a "<n> ca
<words>" pattern that sorts each count into a field. The ratio says how many times that work the
full reader costs (all of its rules, the register, the checks, the spans).

Time is CPU time of this process (`time.process_time`): the machine is shared, and wall time
measures the other processes as much as this one; figures are medians of 5 runs. The target is
at least 1,000 reference-length bulletins per second per core.

Run: .venv/bin/python benchmarks/bench_bulletins.py
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from episurv.bulletins import parse_bulletin
from episurv.bulletins.lists import read_counts
from episurv.bulletins.numbers import NUM, read_number
from episurv.bulletins.segment import normalise, split_sentences

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bulletins" / "corpus"
# The shared folder beside the project root, or where EPISURV_SHARED_DIR says it is.
REFERENCE = Path(os.environ.get("EPISURV_SHARED_DIR") or ROOT.parent / "shared") / "reference"
RUNS = 5
_COUNT_RE = re.compile(rf"(?P<n>{NUM})\s+(?:ca|trường hợp|người)(?P<what>[^,;.()]{{0,40}})",
                       re.IGNORECASE)
_FIELDS = (("cộng đồng", "community"), ("cách ly", "quarantine"), ("nhập cảnh", "imported"),
           ("trong nước", "domestic"), ("tử vong", "deaths"), ("khỏi", "recovered"),
           ("mới", "new_cases"))


def simple_reader(text: str) -> dict:
    """The baseline: normalise, cut, read every list and sort every "<n> ca ..." count."""
    out: dict = {"lists": []}
    for s in split_sentences(normalise(text)):
        t = s.text
        if ":" in t:
            entries, _pending = read_counts(t.split(":", 1)[1])
            out["lists"].append([(e.name, e.count) for e in entries])
        for m in _COUNT_RE.finditer(t):
            what = m.group("what").lower()
            for word, field in _FIELDS:
                if word in what:
                    out.setdefault(field, read_number(m.group("n")))
                    break
    return out


def rate(fn: Callable[[str], object], texts: list[str], seconds: float = 1.0) -> float:
    """Median over RUNS runs of texts read per CPU second, each run at least `seconds` long."""
    rates = []
    for _ in range(RUNS):
        n, t0 = 0, time.process_time()
        while (spent := time.process_time() - t0) < seconds:
            for text in texts:
                fn(text)
            n += len(texts)
        rates.append(n / spent)
    return statistics.median(rates)


def _report(label: str, texts: list[str]) -> float:
    for text in texts:  # warm the register and the name caches, as a long-running reader has
        parse_bulletin(text)
    parsed = rate(parse_bulletin, texts)
    base = rate(simple_reader, texts)
    size = sum(map(len, texts)) // len(texts)
    print(f"{label} ({len(texts)} texts, mean {size} characters):")
    print(f"  parse_bulletin: {parsed:,.0f} bulletins/s per core "
          f"(ratio {parsed / base:.3f} x baseline)")
    print(f"  simple reader baseline: {base:,.0f} bulletins/s per core (ratio 1.000 x baseline)")
    return parsed


def main() -> None:
    corpus = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    refs = [p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.txt"))]
    label = "reference bulletins"
    if not refs:
        label = "corpus texts joined to reference length"
        refs = ["\n".join(corpus[i:i + 8]) for i in range(0, len(corpus), 8)]
    long_rate = _report(label, refs)
    print(f"  target >= 1,000 reference-length bulletins/s per core: "
          f"{'met' if long_rate >= 1000 else 'NOT met'}")
    real = [p.read_text(encoding="utf-8") for p in sorted((REFERENCE / "real").glob("*.txt"))]
    if real:
        _report("real texts of 2021", real)
    _report("project corpus", corpus)


if __name__ == "__main__":
    main()
