"""One touchpoint card as HTML, built in Python.

The editor draws hundreds of touchpoints; a template per card cost about 0.3 ms each (90 ms for
the large map), this a small fraction of it. The markup is the contract with the editor:
root id "touchpoint-<id>", class "touchpoint", data-id for SortableJS. Its links come from
named routes reversed once per request (`TouchpointUrls`, journeys/links.py).

Its words are in the request's language. They are looked up once per language (`_words`), not
per card, and what is cached is keyed by the language too, so one process serving Korean and
English users never hands one user's words to the other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, override

from journeys import vocabulary
from journeys.editor.html import item_classes, research_marks_html
from journeys.links import url_pattern
from journeys.numbers import format_number, signed
from journeys.vocabulary import (
    goal_kind_label,
    sentiment_key,
    sentiment_label,
    sentiment_symbol,
)


def channel_label(raw):
    """Known channels get a tidy label (in the request's language); anything else is shown as
    typed."""
    return str(vocabulary.channel(raw)[1])


def channel_icon(raw):
    """An inline SVG icon for the channel (decorative: the label carries the meaning)."""
    icon = vocabulary.channel(raw)[0]
    return format_html(
        '<svg class="channel-icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(vocabulary.CHANNEL_ICONS[icon]),  # noqa: S308 - constant markup
    )


OOB = ' hx-swap-oob="true"'


@dataclass(frozen=True)
class TouchpointUrls:
    """The links of a map's touchpoint cards; make it once for a page of cards and pass it on
    (the editor's grid puts it in its context as `touchpoint_urls`)."""

    edit: Callable
    goal_add: str

    @classmethod
    def of(cls, journey_pk):
        return cls(
            edit=url_pattern("touchpoints:edit"),
            goal_add=reverse("journeys:goal_add", args=[journey_pk]),
        )


@cache
def _words(language):
    """The card's fixed words in `language`, escaped."""
    with override(language):
        words = {
            "channel": gettext("Channel:"),
            "metrics_of": gettext("Metrics of %(title)s"),
            "metric": gettext("Metric"),
            "value": gettext("Value"),
            "target": gettext("Target"),
            "back_to": gettext("back to"),
            "persona": gettext("Persona:"),
            "goal": gettext("Goal"),
            "goals_set": gettext("Goals set on this touchpoint"),
            "owner": gettext("Owner"),
            "next": gettext("Next"),
            "set_goal": gettext("Set a goal"),
            "for_title": gettext("for %(title)s"),
            "touchpoint": gettext("Touchpoint: %(title)s"),
            "edit": gettext("Edit touchpoint: %(title)s"),
            "emotion_range": gettext("Emotion, −3 to +3"),
            "emotion": gettext("Emotion"),
            "details": gettext("Goal & metrics"),
            "of_title": gettext("of %(title)s"),
        }
    return {key: escape(text) for key, text in words.items()}


def words():
    return _words(get_language())


@lru_cache(maxsize=1024)  # channels are typed freely: keep the most used ones
def _channel_html(raw, language):
    return (
        f'<span class="tp-channel">{channel_icon(raw)}<span class="visually-hidden">'
        f"{words()['channel']} </span>{escape(channel_label(raw))}</span>"
    )


def _goal_html(goal, locale):
    measure = ""
    if goal.metric or goal.target is not None:
        current = f" {format_number(goal.current, locale)}" if goal.current is not None else ""
        target = f" → {format_number(goal.target, locale)}" if goal.target is not None else ""
        measure = f' <span class="muted">· {escape(goal.metric)}{current}{target}</span>'
    return (
        f'<li><span class="goal-kind goal-kind-{goal.kind}">'
        f"{escape(goal_kind_label(goal.kind))}</span> {escape(goal.text)}{measure}</li>"
    )


def _metrics_html(tp, title, locale, w):
    rows = "".join(
        f'<tr><th scope="row">{escape(m.name)}</th>'
        f"<td>{_figure(m.value, m.unit, locale)}</td>"
        f"<td>{_figure(m.target, m.unit, locale)}</td></tr>"
        for m in tp.metrics_list
    )
    caption = w["metrics_of"] % {"title": title}
    return (
        f'<table class="tp-metrics"><caption class="visually-hidden">{caption}</caption>'
        f'<thead><tr><th scope="col">{w["metric"]}</th><th scope="col">{w["value"]}</th>'
        f'<th scope="col">{w["target"]}</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _figure(value, unit, locale):
    return "–" if value is None else f"{format_number(value, locale)}{escape(unit)}"


def _next_link(tp, n, stage_order, w):
    """A `next` link; one that goes back to an earlier stage (a loop) says so."""
    back = stage_order and stage_order.get(n.stage_id, 0) < stage_order.get(tp.stage_id, 0)
    mark = (
        f'<span aria-hidden="true">↩ </span><span class="visually-hidden">{w["back_to"]} </span>'
        if back
        else ""
    )
    return f'<a href="#touchpoint-{n.pk}">{mark}{escape(n.title)}</a>'


def touchpoint_html(
    tp, goals=(), oob=False, stage_order=None, focus=False, locale=None, urls=None, read_only=False
):
    """The card of `tp` (with .metrics_list and .next_list, as load_map gives them) and the
    goals set on it. `stage_order` ({stage id: index}) marks links that loop back. `focus`:
    the title link takes the keyboard focus when htmx swaps the card in (after an edit).
    `locale`: the map's, for its figures. `urls`: the map's TouchpointUrls (else made here).
    `read_only`: no links that edit (for viewers)."""
    pk, title = tp.pk, escape(tp.title)
    w = words()
    urls = urls or TouchpointUrls.of(tp.journey_id)
    edit = urls.edit(pk)
    emotion = tp.emotion or 0
    tone = "emo-pos" if emotion > 0 else ("emo-neg" if emotion < 0 else "emo-zero")
    sentiment = sentiment_key(tp.sentiment)
    persona = (
        f'<span class="persona-tag"><span class="visually-hidden">{w["persona"]} </span>'
        f"{escape(tp.persona.name)}</span>"
        if tp.persona_id
        else ""
    )
    metrics = tp.metrics_list
    n = len(metrics)
    count = ""
    if n:
        label = ngettext("%(count)d metric", "%(count)d metrics", n) % {"count": n}
        count = f' <span class="tp-count" aria-label="{label}">{n}</span>'
    body = []
    if tp.description:
        text = escape(tp.description).replace("\r\n", "\n").replace("\n", "<br>")
        body.append(f'<p class="tp-description">{text}</p>')
    if tp.goal:
        body.append(
            f'<p class="tp-line"><span class="tp-key">{w["goal"]}</span> {escape(tp.goal)}</p>'
        )
    if goals:
        items = "".join(_goal_html(g, locale) for g in goals)
        body.append(f'<ul class="tp-goals" aria-label="{w["goals_set"]}">{items}</ul>')
    if metrics:
        body.append(_metrics_html(tp, title, locale, w))
    if tp.owner:
        body.append(
            f'<p class="tp-line"><span class="tp-key">{w["owner"]}</span> {escape(tp.owner)}</p>'
        )
    # On the card's face, not in its details: the flow (and its loops) is what a map is read for.
    flow = ""
    if tp.next_list:
        links = ", ".join(_next_link(tp, n, stage_order, w) for n in tp.next_list)
        flow = f'<p class="tp-line tp-next"><span class="tp-key">{w["next"]}</span> {links}</p>'
    if not read_only:
        body.append(
            f'<p class="tp-line"><a href="{urls.goal_add}?scope=touchpoint:{pk}'
            '&amp;return_to=editor">'
            f'{w["set_goal"]}<span class="visually-hidden"> {w["for_title"] % {"title": title}}'
            "</span></a></p>"
        )
    title_html = (
        f'<span class="tp-title">{title}</span>'
        if read_only
        else f'<a class="tp-title" id="touchpoint-{pk}-edit" href="{edit}" hx-get="{edit}" '
        f'hx-target="#touchpoint-{pk}" hx-swap="outerHTML" '
        f'aria-label="{w["edit"] % {"title": title}}"{" autofocus" if focus else ""}>{title}</a>'
    )
    return mark_safe(
        f'<article id="touchpoint-{pk}" class="touchpoint tone-{sentiment}{item_classes(tp)} '
        f'persona-slot-{getattr(tp, "persona_slot", 0) or 0}" data-id="{pk}" '
        f'data-version="{tp.version}" aria-label="{w["touchpoint"] % {"title": title}}"'
        f"{OOB if oob else ''}>"
        f'<div class="tp-top">{title_html}'
        f'<span class="tp-emotion {tone}" title="{w["emotion_range"]}">'
        f'<span class="visually-hidden">{w["emotion"]} </span>{signed(emotion)}</span></div>'
        f'<div class="tp-meta"><span class="tp-sentiment tp-sentiment-{sentiment}">'
        f'<span aria-hidden="true">{sentiment_symbol(sentiment)}</span> '
        f"{escape(sentiment_label(sentiment))}</span>"
        f"{_channel_html(tp.channel, get_language()) if tp.channel else ''}{persona}"
        f"{research_marks_html(tp)}</div>{flow}"
        f'<details class="tp-details"><summary>{w["details"]}'
        f'<span class="visually-hidden"> {w["of_title"] % {"title": title}}</span>{count}</summary>'
        f'<div class="tp-details-body">{"".join(body)}</div></details></article>'
    )
