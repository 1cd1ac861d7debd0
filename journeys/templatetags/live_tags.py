"""{% live_events_url journey %}: the map's event stream URL, starting where the page stands.

`view` ("editor", "present") asks the stream for that view's pieces of each change, and
`persona` for the persona the view is filtered to (journeys/pieces.py)."""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone

from journeys.models import Change

register = template.Library()

# The page's data was read a moment before this tag runs; a change committed in that moment
# must still reach the page, so start a little earlier (an extra refresh at worst).
MARGIN = timedelta(seconds=2)


@register.simple_tag
def live_events_url(journey, since=None, view=None, persona=None):
    if since is None:
        earlier = Change.objects.filter(journey=journey, at__lt=timezone.now() - MARGIN)
        since = earlier.order_by("-pk").values_list("pk", flat=True).first() or 0
    url = f"{reverse('journeys:events', args=[journey.pk])}?last_event_id={since}"
    if view:
        url += f"&view={view}"
    if persona:
        url += f"&persona={persona}"
    return url
