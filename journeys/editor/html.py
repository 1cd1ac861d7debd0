"""The editor grid's cards, cells and move buttons as HTML, built in Python.

A large map draws hundreds of cards and Django's template engine would spend most of the
page's time on them. Every text goes through escape(); each result is marked safe once. Links
come from named routes, reversed once per request (`GridUrls`, journeys/links.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from ..links import url_pattern
from ..models import Lane, Stage

MOVES = [("up", "↑"), ("down", "↓"), ("left", "←"), ("right", "→")]
_MOVE_BUTTON = (
    '<button class="icon" name="direction" value="{direction}" id="{dom_id}-{direction}" '
    'aria-label="{name}"><span aria-hidden="true">{arrow}</span></button>'
)
# The move buttons' names, by the kind of item and the direction (screen readers say them).
MOVE_NAMES = {
    ("card", "up"): gettext_lazy("Move card %(label)s up"),
    ("card", "down"): gettext_lazy("Move card %(label)s down"),
    ("card", "left"): gettext_lazy("Move card %(label)s left"),
    ("card", "right"): gettext_lazy("Move card %(label)s right"),
    ("touchpoint", "up"): gettext_lazy("Move touchpoint %(label)s up"),
    ("touchpoint", "down"): gettext_lazy("Move touchpoint %(label)s down"),
    ("touchpoint", "left"): gettext_lazy("Move touchpoint %(label)s left"),
    ("touchpoint", "right"): gettext_lazy("Move touchpoint %(label)s right"),
}


def _short(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


def _move_buttons(kind, dom_id, label):
    """`label` is escaped already; the translated sentence around it is escaped here."""
    return "".join(
        _MOVE_BUTTON.format(
            direction=d,
            dom_id=dom_id,
            name=escape(str(MOVE_NAMES[kind, d])).replace("%(label)s", label),
            arrow=arrow,
        )
        for d, arrow in MOVES
    )


def research_marks_html(item):
    """An "assumed" label and the count of evidence behind a card or touchpoint (with
    .confidence_shown and .evidence_count, as load_map gives them); "" for neither. Assumed
    items also get a dashed border (`item_classes`): the label says it without colour."""
    marks = ""
    if getattr(item, "confidence_shown", "") == "assumed":
        assumed = escape(gettext("Assumed"))
        marks += f'<span class="mark-assumed">{assumed}</span>'
    count = getattr(item, "evidence_count", 0)
    if count:
        words = ngettext("%(count)d evidence item", "%(count)d evidence items", count)
        marks += (
            f'<span class="evidence-count"><span aria-hidden="true">❝ {count}</span>'
            f'<span class="visually-hidden">{escape(words % {"count": count})}</span></span>'
        )
    return marks


def item_classes(item):
    return " assumed" if getattr(item, "confidence_shown", "") == "assumed" else ""


def votes_text(votes):
    return ngettext("%(count)d vote", "%(count)d votes", votes) % {"count": votes}


@dataclass(frozen=True)
class GridUrls:
    """The links of a map's cards and touchpoint tools: patterns filled in per item."""

    card_edit: Callable
    card_move: Callable
    card_delete: Callable
    card_add: str
    touchpoint_move: Callable

    @classmethod
    def of(cls, journey_pk):
        return cls(
            card_edit=url_pattern("journeys:card_edit", journey_pk),
            card_move=url_pattern("journeys:card_move", journey_pk),
            card_delete=url_pattern("journeys:card_delete", journey_pk),
            card_add=reverse("journeys:card_add", args=[journey_pk]),
            touchpoint_move=url_pattern("journeys:touchpoint_move", journey_pk),
        )


def card_html(card, urls, csrf_token, read_only=False):
    """One card: its text (click to edit), persona and votes, and its move/delete tools
    (`read_only`: the text alone, for viewers)."""
    pk = card.pk
    edit, move, delete = urls.card_edit(pk), urls.card_move(pk), urls.card_delete(pk)
    dom_id = f"card-{card.pk}"
    short = escape(_short(card.text, 30))
    foot = ""
    marks = research_marks_html(card)
    if card.persona_id or card.votes or marks:
        persona_label = escape(gettext("Persona:"))
        persona = (
            '<span class="persona-tag"><span class="visually-hidden">'
            f"{persona_label} </span>{escape(card.persona.name)}</span>"
            if card.persona_id
            else ""
        )
        votes = f'<span class="votes">{escape(votes_text(card.votes))}</span>' if card.votes else ""
        foot = f'<div class="card-foot">{marks}{persona}{votes}</div>'
    text = escape(card.text).replace("\r\n", "\n").replace("\n", "<br>")
    if read_only:
        return mark_safe(
            f'<li class="card persona-slot-{getattr(card, "persona_slot", 0)}" id="{dom_id}" '
            f'data-id="{card.pk}"><span class="card-text">{text}</span>{foot}</li>'
        )
    edit_label = escape(gettext("Edit card: %(text)s") % {"text": _short(card.text, 60)})
    delete_label = escape(gettext("Delete card %(text)s") % {"text": _short(card.text, 30)})
    return mark_safe(
        f'<li class="card persona-slot-{getattr(card, "persona_slot", 0)}{item_classes(card)}" '
        f'id="{dom_id}" '
        f'data-id="{card.pk}"><a class="card-text" id="{dom_id}-edit" href="{edit}" '
        f'hx-get="{edit}" '
        f'hx-target="#{dom_id}" hx-swap="outerHTML" '
        f'aria-label="{edit_label}">{text}</a>{foot}'
        f'<form class="tools" method="post" action="{move}" hx-post="{move}" '
        'hx-target="#grid" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f"{_move_buttons('card', dom_id, short)}"
        f'<button class="icon delete" formaction="{delete}" hx-post="{delete}" '
        f'hx-target="#{dom_id}" hx-swap="outerHTML" aria-label="{delete_label}">'
        '<span aria-hidden="true">✕</span></button></form></li>'
    )


def touchpoint_tools_html(tp, urls, csrf_token, read_only=False):
    if read_only:
        return ""
    url = urls.touchpoint_move(tp.pk)
    return mark_safe(
        f'<form class="tools tp-tools" method="post" action="{url}" hx-post="{url}" '
        'hx-target="#grid" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f"{_move_buttons('touchpoint', f'tp-{tp.pk}', escape(tp.title))}</form>"
    )


def cards_list_html(stage, lane, cards, read_only=False):
    """A cell's card list (a drop target), with its cards' html already made."""
    label = escape(
        gettext("Cards in %(lane)s, %(stage)s") % {"lane": lane.title, "stage": stage.name}
    )
    sortable = "" if read_only else ' data-sortable="cards"'
    return mark_safe(
        f'<ul class="cards" id="cards-{stage.pk}-{lane.pk}" data-stage="{stage.pk}" '
        f'data-lane="{lane.pk}"{sortable} '
        f'aria-label="{label}">' + "".join(card.html for card in cards) + "</ul>"
    )


def card_add_button_html(stage, lane, urls):
    url = f"{urls.card_add}?stage={stage.pk}&amp;lane={lane.pk}"
    label = escape(
        gettext("Add card in %(lane)s, %(stage)s") % {"lane": lane.title, "stage": stage.name}
    )
    text = escape(gettext("Card"))
    return mark_safe(
        f'<a class="add-button add-card" id="card-add-{stage.pk}-{lane.pk}" href="{url}" '
        f'hx-get="{url}" hx-target="this" hx-swap="outerHTML" aria-label="{label}">'
        f'<span aria-hidden="true">+</span> {text}</a>'
    )


@dataclass
class GridCell:
    """What the grid template needs of one cell, mostly as ready-made html."""

    stage: Stage
    lane: Lane
    open: str  # the cell's opening tag
    cards_html: str
    touchpoints: list
    has_touchpoints_list: bool
    touchpoints_lane: bool
    add_html: str


def grid_cell(data, stage, lane, urls, read_only=False):
    """One cell of the grid (the whole grid draws them all; a live update, just one)."""
    cell = data.cell(stage, lane)
    is_tp = lane.kind == Lane.Kind.TOUCHPOINTS
    label = escape(f"{lane.title} · {stage.name}")
    band = " odd" if stage.column % 2 else ""  # shaded like the emotion curve's bands
    return GridCell(
        stage=stage,
        lane=lane,
        open=mark_safe(
            f'<div class="cell{band}" id="cell-{stage.pk}-{lane.pk}" role="group" '
            f'aria-label="{label}">'
        ),
        cards_html=cards_list_html(stage, lane, cell["cards"], read_only)
        if cell["cards"] or not is_tp
        else "",
        touchpoints=cell["touchpoints"],
        has_touchpoints_list=is_tp or bool(cell["touchpoints"]),
        touchpoints_lane=is_tp,
        add_html="" if is_tp or read_only else card_add_button_html(stage, lane, urls),
    )


def grid_rows(data, urls, read_only=False):
    return [
        (lane, [grid_cell(data, stage, lane, urls, read_only) for stage in data.stages])
        for lane in data.lanes
    ]
