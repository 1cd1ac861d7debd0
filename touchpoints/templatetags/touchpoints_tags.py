"""Template helpers for touchpoints: channel icons and labels, sentiment symbols, goals."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journeys.emotion_curve import signed as signed_number

register = template.Library()

# Small stroke icons (24x24 viewBox), drawn here so no icon font or network is needed.
_ICONS = {
    "website": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3.5 3 14.5 0 18'
    'M12 3c-3 3.5-3 14.5 0 18"/>',
    "app": '<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18.5h2"/>',
    "email": '<rect x="3" y="5.5" width="18" height="13" rx="2"/><path d="m3.5 7 8.5 6 8.5-6"/>',
    "sms": '<path d="M4 5h16v11H9l-4 3.5V16H4z"/><path d="M8 10.5h8"/>',
    "social": '<circle cx="6" cy="12" r="2.5"/><circle cx="18" cy="6" r="2.5"/>'
    '<circle cx="18" cy="18" r="2.5"/><path d="m8.2 10.8 7.6-3.6M8.2 13.2l7.6 3.6"/>',
    "ads": '<path d="M4 10v4h3l7 4V6L7 10z"/><path d="M17.5 9.5a3.5 3.5 0 0 1 0 5"/>',
    "store": '<path d="M4 9.5 5.5 4h13L20 9.5M4 9.5h16M5 9.5V20h14V9.5"/><path d="M10 20v-5h4v5"/>',
    "call_center": '<path d="M4.5 14v-2a7.5 7.5 0 0 1 15 0v2"/><rect x="3.5" y="13" width="4" '
    'height="6" rx="1.5"/><rect x="16.5" y="13" width="4" height="6" rx="1.5"/>',
    "review_site": '<path d="m12 3 2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8l-5.4 2.9 1.1-6.1'
    '-4.5-4.2 6.1-.8z"/>',
    "chat": '<path d="M4 5h16v11H9l-4 3.5V16H4z"/><circle cx="8.5" cy="10.5" r=".6"/>'
    '<circle cx="12" cy="10.5" r=".6"/><circle cx="15.5" cy="10.5" r=".6"/>',
    "phone": '<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a1 1 0 0 1-1 1A16 16 0 0 1 '
    '4 5a1 1 0 0 1 1-1z"/>',
    "event": '<rect x="3.5" y="5" width="17" height="15" rx="2"/>'
    '<path d="M3.5 10h17M8 3v4M16 3v4"/>',
    "other": '<circle cx="12" cy="12" r="3.5"/>',
}

# Spellings people type, mapped to one icon and one label.
_CHANNELS = {
    "website": ("website", "Website"),
    "web": ("website", "Website"),
    "app": ("app", "App"),
    "mobile app": ("app", "App"),
    "email": ("email", "Email"),
    "e-mail": ("email", "Email"),
    "newsletter": ("email", "Newsletter"),
    "sms": ("sms", "SMS"),
    "text message": ("sms", "SMS"),
    "social": ("social", "Social"),
    "social media": ("social", "Social"),
    "ads": ("ads", "Ads"),
    "ad": ("ads", "Ads"),
    "advertising": ("ads", "Ads"),
    "store": ("store", "Store"),
    "shop": ("store", "Store"),
    "call center": ("call_center", "Call center"),
    "call_center": ("call_center", "Call center"),
    "contact center": ("call_center", "Call center"),
    "phone": ("phone", "Phone"),
    "review site": ("review_site", "Review site"),
    "review_site": ("review_site", "Review site"),
    "reviews": ("review_site", "Review site"),
    "chat": ("chat", "Chat"),
    "live chat": ("chat", "Chat"),
    "chatbot": ("chat", "Chat"),
    "event": ("event", "Event"),
}

# Channels offered in the form's suggestion list (free text is allowed too).
CHANNEL_SUGGESTIONS = [
    "website",
    "app",
    "email",
    "sms",
    "social",
    "ads",
    "store",
    "call center",
    "review site",
    "chat",
    "phone",
    "event",
]

SENTIMENT_SYMBOLS = {"positive": "▲", "neutral": "●", "negative": "▼"}


def _channel(raw):
    key = (raw or "").strip().lower()
    return _CHANNELS.get(key) or _CHANNELS.get(key.replace("-", " ")) or ("other", raw.strip())


@register.filter
def channel_label(raw):
    """Known channels get a tidy label; anything else is shown as typed."""
    return _channel(raw)[1]


@register.filter
def channel_icon(raw):
    """An inline SVG icon for the channel (decorative: the label carries the meaning)."""
    icon = _channel(raw)[0]
    return format_html(
        '<svg class="channel-icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(_ICONS[icon]),  # noqa: S308 - constant markup defined above
    )


@register.filter
def sentiment_symbol(sentiment):
    return SENTIMENT_SYMBOLS.get(sentiment, "●")


@register.filter
def signed(number):
    """+2, 0, −2 (with a real minus sign, easier to read)."""
    return "" if number is None else signed_number(number)


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


@register.filter
def number(value):
    """A figure as people write it: 2.1, 30, 0.25 (no trailing zeros)."""
    if value is None or value == "":
        return ""
    return f"{float(value):.15g}"


@register.simple_tag(takes_context=True)
def touchpoint_card(context, tp):
    """The touchpoint's card (touchpoints/render.py); `map`, `oob` and `focus` come from the
    context."""
    from touchpoints.render import touchpoint_html

    data = context.get("map")
    order = getattr(data, "_stage_order", None) or getattr(tp, "stage_order", None)
    if order is None and hasattr(data, "stages"):
        order = data._stage_order = {s.pk: i for i, s in enumerate(data.stages)}
    goals = touchpoint_goals(tp, data)
    return touchpoint_html(
        tp, goals, oob=context.get("oob"), stage_order=order, focus=context.get("focus", False)
    )
