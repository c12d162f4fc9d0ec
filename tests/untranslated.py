"""Words of a rendered page left in the other language: what a reader of that page would see
untranslated (a message of the catalog shown in English on a Vietnamese page, or the other way
round, or a reader's key such as `new_cases` shown as a label)."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from babel.messages.pofile import read_po

from episurv.web.i18n import LOCALE_DIR

_HIDDEN = re.compile(r"<(script|style|textarea|code)\b.*?</\1>", re.S | re.I)
_ATTRS = re.compile(r'\s(?:title|aria-label|placeholder)="([^"]*)"')


@cache  # read once per test process: a page walk checks a few hundred pages against it
def _catalog() -> dict[str, str]:
    with open(LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale="vi")
                if m.id and isinstance(m.id, str) and m.string and m.string != m.id}


def shown_words(html: str) -> list[str]:
    """The text a reader sees: each text node and each title, label or placeholder."""
    body = _HIDDEN.sub(" ", html)
    texts = [unescape(t).strip() for t in re.split(r"<[^>]*>", body)]
    texts += [unescape(t).strip() for t in _ATTRS.findall(body)]
    return [t for t in texts if t]


# A catalog value that is a code (F0, F1) reads the same in both languages.
_CODE = re.compile(r"[A-Z0-9]+")
# What a page says went wrong: an alert, an error paragraph, the error page's message.
_ALERT = re.compile(r'<(p|div|li|span)\b[^>]*(?:role="alert"|class="[^"]*\berror\b[^"]*")'
                    r"[^>]*>(.*?)</\1>", re.S)
_ENGLISH_SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,;:'()0-9-]+[A-Za-z]+){2,}")
# English left inside a Vietnamese sentence ("phường/xã 'X': unknown ward 'X' in ..."): a run
# of ASCII words, the values a sentence quotes set apart, holding English grammar words (a
# Vietnamese word written without marks, such as "ca" or "cho", is none of them).
_QUOTED = re.compile(r"'[^']*'")
_ASCII_RUN = re.compile(r"[A-Za-z]+(?:[ ,;:()0-9/-]+[A-Za-z]+)+")
_ENGLISH_WORDS = frozenset((
    "the", "is", "are", "was", "were", "of", "on", "by", "not", "did", "you", "your", "mean",
    "unknown", "before", "after", "has", "have", "with", "for", "this", "that", "it", "be",
    "been", "than", "more", "should", "must"))


def _english_inside(text: str) -> bool:
    return any(len(_ENGLISH_WORDS.intersection(run.lower().split())) >= 2
               for run in _ASCII_RUN.findall(_QUOTED.sub(" ", text)))


def alerts(html: str) -> list[str]:
    """The text of each alert or error message of a page."""
    return [unescape(re.sub(r"<[^>]*>", " ", m.group(2))).strip()
            for m in _ALERT.finditer(_HIDDEN.sub(" ", html))]


def untranslated(html: str, lang: str, keys: tuple[str, ...] = ()) -> list[str]:
    catalog = _catalog()
    words = shown_words(html)
    if lang == "vi":
        wrong = {t for t in words if t in catalog or t.rstrip(":") in catalog}
        # An error said in English (a service's own message, not in the catalog): a sentence of
        # three or more words with no Vietnamese letter.
        wrong |= {t for t in alerts(html) if t.isascii() and _ENGLISH_SENTENCE.search(t)
                  or _english_inside(t)}
    else:
        vietnamese = {v for v in catalog.values() if not _CODE.fullmatch(v)}
        wrong = {t for t in words if t in vietnamese}
    return sorted(wrong | {t for t in words if t in keys})
