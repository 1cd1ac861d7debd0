import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("personas", "0002_persona_workspace"),
        ("journeys", "0008_maps_and_personas_to_personal_workspaces"),
    ]

    operations = [
        migrations.AlterField(
            model_name="persona",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="personas",
                to="workspaces.workspace",
            ),
        ),
    ]
