"""What a bulletin has been read to say so far: the fields, the checks, and which figures of
which sentence were used. Shared by the readers of each kind of bulletin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from episurv.bulletins.check_details import check
from episurv.bulletins.numbers import magnitude_after, read_date, read_number
from episurv.bulletins.segment import Sentence, abbrev_before

FIELDS_ORDER = (
    "kind", "date", "jurisdiction", "new_cases", "community", "quarantine", "by_unit",
    "community_by_unit", "by_cluster", "clusters", "cumulative", "exposures",
)


@dataclass
class Reading:
    """The state of one parse. `fields` becomes the JSON; `checks` are added as rules run."""

    year: int
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # hints between sentences
    bad_dates: list[str] = field(default_factory=list)
    # What was read where: (start, end, field) in the normalised text, for review.
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    current: Sentence | None = None  # the sentence the rules are reading
    previous: Sentence | None = None  # the sentence read before it ("... 93 ca. Riêng X 30 ca")

    @property
    def jurisdiction(self) -> dict | None:
        return self.fields.get("jurisdiction")

    def put(self, key: str, value: Any, *, list_total: bool = False) -> None:
        """Set a field; a figure stated twice with two values is reported, the first kept
        (`list_total`: the second value is the total a list states)."""
        if value is None:
            return
        if self.current is not None and self.current.pending:
            self.claim(self.current, key)
        old = self.fields.get(key)
        if old is None or old == [] or old == {}:
            self.fields[key] = value
        elif old != value:
            self.check(f"restated_{key}", False,
                       "restated_list_total" if list_total else "restated",
                       field=key, first=repr(old), second=repr(value))

    def claim(self, s: Sentence, key: str) -> None:
        """The spans of `s` read since the last claim fed `key`."""
        at = s.offset
        for a, b in s.pending:
            self.spans.append((at + a, at + b, key))
        s.pending.clear()

    def read_as_item(self, s: Sentence, at: int, lists: frozenset[str]) -> bool:
        """Whether the figure at `at` of `s` was read as an item of a list that feeds one of
        `lists`: inside a claimed span of the list that starts before it, at a name (a list's
        own count, "57 ca ... tại: X (20), ...", is claimed alone)."""
        at += s.offset
        for a, b, key in reversed(self.spans):  # the sentence's own spans were claimed last
            if a < s.offset:
                return False
            if a < at < b and key in lists:
                return True
        return False

    def check(self, name: str, ok: bool, code: str, **params: Any) -> None:
        """A check only the reading can make (check_details names `code` and its values)."""
        self.checks.append(check(name, ok, code, **params))

    def date(self, day_month: str) -> str | None:
        """ISO date of a d/m in the bulletin's year; an impossible one is remembered."""
        iso = read_date(day_month, self.year)
        if iso is None and day_month not in self.bad_dates:
            self.bad_dates.append(day_month)
        return iso


def take(s: Sentence, match: re.Match[str], group: int | str = 1) -> int | float:
    """The figure in `group`, with a magnitude word after it ("89.6 triệu"); marks it read."""
    start, end = match.span(group)
    magnitude, end = magnitude_after(s.text, end)  # the end moves past a magnitude word only
    s.use(start, end)
    return read_number(match.group(group), magnitude)


def taken(s: Sentence, match: re.Match[str], group: int | str = 1) -> bool:
    """True when the figure in `group` was already read by an earlier rule."""
    return read_within(s, *match.span(group))


def read_within(s: Sentence, start: int, end: int) -> bool:
    """True when a figure inside s.text[start:end] was already read by an earlier rule."""
    used = s.used
    return bool(used) and not used.isdisjoint(s.within(start, end))


# A pattern's escapes ("\W", "\(") and the runs of text between them: lower-casing an escape
# would turn \S, \D, \W into their opposites, so only the text is lowered.
_ESCAPE_OR_TEXT_RE = re.compile(r"\\.|[^\\]+", re.DOTALL)


def _lower_text(m: re.Match[str]) -> str:
    part = m.group()
    return part if part[0] == "\\" else part.lower()


class Folded:
    """A case-insensitive pattern whose groups are figures (or words compared in lower case),
    run as a lower-case pattern without IGNORECASE over the sentence's lower-cased text: same
    matches at the same offsets (Vietnamese keeps its length in lower case), several times
    faster, since case-folding at every character is the slow part of IGNORECASE. A sentence
    that changes length in lower case is read with the original pattern."""

    def __init__(self, pattern: str) -> None:
        self.rx = re.compile(pattern, re.IGNORECASE)
        self.low = re.compile(_ESCAPE_OR_TEXT_RE.sub(_lower_text, pattern)
                              .replace("(?p<", "(?P<").replace("(?p=", "(?P="))
        self.pattern = pattern

    def _pick(self, s: Sentence) -> tuple[re.Pattern[str], str]:
        return (self.low, s.low) if s.folds else (self.rx, s.text)

    # search, match and finditer repeat _pick's test inline: they run for every sentence and
    # rule, and the extra call was a measurable part of a long bulletin's time.
    def search(self, s: Sentence, pos: int = 0) -> re.Match[str] | None:
        if s.folds:
            return self.low.search(s.low, pos)
        return self.rx.search(s.text, pos)

    def match(self, s: Sentence, pos: int = 0) -> re.Match[str] | None:
        if s.folds:
            return self.low.match(s.low, pos)
        return self.rx.match(s.text, pos)

    def finditer(self, s: Sentence, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        if endpos is None:
            endpos = len(s.text)
        if s.folds:
            return self.low.finditer(s.low, pos, endpos)
        return self.rx.finditer(s.text, pos, endpos)

    def match_str(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """A match over `text` in lower case (`low`, when the caller has it already): take a
        group that holds a name from `text` itself, by its span (`original`)."""
        low = text.lower() if low is None else low
        return self.low.match(low) if len(low) == len(text) else self.rx.match(text)


def original(m: re.Match[str], text: str, group: str) -> str | None:
    """Group `group` of a match made on `text` in lower case, as `text` writes it."""
    start, end = m.span(group)
    return text[start:end] if start >= 0 else None


def all_counts_read(s: Sentence) -> bool:
    """Whether every count of `s`, figure or number word, has been read already. A rule whose
    patterns read a count (NUM) followed by a space, and only when `taken` says it is unread,
    then has nothing left to read: such a match's count is a whole figure of `s` (DIGITS starts
    where a figure does, and a shorter match is followed by the rest of the figure, not by a
    space), so it is taken; and no number word is left to match. Found without the patterns."""
    if len(s.used) != len(s.numbers):
        return False
    words = s.no_number_words
    if words is None:
        starts = s.num_starts()  # figures and number words; None: read the slow way
        words = s.no_number_words = starts is not None and len(starts) == len(s.numbers)
    return words


def finditer_num(rx: re.Pattern[str] | Folded, s: Sentence,
                 needs: tuple[str, ...] = ()) -> Iterator[re.Match[str]]:
    """The matches of `rx.finditer(s.text)` for a pattern that starts with a count (NUM), found
    by trying only the places a count can start: the same matches, without running the pattern
    at every character (the slow part of reading a long bulletin).

    `needs`, for a `Folded` pattern: words (lower case) one of which every match holds. No match
    starts after the last of them in the sentence, so the counts after it are not tried."""
    assert not needs or isinstance(rx, Folded)
    scan = _num_scan(rx, s, needs)
    if scan is None:
        return  # no needed word, no match: the count starts are not even looked for
    rx, text, starts, last = scan
    if starts is None:
        yield from rx.finditer(text)
        return
    yield from finditer_at(rx, text, starts, last)


def _num_scan(rx: re.Pattern[str] | Folded, s: Sentence, needs: tuple[str, ...]
              ) -> tuple[re.Pattern[str], str, list[int] | None, int] | None:
    """What `finditer_num` and `search_num` try: the pattern and the text it runs on (`s.low`
    for a lower-case one), the places a count starts (None: run it everywhere), and the last
    place a match may start (before the last of `needs`); None when no needed word occurs."""
    last = len(s.text)
    if needs and s.folds:  # the lower-case pattern runs on `s.low`
        last = max(map(s.low.rfind, needs))
        if last < 0:
            return None
    if isinstance(rx, Folded):
        rx, text = rx._pick(s)
    else:
        text = s.text
    return rx, text, s.num_starts(), last


def finditer_at(rx: re.Pattern[str], text: str, starts: list[int],
                last: int | None = None) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` when every match of `rx` starts at one of `starts` (ascending),
    none after `last`: the pattern is tried there only."""
    if last is None:
        last = len(text)
    end = 0
    for p in starts:
        if p > last:
            return
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            yield m
            end = max(m.end(), p + 1)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of `words` occurs in `text`: a plain loop, faster than any() over a generator
    in the keyword tests every sentence goes through."""
    for word in words:  # noqa: SIM110 (any() over a generator is the slower form)
        if word in text:
            return True
    return False


def clause_end(text: str, start: int, stops: tuple[str, ...] = (". ", "; ")) -> int:
    """Where the clause that goes on at `start` ends: at the first of `stops` from there, else
    at the text's end (a list read to its end stops there). The "." of an abbreviation stops
    nothing."""
    end = len(text)
    for stop in stops:
        i = text.find(stop, start)
        while stop == ". " and 0 <= i < end and abbrev_before(text, i):
            i = text.find(stop, i + 1)  # "TP. Hồ Chí Minh" goes on
        if 0 <= i < end:
            end = i
    return end


def search_num(rx: re.Pattern[str] | Folded, s: Sentence,
               needs: tuple[str, ...] = ()) -> re.Match[str] | None:
    """`rx.search(s.text)` for a pattern that starts with a count: the first match of
    `finditer_num`, found by the same steps (`_num_scan`) in one loop (no generators to build
    and resume: a search runs for most sentences of a report, and mostly finds nothing)."""
    scan = _num_scan(rx, s, needs)
    if scan is None:
        return None
    rx, text, starts, last = scan
    if starts is None:
        return rx.search(text)
    match = rx.match
    for p in starts:
        if p > last:
            return None
        m = match(text, p)
        if m is not None:
            return m
    return None
