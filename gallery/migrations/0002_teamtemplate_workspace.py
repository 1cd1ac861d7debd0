import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0001_team_template"),
        ("workspaces", "0001_workspaces_memberships_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="teamtemplate",
            name="workspace",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="team_templates",
                to="workspaces.workspace",
            ),
        ),
    ]
