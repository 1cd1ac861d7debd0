"""Every page passes axe-core's WCAG 2.1 A and AA rules in Chromium: the project's accessibility
bar, checked on the pages people use, filled with the demo map (Korean, personas, touchpoints,
goals), with forms and menus open where the page has them.

axe-core is an npm development dependency (package.json; `make setup` runs `npm ci`). Without
node_modules/axe-core the tests are skipped on a developer's machine and fail in CI (CI set).
Playwright injects axe into the page; the contexts bypass the page's Content-Security-Policy so
the injected script runs whatever the policy says.
"""

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gallery.services import save_as_template
from journeys import catalog
from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document
from tests.browser import follow, goto, settled
from tests.gallery.conftest import FIXTURE_EXAMPLES
from tests.live_support import live_site
from workshops import services as workshops

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The violations, each with what a reader needs to find and fix it.
RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then((result) =>
  result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  })))"""


def axe_violations(page):
    """axe-core's WCAG 2.1 AA violations on the page as it is now, one line per violation
    (id, impact, what it asks) and one per element (where, and what to fix)."""
    settled(page)
    page.add_script_tag(path=AXE)
    lines = []
    for v in page.evaluate(RUN_AXE, WCAG_21_AA):
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " / ".join(node["summary"].splitlines()[1:]).strip()
            lines.append(f"    {node['target']}: {summary}")
    return lines


@pytest.fixture
def check_page():
    """`check_page(page)`: fails with every violation of axe-core's WCAG 2.1 AA rules."""
    if not AXE.exists():
        message = f"axe-core is not installed ({AXE.relative_to(ROOT)}): run `make setup`"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the accessibility tests)")
        pytest.skip(message + " (needs nodejs and npm)")

    def check(page):
        violations = axe_violations(page)
        assert not violations, f"{page.url}\n" + "\n".join(violations)

    return check


@pytest.fixture
def demo_map(user):
    """The demo map (the first-guitar journey in Korean), owned by `user`."""
    return import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)


@pytest.fixture
def workshop(demo_map):
    """A moderated workshop on the demo map, with one note waiting for the facilitator."""
    workshop = workshops.start_workshop(demo_map, votes_per_participant=3, moderated=True)
    someone = workshops.join(workshop, "a-phone-session", "민지")
    stage = demo_map.stages.first()
    lane = workshops.lane_for(demo_map, "idea")
    workshops.add_note(someone, stage, lane, "idea", "카드 결제 한 번에 끝내기")
    return workshop


def owner_page(open_page, live_server, user_session):
    return open_page(session=user_session, url=live_server.url, bypass_csp=True)


@pytest.mark.parametrize("view", ["login", "signup"])
def test_public_pages(open_page, live_server, check_page, view):
    page = open_page(bypass_csp=True)
    check_page(goto(page, f"{live_server.url}{reverse(view)}"))


@pytest.mark.parametrize("view", ["journeys:list", "gallery:new", "personas:list"])
def test_pages_of_a_logged_in_user(
    open_page, live_server, user_session, demo_map, check_page, view
):
    page = owner_page(open_page, live_server, user_session)
    check_page(goto(page, f"{live_server.url}{reverse(view)}"))


def test_the_gallery_filtered_a_preview_and_a_team_template(
    open_page, live_server, user_session, user, demo_map, check_page, monkeypatch
):
    monkeypatch.setattr(catalog, "EXAMPLES_DIR", FIXTURE_EXAMPLES)  # worked examples to show
    team = save_as_template(demo_map, user, "House template", with_content=False)
    page = owner_page(open_page, live_server, user_session)
    check_page(goto(page, f"{live_server.url}{reverse('gallery:new')}"))
    page.get_by_label("Industry").select_option("retail")
    expect(page.locator("#gallery-count")).to_have_text("2 templates")
    check_page(page)
    for url in (
        reverse("gallery:preview", args=["online-shopping-first-purchase.ko"]),
        team.get_absolute_url(),
        reverse("gallery:save", args=[demo_map.pk]),
    ):
        check_page(goto(page, f"{live_server.url}{url}"))


def test_persona_form_with_its_errors(open_page, live_server, user_session, demo_map, check_page):
    page = owner_page(open_page, live_server, user_session)
    goto(page, f"{live_server.url}{reverse('personas:create')}?journey={demo_map.pk}")
    check_page(page)
    follow(page, page.get_by_role("button", name="Create persona"))  # no name: the error shown
    check_page(page)


@pytest.mark.parametrize(
    "view",
    ["journeys:goals", "journeys:present", "workshops:panel", "history:page", "history:compare"],
)
def test_pages_of_a_map(open_page, live_server, user_session, workshop, check_page, view):
    page = owner_page(open_page, live_server, user_session)
    goto(page, f"{live_server.url}{reverse(view, args=[workshop.journey_id])}")
    check_page(page)
    if view == "journeys:goals":  # a goal's form, sent empty: its message shown
        page.get_by_role("link", name="Add goal").click()
        form = page.get_by_role("form", name="New goal")
        form.get_by_role("button", name="Save goal").click()
        expect(form.get_by_text("Write the goal.")).to_be_visible()
        check_page(page)
    elif view == "workshops:panel":  # the waiting note's editor
        page.get_by_text("Edit or move").click()
        expect(page.get_by_label("Text")).to_be_visible()
        check_page(page)


def test_editor_of_the_demo_map_with_forms_open(
    open_page, live_server, user_session, demo_map, check_page
):
    page = owner_page(open_page, live_server, user_session)
    goto(page, f"{live_server.url}{reverse('journeys:detail', args=[demo_map.pk])}")
    check_page(page)
    # The delete dialog.
    stage = demo_map.stages.last().name
    page.get_by_role("button", name=f"Delete stage {stage}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    check_page(page)
    dialog.get_by_role("link", name="Keep it").click()
    expect(dialog).to_have_count(0)
    # Forms open in place: a card, a touchpoint, a new stage; the menus open too.
    card = demo_map.cards.first()
    page.get_by_role("link", name=f"Edit card: {card.text}").click()
    expect(page.get_by_label("Card text")).to_be_focused()
    touchpoint = demo_map.touchpoints.first()
    page.get_by_role("link", name=f"Edit touchpoint: {touchpoint.title}").click()
    expect(page.get_by_role("form", name=f"Edit touchpoint {touchpoint.title}")).to_be_visible()
    page.get_by_role("link", name="Add stage").click()
    expect(page.get_by_label("New stage name")).to_be_focused()
    page.get_by_text("Manage personas").click()
    page.get_by_text("Export", exact=True).click()
    check_page(page)


def test_live_pages_once_connected(open_page, tmp_path, settings, check_page):
    """The editor, the projector and the workshop panel with their live stream open ("Live"),
    served by uvicorn as in production."""
    with live_site(tmp_path, settings, moderated=True) as (server, data):
        page = open_page(session=data["sessionid"], url=server.url, bypass_csp=True)
        violations = []
        for view in ("journeys:detail", "journeys:present", "workshops:panel"):
            goto(page, f"{server.url}{reverse(view, args=[data['journey']])}")
            expect(page.locator("[data-live-state]")).to_have_text("Live")
            found = axe_violations(page)
            if found:
                violations += [page.url, *found]
        assert not violations, "\n".join(violations)


def test_phone_pages(open_page, live_server, workshop, check_page):
    phone = open_page(390, 844, is_mobile=True, has_touch=True, bypass_csp=True)
    check_page(goto(phone, f"{live_server.url}{reverse('workshops:enter_code')}"))
    goto(phone, f"{live_server.url}{reverse('workshops:participant', args=[workshop.code])}")
    check_page(phone)
    phone.get_by_label("Your name").fill("서준")
    follow(phone, phone.get_by_role("button", name="Join"))
    check_page(phone)
    phone.get_by_label("Your note", exact=True).fill("매장 픽업 시간을 고를 수 있게")
    follow(phone, phone.get_by_role("button", name="Send to the facilitator"))
    expect(phone.get_by_text("Sent.")).to_be_visible()
    check_page(phone)


@pytest.mark.parametrize("view", ["workspaces:members", "sharing:share"])
def test_pages_of_teams_and_sharing(
    open_page, live_server, user_session, demo_map, check_page, view
):
    page = owner_page(open_page, live_server, user_session)
    pk = demo_map.workspace_id if view.startswith("workspaces") else demo_map.pk
    check_page(goto(page, f"{live_server.url}{reverse(view, args=[pk])}"))


def test_the_shared_read_only_map(open_page, live_server, demo_map, check_page):
    from sharing.models import ShareLink

    _link, token = ShareLink.make(demo_map, demo_map.owner, ShareLink.Kind.READ)
    page = open_page(bypass_csp=True)
    check_page(goto(page, f"{live_server.url}{reverse('sharing:open', args=[token])}"))
