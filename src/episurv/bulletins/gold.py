"""Scoring the reader against hand-read real texts (`NAME.txt` + `NAME.gold.json`).

Source: the format of the development set of real 2021 bulletins (its README): only the fields
a text states are in its gold; names in lists are as written; `source_date` is a publication
date the text itself does not state, so the reader is told it (as `--date` tells the CLI).

A reading is put in the gold's terms (`gold_view`) and both become facts per field: a figure,
a (place, count) pair, a cumulative (key, value). A place is compared by its unit code when it
is a unit, by its folded name when it is not ("Bệnh viện Bệnh nhiệt đới Trung ương").
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from episurv.bulletins import places
from episurv.bulletins.parse import parse_bulletin
from episurv.bulletins.score import rates, share_text
from episurv.errors import InvalidInput
from episurv.geo.names import fold

SCALARS = ("kind", "date", "province", "new_cases", "community", "quarantine", "domestic",
           "imported", "deaths", "recovered", "severe")
UNIT_LISTS = ("by_unit", "imported_by_unit", "community_by_unit", "deaths_by_unit")
FIELDS = (*SCALARS, *UNIT_LISTS, "cumulative")
# Where each list of the reading keeps its count.
_COUNT_KEY = {"by_unit": "new_cases", "imported_by_unit": "new_cases",
              "community_by_unit": "new_cases", "deaths_by_unit": "deaths"}


def place_key(name: str) -> str:
    """A province by its code, anything else by its folded name."""
    unit = places.province(name)
    return f"P{unit['code']}" if unit else fold(name)


def gold_view(result: dict) -> dict[str, Any]:
    """A reading in the gold's terms: names of lists as written, cumulative figures by key.

    A figure the reader derived (named in `derived`) is scored like a stated one: a derivation
    that the text does not bear out is a wrong figure."""
    out: dict[str, Any] = {f: result.get(f) for f in SCALARS if f != "province"}
    if result.get("kind") == "moh_timeline" and "new_cases" in (result.get("derived") or ()):
        # A notice's line without the header that states its total: the gold reads the line's
        # count as the notice's new cases, not as a domestic part of a total.
        out["new_cases"], out["domestic"] = result.get("domestic"), None
    where = result.get("jurisdiction") or {}
    if result.get("kind") == "city_daily":
        out["province"] = where.get("written") or where.get("unit")
    for f in UNIT_LISTS:
        out[f] = {(e.get("written") or e.get("unit")): e[_COUNT_KEY[f]]
                  for e in result.get(f) or []}
    cum: dict[str, Any] = {}
    national = result.get("kind") != "city_daily"
    running = result.get("running_totals") or ([result["cumulative"]]
                                               if result.get("cumulative") else [])
    for stated in running:
        # The gold names a running total by its period: since the epidemic began ("total",
        # "domestic_total"), and, nationally, over wave 4 ("wave4_domestic": the ministry's count
        # of that wave is of the cases found in the country). The reader names the wave.
        wave4 = national and stated.get("wave") == 4
        for key, value in stated.items():
            if value is None or key in ("since", "wave", "by_unit"):
                continue
            if wave4 and key in ("total", "domestic"):
                cum.setdefault("wave4_domestic", value)
            elif wave4 and key == "recovered":
                # "..., trong đó 143.700 ca đã khỏi bệnh": the wave's recovered, as the
                # report's wave totals (`wave_totals`) name them.
                cum.setdefault("wave4_recovered", value)
            elif stated.get("since") is None and key in ("domestic", "imported"):
                cum.setdefault(f"{key}_total", value)
            elif key == "total":
                cum.setdefault("total", value)
        if stated.get("by_unit"):
            cum["by_unit"] = {e.get("written") or e["unit"]: e["total"]
                              for e in stated["by_unit"]}
    wave = result.get("wave_totals") or {}
    if wave.get("wave") == 4:
        if wave.get("cases") is not None:
            cum["wave4_domestic"] = wave["cases"]
        if wave.get("recovered") is not None:
            cum["wave4_recovered"] = wave["recovered"]
    if result.get("recovered_total") is not None:
        cum["recovered_total"] = result["recovered_total"]
    if result.get("total_deaths") is not None:
        cum["deaths_total"] = result["total_deaths"]
    out["cumulative"] = cum
    return out


def facts(field: str, view: dict) -> Counter:
    value = view.get(field)
    if value is None or value == {}:
        return Counter()
    if field in UNIT_LISTS:
        return Counter((place_key(k), v) for k, v in value.items())
    if field == "province":
        return Counter([place_key(value)])
    if field == "cumulative":
        out: Counter = Counter()
        for k, v in value.items():
            if k == "by_unit":
                out.update((("by_unit", place_key(n)), c) for n, c in v.items())
            else:
                out[(k, v)] += 1
        return out
    return Counter([value])


def load_gold(directory: str | Path) -> list[tuple[Path, str, dict]]:
    """(path, text, gold) for each `NAME.txt` with its `NAME.gold.json`."""
    out = []
    for txt in sorted(Path(directory).glob("*.txt")):
        answer = txt.with_name(txt.stem + ".gold.json")
        if not answer.exists():
            continue  # a README or an index, not a text
        try:
            gold = json.loads(answer.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{answer.name}: not JSON ({exc})") from exc
        if "date" not in gold and "source_date" in gold:
            gold["date"] = gold["source_date"]
        out.append((txt, txt.read_text(encoding="utf-8"), gold))
    return out


def is_gold_dir(directory: str | Path) -> bool:
    return any(Path(directory).glob("*.gold.json"))


def read_gold_text(text: str, gold: dict) -> dict:
    """The reading of a gold text, told the publication date when the text has none."""
    return parse_bulletin(text, date=gold.get("source_date"))


def text_is_wrong(gold: dict) -> bool:
    """Whether the text itself is wrong: the figures it states, as the gold holds them, do not
    add up (the gold's README: "a list that stops short of its stated total"). The same sums as
    the reader's checks, on the gold's own figures: a list against the figure it breaks down, and
    the day's parts against its total."""
    total, dom, imp = gold.get("new_cases"), gold.get("domestic"), gold.get("imported")
    # What the province list and the community + quarantine split break down: the day's cases
    # in a city's report, the domestic ones in the ministry's when it states them.
    whole = total if gold.get("kind") == "city_daily" or dom is None else dom
    com, qua = gold.get("community"), gold.get("quarantine")
    sums = [(gold.get("by_unit"), whole), (gold.get("community_by_unit"), com),
            (gold.get("imported_by_unit"), imp), (gold.get("deaths_by_unit"), gold.get("deaths"))]
    for items, of in sums:
        if items and of is not None and sum(items.values()) != of:
            return True
    if total is not None and dom is not None and imp is not None and dom + imp != total:
        return True
    return whole is not None and com is not None and qua is not None and com + qua != whole


def compare(result: dict, gold: dict) -> dict[str, tuple[Counter, Counter]]:
    """Per field: (facts read, facts in the gold)."""
    view = gold_view(result)
    return {f: (facts(f, view), facts(f, gold)) for f in FIELDS}


def score_gold(directory: str | Path) -> dict[str, Any]:
    """Per-field precision, recall, F1 (None for a field the gold never states), the texts read
    fully right, and the differences of the others. A text whose gold's own figures do not add
    up (`text_is_wrong`) is right only when the reading is `needs_review`."""
    totals = {f: [0, 0, 0] for f in FIELDS}
    right, wrong = 0, []
    for path, text, gold in load_gold(directory):
        result = read_gold_text(text, gold)
        diffs = []
        for f, (got, want) in compare(result, gold).items():
            hit = sum((got & want).values())
            t = totals[f]
            t[0] += hit
            t[1] += sum(got.values()) - hit
            t[2] += sum(want.values()) - hit
            if got != want:
                diffs.append((f, sorted(map(str, (got - want).elements())),
                              sorted(map(str, (want - got).elements()))))
        if text_is_wrong(gold) and result.get("status") != "needs_review":
            diffs.append(("status", [str(result.get("status"))], ["needs_review"]))
        if not diffs:
            right += 1
        else:
            wrong.append((path.name, diffs))
    fields = {}
    for f, (tp, fp, fn) in totals.items():
        p, r, f1 = rates(tp, fp, fn)
        fields[f] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    return {"fields": fields, "texts": right + len(wrong), "right": right, "wrong": wrong}


def format_gold_table(scores: dict[str, Any]) -> str:
    """Per field precision, recall, F1 and counts; "n/a" for a share of nothing (`score.rates`)."""
    lines = [f"{'field':<18} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>4} "
             f"{'fn':>4}"]
    for f, s in scores["fields"].items():
        lines.append(f"{f:<18} {share_text(s['precision'], 9)} {share_text(s['recall'], 7)} "
                     f"{share_text(s['f1'], 6)} {s['tp']:>5} {s['fp']:>4} {s['fn']:>4}")
    lines.append(f"texts fully right: {scores['right']}/{scores['texts']}")
    for name, diffs in scores["wrong"]:
        for f, extra, missing in diffs:
            lines.append(f"  {name} {f}: read {extra or '-'}; missed {missing or '-'}")
    return "\n".join(lines)
