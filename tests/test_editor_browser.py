"""The map editor in Chromium: build, edit, reorder, move and delete in place, then reload and
find everything as left; and two windows editing the same card."""

import re
import time

import pytest
from playwright.sync_api import expect

from journeys.models import Card, Journey, Lane, Stage
from journeys.sample_maps import build_map
from tests.browser import cell, drag, follow, goto, ready, settled
from touchpoints.models import Touchpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def stage_names(journey):
    return list(Stage.objects.filter(journey=journey).values_list("name", flat=True))


def titles(stage, lane):
    return list(Touchpoint.objects.filter(stage=stage, lane=lane).values_list("title", flat=True))


def test_build_edit_reorder_move_delete_and_reload(logged_in_page, live_server):
    page = logged_in_page
    # Start from a template, through the "new map" page.
    goto(page, f"{live_server.url}/journeys/new/")
    page.get_by_label("Title of the new map").fill("기타 구매 여정")
    follow(page, page.get_by_role("button", name="Use this “Digital customer journey (DCJ)”"))
    expect(page.get_by_role("heading", level=1)).to_have_text("기타 구매 여정")
    journey = Journey.objects.get(title="기타 구매 여정")
    assert stage_names(journey) == ["인식", "고려", "구매", "유지", "옹호"]

    # Add a stage with Enter.
    page.get_by_role("link", name="Add stage").click()
    page.get_by_label("New stage name").fill("수리")
    page.get_by_label("New stage name").press("Enter")
    expect(page.get_by_role("link", name="Edit stage 수리")).to_be_visible()
    # The add form is open again for the next stage; Escape closes it.
    expect(page.get_by_label("New stage name")).to_be_focused()
    expect(page.get_by_label("New stage name")).to_have_value("")
    page.get_by_label("New stage name").press("Escape")
    expect(page.get_by_role("link", name="Add stage")).to_be_visible()

    # Rename it inline; Escape first cancels an edit.
    page.get_by_role("link", name="Edit stage 수리").click()
    page.get_by_label("Stage name").fill("버릴 이름")
    page.get_by_label("Stage name").press("Escape")
    expect(page.get_by_role("link", name="Edit stage 수리")).to_be_focused()
    page.get_by_role("link", name="Edit stage 수리").click()
    page.get_by_label("Stage name").fill("사후 관리")
    page.get_by_label("Phase").select_option("post_sale")
    page.get_by_role("button", name="Save stage").click()
    expect(page.get_by_role("link", name="Edit stage 사후 관리")).to_be_visible()

    # Add two cards to a cell, the second right after the first (the form stays open).
    actions = cell(page, "고객 행동", "구매")
    actions.get_by_role("link", name="Add card in 고객 행동, 구매").click()
    field = page.get_by_label("New card in 고객 행동, 구매")
    field.fill("매장에서 기타를 쳐 본다")
    field.press("Enter")
    expect(actions.get_by_text("매장에서 기타를 쳐 본다")).to_be_visible()
    expect(field).to_have_value("")
    field.fill("온라인으로 주문한다")
    field.press("Enter")
    expect(actions.get_by_text("온라인으로 주문한다")).to_be_visible()
    actions.get_by_role("link", name="Cancel").click()
    expect(actions.get_by_role("link", name="Add card in 고객 행동, 구매")).to_be_visible()

    # Edit a card inline.
    actions.get_by_role("link", name="Edit card: 온라인으로 주문한다").click()
    page.get_by_label("Card text").fill("앱으로 주문한다")
    page.get_by_label("Card text").press("Enter")
    expect(actions.get_by_role("link", name="Edit card: 앱으로 주문한다")).to_be_visible()

    # Invalid input: an empty card shows the message and saves nothing.
    actions.get_by_role("link", name="Edit card: 앱으로 주문한다").click()
    page.get_by_label("Card text").fill(" ")
    page.get_by_role("button", name="Save card").click()
    expect(page.get_by_text("Write something on the card.")).to_be_visible()
    page.get_by_label("Card text").press("Escape")
    settled(page)  # the cancel's answer must not land after the next steps

    # Keyboard reorders: the card up, the new stage left.
    up = page.get_by_role("button", name="Move card 앱으로 주문한다 up")
    up.focus()
    page.keyboard.press("Enter")
    expect(actions.locator(".card").first).to_contain_text("앱으로 주문한다")
    expect(page.get_by_role("button", name="Move card 앱으로 주문한다 up")).to_be_focused()
    left = page.get_by_role("button", name="Move stage 사후 관리 left")
    left.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".stage-head .stage-name").nth(4)).to_have_text("사후 관리")
    assert stage_names(journey)[4] == "사후 관리"

    # Drag: the stage 고려 before 인식 (by its handle), and a card to another cell.
    page.locator("#grid-scroll").evaluate("el => { el.scrollLeft = 0; }")
    drag(
        page,
        page.locator(".stage-head", has_text="고려").locator(".drag-handle"),
        page.locator(".stage-head", has_text="인식").locator(".drag-handle"),
    )
    expect(page.locator(".stage-head .stage-name").first).to_have_text("고려")
    settled(page)
    assert stage_names(journey)[:2] == ["고려", "인식"]
    target = cell(page, "고객 행동", "고려")
    card = actions.locator(".card", has_text="매장에서 기타를 쳐 본다")
    drag(page, card, target.locator(".cards"))
    expect(target.get_by_text("매장에서 기타를 쳐 본다")).to_be_visible()
    settled(page)
    goryeo = Stage.objects.get(journey=journey, name="고려")
    assert Card.objects.get(text="매장에서 기타를 쳐 본다").stage == goryeo

    # Delete a card, then the stage that holds the other one (asks first, says how much).
    target.locator(".card", has_text="매장에서 기타를 쳐 본다").hover()
    target.get_by_role("button", name="Delete card 매장에서 기타를 쳐 본다").click()
    expect(target.get_by_text("매장에서 기타를 쳐 본다")).to_have_count(0)
    page.get_by_role("button", name="Delete stage 구매").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Delete stage 구매 with 1 card?")
    dialog.get_by_role("link", name="Keep it").press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Delete stage 구매")).to_be_focused()
    assert Stage.objects.filter(journey=journey, name="구매").exists()
    page.get_by_role("button", name="Delete stage 구매").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("link", name="Edit stage 구매")).to_have_count(0)

    # Reload: everything as left.
    goto(page, page.url)
    names = page.locator(".stage-head .stage-name").all_inner_texts()
    assert names == ["고려", "인식", "유지", "사후 관리", "옹호"]
    assert stage_names(journey) == names
    assert list(Card.objects.filter(journey=journey).values_list("text", flat=True)) == []
    expect(page.get_by_text("매장에서 기타를 쳐 본다")).to_have_count(0)


def test_the_page_is_marked_ready_only_once_htmx_has_taken_over(
    open_page, live_server, user, user_session
):
    """A busy machine, played by holding htmx back: until the page says it is ready, its links
    are plain links; once it says so, "Add stage" opens in place."""
    journey = Journey.objects.create(owner=user, title="Slow", locale="en")
    Stage.objects.create(journey=journey, name="Aware", position=0)
    page = open_page(session=user_session, url=live_server.url)
    held = []  # the request for htmx, answered only when the test says so
    page.route("**/vendor/htmx-2.*.js", lambda route: held.append(route))
    editor = f"{live_server.url}/journeys/{journey.pk}/"
    page.goto(editor, wait_until="commit")
    expect(page.get_by_role("link", name="Add stage")).to_be_visible()
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)  # lets Playwright hand the held request over
    assert held, "the page never asked for htmx"
    page.wait_for_timeout(300)
    assert page.locator("html[data-ready]").count() == 0
    held[0].continue_()
    ready(page)
    assert page.get_by_role("link", name="Add stage").evaluate("el => !!el['htmx-internal-data']")
    page.get_by_role("link", name="Add stage").click()
    expect(page.get_by_label("New stage name")).to_be_focused()
    expect(page).to_have_url(editor)


def test_lane_add_rename_reorder_and_kind(open_map, user):
    journey = Journey.objects.create(owner=user, title="Lanes", locale="ko")
    Stage.objects.create(journey=journey, name="인식", position=0)
    Lane.objects.create(journey=journey, title="고객 행동", kind="actions", position=0)
    page = open_map(journey)
    page.get_by_role("link", name="Add lane").click()
    page.get_by_label("New lane title").fill("불편 사항")
    page.get_by_label("Kind").select_option("pain_points")
    page.get_by_label("New lane title").press("Enter")
    expect(page.get_by_role("link", name="Edit lane 불편 사항")).to_be_visible()
    page.get_by_label("New lane title").press("Escape")
    settled(page)
    page.get_by_role("button", name="Move lane 불편 사항 up").click()
    expect(page.locator(".lane-title").first).to_have_text("불편 사항")
    settled(page)
    assert list(journey.lanes.values_list("title", flat=True)) == ["불편 사항", "고객 행동"]
    # Drag the other lane back to the top by its handle.
    drag(
        page,
        page.locator(".lane-row", has_text="고객 행동").locator(".lane-drag"),
        page.locator(".lane-row", has_text="불편 사항").locator(".lane-drag"),
    )
    expect(page.locator(".lane-title").first).to_have_text("고객 행동")
    settled(page)
    assert list(journey.lanes.values_list("title", flat=True)) == ["고객 행동", "불편 사항"]
    # An empty title is refused next to the field.
    page.get_by_role("link", name="Edit lane 고객 행동").click()
    page.get_by_label("Lane title").fill("   ")
    page.get_by_role("button", name="Save lane").click()
    expect(page.get_by_text("Give the lane a title.")).to_be_visible()
    assert journey.lanes.filter(title="고객 행동").exists()


def test_two_windows_edit_the_same_card(open_page, live_server, user, user_session):
    journey = Journey.objects.create(owner=user, title="Conflict", locale="en")
    stage = Stage.objects.create(journey=journey, name="Consider", position=0)
    lane = Lane.objects.create(journey=journey, title="Thoughts", kind="thoughts", position=0)
    Card.objects.create(journey=journey, stage=stage, lane=lane, text="Which guitar?")
    first = open_page(1280, 800, session=user_session, url=live_server.url)
    second = open_page(context=first.context)  # another window of the same browser
    for page in (first, second):
        goto(page, f"{live_server.url}/journeys/{journey.pk}/")
        page.get_by_role("link", name="Edit card: Which guitar?").click()
    first.get_by_label("Card text").fill("Acoustic or electric?")
    first.get_by_role("button", name="Save card").click()
    expect(first.get_by_role("link", name="Edit card: Acoustic or electric?")).to_be_visible()

    second.get_by_label("Card text").fill("Which amp?")
    second.get_by_role("button", name="Save card").click()
    expect(second.get_by_role("alert")).to_contain_text("Someone else changed this card")
    expect(second.get_by_label("Card text")).to_have_value("Acoustic or electric?")
    assert Card.objects.get(journey=journey).text == "Acoustic or electric?"
    # Saving again now is a deliberate overwrite of the current version.
    second.get_by_label("Card text").fill("Which amp?")
    second.get_by_role("button", name="Save card").click()
    expect(second.get_by_role("link", name="Edit card: Which amp?")).to_be_visible()
    assert Card.objects.get(journey=journey).text == "Which amp?"
    assert re.search("Which amp", second.content())


def test_touchpoints_move_by_keyboard_and_drag(open_map, user):
    journey = Journey.objects.create(owner=user, title="Touchpoints", locale="ko")
    first = Stage.objects.create(journey=journey, name="인식", position=0)
    second = Stage.objects.create(journey=journey, name="구매", position=1)
    lane = Lane.objects.create(journey=journey, title="접점", kind="touchpoints", position=0)
    for i, title in enumerate(["광고", "리뷰", "매장 방문"]):
        Touchpoint.objects.create(
            journey=journey, stage=first, lane=lane, position=i, title=title, emotion=i - 1
        )
    page = open_map(journey)
    page.get_by_role("button", name="Move touchpoint 매장 방문 up").focus()
    page.keyboard.press("Enter")
    settled(page)
    assert titles(first, lane) == ["광고", "매장 방문", "리뷰"]
    expect(page.get_by_role("button", name="Move touchpoint 매장 방문 up")).to_be_focused()
    page.get_by_role("button", name="Move touchpoint 광고 right").focus()
    page.keyboard.press("Enter")
    settled(page)
    assert titles(second, lane) == ["광고"]
    # Drag 리뷰 into the second stage, before 광고.
    target = cell(page, "접점", "구매").locator(".tp-item", has_text="광고")
    drag(page, cell(page, "접점", "인식").locator(".tp-item", has_text="리뷰"), target, at=0.15)
    settled(page)
    assert titles(second, lane) == ["리뷰", "광고"]
    assert titles(first, lane) == ["매장 방문"]
    goto(page, page.url)
    expect(cell(page, "접점", "구매").locator(".touchpoint").first).to_contain_text("리뷰")


def test_persona_filter_keeps_to_its_persona_while_editing(open_map, user):
    journey = build_map(user, stages=2, lanes=2, items=8, personas=2, title="Filter")
    p1, p2 = journey.personas.order_by("journey_links__position")
    mine = Card.objects.filter(journey=journey, persona=p1).first()
    theirs = Card.objects.filter(journey=journey, persona=p2).first()
    page = open_map(journey, query=f"?persona={p1.pk}")
    expect(page.locator(f"#card-{mine.pk}")).to_be_visible()
    expect(page.locator(f"#card-{theirs.pk}")).to_have_count(0)
    # A move redraws the grid: still filtered.
    page.get_by_role("button", name=f"Move card {mine.text} down").focus()
    page.keyboard.press("Enter")
    settled(page)
    expect(page.locator(f"#card-{theirs.pk}")).to_have_count(0)
    # A new card starts with the filtered persona.
    lane = journey.lanes.first()
    stage = journey.stages.last()
    page.get_by_role("link", name=f"Add card in {lane.title}, {stage.name}").click()
    page.get_by_label(f"New card in {lane.title}, {stage.name}").fill("Only for persona 1")
    page.get_by_label(f"New card in {lane.title}, {stage.name}").press("Enter")
    expect(page.get_by_text("Only for persona 1")).to_be_visible()
    assert Card.objects.get(text="Only for persona 1").persona == p1


# The editor's own controls, named by aria-label, their first label or their text. Not the same
# test as tests.browser.UNNAMED_CONTROLS (the whole page, as a screen reader names things):
# each flags controls the other lets pass, so both stay.
UNNAMED_CONTROLS = """() => {
  const controls = document.querySelectorAll(
    ["a[href]", "button", "input:not([type=hidden])", "select", "textarea"]
      .map((tag) => "#editor " + tag).join(", ")
  );
  return Array.from(controls)
    .filter((el) => {
      const label = el.getAttribute("aria-label") || (el.labels && el.labels.length
        ? el.labels[0].textContent : "") || el.textContent;
      return !label.trim() || el.tabIndex < 0;
    })
    .map((el) => el.outerHTML.slice(0, 120));
}"""


def test_every_control_has_a_name_and_takes_focus(open_map, user):
    journey = build_map(user, stages=3, lanes=8, items=30, personas=2, title="Names")
    page = open_map(journey)
    card = Card.objects.filter(journey=journey).first()
    page.locator(f"#card-{card.pk} .card-text").click()  # an open inline form too
    expect(page.get_by_label("Card text")).to_be_focused()
    page.get_by_role("link", name="Add stage").click()
    expect(page.get_by_label("New stage name")).to_be_focused()
    assert page.evaluate(UNNAMED_CONTROLS) == []
    # Tab reaches the grid's controls in order: the first stage's move buttons come first.
    open_map(journey)
    page.locator("#grid-scroll").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Move stage Stage 1 right"


def test_without_javascript_the_same_controls_work(open_page, live_server, user, user_session):
    journey = Journey.objects.create(owner=user, title="No script", locale="en")
    first = Stage.objects.create(journey=journey, name="Aware", position=0)
    Stage.objects.create(journey=journey, name="Buy", position=1)
    lane = Lane.objects.create(journey=journey, title="Actions", kind="actions", position=0)
    Card.objects.create(journey=journey, stage=first, lane=lane, text="Sees an ad")
    page = open_page(
        1280, 800, session=user_session, url=live_server.url, java_script_enabled=False
    )
    editor = f"{live_server.url}/journeys/{journey.pk}/"
    page.goto(editor)  # nothing marks a page ready without JavaScript: its load is all there is
    page.get_by_role("link", name="Edit card: Sees an ad").click()
    page.get_by_label("Card text").fill("Sees a video ad")
    page.get_by_role("button", name="Save card").click()
    expect(page).to_have_url(editor)
    expect(page.get_by_role("link", name="Edit card: Sees a video ad")).to_be_visible()
    page.get_by_role("link", name="Add stage").click()
    page.get_by_label("New stage name").fill("Keep")
    page.get_by_role("button", name="Add stage").click()
    expect(page).to_have_url(editor)
    page.get_by_role("button", name="Move stage Keep left").click()
    expect(page.locator(".stage-name")).to_have_text(["Aware", "Keep", "Buy"])
    page.get_by_role("button", name="Delete stage Aware").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.locator(".stage-name")).to_have_text(["Keep", "Buy"])
    assert stage_names(journey) == ["Keep", "Buy"]
