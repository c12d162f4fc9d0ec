"""How fast the bulletin reader could be made by each kind of change, measured, not guessed.

Issue 14 asks for 1,000 reference-length bulletins a second per core. This prints, in one run
over the reference bulletins (the texts of bench_bulletins.py), the rate of five readers, each
as a ratio of the simple reader baseline of bench_bulletins.py:

- the full reader (`parse_bulletin`);
- the full reader with each rule run only on the sentences where it changes the reading (found
  in a first reading of each text, which the gated reading must give again): the most that any
  gate deciding whether a rule runs on a sentence can save, however cheap the gate (a gate
  inside a rule, sparing some of its steps on a sentence it does read, is not bounded so);
- the full reader with every rule a no-op: the floor left by cutting, dispatch, the checks and
  the result, whatever the rules become;
- normalising and cutting into sentences alone;
- the simple reader baseline.

Time is CPU time of this process, each figure the median of 5 runs of at least a second; the
readers take turns run by run, so that a change of the machine's load falls on all of them.

Run: .venv/bin/python benchmarks/bench_bulletins_bounds.py
"""

from __future__ import annotations

import importlib.util
import pickle
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from episurv.bulletins import parse
from episurv.bulletins.reading import Reading
from episurv.bulletins.segment import Sentence, normalise, split_sentences

_SPEC = importlib.util.spec_from_file_location(
    "bench_bulletins", Path(__file__).with_name("bench_bulletins.py"))
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)

Rule = Callable[[Sentence, Reading], None]
_Plan = dict[str, tuple[tuple[Rule, bool, str], ...]]


def _state(s: Sentence, r: Reading) -> bytes:
    """Everything a rule may change: the reading and the sentence's read figures."""
    return pickle.dumps((r.fields, r.context, r.checks, r.spans, r.derived, r.bad_dates,
                         s.used, s.pending, s.no_number_words))


@contextmanager
def _plan(plan: _Plan) -> Iterator[None]:
    """The reader run with `plan` in place of its own (parse_bulletin looks it up per text)."""
    own = parse._PLAN
    parse._PLAN = plan
    try:
        yield
    finally:
        parse._PLAN = own


def _wrapped(wrap: Callable[[Rule], Rule]) -> _Plan:
    return {kind: tuple((wrap(rule), counts_only, key) for rule, counts_only, key in rules)
            for kind, rules in parse._PLAN.items()}


def gated_reader(texts: list[str]) -> Callable[[str], dict]:
    """`parse_bulletin` running each rule only where it changed the reading of `texts`."""
    index = {text: i for i, text in enumerate(texts)}
    reading: list[int] = [0]  # the index of the text being read
    useful: set[tuple[int, int, Rule]] = set()

    def probe(rule: Rule) -> Rule:
        def run(s: Sentence, r: Reading) -> None:
            before = _state(s, r)
            rule(s, r)
            if _state(s, r) != before:
                useful.add((reading[0], s.index, rule))
        return run

    def gate(rule: Rule) -> Rule:
        def run(s: Sentence, r: Reading) -> None:
            if (reading[0], s.index, rule) in useful:
                rule(s, r)
        return run

    full = []
    with _plan(_wrapped(probe)):
        for i, text in enumerate(texts):
            reading[0] = i
            full.append(parse.parse_bulletin(text))
    gated = _wrapped(gate)

    def read(text: str) -> dict:
        reading[0] = index[text]
        with _plan(gated):
            return parse.parse_bulletin(text)

    for text, result in zip(texts, full, strict=True):
        assert read(text) == result  # the gate leaves the reading as it was
    return read


def floor_reader(text: str) -> dict:
    """`parse_bulletin` with every rule a no-op."""
    with _plan(_wrapped(lambda _rule: lambda _s, _r: None)):
        return parse.parse_bulletin(text)


def cutting(text: str) -> list[Sentence]:
    return split_sentences(normalise(text))


def _one_run(fn: Callable[[str], object], texts: list[str], seconds: float = 1.0) -> float:
    """Texts read per CPU second by `fn` over `texts`, read again until `seconds` have passed."""
    n, t0 = 0, time.process_time()
    while (spent := time.process_time() - t0) < seconds:
        for text in texts:
            fn(text)
        n += len(texts)
    return n / spent


def main() -> None:
    refs = [p.read_text(encoding="utf-8") for p in sorted(bench.REFERENCE.glob("*.txt"))]
    label = "reference bulletins"
    if not refs:
        label = "corpus texts joined to reference length"
        corpus = [p.read_text(encoding="utf-8") for p in sorted(bench.CORPUS.glob("*.txt"))]
        refs = ["\n".join(corpus[i:i + 8]) for i in range(0, len(corpus), 8)]
    for text in refs:  # warm the register and the name caches, as bench_bulletins does
        parse.parse_bulletin(text)
    readers = (("full reader", parse.parse_bulletin),
               ("rules run only where they change the reading", gated_reader(refs)),
               ("every rule a no-op", floor_reader),
               ("normalise and cut only", cutting),
               ("simple reader baseline", bench.simple_reader))
    runs: list[list[float]] = [[] for _ in readers]
    for _ in range(bench.RUNS):
        for (_label, fn), got in zip(readers, runs, strict=True):
            got.append(_one_run(fn, refs))
    rates = [(label, statistics.median(got)) for (label, _fn), got in zip(readers, runs,
                                                                            strict=True)]
    base = rates[-1][1]
    size = sum(map(len, refs)) // len(refs)
    print(f"{label} ({len(refs)} texts, mean {size} characters), per core:")
    for label, value in rates:
        print(f"  {label}: {value:,.0f} bulletins/s (ratio {value / base:.3f} x baseline)")


if __name__ == "__main__":
    main()
