"""Links to a map's pages: the editor with its persona filter, and named URLs for HTML built
in Python by the hundred (the editor's cards, touchpoint cards).

Templates use `{% url %}` and views `reverse()`. But `reverse()` costs 20-60 µs, and the large
map draws 600 cards with several links each: reversing per card would cost as much as drawing
the card. `url_pattern` reverses a named route once, with markers in place of the ids that vary
from item to item, and gives back a formatter that puts the ids in:

    edit = url_pattern("journeys:card_edit", journey.pk)  # once per request
    edit(card.pk)                                          # per card: "/journeys/3/cards/7/edit/"

The route stays named, so a renamed or reshaped route fails loudly where the pattern is made.
Make patterns per request (not at import time): the script prefix and URLconf are then the
request's own. This is the one such helper; the editor and the touchpoint cards both use it.
"""

from django.urls import reverse

# Stand-ins for the ids that vary: no row gets them, and none is part of another.
_MARKERS = ("2147483641", "2147483643", "2147483645")


def url_pattern(name, *fixed_args, free=1):
    """A formatter for route `name`: `fixed_args` are filled in now, the last `free` arguments
    of the route when it is called (`pattern(*ids)`, positionally)."""
    markers = _MARKERS[:free]
    url = reverse(name, args=[*fixed_args, *markers])
    template = url.replace("{", "{{").replace("}", "}}")
    for n, marker in enumerate(markers):
        template = template.replace(marker, f"{{{n}}}")
    return template.format


def persona_filter(request):
    """The persona the grid is filtered to: ?persona=<id> on the page; htmx requests from the
    page carry it as `persona_filter` (hx-vals), so it never clashes with a form's `persona`."""
    raw = request.GET.get("persona") or request.POST.get("persona_filter")
    raw = raw or request.GET.get("persona_filter") or ""
    return int(raw) if raw.isascii() and raw.isdigit() else None


def editor_url(request, journey):
    """The editor, keeping the persona the grid is filtered to."""
    url = journey.get_absolute_url()
    persona_id = persona_filter(request)
    return f"{url}?persona={persona_id}" if persona_id else url
