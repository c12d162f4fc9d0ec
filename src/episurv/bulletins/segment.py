"""Normalising bulletin text and cutting it into sentences whose figures can be accounted for.

Source: the published bulletins (docs: /work/shared/domain/README.md §2). They arrive NFD or NFC,
with non-breaking spaces, with sentences glued together ("...24 giờ qua.Cụ thể, ...",
"...khi được điều độngTP Hà Nội ...") and with typos the press left in ("mỗi mơi", "Đưởng").
A figure is never cut: "4.998" and "89.6 triệu" keep their ".".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Typos seen in bulletins, corrected before reading (wrong -> right). Kept short and literal:
# a correction here changes what every later rule sees.
TYPOS = {
    "mỗi mơi": "mỗi nơi",
    "mồi nơi": "mỗi nơi",
    "mỗi nới": "mỗi nơi",
    "Đưởng": "Đường",
    "đưởng": "đường",
    "Đưòng": "Đường",
}
_TYPO_RE = re.compile("|".join(re.escape(k) for k in sorted(TYPOS, key=len, reverse=True)))
_SPACES_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")
# Latin letters Vietnamese uses, split by case (the Unicode blocks interleave the cases, so a
# range like "à-ỹ" would hold capitals too).
_LETTERS = [chr(c) for r in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00))
            for c in range(*r) if chr(c).isalpha()]
_UPPER = re.escape("".join(c for c in _LETTERS if c.isupper()))
_LOWER = re.escape("".join(c for c in _LETTERS if c.islower()))
UPPER = f"[{_UPPER}]"  # one upper-case letter, for other modules' patterns
NAME = rf"{UPPER}[^\s,.:;()]*(?:\s+{UPPER}[^\s,.:;()]*)"  # a capitalised name, append {0,n}
# Abbreviations whose "." does not end a sentence ("TP. Hồ Chí Minh", "Q. 7", "P. Cống Vị").
_ABBREV = {"TP", "Tp", "tp", "Q", "P", "TX", "TT", "H", "X", "BS", "ThS", "TS", "PGS", "GS", "St"}
# A sentence ends at ".", "!", "?", ";"-free ellipsis, or a newline; the next one starts with an
# upper-case letter, a digit, "-" or a quote. "4.998" (digit.digit) never matches.
_BOUNDARY_RE = re.compile(
    rf"(?:(?<=[{_LOWER}{_UPPER}\)%\"”’])(?:\.{{1,3}}|…|[!?])|(?<=\d)(?:\.{{2,3}}|…|[!?]|\.(?=\s*[{_UPPER}])))"
    rf"\s*(?=[{_UPPER}\d\-–•\"“(])"
    rf"|\n+\s*"
    # Glued without any stop: a lower-case word running into an upper-case one ("độngTP").
    rf"|(?<=[{_LOWER}]{{2}})(?=[{_UPPER}][{_UPPER}{_LOWER}])"
)
# Digit tokens that are figures to account for. "F0", "Covid-19", "SARS-CoV-2" are names.
NUMBER_TOKEN_RE = re.compile(r"(?<![\w\-])\d+(?:[.,]\d+)*")


def normalise(text: str) -> str:
    """NFC, one kind of space, typos corrected. Sentence cutting and reading start from this."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES_RE.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TYPO_RE.sub(lambda m: TYPOS[m.group(0)], text)


@dataclass
class Sentence:
    """One sentence and which of its figures a rule has read."""

    text: str
    index: int
    numbers: list[tuple[int, int]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def use(self, start: int, end: int) -> None:
        """Mark every figure inside text[start:end] as read."""
        for i, (a, b) in enumerate(self.numbers):
            if a >= start and b <= end:
                self.used.add(i)

    def use_match(self, match: re.Match[str], *groups: int | str) -> None:
        if not groups:
            self.use(*match.span())
        for g in groups:
            if match.start(g) >= 0:
                self.use(*match.span(g))

    @property
    def unread(self) -> list[str]:
        return [self.text[a:b] for i, (a, b) in enumerate(self.numbers) if i not in self.used]


def _abbrev_before(text: str, pos: int) -> bool:
    start = pos
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:pos] in _ABBREV and (start == 0 or not text[start - 1].isalnum())


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of normalised text, each with the spans of the figures it contains."""
    pieces: list[str] = []
    last = 0
    for match in _BOUNDARY_RE.finditer(text):
        if match.group(0).startswith(".") and _abbrev_before(text, match.start()):
            continue
        end = match.start() + (1 if text[match.start():match.start() + 1] in ".!?…" else 0)
        pieces.append(text[last:end])
        last = match.end()
    pieces.append(text[last:])
    sentences = []
    for piece in pieces:
        piece = piece.strip(" \n-–•")
        if not piece:
            continue
        s = Sentence(piece, len(sentences))
        s.numbers = [m.span() for m in NUMBER_TOKEN_RE.finditer(piece)]
        sentences.append(s)
    return sentences
