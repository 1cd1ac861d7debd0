"""Team templates: saving a map as a template (with its content or its structure only)
reproduces that map's structure; a template belongs to the map's workspace, whose members see
and use it and whose editors rename and delete it; nobody outside sees or uses it (404)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from gallery.models import TeamTemplate
from gallery.services import save_as_template
from journeys.interchange import export_document
from journeys.models import Journey
from journeys.sample_maps import build_map
from workspaces.models import Role, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=4, lanes=5, items=16, personas=2, title="Checkout journey")


def save(client, journey, name="House template", content="all"):
    url = reverse("gallery:save", args=[journey.pk])
    return client.post(url, {"name": name, "content": content})


def frame(doc):
    """The map's structure: its stages, lanes and personas, without their keys."""
    keyless = lambda items: [{k: v for k, v in i.items() if k != "id"} for i in items]  # noqa: E731
    return {name: keyless(doc.get(name, [])) for name in ("stages", "lanes", "personas")}


def content_of(doc):
    return {name: doc.get(name, []) for name in ("cards", "touchpoints", "goals")}


def test_the_save_page_offers_both_ways(auth_client, journey):
    page = auth_client.get(reverse("gallery:save", args=[journey.pk])).content.decode()
    assert 'value="Checkout journey"' in page  # the map's title to start from
    assert "Everything: stages, lanes, personas, cards, touchpoints and goals" in page
    assert "Structure only: stages, lanes and personas, with empty cells" in page
    assert "It goes to the workspace “maria”" in page  # the map's, where the team finds it


def test_a_template_with_content_makes_the_same_map_again(auth_client, user, journey):
    response = save(auth_client, journey)
    template = TeamTemplate.objects.get()
    assert response["Location"] == template.get_absolute_url()
    assert (template.owner, template.name, template.with_content) == (user, "House template", True)
    auth_client.post(reverse("gallery:new"), {"template": template.key, "title": ""})
    copy = Journey.objects.get(title="House template")
    original, made = export_document(journey), export_document(copy)
    assert frame(made) == frame(original)
    assert content_of(made) == content_of(original)


def test_a_template_of_the_structure_only_has_empty_cells(auth_client, user, journey):
    save(auth_client, journey, name="Frame only", content="structure")
    template = TeamTemplate.objects.get()
    assert not template.with_content
    assert frame(template.document) == frame(export_document(journey))
    assert content_of(template.document) == {"cards": [], "touchpoints": [], "goals": []}
    auth_client.post(reverse("gallery:new"), {"template": template.key, "title": "새 지도"})
    copy = Journey.objects.get(title="새 지도")
    assert frame(export_document(copy)) == frame(export_document(journey))
    assert (copy.cards.count(), copy.touchpoints.count(), copy.goals.count()) == (0, 0, 0)


def test_the_template_is_a_copy_later_changes_to_the_map_stay_out(auth_client, journey):
    save(auth_client, journey)
    journey.stages.first().delete()
    template = TeamTemplate.objects.get()
    assert len(template.document["stages"]) == 4


def test_a_bad_name_is_refused_and_saves_nothing(auth_client, journey):
    for name in ("", "x" * 201, "a\x00b"):
        response = save(auth_client, journey, name=name)
        assert response.status_code == 400
    assert "Give the template a name." in save(auth_client, journey, name="").content.decode()
    response = save(auth_client, journey, content="everything-and-more")
    assert response.status_code == 400
    assert not TeamTemplate.objects.exists()


def test_the_workspaces_templates_are_in_the_gallery(auth_client, journey):
    save(auth_client, journey, name="Shop house style", content="structure")
    page = auth_client.get(reverse("gallery:new")).content.decode()
    assert "Team templates" in page and "Shop house style" in page
    assert "Saved by maria" in page
    assert "Structure only" in page
    template = TeamTemplate.objects.get()
    assert f'value="{template.key}"' in page
    preview = auth_client.get(template.get_absolute_url()).content.decode()
    assert "Shop house style" in preview and "Stage 1" in preview and "Persona 1" in preview


def test_rename_and_delete(auth_client, journey):
    save(auth_client, journey)
    template = TeamTemplate.objects.get()
    url = reverse("gallery:team_template_rename", args=[template.pk])
    response = auth_client.post(url, {"name": "Renamed"})
    assert response["Location"] == template.get_absolute_url()
    template.refresh_from_db()
    assert template.name == "Renamed"
    refused = auth_client.post(url, {"name": "  "})
    assert refused.status_code == 400 and "Give the template a name." in refused.content.decode()
    template.refresh_from_db()
    assert template.name == "Renamed"

    page = auth_client.get(template.get_absolute_url()).content.decode()
    assert 'data-confirm="Delete this template? Maps made from it stay as they are."' in page
    auth_client.post(reverse("gallery:new"), {"template": template.key})
    response = auth_client.post(reverse("gallery:team_template_delete", args=[template.pk]))
    assert response["Location"] == reverse("gallery:new")
    assert not TeamTemplate.objects.exists()
    assert Journey.objects.filter(title="Renamed").exists()  # the map made from it stays


def test_a_template_is_shared_with_the_workspace_and_no_one_else(client, team):
    client.force_login(team.editor)
    assert save(client, team.journey, name="Ann house style").status_code == 302
    template = TeamTemplate.objects.get()
    assert (template.workspace, template.owner) == (team.workspace, team.editor)

    client.force_login(team.owner)  # the workspace is her current one
    page = client.get(reverse("gallery:new")).content.decode()
    assert "Ann house style" in page and "Saved by editor-ann" in page
    assert f'value="{template.key}"' in page

    client.force_login(team.viewer)
    page = client.get(template.get_absolute_url()).content.decode()
    assert "Saved by editor-ann in maria" in page
    assert "Manage this template" not in page  # a viewer may not rename or delete it

    client.force_login(team.stranger)
    assert "Ann house style" not in client.get(reverse("gallery:new")).content.decode()
    for method, url, data in [
        ("get", template.get_absolute_url(), {}),
        ("post", reverse("gallery:team_template_rename", args=[template.pk]), {"name": "Mine"}),
        ("post", reverse("gallery:team_template_delete", args=[template.pk]), {}),
        ("post", reverse("gallery:new"), {"template": template.key}),
    ]:
        assert getattr(client, method)(url, data).status_code == 404, url
    template.refresh_from_db()
    assert template.name == "Ann house style"
    assert not Journey.objects.filter(owner=team.stranger).exists()


def test_a_member_uses_a_template_in_the_workspace_they_work_in(client, team):
    """ "Use this" makes the map in the user's current workspace, which needs editing there."""
    template = save_as_template(team.journey, team.owner, "House template")
    client.force_login(team.viewer)
    response = client.post(reverse("gallery:new"), {"template": template.key, "title": "Mine"})
    copy = Journey.objects.get(title="Mine")  # in the viewer's personal workspace
    assert response["Location"] == copy.get_absolute_url()
    assert copy.workspace == Workspace.personal(team.viewer)
    client.post(reverse("workspaces:switch"), {"workspace": team.workspace.pk})
    response = client.post(reverse("gallery:new"), {"template": template.key, "title": "Theirs"})
    assert response.status_code == 403
    assert not Journey.objects.filter(title="Theirs").exists()


def test_a_viewer_cannot_rename_or_delete_a_template_an_editor_can(client, team):
    template = save_as_template(team.journey, team.owner, "House template")
    rename = reverse("gallery:team_template_rename", args=[template.pk])
    delete = reverse("gallery:team_template_delete", args=[template.pk])
    for member in (team.viewer, team.commenter):
        client.force_login(member)
        assert client.post(rename, {"name": "Viewer's"}).status_code == 403
        assert client.post(delete).status_code == 403
    template.refresh_from_db()
    assert template.name == "House template"

    client.force_login(team.editor)
    assert "Manage this template" in client.get(template.get_absolute_url()).content.decode()
    assert client.post(rename, {"name": "Editor's"}).status_code == 302
    template.refresh_from_db()
    assert template.name == "Editor's"
    assert client.post(delete).status_code == 302
    assert not TeamTemplate.objects.exists()


def test_saving_a_template_needs_editing_the_map(client, team):
    client.force_login(team.commenter)
    assert client.get(reverse("gallery:save", args=[team.journey.pk])).status_code == 403
    assert save(client, team.journey).status_code == 403
    assert "Save as template" not in client.get(team.journey.get_absolute_url()).content.decode()
    assert not TeamTemplate.objects.exists()


def test_nobody_saves_a_map_that_is_not_theirs(client, other_user, journey):
    client.force_login(other_user)
    assert client.get(reverse("gallery:save", args=[journey.pk])).status_code == 404
    assert save(client, journey).status_code == 404
    assert not TeamTemplate.objects.exists()


def test_templates_need_a_login(client, journey):
    response = client.get(reverse("gallery:save", args=[journey.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_editor_offers_save_as_template(auth_client, journey):
    page = auth_client.get(journey.get_absolute_url()).content.decode()
    assert reverse("gallery:save", args=[journey.pk]) in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_templates_to_their_makers_personal_workspace(django_user_model):
    before = [
        ("gallery", "0001_team_template"),
        ("workspaces", "0001_workspaces_memberships_invitations"),
    ]
    after = [("gallery", "0004_teamtemplate_workspace_required")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User, Workspace_ = old.get_model("auth", "User"), old.get_model("workspaces", "Workspace")
    OldTemplate = old.get_model("gallery", "TeamTemplate")
    ann = User.objects.create(username="ann")  # no workspace yet: one is made
    bob = User.objects.create(username="bob")  # has one: it is the one used
    bobs = Workspace_.objects.create(name="Bob's own", personal_of=bob)
    for user, name in ((ann, "Ann's"), (bob, "Bob's")):
        OldTemplate.objects.create(owner=user, name=name, document={}, digest="0" * 64)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ann = django_user_model.objects.get(username="ann")
    workspace = Workspace.objects.get(personal_of=ann)
    assert workspace.role_of(ann) == Role.OWNER
    assert TeamTemplate.objects.get(name="Ann's").workspace == workspace
    assert TeamTemplate.objects.get(name="Bob's").workspace_id == bobs.pk
    assert Workspace.objects.count() == 2
