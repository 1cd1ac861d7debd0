"""Every existing team template moves to the personal workspace of the user who saved it
(made as journeys' 0008 makes it, if that user has none yet)."""

from django.db import migrations


def to_personal_workspaces(apps, schema_editor):
    TeamTemplate = apps.get_model("gallery", "TeamTemplate")
    User = apps.get_model("auth", "User")
    Workspace = apps.get_model("workspaces", "Workspace")
    Membership = apps.get_model("workspaces", "Membership")
    owner_ids = set(TeamTemplate.objects.values_list("owner_id", flat=True))
    for user in User.objects.filter(pk__in=owner_ids):
        workspace, created = Workspace.objects.get_or_create(
            personal_of=user, defaults={"name": user.username}
        )
        if created:
            Membership.objects.create(workspace=workspace, user=user, role="owner")
        TeamTemplate.objects.filter(owner=user, workspace=None).update(workspace=workspace)


def back(apps, schema_editor):
    """Going back drops the workspace column."""


class Migration(migrations.Migration):
    dependencies = [("gallery", "0002_teamtemplate_workspace")]

    operations = [migrations.RunPython(to_personal_workspaces, back)]
