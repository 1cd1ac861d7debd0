"""Template helpers for touchpoints: channel icons and labels, goals, the card.

Channel icons and labels are journeys/vocabulary.py's; sentiment and number filters live
in journeys/templatetags/vocabulary_tags.py.
"""

from django import template

from touchpoints.render import channel_icon, channel_label, touchpoint_html

register = template.Library()


# Channel icons and labels are drawn by touchpoints/render.py, for its cards and for templates.
register.filter("channel_label", channel_label)
register.filter("channel_icon", channel_icon)


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
        read_only=context.get("read_only", False),
    )
