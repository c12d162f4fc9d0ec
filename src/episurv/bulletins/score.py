"""Scoring the parser against a corpus of bulletins with their expected readings.

A corpus is a folder of `NN-name.txt` (the bulletin) and `NN-name.json` (what it says). Each
field becomes a set of facts (a figure, a (unit, count) pair, a cluster with its date and total,
a failed check's name); per field, precision is the share of facts read that are expected,
recall the share of expected facts read. A field absent from the JSON is expected empty, so a
figure the parser invents counts against it.

Expected JSON, compactly: `"jurisdiction": "Hà Nội"`; unit lists as `[["Thanh Xuân", 8], ...]`
(`top_by_unit`, the places a text picks out of the day's cases, too);
`by_cluster` as `[["chợ Hôm", 6], ...]`; `clusters` as `[["chợ Hôm", "2021-11-05", 31], ...]`;
`exposures` as `[["2021-11-09", "08:30", "chợ Hôm, phố Huế, quận Hai Bà Trưng"], ...]`;
`cumulative` and `doses` as objects; `failed_checks` as a list of check names.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from episurv.bulletins.parse import parse_bulletin
from episurv.errors import InvalidInput
from episurv.geo.names import fold, name_key

SCALARS = ("kind", "date", "new_cases", "community", "quarantine", "deaths", "recovered",
           "recovered_total", "severe", "avg7_cases", "avg7_deaths", "total_deaths", "cfr",
           "tests_samples", "tests_people", "domestic", "status")
UNIT_LISTS = {"by_unit": "new_cases", "community_by_unit": "new_cases",
              "deaths_by_unit": "deaths"}
DICTS = ("cumulative", "doses")
FIELDS = ("kind", "date", "jurisdiction", "new_cases", "community", "quarantine", "by_unit",
          "top_by_unit", "community_by_unit", "by_cluster", "clusters", "cumulative",
          "exposures", "deaths", "deaths_by_unit", "recovered", "recovered_total", "severe",
          "avg7_cases", "avg7_deaths", "total_deaths", "cfr", "tests_samples", "tests_people",
          "doses", "domestic", "status", "failed_checks")


def rates(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 of a field's facts. A share of nothing is None ("n/a"), never a
    perfect score: precision when nothing was read, recall when nothing is expected (issue 14:
    a field with no facts in the gold does not count as perfect). F1 is None when both are;
    0.0 when only one is: facts read where none are expected, or every expected fact missed."""
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None and recall is None:
        return None, None, None
    if precision is None or recall is None or precision + recall == 0:
        return precision, recall, 0.0
    return precision, recall, 2 * precision * recall / (precision + recall)


@dataclass
class FieldScore:
    field: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return rates(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float | None:
        return rates(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float | None:
        return rates(self.tp, self.fp, self.fn)[2]


def _unit(name: str | None) -> str:
    return name_key(name) if name else "?"


def _facts_predicted(field: str, result: dict) -> Counter:
    value = result.get(field)
    if field == "jurisdiction":
        return Counter([_unit(value["unit"])] if value else [])
    if field == "failed_checks":
        return Counter({c["name"] for c in result["checks"] if not c["ok"]})
    if field in UNIT_LISTS:
        return Counter((_unit(u["unit"]), u[UNIT_LISTS[field]]) for u in value or [])
    if field == "top_by_unit":
        return Counter((_unit(u["unit"]), u["new_cases"]) for u in (value or {}).get("by_unit", []))
    if field == "by_cluster":
        return Counter((fold(c["cluster"]), c["new_cases"]) for c in value or [])
    if field == "clusters":
        return Counter((fold(c["cluster"]), c.get("first_case_date"), c["total_cases"])
                       for c in value or [])
    if field == "exposures":
        return Counter((e["date"], e["time"], fold(e["place"])) for e in value or [])
    if field in DICTS:
        return Counter((k, v) for k, v in (value or {}).items())
    return Counter([value] if value is not None else [])


def _facts_expected(field: str, expected: dict) -> Counter:
    value = expected.get(field)
    if field == "jurisdiction":
        return Counter([_unit(value)] if value else [])
    if field == "failed_checks":
        return Counter(set(value or []))
    if field in UNIT_LISTS or field == "top_by_unit":
        return Counter((_unit(name), n) for name, n in value or [])
    if field == "by_cluster":
        return Counter((fold(c), n) for c, n in value or [])
    if field == "clusters":
        return Counter((fold(c), d, n) for c, d, n in value or [])
    if field == "exposures":
        return Counter((d, t, fold(p)) for d, t, p in value or [])
    if field in DICTS:
        return Counter((k, v) for k, v in (value or {}).items())
    return Counter([value] if value is not None else [])


def score_pairs(pairs: Iterable[tuple[dict, dict]]) -> dict[str, FieldScore]:
    """Per-field scores over (parse result, expected) pairs."""
    scores = {f: FieldScore(f) for f in FIELDS}
    for result, expected in pairs:
        for f in FIELDS:
            got, want = _facts_predicted(f, result), _facts_expected(f, expected)
            hit = sum((got & want).values())
            scores[f].tp += hit
            scores[f].fp += sum(got.values()) - hit
            scores[f].fn += sum(want.values()) - hit
    return scores


def load_corpus(directory: str | Path) -> list[tuple[Path, str, dict]]:
    """(path, text, expected) for each `NN-name.txt` with its `NN-name.json`."""
    out = []
    for txt in sorted(Path(directory).glob("*.txt")):
        answer = txt.with_suffix(".json")
        if not answer.exists():
            raise InvalidInput(f"{txt.name} has no expected reading {answer.name}")
        try:
            expected = json.loads(answer.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{answer.name}: not JSON ({exc})") from exc
        out.append((txt, txt.read_text(encoding="utf-8"), expected))
    return out


def score_corpus(directory: str | Path, year: int = 2021) -> dict[str, dict[str, Any]]:
    """Per-field precision, recall, F1 and counts over a corpus folder."""
    corpus = load_corpus(directory)
    pairs = [(parse_bulletin(text, year=expected.get("year", year)), expected)
             for _, text, expected in corpus]
    return {f: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp,
                "fp": s.fp, "fn": s.fn} for f, s in score_pairs(pairs).items()}


def mismatches(directory: str | Path, year: int = 2021) -> list[tuple[str, str, list, list]]:
    """(file, field, facts read but not expected, facts expected but not read) where they differ:
    what a failing score is made of."""
    out = []
    for path, text, expected in load_corpus(directory):
        result = parse_bulletin(text, year=expected.get("year", year))
        for f in FIELDS:
            got, want = _facts_predicted(f, result), _facts_expected(f, expected)
            if got != want:
                out.append((path.name, f, sorted(map(str, (got - want).elements())),
                            sorted(map(str, (want - got).elements()))))
    return out


def format_table(scores: dict[str, dict[str, Any]]) -> str:
    """Per field precision, recall, F1 and counts; "n/a" for a share of nothing (`rates`)."""
    header = f"{'field':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"
    lines = [header]
    for f, s in scores.items():
        lines.append(f"{f:<20} {share_text(s['precision'], 9)} {share_text(s['recall'], 7)} "
                     f"{share_text(s['f1'], 6)} {s['tp']:>5} {s['fp']:>4} {s['fn']:>4}")
    return "\n".join(lines)


def share_text(value: float | None, width: int) -> str:
    """A share in a score table's column of `width`: three decimals, or "n/a" for None."""
    return f"{'n/a':>{width}}" if value is None else f"{value:>{width}.3f}"
