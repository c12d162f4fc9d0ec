"""Transmission chains: who was exposed to whom, checked as a graph.

Pure: edges in, answers out. A node is a person known to the system, named "case:<id>" or
"contact:<id>" (a contact who became a case is the case node). An edge source -> target says the
target was exposed to the source. The rules:

- a person cannot be their own source (self-link);
- a chain has no cycle: A exposed B exposed ... exposed A is impossible in time, so a link that
  would close one is refused, naming the path it would close;
- an exposure outside the source's infectious period is flagged, not refused (dates in line
  lists are often approximate): from 2 days before symptom onset, or before the positive sample
  without symptoms, until a negative test or the end of the infection (11042/BYT-DP, 29/12/2021).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from episurv.errors import InvalidInput

# 11042/BYT-DP: infectious from 2 days before onset (or the positive sample).
DAYS_BEFORE_ONSET = 2


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None  # None: not yet over

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "policy": "11042/BYT-DP"}


def infectious_period(onset: date | None, sample: date | None, report: date | None,
                      end: date | None) -> Period:
    """The tracing period of a case: from 2 days before onset, else before the positive sample,
    else before the report date; to `end` (negative test, recovery or death) if known."""
    first = onset or sample or report
    return Period(first - timedelta(days=DAYS_BEFORE_ONSET) if first else None, end)


def exposure_flag(exposure: date | None, period: Period) -> str | None:
    """Why an exposure date does not fit the source's infectious period, or None if it fits (or
    cannot be checked)."""
    if exposure is None or period.start is None:
        return None
    if exposure < period.start:
        return (f"exposure {exposure.isoformat()} is before the source's infectious period "
                f"(from {period.start.isoformat()})")
    if period.end is not None and exposure > period.end:
        return (f"exposure {exposure.isoformat()} is after the source's infectious period "
                f"(to {period.end.isoformat()})")
    return None


def _adjacency(edges: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        out[source].append(target)
    return out


def path(edges: Iterable[tuple[str, str]], start: str, goal: str) -> list[str] | None:
    """A path start -> ... -> goal along the edges (breadth first, so the shortest), or None."""
    forward = _adjacency(edges)
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            found = [node]
            while previous[found[-1]] is not None:
                found.append(previous[found[-1]])  # type: ignore[arg-type]
            return found[::-1]
        for nxt in forward.get(node, ()):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def check_link(edges: Iterable[tuple[str, str]], source: str, target: str) -> None:
    """Refuse a link source -> target that is a self-link or would close a cycle."""
    if source == target:
        raise InvalidInput(f"{source} cannot be exposed to themself (self-link)")
    back = path(edges, target, source)
    if back is not None:
        raise InvalidInput("the link would close a cycle in the transmission chain: "
                           + " -> ".join([source, *back]))


def component(edges: Iterable[tuple[str, str]], root: str,
              max_nodes: int = 2000) -> tuple[set[str], bool]:
    """The nodes linked to `root` in either direction (its whole chain), at most `max_nodes`;
    and whether the chain was cut at that size."""
    edges = list(edges)
    forward, backward = _adjacency(edges), _adjacency((t, s) for s, t in edges)
    seen = {root}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for nxt in (*forward.get(node, ()), *backward.get(node, ())):
            if nxt not in seen:
                if len(seen) >= max_nodes:
                    return seen, True
                seen.add(nxt)
                queue.append(nxt)
    return seen, False


def generations(edges: Iterable[tuple[str, str]], nodes: set[str]) -> dict[str, int]:
    """Generation of each node in its chain: 0 for nodes with no known source inside `nodes`,
    else one more than their source's (longest path, the chain being acyclic)."""
    inner = [(s, t) for s, t in edges if s in nodes and t in nodes]
    incoming: dict[str, int] = {n: 0 for n in nodes}
    for _s, t in inner:
        incoming[t] += 1
    forward = _adjacency(inner)
    level = {n: 0 for n in nodes}
    queue = deque(n for n in nodes if incoming[n] == 0)
    while queue:
        node = queue.popleft()
        for nxt in forward.get(node, ()):
            level[nxt] = max(level[nxt], level[node] + 1)
            incoming[nxt] -= 1
            if incoming[nxt] == 0:
                queue.append(nxt)
    return level
