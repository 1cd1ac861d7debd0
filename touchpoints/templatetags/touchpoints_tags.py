"""Template helpers for touchpoints: channel icons and labels, goals, the card.

Channel icons and labels are journeys/vocabulary.py's; sentiment and number filters live
in journeys/templatetags/vocabulary_tags.py.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journeys import vocabulary

register = template.Library()


@register.filter
def channel_label(raw):
    """Known channels get a tidy label; anything else is shown as typed."""
    return vocabulary.channel(raw)[1]


@register.filter
def channel_icon(raw):
    """An inline SVG icon for the channel (decorative: the label carries the meaning)."""
    icon = vocabulary.channel(raw)[0]
    return format_html(
        '<svg class="channel-icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(vocabulary.CHANNEL_ICONS[icon]),  # noqa: S308 - constant markup
    )


@register.simple_tag
def touchpoint_goals(tp, map=None):
    """Goals set on this touchpoint, from the loaded map when there is one (no extra query)."""
    if hasattr(tp, "goals_list"):
        return tp.goals_list
    if map is not None and hasattr(map, "goals"):
        index = getattr(map, "_goals_by_touchpoint", None)
        if index is None:
            index = {}
            for goal in map.goals:
                if goal.touchpoint_id:
                    index.setdefault(goal.touchpoint_id, []).append(goal)
            map._goals_by_touchpoint = index
        return index.get(tp.pk, [])
    return list(tp.goals.all())


@register.simple_tag(takes_context=True)
def touchpoint_card(context, tp):
    """The touchpoint's card (touchpoints/render.py); `map`, `oob`, `focus` and
    `touchpoint_urls` (made once for a page of cards) come from the context."""
    from touchpoints.render import touchpoint_html

    data = context.get("map")
    order = getattr(data, "_stage_order", None) or getattr(tp, "stage_order", None)
    if order is None and hasattr(data, "stages"):
        order = data._stage_order = {s.pk: i for i, s in enumerate(data.stages)}
    goals = touchpoint_goals(tp, data)
    journey = getattr(data, "journey", None) or context.get("journey")
    return touchpoint_html(
        tp,
        goals,
        oob=context.get("oob"),
        stage_order=order,
        focus=context.get("focus", False),
        locale=getattr(journey, "locale", None),
        urls=context.get("touchpoint_urls"),
    )
