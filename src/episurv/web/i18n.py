"""Translations of the web pages: gettext catalogs (Babel .po files) read at start-up.

Messages are written in English in the code and templates; Vietnamese, the default, comes from
locale/vi/LC_MESSAGES/messages.po. English needs no catalog; any other language is a catalog
placed beside it (the languages offered are the catalogs found).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from gettext import NullTranslations
from pathlib import Path

from episurv.core.i18n import N_, catalog, languages

__all__ = ["DEFAULT_LANG", "LANGS", "LANG_PATTERN", "N_", "gettext_for", "said", "translations"]

DEFAULT_LANG = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = languages(LOCALE_DIR)
# What an API's `lang` parameter accepts: the languages found, as a pattern for its OpenAPI.
LANG_PATTERN = f"^({'|'.join(LANGS)})$"


def translations(lang: str) -> NullTranslations:
    return catalog(LOCALE_DIR, lang)


def gettext_for(lang: str):
    return translations(lang if lang in LANGS else DEFAULT_LANG).gettext


# Values of an error that are the system's own words (recovered, closed, call, a rule's
# name): translated.
KEYWORD_PARAMS = frozenset({"outcome", "status", "kind", "policy"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def said(exc: Exception, lang: str,
         shown: Callable[[str, object], str | None] | None = None) -> str:
    """A user's error as a page says it: an error with a code (episurv.errors.EpisurvError) in
    the page's language, its values written that way (`shown(name, value)` may write one of
    them, else numbers are grouped and lists joined, days and moments written as the page's
    `when` writes them, and an error a value holds said the same way); any other in its own
    words."""
    template = getattr(exc, "template", None)
    if not template:
        return str(exc)
    from episurv import textfmt
    from episurv.errors import joiner
    from episurv.web.formatting import written_when


    _ = gettext_for(lang)

    def value(name: str, v: object) -> str:
        if shown is not None and (written := shown(name, v)) is not None:
            return written
        if isinstance(v, list | tuple):
            return joiner(v).join(value(name, x) for x in v)
        if getattr(v, "template", None):  # the reason an outer error gives: said in turn
            return said(v, lang, shown)
        if isinstance(v, int) and not isinstance(v, bool):
            return textfmt.number(v, lang)
        if isinstance(v, str) and _ISO_DAY.fullmatch(v):
            return textfmt.full_date(date.fromisoformat(v), lang)
        if isinstance(v, str) and _ISO_MOMENT.fullmatch(v):
            return written_when(v, lang)

        if name in KEYWORD_PARAMS and isinstance(v, str):
            return _(v)  # an outcome, a status or a kind: a word of the catalog
        return str(v)

    return _(template) % {k: value(k, v) for k, v in exc.params.items()}
