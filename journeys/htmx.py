"""htmx answers shared by every view that changes a map (editor, touchpoints, goals)."""

from django_htmx.http import reswap, retarget, trigger_client_event


def map_changed(response, *changes):
    """Tell the page the map changed (the curve redraws), naming the changes this request made:
    the live script then skips their events instead of fetching the user's own change again."""
    ids = [change.pk for change in changes if change is not None]
    return trigger_client_event(response, "map-changed", {"changes": ids})


def swapped_over(response, request, selector, swap="outerHTML"):
    """Answer into `selector` instead of the request's own target (htmx only)."""
    if request.htmx:
        reswap(retarget(response, selector), swap)
    return response
