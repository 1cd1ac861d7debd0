"""The goals panel in Chromium: add (with a mistake first), edit, delete, all in place."""

import pytest
from playwright.sync_api import expect

from journeys.models import Goal
from journeys.sample_maps import build_map
from tests.browser import open_form, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_goals_panel_add_edit_delete_in_place(open_map, user):
    journey = build_map(user, stages=2, lanes=4, items=4, personas=1)
    stage = journey.stages.first()
    page = open_map(journey, "journeys:goals")
    panel = page.locator("#goals-panel")

    panel.get_by_role("link", name="Add goal").click()
    form = open_form(page, "New goal")
    form.get_by_label("Target value").fill("40")
    form.get_by_role("button", name="Save goal").click()
    form = open_form(page, "New goal")
    expect(form.get_by_text("Write the goal.")).to_be_visible()  # 422 swapped in place
    assert not Goal.objects.exists()

    form.get_by_label("Customer").check()
    form.get_by_label("Goal", exact=True).fill("추천하고 싶은 경험 Recommend us")
    form.get_by_label("Applies to").select_option(label=stage.name)
    form.get_by_label("Metric").fill("NPS")
    form.get_by_label("Current value").fill("31")
    form.get_by_label("Goal", exact=True).press("Enter")
    expect(panel.get_by_role("heading", name=f"Stage · {stage.name}")).to_be_visible()
    expect(panel).to_contain_text("추천하고 싶은 경험 Recommend us")
    goal = Goal.objects.get()
    assert (goal.kind, goal.stage, goal.metric, goal.current, goal.target) == (
        "customer",
        stage,
        "NPS",
        31,
        40,
    )

    # Edit: Escape cancels; then move it to the whole map.
    settled(page)
    panel.get_by_role("link", name="Edit goal: 추천하고 싶은 경험 Recommend us").click()
    form = open_form(page, "Edit goal")
    form.get_by_label("Goal", exact=True).press("Escape")
    expect(form).to_have_count(0)
    settled(page)
    panel.get_by_role("link", name="Edit goal: 추천하고 싶은 경험 Recommend us").click()
    form = open_form(page, "Edit goal")
    form.get_by_label("Applies to").select_option("map")
    form.get_by_role("button", name="Save goal").click()
    expect(panel.get_by_role("heading", name="Whole map")).to_be_visible()
    goal.refresh_from_db()
    assert goal.stage is None and goal.version == 2

    page.on("dialog", lambda dialog: dialog.accept())
    settled(page)
    panel.get_by_role("link", name="Edit goal: 추천하고 싶은 경험 Recommend us").click()
    open_form(page, "Edit goal").get_by_role("button", name="Delete").click()
    expect(panel.get_by_text("No goals yet")).to_be_visible()
    assert not Goal.objects.exists()
