"""Issue 3 "Done when": a brand-new user builds the whole guitar-purchase digital customer journey
in the browser alone (five stages, two personas, touchpoints with emotions from −3 to +3, pain
points, opportunities, a backstage lane, links that loop back), reloads, and finds it all there.

Everything goes through the UI, found by accessible names as a screen reader user would: no
fixtures that log in, no ORM writes, no direct posts. Only the final check reads the map's own
JSON export, from the page's own session.
"""

import json

import pytest
from playwright.sync_api import expect

from journeys.sample_maps import build_map
from tests.browser import (
    assert_every_control_named,
    assert_no_duplicate_ids,
    cell,
    follow,
    goto,
    open_inline,
    settled,
)
from touchpoints.models import Touchpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_TITLE = "첫 기타 구매 여정"
STAGES = ["인식", "고려", "구매", "유지", "옹호"]
TOUCHPOINT_LANE = "접점"

# (stage, title, channel, sentiment, emotion, persona or None for everyone, next links)
# Added in this order, so a `next` link can name only touchpoints added before it: these go back
# to earlier stages, the loops of the journey (buying fails, so back to comparing prices).
TOUCHPOINTS = [
    ("인식", "인스타그램 광고를 본다", "social", "positive", 1, "이민준", []),
    ("인식", "유튜브 연주 리뷰를 본다", "video", "positive", 2, "박서연", []),
    ("고려", "가격 비교 사이트를 뒤진다", "website", "negative", -1, "이민준", []),
    (
        "구매",
        "결제 단계에서 오류가 난다",
        "app",
        "negative",
        -3,
        "이민준",
        ["가격 비교 사이트를 뒤진다"],
    ),
    ("구매", "매장에서 직접 쳐 본다", "store", "positive", 3, "박서연", []),
    ("유지", "배송이 늦어진다", "email", "negative", -2, None, []),
    (
        "옹호",
        "연주 영상과 후기를 올린다",
        "social",
        "neutral",
        0,
        "박서연",
        ["유튜브 연주 리뷰를 본다", "매장에서 직접 쳐 본다"],
    ),
]
# A forward link, set by editing the first touchpoint once the later one exists.
FORWARD_LINK = ("인스타그램 광고를 본다", "가격 비교 사이트를 뒤진다")
METRIC = ("결제 전환율", "2.1", "3.5", "%")  # on 결제 단계에서 오류가 난다

# (lane title, stage, text)
CARDS = [
    ("불편 사항", "구매", "결제 단계에서 카드 인증이 자꾸 실패한다"),
    ("불편 사항", "유지", "배송 추적 정보가 갱신되지 않는다"),
    ("개선 기회", "구매", "간편 결제와 매장 픽업을 함께 제공한다"),
    ("개선 기회", "유지", "구매 후 기타 관리 가이드를 이메일로 보낸다"),
    ("백스테이지", "고려", "매장 재고와 온라인몰 재고를 실시간으로 연동한다"),
]
STAGE_DESCRIPTION = "만족한 고객이 연주 영상을 올리고 친구에게 추천한다."
GOAL = ("결제 전환율을 3.5%까지 올린다", "결제 전환율", "2.1", "3.5")


def touchpoint_card(page, stage, title):
    return cell(page, TOUCHPOINT_LANE, stage).get_by_role("article", name=f"Touchpoint: {title}")


def sign_up(page, base):
    goto(page, base)
    follow(page, page.get_by_role("link", name="Sign up"))
    assert_every_control_named(page)
    page.get_by_label("Username").fill("jimin")
    page.get_by_label("E-mail address").fill("jimin@example.com")
    page.get_by_label("Password:", exact=True).fill("first-guitar-2026")
    page.get_by_label("Password confirmation").fill("first-guitar-2026")
    page.screenshot(path="/tmp/acceptance-0-signup.png", full_page=True)
    follow(page, page.get_by_role("button", name="Sign up"))
    expect(page.get_by_role("heading", name="Your journey maps")).to_be_visible()


def new_map_from_template(page):
    follow(page, page.get_by_role("link", name="+ New map"))
    assert_every_control_named(page)
    page.get_by_label("Title of the new map").fill(MAP_TITLE)
    page.screenshot(path="/tmp/acceptance-1b-new-map.png", full_page=True)
    follow(page, page.get_by_role("button", name="Use this “Digital customer journey (DCJ)”"))
    expect(page.get_by_role("heading", level=1)).to_have_text(MAP_TITLE)


def create_persona(page, name, segment, quote):
    page.get_by_text("Manage personas").click()
    follow(page, page.get_by_role("link", name="New persona for this map"))
    assert_every_control_named(page)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Segment").fill(segment)
    page.get_by_label("Quote").fill(quote)
    page.screenshot(path="/tmp/acceptance-2b-persona-form.png", full_page=True)
    follow(page, page.get_by_role("button", name="Create persona"))
    bar = page.get_by_role("navigation", name="Show the map for")
    expect(bar.get_by_role("link", name=name)).to_be_visible()


def add_touchpoint(page, stage, title, channel, sentiment, emotion, persona, links):
    settled(page)
    add = page.get_by_role("link", name=f"Add touchpoint in {stage}, {TOUCHPOINT_LANE}")
    open_inline(page, add)
    form = page.get_by_role("form", name=f"New touchpoint in {stage}, {TOUCHPOINT_LANE}")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Channel").fill(channel)
    form.get_by_label("Sentiment").select_option(sentiment)
    form.get_by_label("Emotion").select_option(str(emotion))
    form.get_by_label("Persona").select_option(label=persona or "Everyone")
    if title == "결제 단계에서 오류가 난다":
        name, value, target, unit = METRIC
        form.get_by_label("Metric 1 name").fill(name)
        form.get_by_label("Value of metric 1").fill(value)
        form.get_by_label("Target of metric 1").fill(target)
        form.get_by_label("Unit of metric 1").fill(unit)
    for number, link in enumerate(links, start=1):
        if number > 1:
            form.get_by_role("button", name="+ Add next link").click()
            settled(page)
        form.get_by_label(f"Next {number}").select_option(label=link)
    if title == "결제 단계에서 오류가 난다":
        assert_every_control_named(page)
        form.screenshot(path="/tmp/acceptance-3-touchpoint-form.png")
    form.get_by_label("Title").press("Enter")
    card = touchpoint_card(page, stage, title)
    expect(card).to_be_visible()
    expect(form).to_have_count(0)


def add_card(page, lane, stage, text):
    settled(page)
    here = cell(page, lane, stage)
    open_inline(page, here.get_by_role("link", name=f"Add card in {lane}, {stage}"))
    field = page.get_by_label(f"New card in {lane}, {stage}")
    field.fill(text)
    field.press("Enter")
    expect(here.get_by_text(text)).to_be_visible()
    field.press("Escape")
    expect(here.get_by_role("link", name=f"Add card in {lane}, {stage}")).to_be_visible()


def test_new_user_builds_the_guitar_purchase_journey(open_page, live_server):
    page = open_page()  # not logged in; on failure, what the user saw is saved (conftest)
    page.on("dialog", lambda dialog: dialog.accept())
    build_and_check(page, live_server.url)


def build_and_check(page, base):
    # 1. Sign up, start a map from the DCJ template.
    sign_up(page, base)
    page.screenshot(path="/tmp/acceptance-1-list.png", full_page=True)
    new_map_from_template(page)
    editor_url = page.url
    for stage in STAGES:
        expect(page.get_by_role("link", name=f"Edit stage {stage}")).to_be_visible()

    # 2. Two personas, from the persona bar.
    create_persona(page, "이민준", "첫 기타를 사는 대학생", "유튜브 보고 독학하려고요")
    create_persona(page, "박서연", "다시 기타를 잡는 직장인", "직접 쳐 보고 사야 안심돼요")
    assert page.url == editor_url
    # A second thought about one of them: edit it from the map, and come back to the map.
    page.get_by_text("Manage personas").click()
    follow(page, page.get_by_role("link", name="Edit persona 이민준"))
    page.get_by_label("Quote").fill("유튜브 보고 독학하려고요. 첫 기타는 싸게!")
    follow(page, page.get_by_role("button", name="Save persona"))
    expect(page).to_have_url(editor_url)
    expect(page.get_by_text("첫 기타는 싸게!")).to_be_visible()
    page.screenshot(path="/tmp/acceptance-2-personas.png", full_page=True)

    # 3. Touchpoints across the five stages, emotions −3 … +3, links that loop back.
    for touchpoint in TOUCHPOINTS:
        add_touchpoint(page, *touchpoint)
    source, target = FORWARD_LINK
    settled(page)
    open_inline(page, page.get_by_role("link", name=f"Edit touchpoint: {source}"))
    form = page.get_by_role("form", name=f"Edit touchpoint {source}")
    form.get_by_label("Next 1").select_option(label=target)
    form.get_by_role("button", name="Save", exact=True).click()
    expect(form).to_have_count(0)
    settled(page)

    # 4. Pain points, opportunities and backstage cards.
    for lane, stage, text in CARDS:
        add_card(page, lane, stage, text)

    # 5. A stage description and a goal for the map.
    settled(page)
    open_inline(page, page.get_by_role("link", name="Edit stage 옹호"))
    page.get_by_label("Description", exact=True).fill(STAGE_DESCRIPTION)
    page.get_by_role("button", name="Save stage").click()
    expect(page.get_by_text(STAGE_DESCRIPTION)).to_be_visible()
    settled(page)
    goals = page.get_by_role("region", name="Goals")
    open_inline(page, goals.get_by_role("link", name="Add goal"))
    form = page.get_by_role("form", name="New goal")
    text, metric, current, target = GOAL
    form.get_by_label("Business").check()
    form.get_by_label("Goal", exact=True).fill(text)
    form.get_by_label("Applies to").select_option(label="The whole map")
    form.get_by_label("Metric").fill(metric)
    form.get_by_label("Current value").fill(current)
    form.get_by_label("Target value").fill(target)
    assert_every_control_named(page)
    form.screenshot(path="/tmp/acceptance-5-goal-form.png")
    form.get_by_role("button", name="Save goal").click()
    expect(goals.get_by_text(text)).to_be_visible()

    # 6. Reload: everything is on the page.
    goto(page, page.url)
    for stage in STAGES:
        expect(page.get_by_role("link", name=f"Edit stage {stage}")).to_be_visible()
    bar = page.get_by_role("navigation", name="Show the map for")
    for name in ("이민준", "박서연"):
        expect(bar.get_by_role("link", name=name)).to_be_visible()
    for stage, title, channel, sentiment, emotion, persona, _links in TOUCHPOINTS:
        card = touchpoint_card(page, stage, title)
        expect(card.get_by_role("link", name=f"Edit touchpoint: {title}")).to_be_visible()
        shown = f"+{emotion}" if emotion > 0 else f"−{-emotion}" if emotion < 0 else "0"
        expect(card).to_contain_text(f"Emotion {shown}")
        expect(card).to_contain_text(sentiment.capitalize())
        expect(card).to_contain_text(channel, ignore_case=True)
        if persona:
            expect(card).to_contain_text(persona)
    for lane, stage, text in CARDS:
        here = cell(page, lane, stage)
        expect(here.get_by_role("link", name=f"Edit card: {text}")).to_be_visible()
    expect(page.get_by_text(STAGE_DESCRIPTION)).to_be_visible()
    expect(page.get_by_role("region", name="Goals").get_by_text(GOAL[0])).to_be_visible()
    # The links that loop back are marked on their cards.
    card = page.get_by_role("article", name="Touchpoint: 결제 단계에서 오류가 난다")
    expect(card.get_by_role("link", name="back to 가격 비교 사이트를 뒤진다")).to_be_visible()
    card.get_by_text("Goal & metrics").click()
    expect(card.get_by_role("table", name="Metrics of 결제 단계에서 오류가 난다")).to_contain_text(
        "결제 전환율"
    )
    expect(page.get_by_role("img", name="Emotion curve", exact=False)).to_be_visible()
    assert_every_control_named(page)
    page.screenshot(path="/tmp/acceptance-6-map.png", full_page=True)
    grid = page.get_by_role("region", name="Journey map: stages across, lanes down")
    grid.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.screenshot(path="/tmp/acceptance-7-lower-lanes.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path="/tmp/acceptance-8-laptop.png")

    # And completely: the map's own JSON export, from this session.
    response = page.request.get(f"{editor_url}export.json")
    assert response.ok
    check_export(json.loads(response.body()))

    # The persona bar shows the map for one persona: theirs and the shared touchpoints only.
    bar = page.get_by_role("navigation", name="Show the map for")
    follow(page, bar.get_by_role("link", name="이민준"))
    expect(bar.get_by_role("link", name="이민준")).to_have_attribute("aria-current", "true")
    for _stage, title, *_rest, persona, _links in TOUCHPOINTS:
        link = page.get_by_role("link", name=f"Edit touchpoint: {title}")
        expect(link).to_have_count(1 if persona in ("이민준", None) else 0)
    page.screenshot(path="/tmp/acceptance-9-persona-filter.png", full_page=True)


def check_export(doc):
    assert doc["title"] == MAP_TITLE
    stages = {s["id"]: s for s in doc["stages"]}
    assert [s["name"] for s in doc["stages"]] == STAGES
    assert [s.get("phase") for s in doc["stages"]] == [
        "pre_sale",
        "pre_sale",
        "sale",
        "post_sale",
        "post_sale",
    ]
    assert doc["stages"][4]["description"] == STAGE_DESCRIPTION
    personas = {p["id"]: p for p in doc["personas"]}
    assert sorted(p["name"] for p in personas.values()) == ["박서연", "이민준"]
    who = {p["name"]: (p.get("segment"), p.get("quote")) for p in personas.values()}
    assert who["이민준"] == ("첫 기타를 사는 대학생", "유튜브 보고 독학하려고요. 첫 기타는 싸게!")

    touchpoints = {t["id"]: t for t in doc["touchpoints"]}
    by_title = {t["title"]: t for t in touchpoints.values()}
    assert set(by_title) == {t[1] for t in TOUCHPOINTS}
    for stage, title, channel, sentiment, emotion, persona, links in TOUCHPOINTS:
        tp = by_title[title]
        assert stages[tp["stage"]]["name"] == stage
        assert (tp.get("channel"), tp["sentiment"], tp["emotion"]) == (channel, sentiment, emotion)
        assert (personas[tp["persona"]]["name"] if "persona" in tp else None) == persona
        expected_next = list(links)
        if title == FORWARD_LINK[0]:
            expected_next = [FORWARD_LINK[1]]
        assert [touchpoints[n]["title"] for n in tp.get("next", [])] == expected_next
    assert sorted(t["emotion"] for t in touchpoints.values()) == [-3, -2, -1, 0, 1, 2, 3]

    # Loops: a link to a touchpoint in an earlier stage.
    order = {s["id"]: i for i, s in enumerate(doc["stages"])}
    loops = [
        (t["title"], touchpoints[n]["title"])
        for t in touchpoints.values()
        for n in t.get("next", [])
        if order[touchpoints[n]["stage"]] < order[t["stage"]]
    ]
    assert ("연주 영상과 후기를 올린다", "유튜브 연주 리뷰를 본다") in loops
    assert ("결제 단계에서 오류가 난다", "가격 비교 사이트를 뒤진다") in loops

    [metric] = by_title["결제 단계에서 오류가 난다"]["metrics"]
    name, value, target, unit = METRIC
    assert metric == {"name": name, "value": float(value), "target": float(target), "unit": unit}

    lanes = {lane["id"]: lane for lane in doc["lanes"]}
    cards = [
        (lanes[c["lane"]]["kind"], lanes[c["lane"]]["title"], stages[c["stage"]]["name"], c["text"])
        for c in doc["cards"]
    ]
    kinds = {"불편 사항": "pain_points", "개선 기회": "opportunities", "백스테이지": "backstage"}
    assert sorted(cards) == sorted((kinds[lane], lane, stage, text) for lane, stage, text in CARDS)

    [goal] = doc["goals"]
    text, metric_name, current, target = GOAL
    assert goal["text"] == text and goal["kind"] == "business"
    assert "stage" not in goal and "touchpoint" not in goal
    assert (goal.get("metric"), goal.get("current"), goal.get("target")) == (
        metric_name,
        float(current),
        float(target),
    )


def test_two_touchpoint_forms_open_at_once_stay_apart(open_map, user):
    """A new user opens "+ Touchpoint" in one stage, then in another: each form is its own."""
    journey = build_map(user, stages=3, lanes=4, items=0, personas=0)
    page = open_map(journey)
    open_inline(page, page.get_by_role("link", name="Add touchpoint in Stage 1, Lane 4"))
    first = page.get_by_role("form", name="New touchpoint in Stage 1, Lane 4")
    expect(first.get_by_label("Title")).to_be_focused()
    open_inline(page, page.get_by_role("link", name="Add touchpoint in Stage 3, Lane 4"))
    second = page.get_by_role("form", name="New touchpoint in Stage 3, Lane 4")
    expect(second.get_by_label("Title")).to_be_visible()
    assert_no_duplicate_ids(page)
    second.get_by_label("Title").fill("Third stage")
    second.get_by_label("Emotion").select_option("2")
    grid_fetches = []
    page.on("request", lambda r: grid_fetches.append(r.url) if "/grid/" in r.url else None)
    second.get_by_label("Title").press("Enter")
    saved = cell(page, "Lane 4", "Stage 3").get_by_role("link", name="Edit touchpoint: Third stage")
    expect(saved).to_be_visible()
    # The new card comes with its move controls: no grid redraw that would close the first form.
    expect(
        saved.locator("xpath=ancestor::div[@class='tp-item']").get_by_role("button").first
    ).to_be_attached()
    page.wait_for_timeout(500)
    assert grid_fetches == []
    expect(first.get_by_label("Title")).to_have_value("")
    tp = Touchpoint.objects.get(journey=journey)
    assert (tp.title, tp.stage.name, tp.emotion) == ("Third stage", "Stage 3", 2)


def test_keyboard_focus_stays_in_place_after_touchpoint_saves(open_map, user):
    """A keyboard user adds, edits and cancels touchpoints without being sent back to the top of
    the page: focus lands on the next "+ Touchpoint", or on the card they edited."""
    journey = build_map(user, stages=2, lanes=4, items=0, personas=0)
    page = open_map(journey)
    add = page.get_by_role("link", name="Add touchpoint in Stage 2, Lane 4")
    add.focus()
    page.keyboard.press("Enter")
    form = page.get_by_role("form", name="New touchpoint in Stage 2, Lane 4")
    expect(form.get_by_label("Title")).to_be_focused()
    page.keyboard.type("By keyboard")
    page.keyboard.press("Enter")
    expect(page.get_by_role("article", name="Touchpoint: By keyboard")).to_be_visible()
    settled(page)
    expect(add).to_be_focused()  # Enter again adds the next one

    edit = page.get_by_role("link", name="Edit touchpoint: By keyboard")
    edit.focus()
    page.keyboard.press("Enter")
    form = page.get_by_role("form", name="Edit touchpoint By keyboard")
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Title").fill("By keyboard, edited")
    page.keyboard.press("Enter")
    edited = page.get_by_role("link", name="Edit touchpoint: By keyboard, edited")
    expect(edited).to_be_visible()
    settled(page)
    expect(edited).to_be_focused()

    page.keyboard.press("Enter")
    form = page.get_by_role("form", name="Edit touchpoint By keyboard, edited")
    expect(form.get_by_label("Title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    settled(page)
    expect(edited).to_be_focused()
    assert Touchpoint.objects.get(journey=journey).title == "By keyboard, edited"


def test_keyboard_focus_stays_in_the_goals_panel(open_map, user):
    """Adding, cancelling and editing goals by keyboard keeps the focus in the goals panel, and
    a goal's edit form and the new-goal form open together keep their fields apart."""
    journey = build_map(user, stages=2, lanes=4, items=4, personas=0)
    page = open_map(journey)
    goals = page.get_by_role("region", name="Goals")
    add = goals.get_by_role("link", name="Add goal")
    add.focus()
    page.keyboard.press("Enter")
    form = goals.get_by_role("form", name="New goal")
    expect(form.get_by_label("Goal", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(add).to_be_focused()

    page.keyboard.press("Enter")
    expect(form.get_by_label("Goal", exact=True)).to_be_focused()
    page.keyboard.type("Answer within a day")
    page.keyboard.press("Enter")
    edit = goals.get_by_role("link", name="Edit goal: Answer within a day")
    expect(edit).to_be_focused()

    page.keyboard.press("Enter")
    editing = goals.get_by_role("form", name="Edit goal")
    expect(editing.get_by_label("Goal", exact=True)).to_be_focused()
    open_inline(page, add)
    expect(form.get_by_label("Goal", exact=True)).to_be_focused()
    assert_no_duplicate_ids(page)
    form.get_by_label("Goal", exact=True).press("Escape")
    editing.get_by_label("Goal", exact=True).fill("Answer within an hour")
    editing.get_by_label("Goal", exact=True).press("Enter")
    expect(goals.get_by_role("link", name="Edit goal: Answer within an hour")).to_be_focused()
    assert list(journey.goals.values_list("text", flat=True)) == ["Answer within an hour"]
