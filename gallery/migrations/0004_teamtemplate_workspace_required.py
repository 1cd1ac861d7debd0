import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("gallery", "0003_team_templates_to_personal_workspaces")]

    operations = [
        migrations.AlterField(
            model_name="teamtemplate",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="team_templates",
                to="workspaces.workspace",
            ),
        ),
        migrations.RemoveIndex(model_name="teamtemplate", name="gallery_tea_owner_i_7fc89a_idx"),
        migrations.AddIndex(
            model_name="teamtemplate",
            index=models.Index(
                fields=["workspace", "-created_at"], name="gallery_tea_workspa_b5ac81_idx"
            ),
        ),
    ]
