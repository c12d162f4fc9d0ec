"""What a person reviewing a reading sees and changes: the text cut into highlighted segments,
the fields they may correct, and the reading again after their corrections.

Pure: no I/O. A reading whose checks failed is "needs_review" (issue 6): it is stored only after
a person corrected a field or confirmed it despite the failed checks; `corrected` says which
fields a person changed, with the value read and the value given.
"""

from __future__ import annotations

import copy
from typing import Any

from episurv.bulletins.checks import run_checks
from episurv.core.days import read_day
from episurv.errors import InvalidInput

# Figures a person may correct: whole numbers of the day, and the bulletin's date.
SCALAR_FIXES = ("date", "new_cases", "community", "quarantine", "domestic", "imported",
                "deaths", "recovered")
# Count lists whose items a person may correct ("community_by_unit.3": the 4th item's count).
LIST_FIXES = {"by_unit": "new_cases", "community_by_unit": "new_cases",
              "deaths_by_unit": "deaths"}


def highlight(text: str, spans: list[dict]) -> list[tuple[str, str | None]]:
    """`text` as consecutive (piece, field) segments: each character belongs to the shortest
    span that covers it (a figure inside a list shows as the figure), None where nothing was
    read."""
    owner: list[str | None] = [None] * len(text)
    for span in sorted(spans, key=lambda s: s["end"] - s["start"], reverse=True):
        for i in range(max(0, span["start"]), min(len(text), span["end"])):
            owner[i] = span["field"]
    out: list[tuple[str, str | None]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owner[i] != owner[start]:
            out.append((text[start:i], owner[start]))
            start = i
    return out


def fixable(result: dict) -> list[tuple[str, str, Any]]:
    """(path, label, value) of every field of `result` a person may correct, in display order.
    Scalars are offered when the kind of bulletin states them; list items when read."""
    out: list[tuple[str, str, Any]] = []
    for key in SCALAR_FIXES:
        if key in result and (result[key] is not None or key in ("date", "new_cases",
                                                                  "community", "quarantine")):
            out.append((key, key, result[key]))
    for key, value_key in LIST_FIXES.items():
        for i, item in enumerate(result.get(key) or []):
            out.append((f"{key}.{i}", f"{key}: {item.get('unit')}", item.get(value_key)))
    return out


def _value(path: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if path == "date":  # as a person types a day (core.days.read_day: "7/11/2021" too)
        return read_day(str(raw).strip(), "date").isoformat()
    try:
        value = int(str(raw).strip().replace(".", "")) if not isinstance(raw, int) else raw
    except ValueError:
        raise InvalidInput(f"{path} {raw!r} is not a whole number", [
            {"field": path, "value": str(raw), "message": "not a whole number"}]) from None
    if value < 0:
        raise InvalidInput(f"{path} {value}: must be 0 or more", [
            {"field": path, "value": str(raw), "message": "negative"}])
    return value


def apply_corrections(result: dict, corrections: dict[str, Any] | None) -> dict:
    """The reading with a person's corrections applied and its checks run again on the
    corrected figures. `corrected` lists each changed path as [value read, value given]; a
    correction equal to what was read is no correction. Unknown paths are refused."""
    out = copy.deepcopy(result)
    changed: dict[str, list] = {}
    offered = {path: value for path, _label, value in fixable(result)}
    for path, raw in (corrections or {}).items():
        if path not in offered:
            raise InvalidInput(f"{path!r} cannot be corrected; one of: "
                               + ", ".join(offered), [{"field": path, "value": str(raw),
                                                        "message": "not a correctable field"}])
        value = _value(path, raw)
        if value == offered[path]:
            continue
        changed[path] = [offered[path], value]
        if "." in path:
            key, index = path.split(".")
            out[key][int(index)][LIST_FIXES[key]] = value
        else:
            out[path] = value
    derived = list(out.get("derived") or [])
    if changed and "new_cases" in derived and "new_cases" not in changed and None not in (
            out.get("community"), out.get("quarantine")):
        out["new_cases"] = out["community"] + out["quarantine"]  # still the sum, of new parts
    if changed:
        # The checks of the figures are run again; those only the parse can make (a name not in
        # the register, a figure stated twice) stand as they were.
        context = {"list_totals": result.get("list_totals") or {}}
        before = {c["name"] for c in run_checks(result, context, derived, [])}
        kept = [c for c in result["checks"] if c["name"] not in before]
        out["checks"] = kept + run_checks(out, context, derived, [])
        out["status"] = "ok" if all(c["ok"] for c in out["checks"]) else "needs_review"
    out["corrected"] = changed
    return out


def failed_checks(result: dict) -> list[str]:
    return [c["name"] for c in result.get("checks") or [] if not c["ok"]]
