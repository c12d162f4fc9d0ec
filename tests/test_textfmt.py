"""The one number/date formatter: values checked by hand against the 2021 bulletins' forms."""

from datetime import date

import pytest

from episurv.errors import InvalidInput
from episurv.textfmt import (
    count_word,
    day_month,
    days_span,
    decimal,
    full_date,
    in_marks,
    number,
    percent,
)


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [(0, "0", "0"), (81, "81", "81"), (999, "999", "999"), (4998, "4.998", "4,998"),
     (1234567, "1.234.567", "1,234,567"), (-1961, "-1.961", "-1,961")],
)
def test_number_groups_thousands(n, vi, en):
    assert number(n, "vi") == vi
    assert number(n, "en") == en


def test_number_writes_what_cldr_s_pattern_writes():
    """number() groups by Python's format, not Babel's: the same text as CLDR's "#,##0" in
    either language, for every size and sign."""
    from babel.numbers import format_decimal

    for n in [0, 7, -7, 999, 1000, -1000, 99_999, 100_000, 1_000_000, -12_345_678,
              10**12 + 1, *range(-2_100, 2_100, 37)]:
        for lang in ("vi", "en"):
            assert number(n, lang) == format_decimal(n, format="#,##0", locale=lang), (n, lang)


def test_number_rejects_fractions_and_bools():
    with pytest.raises(ValueError):
        number(2.5, "vi")
    with pytest.raises(ValueError):
        number(True, "vi")


@pytest.mark.parametrize(
    ("x", "places", "vi", "en"),
    [(2.4, 1, "2,4", "2.4"), (2.45, 1, "2,5", "2.5"), (2.449, 1, "2,4", "2.4"),
     (3, 0, "3", "3"), (2.5, 0, "3", "3"), (1234.5, 2, "1.234,50", "1,234.50"),
     (0.0, 2, "0,00", "0.00")],
)
def test_decimal_rounds_half_up_with_local_separators(x, places, vi, en):
    assert decimal(x, places, "vi") == vi
    assert decimal(x, places, "en") == en


@pytest.mark.parametrize(
    ("x", "places", "vi", "en"),
    [(2.4, 1, "2,4%", "2.4%"), (2.35, 1, "2,4%", "2.4%"), (100, 0, "100%", "100%"),
     (1234.5, 1, "1.234,5%", "1,234.5%")],
)
def test_percent_takes_a_percent_value(x, places, vi, en):
    assert percent(x, places, "vi") == vi
    assert percent(x, places, "en") == en


def test_dates():
    assert day_month(date(2021, 11, 7), "vi") == "7/11"
    assert day_month(date(2021, 4, 27), "vi") == "27/4"
    assert day_month(date(2021, 11, 7), "en") == "7 Nov"
    assert day_month(date(2021, 4, 27), "en") == "27 Apr"
    assert full_date(date(2021, 4, 27), "vi") == "27/4/2021"
    assert full_date(date(2021, 4, 27), "en") == "27 Apr 2021"


def test_count_word_writes_one_as_a_word_in_vietnamese_only():
    assert count_word(1, "vi") == "một"
    assert count_word(2, "vi") == "2"
    assert count_word(1200, "vi") == "1.200"
    assert count_word(1, "en") == "1"


@pytest.mark.parametrize(
    ("days", "vi", "en"),
    [(63, "2 tháng", "2 months"), (60, "2 tháng", "2 months"), (89, "2 tháng", "2 months"),
     (90, "3 tháng", "3 months"), (59, "59 ngày", "59 days"), (14, "14 ngày", "14 days"),
     (1, "1 ngày", "1 day")],
)
def test_days_span(days, vi, en):
    assert days_span(days, "vi") == vi
    assert days_span(days, "en") == en


def test_unknown_language_is_a_user_error():
    with pytest.raises(InvalidInput, match="'fr'"):
        number(5, "fr")


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("1,234.5", "1.234,5", "1,234.5"), ("66.42", "66,42", "66.42"), ("4,998", "4.998", "4,998"),
    ("7", "7", "7")])
def test_in_marks_changes_only_the_marks(text, vi, en):
    assert (in_marks(text, "vi"), in_marks(text, "en")) == (vi, en)
    # Digits already fixed: the same text decimal() and number() write.
    if "." in text:
        places = len(text.split(".")[1])
        value = float(text.replace(",", ""))
        assert (decimal(value, places, "vi"), decimal(value, places, "en")) == (vi, en)
    else:
        value = int(text.replace(",", ""))
        assert (number(value, "vi"), number(value, "en")) == (vi, en)
    with pytest.raises(InvalidInput, match="'fr'"):
        in_marks(text, "fr")
