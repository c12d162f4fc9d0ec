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

# In lower case; the leading class skips every position where no number word starts.
_WORD_COUNT_RE = re.compile(rf"(?<!\w)(?=[mhbtnsc])({NUMBER_WORD})\s+"
                            r"(?:ca|trường hợp|f0|bệnh nhân)(?!\w)")


def unread_word_counts(text: str, sentences: list[Sentence],
                       spans: list[tuple[int, int, str]]) -> dict[int, list[str]]:
    """By sentence index, the counts in words of the sentences of `text` that no span read (as
    written)."""
    if not _WORD_COUNT_RE.search(text.lower()):
        return {}  # the common case: no count in words at all
    out: dict[int, list[str]] = {}
    for i, s in enumerate(sentences):
        if not s.folds:
            continue  # offsets of `low` are not the text's
        for m in _WORD_COUNT_RE.finditer(s.low):
            at = s.offset + m.start(1)
            if not any(a <= at < b for a, b, _field in spans):
                out.setdefault(i, []).append(s.text[m.start(1):m.end(1)])
    return out
