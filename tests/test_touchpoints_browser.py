"""Touchpoints in Chromium: add one in place with every kind of field, edit it, reload and find
it; filter the grid to one persona."""

import pytest
from playwright.sync_api import expect

from journeys.models import Goal
from journeys.sample_maps import build_map
from tests.browser import follow, goto, open_form, settled
from touchpoints.models import Touchpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_edit_reload_and_filter_by_persona(open_map, live_server, user):
    journey = build_map(user, stages=3, lanes=4, items=12, personas=2)
    first_persona, second_persona = journey.personas.order_by("journey_links__position")
    loop_target = Touchpoint.objects.get(journey=journey, title="Touchpoint 1")  # in Stage 1
    page = open_map(journey)

    # Add a touchpoint in Stage 3: channel, sentiment, emotion −2, a metric, a link back.
    page.get_by_role("link", name="Add touchpoint in Stage 3, Lane 4").click()
    form = open_form(page, "New touchpoint")
    form.get_by_label("Title").fill("매장 재고 확인 Checks stock")
    form.get_by_label("Channel").fill("app")
    form.get_by_label("Sentiment").select_option("negative")
    form.get_by_label("Emotion").select_option("-2")
    form.get_by_label("Persona").select_option(label=first_persona.name)
    form.get_by_label("Metric 1 name").fill("CSAT")
    form.get_by_label("Value").fill("3.2")
    form.get_by_label("Next 1").select_option(label="Touchpoint 1")  # under "Stage 1"
    form.get_by_label("Title").press("Enter")  # Enter saves

    # The editor redraws the grid after an add (to give the card its move buttons): wait for it.
    card = page.locator(".tp-item .touchpoint", has_text="Checks stock")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Negative")
    expect(card).to_contain_text("−2")
    expect(card).to_contain_text("App")
    tp = Touchpoint.objects.get(title="매장 재고 확인 Checks stock")
    assert (tp.stage.name, tp.channel, tp.sentiment, tp.emotion) == (
        "Stage 3",
        "app",
        "negative",
        -2,
    )
    assert tp.persona == first_persona
    assert [(m.name, m.value) for m in tp.metrics.all()] == [("CSAT", 3.2)]
    assert list(tp.next.all()) == [loop_target]

    # Edit it: Escape cancels, then a real change saved with the button.
    settled(page)
    card.get_by_role("link", name="매장 재고 확인 Checks stock").click()
    form = open_form(page, "Edit touchpoint 매장 재고 확인 Checks stock")
    form.get_by_label("Title").fill("Thrown away")
    form.get_by_label("Title").press("Escape")
    expect(form).to_have_count(0)
    expect(page.locator(".touchpoint", has_text="Checks stock")).to_be_visible()
    settled(page)

    page.locator(".touchpoint", has_text="Checks stock").get_by_role("link").first.click()
    form = open_form(page, "Edit touchpoint 매장 재고 확인 Checks stock")
    form.get_by_label("Title").fill("Checks stock online")
    form.get_by_label("Emotion").select_option("1")
    form.get_by_label("Owner team").fill("Store ops")
    form.get_by_role("button", name="+ Add metric row").click()
    form = open_form(page, "Edit touchpoint 매장 재고 확인 Checks stock")
    form.get_by_label("Metric 3 name").fill("Conversion")
    form.get_by_label("Metric 3 name").press("Enter")
    edited = page.locator(".touchpoint", has_text="Checks stock online")
    expect(edited).to_be_visible()
    expect(edited).to_contain_text("+1")

    # Reload: everything is there, goal and metrics one click away.
    goto(page, page.url)
    edited = page.locator(".touchpoint", has_text="Checks stock online")
    expect(edited).to_be_visible()
    edited.get_by_text("Goal & metrics").click()
    expect(edited.get_by_role("table")).to_contain_text("CSAT")
    expect(edited.get_by_role("table")).to_contain_text("Conversion")
    expect(edited).to_contain_text("Store ops")
    expect(edited.get_by_role("link", name="Touchpoint 1")).to_be_visible()
    tp.refresh_from_db()
    assert (tp.title, tp.emotion, tp.owner, tp.version) == (
        "Checks stock online",
        1,
        "Store ops",
        2,
    )

    # Persona filter: only the chosen persona's touchpoints (and shared ones) stay.
    theirs = set(
        Touchpoint.objects.filter(journey=journey, persona=second_persona).values_list(
            "title", flat=True
        )
    )
    mine = set(
        Touchpoint.objects.filter(journey=journey, persona=first_persona).values_list(
            "title", flat=True
        )
    )
    follow(
        page,
        page.get_by_role("navigation", name="Show the map for").get_by_role(
            "link", name=second_persona.name
        ),
    )
    expect(page).to_have_url(
        f"{live_server.url}/journeys/{journey.pk}/?persona={second_persona.pk}"
    )
    shown = set(page.locator(".touchpoint .tp-title").all_inner_texts())
    assert shown == theirs and not shown & mine
    expect(page.get_by_role("link", name=second_persona.name, exact=False).first).to_have_attribute(
        "aria-current", "true"
    )
    follow(page, page.get_by_role("link", name="All personas"))
    expect(page.locator(".touchpoint .tp-title")).to_have_count(len(theirs | mine))


def test_delete_a_touchpoint_and_set_a_goal_on_it(open_map, live_server, user):
    journey = build_map(user, stages=2, lanes=4, items=4, personas=1)
    page = open_map(journey)
    page.on("dialog", lambda dialog: dialog.accept())
    settled(page)
    page.locator(".touchpoint", has_text="Touchpoint 1").get_by_role("link").first.click()
    form = open_form(page, "Edit touchpoint Touchpoint 1")
    form.get_by_role("button", name="Delete").click()
    expect(form).to_have_count(0)  # swapped away once the server has deleted it
    expect(page.locator(".touchpoint", has_text="Touchpoint 1")).to_have_count(0)
    settled(page)
    assert not Touchpoint.objects.filter(journey=journey, title="Touchpoint 1").exists()

    # A goal for a touchpoint, from its details; then it shows on the card.
    card = page.locator(".touchpoint", has_text="Touchpoint 2")
    card.get_by_text("Goal & metrics").click()
    follow(page, card.get_by_role("link", name="Set a goal"))
    page.get_by_label("Goal", exact=True).fill("Answer within a day")
    follow(page, page.get_by_role("button", name="Save goal"))
    expect(page).to_have_url(f"{live_server.url}/journeys/{journey.pk}/")  # back on the map
    goal = Goal.objects.get()
    assert goal.touchpoint.title == "Touchpoint 2"
    card = page.locator(".touchpoint", has_text="Touchpoint 2")
    card.get_by_text("Goal & metrics").click()
    expect(card).to_contain_text("Answer within a day")


def test_keyboard_only_add_cancel_and_edit(open_map, user):
    journey = build_map(user, stages=2, lanes=4, items=4, personas=1)
    page = open_map(journey)
    add = page.get_by_role("link", name="Add touchpoint in Stage 2, Lane 4")

    # Open the add form with Enter, then Escape puts the add control back.
    add.focus()
    page.keyboard.press("Enter")
    form = open_form(page, "New touchpoint")
    expect(form.get_by_label("Title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(add).to_be_visible()
    settled(page)

    # Again, and this time type a title and save with Enter.
    add.focus()
    page.keyboard.press("Enter")
    expect(form.get_by_label("Title")).to_be_focused()
    page.keyboard.type("키보드로 추가 Added by keyboard")
    page.keyboard.press("Enter")
    expect(page.locator(".tp-item .touchpoint", has_text="Added by keyboard")).to_be_visible()
    settled(page)
    title = "키보드로 추가 Added by keyboard"
    assert Touchpoint.objects.filter(journey=journey, title=title).exists()

    # The title link opens the edit form with Enter; Tab moves through its fields.
    link = page.get_by_role("link", name="Edit touchpoint: 키보드로 추가 Added by keyboard")
    link.focus()
    page.keyboard.press("Enter")
    form = open_form(page, "Edit touchpoint 키보드로 추가 Added by keyboard")
    expect(form.get_by_label("Title")).to_be_focused()
    page.keyboard.press("Tab")
    expect(form.get_by_label("Channel")).to_be_focused()
    page.keyboard.type("store")
    page.keyboard.press("Enter")
    expect(page.locator(".touchpoint", has_text="Added by keyboard")).to_contain_text("Store")
