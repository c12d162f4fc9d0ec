"""The one formatter of numbers and dates for Vietnamese and English text.

Every public text of episurv (bulletins, reports, pages) formats its numbers and dates here, so
"4.998" / "2,4%" / "7/11" are written one way everywhere.

Conventions, from the Hà Nội CDC daily bulletin and the Ministry of Health's national report of
7/11/2021:

- Vietnamese groups thousands with "." and writes decimals with ",": "4.998", "2,4", "2,4%".
  English: "4,998", "2.4", "2.4%". Separators come from Babel's CLDR data for ``vi`` / ``en``.
- Vietnamese dates are d/m without year or leading zeros ("7/11"); English "7 Nov". The date
  patterns (CLDR pattern letters) are entries of the "reports" catalog, context "date pattern".
- A count of one is written as the word "một" where bulletins do ("mỗi nơi một"): the catalog
  entry "1", context "a count of one in a list".
- Decimals round half up ("2,45" -> "2,5"), as a reader checking by hand expects; Babel's own
  default would be half-even.

Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from episurv.core.i18n import catalog, languages
from episurv.errors import InvalidInput

# The report texts' catalogs (domain "reports"): English is the source, each other language a
# catalog locale/<lang>/LC_MESSAGES/reports.po; a language with a catalog is a language episurv
# writes.
LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = languages(LOCALE_DIR, "reports")

# A span of at least this many days is said in months ("cao nhất trong vòng 2 tháng qua").
MONTHS_FROM_DAYS = 60
DAYS_PER_MONTH = 30


def check_lang(lang: str) -> str:
    """Return ``lang`` if episurv writes that language, else raise InvalidInput."""
    if lang not in LANGS:
        raise InvalidInput(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def translator(lang: str) -> NullTranslations:
    """The translations of the report texts into ``lang`` (its gettext and ngettext)."""
    return catalog(LOCALE_DIR, check_lang(lang), "reports")


@cache
def _marks(lang: str) -> dict[int, str]:
    return {ord(","): get_group_symbol(locale=lang), ord("."): get_decimal_symbol(locale=lang)}


def in_marks(text: str, lang: str) -> str:
    """A number Python wrote with "," between thousands and "." before decimals
    (``f"{x:,.1f}"``), in the marks of ``lang`` from Babel's CLDR data: vi "1.234,5", en as
    given. For texts whose rounding and digits are already fixed, so only the marks change."""
    return text.translate(_marks(check_lang(lang)))


def _rounded(x: float | Decimal, places: int) -> Decimal:
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    # str() first: the float 2.45 is stored as 2.4500000000000001776..., we round what was meant.
    value = x if isinstance(x, Decimal) else Decimal(str(x))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def number(n: int, lang: str = "vi") -> str:
    """A whole number with thousands grouped: vi "4.998", en "4,998"."""
    check_lang(lang)
    if isinstance(n, bool) or int(n) != n:
        raise ValueError(f"number() takes a whole number, got {n!r}")
    # Python groups by threes as CLDR's "#,##0" does; only the marks are the language's. Babel's
    # format_decimal wrote the same at 70 µs a number: half the CPU of a city's follow-up page,
    # which writes a thousand of them.
    return in_marks(f"{int(n):,}", lang)


def decimal(x: float | Decimal, places: int = 1, lang: str = "vi") -> str:
    """A number with exactly ``places`` decimals, rounded half up: vi "2,4", en "2.4"."""
    check_lang(lang)
    return format_decimal(_rounded(x, places), format=_pattern(places), locale=lang)


def percent(x: float | Decimal, places: int = 1, lang: str = "vi") -> str:
    """A percentage given as a percent value (2.4 means 2.4 %): vi "2,4%", en "2.4%".

    Takes the value already multiplied by 100, as the project's rates are (CFR = deaths / cases
    x 100, domain README section 7), not a fraction.
    """
    check_lang(lang)
    value = _rounded(x, places) / 100
    return format_percent(value, format=_pattern(places) + "%", locale=lang)


def day_month(d: date, lang: str = "vi") -> str:
    """A date without its year: vi "7/11", en "7 Nov"."""
    # The pattern is a catalog entry (CLDR date pattern letters): bulletins write "7/11".
    return format_date(d, translator(lang).pgettext("date pattern", "d MMM"), locale=lang)


def full_date(d: date, lang: str = "vi") -> str:
    """A date with its year, for when d/m alone would be ambiguous: vi "27/4/2021",
    en "27 Apr 2021"."""
    return format_date(d, translator(lang).pgettext("date pattern", "d MMM y"), locale=lang)


def count_word(n: int, lang: str = "vi") -> str:
    """A count as bulletins write it in a list: vi 1 -> "một", any other -> digits ("3", "1.200");
    en always digits."""
    if n == 1:
        # A catalog entry: Vietnamese bulletins write the word ("mỗi nơi một").
        return translator(lang).pgettext("a count of one in a list", "1")
    return number(n, lang)


def days_span(days: int, lang: str = "vi") -> str:
    """A span of days as a reader says it ("highest in ..."): vi "2 tháng" for 60 days or more
    (whole months of 30 days, rounded down), "N ngày" below; en "2 months" / "N days"."""
    check_lang(lang)
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    t = translator(lang)
    if days >= MONTHS_FROM_DAYS:
        months = days // DAYS_PER_MONTH
        return t.ngettext("%(n)s month", "%(n)s months", months) % {"n": number(months, lang)}
    return t.ngettext("%(n)s day", "%(n)s days", days) % {"n": number(days, lang)}
