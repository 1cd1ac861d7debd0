"""Personas, touchpoints and workshops in the reader's language: Korean when the browser asks
for it (Accept-Language: ko), English otherwise; errors, limits and channel labels too, and one
request's language never shows up in the next request's page."""

import pytest
from django.test import Client

from journeys.sample_maps import build_map
from personas.models import Persona
from touchpoints.models import Touchpoint
from workshops.limits import NOTES_PER_MINUTE
from workshops.models import Note
from workshops.services import start_workshop

pytestmark = pytest.mark.django_db

KO = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9,en;q=0.5"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=8, personas=1, title="기타 구매 여정")


@pytest.fixture
def workshop(journey):
    return start_workshop(journey, votes_per_participant=1, moderated=True)


def page(response, status=200):
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def phone(workshop, name="민지", **headers):
    """A participant's own browser, joined, that sends `headers` with every request."""
    browser = Client(**headers)
    assert browser.post(f"/w/{workshop.code}/", {"display_name": name}).status_code == 302
    return browser


# --- personas ------------------------------------------------------------------------------


def test_persona_pages_are_korean_for_a_korean_browser_and_english_by_default(auth_client, journey):
    persona = journey.personas.get()
    ko = page(auth_client.get("/personas/", **KO))
    assert "<h1>페르소나</h1>" in ko and "새 페르소나" in ko and "편집" in ko
    assert "New persona" not in ko
    en = page(auth_client.get("/personas/"))
    assert "<h1>Personas</h1>" in en and "New persona" in en and "새 페르소나" not in en

    form = page(auth_client.get(f"/personas/{persona.pk}/edit/", **KO))
    assert "기본 정보" in form and "페인 포인트" in form and "선호 채널" in form
    assert "예: 첫 구매 고객" in form  # the placeholder
    delete = page(auth_client.get(f"/personas/{persona.pk}/delete/", **KO))
    assert "페르소나를 삭제할까요?" in delete and "그대로 두기" in delete


def test_persona_form_errors_and_messages_are_korean(auth_client):
    response = auth_client.post("/personas/new/", {"name": "", "goals": "x\n" * 31}, **KO)
    html = page(response, 422)
    assert "페르소나 이름을 입력하세요." in html
    assert "최대 30줄까지 입력할 수 있습니다(입력한 줄: 31줄)." in html
    assert not Persona.objects.exists()

    response = auth_client.post("/personas/new/", {"name": "지민"}, follow=True, **KO)
    assert "“지민” 페르소나를 만들었습니다." in page(response)


# --- touchpoints ---------------------------------------------------------------------------


def test_touchpoint_form_is_korean_with_korean_choices_and_errors(auth_client, journey):
    form = page(auth_client.get(f"/touchpoints/map/{journey.pk}/new/", **KO))
    assert "새 접점" in form and "감정 경향" in form and "다음 접점" in form
    assert "+3 매우 만족" in form and "−3 매우 불만" in form  # emotion choices
    assert "▲ 긍정" in form and "모든 페르소나" in form  # sentiment, persona "everyone"
    assert "Delighted" not in form and "Positive" not in form

    stage, lane = journey.stages.first(), journey.lanes.first()
    data = {"title": "", "stage": stage.pk, "lane": lane.pk, "sentiment": "neutral"}
    data |= {"emotion": "9", "metrics-TOTAL_FORMS": "1", "metrics-INITIAL_FORMS": "0"}
    data |= {"metrics-0-value": "3", "next-TOTAL_FORMS": "1", "next-INITIAL_FORMS": "0"}
    html = page(auth_client.post(f"/touchpoints/map/{journey.pk}/new/", data, **KO), 422)
    assert "접점 제목을 입력하세요." in html
    assert "감정 점수는 −3부터 +3까지입니다." in html
    assert "지표 이름을 입력하거나 이 줄을 비우세요." in html

    en = page(auth_client.get(f"/touchpoints/map/{journey.pk}/new/"))
    assert "New touchpoint" in en and "+3 Delighted" in en and "▲ Positive" in en


def test_channel_labels_follow_each_request_without_leaking_into_the_next(auth_client, journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    tp.channel, tp.metrics_list = "web", []
    tp.save()
    url = f"/touchpoints/{tp.pk}/"
    # Alternate languages in one process: a cache keyed without the language would repeat
    # the first answer to everyone.
    for _ in range(2):
        ko = page(auth_client.get(url, **HTMX, **KO))
        assert "채널: </span>웹사이트" in ko and "감정 점수" in ko and "목표와 지표" in ko
        assert "Website" not in ko and "Channel:" not in ko
        en = page(auth_client.get(url, **HTMX, **EN))
        assert "Channel: </span>Website" in en and "Goal &amp; metrics" in en
        assert "웹사이트" not in en and "채널" not in en
    # A channel typed in some other way is shown as typed, in every language.
    tp.channel = "카카오톡"
    tp.save()
    assert "카카오톡" in page(auth_client.get(url, **HTMX, **EN))


def test_touchpoint_card_sentiment_and_metric_count_are_korean(auth_client, journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    tp.sentiment = "negative"
    tp.save()
    tp.metrics.all().delete()
    tp.metrics.create(name="NPS", value=30, position=0)
    html = page(auth_client.get(f"/touchpoints/{tp.pk}/", **HTMX, **KO))
    assert "부정" in html and 'aria-label="지표 1개"' in html and "현재값" in html


# --- workshops: the facilitator ------------------------------------------------------------


def test_workshop_panel_and_its_live_queue_are_korean(auth_client, journey, workshop):
    start = page(auth_client.get(f"/journeys/{journey.pk}/workshop/", **KO))
    assert "참여 코드" in start and "워크숍 종료" in start and "대기 중인 메모" in start
    assert "내가 승인한 뒤 지도에 올리기" in start and "참가자별 투표 수" in start
    browser = phone(workshop, **KO)
    browser.post(
        f"/w/{workshop.code}/notes/",
        {"stage": journey.stages.first().pk, "kind": "idea", "text": "리뷰를 먼저 보여 주기"},
    )
    # The queue is what the live stream makes the panel fetch: in the panel's own language,
    # whatever language the note was sent in.
    queue = f"/journeys/{journey.pk}/workshop/queue/"
    ko = page(auth_client.get(queue, **KO))
    assert "아이디어" in ko and "승인" in ko and "참가자 1명 참여" in ko
    en = page(auth_client.get(queue, **EN))
    assert "Idea" in en and "Accept" in en and "1 participant joined" in en and "승인" not in en


def test_workshop_settings_errors_and_messages_are_korean(auth_client, journey):
    response = auth_client.post(
        f"/journeys/{journey.pk}/workshop/start/",
        {"votes_per_participant": "-1", "moderated": "1"},
        **KO,
    )
    assert "0 이상의 값을 입력해 주세요." in page(response, 400)  # Django's own catalogue
    response = auth_client.post(
        f"/journeys/{journey.pk}/workshop/start/",
        {"votes_per_participant": "3", "moderated": "1"},
        follow=True,
        **KO,
    )
    assert "워크숍을 시작했습니다. 참여 코드:" in page(response)


# --- workshops: participants on phones ----------------------------------------------------


def test_a_phone_gets_its_browsers_language(journey, workshop):
    ko_phone, en_phone = Client(**KO), Client(**EN)
    ko = page(ko_phone.get(f"/w/{workshop.code}/"))
    assert "워크숍 " + workshop.code in ko and ">참여</button>" in ko and "이름" in ko
    en = page(en_phone.get(f"/w/{workshop.code}/"))
    assert "Your name" in en and ">Join</button>" in en and "참여" not in en
    assert "참여 코드" in page(Client(**KO).get("/w/"))

    # The phone page after joining: the form, the kinds, the votes.
    ko = page(phone(workshop, **KO).get(f"/w/{workshop.code}/"))
    assert "메모 남기기" in ko and "페인 포인트" in ko and "진행자에게 보내기" in ko
    assert "투표 1개 중 <strong>1</strong>개 남았습니다." in ko
    en = page(phone(workshop, name="Sam", **EN).get(f"/w/{workshop.code}/"))
    assert "Add a note" in en and "Pain point" in en and "메모" not in en


def test_phone_errors_limits_and_messages_are_korean(journey, workshop):
    browser = phone(workshop, **KO)
    url = f"/w/{workshop.code}/notes/"
    stage = journey.stages.first().pk
    html = page(browser.post(url, {"stage": stage, "kind": "idea", "text": "  "}), 400)
    assert "먼저 내용을 입력하세요." in html

    sent = browser.post(url, {"stage": stage, "kind": "idea", "text": "첫 메모"}, follow=True)
    assert "보냈습니다. 진행자가 승인하면 지도에 나타납니다." in page(sent)
    assert "승인 대기 중" in page(sent)  # the note's status, from the model's choices
    for n in range(NOTES_PER_MINUTE - 1):
        browser.post(url, {"stage": stage, "kind": "idea", "text": f"메모 {n}"})
    over = page(browser.post(url, {"stage": stage, "kind": "idea", "text": "하나 더"}), 429)
    assert "조금 천천히 보내 주세요. 1분에 메모를 10개까지 보낼 수 있습니다." in over
    assert "작성한 메모는 그대로 있습니다." in over and "하나 더" in over
    assert Note.objects.filter(text="하나 더").count() == 0


def test_phone_vote_limit_and_ended_workshop_are_korean(journey, workshop, auth_client):
    browser = phone(workshop, **KO)
    cards = list(journey.cards.all()[:2])
    browser.post(f"/w/{workshop.code}/cards/{cards[0].pk}/vote/")
    over = page(browser.post(f"/w/{workshop.code}/cards/{cards[1].pk}/vote/"), 409)
    assert "투표 1개를 모두 사용했습니다. 다른 카드에 투표하려면 하나를 취소하세요." in over

    auth_client.post(f"/journeys/{journey.pk}/workshop/end/")
    ended = page(browser.get(f"/w/{workshop.code}/"), 410)
    assert "워크숍이 끝났습니다" in ended and "참여해 주셔서 감사합니다!" in ended


def test_a_removed_phone_is_told_in_korean(journey, workshop, auth_client):
    browser = phone(workshop, **KO)
    person = workshop.participants.get()
    auth_client.post(f"/journeys/{journey.pk}/workshop/participants/{person.pk}/remove/")
    refused = page(browser.get(f"/w/{workshop.code}/"), 403)
    assert "진행자가 이 워크숍에서 내보냈습니다." in refused
    assert "이 워크숍에 참여할 수 없습니다" in refused


def test_a_wrong_code_is_refused_in_korean(db):
    response = Client(**KO).post("/w/", {"code": "ABC"})
    assert "참여 코드는 영문자와 숫자 6자리입니다." in page(response)
