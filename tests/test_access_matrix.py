"""The access matrix: every URL pattern of the URL conf, GET and POST, for every role, a
stranger (a member of another workspace only), an anonymous visitor and a share-link holder,
against ONE table (RULES). A URL pattern missing from the table fails the test, so a new URL
cannot escape it.

A request is refused when it answers 404, 403 or 410, or sends the visitor to a login page;
it is allowed otherwise (a page, a redirect elsewhere, or 400/409/422 for the empty form this
test posts: the access check let it through). "-" marks a method the view does not take: it
must answer 405 (or a refusal) to everyone. Each request runs in a transaction rolled back
after it, so a POST that deletes the map leaves the next request the same fixture; the
visitor's cookies are put back too (a logout, a language switch).
"""

import copy
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gallery.services import save_as_template
from history import services as history
from journeys import services
from journeys.catalog import templates
from journeys.models import Evidence
from sharing.models import ShareLink
from touchpoints.models import Metric, Touchpoint
from workshops.services import add_note, join, start_workshop
from workspaces.models import Invitation, Membership, hash_token

pytestmark = pytest.mark.django_db

ROLES = ["owner", "editor", "commenter", "viewer", "stranger", "anonymous", "link"]
MEMBERS = ["owner", "editor", "commenter", "viewer"]
ALLOWED = {
    "public": ROLES,
    "login": [*MEMBERS, "stranger"],  # any account; the page shows that account's own things
    "view": MEMBERS,
    "comment": ["owner", "editor", "commenter"],
    "edit": ["owner", "editor"],
    "manage": ["owner"],
    "link": ["link"],  # a share link's pages, for whoever holds the link
    "staff": [],  # the admin site: none of these accounts is staff
}

# (GET, POST) per URL name (the route where a pattern has no name). "participant": a
# workshop participant's phone pages, reached by join code (tests/test_workshop.py).
RULES = {
    # accounts/ and the site's plumbing
    "login": ("public", "public"),
    "logout": ("-", "public"),
    "signup": ("public", "public"),
    "password_change": ("login", "login"),
    "password_change_done": ("login", "-"),
    "password_reset": ("public", "public"),
    "password_reset_done": ("public", "-"),
    "password_reset_confirm": ("public", "public"),
    "password_reset_complete": ("public", "-"),
    "healthz": ("public", "public"),
    "javascript-catalog": ("public", "-"),
    "set_language": ("-", "public"),
    "journeys:persona_colours_css": ("public", "-"),
    # every stream it carries is checked like journeys:events (journeys/live.py)
    "journeys:shared_events": ("public", "-"),
    # the current workspace's things, and the workspaces themselves
    "journeys:list": ("login", "login"),
    "journeys/": ("login", "login"),
    "gallery:new": ("login", "login"),
    "journeys:import": ("-", "login"),
    "personas:list": ("login", "login"),
    "personas:create": ("login", "login"),
    "insights:across": ("login", "-"),
    "gallery:preview": ("login", "-"),
    # a team template is its workspace's (here the team's): members see and use it, editors
    # rename and delete it
    "gallery:team_template": ("view", "-"),
    "gallery:team_template_rename": ("-", "edit"),
    "gallery:team_template_delete": ("-", "edit"),
    "workspaces:switch": ("-", "login"),
    "workspaces:new": ("-", "login"),
    "workspaces:accept": ("login", "login"),  # whoever holds the invitation's link
    "workspaces:members": ("view", "view"),
    "workspaces:invite": ("-", "manage"),
    "workspaces:member_role": ("-", "manage"),
    "workspaces:member_remove": ("-", "manage"),
    "workspaces:revoke": ("-", "manage"),
    # one map: reading
    "journeys:detail": ("view", "-"),
    "journeys:grid": ("view", "-"),
    "journeys:map_show": ("view", "-"),
    "journeys:curve": ("view", "-"),
    "journeys:stage_show": ("view", "-"),
    "journeys:lane_show": ("view", "-"),
    "journeys:card_show": ("view", "-"),
    "journeys:goals": ("view", "view"),
    "journeys:goal_show": ("view", "view"),
    "journeys:events": ("view", "-"),
    "journeys:present": ("view", "-"),
    "journeys:export_json": ("view", "view"),
    "journeys:export_csv": ("view", "view"),
    "journeys:export_pdf": ("view", "-"),
    "insights:map": ("view", "-"),
    "touchpoints:show": ("view", "view"),
    "journeys:to_validate": ("view", "-"),
    "history:page": ("view", "-"),
    "history:compare": ("view", "-"),
    "history:compare_pdf": ("view", "-"),
    # one map: changing it
    "journeys:map_edit": ("edit", "edit"),
    "journeys:stage_add": ("edit", "edit"),
    "journeys:stage_reorder": ("-", "edit"),
    "journeys:stage_edit": ("edit", "edit"),
    "journeys:stage_delete": ("edit", "edit"),
    "journeys:stage_move": ("-", "edit"),
    "journeys:lane_add": ("edit", "edit"),
    "journeys:lane_reorder": ("-", "edit"),
    "journeys:lane_edit": ("edit", "edit"),
    "journeys:lane_delete": ("edit", "edit"),
    "journeys:lane_move": ("-", "edit"),
    "journeys:card_add": ("edit", "edit"),
    "journeys:card_edit": ("edit", "edit"),
    "journeys:card_delete": ("-", "edit"),
    "journeys:card_reorder": ("-", "edit"),
    "journeys:card_move": ("-", "edit"),
    "journeys:touchpoint_reorder": ("-", "edit"),
    "journeys:touchpoint_move": ("-", "edit"),
    "journeys:goal_add": ("edit", "edit"),
    "journeys:goal_edit": ("edit", "edit"),
    "journeys:goal_delete": ("-", "edit"),
    "journeys:duplicate": ("-", "edit"),
    "gallery:save": ("edit", "edit"),  # a template of the workspace, for its maps to start from
    "journeys:evidence_add_card": ("edit", "edit"),
    "journeys:evidence_add_touchpoint": ("edit", "edit"),
    "journeys:evidence_delete": ("-", "edit"),
    "history:version_save": ("-", "edit"),
    "history:version_restore": ("-", "edit"),
    "history:undo": ("-", "edit"),
    "history:redo": ("-", "edit"),
    "history:duplicate_future": ("-", "edit"),
    "touchpoints:add": ("edit", "edit"),
    "touchpoints:edit": ("edit", "edit"),
    "touchpoints:delete": ("-", "edit"),
    "personas:edit": ("edit", "edit"),
    "personas:delete": ("edit", "edit"),
    "personas:attach": ("-", "edit"),
    "personas:detach": ("-", "edit"),
    "insights:reading_add": ("-", "edit"),
    "insights:reading_remove": ("-", "edit"),
    "workshops:panel": ("edit", "edit"),
    "workshops:queue": ("edit", "edit"),
    "workshops:start": ("-", "edit"),
    "workshops:settings": ("-", "edit"),
    "workshops:end": ("-", "edit"),
    "workshops:note_accept": ("-", "edit"),
    "workshops:note_edit": ("-", "edit"),
    "workshops:note_merge": ("-", "edit"),
    "workshops:note_delete": ("-", "edit"),
    "workshops:participant_remove": ("-", "edit"),
    # one map: managing it
    "journeys:delete": ("-", "manage"),
    "sharing:share": ("manage", "manage"),
    "sharing:revoke": ("-", "manage"),
    # share links
    "sharing:open": ("link", "-"),
    "sharing:pdf": ("link", "-"),
    "sharing:present": ("link", "-"),
    "sharing:events": ("link", "-"),
    # workshop participants' phones
    "workshops:enter_code": ("participant", "participant"),
    "workshops:participant": ("participant", "participant"),
    "workshops:events": ("participant", "participant"),
    "workshops:add_note": ("participant", "participant"),
    "workshops:delete_note": ("participant", "participant"),
    "workshops:vote": ("participant", "participant"),
}


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, route, default kwargs) of every pattern, its includes followed."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            assert isinstance(p, URLPattern)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name or prefix + str(p.pattern), prefix + str(p.pattern)


def rules_of(key):
    if key.startswith("admin:") or key.startswith("admin/"):
        return ("staff", "staff")
    return RULES.get(key)


def test_every_url_pattern_is_in_the_table():
    unclassified = [key for key, _route in url_patterns() if rules_of(key) is None]
    assert unclassified == [], f"add these URLs to RULES: {unclassified}"
    stale = set(RULES) - {key for key, _route in url_patterns()}
    assert stale == set(), f"RULES names URLs that no longer exist: {stale}"


@pytest.fixture
def world(team):
    """The team's map with one of everything a URL can name."""
    journey = team.journey
    stage, lane, card = journey.stages.first(), journey.lanes.first(), journey.cards.first()
    touchpoint = Touchpoint.objects.filter(journey=journey).first()
    goal = journey.goals.create(text="Fewer calls", position=0)
    workshop = start_workshop(journey, moderated=True)
    participant = join(workshop, "phone-session", "Min")
    note = add_note(participant, stage, lane, "idea", "A note")
    invitation = Invitation.objects.create(
        workspace=team.workspace, email="x@example.com", token_hash=hash_token("invite-token")
    )
    read_link, read_token = ShareLink.make(journey, team.owner, ShareLink.Kind.READ)
    projector_link, projector_token = ShareLink.make(journey, team.owner, "projector")
    tp_lane = journey.lanes.get(kind="touchpoints")
    evidence = Evidence(journey=journey, kind=Evidence.Kind.QUOTE, text="“Too many steps.”")
    services.add_evidence(evidence, "owner", cards=[card])
    version = history.save_version(journey, "v1")
    template = save_as_template(journey, team.owner, "House template")
    cell = {"stage": stage.pk, "lane": lane.pk}
    # What a view needs beyond its URL to get past its own 404s (a cell, a persona to attach).
    data = {
        "journeys:card_add": cell,
        "journeys:card_reorder": cell,
        "journeys:touchpoint_reorder": {"stage": stage.pk, "lane": tp_lane.pk},
        "personas:attach": {"persona": journey.personas.first().pk},
    }
    values = {
        "pk": journey.pk,
        "journey_pk": journey.pk,
        "item": {"stage": stage.pk, "lane": lane.pk, "card": card.pk, "touchpoint": touchpoint.pk},
        "persona_pk": journey.personas.first().pk,
        "personas": journey.personas.first().pk,
        "touchpoints": touchpoint.pk,
        "workspaces": team.workspace.pk,
        "goal_pk": goal.pk,
        "metric_pk": Metric.objects.filter(touchpoint__journey=journey).first().pk,
        "note_id": note.pk,
        "participant_id": participant.pk,
        "member_pk": Membership.objects.get(user=team.viewer).pk,
        "invitation_pk": invitation.pk,
        "link_pk": read_link.pk,
        "code": workshop.code,
        "card_id": card.pk,
        "evidence": evidence.pk,
        "version": version.pk,
        "slug": next(iter(templates())),
        "team_template": template.pk,
        "uidb64": "MQ",
        "token": "set-token",
    }
    return team, values, {"read": read_token, "projector": projector_token}, data


def fill(key, route, values, tokens, role):
    """The route with its arguments filled in for the fixture map."""

    def value(match):
        name = match[1]
        if name == "pk" and key.split(":")[0] in ("personas", "touchpoints", "workspaces"):
            return str(values[key.split(":")[0]])
        if name == "pk" and key.startswith("gallery:team_template"):
            return str(values["team_template"])
        if name == "item" and key.startswith("journeys:evidence_add_"):
            return str(values["item"][key.rsplit("_", 1)[1]])
        if name == "item":  # stage_edit, lane_move, card_show, touchpoint_move…
            return str(values["item"][key.split(":")[1].split("_")[0]])
        if name == "token" and key.startswith("sharing:"):
            # Only the link holder has the real token; anyone else guesses.
            kind = "projector" if key in ("sharing:present", "sharing:events") else "read"
            return tokens[kind] if role == "link" else "guessed-token-guessed-token-guessed-tok"
        if name == "token" and key == "workspaces:accept":
            return "invite-token"
        return str(values[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def refused(response):
    if response.status_code in (403, 404, 410):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and "/login/?next=" in location  # (login_required)


def test_every_url_answers_every_role_as_the_table_says(world):
    team, values, tokens, data = world
    clients = {}
    for role in ROLES:
        client = Client()
        if role in MEMBERS or role == "stranger":
            client.force_login(getattr(team, role))
        clients[role] = client
    wrong = []
    checked = 0
    for key, route in url_patterns():
        rules = rules_of(key)
        if "participant" in rules or "staff" in rules and key != "admin:index":
            continue  # the admin: its index stands for all of it
        for method, rule in zip(("GET", "POST"), rules, strict=True):
            for role in ROLES:
                url = fill(key, route, values, tokens, role)
                client = clients[role]
                cookies = copy.deepcopy(client.cookies)
                with transaction.atomic():
                    response = getattr(client, method.lower())(url, data.get(key, {}))
                    transaction.set_rollback(True)
                client.cookies = cookies
                checked += 1
                status = response.status_code
                if rule == "-":
                    ok = status == 405 or refused(response)
                elif role in ALLOWED[rule]:
                    ok = not refused(response) and status != 405 and status < 500
                else:
                    ok = refused(response)
                if not ok:
                    wrong.append(f"{method} {url} ({key}, {rule}) as {role}: {status}")
    assert wrong == [], "\n".join(wrong)
    assert checked > 1000
