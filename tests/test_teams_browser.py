"""Teams and sharing in Chromium, against uvicorn (live streams need ASGI): an owner invites
an editor who accepts and both edit one map live; a viewer gets no edit controls and a forged
POST is refused; a share link opens the map for an anonymous visitor until it is revoked.

TEAM_SCREENSHOTS=<dir> also saves the pages these tests pass through (members, switcher,
share page, read-only editor).
"""

import os
import re
import threading

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from journeys.sample_maps import build_map
from tests.browser import follow, goto, settled
from tests.live_support import ThreadedUvicorn
from workspaces.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("TEAM_SCREENSHOTS")


class Site(ThreadedUvicorn):
    """uvicorn in a thread, on the test database, serving the static files too (as the
    development server does: the tests run with DEBUG off, so config.asgi does not)."""

    def __init__(self):
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.core.asgi import get_asgi_application

        super().__init__()
        app = ASGIStaticFilesHandler(get_asgi_application())
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def live(page):
    page.locator("[data-live-state]", has_text="Live").wait_for()
    return page


def test_an_invited_editor_accepts_and_both_see_each_others_changes_live(
    open_page, user, django_user_model
):
    journey = build_map(user, stages=3, lanes=4, items=6, personas=1, title="Checkout journey")
    jun = django_user_model.objects.create_user("jun", "jun@example.com", "correct-horse-47")
    with Site() as server:
        owner = open_page(session=session_of(user), url=server.url)
        goto(owner, server.url + reverse("workspaces:members", args=[journey.workspace_id]))
        owner.get_by_label("Username or e-mail address").fill("jun")
        owner.get_by_label("Role", exact=True).select_option("editor")
        follow(owner, owner.get_by_role("button", name="Send invitation"))
        expect(owner.get_by_text("Invitation sent to jun@example.com.")).to_be_visible()
        shot(owner, "members")
        link = re.search(r"http://\S+/workspaces/invitations/\S+/", mail.outbox[0].body)[0]

        editor = open_page(session=session_of(jun), url=server.url)
        goto(editor, link.replace("http://testserver", server.url))
        follow(editor, editor.get_by_role("button", name="Accept the invitation"))
        expect(editor.get_by_text("You joined “maria”.")).to_be_visible()
        expect(editor.get_by_label("Workspace", exact=True)).to_have_value(
            str(journey.workspace_id)
        )
        shot(editor, "switcher")
        follow(editor, editor.get_by_role("link", name="Checkout journey").first)
        live(editor)
        goto(owner, server.url + journey.get_absolute_url())
        live(owner)

        # The editor renames a stage; the owner's page shows it without a reload.
        owner.evaluate("window.__notReloaded = true")
        editor.get_by_role("link", name="Edit stage Stage 1").click()
        settled(editor)
        editor.get_by_label("Stage name").fill("Discover")
        editor.get_by_role("button", name="Save stage").click()
        expect(owner.get_by_role("link", name="Edit stage Discover")).to_be_visible()
        assert owner.evaluate("window.__notReloaded") is True

        # And the other way round.
        owner.get_by_role("link", name="Edit stage Stage 2").click()
        settled(owner)
        owner.get_by_label("Stage name").fill("Compare")
        owner.get_by_role("button", name="Save stage").click()
        expect(editor.get_by_role("link", name="Edit stage Compare")).to_be_visible()


def test_a_viewer_sees_no_edit_controls_and_a_forged_post_is_refused(
    open_page, user, django_user_model
):
    journey = build_map(user, stages=3, lanes=8, items=12, personas=1, title="Checkout journey")
    ana = django_user_model.objects.create_user("ana", "ana@example.com", "correct-horse-48")
    Membership.objects.create(workspace=journey.workspace, user=ana, role=Role.VIEWER)
    stage = journey.stages.first()
    with Site() as server:
        viewer = open_page(session=session_of(ana), url=server.url)
        goto(viewer, server.url + journey.get_absolute_url())
        live(viewer)
        expect(viewer.get_by_text("Read only (Viewer)")).to_be_visible()
        expect(viewer.locator(".card").first).to_be_visible()
        for control in (".add-button", "form.tools", ".drag-handle", ".tp-add", ".goal-add"):
            expect(viewer.locator(control)).to_have_count(0)
        expect(viewer.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
        expect(viewer.get_by_text("Manage personas")).to_have_count(0)
        shot(viewer, "read-only-editor")

        token = viewer.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
        forged = viewer.request.post(
            server.url + reverse("journeys:stage_edit", args=[journey.pk, stage.pk]),
            form={"name": "Forged", "version": str(stage.version)},
            headers={"X-CSRFToken": token or viewer.context.cookies()[0]["value"]},
        )
        assert forged.status == 403
        stage.refresh_from_db()
        assert stage.name == "Stage 1"


def test_a_share_link_opens_the_map_for_an_anonymous_visitor_until_revoked(open_page, user):
    journey = build_map(user, stages=3, lanes=8, items=12, personas=2, title="Checkout journey")
    persona = journey.personas.first()
    with Site() as server:
        owner = open_page(session=session_of(user), url=server.url)
        goto(owner, server.url + journey.get_absolute_url())
        follow(owner, owner.get_by_role("link", name="Share"))
        follow(owner, owner.get_by_role("button", name="Make the link"))
        url = owner.locator("#new-link-url").input_value()
        shot(owner, "share")

        visitor = open_page()
        goto(visitor, url)
        expect(visitor.get_by_role("heading", name="Checkout journey")).to_be_visible()
        expect(visitor.get_by_text(persona.name).first).to_be_visible()
        expect(visitor.locator("#curve svg").last).to_be_visible()
        expect(visitor.locator(".add-button, form.tools")).to_have_count(0)
        shot(visitor, "shared-map")

        goto(owner, owner.url)
        follow(owner, owner.get_by_role("button", name="Revoke"))
        expect(owner.get_by_text("Revoked", exact=True)).to_be_visible()
        response = visitor.goto(url)
        assert response.status == 410
        expect(visitor.get_by_role("heading", name="This link no longer works")).to_be_visible()
        expect(visitor.get_by_text("Checkout journey")).to_have_count(0)
