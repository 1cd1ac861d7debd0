"""The history pages: timeline with filters and versions, save and restore, undo and redo from
the editor, compare, duplicate as future state; only for the map's owner."""

import pytest
from django.urls import reverse

from history import services as history
from history.models import Version
from journeys import services
from journeys.interchange import dumps, export_document
from journeys.models import Card, Change, Journey
from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=24, personas=1)


def edit_cards(journey, n, actor="maria", start=0):
    for card in journey.cards.order_by("pk")[start : start + n]:
        card.text = f"{card.text} by {actor}"
        services.update(card, card.version, ["text"], actor)


def test_history_shows_runs_of_changes_and_the_named_versions(auth_client, journey, user):
    edit_cards(journey, 2, "maria")
    history.save_version(journey, "Draft one", "before review", user)
    edit_cards(journey, 1, "eve", start=5)
    response = auth_client.get(reverse("history:page", args=[journey.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    html = html[html.index('id="timeline"') :]
    assert html.index("by eve") < html.index("Draft one") < html.index("by maria")
    assert "by maria" in html and "before review" in html


def test_a_deleted_item_is_named_and_the_map_itself_has_no_subject(auth_client, journey):
    card = journey.cards.order_by("pk").first()
    services.delete(card, "maria")
    html = auth_client.get(reverse("history:page", args=[journey.pk])).content.decode()
    assert f'<q class="change-name">{card.text}</q>' in html
    assert '<span class="change-verb">Created the map</span>' in html
    assert 'class="change-subject">map<' not in html


def test_history_filters_by_person_stage_and_lane(auth_client, journey):
    edit_cards(journey, 3, "maria")
    edit_cards(journey, 1, "eve")
    url = reverse("history:page", args=[journey.pk])
    html = auth_client.get(url, {"person": "eve"}, **HTMX).content.decode()
    assert html.count('<li class="change') == 1 and "by eve" in html
    card = journey.cards.order_by("pk").first()
    html = auth_client.get(url, {"stage": card.stage_id, "lane": card.lane_id}).content.decode()
    assert card.text in html or "by eve" in html
    assert Card.objects.get(pk=card.pk).text.split(" by ")[0] in html
    bad = auth_client.get(url, {"stage": "nonsense"})
    assert bad.status_code == 200  # an unknown filter is ignored, not an error


def test_history_page_query_count_does_not_grow_with_the_history(
    auth_client, journey, user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    edit_cards(journey, 3)
    history.save_version(journey, "v1")
    url = reverse("history:page", args=[journey.pk])
    with CaptureQueriesContext(connection) as few:
        auth_client.get(url)
    for _ in range(4):
        edit_cards(journey, 12)
        history.save_version(journey, "again")
    with django_assert_max_num_queries(len(few)):
        auth_client.get(url)
    with django_assert_max_num_queries(len(few)):
        auth_client.get(url, {"page": 2})


def test_history_is_only_for_the_owner(client, other_user, journey):
    client.force_login(other_user)
    version = history.save_version(journey, "v1")
    for name, args, method in [
        ("history:page", [journey.pk], "get"),
        ("history:compare", [journey.pk], "get"),
        ("history:compare_pdf", [journey.pk], "get"),
        ("history:undo", [journey.pk], "post"),
        ("history:redo", [journey.pk], "post"),
        ("history:version_save", [journey.pk], "post"),
        ("history:version_restore", [journey.pk, version.pk], "post"),
        ("history:duplicate_future", [journey.pk], "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=args), {"name": "x"})
        assert response.status_code == 404, name
    assert Version.objects.count() == 1 and Journey.objects.count() == 1


def test_save_version_from_the_editor_and_restore_it(auth_client, journey):
    url = reverse("history:version_save", args=[journey.pk])
    response = auth_client.post(url, {"name": "Before workshop", "note": ""}, **HTMX)
    assert response.status_code == 200 and "Before workshop" in response.content.decode()
    version = Version.objects.get(journey=journey)
    edit_cards(journey, 2)
    restore = reverse("history:version_restore", args=[journey.pk, version.pk])
    assert auth_client.post(restore).status_code == 302
    assert dumps(export_document(journey)) == version.document
    html = auth_client.get(reverse("history:page", args=[journey.pk])).content.decode()
    assert '<span class="change-verb">Restored a version</span>\n' in html


def test_a_version_needs_a_name(auth_client, journey):
    url = reverse("history:version_save", args=[journey.pk])
    auth_client.post(url, {"name": "", "note": "x"})
    assert not Version.objects.exists()


def test_undo_and_redo_answer_the_grid_and_refusals_say_why(auth_client, journey, user):
    card = journey.cards.order_by("pk").first()
    old = card.text
    card.text = "typo"
    services.update(card, card.version, ["text"], user.username)
    response = auth_client.post(reverse("history:undo", args=[journey.pk]), **HTMX)
    assert response.status_code == 200 and old in response.content.decode()
    assert "history-step" in response["HX-Trigger"]
    assert Card.objects.get(pk=card.pk).text == old
    response = auth_client.post(reverse("history:redo", args=[journey.pk]), **HTMX)
    assert Card.objects.get(pk=card.pk).text == "typo"
    card.refresh_from_db()
    card.text = "eve's"
    services.update(card, card.version, ["text"], "eve")
    response = auth_client.post(reverse("history:undo", args=[journey.pk]), **HTMX)
    assert response.status_code == 409 and response["HX-Retarget"] == "#editor-status"
    assert "eve has changed the same item since" in response.content.decode()
    assert Card.objects.get(pk=card.pk).text == "eve's"


def test_compare_a_version_with_now_marks_the_changes(auth_client, journey):
    version = history.save_version(journey, "v1")
    card = journey.cards.order_by("pk").first()
    services.delete(card, "maria")
    url = reverse("history:compare", args=[journey.pk])
    html = auth_client.get(url, {"a": f"v{version.pk}", "b": "now"}).content.decode()
    assert "1 removed" in html and "mark-removed" in html and card.text in html
    assert auth_client.get(url, {"a": "v999"}).status_code == 404
    assert auth_client.get(url, {"a": "bogus"}).status_code == 404


def test_the_comparison_exports_to_pdf(auth_client, journey):
    version = history.save_version(journey, "v1")
    services.delete(journey.cards.order_by("pk").first(), "maria")
    url = reverse("history:compare_pdf", args=[journey.pk])
    response = auth_client.get(url, {"a": f"v{version.pk}", "b": "now"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "compare.pdf" in response["Content-Disposition"]
    page = auth_client.get(reverse("history:compare", args=[journey.pk])).content.decode()
    assert f"{url}?a=v{version.pk}&amp;b=now" in page


def test_duplicate_as_future_state_and_compare_as_is_with_to_be(auth_client, journey):
    response = auth_client.post(reverse("history:duplicate_future", args=[journey.pk]))
    future = Journey.objects.get(as_is=journey)
    assert response.status_code == 302 and future.kind == Journey.Kind.FUTURE_STATE
    tp = future.touchpoints.first()
    tp.emotion = 3 if tp.emotion != 3 else -3
    services.update(tp, tp.version, ["emotion"], "maria")
    html = auth_client.get(reverse("history:compare", args=[future.pk])).content.decode()
    assert "Emotion or sentiment changed" in html and tp.title in html
    assert f"m{journey.pk}" in html


def test_the_editor_offers_undo_redo_history_and_save_version(auth_client, journey):
    html = auth_client.get(journey.get_absolute_url()).content.decode()
    for name in ("history:undo", "history:redo", "history:page", "history:version_save"):
        assert reverse(name, args=[journey.pk]) in html


def test_a_viewer_reads_the_history_and_compares_but_is_offered_no_change(client, team):
    journey = team.journey
    version = history.save_version(journey, "v1")
    client.force_login(team.viewer)
    editor = client.get(journey.get_absolute_url()).content.decode()
    page = client.get(reverse("history:page", args=[journey.pk])).content.decode()
    assert reverse("history:page", args=[journey.pk]) in editor
    assert reverse("history:compare", args=[journey.pk]) in page
    restore = reverse("history:version_restore", args=[journey.pk, version.pk])
    for name in ("history:undo", "history:redo", "history:version_save"):
        assert reverse(name, args=[journey.pk]) not in editor + page
    assert restore not in page
    assert reverse("history:duplicate_future", args=[journey.pk]) not in page
    assert client.post(restore).status_code == 403
    to_validate = client.get(reverse("journeys:to_validate", args=[journey.pk])).content.decode()
    assert "Show on the map" in to_validate and "/evidence/" not in to_validate


def test_prune_history_deletes_old_changes_and_keeps_versions(journey, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    edit_cards(journey, 3)
    version = history.save_version(journey, "kept")
    old = timezone.now() - timedelta(days=40)
    Change.objects.filter(journey=journey).update(at=old)
    edit_cards(journey, 1)
    settings.HISTORY_KEEP_DAYS = None
    call_command("prune_history")
    assert Change.objects.filter(at=old).exists()  # unset: keep everything
    settings.HISTORY_KEEP_DAYS = 30
    call_command("prune_history")
    assert not Change.objects.filter(at=old).exists()
    assert Change.objects.filter(journey=journey).count() == 1
    assert Version.objects.filter(pk=version.pk).exists()
