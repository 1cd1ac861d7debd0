"""Evidence in the editor: marks on cards and touchpoints, the evidence page, the to-validate
list, and the same marks on the projector, in the PDF and in live pieces."""

import datetime

import pytest
from django.urls import reverse

from journeys import services
from journeys.changes import event_of
from journeys.editor.evidence import SUGGESTED_KINDS
from journeys.models import Card, Change, Evidence
from journeys.pdf import render_html
from journeys.pieces import pieces
from journeys.sample_maps import build_map
from touchpoints.models import Touchpoint

from .conftest import HX, url

pytestmark = pytest.mark.django_db


def a_card(journey):
    return journey.cards.filter(lane__kind="pain_points").first() or journey.cards.first()


def test_a_card_marked_assumed_shows_it_in_words_and_keeps_the_mark(auth_client, journey):
    card = a_card(journey)
    post = {"text": card.text, "persona": "", "confidence": "assumed", "version": card.version}
    answer = auth_client.post(url(journey, f"cards/{card.pk}/edit/"), post, **HX)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="card persona-slot-0 assumed"' in html and ">Assumed</span>" in html
    assert Card.objects.get(pk=card.pk).confidence == "assumed"
    assert Change.objects.filter(action="card.saved", target=f"card:{card.pk}").exists()


def test_an_unknown_confidence_is_refused_and_changes_nothing(auth_client, journey):
    card = a_card(journey)
    post = {"text": card.text, "confidence": "probably", "version": card.version}
    answer = auth_client.post(url(journey, f"cards/{card.pk}/edit/"), post, **HX)
    assert answer.status_code == 422
    assert Card.objects.get(pk=card.pk).confidence == ""


def test_adding_evidence_from_a_card_backs_it_and_the_card_shows_the_count(auth_client, journey):
    card = a_card(journey)
    card.confidence = "assumed"
    card.save()
    page = url(journey, f"evidence/card/{card.pk}/")
    assert auth_client.get(page).status_code == 200
    post = {
        "kind": "quote",
        "text": "“예약이 두 번 됐어요.”",
        "source": "Interview 3",
        "date": "2026-11-02",
        "respondents": "1",
        "persona": journey.personas.first().pk,
    }
    answer = auth_client.post(page, post)
    assert answer.status_code == 302 and answer["Location"].endswith(f"#card-{card.pk}")
    evidence = Evidence.objects.get(journey=journey)
    assert (evidence.kind, evidence.date, evidence.respondents) == (
        "quote",
        datetime.date(2026, 11, 2),
        1,
    )
    assert list(evidence.cards.all()) == [card]
    assert Card.objects.get(pk=card.pk).confidence == ""  # observed: it has evidence now
    shown = auth_client.get(url(journey, f"cards/{card.pk}/"), **HX).content.decode()
    assert "❝ 1" in shown and "1 evidence item" in shown and "assumed" not in shown
    opened = auth_client.get(url(journey, f"cards/{card.pk}/edit/"), **HX).content.decode()
    assert "<blockquote>“예약이 두 번 됐어요.”</blockquote>" in opened
    meta = opened.split('class="evidence-meta">')[1].split("</p>")[0]
    parts = ["Interview 3", "2026-11-02", "1 respondent", journey.personas.first().name]
    assert [part in meta for part in parts] == [True] * 4


def test_bad_evidence_is_refused_with_reasons_and_writes_nothing(auth_client, journey):
    card = a_card(journey)
    post = {"kind": "rumour", "text": "", "date": "2026-02-30", "respondents": "0"}
    answer = auth_client.post(url(journey, f"evidence/card/{card.pk}/"), post)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Write the quote, observation or figure." in html
    assert "Respondents: at least 1." in html
    assert not Evidence.objects.exists()


def test_nobody_adds_evidence_to_a_map_not_theirs(client, other_user, journey):
    client.force_login(other_user)
    card = a_card(journey)
    tp = Touchpoint.objects.filter(journey=journey).first()
    for path in (f"evidence/card/{card.pk}/", f"evidence/touchpoint/{tp.pk}/", "to-validate/"):
        assert client.get(url(journey, path)).status_code == 404
    answer = client.post(url(journey, f"evidence/card/{card.pk}/"), {"kind": "quote", "text": "x"})
    assert answer.status_code == 404 and not Evidence.objects.exists()


def test_a_card_of_another_map_is_not_found_under_this_one(auth_client, journey, user):
    other = build_map(user, stages=1, lanes=2, items=2, title="Other")
    card = other.cards.first()
    assert auth_client.get(url(journey, f"evidence/card/{card.pk}/")).status_code == 404


def test_removing_evidence_goes_back_to_the_item(auth_client, journey):
    card = a_card(journey)
    evidence = Evidence(journey=journey, kind="observation", text="Queue at the desk")
    services.add_evidence(evidence, "maria", cards=[card])
    post = {"next_kind": "card", "next_item": card.pk}
    answer = auth_client.post(url(journey, f"evidence/{evidence.pk}/delete/"), post)
    assert answer["Location"] == reverse("journeys:evidence_add_card", args=[journey.pk, card.pk])
    assert not Evidence.objects.exists()


def test_a_touchpoint_marked_assumed_and_its_evidence(auth_client, journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    form = auth_client.get(f"/touchpoints/{tp.pk}/edit/", **HX).content.decode()
    assert 'name="confidence"' in form and "Add evidence" in form
    post = {
        "title": tp.title,
        "sentiment": tp.sentiment,
        "emotion": tp.emotion,
        "confidence": "assumed",
        "version": tp.version,
        "metrics-TOTAL_FORMS": "0",
        "metrics-INITIAL_FORMS": "0",
        "next-TOTAL_FORMS": "0",
        "next-INITIAL_FORMS": "0",
    }
    answer = auth_client.post(f"/touchpoints/{tp.pk}/edit/", post, **HX)
    assert answer.status_code == 200, answer.content.decode()[:2000]
    assert "assumed" in answer.content.decode()
    assert Touchpoint.objects.get(pk=tp.pk).confidence == "assumed"
    services.add_evidence(
        Evidence(journey=journey, kind="analytics", text="40%"), "m", touchpoints=[tp]
    )
    shown = auth_client.get(f"/touchpoints/{tp.pk}/", **HX).content.decode()
    assert "❝ 1" in shown and "Assumed" not in shown


def test_to_validate_lists_assumed_items_with_checks_and_links(auth_client, journey):
    card = a_card(journey)
    Card.objects.filter(pk=card.pk).update(confidence="assumed")
    tp = Touchpoint.objects.filter(journey=journey).first()
    Touchpoint.objects.filter(pk=tp.pk).update(confidence="assumed")
    backed = journey.cards.exclude(pk=card.pk).first()
    services.add_evidence(Evidence(journey=journey, kind="quote", text="q"), "m", cards=[backed])
    html = auth_client.get(url(journey, "to-validate/")).content.decode()
    assumed, _, unsaid = html.partition('class="validate-unsaid"')
    assert card.text in assumed and tp.title in assumed
    assert f'href="/journeys/{journey.pk}/#card-{card.pk}"' in assumed
    assert f'href="/journeys/{journey.pk}/evidence/touchpoint/{tp.pk}/"' in assumed
    assert "2 items are marked assumed" in assumed and "1 item is observed." in assumed
    checks = SUGGESTED_KINDS.get(card.lane.kind, ["quote", "observation"])  # by the lane
    labels = dict(Evidence.Kind.choices)
    assert "Check with:" in assumed and all(str(labels[k]) in assumed for k in checks)
    assert backed.text not in html  # observed: nothing to check
    others = journey.cards.count() + Touchpoint.objects.filter(journey=journey).count() - 3
    assert f"{others} items have no evidence and no mark" in unsaid


def test_to_validate_reads_a_fixed_number_of_queries(
    auth_client, user, django_assert_max_num_queries
):
    small = build_map(user, stages=2, lanes=3, items=6)
    large = build_map(user, stages=6, lanes=8, items=200)
    Card.objects.update(confidence="assumed")
    counts = []
    for journey in (small, large):
        with django_assert_max_num_queries(20) as queries:
            auth_client.get(url(journey, "to-validate/"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_assumed_marks_on_the_projector_and_in_the_pdf(auth_client, journey):
    card = a_card(journey)
    tp = Touchpoint.objects.filter(journey=journey).first()
    Card.objects.filter(pk=card.pk).update(confidence="assumed")
    Touchpoint.objects.filter(pk=tp.pk).update(confidence="assumed")
    present = auth_client.get(url(journey, "present/")).content.decode()
    assert f'class="p-card assumed" id="p-card-{card.pk}"' in present
    assert 'class="p-tp sentiment-' in present and present.count(">Assumed</span>") == 2
    html = render_html(journey)
    assert html.count('<span class="mark-assumed">Assumed</span>') == 2
    assert 'class="card assumed"' in html


def test_evidence_added_to_a_card_redraws_its_cell_live(journey):
    card = a_card(journey)
    change = services.add_evidence(
        Evidence(journey=journey, kind="quote", text="q"), "m", cards=[card]
    )
    [editor] = pieces(event_of(change), "editor")
    assert editor["id"] == f"cell-{card.stage_id}-{card.lane_id}" and "❝ 1" in editor["html"]
    [present] = pieces(event_of(change), "present")
    assert present["id"] == f"p-cell-{card.stage_id}-{card.lane_id}"
    stage_only = services.add_evidence(
        Evidence(journey=journey, kind="survey", text="NPS 31"), "m", stages=[card.stage]
    )
    assert pieces(event_of(stage_only), "editor") == []
