"""The vocabulary (journeys/vocabulary.py) and the number formatter (journeys/numbers.py) in
templates, so a template shows the same words, symbols, colours and figures as Python does."""

import functools
import hashlib

from django import template
from django.urls import reverse
from django.utils.html import format_html

from journeys import numbers, vocabulary

register = template.Library()


@register.simple_tag
def persona_colours_style():
    """The <link> to the persona colours' stylesheet (CSS custom properties written from the one
    table; the stylesheets use var(--slot) and var(--slot-solid) and never a copy). Its URL
    names a hash of the content, so a changed table is fetched anew."""
    return format_html('<link rel="stylesheet" href="{}">', _persona_colours_url())


@functools.cache
def _persona_colours_url():
    digest = hashlib.sha256(vocabulary.persona_colours_css().encode()).hexdigest()[:12]
    return f"{reverse('journeys:persona_colours_css')}?v={digest}"


@register.simple_tag
def sentiments():
    """[(key, symbol, label)] of the three sentiments, for legends."""
    return [
        (key, vocabulary.SENTIMENT_SYMBOLS[key], label)
        for key, label in vocabulary.SENTIMENT_LABELS.items()
    ]


# The vocabulary's own functions, as filters: one definition each.
for _name in (
    "sentiment_key",
    "sentiment_symbol",
    "sentiment_label",
    "phase_label",
    "language_label",
):
    register.filter(_name, getattr(vocabulary, _name))


@register.filter
def number(value, locale=None):
    """A figure as people write it: 1,234,567 · 2.1 · 0.25, grouped as the map's `locale`."""
    return numbers.format_number(value, locale)


@register.filter
def signed(number):
    """+2, 0, −2 (with a real minus sign, easier to read)."""
    return "" if number is None else numbers.signed(number)
