"""{% live_events_url journey %}: the map's event stream URL, starting where the page stands."""

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
def live_events_url(journey, since=None):
    if since is None:
        earlier = Change.objects.filter(journey=journey, at__lt=timezone.now() - MARGIN)
        since = earlier.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"{reverse('journeys:events', args=[journey.pk])}?last_event_id={since}"
