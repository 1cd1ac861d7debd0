"""The map's words, symbols and colours, defined once for every place that shows them.

Sentiment, phase, goal-kind and lane-kind labels come from the models' `TextChoices`; this
module adds what the models do not say: sentiment symbols and colours, channel icons and
labels, and the persona colours. The editor, the touchpoint cards, the projector, the PDF,
the CSV export and the emotion curve all read them from here, so a label or a colour changed
here changes everywhere. Persona colours reach the stylesheets as CSS custom properties
written from `PERSONA_COLOURS` (`persona_colours_css`), not as a copy in a .css file.

Core layer: it imports models only.
"""

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from touchpoints.models import Touchpoint

from .models import Goal, Lane, Stage

# --- sentiment -----------------------------------------------------------------------------

Sentiment = Touchpoint.Sentiment
SENTIMENT_LABELS = dict(Sentiment.choices)
SENTIMENT_SYMBOLS = {
    Sentiment.POSITIVE.value: "▲",
    Sentiment.NEUTRAL.value: "●",
    Sentiment.NEGATIVE.value: "▼",
}
# The stylesheets' --positive and --negative (app.css, pdf.css); a test keeps them equal.
SENTIMENT_COLOURS = {
    Sentiment.POSITIVE.value: "#15803d",
    Sentiment.NEUTRAL.value: "#6b7280",
    Sentiment.NEGATIVE.value: "#b91c1c",
}


def sentiment_key(value):
    """The sentiment as one of the three keys; anything else (an old import) reads neutral."""
    return value if value in SENTIMENT_LABELS else Sentiment.NEUTRAL.value


def sentiment_label(value):
    return SENTIMENT_LABELS[sentiment_key(value)]


def sentiment_symbol(value):
    return SENTIMENT_SYMBOLS[sentiment_key(value)]


def sentiment_colour(value):
    return SENTIMENT_COLOURS[sentiment_key(value)]


# --- stage phase, goal kind, lane kind -------------------------------------------------------

PHASE_LABELS = dict(Stage.Phase.choices)
GOAL_KIND_LABELS = dict(Goal.Kind.choices)
LANE_KIND_LABELS = dict(Lane.Kind.choices)


def phase_label(value):
    """The phase's label; an imported phase outside the three is shown as written."""
    return PHASE_LABELS.get(value, value)


def goal_kind_label(value):
    return GOAL_KIND_LABELS.get(value, value)


def lane_kind_label(value):
    return LANE_KIND_LABELS.get(value, value)


def language_label(locale):
    """A map's `locale` as a word in the interface's language ("ko-KR": Korean, 한국어);
    a code Django does not know is shown as written."""
    try:
        return get_language_info(locale)["name_translated"]
    except KeyError:
        return locale


# --- channel -------------------------------------------------------------------------------

# Small stroke icons (24x24 viewBox), drawn here so no icon font or network is needed.
CHANNEL_ICONS = {
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
    "in_person": '<circle cx="9" cy="7.5" r="3"/><path d="M3.5 20v-1.5a5.5 5.5 0 0 1 11 0V20"/>'
    '<circle cx="17" cy="9" r="2.3"/><path d="M16 13.6a4.5 4.5 0 0 1 5 4.4V20"/>',
    "event": '<rect x="3.5" y="5" width="17" height="15" rx="2"/>'
    '<path d="M3.5 10h17M8 3v4M16 3v4"/>',
    "other": '<circle cx="12" cy="12" r="3.5"/>',
}

# Channel is free text: the spellings people type, mapped to one icon and one label (lazy:
# it is read in the language of the request, or of the map for the PDF).
CHANNELS = {
    "website": ("website", _("Website")),
    "web": ("website", _("Website")),
    "app": ("app", _("App")),
    "mobile app": ("app", _("App")),
    "email": ("email", _("Email")),
    "e-mail": ("email", _("Email")),
    "newsletter": ("email", _("Newsletter")),
    "sms": ("sms", _("SMS")),
    "text message": ("sms", _("SMS")),
    "social": ("social", _("Social")),
    "social media": ("social", _("Social")),
    "ads": ("ads", _("Ads")),
    "ad": ("ads", _("Ads")),
    "advertising": ("ads", _("Ads")),
    "store": ("store", _("Store")),
    "shop": ("store", _("Store")),
    "call center": ("call_center", _("Call center")),
    "call_center": ("call_center", _("Call center")),
    "contact center": ("call_center", _("Call center")),
    "phone": ("phone", _("Phone")),
    "review site": ("review_site", _("Review site")),
    "review_site": ("review_site", _("Review site")),
    "reviews": ("review_site", _("Review site")),
    "chat": ("chat", _("Chat")),
    "live chat": ("chat", _("Chat")),
    "chatbot": ("chat", _("Chat")),
    "event": ("event", _("Event")),
    "in person": ("in_person", _("In person")),
    "in_person": ("in_person", _("In person")),
    "face to face": ("in_person", _("In person")),
    "branch": ("in_person", _("In person")),
    "clinic": ("in_person", _("In person")),
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
    "in person",
]


def channel(raw):
    """(icon key, label): known channels get a tidy label, anything else is shown as typed."""
    typed = (raw or "").strip()
    key = typed.lower()
    return CHANNELS.get(key) or CHANNELS.get(key.replace("-", " ")) or ("other", typed)


# --- personas ------------------------------------------------------------------------------

# Colour-blind-safe line colours (Okabe-Ito), one per persona slot, and beside each a darker
# shade for filled shapes that carry white text (the avatars: WCAG AA contrast).
NO_PERSONA_COLOUR = ("#4b5563", "#4b5563")  # slot 0: what belongs to no persona
PERSONA_COLOURS = [
    ("#0072b2", "#0072b2"),
    ("#d55e00", "#b34d00"),
    ("#009e73", "#007a5a"),
    ("#cc79a7", "#a23b7a"),
    ("#e69f00", "#8a5a00"),
    ("#56b4e9", "#1f6f9f"),
]


def persona_slots(persona_ids):
    """{persona id: slot}, from the ids in the map's persona order: the persona's 1-based
    place, which picks its colour; past the last colour the slots start again at 1. No
    persona is slot 0. The read model (journeys/mapdata.py) is the one caller."""
    return {pk: (n % len(PERSONA_COLOURS)) + 1 for n, pk in enumerate(persona_ids)}


def persona_colour(slot):
    """The line colour of a slot (0: no persona)."""
    return PERSONA_COLOURS[slot - 1][0] if slot else NO_PERSONA_COLOUR[0]


def persona_colours_css():
    """CSS custom properties --persona-N (line) and --persona-N-solid (fill under white text),
    and .persona-slot-N classes that set --slot and --slot-solid from them."""
    colours = [NO_PERSONA_COLOUR, *PERSONA_COLOURS]
    props = "".join(
        f"--persona-{n}:{line};--persona-{n}-solid:{solid};"
        for n, (line, solid) in enumerate(colours)
    )
    classes = "".join(
        f".persona-slot-{n}{{--slot:var(--persona-{n});--slot-solid:var(--persona-{n}-solid)}}"
        for n in range(len(colours))
    )
    return f":root{{{props}}}{classes}"
