"""Translations of the web pages: gettext catalogs (Babel .po files) read at start-up.

Messages are written in English in the code and templates; Vietnamese, the default, comes from
locale/vi/LC_MESSAGES/messages.po. English needs no catalog.
"""

from __future__ import annotations

from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def translations(lang: str) -> NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    # Compile in memory: no build step, and the .po stays the one source.
    import io

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext_for(lang: str):
    return translations(lang if lang in LANGS else DEFAULT_LANG).gettext


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; the template translates it."""
    return message
