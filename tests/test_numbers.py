"""One number formatter for the UI, the CSV and the PDF: grouped, no exponent, no noise."""

from decimal import Decimal

import pytest

from journeys.numbers import format_number, separators, signed


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (1234567.0, "1,234,567"),
        (35.0, "35"),
        (12.5, "12.5"),
        (0.25, "0.25"),
        (2.10, "2.1"),
        (0, "0"),
        (-0.0, "0"),
        (-1234.5, "-1,234.5"),
        (1e15, "1,000,000,000,000,000"),
        (999_999_999_999_999.0, "999,999,999,999,999"),
        (1234567.891, "1,234,567.891"),
        (0.00001, "0.00001"),
        (0.000123, "0.000123"),
        (0.1 + 0.2, "0.3"),
        (Decimal("1234.50"), "1,234.5"),
        ("61", "61"),
    ],
)
def test_numbers_are_grouped_without_exponent_or_trailing_zeros(value, text):
    assert format_number(value, "en") == text


def test_korean_and_english_maps_group_thousands_with_commas():
    assert format_number(1234567, "ko") == format_number(1234567, "en") == "1,234,567"
    assert format_number(1234567.5, "ko-KR") == "1,234,567.5"


def test_a_map_without_a_locale_or_with_an_odd_one_reads_as_english():
    assert separators("") == separators(None) == separators("no such!") == (",", ".")
    assert format_number(1234567, "") == "1,234,567"


def test_a_german_map_writes_numbers_the_german_way():
    assert format_number(1234567.5, "de") == "1.234.567,5"


def test_nothing_is_written_for_no_value():
    assert format_number(None) == format_number("") == ""


def test_emotion_scores_carry_a_sign_and_a_real_minus():
    assert [signed(n) for n in (2, 0, -1)] == ["+2", "0", "−1"]
