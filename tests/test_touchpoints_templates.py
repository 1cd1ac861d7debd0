"""The templates the editor includes: one touchpoint, an add control, the persona bar."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from journeys.mapdata import load_map
from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db


def test_touchpoint_fragment_shows_channel_sentiment_emotion_persona(user):
    data = load_map(build_map(user, items=10))
    tp = data.touchpoints[0]
    html = render_to_string("touchpoints/_touchpoint.html", {"tp": tp, "map": data})
    assert f'id="touchpoint-{tp.pk}"' in html
    assert f'data-id="{tp.pk}"' in html
    assert tp.title in html
    assert "Website" in html  # channel label
    assert "▲" in html and "Positive" in html  # sentiment symbol and word, not colour alone
    assert "−3" in html  # emotion (first factory touchpoint has -3)
    assert tp.persona.name in html
    assert "NPS" in html  # metrics one click away
    assert f"/touchpoints/{tp.pk}/edit/" in html


def test_add_control_and_persona_bar_render(user):
    journey = build_map(user, items=4)
    data = load_map(journey, persona_id=None)
    stage, lane = data.stages[0], data.lanes[3]
    html = render_to_string(
        "touchpoints/_add.html", {"journey": journey, "stage": stage, "lane": lane}
    )
    assert f"stage={stage.pk}" in html and "Add touchpoint in Stage 1" in html
    request = RequestFactory().get("/")
    request.user = user
    bar = render_to_string("personas/_persona_bar.html", {"map": data}, request=request)
    assert "All personas" in bar
    assert f"?persona={data.personas[0].pk}" in bar


def test_links_that_loop_back_to_an_earlier_stage_say_so(user):
    from touchpoints.models import TouchpointLink

    data = load_map(build_map(user, stages=3, items=6))
    first = data.touchpoints[0]  # Stage 1
    last = data.touchpoints[-1]  # Stage 3
    TouchpointLink.objects.create(source=last, target=first, position=5)
    data = load_map(data.journey)
    last = data.touchpoints[-1]
    html = render_to_string("touchpoints/_touchpoint.html", {"tp": last, "map": data})
    assert f'<a href="#touchpoint-{first.pk}"><span aria-hidden="true">↩ </span>' in html
    assert "back to </span>" in html
    forward = render_to_string(
        "touchpoints/_touchpoint.html", {"tp": data.touchpoints[0], "map": data}
    )
    assert "↩" not in forward
