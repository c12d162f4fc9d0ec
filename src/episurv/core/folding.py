"""Vietnamese text reduced to comparable words: what every reader of words people typed (place
names, headers, the cells of a form) compares, whatever the marks, case and spaces they wrote."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form: NFC or NFD in, diacritics and đ folded, characters nobody sees
    left out (`without_unseen`), spaces collapsed."""
    text = unicodedata.normalize("NFD", _UNSEEN.sub("", text.replace("\u00a0", " ")))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(text.split())


def without_unseen(text: str) -> str:
    """The text without the characters that format it unseen (`_UNSEEN`), as a text pasted
    from a chat or a web page, or two exports joined into one file, carries them."""
    return _UNSEEN.sub("", text)


# The format characters (Unicode's category Cf) of the scripts a text here is written in,
# Latin and the punctuation around it: the soft hyphen, the zero-width space, joiners and marks
# of direction, the word joiner and invisible operators, the byte-order mark. One pattern,
# which passes over a text without them at the speed of a search (a test of each character's
# category made folding a sixth slower).
_UNSEEN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
