"""The patients' numbers a bulletin gives its new cases: "THÔNG BÁO VỀ 34 CA MẮC MỚI
(BN3538-3571)", "30 ca mắc mới (BN 4691-4720)", "ghi nhận 30 ca, từ số 4691 đến 4720", "được
đánh số từ BN4691 đến BN4720".

Source: the ministry's notices of spring 2021, which number every case of the country in order
(the development set's notice of 12/5/2021 heads its 34 cases "(BN3538-3571)"), and the news
that copied them. A range is no count of its own: its figures are codes, read here so that they
are not left unread, and the count of codes it spans is checked against the count of cases it
stands beside, the one just before it in its clause.
"""

from __future__ import annotations

import re

from episurv.bulletins.lexicon import CASE
from episurv.bulletins.numbers import NUM, read_number
from episurv.bulletins.reading import Folded, Reading, has_any
from episurv.bulletins.segment import Sentence, text_low

# What says the figures after it are patients' numbers: "BN", "bệnh nhân (số)", "(từ) số", "từ
# BN". A bare "từ 4691 đến 4720" could be hours or days, and is not read.
_LEAD = r"(?:\bBN\s*|\bbệnh nhân\s+(?:số\s+)?|\btừ\s+(?:số|BN)\s*|\bsố\s+từ\s+(?:BN\s*)?)"
# Run in lower case (reading.Folded): its groups are figures.
_RANGE_RE = Folded(rf"{_LEAD}(?P<first>\d{{1,7}})\s*(?:[-–]\s*|\s+đến\s+)(?:(?:BN|số)\s*)?"
                   rf"(?P<last>\d{{1,7}})(?!\d|[.,]\d)")
# One patient's number after "BN", with a space or without ("(BN 4691)", "(BN17010)", as the
# ministry's notices of 2021 write it): a code, no count. Not checked against a count before
# it, which it may be one of ("30 ca, trong đó BN 4691 ...").
_ONE_RE = Folded(r"\bBN\s*(?P<first>\d{1,7})(?!\d|[.,]\d|\s*(?:[-–]|đến\s))")
# Words one of which every range holds (lower case).
_HINTS = ("bn", "từ số", "số từ", "bệnh nhân số")
# The count of cases a range stands beside: the last one before it in its clause ("30 ca mắc
# mới, được đánh số từ ..."), with no other figure between.
_COUNT_BEFORE_RE = re.compile(rf"(?P<n>{NUM})\s+{CASE}(?![\w])[^\d;]*$", re.IGNORECASE)


def read_patient_codes(sentences: list[Sentence], r: Reading) -> None:
    """The ranges of patients' numbers of each sentence, read before every rule (so no rule
    takes a code for a count); a sentence without a word of one (most) is passed over. Looked
    for in the whole text first: most texts have none, and one search is cheaper than a test of
    each sentence."""
    if not has_any(text_low(sentences), _HINTS):
        return
    for s in sentences:
        if has_any(s.low, _HINTS):
            _read_ranges(s, r)
            if s.pending:
                r.claim(s, "patient_codes")


def _read_ranges(s: Sentence, r: Reading) -> None:
    """Each range of patients' numbers of `s`, into `patient_codes` ({first, last, count}, the
    count being how many numbers it spans), its figures read; checked against the count of
    cases before it when it has one. One number after "BN" is a range of one, unchecked."""
    low = s.low
    ranges: list[tuple[int, int]] = []
    if "-" in low or "–" in low or "đến" in low:
        for m in _RANGE_RE.finditer(s):
            first, last = int(m.group("first")), int(m.group("last"))
            if last < first:
                continue  # not a range of numbers given in order
            ranges.append(m.span())
            _put(s, r, m, first, last)
            beside = _COUNT_BEFORE_RE.search(s.text, 0, m.start())
            if beside is not None:
                count = read_number(beside.group("n"))
                codes = last - first + 1
                r.check("patient_codes_count", count == codes, "patient_codes_count",
                        first=first, last=last, codes=codes, count=count)
    if "bn" in low:
        for one in _ONE_RE.finditer(s):
            if not any(a <= one.start() < b for a, b in ranges):
                first = int(one.group("first"))
                _put(s, r, one, first, first)


def _put(s: Sentence, r: Reading, m: re.Match[str], first: int, last: int) -> None:
    """A range's figures read, the range kept."""
    s.use(*m.span("first"))
    if "last" in m.re.groupindex:
        s.use(*m.span("last"))
    r.fields.setdefault("patient_codes", []).append(
        {"first": first, "last": last, "count": last - first + 1})
