"""Vietnamese text reduced to comparable words: what every reader of words people typed (place
names, headers, the cells of a form) compares, whatever the marks, case and spaces they wrote."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form: NFC or NFD in, diacritics and đ folded, spaces collapsed."""
    text = unicodedata.normalize("NFD", text.replace("\u00a0", " "))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(text.split())
