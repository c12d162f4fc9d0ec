"""The pages' catalog and `said`: a user's error, or an import's problem, in the user's language.

Below the web layer so that a service may say one in a language too (an uploaded line list's
rejected rows are written in the language of the page that sent it, cases/import_process.py);
the web re-exports all of it (web.i18n), so there is one catalog reader and one `said`.
The catalog lies beside the reports' (src/episurv/locale), in the package, not in the web's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from gettext import NullTranslations

from episurv import textfmt
from episurv.core.i18n import catalog, languages
from episurv.core.time import LOCAL
from episurv.errors import joiner

DEFAULT_LANG = "vi"
LOCALE_DIR = textfmt.LOCALE_DIR  # messages.po beside reports.po
LANGS = languages(LOCALE_DIR)


def translations(lang: str) -> NullTranslations:
    return catalog(LOCALE_DIR, lang)


def gettext_for(lang: str):
    return translations(lang if lang in LANGS else DEFAULT_LANG).gettext


# A day or a moment as ISO text begins (audit values and `when` read them as such).
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _moment(value: datetime) -> datetime:
    # Stored moments are UTC; SQLite hands some back naive.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LOCAL)


def written_when(value: object, lang: str) -> str:
    """A day or a moment written the way `lang` writes it (vi "8/11/2021", "8/11/2021 14:05"
    in Vietnam's time; en "8 Nov 2021 14:05"), from a date, a datetime or its ISO text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):

        if DAY.match(value):
            value = date.fromisoformat(value)
        elif MOMENT.match(value):
            value = datetime.fromisoformat(value.replace(" ", "T"))
        else:
            return value
    if isinstance(value, datetime):
        local = _moment(value)
        return f"{textfmt.full_date(local.date(), lang)} {local:%H:%M}"
    if isinstance(value, date):
        return textfmt.full_date(value, lang)
    return str(value)


# Values of an error that are the system's own words (recovered, closed, call, a rule's
# name): translated.
KEYWORD_PARAMS = frozenset({"outcome", "status", "kind", "policy"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def _iso(text: str) -> date | None:
    """The day ISO text writes; None for one no calendar has ("2021-02-30", as typed into a
    date field a page refuses, which its message repeats as typed)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def said(exc: object, lang: str,
         shown: Callable[[str, object], str | None] | None = None) -> str:
    """A user's error as a page says it: an error with a code (episurv.errors.EpisurvError), or
    anything else with a `template` and `params` (an import's Problem), in the page's language,
    its values written that way (`shown(name, value)` may write one of them, else numbers are
    grouped and lists joined, days and moments written as the page's `when` writes them, and
    an error a value holds said the same way); any other in its own words."""
    template = getattr(exc, "template", None)
    if not template:
        return str(exc)
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
        if isinstance(v, str) and _ISO_DAY.fullmatch(v) and (day := _iso(v)) is not None:
            return textfmt.full_date(day, lang)
        if isinstance(v, str) and _ISO_MOMENT.fullmatch(v):
            return written_when(v, lang)

        if name in KEYWORD_PARAMS and isinstance(v, str):
            return _(v)  # an outcome, a status or a kind: a word of the catalog
        return str(v)

    return _(template) % {k: value(k, v) for k, v in exc.params.items()}
