"""Proposing clusters from cases that share a place within a time window.

Pure: facts about cases in, proposals out; a person accepts or rejects each (service.py).

How cases are tied (each tie is evidence a person can check):
- household: a case found as the household contact of another case (strongest);
- address: the same home address in the same ward (a house number is required: a bare street
  name ties strangers);
- workplace: the same workplace named in their movement histories;
- place: the same place visited (a market, a shop, a clinic) on dates close together.
Ties count only between cases whose dates are within `window_days` of each other (default 14, an
incubation period): a key's dated entries are cut into runs wherever two consecutive dates are
further apart than the window, and only entries of one run are tied.

Tied cases form groups (connected components). A group with no case in a cluster becomes a
proposal of a new cluster when it has at least `min_cases` cases; a group where clustered cases
sit with unclustered ones becomes a proposal to add the unclustered ones to the cluster most of
its clustered cases are in (moving a case out of a cluster is never proposed: reclassification
stays a person's decision). A group wholly inside one cluster proposes nothing. A proposal whose
cases were all in an earlier rejected proposal is not made again; a new case revives it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from episurv.geo.names import fold

KINDS = ("household", "address", "workplace", "place")
# Strength of one tie of each kind: households are near-certain, a shop visit much less so.
WEIGHTS = {"household": 3.0, "address": 2.0, "workplace": 2.0, "place": 1.0}

_WORDS_BY_CLUSTER_KIND = (
    ("market", ("cho ",)),
    ("hospital", ("benh vien", "phong kham", "bv ", "trung tam y te")),
    ("school", ("truong ", "mam non", "tieu hoc", "thcs", "thpt", "dai hoc")),
    ("workplace", ("cong ty", "kho ", "kho hang", "nha may", "kcn", "khu cong nghiep",
                   "xuong", "van phong")),
)
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Signal:
    """One fact about one case that may tie it to others."""

    case: int
    kind: str  # address | workplace | place
    key: str
    day: date
    label: str  # as written, for the person deciding


@dataclass(frozen=True)
class CaseInfo:
    case: int
    day: date
    cluster_id: int | None
    ward_code: int | None
    district_code: int | None


@dataclass
class Proposal:
    action: str  # "new" | "extend"
    cases: tuple[int, ...]  # the cases to link (for "extend": the unclustered ones)
    group: tuple[int, ...]  # every case of the group, for the evidence
    cluster_id: int | None  # the cluster to extend
    name: str
    kind: str
    ward_code: int | None
    district_code: int | None
    first_day: date
    last_day: date
    score: float
    evidence: list[dict] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        ids = ",".join(str(c) for c in sorted(self.cases))
        return hashlib.sha1(f"{self.action}:{self.cluster_id}:{ids}".encode()).hexdigest()[:20]


def address_key(address: str | None, ward_code: int | None) -> str | None:
    """A home address reduced for comparison ("Số 12, ngõ 5 Trần Duy Hưng" and "12 ngo 5 tran
    duy hung"), within its ward; None when it has no house number or no ward."""
    if not address or ward_code is None:
        return None
    words = _NON_WORD.sub(" ", fold(address)).split()
    words = [w for w in words if w not in ("so", "sn", "nha")]
    if not any(w.isdigit() or w[:1].isdigit() for w in words):
        return None
    return f"{ward_code}:{' '.join(words)}"


def place_key(name: str | None, address: str | None = None) -> str | None:
    if not name or not name.strip():
        return None
    key = " ".join(_NON_WORD.sub(" ", fold(name)).split())
    if address:
        key += "|" + " ".join(_NON_WORD.sub(" ", fold(address)).split())
    return key


def cluster_kind(label: str, evidence_kinds: set[str]) -> str:
    """The type of a proposed cluster from the words of its name, else from its evidence."""
    folded = fold(label) + " "
    for kind, words in _WORDS_BY_CLUSTER_KIND:
        if any(folded.startswith(w) or f" {w}" in folded for w in words):
            return kind
    if "workplace" in evidence_kinds:
        return "workplace"
    if evidence_kinds & {"address", "household"}:
        return "residential"
    return "other"


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _runs(entries: list[tuple[date, int, str]], window: int) -> list[list[tuple[date, int, str]]]:
    entries = sorted(entries)
    runs: list[list[tuple[date, int, str]]] = []
    for entry in entries:
        if runs and (entry[0] - runs[-1][-1][0]).days <= window:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def propose(cases: Sequence[CaseInfo], signals: Sequence[Signal],
            households: Sequence[tuple[int, int]] = (), *, window_days: int = 14,
            min_cases: int = 3, rejected: Sequence[frozenset[int]] = ()) -> list[Proposal]:
    """Proposals, best first (by score: the weighted count of ties)."""
    info = {c.case: c for c in cases}
    union = _Union()
    ties: dict[tuple[str, str], list[list[tuple[date, int, str]]]] = {}
    by_key: dict[tuple[str, str], list[tuple[date, int, str]]] = defaultdict(list)
    for s in signals:
        if s.case in info:
            by_key[(s.kind, s.key)].append((s.day, s.case, s.label))
    for key, entries in by_key.items():
        kept = []
        for run in _runs(entries, window_days):
            members = {c for _d, c, _l in run}
            if len(members) >= 2:
                first, *rest = members
                for other in rest:
                    union.join(first, other)
                kept.append(run)
        if kept:
            ties[key] = kept
    pairs: list[tuple[int, int]] = []
    for a, b in households:
        if a in info and b in info and abs((info[a].day - info[b].day).days) <= window_days:
            union.join(a, b)
            pairs.append((a, b))

    groups: dict[int, set[int]] = defaultdict(set)
    for case in union.parent:
        groups[union.find(case)].add(case)
    proposals = []
    for members in groups.values():
        proposal = _proposal(members, info, ties, pairs, min_cases)
        if proposal and not any(set(proposal.cases) <= r for r in rejected):
            proposals.append(proposal)
    return sorted(proposals, key=lambda p: (-p.score, p.first_day, p.name))


def _proposal(members: set[int], info: dict[int, CaseInfo],
              ties: dict[tuple[str, str], list[list[tuple[date, int, str]]]],
              pairs: Sequence[tuple[int, int]], min_cases: int) -> Proposal | None:
    clusters = Counter(info[c].cluster_id for c in members if info[c].cluster_id is not None)
    loose = sorted(c for c in members if info[c].cluster_id is None)
    if not loose:
        return None
    if clusters:
        action, target = "extend", clusters.most_common(1)[0][0]
    elif len(members) >= min_cases:
        action, target = "new", None
    else:
        return None
    evidence: list[dict[str, Any]] = []
    score = 0.0
    for (kind, _key), runs in ties.items():
        for run in runs:
            cases = sorted({c for _d, c, _l in run if c in members})
            if len(cases) < 2:
                continue
            label = Counter(lbl for _d, c, lbl in run if c in members).most_common(1)[0][0]
            days = [d for d, c, _l in run if c in members]
            score += WEIGHTS[kind] * (len(cases) - 1)
            evidence.append({"kind": kind, "label": label, "cases": cases,
                             "from": min(days).isoformat(), "to": max(days).isoformat()})
    household_cases = sorted({c for pair in pairs for c in pair if c in members})
    if household_cases:
        inner = [p for p in pairs if p[0] in members]
        score += WEIGHTS["household"] * len(inner)
        evidence.append({"kind": "household", "label": "household contacts",
                         "cases": household_cases, "from": None, "to": None})
    evidence.sort(key=lambda e: (-WEIGHTS[e["kind"]] * len(e["cases"]), e["label"]))
    for cid in clusters:
        if cid != target:
            evidence.append({"kind": "other_cluster", "label": f"cluster {cid}",
                             "cluster_id": cid,
                             "cases": sorted(c for c in members if info[c].cluster_id == cid)})
    # Named after its most telling shared place: a workplace or a place beats a home address.
    named = sorted((e for e in evidence if e["kind"] in ("workplace", "place", "address")),
                   key=lambda e: (e["kind"] == "address", -len(e["cases"])))
    name = named[0]["label"] if named else "household group"
    wards = Counter(info[c].ward_code for c in members if info[c].ward_code is not None)
    districts = Counter(info[c].district_code for c in members
                        if info[c].district_code is not None)
    days = [info[c].day for c in members]
    return Proposal(
        action=action, cases=tuple(loose), group=tuple(sorted(members)), cluster_id=target,
        name=name, kind=cluster_kind(name, {e["kind"] for e in evidence}),
        ward_code=wards.most_common(1)[0][0] if wards else None,
        district_code=districts.most_common(1)[0][0] if districts else None,
        first_day=min(days), last_day=max(days), score=round(score, 1), evidence=evidence)
