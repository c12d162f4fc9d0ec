"""Vietnamese text reduced to comparable words: what every reader of words people typed (place
names, headers, the cells of a form) compares, whatever the marks, case and spaces they wrote."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form: NFC or NFD in, diacritics and đ folded, characters nobody sees
    left out (`without_unseen`), spaces collapsed."""
    text = unicodedata.normalize("NFD", text.replace("\u00a0", " "))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Cf"))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(text.split())


def without_unseen(text: str) -> str:
    """The text without the characters that format it unseen (Unicode's category Cf: zero-width
    spaces and joiners, the word joiner, a byte-order mark inside a text, the soft hyphen), as
    a text pasted from a chat or a web page, or two exports joined into one file, carries them."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
