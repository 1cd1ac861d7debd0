"""The vocabulary (journeys/vocabulary.py) and the number formatter (journeys/numbers.py) in
templates, so a template shows the same words, symbols, colours and figures as Python does."""

from django import template
from django.utils.safestring import mark_safe

from journeys import numbers, vocabulary

register = template.Library()


@register.simple_tag
def persona_colours_style():
    """A <style> with the persona colours as CSS custom properties, written from the one
    table; the stylesheets use var(--slot) and var(--slot-solid) and never a copy."""
    # Built from the fixed colour table only, so it is safe to write into the page.
    return mark_safe(f"<style>{vocabulary.persona_colours_css()}</style>")  # noqa: S308


@register.simple_tag
def sentiments():
    """[(key, symbol, label)] of the three sentiments, for legends."""
    return [
        (key, vocabulary.SENTIMENT_SYMBOLS[key], label)
        for key, label in vocabulary.SENTIMENT_LABELS.items()
    ]


# The vocabulary's own functions, as filters: one definition each.
for _name in ("sentiment_key", "sentiment_symbol", "sentiment_label", "phase_label"):
    register.filter(_name, getattr(vocabulary, _name))


@register.filter
def number(value, locale=None):
    """A figure as people write it: 1,234,567 · 2.1 · 0.25, grouped as the map's `locale`."""
    return numbers.format_number(value, locale)


@register.filter
def signed(number):
    """+2, 0, −2 (with a real minus sign, easier to read)."""
    return "" if number is None else numbers.signed(number)
