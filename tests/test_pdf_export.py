"""The bounded PDF download (journeys/pdf_export.py): the size limit and what to do instead,
stage-range and persona exports, the cap on renders at once, and the cache."""

import io
import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from journeys import services
from journeys.models import Card
from journeys.pdf_export import render_slots
from journeys.sample_maps import build_map
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def export(client, journey, **query):
    return client.get(reverse("journeys:export_pdf", args=[journey.pk]), query)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def words(text):
    """The numbered texts a sample map prints: Card 12, Touchpoint 3, Stage 2."""
    return set(re.findall(r"(?:Card|Touchpoint|Stage) \d+\b", text))


def named(items, attr):
    return {getattr(item, attr) for item in items}


# --- The size limit --------------------------------------------------------------------------


def test_a_map_over_the_limit_gets_the_message_and_no_pdf(auth_client, user):
    # Bigger than the default limit (1,500 cards and touchpoints), built in a few bulk inserts.
    journey = build_map(user, stages=20, lanes=10, items=1600, personas=2)
    response = export(auth_client, journey)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "X-PDF-Cache" not in response
    page = response.content.decode()
    assert "too large for one PDF" in page
    assert "1600 cards and touchpoints in 200 cells (20 stages × 10 lanes)" in page
    assert "at most 1500 cards and touchpoints" in page
    # What to do instead: a stage range that fits, each persona, the data exports, the form.
    url = reverse("journeys:export_pdf", args=[journey.pk])
    assert f"{url}?from=1&amp;to=18&amp;paper=a3" in page
    persona = journey.personas.first()
    assert f"{url}?persona={persona.pk}&amp;paper=a3" in page
    assert reverse("journeys:export_csv", args=[journey.pk]) in page
    assert 'name="from"' in page and 'name="to"' in page


def test_the_limit_applies_to_what_is_exported(auth_client, user, settings):
    settings.PDF_MAX_UNITS = 40
    journey = build_map(user, stages=6, lanes=2, items=60, personas=2)
    assert export(auth_client, journey).status_code == 413
    # A range of stages of the same map fits, and keeps its numbers in the page's links.
    response = export(auth_client, journey, **{"from": 2, "to": 3})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # A range still too large is refused, and the suggestion starts where it started.
    response = export(auth_client, journey, **{"from": 2, "to": 6})
    assert response.status_code == 413
    assert "?from=2&amp;to=4" in response.content.decode()


def test_stage_range_export_contains_only_those_stages_text(auth_client, user):
    journey = build_map(user, stages=6, lanes=3, items=60, personas=2)
    response = export(auth_client, journey, **{"from": 2, "to": 3, "paper": "a4"})
    assert response.status_code == 200
    assert "stages-2-3-a4.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    stages = list(journey.stages.all())
    inside, outside = stages[1:3], stages[:1] + stages[3:]
    shown = words(text)
    expected = named(inside, "name")
    expected |= named(Card.objects.filter(stage__in=inside), "text")
    expected |= named(Touchpoint.objects.filter(stage__in=inside), "title")
    left_out = named(outside, "name")
    left_out |= named(Card.objects.filter(stage__in=outside), "text")
    left_out |= named(Touchpoint.objects.filter(stage__in=outside), "title")
    assert expected <= shown
    assert not (left_out & shown)
    assert "Stages 2–3 of 6" in text


def test_persona_export_shows_that_persona_and_what_everyone_shares(auth_client, user):
    journey = build_map(user, stages=3, lanes=3, items=30, personas=2)
    mine, theirs = list(journey.personas.order_by("pk"))
    text = pdf_text(export(auth_client, journey, persona=mine.pk).content)
    shown = words(text)
    assert named(Card.objects.filter(journey=journey, persona=mine), "text") <= shown
    assert named(Card.objects.filter(journey=journey, persona=None), "text") <= shown
    assert not named(Card.objects.filter(journey=journey, persona=theirs), "text") & shown
    assert not named(Touchpoint.objects.filter(journey=journey, persona=theirs), "title") & shown
    assert f"{mine.name} only, with notes shared by all" in text


@pytest.mark.parametrize(
    "query, message",
    [
        ({"from": 0}, "between 1 and 4"),
        ({"from": 3, "to": 2}, "the first not after the last"),
        ({"to": 9}, "between 1 and 4"),
        ({"from": "two"}, "by number"),
        ({"persona": "x"}, "Choose a persona"),
        ({"persona": 999999}, "not on this map"),
    ],
)
def test_bad_export_options_are_a_400_with_a_clear_message(auth_client, user, query, message):
    journey = build_map(user, stages=4, items=8)
    response = export(auth_client, journey, **query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_another_users_persona_is_not_on_the_map(auth_client, user, other_user):
    journey = build_map(user, stages=2, items=4)
    stranger = build_map(other_user, stages=1, items=2, personas=1).personas.get()
    response = export(auth_client, journey, persona=stranger.pk)
    assert response.status_code == 400


# --- At most N renders at once ----------------------------------------------------------------


def hold_every_slot():
    slots = render_slots()
    for _ in range(django_settings.PDF_MAX_RENDERS):
        assert slots.acquire(blocking=False)
    return slots


def release_every_slot(slots):
    for _ in range(django_settings.PDF_MAX_RENDERS):
        slots.release()


def test_when_every_render_slot_is_taken_the_answer_is_503_with_retry_after(
    auth_client, user, settings
):
    settings.PDF_RENDER_WAIT_SECONDS = 0.05
    journey = build_map(user, stages=2, items=4)
    slots = hold_every_slot()
    try:
        response = export(auth_client, journey)
    finally:
        release_every_slot(slots)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The PDF export is busy" in response.content.decode()
    # Once a slot is free, the same request renders.
    assert export(auth_client, journey).status_code == 200


def test_a_cached_pdf_needs_no_render_slot(auth_client, user, settings):
    settings.PDF_RENDER_WAIT_SECONDS = 0.05
    journey = build_map(user, stages=2, items=4)
    first = export(auth_client, journey)
    slots = hold_every_slot()
    try:
        again = export(auth_client, journey)
    finally:
        release_every_slot(slots)
    assert again.status_code == 200
    assert again.content == first.content


# --- The cache ------------------------------------------------------------------------------


def test_a_repeated_export_is_not_rendered_again_until_the_map_changes(auth_client, user):
    journey = build_map(user, stages=3, items=12)
    first = export(auth_client, journey)
    assert first["X-PDF-Cache"] == "miss"
    again = export(auth_client, journey)
    assert again["X-PDF-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]

    card = Card.objects.filter(journey=journey).first()
    card.text = "Checkout takes too long"
    services.update(card, card.version, ["text"], "maria")
    changed = export(auth_client, journey)
    assert changed["X-PDF-Cache"] == "miss"
    assert "Checkout takes too long" in pdf_text(changed.content)


def test_each_paper_persona_and_stage_range_is_cached_apart(auth_client, user):
    journey = build_map(user, stages=3, items=12)
    assert export(auth_client, journey)["X-PDF-Cache"] == "miss"
    assert export(auth_client, journey, paper="a4")["X-PDF-Cache"] == "miss"
    assert export(auth_client, journey, **{"from": 2})["X-PDF-Cache"] == "miss"
    persona = journey.personas.first()
    assert export(auth_client, journey, persona=persona.pk)["X-PDF-Cache"] == "miss"
    assert export(auth_client, journey, paper="a4")["X-PDF-Cache"] == "hit"
    # The whole range is the whole map: the same PDF, the same cache entry.
    assert export(auth_client, journey, **{"from": 1, "to": 3})["X-PDF-Cache"] == "hit"


# --- The editor's export menu and the command line --------------------------------------------


def test_the_export_menu_offers_a_stage_range_and_persona_form(auth_client, user):
    journey = build_map(user, stages=3, items=6, personas=2)
    page = auth_client.get(reverse("journeys:detail", args=[journey.pk])).content.decode()
    assert 'class="pdf-export-form"' in page
    assert "data-pdf-export" in page and 'data-busy-label="Preparing PDF…"' in page
    assert "js/pdf-export.js" in page
    assert '<option value="3" selected>3. Stage 3</option>' in page  # "to" starts at the last
    assert "onclick" not in page and "<script>" not in page


def test_export_journey_command_prints_a_stage_range_without_a_limit(user, tmp_path, settings):
    settings.PDF_MAX_UNITS = 1
    journey = build_map(user, stages=4, items=8)
    out = tmp_path / "map.pdf"
    options = ["--format", "pdf", "--output", str(out), "--from", "3", "--to", "4"]
    call_command("export_journey", str(journey.pk), *options, stderr=io.StringIO())
    shown = words(pdf_text(out.read_bytes()))
    assert {"Stage 3", "Stage 4"} <= shown
    assert not {"Stage 1", "Stage 2"} & shown


def test_a_part_holds_only_its_part_on_every_page_overview_and_legend_included(user, tmp_path):
    journey = build_map(user, stages=6, lanes=8, items=90, personas=3)
    mine = journey.personas.order_by("pk")[1]
    out = tmp_path / "part.pdf"
    options = ["--format", "pdf", "--output", str(out), "--from", "2", "--to", "4"]
    options += ["--persona", str(mine.pk)]
    call_command("export_journey", str(journey.pk), *options, stderr=io.StringIO())
    text = pdf_text(out.read_bytes())
    assert "The journey at a glance" in text
    stages = list(journey.stages.all())
    inside = stages[1:4]
    shown = words(text)
    assert named(inside, "name") <= shown
    assert not named(stages[:1] + stages[4:], "name") & shown
    expected = Card.objects.filter(stage__in=inside, persona__in=[mine, None])
    assert named(expected, "text") <= shown
    left_out = Card.objects.exclude(stage__in=inside) | Card.objects.exclude(
        persona__in=[mine]
    ).exclude(persona=None)
    assert not named(left_out.filter(journey=journey), "text") & shown
    assert (
        not named(Touchpoint.objects.filter(journey=journey).exclude(stage__in=inside), "title")
        & shown
    )
    # No other persona is named, not even in the curve's legend.
    others = journey.personas.exclude(pk=mine.pk)
    assert not any(p.name in text for p in others)
    assert mine.name in text
