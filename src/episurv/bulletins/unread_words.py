"""Counts written in words that no rule read: "Hải Dương có thêm hai ca mắc mới" read by no
rule is a figure of the text lost, as an unread "2 ca" is, and the reading is flagged so.

A number word is not a figure of `Sentence.numbers` (its spans record what the rules read), so
it is told here by what the rules claimed: a count in words before a case noun ("hai ca",
"mười hai trường hợp", "một F0") that no claimed span covers. A number word without a case
noun is left alone: it is too often a word of a name or of the prose ("Hai Bà Trưng", "một
số").
"""

from __future__ import annotations

import re

from episurv.bulletins.numbers import NUMBER_WORD
from episurv.bulletins.segment import Sentence

# In lower case, tried where a number word starts (`Sentence.num_starts`).
_WORD_COUNT_RE = re.compile(rf"({NUMBER_WORD})\s+(?:ca|trường hợp|f0|bệnh nhân)(?!\w)")


def unread_word_counts(sentences: list[Sentence],
                       spans: list[tuple[int, int, str]]) -> dict[int, list[str]]:
    """By sentence index, the counts in words of `sentences` that no span read (as written)."""
    out: dict[int, list[str]] = {}
    for i, s in enumerate(sentences):
        starts = s.num_starts()  # figures and number words; None: offsets of `low` are not
        # the text's
        if starts is None or len(starts) == len(s.numbers):
            continue  # no number word: the common case
        figures = {a for a, _b in s.numbers}
        for p in starts:
            if p in figures or (m := _WORD_COUNT_RE.match(s.low, p)) is None:
                continue
            at = s.offset + p
            if not any(a <= at < b for a, b, _field in spans):
                out.setdefault(i, []).append(s.text[p:m.end(1)])
    return out
