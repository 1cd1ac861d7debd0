"""Numbers as people read them, the same in the editor, the CSV export and the PDF.

Metrics and goal figures are stored as floats, so 1234567 comes back as 1234567.0; Python's
`%g` shows it as 1.23457e+06. `format_number` promises: thousands grouped as the map's locale
writes them (Django's locale formats: "en" and "ko" give 1,234,567), decimals kept without
trailing zeros (12.5, 0.25), no ".0" on whole numbers and never an exponent. The JSON export
does not come through here: it writes numbers as JSON numbers.

`signed` is the emotion score's style (+2, 0, −2 with a real minus sign), kept apart because
an emotion is a score, not a figure.
"""

import math
import re
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

# Every figure (goal and metric values) is finite and within ±10^15, as in the interchange
# format: beyond that no one means it, and arithmetic on it overflows.
FIGURE_LIMIT = 10**15
FIGURE_RANGE = _("Figures run from −1,000,000,000,000,000 to 1,000,000,000,000,000.")
FIGURE_BOUNDS = [
    MinValueValidator(-FIGURE_LIMIT, FIGURE_RANGE),
    MaxValueValidator(FIGURE_LIMIT, FIGURE_RANGE),
]

# Whole floats below this are exact integers (2**53 is about 9e15), so they print in full.
_EXACT_INTEGERS = 2**53
# Beyond whole numbers, a float holds about 15 significant digits; more would show noise
# such as 0.30000000000000004.
_SIGNIFICANT = 15
_LANGUAGE = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{1,8})*$")


def separators(locale):
    """(thousands separator, decimal separator) of a map's locale; English when it has none."""
    language = (locale or "").strip().lower().replace("_", "-")
    if not _LANGUAGE.match(language):
        language = "en"
    thousands = get_format("THOUSAND_SEPARATOR", lang=language)
    decimal = get_format("DECIMAL_SEPARATOR", lang=language)
    if not get_format("NUMBER_GROUPING", lang=language):  # a locale without its own formats
        thousands = ","
    return thousands, decimal


def _plain_digits(value):
    """The value as a fixed-point digit string ("-1234.5"), no exponent, no trailing zeros."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, int) or (value.is_integer() and abs(value) < _EXACT_INTEGERS):
        return str(int(value))
    else:
        exact = Decimal(format(value, f".{_SIGNIFICANT}g"))
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value, locale=None):
    """A metric or goal figure as text: 1,234,567 · 12.5 · 0.25 · 35; None and "" give ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = float(value)
    if isinstance(value, bool):
        value = int(value)
    if not isinstance(value, (int, Decimal)):
        value = float(value)
        if not math.isfinite(value):
            return str(value)
    text = _plain_digits(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    thousands, decimal = separators(locale)
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal}{fraction}" if fraction else f"{sign}{grouped}"


def signed(number):
    """+2, 0, −2: emotion scores with a real minus sign, the same on cards, curve and PDF."""
    number = int(number)
    return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{abs(number)}")
