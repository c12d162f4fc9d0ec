"""Approximate counts: "gần 8.500 ca" (nearly), "hơn 2.000 trường hợp" (over), "khoảng 300 F0".

Source: the news rewrites of the ministry's reports (e.g. of 14/9/2021: "riêng TP HCM và Bình
Dương đã gần 8.500 ca"). An approximate figure is no count: it feeds no field and no check (a
total, a list or a sum built on it would be off by an amount nobody stated), and it is not an
unread figure either, so it does not alone make a reading need review. It is listed in
`approximate` as written, with its word and its value, for a reader to see.

Run before every other rule, so no rule takes the figure for an exact count ("ghi nhận hơn 300 ca
mắc mới" states no day's count). Only a count of cases is set apart: doses rounded so ("hơn 120
triệu liều") are the national report's own figures, read as stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from episurv.bulletins.lexicon import CASE
from episurv.bulletins.numbers import NUM
from episurv.bulletins.reading import Folded, Reading, has_any, take, taken
from episurv.bulletins.segment import Sentence

_ABOUT_WORDS = ("gần", "hơn", "khoảng", "trên", "xấp xỉ", "chừng", "ước tính")
# The word, the figure (a magnitude word may follow it: "khoảng 1,2 triệu ca"), and a case noun.
_ABOUT_RE = Folded(rf"(?P<about>{'|'.join(_ABOUT_WORDS)})\s+(?P<n>{NUM})"
                   rf"(?:\s+(?:nghìn|ngàn|triệu))?\s+{CASE}(?!\w)")


def read_approximate(s: Sentence, r: Reading) -> None:
    """Each unread figure of `s` given as approximate, into `approximate`."""
    if not has_any(s.low, _ABOUT_WORDS):
        return
    for m in _matches(s):
        if taken(s, m, "n"):
            continue
        value = take(s, m, "n")
        r.fields.setdefault("approximate", []).append(
            {"about": m.group("about").lower(), "count": value,
             "written": s.text[m.start():m.end()]})


def _matches(s: Sentence) -> Iterator[re.Match[str]]:
    """_ABOUT_RE's matches, tried only where a word of it starts a word and a figure follows:
    its words' letters open most words of a sentence, so a scan tried at each of them was a
    tenth of a reading's time."""
    if not s.folds:
        yield from _ABOUT_RE.finditer(s)
        return
    low = s.low
    starts = []
    for word in _ABOUT_WORDS:
        at = low.find(word)
        while at != -1:
            after = at + len(word) + 1
            if low[after:after + 1].isdigit() and (at == 0 or not low[at - 1].isalnum()):
                starts.append(at)
            at = low.find(word, at + 1)
    for at in sorted(starts):
        if (m := _ABOUT_RE.match(s, at)) is not None:
            yield m
