"""Translations: gettext catalogs (Babel .po files) compiled in memory when first used, so the
.po stays the one source and there is no build step.

Messages are written in English in the code, with named placeholders (``%(n)s``) and, where a
count decides the wording, ``ngettext`` plural forms; each other language is a catalog
``<directory>/<lang>/LC_MESSAGES/<domain>.po`` whose ``Plural-Forms`` header gives its plural
rule (Vietnamese has one form). English needs no catalog.
"""

from __future__ import annotations

import io
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SOURCE_LANG = "en"


@cache
def catalog(directory: Path, lang: str, domain: str = "messages") -> NullTranslations:
    """The translations of `domain` into `lang` found under `directory` (none: the English
    source messages)."""
    po = directory / lang / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return NullTranslations()
    with open(po, "rb") as fh:
        parsed = read_po(fh, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, parsed)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def languages(directory: Path, domain: str = "messages") -> tuple[str, ...]:
    """The languages with a catalog of `domain` under `directory`, and English."""
    found = sorted(p.parents[1].name for p in directory.glob(f"*/LC_MESSAGES/{domain}.po"))
    return tuple(found) + ((SOURCE_LANG,) if SOURCE_LANG not in found else ())


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; the caller translates it."""
    return message
