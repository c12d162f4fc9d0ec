"""How Vietnamese bulletins write numbers, dates and hours, read into values.

Source: the conventions of the published bulletins (the domain README §2):
"." groups thousands ("4.998"), "," is the decimal mark ("2,4%"), but "89.6 triệu" also appears
with "." as the decimal mark before a magnitude word; small counts are often words ("một",
"hai"); dates are d/m without a year, often after a part of day ("tối 14/11"); hours are "7h20".
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

# Number words a bulletin uses for counts. "tư" is the form of four after "mười"/"mươi" and in
# lists; "bẩy" is a common spelling of "bảy".
_UNITS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7,
    "bẩy": 7, "tám": 8, "chín": 9,
}
_WORD_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
# The tens' first words, two to nine ("ba mươi"), and the units after "mươi": "mốt" is one there.
_TENS_ALT = "|".join(sorted((w for w, v in _UNITS.items() if v > 1 and w not in ("tư", "lăm")),
                            key=len, reverse=True))
# "mười", "mười hai", "mười lăm", "ba mươi", "hai mươi mốt", "bốn mươi lăm" (news rewrites of
# the ministry's notices write small counts so); longer forms first so the regex takes the
# whole phrase.
_BELOW_HUNDRED = (rf"(?:{_TENS_ALT})\s+mươi(?:\s+(?:mốt|{_WORD_ALT}))?"
                  rf"|mười(?:\s+(?:{_WORD_ALT}))?")
# Hundreds: "một trăm", "hai trăm năm mươi", "một trăm lẻ năm" ("lẻ"/"linh": and no tens), as a
# rewrite of a notice may write a count in full.
NUMBER_WORD = (rf"(?:(?:{_WORD_ALT})\s+trăm(?:\s+(?:(?:lẻ|linh)\s+(?:{_WORD_ALT})"
               rf"|{_BELOW_HUNDRED}))?"
               rf"|{_BELOW_HUNDRED}|{_WORD_ALT})")
NUMBER_WORD_RE = re.compile(rf"^{NUMBER_WORD}$", re.IGNORECASE)

# A written figure: thousands groups with "." ("22.960.218"), or digits with one decimal part
# ("2,4", "89.6"). Never preceded by a letter or "-" (so "F0", "Covid-19" are not figures).
DIGITS = (r"(?<![\w\-/.,])(?:\d{1,3}(?:\.\d{3})+(?![\d]|,\d)|\d+(?:,\d+)?(?![\d.]\d)|\d+\.\d{1,2}"
          r"(?=\s*(?:triệu|tỷ|nghìn|ngàn)))")
# Any count: a figure or a number word (the caller decides where a word can be a count).
# The leading class lets the regex engine skip, at one character's cost, every position where
# neither a digit nor a number word can start: the sentence rules search for a count at every
# position of a text, and most positions start neither.
NUM = rf"(?<!\w)(?=[\dmhbtnsclMHBTNSCL])(?>{DIGITS}|(?i:{NUMBER_WORD})(?![\w]))"

MAGNITUDES = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
_MAGNITUDE_RE = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ)\b")

PARTS_OF_DAY = ("sáng", "trưa", "chiều", "tối", "đêm", "rạng sáng")
_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "22.960.218"
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
_HOUR_RE = re.compile(r"^(\d{1,2})\s*(?:h|giờ|g|:)\s*(\d{2})?(?:\s*phút)?$", re.IGNORECASE)


def read_number(token: str, magnitude: str | None = None) -> int | float:
    """The value of a written figure or number word.

    "4.998" -> 4998, "2,4" -> 2.4, "89.6" with magnitude "triệu" -> 89_600_000, "hai" -> 2.
    """
    if magnitude is None and token.isdecimal():
        return int(token)  # most figures: plain digits; what the steps below come to for them
    token = token.strip()
    word = token.lower()
    if not word[:1].isdigit() and NUMBER_WORD_RE.match(word):
        parts = word.split()
        if len(parts) > 1 and parts[1] == "trăm":  # "hai trăm năm mươi", "một trăm lẻ năm"
            rest = parts[2:]
            if rest[:1] in (["lẻ"], ["linh"]):
                rest = rest[1:]
            return 100 * _UNITS[parts[0]] + (read_number(" ".join(rest)) if rest else 0)
        if parts[0] == "mười":
            return 10 + (_UNITS[parts[1]] if len(parts) > 1 else 0)
        if len(parts) > 1:  # "ba mươi", "hai mươi mốt"
            return 10 * _UNITS[parts[0]] + (
                0 if len(parts) == 2 else 1 if parts[2] == "mốt" else _UNITS[parts[2]])
        return _UNITS[word]
    if magnitude is None and "." in token and _GROUPED_RE.fullmatch(token):
        value: int | float = int(token.replace(".", ""))
    elif "," in token:
        value = float(token.replace(".", "").replace(",", "."))
    elif "." in token:
        # Only reached before a magnitude word: "89.6 triệu".
        value = float(token)
    else:
        value = int(token)
    if magnitude:
        value = value * MAGNITUDES[magnitude.lower()]
        value = round(value) if abs(value - round(value)) < 1e-6 else value
    return value


def magnitude_after(text: str, end: int) -> tuple[str | None, int]:
    """The magnitude word ("triệu") right after position `end`, and where it ends."""
    if text[end:end + 8].lstrip()[:1] not in ("n", "t"):  # every magnitude word starts so
        return None, end
    match = _MAGNITUDE_RE.match(text, end)
    if match:
        return match.group(1), match.end()
    return None, end


@lru_cache(maxsize=4096)  # a bulletin names the same few days again and again
def read_date(day_month: str, year: int) -> str | None:
    """ISO date of "7/11" in `year`, or None when the day does not exist ("31/11")."""
    match = _DATE_RE.match(day_month.strip())
    if not match:
        return None
    d, m = int(match.group(1)), int(match.group(2))
    y = int(match.group(3)) if match.group(3) else year
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def read_hour(text: str) -> str | None:
    """"7h20" -> "07:20", "9h" -> "09:00"; None for an impossible hour."""
    match = _HOUR_RE.match(text.strip())
    if not match:
        return None
    h, m = int(match.group(1)), int(match.group(2) or 0)
    if h > 23 or m > 59:
        return None
    return f"{h:02d}:{m:02d}"


DATE = r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])"
# "18h", "18 giờ", and "18g" as some notices and news wrote it ("Từ 18g ngày 5/6 đến 6g ngày
# 6/6").
HOUR = r"(?<![\w])\d{1,2}\s?(?:h|giờ|g)(?:\s?\d{2}(?!\d))?(?:\s?phút)?(?!\w)"
PART_OF_DAY = r"(?:rạng sáng|sáng|trưa|chiều|tối|đêm)"
