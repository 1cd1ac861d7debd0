"""The map's words, symbols and colours: from the models' choices, one persona colour table
that the stylesheets read as CSS custom properties, and one persona slot for every view."""

import re

import pytest
from django.urls import reverse

from journeys import vocabulary
from journeys.emotion_curve import emotion_curve_svg
from journeys.mapdata import load_map, persona_slots_of
from journeys.models import Goal, Lane, Stage
from journeys.pdf import render_html
from journeys.sample_maps import build_map
from tests.conftest import ROOT
from touchpoints.models import Touchpoint

CSS = ROOT / "static" / "css"


def test_labels_come_from_the_models_choices():
    assert vocabulary.SENTIMENT_LABELS == dict(Touchpoint.Sentiment.choices)
    assert vocabulary.PHASE_LABELS == dict(Stage.Phase.choices)
    assert vocabulary.GOAL_KIND_LABELS == dict(Goal.Kind.choices)
    assert vocabulary.LANE_KIND_LABELS == dict(Lane.Kind.choices)


def test_every_sentiment_has_a_symbol_and_a_colour():
    for key in Touchpoint.Sentiment.values:
        assert vocabulary.sentiment_symbol(key) and vocabulary.sentiment_colour(key)
    assert vocabulary.sentiment_symbol("positive") == "▲"


def test_an_unknown_sentiment_reads_as_neutral():
    assert vocabulary.sentiment_key("ecstatic") == "neutral"
    assert vocabulary.sentiment_label(None) == "Neutral"
    assert vocabulary.sentiment_symbol("") == "●"


def test_a_phase_outside_the_three_is_shown_as_written():
    assert vocabulary.phase_label("pre_sale") == "Pre-sale"
    assert vocabulary.phase_label("Onboarding") == "Onboarding"


def test_channel_spellings_share_one_icon_and_label_and_others_stay_as_typed():
    assert vocabulary.channel("Mobile App") == vocabulary.channel("app") == ("app", "App")
    assert vocabulary.channel("e-mail") == ("email", "Email")
    assert vocabulary.channel(" Carrier pigeon ") == ("other", "Carrier pigeon")
    assert (
        vocabulary.channel("Face-to-face")
        == vocabulary.channel("branch")
        == ("in_person", "In person")
    )
    assert set(icon for icon, _ in vocabulary.CHANNELS.values()) <= set(vocabulary.CHANNEL_ICONS)


def test_persona_slots_follow_the_map_order_and_wrap_round_the_colours():
    slots = vocabulary.persona_slots(range(10, 18))
    assert [slots[pk] for pk in range(10, 18)] == [1, 2, 3, 4, 5, 6, 1, 2]
    assert vocabulary.persona_colour(0) == vocabulary.NO_PERSONA_COLOUR[0]
    assert vocabulary.persona_colour(2) == vocabulary.PERSONA_COLOURS[1][0]


def test_stylesheets_read_persona_colours_from_the_table_and_keep_no_copy():
    css = vocabulary.persona_colours_css()
    for n, (line, solid) in enumerate(vocabulary.PERSONA_COLOURS, start=1):
        assert f"--persona-{n}:{line};" in css and f"--persona-{n}-solid:{solid};" in css
        assert f".persona-slot-{n}{{--slot:var(--persona-{n})" in css
    copies = {
        path.name: colour
        for path in CSS.glob("*.css")
        for pair in vocabulary.PERSONA_COLOURS
        for colour in pair
        if colour in path.read_text().lower()
    }
    assert not copies


def test_stylesheet_sentiment_colours_are_the_vocabularys():
    for name in ("app.css", "pdf.css"):
        text = (CSS / name).read_text()
        for key in ("positive", "negative"):
            declared = re.search(rf"--{key}:\s*(#[0-9a-f]+);", text).group(1)
            assert declared == vocabulary.SENTIMENT_COLOURS[key], (name, key)


@pytest.mark.django_db
def test_pages_link_the_persona_colours_stylesheet_written_from_the_table(client):
    html = client.get(reverse("login")).content.decode()
    href = re.search(r'<link rel="stylesheet" href="(/persona-colours\.css\?v=\w+)">', html)
    assert href, "no link to the persona colours"
    response = client.get(href.group(1))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == vocabulary.persona_colours_css()
    # No inline <style> (the CSP refuses it).
    assert "<style" not in html


@pytest.mark.django_db
def test_one_persona_slot_for_the_editor_the_fragment_the_curve_and_the_pdf(auth_client, user):
    journey = build_map(user, stages=2, lanes=4, items=0, personas=3)
    second = journey.personas.order_by("journey_links__position")[1]
    tp = Touchpoint.objects.create(
        journey=journey,
        stage=journey.stages.first(),
        lane=journey.lanes.get(kind="touchpoints"),
        title="Second persona's moment",
        persona=second,
    )
    data = load_map(journey)
    assert (
        persona_slots_of(journey.pk)
        == data.persona_slots
        == {p.pk: n for n, p in enumerate(data.personas, start=1)}
    )
    assert data.personas[1].slot == 2 and data.touchpoints[0].persona_slot == 2

    page = auth_client.get(reverse("journeys:detail", args=[journey.pk])).content.decode()
    assert f'persona-chip persona-slot-2" href="{journey.get_absolute_url()}?persona=' in page
    assert f'class="touchpoint tone-neutral persona-slot-2" data-id="{tp.pk}"' in page
    show = reverse("touchpoints:show", args=[tp.pk])
    fragment = auth_client.get(show, HTTP_HX_REQUEST="true").content.decode()
    assert f'class="touchpoint tone-neutral persona-slot-2" data-id="{tp.pk}"' in fragment
    svg = emotion_curve_svg(data.stages, data.touchpoints, data.personas)
    assert f'stroke="{vocabulary.persona_colour(2)}"' in svg
    pdf_html = render_html(journey)
    assert f".line-2 {{ color: {vocabulary.persona_colour(2)}; }}" in pdf_html
