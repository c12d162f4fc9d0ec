"""How people write Vietnamese place names, reduced to comparable keys.

The one name normaliser of the project: the importer, the parser of bulletins and the API all
match places through `name_keys`.
"""

from __future__ import annotations

import re

from episurv.core.folding import fold

# Administrative prefixes as people write them, longest first so "thi xa" wins over "xa".
_PREFIXES = (
    "thanh pho truc thuoc trung uong", "thanh pho", "thi tran", "thi xa", "tinh", "quan",
    "huyen", "phuong", "xa", "tp", "tx", "tt", "q", "h", "p", "x", "t",
)


def _written(prefix: str) -> str:
    """A prefix as a pattern; a two-letter abbreviation may have a dot between its letters
    ("T.P Hồ Chí Minh", "T.X Sơn Tây", as the press writes them)."""
    if len(prefix) == 2:
        return re.escape(prefix[0]) + r"\.?" + re.escape(prefix[1])
    return re.escape(prefix)


_PREFIX_RE = re.compile(r"^(?:" + "|".join(map(_written, _PREFIXES)) + r")(?:\s+|\.\s*)")
# "Q1", "P.12", "Quận 01": numbered urban units; "District 1", "Ward 12" in English, as lists
# shared with partners (HCDC's) and the city's English pages write them; "F12", "F.12", as Ho
# Chi Minh City writes its numbered wards (phường).
_NUMBERED_RE = re.compile(r"^(?:quan|phuong|q|p|f|district|dist|ward)\.?\s*0*(\d+)$")
# A unit's type written after its name in English ("Binh Thanh District", "Ben Nghe Ward",
# "Ho Chi Minh City"): no Vietnamese name folds to end in one of these words.
_ENGLISH_TYPE_RE = re.compile(r"\s+(?:district|ward|commune|town|city|province)$")
_NON_WORD_RE = re.compile(r"[^\w]", re.UNICODE)


# A form's column number written into its header: "1. Mã BN", "(2) Họ tên", "3) Tuổi",
# "Giới (4)" (official forms number their columns so that instructions can name them).
_HEADER_NUMBER_RE = re.compile(r"^\(?\d{1,3}\s*[.)]\s*(?=\D)|^\(\d{1,3}\)|\(\d{1,3}\)$")


def header_key(header: str) -> str:
    """A column header as the importers' alias tables key it: folded, without a column number
    around it, with "/", "-", ".", "_", "," and runs of spaces as one space, so that
    "Quận/Huyện", "Quận - Huyện", "7. Quận/Huyện", "Quận, huyện" and "quan_huyen" are one key
    ("quan huyen")."""
    folded = _HEADER_NUMBER_RE.sub("", fold(header).strip()).strip()
    return " ".join(re.sub(r"[/\-._,]", " ", folded).split())


def _squash(folded: str) -> str:
    # Spaces and punctuation go because sources disagree on them (the census writes "HàNội").
    key = _NON_WORD_RE.sub("", folded)
    return str(int(key)) if key.isdigit() else key


def name_keys(text: str) -> tuple[str, ...]:
    """Keys to try, best first: the name as written, then without its administrative prefix.

    Both are needed: "Quán Thánh" is a ward whose name starts like the prefix "quận".
    """
    folded = fold(text)
    numbered = _NUMBERED_RE.match(folded)
    if numbered:
        return (numbered.group(1),)
    whole = _squash(folded)
    stripped = _squash(_PREFIX_RE.sub("", _ENGLISH_TYPE_RE.sub("", folded), count=1))
    if stripped and stripped != whole:
        return (whole, stripped)
    return (whole,)


_PREFIX_TYPES = {
    "thanh pho": "thành phố", "tp": "thành phố", "thi tran": "thị trấn", "tt": "thị trấn",
    "thi xa": "thị xã", "tx": "thị xã", "tinh": "tỉnh", "quan": "quận", "q": "quận",
    "huyen": "huyện", "h": "huyện", "phuong": "phường", "p": "phường", "xa": "xã", "x": "xã",
    "t": "tỉnh",
}


def prefix_type(text: str) -> str | None:
    """The division type a written prefix names ("TX" -> "thị xã"), to tell apart units that
    share a name, like Huyện Kỳ Anh and Thị xã Kỳ Anh."""
    match = _PREFIX_RE.match(fold(text))
    if not match:
        return None
    return _PREFIX_TYPES.get(match.group(0).strip(" .").replace(".", ""))


def plain_key(text: str) -> str:
    """The name as written, folded and squashed: the key of names that are not units
    (clusters), where a leading word like "Chợ" is part of the name."""
    return _squash(fold(text))


def name_key(text: str) -> str:
    """The key of a name with its prefix dropped (the form units are indexed under)."""
    return name_keys(text)[-1]
