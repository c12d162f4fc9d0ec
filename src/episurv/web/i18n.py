"""Translations of the web pages: gettext catalogs (Babel .po files) read at start-up.

Messages are written in English in the code and templates; Vietnamese, the default, comes from
src/episurv/locale/vi/LC_MESSAGES/messages.po. English needs no catalog; any other language is
a catalog placed beside it (the languages offered are the catalogs found). The catalog's reader
and `said` live in episurv.messages, below the web, so a service can say an error in a language
too.
"""

from __future__ import annotations

from episurv.core.i18n import N_
from episurv.messages import DEFAULT_LANG, LANGS, LOCALE_DIR, gettext_for, said, translations

__all__ = ["DEFAULT_LANG", "LANGS", "LANG_PATTERN", "LOCALE_DIR", "N_", "gettext_for", "said",
           "translations"]

# What an API's `lang` parameter accepts: the languages found, as a pattern for its OpenAPI.
LANG_PATTERN = f"^({'|'.join(LANGS)})$"
