"""Translations of the web pages: gettext catalogs (Babel .po files) read at start-up.

Messages are written in English in the code and templates; Vietnamese, the default, comes from
locale/vi/LC_MESSAGES/messages.po. English needs no catalog.
"""

from __future__ import annotations

from gettext import NullTranslations
from pathlib import Path

from episurv.core.i18n import N_, catalog

__all__ = ["DEFAULT_LANG", "LANGS", "N_", "gettext_for", "translations"]

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"


def translations(lang: str) -> NullTranslations:
    return catalog(LOCALE_DIR, lang)


def gettext_for(lang: str):
    return translations(lang if lang in LANGS else DEFAULT_LANG).gettext
