"""Korean in Chromium, with the browser set to Korean (ko-KR) as a Korean marketer's is: sign up,
start a map from a template, edit a card, and a workshop joined from a phone, with the projector
on the wall. The pages must be in Korean: <html lang="ko">, Korean words from the header, the
account pages, the scripts' catalog (static/js/ through /i18n/js/) and the apps' pages.

The pages report no Content-Security-Policy violation (the JavaScript catalog is a script from
the app, not inline), and pass axe-core's WCAG 2.1 AA rules in Korean. Screenshots of every step
are kept in KO_SHOTS (/tmp/ko-shots/) to be looked at.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document
from tests.browser import UNNAMED_CONTROLS, assert_every_control_named, follow, goto, settled
from tests.live_support import live_site
from tests.test_accessibility_browser import AXE, axe_violations
from tests.test_csp_browser import assert_no_violations, watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("KO_SHOTS", "/tmp/ko-shots"))
KOREAN = {"locale": "ko-KR"}  # Chromium then sends Accept-Language: ko-KR,ko;…
TEMPLATE = "디지털 고객 여정 (DCJ)"
MAP_TITLE = "첫 기타 구매 여정"
# Text no Korean page should show: English words of the pages' chrome.
ENGLISH_CHROME = re.compile(r"\b(Log out|Log in|Sign up|Personas|Maps)\b")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def english_words(page, root="main", skip="", allowed=()):
    """Latin words of three letters or more in the text of `root`, leaving out the elements
    `skip` selects (content people wrote, such as a template's stage names) and names that read
    the same in every language: what was left untranslated."""
    text = page.evaluate(
        """([root, skip]) => {
          const copy = document.querySelector(root).cloneNode(true);
          if (skip) copy.querySelectorAll(skip).forEach((el) => el.remove());
          return copy.textContent;
        }""",
        [root, skip],
    )
    same = {"Journey", "Map", "Studio", "PDF", "CSV", "JSON", "Excel", "DCJ", "NPS", *allowed}
    return sorted(set(re.findall(r"[A-Za-z]{3,}", text)) - same)


def assert_korean(page):
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    header = page.locator("header").first.inner_text()
    assert not ENGLISH_CHROME.search(header), header


def test_a_korean_user_signs_up_starts_a_map_from_a_template_and_edits_a_card(
    open_page, live_server
):
    page = watched(open_page(**KOREAN))
    base = live_server.url

    # Signing up: the account pages and Django's own form labels and help in Korean.
    goto(page, f"{base}{reverse('login')}")
    assert_korean(page)
    expect(page.get_by_role("heading", name="로그인")).to_be_visible()
    follow(page, page.get_by_role("link", name="가입"))
    expect(page.get_by_role("heading", name="계정 만들기")).to_be_visible()
    assert_every_control_named(page)
    page.get_by_label("사용자 이름").fill("jimin")
    page.get_by_label("이메일 주소").fill("jimin@example.com")
    page.get_by_label("비밀번호:", exact=True).fill("first-guitar-2026")
    page.get_by_label("비밀번호 확인").fill("first-guitar-2026")
    shot(page, "1-signup")
    follow(page, page.get_by_role("button", name="가입"))

    # The map list: welcome, the header in Korean, the switcher showing 한국어.
    expect(page.get_by_text("jimin님, 환영합니다.")).to_be_visible()
    assert_korean(page)
    nav = page.get_by_role("navigation", name="주 메뉴")
    expect(nav.get_by_role("link", name="지도")).to_be_visible()
    expect(nav.get_by_role("button", name="로그아웃 (jimin)")).to_be_visible()
    expect(nav.get_by_label("언어")).to_have_value("ko")
    expect(page.get_by_role("heading", name="내 여정 지도")).to_be_visible()
    assert english_words(page, allowed=["jimin"]) == []
    shot(page, "2-map-list")

    # A map from the DCJ template.
    follow(page, page.get_by_role("link", name="새 지도"))
    assert_korean(page)
    expect(page.get_by_role("heading", name="새 여정 지도")).to_be_visible()
    page.get_by_label("새 지도 제목").fill(MAP_TITLE)
    # (What templates' writers wrote: names, stages, previews; "SaaS" is an industry's name,
    # "jimin" the workspace's.)
    written = ".t-stages, .t-desc, .t-name, .t-actions, .t-preview, select"
    assert english_words(page, skip=written, allowed=["SaaS", "jimin"]) == []
    shot(page, "3-new-map")
    use = re.compile(f"^사용하기.*{re.escape(TEMPLATE)}.*한국어")
    follow(page, page.get_by_role("button", name=use))
    expect(page.get_by_role("heading", level=1)).to_have_text(MAP_TITLE)
    assert_korean(page)
    # The scripts speak Korean too: the live state comes from the JavaScript catalog.
    expect(page.locator("[data-live-state]")).to_have_text(re.compile("^(실시간|다시 연결 중…)$"))

    # A card: added, then edited, with Korean text kept whole.
    settled(page)
    page.get_by_role("link", name="고객 행동 · 인식에 카드 추가").click()
    settled(page)
    field = page.get_by_label("고객 행동 · 인식에 새 카드")
    field.fill("결제 단계에서 카드 인증이 자꾸 실패한다")
    field.press("Enter")
    card = page.locator("li.card", has_text="카드 인증이 자꾸 실패한다")
    expect(card).to_be_visible()
    field.press("Escape")
    settled(page)
    card.get_by_role("link", name="카드 편집: 결제 단계에서 카드 인증이 자꾸 실패한다").click()
    settled(page)
    editing = page.get_by_label("카드 내용")
    editing.fill("결제 단계에서 카드 인증이 자꾸 실패해 구매를 포기한다")
    shot(page, "4-edit-card")
    editing.press("Enter")
    edited = page.locator("li.card", has_text="구매를 포기한다")
    expect(edited).to_be_visible()
    assert edited.evaluate("el => getComputedStyle(el).wordBreak") == "keep-all"
    assert_korean(page)
    assert english_words(page) == []
    shot(page, "5-editor")

    # Switching to English keeps the page, saved with the account; back to Korean again.
    page.get_by_label("언어").select_option("en")
    follow(page, page.get_by_role("button", name="언어 변경"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(MAP_TITLE)
    expect(page.get_by_role("button", name="Log out jimin")).to_be_visible()
    page.get_by_label("Language").select_option("ko")
    follow(page, page.get_by_role("button", name="Change language"))
    assert_korean(page)
    assert_no_violations(page)


def test_a_workshop_joined_from_a_korean_phone(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        journey = reverse("journeys:present", args=[data["journey"]])
        projector = open_page(1280, 800, session=data["sessionid"], url=server.url, **KOREAN)
        goto(projector, f"{server.url}{journey}")
        projector.locator("[data-live-state]", has_text="실시간").wait_for()

        phone = watched(open_page(390, 844, is_mobile=True, has_touch=True, **KOREAN))
        goto(phone, f"{server.url}/w/{data['code']}/")
        assert_korean(phone)
        # Every control named (the join form's help text is not yet referenced by id: workshops).
        assert phone.evaluate(UNNAMED_CONTROLS) == []
        shot(phone, "6-phone-join")
        assert english_words(phone, skip="h1, .phone-eyebrow") == []
        phone.get_by_label("이름").fill("민지")
        follow(phone, phone.get_by_role("button", name="참여"))
        assert_korean(phone)
        phone.get_by_role("heading", name="메모 남기기").wait_for()
        phone.get_by_label("어느 단계인가요?").select_option(index=1)
        phone.locator("label.phone-kind", has_text="아이디어").click()
        phone.get_by_label("메모", exact=True).fill("카드 결제를 한 번에 끝낼 수 있게 한다")
        follow(phone, phone.get_by_role("button", name="지도에 추가"))
        expect(phone.get_by_text("지도에 추가했습니다.")).to_be_visible()
        # The seed map's own words (its stage and lane names) are content, not chrome.
        assert english_words(phone, "#add", skip="select") == []
        shot(phone, "7-phone-note")

        projector.locator(".p-card", has_text="카드 결제를 한 번에 끝낼 수 있게 한다").wait_for()
        # Stepping through the stages announces them in Korean (static/js/present.js).
        projector.keyboard.press("ArrowRight")
        expect(projector.locator("#p-announce")).to_have_text(re.compile(r"^\d+단계 중 1단계: "))
        projector.keyboard.press("Escape")
        expect(projector.locator("#p-announce")).to_have_text("지도 전체")
        expect(projector.get_by_role("button", name="지도 전체")).to_be_visible()
        shot(projector, "8-projector")
        assert_no_violations(phone)


def check_page(page):
    """axe-core's WCAG 2.1 AA rules (as tests/test_accessibility_browser.py runs them)."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n" + "\n".join(violations)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `make setup`")
def test_korean_pages_pass_the_accessibility_rules(open_page, live_server, user, user_session):
    """axe-core in Korean: the account pages (a sign-up with its errors), the header with its
    switcher, the map list and the editor with a card's form open."""
    page = open_page(bypass_csp=True, **KOREAN)  # axe is injected as a script of the test's
    base = live_server.url
    check_page(goto(page, f"{base}{reverse('login')}"))
    goto(page, f"{base}{reverse('signup')}")
    page.get_by_label("사용자 이름").fill("jimin")
    page.get_by_label("이메일 주소").fill("jimin@example.com")
    page.get_by_label("비밀번호:", exact=True).fill("first-guitar-2026")
    page.get_by_label("비밀번호 확인").fill("first-guitar-2027")
    follow(page, page.get_by_role("button", name="가입"))
    expect(page.locator(".errorlist").first).to_be_visible()
    check_page(page)

    page = open_page(session=user_session, url=base, bypass_csp=True, **KOREAN)
    demo_map = import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)
    check_page(goto(page, f"{base}{reverse('journeys:list')}"))
    goto(page, f"{base}{demo_map.get_absolute_url()}")
    page.locator("li.card a.card-text").first.click()
    settled(page)
    expect(page.locator("li.card.editing textarea")).to_be_focused()
    assert_korean(page)
    check_page(page)
