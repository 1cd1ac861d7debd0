"""Every existing map and persona moves to a personal workspace of its owner, who owns it."""

from django.db import migrations


def to_personal_workspaces(apps, schema_editor):
    Journey = apps.get_model("journeys", "Journey")
    Persona = apps.get_model("personas", "Persona")
    User = apps.get_model("auth", "User")
    Workspace = apps.get_model("workspaces", "Workspace")
    Membership = apps.get_model("workspaces", "Membership")
    owner_ids = set(Journey.objects.values_list("owner_id", flat=True))
    owner_ids |= set(Persona.objects.values_list("owner_id", flat=True))
    for user in User.objects.filter(pk__in=owner_ids):
        workspace, created = Workspace.objects.get_or_create(
            personal_of=user, defaults={"name": user.username}
        )
        if created:
            Membership.objects.create(workspace=workspace, user=user, role="owner")
        Journey.objects.filter(owner=user, workspace=None).update(workspace=workspace)
        Persona.objects.filter(owner=user, workspace=None).update(workspace=workspace)


def back(apps, schema_editor):
    """Going back drops the workspace columns; the workspaces themselves go with their app."""


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0007_journey_workspace"),
        ("personas", "0002_persona_workspace"),
        ("workspaces", "0001_workspaces_memberships_invitations"),
    ]

    operations = [migrations.RunPython(to_personal_workspaces, back)]
