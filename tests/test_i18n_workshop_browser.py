"""A workshop run in Korean, in Chromium against uvicorn: a phone whose browser speaks Korean
joins and adds a note; the facilitator's panel (in Korean too) shows it live and accepts it;
the projector shows it. Screenshots go to KO_SHOTS (default /tmp/ko-shots), c-*.png."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import follow, goto
from tests.live_support import live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("KO_SHOTS", "/tmp/ko-shots"))
KOREAN = {"locale": "ko-KR"}  # Chromium sends Accept-Language: ko-KR
LIVE = re.compile("Live|실시간")  # static/js/live.js says so once the stream is open


def korean_owner(open_page, server, data, view, width, height):
    page = open_page(width, height, session=data["sessionid"], url=server.url, **KOREAN)
    goto(page, f"{server.url}{reverse(view, args=[data['journey']])}")
    expect(page.locator("[data-live-state]").first).to_have_text(LIVE)
    return page


def keeps_words_whole(page, selector):
    """True when the element's text breaks only between words (CSS word-break: keep-all)."""
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).wordBreak") == (
        "keep-all"
    )


def test_a_korean_phone_adds_a_note_that_the_korean_panel_accepts_onto_the_wall(
    open_page, tmp_path, settings
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with live_site(tmp_path, settings, moderated=True) as (server, data):
        projector = korean_owner(open_page, server, data, "journeys:present", 1280, 800)
        panel = korean_owner(open_page, server, data, "workshops:panel", 1280, 900)
        panel.get_by_role("heading", name="참여 코드").wait_for()
        panel.get_by_text("대기 중인 메모가 없습니다.").wait_for()

        phone = open_page(390, 844, is_mobile=True, has_touch=True, **KOREAN)
        goto(phone, f"{server.url}/w/{data['code']}/")
        phone.get_by_text("이 여정에 대해 아는 것을 메모로 남기고").wait_for()
        phone.get_by_label("이름").fill("민지")
        phone.screenshot(path=SHOTS / "c-phone-join.png", full_page=True)
        follow(phone, phone.get_by_role("button", name="참여"))

        phone.get_by_role("heading", name="메모 남기기").wait_for()
        phone.get_by_label("어느 단계인가요?").select_option(label="구매 Buy")
        phone.locator("label.phone-kind", has_text="아이디어").click()
        phone.get_by_label("메모", exact=True).fill("카드 결제를 한 번에 끝낼 수 있게 해 주세요")
        follow(phone, phone.get_by_role("button", name="진행자에게 보내기"))
        phone.get_by_text("보냈습니다. 진행자가 승인하면 지도에 나타납니다.").wait_for()
        expect(phone.locator(".phone-note").first).to_contain_text("승인 대기 중")
        assert keeps_words_whole(phone, ".phone-card")
        phone.screenshot(path=SHOTS / "c-phone-note.png", full_page=True)

        # The panel hears of the note over its live stream and fetches its queue in Korean.
        note = panel.locator(".ws-note", has_text="카드 결제를 한 번에")
        note.wait_for(timeout=5_000)
        expect(note.locator(".ws-kind")).to_have_text("아이디어")
        expect(panel.locator("#queue")).to_contain_text("참가자 1명 참여")
        assert keeps_words_whole(panel, ".ws-note-text")
        panel.screenshot(path=SHOTS / "c-panel.png", full_page=True)

        follow(panel, note.get_by_role("button", name="승인"))
        panel.get_by_text("메모를 지도에 추가했습니다.").wait_for()
        card = projector.locator(".p-card", has_text="카드 결제를 한 번에 끝낼 수 있게 해 주세요")
        card.wait_for(timeout=5_000)
        projector.screenshot(path=SHOTS / "c-projector.png", full_page=True)

        # Back on the phone, the note's status reads in Korean.
        goto(phone, phone.url)
        expect(phone.locator(".phone-note").first).to_contain_text("지도에 추가됨")
        for page in (projector, panel, phone):
            page.context.close()


def test_persona_pages_and_the_touchpoint_form_in_korean(
    open_page, live_server, user, user_session
):
    from journeys.sample_maps import build_map

    SHOTS.mkdir(parents=True, exist_ok=True)
    journey = build_map(user, stages=3, lanes=4, items=8, personas=1, title="기타 구매 여정")
    persona = journey.personas.get()
    persona.quote, persona.goals = (
        "처음 사는 기타라서 잘못 고를까 봐 걱정돼요",
        ["예산 안에서 입문용 기타 찾기"],
    )
    persona.save()
    for width in (1280, 1920):
        page = open_page(width, 900, session=user_session, url=live_server.url, **KOREAN)
        goto(page, f"{live_server.url}/personas/")
        page.get_by_role("heading", name="페르소나", exact=True).wait_for()
        assert keeps_words_whole(page, ".persona-card")
        page.screenshot(path=SHOTS / f"c-personas-{width}.png", full_page=True)

    goto(page, f"{live_server.url}/personas/{persona.pk}/edit/")
    page.get_by_label("이름", exact=True).fill("")
    follow(page, page.get_by_role("button", name="저장"))
    page.get_by_text("페르소나 이름을 입력하세요.").wait_for()
    page.screenshot(path=SHOTS / "c-persona-form-error.png", full_page=True)

    goto(page, f"{live_server.url}/touchpoints/map/{journey.pk}/new/")
    page.get_by_role("heading", name="새 접점").wait_for()
    expect(page.get_by_label("감정 점수")).to_contain_text("매우 만족")
    page.screenshot(path=SHOTS / "c-touchpoint-form.png", full_page=True)
