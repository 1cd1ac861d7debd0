"""Workspaces: maps and personas belong to one, members switch between them, owners manage
members and invitations, viewers read without edit controls."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from journeys.models import Journey
from journeys.sample_maps import build_map
from personas.models import Persona
from workspaces.models import Invitation, Membership, Role, Workspace, hash_token

pytestmark = pytest.mark.django_db


def test_a_map_made_without_a_workspace_goes_to_its_owners_personal_one(user):
    journey = Journey.objects.create(owner=user, title="Mine")
    assert journey.workspace.personal_of == user
    assert journey.workspace.role_of(user) == Role.OWNER
    assert Persona.objects.create(owner=user, name="P").workspace == journey.workspace


def test_sign_up_makes_a_personal_workspace(client, django_user_model):
    client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": "jiwoo@example.com",
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
    )
    jiwoo = django_user_model.objects.get(username="jiwoo")
    assert Workspace.objects.get(personal_of=jiwoo).role_of(jiwoo) == Role.OWNER


def test_the_map_list_shows_the_current_workspace_and_switching_changes_it(client, team):
    client.force_login(team.editor)
    own = Journey.objects.create(owner=team.editor, title="Editors own map")
    page = client.get("/").content.decode()
    assert own.title in page and team.journey.title not in page
    assert 'id="workspace-choice"' in page  # the switcher, with both workspaces
    assert team.workspace.name in page
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    page = client.get("/").content.decode()
    assert team.journey.title in page and own.title not in page


def test_switching_to_a_workspace_one_is_not_in_changes_nothing(client, team):
    client.force_login(team.stranger)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    assert team.journey.title not in client.get("/").content.decode()


def test_a_new_map_goes_to_the_current_workspace(client, team):
    client.force_login(team.editor)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    client.post(reverse("gallery:new"), {"title": "Made for the team", "template": "blank"})
    assert Journey.objects.get(title="Made for the team").workspace == team.workspace


def test_a_viewer_cannot_make_maps_in_the_workspace(client, team):
    client.force_login(team.viewer)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    response = client.post(reverse("gallery:new"), {"title": "No", "template": "blank"})
    assert response.status_code == 403
    assert not Journey.objects.filter(title="No").exists()
    assert "New map" not in client.get("/").content.decode()


def test_personas_are_shared_within_the_workspace(client, team):
    persona = team.journey.personas.first()
    client.force_login(team.editor)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    assert persona.name in client.get(reverse("personas:list")).content.decode()
    response = client.post(reverse("personas:edit", args=[persona.pk]), {"version": 1})
    assert response.status_code == 422  # the editor may change it (the form is incomplete)
    other = build_map(team.editor, personas=1, title="Editor's map")
    response = client.post(
        reverse("personas:attach", args=[other.pk]), {"persona": persona.pk}
    )  # a persona of another workspace is not attached
    assert response.status_code == 404


def test_the_viewer_sees_the_editor_without_edit_controls(client, team):
    client.force_login(team.viewer)
    page = client.get(team.journey.get_absolute_url()).content.decode()
    assert "Read only" in page
    for control in ("card-add-", "stage-add", "lane-add", "Edit map details", "data-sortable"):
        assert control not in page, control
    assert "view=reader" in page
    client.force_login(team.editor)
    page = client.get(team.journey.get_absolute_url()).content.decode()
    for control in ("card-add-", "stage-add", "Edit map details", "data-sortable", "view=editor"):
        assert control in page, control


def test_a_forged_post_by_a_viewer_is_refused_and_changes_nothing(client, team):
    client.force_login(team.viewer)
    stage = team.journey.stages.first()
    response = client.post(
        reverse("journeys:stage_edit", args=[team.journey.pk, stage.pk]),
        {"name": "Forged", "version": stage.version},
    )
    assert response.status_code == 403
    stage.refresh_from_db()
    assert stage.name != "Forged"


def test_a_stranger_gets_a_404_like_for_a_map_that_does_not_exist(client, team):
    client.force_login(team.stranger)
    assert client.get(team.journey.get_absolute_url()).status_code == 404
    assert client.get(reverse("journeys:detail", args=[999999])).status_code == 404


# --- members and invitations -----------------------------------------------------------------


def test_the_owner_invites_by_username_and_the_link_adds_the_member(
    client, team, django_user_model
):
    newcomer = django_user_model.objects.create_user("newcomer", "new@example.com", "horse-46")
    client.force_login(team.owner)
    response = client.post(
        reverse("workspaces:invite", args=[team.workspace.pk]),
        {"who": "newcomer", "role": "editor"},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["new@example.com"]
    link = re.search(r"http://testserver(/workspaces/invitations/\S+/)", message.body)[1]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash

    client.logout()
    assert client.get(link).status_code == 302  # log in first
    client.force_login(newcomer)
    assert "Accept the invitation" in client.get(link).content.decode()
    client.post(link)
    assert team.workspace.role_of(newcomer) == Role.EDITOR
    assert client.get(link).status_code == 410  # used
    assert team.journey.title in client.get("/").content.decode()  # switched to it


def test_an_unknown_username_is_refused_with_a_message(client, team):
    client.force_login(team.owner)
    response = client.post(
        reverse("workspaces:invite", args=[team.workspace.pk]), {"who": "nobody", "role": "viewer"}
    )
    assert response.status_code == 422
    assert "There is no account with this username." in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_the_owner_changes_roles_and_removes_members_but_never_the_last_owner(client, team):
    client.force_login(team.owner)
    editor = Membership.objects.get(user=team.editor)
    client.post(
        reverse("workspaces:member_role", args=[team.workspace.pk, editor.pk]), {"role": "viewer"}
    )
    assert team.workspace.role_of(team.editor) == Role.VIEWER
    client.post(reverse("workspaces:member_remove", args=[team.workspace.pk, editor.pk]))
    assert team.workspace.role_of(team.editor) is None
    own = Membership.objects.get(user=team.owner, workspace=team.workspace)
    client.post(
        reverse("workspaces:member_role", args=[team.workspace.pk, own.pk]), {"role": "editor"}
    )
    response = client.post(
        reverse("workspaces:member_remove", args=[team.workspace.pk, own.pk]), follow=True
    )
    assert "A workspace needs an owner" in response.content.decode()
    assert team.workspace.role_of(team.owner) == Role.OWNER


def test_members_see_the_members_page_only_owners_change_it(client, team):
    url = reverse("workspaces:members", args=[team.workspace.pk])
    client.force_login(team.viewer)
    page = client.get(url).content.decode()
    assert "editor-ann" in page and "Send invitation" not in page
    response = client.post(
        reverse("workspaces:invite", args=[team.workspace.pk]),
        {"who": "x@example.com", "role": "owner"},
    )
    assert response.status_code == 403 and not Invitation.objects.exists()
    client.force_login(team.stranger)
    assert client.get(url).status_code == 404


# --- the migration ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_maps_and_personas_to_their_owners_personal_workspace(
    django_user_model,
):
    before = [("journeys", "0007_journey_workspace"), ("personas", "0002_persona_workspace")]
    after = [
        ("journeys", "0009_journey_workspace_required"),
        ("personas", "0003_persona_workspace_required"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    ann = User.objects.create(username="ann")
    old.get_model("journeys", "Journey").objects.create(owner=ann, title="Old map")
    old.get_model("personas", "Persona").objects.create(owner=ann, name="Old persona")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ann = django_user_model.objects.get(username="ann")
    workspace = Workspace.objects.get(personal_of=ann)
    assert workspace.role_of(ann) == Role.OWNER
    assert Journey.objects.get(title="Old map").workspace == workspace
    assert Persona.objects.get(name="Old persona").workspace == workspace


def test_the_map_list_and_editor_queries_do_not_grow_with_maps_or_workspaces(
    client, team, django_user_model, django_assert_max_num_queries
):
    client.force_login(team.editor)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    counts = []
    for _round in range(2):
        with django_assert_max_num_queries(20) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries))
        for n in range(5):  # more maps, and more workspaces in the switcher
            build_map(team.owner, stages=2, lanes=2, items=2, personas=0, title=f"Map {n}")
            other = Workspace.objects.create(name=f"Team {n}-{_round}")
            Membership.objects.create(workspace=other, user=team.editor, role=Role.VIEWER)
    assert counts[0] == counts[1]
